"""Resolve the subject of every clause to a person of the article.

Rules, in order, for each clause in text order:

- a pronoun (``وی``, ``او``, ``ایشان``) or no subject → the previous speaker (or
  the previous subject of a sentence that reports nothing);
- an anonymous source («یک مقام مسئول در وزارت نیرو») → no one, and a following
  pronoun or «این مقام مسئول» refers to it, so to no one either;
- a joint subject («X و Y گفتند») → each person resolved like any other subject;
  a plural anaphor (``آنان``, ``این دو مسئول``) → every person of the last joint subject;
- a name → the person whose name ends with it (a surname, ``حسینی``; of two people
  with that surname, the one referred to last), else the unnamed holder of the same
  exclusive post («شهردار تبریز» quoted earlier), else a new person; a title
  written beside the name is attached to that person;
- a title (``شهردار همدان``, ``این نماینده مجلس``) → the person referred to last
  whose title matches (a generic «استان» stands for the place another title names),
  else the quoted person whose surname it is («کشاورز»), else a new unnamed person;
- news style: a lead that names its speaker only by title («شهردار همدان گفت»)
  is followed by a paragraph naming them («به گزارش ...، سید مسعود حسینی ...»);
  that first named person is the lead's title-only speaker when their titles do
  not conflict, or later, while that speaker is still speaking, a bare surname is;
- at the end, an unnamed person gets the one name the text writes beside their
  title («با حضور مهندس X، معاون ...», «X استاندار سمنان», «استاندار سمنان، X»).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import NamedTuple

from kg.extract.speakers import (
    Subject,
    TitleEntry,
    is_boundary,
    is_first_name,
    match_honorifics,
    match_title,
    parse_subject,
    squash,
    subject_end,
    words,
)
from kg.extract.statements import Clause
from kg.lexicons import load_list


@dataclass
class Entity:
    key: str
    name: str | None = None
    honorifics: tuple[str, ...] = ()
    given: str | None = None
    family: str | None = None
    title_phrases: list[str] = field(default_factory=list)
    title: TitleEntry | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)  # normalised offsets
    first_paragraph: int = 0
    lead_title_only: bool = False

    @property
    def name_key(self) -> str:
        parts = [p for p in (self.given, self.family) if p]
        return squash("".join(parts)) if parts else ""


_DROP = {"اسلامی", "دیگر", "مردم", "محترم", "جدید", "سابق", "کل"}


def _stem(word: str) -> str:
    # «شهرداری» and «شهردار» name the same post in a title phrase
    return word[:-1] if len(word) > 3 and word.endswith("ی") else word


@lru_cache(maxsize=1024)  # the same phrases are compared again and again
def title_key(phrase: str) -> tuple[str, ...]:
    """Title words without the ones writers drop or add freely («شورای اسلامی شهر» = «شورای شهر»)."""
    return tuple(_stem(squash(w.strip("،,"))) for w in words(phrase) if w.strip("،,") and w.strip("،,") not in _DROP)


@lru_cache(maxsize=1)
def _place_references() -> tuple[tuple[tuple[str, ...], ...], frozenset[str]]:
    """Title-key forms of «استان», «این شهرستان» ... (longest first), and their last words (kinds of place)."""
    refs = {title_key(p) for p in load_list("place_references.tsv")}
    refs.discard(())
    return tuple(sorted(refs, key=len, reverse=True)), frozenset(r[-1] for r in refs)


def _place_tail(key: tuple[str, ...]) -> int:
    """How many last words of a title key are a generic place reference («... این شهرستان»)."""
    refs, _ = _place_references()
    for ref in refs:
        if len(key) > len(ref) and key[-len(ref) :] == ref:
            return len(ref)
    return 0


def _same_post_elsewhere(ka: tuple[str, ...], kb: tuple[str, ...]) -> bool:
    """«فرمانده انتظامی استان» / «فرمانده انتظامی لرستان»: the generic place stands for the named one.

    The post before the generic word must be all of the other title but its place
    (at most three words), and that place must not be of another kind («استان» is not
    «شهرستان دلفان»).
    """
    _, kinds = _place_references()
    for x, y in ((ka, kb), (kb, ka)):
        n = _place_tail(x)
        if not n:
            continue
        post, rest = x[:-n], y[len(x) - n :]
        if y[: len(post)] == post and 0 < len(rest) <= 3 and not (rest[0] in kinds and rest[0] != x[-1]):
            return True
    return False


def _titles_match(a: str, b: str) -> bool:
    """Could two title phrases name the same post?

    One is a prefix of the other («عضو کمیسیون عمران مجلس» / «... مجلس شورای اسلامی»),
    or they share head and place and one's words are all in the other («معاون شهردار
    تهران» / «معاون حمل‌ونقل و ترافیک شهرداری تهران»), or the shorter, with its head,
    is the longer with words left out («معاون استاندار» / «معاون عمرانی استاندار گیلان»),
    or one writes a generic place for the other's («... استان» / «... لرستان»).
    """
    ka, kb = title_key(a), title_key(b)
    if not ka or not kb:
        return False
    n = min(len(ka), len(kb))
    if ka[:n] == kb[:n]:
        return True
    sa, sb = set(ka), set(kb)
    if ka[0] == kb[0] and ka[-1] == kb[-1] and (sa <= sb or sb <= sa):
        return True
    # «معاون استاندار» / «معاون عمرانی استاندار گیلان»: the short post is the long one with words left out
    short, long = sorted((ka, kb), key=len)
    rest = iter(long)
    if len(short) > 1 and short[0] == long[0] and all(w in rest for w in short):
        return True
    return _same_post_elsewhere(ka, kb)


def _titles_conflict(a: Subject, b: Entity) -> bool:
    """Can a subject's title and an entity's titles not describe the same person?

    Two different exclusive posts conflict (a mayor is not a governor), and so do a
    public post and a title that is none (an expert); a member, a deputy or a
    professor may be written up under several titles.
    """
    if not a.title or not b.title or not a.title_phrase:
        return False
    if any(_titles_match(a.title_phrase, t) for t in b.title_phrases):
        return False
    if a.title.official != b.title.official:
        return True  # an expert or a resident is not the official quoted by post
    return a.title.exclusive and b.title.exclusive and a.title.title != b.title.title


class Speaker(NamedTuple):
    """A person a clause is attributed to, and the subject phrase naming them there."""

    entity: Entity
    start: int
    end: int


class Resolver:
    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self.last: Entity | None = None
        self.group: list[Entity] = []  # the people of the last joint subject
        self._leads: list[Entity] = []  # lead speakers known only by title, waiting for a name
        self._by_span: dict[tuple[int, int], Entity | None] = {}  # one subject phrase, one referent
        # an anonymous source («یک مقام مسئول ... گفت»): no person, but a following «وی»
        # or «این مقام مسئول» refers to it, so what they say is not attributed either
        self._anonymous = Entity(key="anonymous")
        self._recent: list[Entity] = []  # people by last reference, most recent last

    def _new(self, subject: Subject | None, para: int) -> Entity:
        e = Entity(key=f"p{len(self.entities) + 1}", first_paragraph=para)
        self.entities.append(e)
        self._recent.append(e)
        return e

    def _seen(self, e: Entity) -> None:
        """``e`` is referred to now: the most recent candidate for a surname or a title."""
        self.last = e
        if e is not self._anonymous and self._recent[-1] is not e:
            self._recent.remove(e)
            self._recent.append(e)

    def _by_name(self, subject: Subject) -> Entity | None:
        key = squash("".join(p for p in (subject.given, subject.family) if p))
        if len(key) < 3:
            return None
        # two people of one surname: «صادقی» is whichever of them was referred to last
        for e in reversed(self._recent):
            ek = e.name_key
            if ek and (ek == key or ek.endswith(key) or key.endswith(ek)):
                return e
        return None

    def _by_surname(self, text: str) -> Entity | None:
        """The person whose surname is all of ``text``, most recent first."""
        key = squash(text)
        return next((e for e in reversed(self._recent) if e.family and squash(e.family) == key), None)

    def _by_title(self, phrase: str, head_only: bool) -> Entity | None:
        for e in reversed(self._recent):
            for t in e.title_phrases:
                if _titles_match(phrase, t):
                    return e
        if head_only:
            head = title_key(phrase)[:1]
            for e in reversed(self._recent):
                if any(title_key(t)[:1] == head for t in e.title_phrases):
                    return e
        return None

    def _by_post(self, subject: Subject) -> Entity | None:
        """An unnamed person quoted by the same exclusive post a named subject now holds."""
        if not subject.title_phrase or subject.title is None or not subject.title.exclusive:
            return None
        for e in reversed(self._recent):
            if not e.name and any(_titles_match(subject.title_phrase, t) for t in e.title_phrases):
                return e
        return None

    def _lead_for(self, s: Subject, clause: Clause) -> Entity | None:
        """The lead speaker known only by title («شهردار زنجان گفت») a new name names, if any.

        The one just quoted if they are such a speaker, else the first of them. Their
        titles must not conflict, and the name must come soon after the lead (within two
        paragraphs) or, without a title, while that speaker is still speaking («وی افزود
        ... وی ادامه داد ... رضایی تصریح کرد»); a subject marked as someone else («X نیز
        گفت») does not name the speaker just quoted. A sentence that reports nothing may
        give the name too («به گزارش ایرنا، علی رضایی از ... بازدید کرد»).
        """
        if not self._leads:
            return None
        lead = self.last if any(self.last is x for x in self._leads) else self._leads[0]
        if lead is None or _titles_conflict(s, lead) or (clause.also and lead is self.last):
            return None
        near = clause.paragraph <= lead.first_paragraph + 2
        return lead if near or (lead is self.last and not s.title_phrase) else None

    def speakers(self, clause: Clause) -> list[Speaker]:
        """Who a reporting clause is attributed to: one person, or each person of a joint subject."""
        if clause.subject is not None and clause.subject.kind == "group":
            span = (clause.subject_start, clause.subject_end)
            for e in self.group:
                e.mentions.append(span)
            return [Speaker(e, *span) for e in self.group]
        if not clause.joint:
            e = self.resolve(clause)
            return [] if e is None else [Speaker(e, clause.subject_start, clause.subject_end)]
        leads = list(self._leads)
        parts = [clause] + [
            replace(clause, subject=p.subject, subject_start=p.start, subject_end=p.end, joint=()) for p in clause.joint
        ]
        out: list[Speaker] = []
        for part in parts:
            e = self.resolve(part)
            if e is not None and all(e is not s.entity for s in out):
                out.append(Speaker(e, part.subject_start, part.subject_end))
        # a joint speaker is no lead waiting for a name: a later name cannot tell which of them it names
        self._leads = [x for x in self._leads if any(x is y for y in leads) or all(x is not p.entity for p in out)]
        if len(out) > 1:
            self.group = [s.entity for s in out]
        return out

    def resolve(self, clause: Clause) -> Entity | None:
        s = clause.subject
        span = (clause.subject_start, clause.subject_end)
        if span[1] > span[0] and span in self._by_span:
            e = self._by_span[span]
        else:
            e = self._resolve(clause, s)
            if span[1] > span[0]:
                self._by_span[span] = e
                if e is not None and e is not self._anonymous:
                    e.mentions.append(span)
        if e is not None:
            self._seen(e)
        return None if e is self._anonymous else e

    def _resolve(self, clause: Clause, s: Subject | None) -> Entity | None:
        if (
            not clause.reporting
            and s is not None
            and s.kind == "name"
            and self._by_name(s) is None
            and self._lead_for(s, clause) is None
        ):
            # a person merely mentioned: remember them
            e = self._new(s, clause.paragraph)
            e.name, e.honorifics, e.given, e.family = s.name, s.honorifics, s.given, s.family
            if s.title_phrase:
                e.title_phrases.append(s.title_phrase)
                e.title = s.title
            return e
        if s is not None and s.kind == "anonymous":
            return self._anonymous
        if s is None or s.kind == "pronoun":
            if s is None and clause.subject_end > clause.subject_start:
                return None  # a subject that names no person (an organisation, a source)
            e = self.last
        elif s.kind == "name":
            e = self._by_name(s) or self._by_post(s) or self._lead_for(s, clause)
            if e is None:
                e = self._new(s, clause.paragraph)
            if e.name is None:  # a new person, or a name for an unnamed one: no lead waits for a name now
                self._leads.clear()
            self._leads = [x for x in self._leads if x is not e]
            if not e.name or (s.name and len(s.name) > len(e.name) and s.given):
                e.name, e.honorifics, e.given, e.family = s.name, s.honorifics, s.given, s.family
            elif e.family is None:
                e.family = s.family
            if s.title_phrase:
                e.title_phrases.append(s.title_phrase)
                e.title = e.title or s.title
        else:  # title, demonstrative, indefinite
            phrase = s.title_phrase or s.text
            e = None if s.kind == "indefinite" else self._by_title(phrase, head_only=s.kind == "demonstrative")
            if e is None and s.kind == "title":
                e = self._by_surname(s.text)  # «کشاورز ادامه داد»: a title word that is a quoted person's surname
            if e is None and s.kind == "demonstrative":
                # «این مقام مسئول», «این مسئول»: a description of the person just quoted
                e = self.last
                if e is not None and e is not self._anonymous and s.title is not None:
                    e.title_phrases.append(phrase)
                    e.title = e.title or s.title
                return e
            if e is None:
                e = self._new(s, clause.paragraph)
                if not any(x.name for x in self.entities if x is not e) and clause.paragraph <= 1:
                    self._leads.append(e)
            e.title_phrases.append(phrase)
            e.title = e.title or s.title
        return e


_COMMA = re.compile("،")
_PUNCT = re.compile(r"[،,.:؛«»()\n]")


def _name_before(left: list[str], title: str) -> Subject | None:
    """The name at the end of ``left`` (the words before a title) with a sign of one, and its post."""
    for k in range(min(6, len(left)), 1, -1):
        if match_title(left[-k:]):
            continue  # «شهردار تبریز، رئیس شورای شهر»: two posts, not a name and its post
        name = left[-k:]
        if any(w == "و" or is_boundary(w) for w in name[match_honorifics(name) :]):
            continue  # «شهردار تبریز و رئیس ...»: «تبریز و» is no name
        s = parse_subject(f"{' '.join(name)}، {title}")
        # «به گزارش ایسنا، استاندار ...»: two words before a title are a name only with a sign of one
        if s is not None and s.kind == "name" and s.title and (s.honorifics or (s.given and is_first_name(s.given))):
            return s
    return None


def _appositions(text: str, subjects: frozenset[int] = frozenset()) -> list[Subject]:
    """«NAME، TITLE» pairs anywhere in the text («با حضور مهندس حسن قربانیان، معاون ...»).

    ``subjects``: where clause subjects start. A title there opens the subject, so what
    the comma closes is a circumstance («در پایان این نشست، معاون وزیر ... گفت»), not a name.
    """
    out = []
    for m in _COMMA.finditer(text):
        before = text[max(0, m.start() - 80) : m.start()]
        after = text[m.end() : m.end() + 120]
        right = _PUNCT.split(after)[0]
        if m.end() + len(right) - len(right.lstrip()) in subjects:
            continue
        if not match_title(right.split()):
            continue  # cheap test first: an apposition's second half is a title
        s = _name_before(_PUNCT.split(before)[-1].split(), right[: subject_end(right)])
        if s is not None:
            out.append(s)
    return out


def _name_after(right: str, title: str) -> Subject | None:
    """The name that opens ``right`` (the text after «TITLE، »), with a sign of one.

    Where no boundary word ends it, the name is the usual honorifics, given name and
    one-word surname («سید محمدجواد کولیوند این پروژه‌ها را ...»).
    """
    tokens = words(right[: subject_end(right)])
    h = match_honorifics(tokens)
    if len(tokens) <= h + 1:
        return None
    given = 2 if len(tokens) > h + 2 and is_first_name(tokens[h] + tokens[h + 1]) else 1
    name = tokens[: h + given + 1]
    if any(w == "و" or is_boundary(w) or match_title([w]) for w in name[h:]):
        return None
    s = parse_subject(f"{title}، {' '.join(name)}")
    if s is not None and s.kind == "name" and s.title and (s.honorifics or (s.given and is_first_name(s.given))):
        return s
    return None


def _names_beside_title(text: str, phrase: str) -> list[Subject]:
    """The names written beside a title phrase outside «NAME، TITLE»: before it with no comma
    («با حضور محمدجواد کولیوند استاندار سمنان») or after it and a comma («استاندار سمنان،
    محمدجواد کولیوند این پروژه‌ها را ...»).

    Only where the phrase starts a post, not inside a longer one («معاون استاندار سمنان»).
    """
    out = []
    pos = text.find(phrase)
    while pos >= 0:
        left = _PUNCT.split(text[max(0, pos - 80) : pos])[-1].split()
        if not left or (text[pos - 1] == " " and not match_title(left[-1:])):
            s = _name_before(left, phrase) if left else None
            end = pos + len(phrase)
            if s is None and text.startswith("،", end):
                s = _name_after(_PUNCT.split(text[end + 1 : end + 120])[0], phrase)
            if s is not None:
                out.append(s)
        pos = text.find(phrase, pos + len(phrase))
    return out


def _name_from_appositions(entities: list[Entity], text: str, subjects: frozenset[int] = frozenset()) -> None:
    """Give an unnamed title-only person the name an apposition gives that title.

    ``subjects``: see ``_appositions``.
    """
    unnamed = [e for e in entities if not e.name and e.title_phrases]
    if not unnamed:
        return
    found = _appositions(text, subjects)
    for e in unnamed:
        # a post of one word («کشاورز») may be a surname: only a post with its organisation or place
        posts = [t for t in dict.fromkeys(e.title_phrases) if len(words(t)) > 1]
        near = [s for t in posts for s in _names_beside_title(text, t)]
        names = {
            (s.name, s.given, s.family, s.honorifics)
            for s in found + near
            if any(_titles_match(s.title_phrase or "", t) for t in e.title_phrases)
        }
        named = {n[0] for n in names}
        if len(named) == 1 and not any(x.name == next(iter(named)) for x in entities):
            e.name, e.given, e.family, e.honorifics = next(iter(names))[0:4]


def resolve(clauses: list[Clause], text: str = "") -> tuple[list[Entity], list[list[Speaker]]]:
    """The people of an article and, for each clause, its speakers (none: not a person).

    Clauses with ``reporting=False`` (subjects of other sentences) only move salience.
    """
    r = Resolver()
    speakers: list[list[Speaker]] = []
    for c in clauses:
        found = r.speakers(c)
        speakers.append(found if c.reporting else [])
    if text:
        subjects = frozenset(c.subject_start for c in clauses if c.subject_end > c.subject_start)
        _name_from_appositions(r.entities, text, subjects)
    return r.entities, speakers
