"""Parse the subject phrase of a reporting clause into who it names.

«حجت‌الاسلام والمسلمین سید جواد هاشمی‌نسب» → honorifics + given + family;
«محمود مسگریان، رئیس شورای شهر همدان» → name + title phrase;
«شهردار همدان» → title phrase only; «وی» → pronoun; «این نماینده مجلس» →
a title used anaphorically; «آنان», «این دو مسئول» → a group (plural anaphor).
With a plural verb a subject may name several people («X و Y گفتند»:
``split_persons``) or a group of no one in particular («مسئولان گفتند»:
``is_collective``). Titles, honorifics, pronouns, collectives and first names come
from lexicon files; surnames are open-class.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, islice

from kg.lexicons import load_list, load_rows
from kg.text.normalise import ZWNJ


@lru_cache(maxsize=1 << 16)  # called on the same tokens and lexicon entries over and over
def squash(text: str) -> str:
    """Spacing-insensitive key (ZWNJ and spaces removed, أ→ا, ئ→ی)."""
    return text.replace(ZWNJ, "").replace(" ", "").replace("أ", "ا").replace("ئ", "ی")


_SPACES = re.compile(r"\s+")
_TOKEN = re.compile(r"\S+")


def words(text: str) -> list[str]:
    return [w for w in _SPACES.split(text.strip()) if w]


@dataclass(frozen=True)
class TitleEntry:
    title: str
    organization: str
    official: bool
    exclusive: bool  # one holder per organisation (a mayor), unlike a member or a deputy


@lru_cache(maxsize=1)
def _glued_titles() -> dict[str, tuple[int, TitleEntry]]:
    table, _ = _titles()
    return {"".join(k): (len(k), entry) for k, entry in table.items()}


@lru_cache(maxsize=1)
def _titles() -> tuple[dict[tuple[str, ...], TitleEntry], int]:
    table: dict[tuple[str, ...], TitleEntry] = {}
    for row in load_rows("titles.tsv"):
        entry = TitleEntry(
            row["title"],
            row.get("organization", ""),
            row.get("official", "yes") != "no",
            row.get("exclusive", "yes") != "no",
        )
        table[tuple(squash(w) for w in words(row["title"]))] = entry
    return table, max(len(k) for k in table)


@lru_cache(maxsize=1)
def _honorifics() -> tuple[frozenset[tuple[str, ...]], tuple[int, ...]]:
    """The honorifics as squashed token tuples, and their lengths, longest first."""
    hs = frozenset(tuple(squash(w) for w in words(h)) for h in load_list("honorifics.tsv"))
    return hs, tuple(sorted({len(h) for h in hs if h}, reverse=True))


@lru_cache(maxsize=1)
def _sets() -> dict[str, frozenset[str]]:
    pronouns = load_rows("pronouns.tsv")
    return {
        "pronouns": frozenset(r["pronoun"] for r in pronouns if r.get("number") != "plural"),
        "group_pronouns": frozenset(squash(r["pronoun"]) for r in pronouns if r.get("number") == "plural"),
        "boundaries": frozenset(squash(w) for w in load_list("clause_boundaries.tsv")),
        "open_phrase": frozenset(
            squash(r["word"]) for r in load_rows("clause_boundaries.tsv") if r.get("opens") == "phrase"
        ),
        "open_word": frozenset(
            squash(r["word"]) for r in load_rows("clause_boundaries.tsv") if r.get("opens") == "word"
        ),
        "other": frozenset(squash(r["word"]) for r in load_rows("clause_boundaries.tsv") if r.get("after") == "other"),
        "org_heads": frozenset(squash(w) for w in load_list("organization_heads.tsv")),
        "anonymous": frozenset(squash(w) for w in load_list("anonymous_sources.tsv")),
        "anonymous_first": frozenset(squash(words(w)[0]) for w in load_list("anonymous_sources.tsv") if words(w)),
        "first_names": frozenset(squash(w) for w in load_list("first_names.tsv")),
    }


def match_title(tokens: list[str], i: int = 0) -> tuple[int, TitleEntry] | None:
    """Longest lexicon title starting at ``tokens[i]``: (number of tokens, entry)."""
    table, longest = _titles()
    keys = [squash(t.strip("،,")) for t in tokens[i : i + longest]]
    for n in range(len(keys), 0, -1):
        entry = table.get(tuple(keys[:n]))
        if entry:
            return n, entry
    # glued or split spellings («رئیس‌شورای شهر», «مدیر کل»)
    glued_titles = _glued_titles()
    for n in range(len(keys), 0, -1):
        hit = glued_titles.get("".join(keys[:n]))
        if hit and hit[0] != n:
            return n, hit[1]
    return None


def match_honorifics(tokens: list[str]) -> int:
    """How many leading tokens are honorifics."""
    table, lengths = _honorifics()
    keys = [squash(t) for t in tokens]
    i = 0
    n = len(keys)
    while i < n:
        # the longest honorific at i (two of one length that both match are the same)
        for k in lengths:
            if i + k <= n and tuple(keys[i : i + k]) in table:
                i += k
                break
        else:
            break
    return i


def opens_phrase(token: str) -> bool:
    """Does ``token`` open a circumstance phrase that runs to the next comma («در این جلسه، ...»)?"""
    return squash(token.strip("،,")) in _sets()["open_phrase"]


def is_connective(token: str) -> bool:
    """Is ``token`` a connective standing before a subject («اما», «همچنین»)?"""
    return squash(token.strip("،,")) in _sets()["open_word"]


def marks_other(token: str) -> bool:
    """Does ``token`` after a subject say it is someone other than the last speaker («X نیز گفت»)?"""
    return squash(token.strip("،,")) in _sets()["other"]


def is_boundary(token: str) -> bool:
    """Does ``token`` end a subject phrase (a time, place or circumstance word: «در», «امروز»)?"""
    return squash(token.strip("،,")) in _sets()["boundaries"]


def is_pronoun(token: str) -> bool:
    """A singular pronoun («وی»): it refers to the last speaker."""
    return token.strip("،,") in _sets()["pronouns"]


def _is_group(tokens: list[str]) -> bool:
    """Does a subject open with a plural anaphor («آنان», «این دو مسئول»)?"""
    group = _sets()["group_pronouns"]
    return bool(tokens) and (squash(tokens[0]) in group or (len(tokens) > 1 and squash(tokens[0] + tokens[1]) in group))


def _is_anonymous(tokens: list[str]) -> bool:
    """Does a subject open with an anonymous source («یک مقام مسئول وزارت نیرو», «منابع آگاه»)?

    A prefix of whole tokens: the source stays anonymous whatever organisation follows it.
    """
    sets = _sets()
    if not tokens or squash(tokens[0]) not in sets["anonymous_first"]:
        return False  # most subjects: no anonymous phrase starts with their first word
    return any(squash(" ".join(tokens[:n])) in sets["anonymous"] for n in range(min(len(tokens), 4), 0, -1))


# words that open a description of a person: «این مقام مسئول», «یک استاد دانشگاه»
_DESCRIBERS = frozenset(("این", "همین", "یک"))


@lru_cache(maxsize=1)
def _subject_openers() -> frozenset[str]:
    """First words a subject phrase can start with: of a title, an honorific, a pronoun, a source."""
    sets = _sets()
    titles = {k[0] for k in _titles()[0]}
    honorifics = {h[0] for h in _honorifics()[0] if h}
    group = set(sets["group_pronouns"]) | {squash(r["pronoun"].split()[0]) for r in load_rows("pronouns.tsv")}
    return frozenset(titles | honorifics | group | sets["anonymous_first"] | {squash(p) for p in sets["pronouns"]})


def could_open_subject(token: str, known: AbstractSet[str] = frozenset()) -> bool:
    """Can a subject phrase start with ``token`` (a cheap test before ``parse_subject``)?

    A title, an honorific, a pronoun, an anonymous source, a demonstrative or a given
    name opens one, and so does a name already met in the article (``known``).
    """
    key = squash(token.strip("،,"))
    return key in _subject_openers() or key in _DESCRIBERS or key in known or is_first_name(key)


def is_first_name(token: str) -> bool:
    return squash(token) in _sets()["first_names"]


@dataclass(frozen=True)
class Subject:
    """What a subject phrase says about its referent. Offsets are into the phrase."""

    # "name" | "title" | "pronoun" | "group" (plural anaphor) | "demonstrative" | "indefinite"
    # | "anonymous" (a source who is not named on purpose: «یک مقام مسئول»; no speaker)
    kind: str
    text: str
    name: str | None = None  # as written, with honorifics
    honorifics: tuple[str, ...] = ()
    given: str | None = None
    family: str | None = None
    title_phrase: str | None = None
    title: TitleEntry | None = None


_NAME_MAX_TOKENS = 6
_NOT_IN_NAMES = re.compile(r"[0-9۰-۹()«»:؛]")


def _parse_name(text: str) -> tuple[str, tuple[str, ...], str | None, str | None] | None:
    tokens = words(text)
    if not tokens or len(tokens) > _NAME_MAX_TOKENS:
        return None
    if _NOT_IN_NAMES.search(text):  # no token holds a digit, a bracket, a quote or a colon
        return None
    h = match_honorifics(tokens)
    rest = tokens[h:]
    if not rest:
        return None
    honorifics = tuple(tokens[:h])
    # surnames are open-class, so a long phrase is only a name with some evidence:
    # an honorific or a known given name at its start
    if len(rest) > 2 and not honorifics and not is_first_name(rest[0]) and not is_first_name(rest[0] + rest[1]):
        return None
    if len(rest) == 1:
        return text.strip(), honorifics, None, rest[0]
    # a compound given name may be spaced («محمد رضا»): take the longest known prefix
    given_n = 1
    if len(rest) > 2 and is_first_name(rest[0] + rest[1]):
        given_n = 2
    return text.strip(), honorifics, " ".join(rest[:given_n]), " ".join(rest[given_n:])


@lru_cache(maxsize=64)  # a subject phrase is parsed several times per article (clauses, salience, coref)
def parse_subject(text: str) -> Subject | None:
    """Classify a subject phrase; None when it names no person (an organisation, a source)."""
    text = text.strip().strip("،,:؛ ")
    if not text:
        return None
    sets = _sets()
    tokens = words(text)
    if _is_group(tokens):
        return Subject("group", text)
    if text in sets["pronouns"] or (len(tokens) > 1 and is_pronoun(tokens[0])):
        return Subject("pronoun", tokens[0])
    if _is_anonymous(tokens):
        return Subject("anonymous", text)
    first = tokens[0]
    if first in _DESCRIBERS and len(tokens) > 1:
        # «این مقام مسئول», «یک استاد زمین‌شناسی»: a description of a person, unless it
        # names an organisation («این وزارتخانه») or a source («این منبع»)
        if squash(tokens[1]) in sets["org_heads"]:
            return None
        if _is_anonymous(tokens[1:]):
            return Subject("anonymous", text)
        t = match_title(tokens, 1)
        kind = "indefinite" if first == "یک" else "demonstrative"
        phrase = " ".join(tokens[1:])
        return Subject(kind, text, title_phrase=phrase, title=t[1] if t else None)
    if "،" in text:
        a, b = (p.strip() for p in text.split("،", 1))
        ta, tb = match_title(words(a)), match_title(words(b))
        if ta and not tb:  # «شهردار شیراز، مهندس حمیدرضا فتوحی»
            a, b, tb = b, a, ta
        if tb:
            parsed = _parse_name(a)
            if parsed:
                name, hon, given, family = parsed
                return Subject("name", text, name, hon, given, family, b, tb[1])
        parsed = _parse_name(a)
        if parsed and not tb:
            name, hon, given, family = parsed
            return Subject("name", text, name, hon, given, family)
        if ta and not (tb and tb is not ta):
            # «معاون سیاسی، امنیتی و اجتماعی استاندار تهران», «نماینده مردم تهران، ری و
            # شمیرانات در مجلس»: no name after the comma, so it lies inside the title
            return Subject("title", text, title_phrase=text, title=ta[1])
        return None
    t = match_title(tokens)
    if t:
        # a title followed by an honorific and a name: «استاندار قزوین، سید رضا ...» without comma
        for i in range(t[0], len(tokens)):
            if match_honorifics(tokens[i:]):
                parsed = _parse_name(" ".join(tokens[i:]))
                if parsed:
                    name, hon, given, family = parsed
                    return Subject("name", text, name, hon, given, family, " ".join(tokens[:i]), t[1])
        return Subject("title", text, title_phrase=text, title=t[1])
    if squash(first) in sets["org_heads"] or squash("".join(tokens[:2])) in sets["org_heads"]:
        return None
    titled = _name_then_title(tokens)
    if titled is not None:
        return titled
    parsed = _parse_name(text)
    if not parsed:
        return None
    name, hon, given, family = parsed
    return Subject("name", text, name, hon, given, family)


def _name_then_title(tokens: list[str]) -> Subject | None:
    """«علی احمدی کشاورز روستای کوشک», «دکتر رضایی مدیرکل ...»: a name and its post without a comma.

    The name needs a sign of one (an honorific, a known given name) and at least a
    surname after it, so a surname that is a title word («وکیل») stays a surname.
    """
    h = match_honorifics(tokens)
    for i in range(h + (1 if h else 2), min(len(tokens), h + 4)):
        t = match_title(tokens, i)
        if t is None:
            continue
        parsed = _parse_name(" ".join(tokens[:i]))
        if parsed is None:
            return None
        name, hon, given, family = parsed
        if not hon and not (given and is_first_name(given)):
            return None
        return Subject("name", " ".join(tokens), name, hon, given, family, " ".join(tokens[i:]), t[1])
    return None


def subject_end(tokens_text: str, known_names: AbstractSet[str] = frozenset()) -> int:
    """Length of the subject phrase at the start of ``tokens_text``.

    It ends at a clause boundary word; after a pronoun; or after a name already
    known in the article («پوررضا انتقال آب ... را ... دانست»).
    """
    sets = _sets()
    cut = len(tokens_text)
    first = True
    # tokens are read lazily: the phrase usually ends within a few words of a long sentence
    tokens = _TOKEN.finditer(tokens_text)
    toks = list(islice(tokens, 4))
    if toks and (is_pronoun(toks[0].group()) or squash(toks[0].group().strip("،,")) in sets["group_pronouns"]):
        return toks[0].end() - (1 if toks[0].group().endswith(("،", ",")) else 0)
    if known_names:
        groups = [t.group() for t in toks]
        for k in range(len(toks), 0, -1):
            if squash("".join(groups[:k])) in known_names and not groups[k - 1].endswith(("،", ",")):
                if k < len(groups) and groups[k] == _AND:
                    break  # «رضایی و کریمی گفتند»: the phrase goes on to the next person
                return toks[k - 1].end()
    for m in chain(toks, tokens):
        tok = m.group()
        bare = tok.strip("،,")
        if not first and (squash(bare) in sets["boundaries"] or tok.startswith("(")):
            # «نماینده مردم اهواز در مجلس شورای اسلامی»: «در مجلس» belongs to the title
            nxt = tokens_text[m.end() :].lstrip()
            if not (bare == "در" and (nxt.startswith("مجلس") or nxt.startswith("امور"))):
                cut = m.start()
                break
        first = False
    return cut


# --- more than one speaker -------------------------------------------------------

_AND = "و"
_COMMA_END = ("،", ",")


@lru_cache(maxsize=1)
def _collectives() -> tuple[frozenset[str], tuple[str, ...], frozenset[str], frozenset[str]]:
    """Plural nouns, plural endings (longest first), quantifiers, and the first words of titles."""
    rows = load_rows("collectives.tsv")

    def kind(k: str) -> list[str]:
        return [squash(r["word"]) for r in rows if r.get("kind") == k and r.get("word")]

    heads = frozenset(k[0] for k in _titles()[0])
    return (
        frozenset(kind("plural")),
        tuple(sorted(kind("ending"), key=len, reverse=True)),
        frozenset(kind("quantifier")),
        heads,
    )


def is_collective(text: str) -> bool:
    """Does a subject name a group of unnamed people («مسئولان», «برخی از کارشناسان»)?

    A plural noun of the lexicon, or a title of ``titles.tsv`` with a plural ending
    («مدیران», «نمایندگان»), optionally after a quantifier.
    """
    plural, endings, quantifiers, heads = _collectives()
    tokens = [t.strip("،,") for t in words(text)]
    i = 0
    for n in (2, 1):
        if len(tokens) >= n and squash("".join(tokens[:n])) in quantifiers:
            i = n
            break
    if i >= len(tokens):
        return i > 0  # «شماری» before «از نمایندگان» (a boundary word ended the subject)
    head = squash(tokens[i])
    if head in plural:
        return True
    for ending in endings:
        stem = head[: -len(ending)]
        # «نمایندگان» is «نماینده» + «گان» without the «ه»
        if head.endswith(ending) and len(stem) > 1 and (stem in heads or stem + "ه" in heads):
            return True
    return False


def _evidence(text: str, known: AbstractSet[str]) -> tuple[str, bool] | None:
    """How a phrase shows it names one person: (kind, carries a title); None: it does not.

    kind "title" (a title phrase), "name" (a name with an honorific or a title), "plain"
    (a known given name and a surname, or a surname already met in the article).
    """
    s = parse_subject(text)
    if s is None or s.kind not in ("title", "name"):
        return None
    if s.kind == "title":
        return "title", True
    if s.title or s.honorifics:
        return "name", s.title is not None
    if s.given is not None:
        return ("plain", False) if is_first_name(s.given) else None
    return ("plain", False) if s.family and squash(s.family) in known else None


def _spans(text: str, start: int, end: int, cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The pieces of ``text[start:end]`` between the separators ``cuts``, trimmed."""
    out = []
    for s, e in [*cuts, (end, end)]:
        a, b = start, s
        while a < b and text[a] in " \u200c":
            a += 1
        while b > a and text[b - 1] in " \u200c،,":
            b -= 1
        out.append((a, b))
        start = e
    return out


def _apposition(left: tuple[str, bool], right: tuple[str, bool]) -> bool:
    """Are two comma-separated phrases a name and its title («علی رضایی، شهردار تبریز»)?"""
    titles = [kind == "title" for kind, _ in (left, right)]
    names_untitled = all(not titled for kind, titled in (left, right) if kind != "title")
    return titles.count(True) == 1 and names_untitled


def _list_items(text: str, span: tuple[int, int], known: AbstractSet[str]) -> list[tuple[int, int]]:
    """Split a comma list of persons («X، Y»); a name with its title stays one item."""
    s0, e0 = span
    cuts = [(m.end() - 1, m.end()) for m in _TOKEN.finditer(text, s0, e0) if m.group().endswith(_COMMA_END)]
    if not cuts:
        return [span]
    items = _spans(text, s0, e0, cuts)
    out = [items[0]]
    merged = False  # an apposition joins one name and one title, no more
    for item in items[1:]:
        left = _evidence(text[out[-1][0] : out[-1][1]], known)
        right = _evidence(text[item[0] : item[1]], known)
        if left is not None and right is not None and (merged or not _apposition(left, right)):
            out.append(item)
            merged = False
        else:
            out[-1] = (out[-1][0], item[1])
            merged = True
    return out


def split_persons(
    text: str, known: AbstractSet[str] = frozenset(), protected: AbstractSet[int] = frozenset()
) -> list[tuple[int, int]]:
    """The persons a coordinated subject names («X و Y», «X، Y و Z»), as spans of ``text``.

    Empty when it names fewer than two: a «و» splits only where both sides show they
    name a person (a title, an honorific, a known given name) — not inside a title
    («وزیر راه و شهرسازی»), an honorific («حجت‌الاسلام و المسلمین») or at an offset in
    ``protected`` (inside an organisation's name). A plain name beside a title is too
    weak a sign: «مدیرکل آموزش و پرورش استان» is one title. ``known``: squashed names
    already met in the article.
    """
    ands = [(m.start(), m.end()) for m in _TOKEN.finditer(text) if m.group() == _AND and m.start() not in protected]
    if not ands:
        return []
    pieces = _spans(text, 0, len(text), ands)
    out = [pieces[0]]
    for piece in pieces[1:]:
        left = _evidence(text[out[-1][0] : out[-1][1]], known)
        right = _evidence(text[piece[0] : piece[1]], known)
        if (
            left is not None
            and right is not None
            and not ("plain" in (left[0], right[0]) and "title" in (left[0], right[0]))
        ):
            out.append(piece)
        else:
            out[-1] = (out[-1][0], piece[1])
    if len(out) < 2:
        return []
    return [item for span in out for item in _list_items(text, span, known)]
