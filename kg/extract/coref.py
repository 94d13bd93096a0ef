"""Resolve the subject of every clause to a person of the article.

Rules, in order, for each clause in text order:

- a pronoun (``وی``, ``او``, ``ایشان``) or no subject → the previous speaker;
- a joint subject («X و Y گفتند») → each person resolved like any other subject;
  a plural anaphor (``آنان``, ``این دو مسئول``) → every person of the last joint subject;
- a name → the person whose name ends with it (a surname, ``حسینی``), else the
  unnamed holder of the same exclusive post («شهردار تبریز» quoted earlier), else a
  new person; a title written beside the name is attached to that person;
- a title (``شهردار همدان``, ``این نماینده مجلس``) → the most recent person
  holding a matching title, else a new unnamed person;
- news style: a lead that names its speaker only by title («شهردار همدان گفت»)
  is followed by a paragraph naming them («به گزارش ...، سید مسعود حسینی ...»);
  that first named speaker is the lead's title-only speaker when their titles
  do not conflict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import NamedTuple

from kg.extract.speakers import (
    Subject,
    TitleEntry,
    is_first_name,
    match_title,
    parse_subject,
    squash,
    subject_end,
    words,
)
from kg.extract.statements import Clause


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


def _titles_match(a: str, b: str) -> bool:
    """Could two title phrases name the same post?

    One is a prefix of the other («عضو کمیسیون عمران مجلس» / «... مجلس شورای اسلامی»),
    or they share head and place and one's words are all in the other («معاون شهردار
    تهران» / «معاون حمل‌ونقل و ترافیک شهرداری تهران»), or the shorter, with its head,
    is the longer with words left out («معاون استاندار» / «معاون عمرانی استاندار گیلان»).
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
    return len(short) > 1 and short[0] == long[0] and all(w in rest for w in short)


def _titles_conflict(a: Subject, b: Entity) -> bool:
    """Can a subject's title and an entity's titles not describe the same person?

    Only two different exclusive posts conflict (a mayor is not a governor); a
    member, a deputy or a professor may be written up under several titles.
    """
    if not a.title or not b.title or not a.title_phrase:
        return False
    if any(_titles_match(a.title_phrase, t) for t in b.title_phrases):
        return False
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
        self._lead_pending: Entity | None = None  # a lead speaker known only by title
        self._by_span: dict[tuple[int, int], Entity | None] = {}  # one subject phrase, one referent

    def _new(self, subject: Subject | None, para: int) -> Entity:
        e = Entity(key=f"p{len(self.entities) + 1}", first_paragraph=para)
        self.entities.append(e)
        return e

    def _by_name(self, subject: Subject) -> Entity | None:
        key = squash("".join(p for p in (subject.given, subject.family) if p))
        if len(key) < 3:
            return None
        for e in reversed(self.entities):
            ek = e.name_key
            if ek and (ek == key or ek.endswith(key) or key.endswith(ek)):
                return e
        return None

    def _by_title(self, phrase: str, head_only: bool) -> Entity | None:
        for e in reversed(self.entities):
            for t in e.title_phrases:
                if _titles_match(phrase, t):
                    return e
        if head_only:
            head = title_key(phrase)[:1]
            for e in reversed(self.entities):
                if any(title_key(t)[:1] == head for t in e.title_phrases):
                    return e
        return None

    def _by_post(self, subject: Subject) -> Entity | None:
        """An unnamed person quoted by the same exclusive post a named subject now holds."""
        if not subject.title_phrase or subject.title is None or not subject.title.exclusive:
            return None
        for e in reversed(self.entities):
            if not e.name and any(_titles_match(subject.title_phrase, t) for t in e.title_phrases):
                return e
        return None

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
        pending = self._lead_pending
        parts = [clause] + [
            replace(clause, subject=p.subject, subject_start=p.start, subject_end=p.end, joint=()) for p in clause.joint
        ]
        out: list[Speaker] = []
        for part in parts:
            e = self.resolve(part)
            if e is not None and all(e is not s.entity for s in out):
                out.append(Speaker(e, part.subject_start, part.subject_end))
        if self._lead_pending is not pending and any(self._lead_pending is s.entity for s in out):
            self._lead_pending = pending  # a later name cannot tell which of them it names
        if len(out) > 1:
            self.group = [s.entity for s in out]
        return out

    def resolve(self, clause: Clause) -> Entity | None:
        s = clause.subject
        span = (clause.subject_start, clause.subject_end)
        if span[1] > span[0] and span in self._by_span:
            e = self._by_span[span]
            if e is not None:
                self.last = e
            return e
        e = self._resolve(clause, s)
        if span[1] > span[0]:
            self._by_span[span] = e
        if e is not None:
            if span[1] > span[0]:
                e.mentions.append(span)
            self.last = e
        return e

    def _resolve(self, clause: Clause, s: Subject | None) -> Entity | None:
        if not clause.reporting and s is not None and s.kind == "name" and self._by_name(s) is None:
            # a person merely mentioned: remember them, but they bind no lead title
            e = self._new(s, clause.paragraph)
            e.name, e.honorifics, e.given, e.family = s.name, s.honorifics, s.given, s.family
            if s.title_phrase:
                e.title_phrases.append(s.title_phrase)
                e.title = s.title
            return e
        if s is None or s.kind == "pronoun":
            if s is None and clause.subject_end > clause.subject_start:
                return None  # a subject that names no person (an organisation, a source)
            e = self.last
        elif s.kind == "name":
            e = self._by_name(s) or self._by_post(s)
            pending = self._lead_pending
            near = pending is not None and clause.paragraph <= pending.first_paragraph + 2
            if e is None and near and not _titles_conflict(s, pending):
                e = pending
            if e is None:
                e = self._new(s, clause.paragraph)
            if self._lead_pending is e or (self._lead_pending is not None and e.name is None):
                self._lead_pending = None
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
            if e is None and s.kind == "demonstrative":
                # «این مقام مسئول», «این مسئول»: a description of the person just quoted
                e = self.last
                if e is not None and s.title is not None:
                    e.title_phrases.append(phrase)
                    e.title = e.title or s.title
                return e
            if e is None:
                e = self._new(s, clause.paragraph)
                if not any(x.name for x in self.entities if x is not e) and clause.paragraph <= 1:
                    self._lead_pending = e
            e.title_phrases.append(phrase)
            e.title = e.title or s.title
        return e


_COMMA = re.compile("،")
_PUNCT = re.compile(r"[،,.:؛«»()\n]")


def _appositions(text: str) -> list[Subject]:
    """«NAME، TITLE» pairs anywhere in the text («با حضور مهندس حسن قربانیان، معاون ...»)."""
    out = []
    for m in _COMMA.finditer(text):
        before = text[max(0, m.start() - 80) : m.start()]
        after = text[m.end() : m.end() + 120]
        right = _PUNCT.split(after)[0]
        if not match_title(right.split()):
            continue  # cheap test first: an apposition's second half is a title
        left = _PUNCT.split(before)[-1].split()
        for k in range(min(6, len(left)), 1, -1):
            if match_title(left[-k:]):
                continue  # «شهردار تبریز، رئیس شورای شهر»: two posts, not a name and its post
            name = " ".join(left[-k:])
            s = parse_subject(f"{name}، {right[: subject_end(right)]}")
            # «به گزارش ایسنا، استاندار ...»: two words before a title are a name only with a sign of one
            if (
                s is not None
                and s.kind == "name"
                and s.title
                and (s.honorifics or (s.given and is_first_name(s.given)))
            ):
                out.append(s)
                break
    return out


def _name_from_appositions(entities: list[Entity], text: str) -> None:
    """Give an unnamed title-only person the name an apposition gives that title."""
    unnamed = [e for e in entities if not e.name and e.title_phrases]
    if not unnamed:
        return
    found = _appositions(text)
    for e in unnamed:
        names = {
            (s.name, s.given, s.family, s.honorifics)
            for s in found
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
        _name_from_appositions(r.entities, text)
    return r.entities, speakers
