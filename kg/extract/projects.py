"""Public projects, programmes and plans named in Persian news text.

``find_projects(text, places=None, orgs=None)`` takes NORMALISED Persian (Arabic ي/ك
already ی/ک, Persian digits) in which a ZWNJ inside a compound may be present, missing
or typed as a space («پروژه‌های», «پروژههای», «پروژه های»: all three match), and returns
one :class:`ProjectMatch` per project with the offsets of every mention.

Heads come from ``lexicons/project_heads.tsv`` and statuses from
``lexicons/project_status.tsv``; the header of each file documents its kinds. The rules
(each tested in tests/extract/test_projects.py):

* **Heads.** Tokens are matched against the lexicon whatever the ZWNJ/space between the
  parts of a head, but parts join only where a spelling breaks or both sides keep 3+
  letters («کنار گذر» = «کنارگذر»; «خط به» is never «خطبه»), and only whole tokens match
  («پل» never inside «پلیس», «طرح» never inside «مطرح»). Negative phrases in the lexicon
  («طرح سؤال», «پل ارتباطی», «سد معبر») are skipped; an indefinite works head («تخت
  بیمارستانی», «پلی») is not a project.
* **Where a name ends.** After its head a name runs on over the ezafe noun phrase and
  stops at a preposition or conjunction that opens a new phrase (به، از، در، با، برای،
  تا، که، را ...), a verb, punctuation, a superlative («مهم‌ترین» opens a new NP), a
  status word («نیمه‌کاره»), the noun of a compound verb («... غدیر اختصاص می‌یابد»),
  a number (unless it is «شماره N», «خط N», or a measure such as «۲۲۰ تختخوابی», «۱۵ هزار
  نفری», «۱۲ کلاسه») or 10 words. Place names and organisation names are taken whole
  («قطار شهری اهواز», «شهرداری همدان»), and so is an honorific in brackets («امام رضا
  (ع)»). «X - Y» is a route and stays in («راه‌آهن شیراز - بوشهر»); after «انتقال» so do
  «از X» / «به X» when X is a place or a geographic feature («طرح انتقال آب از سد
  زرینه‌رود به تبریز»; not «... به استان»). «و» joins only a multiword unit («حمل و
  نقل») or coordinated adjectives («طرح عمرانی، خدماتی و اقتصادی»), never two nouns
  («تقاطع ... میدان شهدا و پل ...» are two projects).
* **Actions are not names.** «ساخت/احداث/تکمیل/اجرای/عملیات اجرایی X» mention X; but a
  works noun («تعریض محور X», «هوشمندسازی حوزه ترافیک», «لایروبی کانال ...») is the
  project itself, because widening road X is a different thing from road X. «توسعه»
  names a project only with a complement of 2+ words starting with a noun and when it
  does not itself modify a noun before it («توسعه حمل و نقل عمومی شهر X»; not «توسعه
  شهری», «محور توسعه», «صندوق توسعه ملی»). «خرید» needs a count («خرید ۱۲۰ دستگاه ...»).
  A works noun named as the place where something happens («در محل تصفیه‌خانه X») only
  joins a project named elsewhere.
* **«پروژه» is a classifier.** Before another head it is left out («پروژه راه‌آهن» →
  «راه‌آهن», «پروژه نیمه‌تمام تعریض محور ...» → «تعریض محور ...» with its status);
  «طرح» is kept, being part of official names («طرح نهضت ملی مسکن», «طرح آبرسانی»).
* **Generic heads.** A singular «طرح/پروژه» + name is a project («طرح کاداستر»), unless
  the name is adjectives only («پروژه عمرانی»). A plural or counted one is a *class* of
  projects, kept only when one could follow it: qualified by an open status
  («پروژه‌های نیمه‌تمام ...», «... در حال اجرا») or counted and qualified («۵۰۰۰ پروژه
  شهری همدان», «۱۸۰ طرح آماده واگذاری»). Dropped: bare or vaguely qualified plurals
  («پروژه‌ها», «طرح‌های جدید», «طرح‌های صنعتی»), quantified ones («هر/هیچ/برخی پروژه»), a
  superlative's partitive («مهم‌ترین طرح‌های ...»), indefinites («طرحی», «پروژه‌ای»), a
  description by a finished status alone («طرح‌های افتتاح‌شده»; a participle also ends
  the phrase). Plural or counted works heads («سه پل بزرگ», «سدهای استان») need a status
  right after the head.
* **Merging.** Two mentions are one project when their heads agree (lexicon ``group``;
  every class of «طرح/پروژه» is one head) and one's distinguishing words are a subset of
  the other's («بیمارستان فجر» ⊂ «بیمارستان ۲۲۰ تختخوابی فجر شاهرود», «خط ۲ قطار شهری»
  ⊂ «خط ۲ قطار شهری شیراز»); classes must also agree on status and owner (a possessive
  «طرح‌های نیمه‌تمامش» is its owner's, not an earlier unowned class). A bare works head
  («قطار شهری», «پروژه راه‌آهن» → «راه‌آهن») joins the latest project of that head. A
  bare «خط N» with no line N seen takes the system of the latest line («خط ۳» after
  «خط ۲ قطار شهری شیراز» is «خط ۳ قطار شهری شیراز»); with none, it is dropped.
* **Demonstratives** («این/آن/همین پروژه، طرح، بیمارستان، خط ...») are mentions too. A
  works head refers to a project of that head, «این پروژه/این طرح» to a single project of
  any head, «این طرح‌ها» to a class: the latest fitting one earlier in the sentence, else
  the first fitting one of the latest earlier sentence that has one — the topic there
  («در مسیر این کنارگذر ... پل X ...» then «این طرح» is the bypass, not the bridge).
  Without an antecedent they are dropped.
* **Status**: an attributive status («نیمه‌تمام», «در حال اجرا») wins; else «آیین افتتاح X»;
  else the latest status predicated of a mention that opens its clause (allowing an action
  before it: «ساخت پل X نیمه‌کاره رها شده»), read up to the clause's verb («... افتتاح شد»,
  «... در حال انجام است», «... به بهره‌برداری نرسیده» → «نیمه‌تمام»). Promises («... به
  بهره‌برداری می‌رسد») are not statuses.
* **Owner**: an organisation inside the name after its head; else, for a possessive
  («نیمه‌تمامش»), the nearest organisation before it in the sentence; else an organisation
  opening the clause within 8 words («شهرداری همدان تمام پروژه‌های ... را»); never one
  implied only by a person's title. A class is named by its owner in its label.
* **Place**: a place inside a mention (a city before a province), else the owner's place,
  else «در X» right after the first mention.
* **Labels** are the longest named mention, with the lexicon's spelling of heads and units,
  single spaces, and the ZWNJs of ``zwnj_words.tsv`` and of plural endings restored.

``projects_in(start, end, projects)`` links a statement's span to the projects it mentions.
The token/phrase helpers at the top are shared with :mod:`kg.extract.events`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import accumulate, repeat
from operator import attrgetter
from typing import Generic, Protocol, TypeVar

from kg.extract.numbers import number_words, ordinal_value, persian_tokens
from kg.lexicons import load_list, load_rows
from kg.text.normalise import ZWNJ

__all__ = ["ProjectMatch", "find_projects", "projects_in"]


class PlaceLike(Protocol):
    """What the finders read of ``kg.extract.places.PlaceMention``."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def place_id(self) -> str: ...
    @property
    def kind(self) -> str: ...


class OrgLike(Protocol):
    """What the finders read of ``kg.extract.organizations.OrgMention``."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def label(self) -> str: ...
    @property
    def place_id(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class ProjectMatch:
    key: str  # stable within the article, from the normalised label
    label: str
    mentions: tuple[tuple[int, int], ...]
    status: str | None = None
    owner: str | None = None  # organisation label
    place_id: str | None = None
    kind: str = "works"  # works | line | programme | nominal | procurement | generic | class


# =============================================================================================
# Shared text helpers (events.py uses them too)
# =============================================================================================

# Spelling variants news text keeps after normalisation («آئین»/«آیین», «سؤال»/«سوال»).
_FOLD_PAIRS = (("آ", "ا"), ("أ", "ا"), ("إ", "ا"), ("ٱ", "ا"), ("ة", "ه"), ("ۀ", "ه"), ("ئ", "ی"), ("ؤ", "و"))


def _fold_chars(s: str) -> str:
    """The spelling folds of ``_FOLD_PAIRS``; str.replace is much faster than str.translate,
    which looks every character up in a dict."""
    for a, b in _FOLD_PAIRS:
        if a in s:
            s = s.replace(a, b)
    return s


def fold(s: str) -> str:
    """Matching key: no ZWNJ, no spaces, spelling variants folded."""
    return _fold_chars(s.replace(ZWNJ, "").replace(" ", ""))


def _keyset(words: Iterable[str] | str) -> frozenset[str]:
    """Folded keys of words, given as an iterable or as one white-space separated string."""
    return frozenset(fold(w) for w in (words.split() if isinstance(words, str) else words))


# Words that end a name: they open a new phrase (prepositions, conjunctions, pronouns,
# determiners, time words) or are never part of a name.
STOP = _keyset(
    """به از در با برای تا که را بر درباره طی پس پیش قبل بعد بدون چون اما ولی یا هم نیز هنوز
    تنها فقط این آن همین همان همه هر هیچ توسط طبق براساس بنابراین همچنین سپس یکی یک خود خویش
    وی او ایشان آنها آنان اینکه چنانچه اگر زیرا ضمن جز میان بین مانند مثل نسبت حدود بیش بیشتر
    کمتر تاکنون اکنون هم‌اکنون امروز امسال دیروز فردا روز سال ماه هفته صبح عصر ظهر شب سالانه
    روزانه ماهانه همچنان مورد سوی سمت طرف نه چه کدام چند وقتی هنگام شامل دوباره مجدد باید نباید
    بلکه حتی دیگر ها های هایی ای نزدیک کنار داخل خارج روی زیر علاوه سال‌ها سال‌هاست ماه‌ها
    هفته‌ها روزها مدت‌ها"""
)
_HONORIFICS = _keyset("ره ع س عج ص")
_FUNCTION_WORDS = _keyset("در به و با از را که تا است این آن یا هم بر یک")
DEMONSTRATIVES = _keyset(["این", "آن", "همین", "همان"])
# After these, «از/به X» stays in the name when X is a place or one of these features.
_GEO = _keyset("سد دریاچه دریای دریا رود رودخانه خلیج تالاب چشمه کوه جزیره بندر دشت")
_DASHES = frozenset("-–—")
_CLAUSE_PUNCT = frozenset(":،؛«».!؟?()\"")
_PLURAL = ("هایی", "های", "ها")
_INDEFINITE = ("ای", "ی")
HEAD_SUFFIXES = (*_PLURAL, *_INDEFINITE)
_POSSESSIVE = ("شان", "ش")
# a status may carry a possessive («نیمه‌تمامش») or an ezafe/indefinite «ی» («در حال اجرای»)
_STATUS_SUFFIXES = (*_POSSESSIVE, "ی")
_PLURAL_KEYS = frozenset(_PLURAL)
# «۷۰ درصدی»: a share; «۱۲۰ دستگاه»: a count: not measures of the works
_NOT_MEASURES = _keyset("درصدی برابری دستگاه فقره مرحله دهه")
# Nouns that take a number as part of a name
_NUMBERED = _keyset("شماره خط فاز مرحله منطقه ناحیه بلوک قطعه سکوی")
# Place cue words: «شهر X», «استان X» (not distinguishing by themselves)
_CUE_WORDS = _keyset(["شهر", "استان", "شهرستان"])
_SCALE_AND = _keyset(["هزار", "میلیون", "و"])  # inside a number: «۲ هزار و ۱۴۰»
_DIST_SKIP = _CUE_WORDS | _keyset(["و", "ها", "های"])


@cache
def _verb_forms() -> tuple[frozenset[str], frozenset[str]]:
    """(all finite verbs and participles, those of light verbs) as folded keys.

    Built from ``verb_stems.tsv``. Bare past stems are nouns as often as verbs («ساخت»,
    «خرید», «رسید»), so only a few unambiguous ones count as verbs on their own; the
    2nd person singular is left out because «میدانی», «بدهی» are nouns.
    """
    light_inf = {"کردن", "شدن", "گرفتن", "یافتن", "دادن", "رسیدن", "نمودن", "گردیدن", "گشتن",
                 "زدن", "داشتن", "آمدن", "خوردن", "کشیدن", "ماندن"}
    verbs: set[str] = set()
    light: set[str] = set()
    for row in load_rows("verb_stems.tsv"):
        past, pres = fold(row.get("past", "")), fold(row.get("present", ""))
        forms: set[str] = set()
        if past:
            for pre in ("", "می", "نمی", "ن"):
                forms.update(pre + past + end for end in ("م", "یم", "ید", "ند"))
                if pre:
                    forms.add(pre + past)
            forms.update({past + "ه", "ن" + past + "ه"})
        if pres:
            for pre in ("می", "نمی", "ب", "ن"):
                forms.update(pre + pres + end for end in ("م", "د", "یم", "ید", "ند"))
        verbs |= forms
        if row.get("infinitive") in light_inf:
            light |= forms
    bare_light = _keyset(["کرد", "شد", "داد", "گرفت", "یافت", "نمود", "گردید", "داشت", "زد"])
    # reporting verbs follow a subject phrase («... دریاچه ارومیه گفت»): verbs, not light verbs
    bare = bare_light | _keyset(["بود", "آمد", "رفت", "گشت", "ماند", "گفت", "افزود"])
    aux = _keyset(["خواهد", "خواهند", "خواهیم", "شود", "شوند", "کند", "کنند", "دارد", "دارند"])
    copula = _keyset(["است", "هست", "نیست", "بود", "بودند", "باشد", "باشند", "هستند"])
    verbs |= bare | aux | copula
    light = (light - {fold(v) for v in ("گفت", "افزود")}) | bare_light | aux
    return frozenset(verbs), frozenset(light)


T = TypeVar("T")


class PhraseTable(Generic[T]):
    """Lexicon phrases matched over tokens, whatever the ZWNJ/space between their parts.

    A phrase matches a run of word tokens whose folded concatenation equals it, or equals it
    plus one of the table's ``suffixes`` on the last token («پروژه های» = «پروژه» + «های»).
    Tokens may join only where a spelling of the phrase has a space or ZWNJ, before the
    suffix, or where both sides keep 3+ letters («کنار گذر»): so «خط به» is never «خطبه».
    """

    max_tokens = 6

    def __init__(self, phrases: dict[str, T] | Iterable[tuple[str, T]], suffixes: Sequence[str] = ()) -> None:
        """``phrases``: folded key -> value, or (phrase as written, value) pairs (the first
        spelling of a key wins; every spelling's breaks are allowed)."""
        self.exact: dict[str, T] = {}
        self._breaks: dict[str, set[int]] = {}
        items = phrases.items() if isinstance(phrases, dict) else phrases
        for written, value in items:
            key = fold(written)
            self.exact.setdefault(key, value)
            breaks = self._breaks.setdefault(key, set())
            pos = 0
            for part in re.split(f"[ {ZWNJ}]+", written.strip()):
                pos += len(fold(part))
                breaks.add(pos)
        self.suffixes = tuple(suffixes)
        self.prefixes = frozenset(k[:i] for k in self.exact for i in range(1, len(k) + 1))
        # every key a phrase's first token can have: a prefix, or a whole phrase plus a suffix
        self.starters = self.prefixes | {p + s for p in self.exact for s in self.suffixes}
        # the keys a run of tokens must have to be a phrase: a phrase, or a phrase and a suffix
        self._complete = frozenset(self.exact) | {p + s for p in self.exact for s in self.suffixes}
        # the one-token match of each starter, worked out once: most matches are one token
        self._single: dict[str, tuple[T, str] | None] = {k: self._whole(k, []) for k in self.starters}
        # the commonest function words are prefixes of some heads («در» of «درمانگاه»): they
        # open no phrase unless they are one
        self._openers = frozenset(k for k in self.starters if k not in _FUNCTION_WORDS or k in self.exact)

    def _joins_ok(self, key: str, cuts: list[int]) -> bool:
        breaks = self._breaks.get(key, ())
        n = len(key)
        return all(c in breaks or c >= n or 3 <= c <= n - 3 for c in cuts)

    def _whole(self, s: str, cuts: list[int]) -> tuple[T, str] | None:
        """(value, suffix) when the tokens joined as ``s`` (cut at ``cuts``) are a phrase."""
        value = self.exact.get(s)
        if value is not None and self._joins_ok(s, cuts):
            return value, ""
        for suf in self.suffixes:
            if s.endswith(suf):
                key = s[: -len(suf)]
                value = self.exact.get(key)
                if value is not None and self._joins_ok(key, cuts):
                    return value, suf
        return None

    def match(self, tx: TextView, i: int) -> tuple[int, T, str] | None:
        """Longest match starting at token ``i``: (stop token, value, suffix) or None."""
        if i >= tx.n:
            return None
        keys = tx.keys
        s = keys[i]
        if s not in self.starters or tx.kinds[i] != "word":
            return None
        found = self._single[s]
        best = (i + 1, *found) if found is not None else None
        if s not in self.prefixes:
            return best
        kinds, glued = tx.kinds, tx.glued
        cuts: list[int] = []
        for j in range(i + 1, min(i + self.max_tokens, tx.n)):
            if kinds[j] != "word" or not glued[j]:
                break
            cuts.append(len(s))
            s += keys[j]
            if s in self._complete and (found := self._whole(s, cuts)) is not None:
                best = (j + 1, *found)
            if s not in self.prefixes:
                break
        return best

    def candidates(self, tx: TextView) -> list[int]:
        """Tokens where a phrase may start (a fast filter before :meth:`match`)."""
        openers = self._openers  # one set test per token: this visits every token of the article
        return [i for i, k in enumerate(tx.keys) if k in openers]


# One token: a word (letters, ZWNJ inside), a number (separators and decimal marks inside,
# so «۱۲٬۵۰۰» and «۲/۵» stay whole) or any other visible character.
# Persian letters are spelled out as ranges: matching them is faster than the Unicode
# category test of [^\W\d_], which stays as the fallback for other scripts. The white space
# (and stray ZWNJs) before a token is matched too, and possessive quantifiers never
# backtrack: both speed the scan up a lot. A token starts where its group does.
_PERSIAN = "\u0621-\u065f\u066e-\u06d3\u06d5\u06fa-\u06fc\u06ffA-Za-z"
_TOKEN = re.compile(
    r"[\s\u200c]*+(?:"
    rf"(?P<word>[{_PERSIAN}]++(?:\u200c++[{_PERSIAN}]++)*+|[^\W\d_]++(?:\u200c++[^\W\d_]++)*+)"
    r"|(?P<num>\d++(?:[,٬]\d{3}(?!\d))*+(?:[./٫]\d++)*+)"
    r"|(?P<sym>[^\w\s\u200c]|_))"
)
_TERMINATORS = ".!؟?"
_PUNCT = ":؛«»"  # tracked by TextView.punct
_FOLDED_LETTERS = "".join(a for a, _ in _FOLD_PAIRS)
_LASTGROUP = attrgetter("lastgroup")
_LASTINDEX = attrgetter("lastindex")
_TO_ASCII = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


@dataclass(frozen=True, slots=True)
class _Tokens:
    kinds: list[str]
    starts: list[int]
    ends: list[int]
    texts: list[str]
    keys: list[str]
    para_of: list[int]
    sent_of: list[int]
    glued: list[bool]
    punct: dict[str, list[int]]  # each of _PUNCT -> the tokens that are it, in order


@lru_cache(maxsize=8)
def _tokens(text: str) -> _Tokens:
    """Tokens, paragraphs and sentences of ``text``; cached because the project and event
    finders (and any other user of :class:`TextView`) read the same article in turn."""
    folded = _fold_chars(text)
    shared = _number_tokens(text)
    if shared is not None:
        kinds, starts, ends, texts, keys = shared
        if folded is not text:  # refold the few tokens that have a folded letter («آب» -> «اب»)
            for offset in char_offsets(text, _FOLDED_LETTERS):
                i = bisect_right(starts, offset) - 1
                texts[i] = folded[starts[i] : ends[i]]
                keys[i] = texts[i].replace(ZWNJ, "")
    else:
        ms = list(_TOKEN.finditer(folded))
        groups = list(map(_LASTINDEX, ms))  # the token's group, without the white space before it
        kinds = list(map(_LASTGROUP, ms))
        starts = list(map(re.Match.start, ms, groups))
        ends = list(map(re.Match.end, ms))
        texts = list(map(re.Match.group, ms, groups))
        keys = list(map(str.replace, texts, repeat(ZWNJ), repeat("")))
    n = len(kinds)
    # a paragraph is a line; a sentence ends at . ! ؟ ? (numbers keep their decimal points).
    # Both are rare: mark the tokens after them by offset instead of visiting every token.
    para_mark = [0] * n
    glued = [True] * n
    if n:
        glued[0] = False
    for offset in char_offsets(text, "\n"):
        i = bisect_left(starts, offset)
        if 0 < i < n:
            para_mark[i] = 1
            glued[i] = False
    sent_mark = para_mark.copy()
    for offset in char_offsets(text, _TERMINATORS):
        # a terminator is a token of its own unless it is inside a number («۲.۵»)
        i = bisect_left(starts, offset)
        if i + 1 < n and starts[i] == offset:
            sent_mark[i + 1] = 1
    # clause punctuation, looked up by offset: always a token of its own
    punct: dict[str, list[int]] = {}
    for c in _PUNCT:
        punct[c] = [bisect_left(starts, offset) for offset in char_offsets(text, c)]
    return _Tokens(
        kinds=kinds,
        starts=starts,
        ends=ends,
        texts=texts,
        keys=keys,
        para_of=list(accumulate(para_mark)),
        sent_of=list(accumulate(sent_mark)),
        glued=glued,
        punct=punct,
    )


def char_offsets(text: str, chars: str) -> list[int]:
    """Offsets of the characters ``chars`` in ``text``: grouped by character, each group in
    order. str.find skips to them in C, many times faster than a regex character class."""
    out: list[int] = []
    for c in chars:
        i = text.find(c)
        while i >= 0:
            out.append(i)
            i = text.find(c, i + 1)
    return out


_NOT_SHARED = ("\u06fd", "\u06fe", ZWNJ + ZWNJ)


def _number_tokens(text: str) -> tuple[list[str], list[int], list[int], list[str], list[str]] | None:
    """(kinds, starts, ends, texts, keys) of ``numbers.tokenize``'s tokens, when they are exactly
    ours but for the folding of their texts; ``texts`` and ``keys`` are copies to refold.

    The date and quantity finders have tokenised the article already (it is cached), and
    reusing their tokens halves the cost of ours. The two tokenisers agree on Persian text:
    the same letters (with vowel marks), digits, separators and symbols. They differ only on
    Latin letters (``latin`` tokens there, words here), on other scripts' letters and digits
    (one symbol per character there, words and numbers here), on «۽» and «۾» (letters there,
    symbols here) and on a run of ZWNJs inside a word (which splits it there): for a text
    with any of these, None.
    """
    if any(s in text for s in _NOT_SHARED):
        return None
    columns = persian_tokens(text)
    if columns is None:
        return None
    if columns.marks:  # the keys there are without vowel marks, ours keep them
        keys = list(map(str.replace, columns.texts, repeat(ZWNJ), repeat("")))
    else:  # the same keys (texts without ZWNJ) but for numbers, which there are in ASCII
        keys = list(columns.keys)
        for i in columns.numbers:
            keys[i] = columns.texts[i]
    return columns.kinds, columns.starts, columns.ends, list(columns.texts), keys


class TextView:
    """Tokens of one text with the lookups the phrase finders share.

    Tokens are parallel lists (``starts``, ``ends``, ``kinds``, ``keys``, ``texts``): an article
    has hundreds of tokens and building an object for each costs more than the matching.
    ``keys`` are folded and without ZWNJ; ``texts`` are folded too (folding maps one character
    to one, so offsets are those of the original text). The lists are shared: never mutate them.
    """

    def __init__(
        self, text: str, places: Sequence[PlaceLike] | None = None, orgs: Sequence[OrgLike] | None = None
    ) -> None:
        self.text = text
        t = _tokens(text)
        self.n = len(t.kinds)
        self.kinds, self.starts, self.ends, self.texts, self.keys = t.kinds, t.starts, t.ends, t.texts, t.keys
        self.para_of, self.sent_of, self.glued = t.para_of, t.sent_of, t.glued
        self.punct = t.punct  # ":", "؛", "«", "»" -> the tokens that are each, in order
        self.place_at = self._anchor(places or ())
        self.org_at = self._anchor(orgs or ())
        self.org_starts = sorted(self.org_at)
        self.places = sorted(places or (), key=lambda p: p.start)
        self.orgs = sorted(orgs or (), key=lambda o: o.start)
        self.verbs, self.light_verbs = _verb_forms()

    def _anchor(self, mentions: Iterable[T]) -> dict[int, tuple[int, T]]:
        """start token -> (stop token, mention) for mentions that cover whole tokens."""
        out: dict[int, tuple[int, T]] = {}
        for m in mentions:
            s, e = m.start, m.end  # type: ignore[attr-defined]
            i = bisect_left(self.starts, s)
            j = bisect_left(self.starts, e)
            whole = i < self.n and self.starts[i] == s and j > i and self.ends[j - 1] <= e
            if whole and (i not in out or out[i][0] < j):
                out[i] = (j, m)
        return out

    def sentence_start(self, i: int) -> int:
        """First token of the sentence of token ``i``."""
        return bisect_left(self.sent_of, self.sent_of[i], 0, i)

    def tok_at(self, offset: int) -> int:
        """Index of the first token starting at or after ``offset``."""
        return bisect_left(self.starts, offset)

    def is_word(self, i: int, key: str) -> bool:
        return 0 <= i < self.n and self.kinds[i] == "word" and self.keys[i] == key

    def is_sym(self, i: int, chars: frozenset[str] | str) -> bool:
        return 0 <= i < self.n and self.kinds[i] == "sym" and self.texts[i] in chars

    def is_verb(self, i: int) -> bool:
        if i >= self.n or self.kinds[i] != "word":
            return False
        return self.keys[i] in self.verbs or self.texts[i].startswith(_MI_PREFIXES)

    def is_light_verb(self, i: int) -> bool:
        if i >= self.n or self.kinds[i] != "word" or not self.glued[i]:
            return False
        return self.keys[i] in self.light_verbs or self.texts[i].startswith(_MI_PREFIXES)

    def is_number(self, i: int) -> bool:
        return 0 <= i < self.n and (self.kinds[i] == "num" or (self.kinds[i] == "word" and self.keys[i] in _numbers()))

    def original(self, i: int) -> str:
        """Token ``i`` as written (``texts`` holds the folded form)."""
        return self.text[self.starts[i] : self.ends[i]]


_MI_PREFIXES = ("می" + ZWNJ, "نمی" + ZWNJ)


@cache
def _numbers() -> frozenset[str]:
    """Number words that count things («سه پل»), without «یک»/«نه» (also article/"not")."""
    return frozenset(fold(w) for w, nw in number_words().items() if nw.alone != "measure")


def number_key(tx: TextView, i: int) -> str | None:
    """A line or count number as a comparable string: «۲», «دو», «دوم», «یک» -> "2"/"1"."""
    if tx.kinds[i] == "num":
        return tx.keys[i].translate(_TO_ASCII)
    key = tx.keys[i]
    nw = number_words().get(key)
    if nw is not None:
        return str(int(nw.value)) if nw.value == int(nw.value) else str(nw.value)
    val = ordinal_value(key)
    return str(val) if val is not None else None


@dataclass(frozen=True, slots=True)
class HeadRow:
    head: str  # canonical spelling
    kind: str
    extent: str
    group: str


def load_heads(name: str) -> dict[str, list[HeadRow]]:
    """Lexicon rows by kind, in file order."""
    out: dict[str, list[HeadRow]] = {}
    for r in load_rows(name):
        head = r.get("head", "")
        if head:
            row = HeadRow(head, r.get("kind", ""), r.get("extent", "") or "np", r.get("group", "") or head)
            out.setdefault(row.kind, []).append(row)
    return out


def head_table(
    rows: dict[str, list[HeadRow]], kinds: Sequence[str], suffixes: Sequence[str] = ()
) -> PhraseTable[HeadRow]:
    """A phrase table of the rows of ``kinds``; a head's first row is its canonical spelling."""
    return PhraseTable([(r.head, r) for kind in kinds for r in rows.get(kind, [])], suffixes)


@dataclass(frozen=True, slots=True)
class NPOptions:
    limit: int = 10
    statuses_stop: bool = True  # a status word ends the name (not in a venue's name)
    event: bool = False  # event names: «از X» after an object word, a final «این شهر»


_NP_NAME = NPOptions()  # options are immutable: one instance for every project name


@dataclass(slots=True)
class _NPState:
    route: bool = False
    prev_adj: bool = False  # the last word taken ends in «ی» (an adjective, for «و» lists)
    words: int = 0


def extend_np(tx: TextView, j: int, opt: NPOptions, lex: Lexicon) -> int:
    """End token (exclusive) of the noun phrase that continues a head ending at token ``j``."""
    st = _NPState()
    while j < tx.n and st.words < opt.limit and tx.glued[j]:
        nxt = _np_step(tx, j, st, opt, lex)
        if nxt is None:
            break
        j = nxt
    return j


def _np_step(tx: TextView, j: int, st: _NPState, opt: NPOptions, lex: Lexicon) -> int | None:
    """Take the element at token ``j`` into the phrase: its end token, or None to stop."""
    if j in tx.place_at:
        st.words += 1
        st.prev_adj = False
        return tx.place_at[j][0]
    if j in tx.org_at and getattr(tx.org_at[j][1], "via", "name") == "name":
        st.words += 1
        return tx.org_at[j][0]
    kind = tx.kinds[j]
    if kind == "num" or tx.is_number(j):
        return _np_number(tx, j, st)
    if kind == "word":
        return _np_word(tx, j, st, opt, lex)
    return _np_symbol(tx, j, st, lex)


def _np_word(tx: TextView, j: int, st: _NPState, opt: NPOptions, lex: Lexicon) -> int | None:
    key = tx.keys[j]
    unit = lex.units.match(tx, j)
    if unit is not None:
        st.words += 1
        st.prev_adj = False
        return unit[0]
    if key == "و":
        return _coordination(tx, j, st, lex)
    if key in DEMONSTRATIVES and opt.event:
        # «خطبه‌های نماز جمعه این شهر», «آیین اصلی این برنامه»: a final genitive
        if j + 1 < tx.n and tx.kinds[j + 1] == "word" and tx.glued[j + 1] and not _ends_name(tx, j + 1, lex):
            st.words = opt.limit
            return j + 2
        return None
    if key in ("از", "به"):
        return _linked_phrase(tx, j, st, opt, lex)
    if _ends_name(tx, j, lex) or (opt.statuses_stop and lex.status.match(tx, j)):
        return None
    # the noun of a compound verb («اختصاص می‌یابد», «برگزار شد») is not part of a name
    if tx.is_light_verb(j + 1):
        return None
    st.words += 1
    st.prev_adj = key.endswith("ی")
    if key in lex.route:
        st.route = True
    # «آب های سطحی»: a plural ending written apart belongs to the word before it
    if j + 1 < tx.n and tx.glued[j + 1] and tx.kinds[j + 1] == "word" and tx.keys[j + 1] in _PLURAL_KEYS:
        return j + 2
    return j + 1


def _ends_name(tx: TextView, j: int, lex: Lexicon) -> bool:
    key = tx.keys[j]
    if key in STOP or tx.is_verb(j) or key.endswith("ترین") or key == "ترین":
        return True
    # «مهم ترین»: a superlative written apart starts a new phrase too
    return tx.is_word(j + 1, "ترین") and tx.glued[j + 1]


def _linked_phrase(tx: TextView, j: int, st: _NPState, opt: NPOptions, lex: Lexicon) -> int | None:
    """«از/به X» inside a name: after «انتقال» (X a place or feature), after an event's object word."""
    if j + 1 >= tx.n or not tx.glued[j + 1]:
        return None
    nxt = j + 1
    if st.route and (nxt in tx.place_at or tx.keys[nxt] in _GEO):
        return j + 1
    if opt.event and tx.keys[j] == "از" and _ends_with_object(tx, j, lex) and tx.kinds[nxt] in ("word", "num"):
        return j + 1
    return None


def _ends_with_object(tx: TextView, j: int, lex: Lexicon) -> bool:
    """Does an object word end right before token ``j`` («بهره‌برداری», «بهره برداری»)?"""
    key = ""
    for k in range(j - 1, max(-1, j - 4), -1):
        key = tx.keys[k] + key
        if key in lex.objects:
            return True
        if k == 0 or not tx.glued[k]:
            break
    return False


def _coordination(tx: TextView, j: int, st: _NPState, lex: Lexicon) -> int | None:
    """«عمرانی و اقتصادی»: «و» between adjectives keeps the name going."""
    if not st.prev_adj:
        return None
    nxt = j + 1
    if nxt < tx.n and tx.glued[nxt] and _is_adjective(tx, nxt, lex):
        return j + 1
    return None


def _is_adjective(tx: TextView, i: int, lex: Lexicon) -> bool:
    return (
        tx.kinds[i] == "word"
        and tx.keys[i].endswith("ی")
        and i not in tx.place_at
        and not _ends_name(tx, i, lex)
        and lex.heads.match(tx, i) is None
    )


def _np_number(tx: TextView, j: int, st: _NPState) -> int | None:
    if j > 0 and tx.keys[j - 1] in _NUMBERED:  # «تصفیه‌خانه شماره ۳», «... خط ۲ قطار شهری»
        st.words += 1
        return j + 1
    # a measure: «بیمارستان ۲۲۰ تختخوابی», «ورزشگاه ۱۵ هزار نفری», «مدرسه ۱۲ کلاسه»
    k = j + 1
    while k < tx.n and tx.glued[k] and (tx.is_number(k) or tx.keys[k] in _SCALE_AND):
        k += 1
    if k < tx.n and tx.glued[k] and tx.kinds[k] == "word" and tx.keys[k].endswith(("ی", "ه")):
        if tx.keys[k] in STOP or tx.keys[k] in _NOT_MEASURES or tx.is_number(k):
            return None
        st.words += 2
        st.prev_adj = False
        return k + 1
    return None


def _np_symbol(tx: TextView, j: int, st: _NPState, lex: Lexicon) -> int | None:
    ch = tx.texts[j]
    nxt = j + 1
    if ch in _DASHES and st.words and nxt < tx.n and tx.glued[nxt]:
        # a route «شیراز - بوشهر»: the far end is a place, or one word that ends the phrase
        if nxt in tx.place_at:
            return j + 1
        if tx.kinds[nxt] == "word" and tx.keys[nxt] not in STOP and _boundary_after(tx, nxt + 1):
            return j + 1
        return None
    if ch == "،" and st.prev_adj and _adjective_list(tx, j, lex):
        return j + 1
    if ch == "(" and j + 2 < tx.n and tx.texts[j + 2] == ")" and tx.keys[j + 1] in _HONORIFICS:
        return j + 3  # «مصلای امام خمینی (ره) تبریز», «بیمارستان امام رضا (ع)»
    return None


def _boundary_after(tx: TextView, i: int) -> bool:
    return i >= tx.n or not tx.glued[i] or tx.kinds[i] == "sym" or tx.keys[i] in STOP or tx.is_verb(i)


def _adjective_list(tx: TextView, j: int, lex: Lexicon) -> bool:
    """At «،»: is this «ADJ، ADJ و ADJ»? Looks ahead for adjectives ending the list with «و»."""
    k = j
    while k + 1 < tx.n and tx.glued[k + 1] and _is_adjective(tx, k + 1, lex):
        k += 2
        if k < tx.n and tx.is_word(k, "و"):
            return k + 1 < tx.n and _is_adjective(tx, k + 1, lex)
        if not tx.is_sym(k, "،"):
            return False
    return False


# =============================================================================================
# Project lexicon
# =============================================================================================


@dataclass(frozen=True, slots=True)
class StatusRow:
    phrase: str
    status: str
    position: str


@dataclass(frozen=True)
class Lexicon:
    heads: PhraseTable[HeadRow]  # every kind that starts a project (and «not» phrases)
    actions: PhraseTable[HeadRow]
    units: PhraseTable[HeadRow]
    status: PhraseTable[StatusRow]
    before: PhraseTable[StatusRow]  # «آیین افتتاح»: status from what precedes a project
    route: frozenset[str]
    vague: frozenset[str]
    objects: frozenset[str] = field(default_factory=frozenset)  # filled by events.py's lexicon


_HEAD_KINDS = ("classifier", "generic", "works", "line", "programme", "nominal", "procurement", "not")


@cache
def lexicon() -> Lexicon:
    rows = load_heads("project_heads.tsv")
    statuses: list[tuple[str, StatusRow]] = []
    before: list[tuple[str, StatusRow]] = []
    for r in load_rows("project_status.tsv"):
        if r.get("phrase"):
            row = StatusRow(r["phrase"], r.get("status") or r["phrase"], r.get("position") or "attr")
            # attributive rows come first: for a shared spelling they win, and serve as predicates too
            (before if row.position == "before" else statuses).append((row.phrase, row))
    return Lexicon(
        heads=head_table(rows, _HEAD_KINDS, HEAD_SUFFIXES),
        actions=head_table(rows, ["action"]),
        units=head_table(rows, ["unit"], _PLURAL),
        status=PhraseTable(statuses, _STATUS_SUFFIXES),
        before=PhraseTable(before),
        route=frozenset(fold(r.head) for r in rows.get("route", []) if " " not in r.head.strip()),
        vague=frozenset(fold(r.head) for r in rows.get("vague", [])),
    )


# =============================================================================================
# Finding mentions
# =============================================================================================

# Statuses that on their own make a class of projects worth following («پروژه‌های نیمه‌تمام»).
_OPEN_STATUSES = frozenset({"نیمه‌تمام", "در حال اجرا", "در حال ساخت", "متوقف"})
# «هر/هیچ/برخی پروژه»: a quantified head is no particular project or class
_DETERMINERS = _keyset(["هر", "هیچ", "برخی", "بعضی", "سایر", "چند", "چندین"])
# «تمام پروژه‌های ...», «که ...»: may stand between a clause's start and its subject
_ALL_WORDS = _keyset(["تمام", "تمامی", "کلیه", "همه"])
_CLAUSE_WORDS = _keyset(["که", "اینکه", "چون", "وقتی"])
_CLASS_KINDS = ("classifier", "generic")


@dataclass(slots=True)
class _Mention:
    a: int  # token range of the mention
    b: int
    group: str
    kind: str  # a head kind, or "class"
    dist: frozenset[str]
    label: str  # "" until needed (see mention_label): most mentions never need one
    status: str | None = None  # attributive status
    possessive: bool = False
    owner: str | None = None  # a class's owner, known while merging
    demonstrative: str | None = None  # "single" / "class" / a head group
    bare: bool = False  # a head without a name: joins an existing project only
    line: str | None = None  # a line's number
    line_system: tuple[str, ...] = ()  # the words after a line's number, for «خط ۳»
    places: tuple[str, ...] = ()  # place ids named in it (a completed «خط ۳» borrows its line's)


@dataclass(slots=True)  # not frozen: one is built per head, and frozen ones build slowly
class _Head:
    """A head found at tokens [i, stop); ``first`` is where its mention starts."""

    first: int
    i: int
    stop: int
    row: HeadRow
    status: str | None = None  # an attributive status carried over from «پروژه نیمه‌تمام ...»
    plural: bool = False
    classifier: bool = False  # introduced by «پروژه/طرح»: may stand without a name


def _plural(tx: TextView, i: int, stop: int, suffix: str) -> tuple[int, bool]:
    """(stop after a plural ending written apart, is the head plural)."""
    stop2 = _absorb_plural(tx, stop)
    return stop2, suffix in _PLURAL or stop2 > stop


# the _Finder method for each kind of specific head (others are works)
_HANDLERS = {"line": "_line", "programme": "_programme", "nominal": "_nominal", "procurement": "_procurement"}


class _Finder:
    def __init__(self, tx: TextView) -> None:
        self.tx = tx
        self.lex = lexicon()
        self.out: list[_Mention] = []

    def run(self) -> list[_Mention]:
        done = 0  # tokens before this were consumed by an earlier phrase
        for i in self.lex.heads.candidates(self.tx):
            if i >= done:
                nxt = self._at(i)
                done = nxt if nxt is not None else i + 1
        return self.out

    def _at(self, i: int) -> int | None:
        m = self.lex.heads.match(self.tx, i)
        if m is None:
            return None
        stop, row, suffix = m
        if row.kind == "not":
            return stop
        stop, plural = _plural(self.tx, i, stop, suffix)
        if suffix in _INDEFINITE and not plural and row.kind not in _CLASS_KINDS:
            return stop  # «پلی», «بیمارستانی» (also the adjective «تخت بیمارستانی»)
        if self._demonstrative(i, stop, row, suffix, plural):
            return stop
        if row.kind in _CLASS_KINDS:
            return self._generic(i, stop, row, suffix, plural)
        return self._specific(_Head(i, i, stop, row, plural=plural))

    def _emit(self, m: _Mention, end: int) -> int:
        self.out.append(m)
        return end

    # --- demonstratives -----------------------------------------------------------------
    def _demonstrative(self, i: int, stop: int, row: HeadRow, suffix: str, plural: bool) -> bool:
        tx = self.tx
        if i == 0 or tx.kinds[i - 1] != "word" or tx.keys[i - 1] not in DEMONSTRATIVES or not tx.glued[i]:
            return False
        if suffix in _INDEFINITE:
            return False
        target = ("class" if plural else "single") if row.kind in _CLASS_KINDS else row.group
        self.out.append(_Mention(i - 1, stop, row.group, "demonstrative", frozenset(), "", demonstrative=target))
        return True

    # --- «پروژه» / «طرح» ------------------------------------------------------------------
    def _generic(self, i: int, stop: int, row: HeadRow, suffix: str, plural: bool) -> int:
        tx, lex = self.tx, self.lex
        count_a = _count_before(tx, i)
        attrs = _attr_statuses(tx, stop, lex)
        statuses, k, possessive = attrs.statuses, attrs.stop, attrs.possessive
        inner = lex.heads.match(tx, k)
        if inner is not None and inner[1].kind not in ("not", *_CLASS_KINDS) and not plural and count_a is None:
            # «پروژه راه‌آهن», «طرح نهضت ملی مسکن», «پروژه نیمه‌تمام تعریض محور ...»
            first = k if row.kind == "classifier" else i
            inner_stop, inner_plural = _plural(tx, k, inner[0], inner[2])
            if inner[2] in _INDEFINITE and not inner_plural:
                return inner_stop
            status = statuses[0] if statuses else None
            return self._specific(_Head(first, k, inner_stop, inner[1], status, inner_plural, classifier=True))
        if suffix in _INDEFINITE and not plural:
            return stop  # «طرحی», «پروژه‌ای»
        end = k if attrs.closed else extend_np(tx, k, _NP_NAME, lex)
        name = _name_tokens(tx, k, end)
        if _quantified(tx, i if count_a is None else count_a):
            return end
        if plural or count_a is not None:
            return self._class(i, end, count_a, name, statuses, possessive)
        # singular «طرح X»: a programme or project named by X (not by adjectives alone)
        adjectives_only = all(tx.keys[t].endswith("ی") and t not in tx.place_at for t in name)
        if not name or adjectives_only or _all_vague(tx, name, lex):
            return end
        return self._emit(_Mention(i, end, row.group, "generic", frozenset(_dist(tx, name, lex)), ""), end)

    def _class(
        self, i: int, end: int, count_a: int | None, name: list[int], statuses: list[str], possessive: bool
    ) -> int:
        """A plural or counted «پروژه/طرح»: kept when a status or a count with a name identifies it."""
        tx, lex = self.tx, self.lex
        if not statuses and (count_a is None or not name):
            return end
        if count_a is None and not name and not set(statuses) & _OPEN_STATUSES:
            return end  # «طرح‌های افتتاح‌شده»: a description, not a class one can follow
        if any(tx.keys[t] in lex.vague for t in name):
            return end  # «طرح‌های جدید», «پروژه‌های دیگر»
        a = count_a if count_a is not None else i
        dist = _dist(tx, name, lex)
        if count_a is not None and tx.kinds[count_a] == "num":
            dist.add(tx.keys[count_a])
        status = statuses[0] if statuses else None
        return self._emit(_Mention(a, end, "class", "class", frozenset(dist), "", status, possessive), end)

    # --- works, lines, programmes, nominals, purchases ------------------------------------
    def _specific(self, h: _Head) -> int:
        return getattr(self, _HANDLERS.get(h.row.kind, "_works"))(h)

    def _works(self, h: _Head) -> int:
        tx, lex = self.tx, self.lex
        if h.row.extent == "action" and not _after_action(tx, h.first, lex):
            return h.stop
        count_a = _count_before(tx, h.first)
        if h.plural or count_a is not None:
            return self._works_class(h, count_a)
        end = extend_np(tx, h.stop, _NP_NAME, lex)
        name = _name_tokens(tx, h.stop, end)
        if h.row.extent == "place" and not any(t in tx.place_at for t in name) and not _has_route(tx, h.stop, end):
            return end
        if name and _all_vague(tx, name, lex):
            return end
        status = h.status or _status_right_after(tx, end, lex)
        # «در محل تصفیه‌خانه X»: a works named as the place where something happens is not
        # introduced as a project there, though it may be one mentioned elsewhere
        locative = h.first > 0 and tx.keys[h.first - 1] == "محل" and tx.glued[h.first]
        bare = (not name and not h.classifier) or locative
        dist = frozenset(_dist(tx, name, lex))
        return self._emit(_Mention(h.first, end, h.row.group, h.row.kind, dist, "", status, bare=bare), end)

    def _works_class(self, h: _Head, count_a: int | None) -> int:
        """«بیمارستان‌های نیمه‌تمام استان»: plural works need a status right after the head."""
        tx, lex = self.tx, self.lex
        attrs = _attr_statuses(tx, h.stop, lex)
        statuses, k, possessive = attrs.statuses, attrs.stop, attrs.possessive
        if not statuses or _quantified(tx, count_a if count_a is not None else h.first):
            return h.stop
        end = k if attrs.closed else extend_np(tx, k, _NP_NAME, lex)
        a = count_a if count_a is not None else h.first
        dist = frozenset(_dist(tx, _name_tokens(tx, k, end), lex))
        return self._emit(_Mention(a, end, "class:" + h.row.group, "class", dist, "", statuses[0], possessive), end)

    def _line(self, h: _Head) -> int:
        tx, lex = self.tx, self.lex
        stop = h.stop
        if h.plural or stop >= tx.n or not tx.glued[stop] or tx.kinds[stop] == "sym":
            return stop
        num = number_key(tx, stop)
        if num is None:
            return stop
        end = extend_np(tx, stop + 1, _NP_NAME, lex)
        name = _name_tokens(tx, stop + 1, end)
        system = tuple(tx.keys[t] for t in name)
        places = tuple(tx.place_at[t][1].place_id for t in name if t in tx.place_at)
        dist = frozenset({"#" + num} | _dist(tx, name, lex))
        status = h.status or _status_right_after(tx, end, lex)
        m = _Mention(h.first, end, h.row.group, "line", dist, "", status, line=num, line_system=system, places=places)
        return self._emit(m, end)

    def _programme(self, h: _Head) -> int:
        tx = self.tx
        end = h.stop
        # a place after the name: «شهر هوشمند تبریز», «... شهر/استان X»
        k = end + 1 if end < tx.n and tx.keys[end] in _CUE_WORDS else end
        if k in tx.place_at and tx.glued[k]:
            end = tx.place_at[k][0]
        dist = frozenset(tx.place_at[t][1].place_id for t in range(h.stop, end) if t in tx.place_at)
        return self._emit(_Mention(h.first, end, h.row.group, "programme", dist, "", h.status), end)

    def _nominal(self, h: _Head) -> int:
        tx, lex = self.tx, self.lex
        if h.plural:
            return h.stop
        end = extend_np(tx, h.stop, _NP_NAME, lex)
        name = _name_tokens(tx, h.stop, end)
        if h.classifier and h.row.extent != "np2" and not name:
            pass  # «طرح آبرسانی ...»: named by «طرح»/«پروژه», the nominal alone is the name
        elif not name or (h.row.extent == "np2" and not _np2_ok(tx, h.i, name, lex)):
            return end
        dist = frozenset(_dist(tx, name, lex))
        return self._emit(_Mention(h.first, end, h.row.group, "nominal", dist, "", h.status), end)

    def _procurement(self, h: _Head) -> int:
        """«خرید ۱۲۰ دستگاه اتوبوس برقی»: a purchase is a project when it is counted."""
        tx, lex = self.tx, self.lex
        stop = h.stop
        if stop >= tx.n or not tx.glued[stop] or not tx.is_number(stop):
            return stop
        k = stop + 1
        while k < tx.n and tx.glued[k] and (tx.is_number(k) or tx.keys[k] in _SCALE_AND):
            k += 1
        end = extend_np(tx, k, _NP_NAME, lex)
        if end == k:
            return end
        dist = frozenset(_dist(tx, _name_tokens(tx, stop, end), lex))
        return self._emit(_Mention(h.first, end, h.row.group, "procurement", dist, "", h.status), end)


def _name_tokens(tx: TextView, a: int, b: int) -> list[int]:
    """The words and numbers of a name (no punctuation, no «و»)."""
    return [t for t in range(a, b) if tx.kinds[t] != "sym" and tx.keys[t] != "و"]


def make_label(tx: TextView, a: int, b: int, lex: Lexicon) -> str:
    """The normalised text of tokens [a, b): lexicon spellings, single spaces, ZWNJs restored."""
    out: list[str] = []
    k = a
    while k < b:
        if k > a and tx.starts[k] > tx.ends[k - 1]:
            out.append(" ")  # keep the text's own spacing («رشت–انزلی», «شیراز - بوشهر»)
        piece, stop = tx.original(k), k + 1
        if tx.kinds[k] == "word":
            m = lex.units.match(tx, k) or lex.heads.match(tx, k)
            if m is not None and m[0] <= b:
                piece, stop = _spell(m[1].head, m[2]), m[0]
            elif (s := lex.status.match(tx, k)) is not None and s[0] <= b and s[1].position == "attr":
                piece, stop = s[1].phrase, s[0]  # «نیمه‌تمامش» -> «نیمه‌تمام»
        out.append(piece)
        k = stop
    return restore_zwnj("".join(out)).strip()


_SPACED_PLURAL = re.compile(f"(?<=[^\\s{ZWNJ}]) (?=(?:هایی|های|ها)(?![^\\W\\d_]))")


@cache
def _zwnj_words() -> dict[str, str]:
    return {w.replace(ZWNJ, ""): w for w in load_list("zwnj_words.tsv") if ZWNJ in w}


def restore_zwnj(label: str) -> str:
    """Whitespace collapsed, «X های» -> «X‌های», and words of ``zwnj_words.tsv`` spelled with
    their ZWNJ («نیمهتمام» -> «نیمه‌تمام»). A cheap subset of ``kg.text.normalise`` for labels."""
    label = " ".join(label.split())
    if " ه" in label:  # the regex is slow, and its matches all start so
        label = _SPACED_PLURAL.sub(ZWNJ, label)
    known = _zwnj_words()
    words = label.split(" ")
    out: list[str] = []
    i = 0
    while i < len(words):
        pair = (words[i] + words[i + 1]).replace(ZWNJ, "") if i + 1 < len(words) else ""
        if pair in known:  # «بهره برداری» -> «بهره‌برداری»
            out.append(known[pair])
            i += 2
        else:
            out.append(known.get(words[i].replace(ZWNJ, ""), words[i]))
            i += 1
    return " ".join(out)


def _spell(head: str, suffix: str) -> str:
    if not suffix:
        return head
    if suffix in _PLURAL or head.endswith(("ه", "ی")):
        return head + ZWNJ + suffix
    return head + suffix


def _absorb_plural(tx: TextView, stop: int) -> int:
    """«پروژه ها» written apart: the plural ending is part of the head."""
    if stop < tx.n and tx.glued[stop] and tx.kinds[stop] == "word" and tx.keys[stop] in _PLURAL_KEYS:
        return stop + 1
    return stop


def _count_before(tx: TextView, i: int) -> int | None:
    """Token where a count right before a head starts («۱۸۰ طرح», «۲ هزار پروژه», «سه پل»)."""
    k = i - 1
    if k < 0 or not tx.glued[i]:
        return None
    if tx.keys[k] in ("هزار", "میلیون") and k > 0 and tx.is_number(k - 1):
        return k - 1
    if tx.kinds[k] == "num" or (tx.kinds[k] == "word" and tx.keys[k] in _numbers()):
        return k
    return None


def _quantified(tx: TextView, a: int) -> bool:
    """«هر/هیچ/برخی پروژه», «یکی از طرح‌ها», «مهم‌ترین طرح‌ها»: not one identifiable project."""
    k = a - 1
    if k < 0 or not tx.glued[a] or tx.kinds[k] != "word":
        return False
    key = tx.keys[k]
    if key in _DETERMINERS or key.endswith("ترین"):
        return True
    return key == "از" and k > 0 and tx.keys[k - 1] == "یکی"


@dataclass(slots=True)
class _Attrs:
    """Attributive statuses right after a head («پروژه‌های نیمه‌تمامش»)."""

    statuses: list[str]
    stop: int  # the token after them
    possessive: bool
    closed: bool  # a participle («افتتاح‌شده») ends the phrase: no name follows it


def _attr_statuses(tx: TextView, k: int, lex: Lexicon) -> _Attrs:
    out: list[str] = []
    possessive = False
    while k < tx.n and tx.glued[k]:
        m = lex.status.match(tx, k)
        if m is None or m[1].position != "attr":
            break
        out.append(m[1].status)
        possessive = possessive or m[2] in _POSSESSIVE
        k = m[0]
        if fold(m[1].phrase).endswith("شده"):
            return _Attrs(out, k, possessive, closed=True)
    return _Attrs(out, k, possessive, closed=False)


def _status_right_after(tx: TextView, k: int, lex: Lexicon) -> str | None:
    if k < tx.n and tx.glued[k]:
        m = lex.status.match(tx, k)
        if m is not None and m[1].position == "attr":
            return m[1].status
    return None


def _all_vague(tx: TextView, name: list[int], lex: Lexicon) -> bool:
    return all(tx.keys[t] in lex.vague for t in name)


def _dist(tx: TextView, name: list[int], lex: Lexicon) -> set[str]:
    """Distinguishing words of a name: places by id, numbers by value, no cue or vague words."""
    out: set[str] = set()
    skip = _DIST_SKIP
    places = [(p, tx.place_at[p][0]) for p in name if p in tx.place_at]  # (start, stop) of each
    for t in name:
        if t in tx.place_at:
            out.add(tx.place_at[t][1].place_id)
            continue
        key = tx.keys[t]
        if key in skip or key in lex.vague or tx.kinds[t] == "sym":
            continue
        if places and any(p < t < stop for p, stop in places):  # inside a place's name
            continue
        out.add(key)
    return out


def _has_route(tx: TextView, a: int, b: int) -> bool:
    return any(tx.is_sym(t, _DASHES) for t in range(a, b))


def _after_action(tx: TextView, i: int, lex: Lexicon) -> bool:
    for back in (1, 2):
        k = i - back
        if k >= 0 and (m := lex.actions.match(tx, k)) is not None and m[0] == i:
            return True
    return False


def _np2_ok(tx: TextView, i: int, name: list[int], lex: Lexicon) -> bool:
    """«توسعه X»: X has 2+ words and starts with a noun; «توسعه» does not modify a noun before it."""
    first = name[0]
    if len(name) < 2 or (tx.keys[first].endswith("ی") and first not in tx.place_at):
        return False
    k = i - 1
    if k < 0 or not tx.glued[i] or tx.kinds[k] != "word":
        return True
    key = tx.keys[k]
    # after a preposition, an action («تکمیل توسعه ...»), or an adjective («۷۰ درصدی توسعه ...»)
    return key in STOP or key.endswith("ی") or _after_action(tx, i, lex)


# =============================================================================================
# Merging mentions into projects
# =============================================================================================


@dataclass(slots=True)
class _Project:
    group: str
    kind: str
    mentions: list[_Mention]
    last: int = 0  # token where the latest mention ends

    def compatible(self, m: _Mention) -> bool:
        if self.group != m.group:
            return False
        named = [x for x in self.mentions if x.demonstrative is None]
        if m.kind == "class" and any(x.status != m.status for x in named):
            return False
        if m.line is not None and any(x.line is not None and x.line != m.line for x in named):
            return False
        if m.kind == "class" and not self._same_owner(m, named):
            return False
        # a bare mention («بیمارستان») says nothing about which project: compare with names
        named = [x for x in named if x.dist] or named
        return any(m.dist <= x.dist or x.dist <= m.dist for x in named)


    @staticmethod
    def _same_owner(m: _Mention, named: list[_Mention]) -> bool:
        """Classes of different owners differ: «طرح‌های نیمه‌تمامش» (the municipality's) is not
        the province's «۴۰ پروژه نیمه‌تمام» named before it."""
        owners = {x.owner for x in named if x.owner}
        if m.owner and owners:
            return m.owner in owners
        return not (m.possessive and m.owner)


def _merge(tx: TextView, mentions: list[_Mention]) -> list[_Project]:
    for m in mentions:
        if m.kind == "class":
            org = _org_before(tx, m.a, any_start=True) if m.possessive else _org_inside(tx, m)
            m.owner = org.label if org is not None else None
    projects: list[_Project] = []
    seen: list[tuple[_Mention, _Project]] = []  # mentions assigned so far, in text order
    for m in mentions:
        if m.demonstrative is not None:
            target = _antecedent(tx, seen, m)
            if target is not None:
                target.mentions.append(m)
                target.last = m.b
                seen.append((m, target))
            continue
        candidates = [p for p in projects if p.compatible(m)]
        if m.kind == "line" and not candidates and len(m.dist) == 1:
            m = _complete_line(tx, projects, m)
            if m.bare:
                continue
        if candidates:
            target = max(candidates, key=lambda p: p.last)
            target.mentions.append(m)
            target.last = m.b
        elif not m.bare:
            target = _Project(m.group, m.kind, [m], m.b)
            projects.append(target)
        else:
            continue
        seen.append((m, target))
    return projects


def _antecedent(tx: TextView, seen: list[tuple[_Mention, _Project]], m: _Mention) -> _Project | None:
    """The project a demonstrative refers to: the latest fitting one earlier in its sentence,
    else the first fitting one of the latest earlier sentence that has one (the topic there:
    «در مسیر این کنارگذر ... پل X ...» -> «این طرح» is the bypass, not the bridge)."""
    fitting = [(x, p) for x, p in seen if x.b <= m.a and _fits(p, m)]
    if not fitting:
        return None
    sent = tx.sent_of[m.a]
    same = [p for x, p in fitting if tx.sent_of[x.a] == sent]
    if same:
        return same[-1]
    last_sent = tx.sent_of[fitting[-1][0].a]
    return next(p for x, p in fitting if tx.sent_of[x.a] == last_sent)


def _fits(p: _Project, m: _Mention) -> bool:
    if m.demonstrative == "single":
        return p.kind != "class"
    if m.demonstrative == "class":
        return p.kind == "class"
    return m.demonstrative in (p.group, p.group.removeprefix("class:"))


def mention_label(tx: TextView, m: _Mention) -> str:
    return m.label or make_label(tx, m.a, m.b, lexicon())


def _complete_line(tx: TextView, projects: list[_Project], m: _Mention) -> _Mention:
    """A bare «خط ۳»: the system of the latest line («قطار شهری شیراز»), or a bare mention."""
    lines = [p for p in projects if p.kind == "line"]
    if not lines:
        m.bare = True
        return m
    latest = max(lines, key=lambda p: p.last)
    ref = max((x for x in latest.mentions if x.line_system), key=lambda x: len(x.line_system), default=None)
    if ref is None:
        m.bare = True
        return m
    head_label = mention_label(tx, ref).split(" ")
    # «خط ۲ قطار شهری شیراز» -> «خط ۳ قطار شهری شیراز»: swap the number word
    own = mention_label(tx, m)
    label = " ".join([own, *head_label[2:]]) if len(head_label) > 2 else own
    return _Mention(m.a, m.b, m.group, m.kind, m.dist | (ref.dist - {x for x in ref.dist if x.startswith("#")}),
                    label, m.status, line=m.line, line_system=ref.line_system, places=ref.places)


# =============================================================================================
# Status, owner and place of a project
# =============================================================================================


def _clause_initial(tx: TextView, a: int, lex: Lexicon) -> bool:
    """Does the mention at token ``a`` open its clause (maybe after an action: «ساخت X»)?"""
    k = a - 1
    while k >= 0 and tx.glued[k + 1]:
        if tx.kinds[k] == "word":
            act = _action_ending_at(tx, k, lex)
            if act is not None:
                k = act - 1
                continue
            if tx.keys[k] in _ALL_WORDS or tx.is_number(k):
                k -= 1
                continue
            return tx.keys[k] in _CLAUSE_WORDS
        if tx.kinds[k] == "num":
            k -= 1
            continue
        return tx.kinds[k] == "sym" and tx.texts[k] in _CLAUSE_PUNCT
    return True


def _action_ending_at(tx: TextView, k: int, lex: Lexicon) -> int | None:
    for back in range(0, 3):
        s = k - back
        if s >= 0 and (m := lex.actions.match(tx, s)) is not None and m[0] == k + 1:
            return s
    return None


def _predicate_status(tx: TextView, m: _Mention, other_starts: set[int], lex: Lexicon) -> str | None:
    """Status said of a clause-initial mention, read up to the clause's verb."""
    if not _clause_initial(tx, m.a, lex):
        return None
    sent = tx.sent_of[m.a] if m.a < tx.n else -1
    k = m.b
    while k < tx.n and tx.sent_of[k] == sent and k - m.b < 30:
        if k in other_starts or tx.is_sym(k, ":"):
            return None
        s = lex.status.match(tx, k)
        if s is not None:
            return s[1].status
        if tx.is_verb(k):
            return None
        k += 1
    return None


def _status_before(tx: TextView, a: int, lex: Lexicon) -> str | None:
    """«آیین افتتاح X», «مراسم بهره‌برداری از X»."""
    for back in range(2, 5):
        s = a - back
        if s >= 0 and (m := lex.before.match(tx, s)) is not None and m[0] == a:
            return m[1].status
    return None


def _status(tx: TextView, p: _Project, other_starts: set[int], lex: Lexicon) -> str | None:
    for m in p.mentions:
        if m.status:
            return m.status
    for m in p.mentions:
        if m.demonstrative is None and (s := _status_before(tx, m.a, lex)):
            return s
    found = None
    for m in p.mentions:
        s = _predicate_status(tx, m, other_starts, lex)
        found = s or found
    return found


def _owner(tx: TextView, p: _Project) -> OrgLike | None:
    if not tx.orgs:
        return None
    for m in p.mentions:
        org = _org_inside(tx, m)
        if org is not None:
            return org
    for m in p.mentions:
        if m.possessive:
            org = _org_before(tx, m.a, any_start=True)
            if org is not None:
                return org
    for m in p.mentions:
        org = _org_before(tx, m.a, any_start=False)
        if org is not None:
            return org
    return None


def _org_inside(tx: TextView, m: _Mention) -> OrgLike | None:
    """An organisation inside the name («... شهرداری همدان»), not one that is the name."""
    for k in range(m.a + 1, m.b):
        if k in tx.org_at and getattr(tx.org_at[k][1], "via", "name") != "title":
            return tx.org_at[k][1]
    return None


def _org_before(tx: TextView, a: int, *, any_start: bool) -> OrgLike | None:
    """The organisation before token ``a`` in its sentence: the nearest one, or the one
    that opens the clause (with at most 8 words between it and the mention)."""
    if a >= tx.n:
        return None
    sent = tx.sent_of[a]
    # the organisations between the sentence's start, or its last «:» or «؛» before ``a``, and ``a``
    lo = tx.sentence_start(a) - 1
    for c in ":؛":
        marks = tx.punct[c]
        i = bisect_left(marks, a)
        if i and marks[i - 1] > lo:
            lo = marks[i - 1]
    starts = tx.org_starts
    for i in range(bisect_left(starts, a) - 1, -1, -1):
        k = starts[i]
        if k <= lo:
            break
        if tx.org_at[k][0] <= a:
            org = tx.org_at[k][1]
            if any_start:
                return org
            opens = k == 0 or tx.sent_of[k - 1] != sent or tx.is_sym(k - 1, ":؛«")
            if opens and a - tx.org_at[k][0] <= 8 and getattr(org, "via", "name") != "title":
                return org
    return None


def _place(tx: TextView, p: _Project, owner: OrgLike | None) -> str | None:
    inside = [tx.place_at[k][1] for m in p.mentions for k in range(m.a, m.b) if k in tx.place_at]
    for kind in ("City", "Province", "Country"):
        for pl in inside:
            if pl.kind == kind:
                return pl.place_id
    borrowed = next((pid for m in p.mentions for pid in m.places), None)
    if borrowed is not None:
        return borrowed
    if owner is not None and owner.place_id:
        return owner.place_id
    first = next((m for m in p.mentions if m.demonstrative is None), None)
    if first is not None and tx.is_word(first.b, "در") and first.b + 1 < tx.n and tx.glued[first.b + 1]:
        # «... در استان زنجان», «... در شهر X»
        for k in (first.b + 1, first.b + 2):
            if k in tx.place_at and (k == first.b + 1 or tx.keys[first.b + 1] in _CUE_WORDS):
                return tx.place_at[k][1].place_id
    return None


# =============================================================================================
# Public API
# =============================================================================================


def find_projects(
    text: str, places: Sequence[PlaceLike] | None = None, orgs: Sequence[OrgLike] | None = None
) -> list[ProjectMatch]:
    """Projects in normalised Persian ``text``, in order of first mention."""
    tx = TextView(text, places, orgs)
    lex = lexicon()
    projects = _merge(tx, _Finder(tx).run())
    out: list[ProjectMatch] = []
    keys: set[str] = set()
    starts_of = [{m.a for m in p.mentions} for p in projects]
    for n, p in enumerate(projects):
        others = set().union(*(s for k, s in enumerate(starts_of) if k != n)) if len(projects) > 1 else set()
        owner = _owner(tx, p)
        label = _project_label(tx, p, owner)
        key = _unique("project:" + fold(label), keys)
        spans = tuple(sorted({(tx.starts[m.a], tx.ends[m.b - 1]) for m in p.mentions}))
        out.append(
            ProjectMatch(
                key=key,
                label=label,
                mentions=spans,
                status=_status(tx, p, others, lex),
                owner=owner.label if owner is not None else None,
                place_id=_place(tx, p, owner),
                kind="class" if p.kind == "class" else p.kind,
            )
        )
    return out


def _project_label(tx: TextView, p: _Project, owner: OrgLike | None) -> str:
    named = [m for m in p.mentions if m.demonstrative is None]
    best = max(named, key=lambda m: (len(m.dist), m.b - m.a, -m.a))
    label = mention_label(tx, best)
    # a class of projects is identified by its owner: «پروژه‌های نیمه‌تمام شهرداری همدان»
    if p.kind == "class" and owner is not None and fold(owner.label) not in fold(label):
        label = f"{label} {owner.label}"
    return label


def _unique(key: str, seen: set[str]) -> str:
    base, n = key, 2
    while key in seen:
        key = f"{base}-{n}"
        n += 1
    seen.add(key)
    return key


def projects_in(start: int, end: int, projects: Sequence[ProjectMatch]) -> list[str]:
    """Keys of the projects with a mention inside ``[start, end)`` (a statement's span)."""
    out: list[str] = []
    for p in projects:  # plain loops: called once per statement, faster than any(<generator>)
        for s, e in p.mentions:
            if s < end and e > start:
                out.append(p.key)
                break
    return out
