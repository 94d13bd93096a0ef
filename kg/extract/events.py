"""Meetings, summits, sessions, ceremonies and visits in Persian news text.

``find_events(text, places=None, dates=None)`` takes NORMALISED Persian (ZWNJ present,
missing or typed as a space) and returns one :class:`EventMatch` per event with the offsets
of every mention; ``event_at(offset, events, text)`` tells at which event a statement was
made. Heads come from ``lexicons/event_heads.tsv``, venue heads from
``lexicons/venue_heads.tsv``. The rules (each tested in tests/extract/test_events.py):

* **Label.** The head and its ezafe noun phrase, ended as for projects (see
  :mod:`kg.extract.projects`) and also by «خود» («نشست خبری هفتگی خود که ...»): «اجلاس
  شهرداران کلانشهرهای کشور», «جلسه شورای اداری شهرستان X». Inside a label «از X» follows
  an object word («آیین بهره‌برداری از ایستگاه‌های ...»), «به X» a transfer («... انتقال
  آب ... به مشهد»), and a final «این/آن + noun» is kept («خطبه‌های نماز جمعه این شهر»). An
  ordinal before the head belongs to it («ششمین همایش ...»).
* **Which words introduce an event.** Heads with other senses (``context`` in the lexicon:
  «نشست» also "sat", «سفر» "travel", «نماز جمعه» in «خطیب نماز جمعه») need a preposition or
  a sentence start before them («در نشست ...», «طی سفر ...»); a head inside a venue's
  name («سالن همایش‌ها») is none. A future event («جلسه آینده», «نشست بعدی», «... برگزار
  می‌شود») and one named only by vague words («همایش دیگری») are not reported. An
  indefinite head («طی آیینی», «در جلسه‌ای») introduces an event; a bare definite
  one-word head («در پایان جلسه», «بخش دیگری از خطبه‌ها») refers to the latest event of
  its group and introduces one only in a sentence saying «برگزار شد/اقامه شد»; a bare
  multiword head («نشست خبری») is specific enough to introduce one.
* **Anaphora.** «این/آن/همین جلسه، اجلاس، آیین، همایش، مراسم، نشست ...» is a mention of the
  latest event of the same group, else of the latest gathering of any kind (an «این مراسم»
  after «آیین افتتاح ...»; «این نشست» after «جلسه ...»). Named mentions merge when one's
  distinguishing words are a subset of the other's.
* **Host city**: the first *city* these give, over the event's mentions in order, else
  the first province: «به میزبانی (شهر) X»; «در X برگزار شد»; a place in the venue; a
  place in the label; «این شهر» in the label (the latest city before it); the nearest
  city before the mention in its sentence («رئیس شورای اسلامی شهر اصفهان در جلسه علنی
  شورا ...»); finally the article's most mentioned city (named twice or more). A province
  is replaced by its same-named capital when the gazetteer has one («استان کرمان»). A
  visit is hosted where it goes («سفر ... به کرمانشاه») and nowhere else.
* **Venue**: «در (هتل|سالن|محل|ایستگاه|مصلای|...) ...» after a mention in its sentence
  (before a colon), up to «برگزار/اقامه/تشکیل ...», «در X برگزار», a comma, or any end
  when it starts with «محل»; its label is normalised like a project's.
* **Date**: the date mention (from ``kg.extract.dates.find_dates``) nearest to a mention in
  the part of its sentence before a colon, preferring resolved dates.
* Only the part of a sentence before its first colon, outside «...», tells where a
  statement was made: mentions there are the event's *settings* («X در جلسه ... گفت:»);
  an event named inside quoted content («گفت: در سفر اخیر رئیس‌جمهور ...») is kept but
  sets no scene. See :func:`event_at`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache, lru_cache
from typing import Protocol

from kg.extract.projects import (
    DEMONSTRATIVES,
    HEAD_SUFFIXES,
    STOP,
    HeadRow,
    Lexicon,
    NPOptions,
    OrgLike,
    PhraseTable,
    PlaceLike,
    ProjectMatch,
    TextView,
    char_offsets,
    extend_np,
    fold,
    head_table,
    lexicon,
    load_heads,
    make_label,
)
from kg.lexicons import load_list
from kg.text.normalise import ZWNJ

__all__ = ["EventMatch", "event_at", "find_events"]


class DateLike(Protocol):
    """What the finder reads of ``kg.extract.dates.DateMatch``."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def date(self) -> date | None: ...
    @property
    def jalali(self) -> str: ...


@dataclass(frozen=True, slots=True)
class EventMatch:
    key: str  # stable within the article, from the normalised label
    label: str
    mentions: tuple[tuple[int, int], ...]
    host_city: str | None = None  # gazetteer id
    venue: str | None = None
    date: date | None = None
    jalali: str | None = None
    kind: str = "meeting"  # meeting | summit | conference | ceremony | festival | exhibition | prayer | visit
    # mentions that set the scene for the statements after them (see event_at)
    settings: tuple[tuple[int, int], ...] = ()


# =============================================================================================
# Lexicon
# =============================================================================================

# a tuple, not a set: the lexicon is read in this order on every run
_GATHERING_KINDS = ("meeting", "summit", "conference", "ceremony", "festival", "exhibition", "prayer")
_GATHERINGS = frozenset(_GATHERING_KINDS)
_EVENT_KINDS = (*_GATHERING_KINDS, "visit", "not")


def _keys(words: str) -> frozenset[str]:
    return frozenset(fold(w) for w in words.split())


# Before a ``context`` head: a preposition or a word that places something in an event.
_CONTEXT_WORDS = _keys("در طی از پیش پس قبل بعد حاشیه پایان ابتدای ابتدا ادامه جریان برگزاری این آن همین")
_FUTURE = _keys("آینده بعدی آتی")
_HELD = _keys("برگزار اقامه تشکیل منعقد")  # «... برگزار شد»: the event took place
_OPENING = _keys("افتتاح")
_INAUGURATION = _keys("بهره‌برداری")
_HOSTING = fold("میزبانی")
_CITY_CUES = _keys("شهر استان شهرستان کلانشهر")
_NP_EVENT = NPOptions(limit=12, event=True)  # an event's name
_NP_VENUE = NPOptions(limit=10, statuses_stop=False)  # a venue's name


@dataclass(frozen=True)
class EventLexicon:
    heads: PhraseTable[HeadRow]
    venues: PhraseTable[str]
    np: Lexicon  # the project lexicon with this file's object words, for names


@cache
def event_lexicon() -> EventLexicon:
    rows = load_heads("event_heads.tsv")
    venues = PhraseTable([(v, v) for v in load_list("venue_heads.tsv")])
    objects = frozenset(fold(r.head) for r in rows.get("object", []))
    return EventLexicon(head_table(rows, _EVENT_KINDS, HEAD_SUFFIXES), venues, replace(lexicon(), objects=objects))


@cache
def _elsewhere_re() -> re.Pattern[str]:
    """Phrases saying a statement was made outside the article's events («در گفت‌وگو با»)."""
    rows = load_heads("event_heads.tsv").get("elsewhere", [])
    alternatives = sorted((flexible_pattern(r.head) for r in rows), key=len, reverse=True)
    return re.compile("|".join(alternatives) or "(?!)")


def flexible_pattern(phrase: str) -> str:
    """A regex for ``phrase`` that allows a ZWNJ, a space or nothing wherever the phrase has a
    ZWNJ or a space («گفت‌وگو» matches «گفتوگو», «گفت وگو»), delimited as a whole word."""
    return rf"(?<![^\W\d_]){_flexible_body(phrase)}(?![^\W\d_])"


def _flexible_body(phrase: str) -> str:
    parts = re.split(f"[ {ZWNJ}]+", phrase.strip())
    return f"[ {ZWNJ}]?".join(re.escape(p) for p in parts)


# =============================================================================================
# Finding mentions
# =============================================================================================


@dataclass(slots=True)
class _Mention:
    a: int  # token range
    b: int
    row: HeadRow
    dist: frozenset[str]
    anaphor: bool = False  # «این جلسه», «پایان جلسه»: refers to an event
    demonstrative: bool = False  # «این/آن/همین ...»
    indefinite: bool = False  # «طی آیینی»
    held: bool = False  # its sentence says the event took place («برگزار شد»)


def _find_mentions(tx: TextView, lex: EventLexicon) -> list[_Mention]:
    out: list[_Mention] = []
    done = 0
    for i in lex.heads.candidates(tx):
        if i < done:
            continue
        m = lex.heads.match(tx, i)
        if m is None:
            continue
        stop, row, suffix = m
        done = stop
        if row.kind == "not":
            continue
        if stop < tx.n and tx.glued[stop] and tx.keys[stop] in ("ها", "های", "هایی"):
            stop += 1
        mention = _mention_at(tx, i, stop, row, suffix, lex)
        if mention is not None:
            out.append(mention)
            done = mention.b
    return out


def _mention_at(tx: TextView, i: int, stop: int, row: HeadRow, suffix: str, lex: EventLexicon) -> _Mention | None:
    prev = i - 1 if i > 0 and tx.glued[i] else -1
    if prev >= 0 and tx.kinds[prev] == "word" and tx.keys[prev] in DEMONSTRATIVES:
        return _Mention(prev, stop, row, frozenset(), anaphor=True, demonstrative=True)
    if row.extent == "context" and not _in_context(tx, i):
        return None
    if prev >= 0 and _venue_word_before(tx, i, lex):
        return None  # «سالن همایش‌ها», «تالار اجلاس»: part of a venue's name
    indefinite = suffix in ("ی", "ای")
    end = stop if indefinite else extend_np(tx, stop, _NP_EVENT, lex.np)
    name = [t for t in range(stop, end) if tx.kinds[t] != "sym" and tx.keys[t] not in ("و",)]
    after = end if end < tx.n and tx.glued[end] else -1
    if any(tx.keys[t] in _FUTURE for t in name) or (after >= 0 and tx.keys[after] in _FUTURE):
        return None  # «جلسه آینده»: not (yet) an event of this article
    if name and all(tx.keys[t] in lex.np.vague for t in name):
        return None  # «همایش دیگری», «نشست جدید»: no event one can name
    if _to_be_held(tx, end):
        return None  # «... برگزار می‌شود / برگزار خواهد شد»
    if not name and row.kind == "visit" and tx.is_word(end, "به") and end + 1 in tx.place_at:
        name = [end + 1]  # «سفر به کرمانشاه»: a visit is named by where it goes
        end = tx.place_at[end + 1][0]
    a = prev if prev >= 0 and tx.kinds[prev] == "word" and tx.keys[prev].endswith("مین") else i
    held = _sentence_says_held(tx, i)
    # a bare one-word head («در پایان جلسه») refers back; «نشست خبری» alone is specific enough
    bare = not name and not indefinite and " " not in row.head.strip()
    return _Mention(a, end, row, _distinguishing(tx, name), anaphor=bare or row.extent == "anaphor",
                    indefinite=indefinite, held=held)


def _venue_word_before(tx: TextView, i: int, lex: EventLexicon) -> bool:
    for back in (1, 2):
        k = i - back
        if k >= 0 and (m := lex.venues.match(tx, k)) is not None and m[0] == i:
            return True
    return False


def _in_context(tx: TextView, i: int) -> bool:
    k = i - 1
    if k < 0 or not tx.glued[i] or tx.sent_of[k] != tx.sent_of[i]:
        return True
    if tx.kinds[k] == "sym":
        return tx.texts[k] in ":،؛«(\"."
    return tx.keys[k] in _CONTEXT_WORDS


def _to_be_held(tx: TextView, k: int) -> bool:
    """Does the clause after token ``k`` say the event will be held («برگزار می‌شود»)?"""
    sent = tx.sent_of[k] if k < tx.n else -1
    while k < tx.n and tx.sent_of[k] == sent and not tx.is_sym(k, ":،"):
        if tx.keys[k] in _HELD and k + 1 < tx.n:
            nxt = tx.texts[k + 1]
            return nxt.startswith(("می", "خواه")) or tx.keys[k + 1] in ("شود", "گردد")
        k += 1
    return False


def _sentence_says_held(tx: TextView, i: int) -> bool:
    sent = tx.sent_of[i]
    k = i
    while k < tx.n and tx.sent_of[k] == sent:
        if tx.keys[k] in _HELD:
            return True
        k += 1
    return False


def _distinguishing(tx: TextView, name: list[int]) -> frozenset[str]:
    out: set[str] = set()
    skip = -1
    for t in name:
        if t < skip:
            continue
        if t in tx.place_at:
            end, place = tx.place_at[t]
            out.add(place.place_id)
            skip = end
        elif tx.keys[t] not in STOP:
            out.add(tx.keys[t])
    return frozenset(out)


# =============================================================================================
# Merging
# =============================================================================================


@dataclass(slots=True, eq=False)  # compared by identity
class _Event:
    mentions: list[_Mention] = field(default_factory=list)

    @property
    def group(self) -> str:
        return self.mentions[0].row.group

    @property
    def kind(self) -> str:
        return self.mentions[0].row.kind

    def named(self) -> list[_Mention]:
        return [m for m in self.mentions if not m.anaphor]


def _merge(mentions: list[_Mention]) -> list[_Event]:
    events: list[_Event] = []
    latest: list[_Event] = []  # events by their latest mention, most recent last
    for m in mentions:
        target = _target(latest, m)
        if target is None:
            # a bare «جلسه» starts an event only where the sentence says it was held
            if m.anaphor and (m.demonstrative or not m.held):
                continue
            target = _Event()
            events.append(target)
        target.mentions.append(m)
        if target in latest:
            latest.remove(target)
        latest.append(target)
    return events


def _target(latest: list[_Event], m: _Mention) -> _Event | None:
    same = [e for e in latest if e.group == m.row.group]
    if m.anaphor:
        if same:
            return same[-1]
        if m.row.kind in _GATHERINGS and m.demonstrative:
            gatherings = [e for e in latest if e.kind in _GATHERINGS]
            return gatherings[-1] if gatherings else None
        return None
    if m.indefinite:
        return None
    for e in reversed(same):
        named = [x for x in e.named() if x.dist] or e.named()
        if any(m.dist <= x.dist or x.dist <= m.dist for x in named):
            return e
    return None


# =============================================================================================
# Attributes: host city, venue, date, label
# =============================================================================================


def _attribution_end(tx: TextView, m: _Mention) -> int:
    """End token of the part of the mention's sentence before its first colon after it."""
    end = bisect_right(tx.sent_of, tx.sent_of[m.a], m.b)  # the end of the sentence
    colons = tx.punct[":"]
    i = bisect_left(colons, m.b)
    return colons[i] if i < len(colons) and colons[i] < end else end


def _is_setting(tx: TextView, m: _Mention) -> bool:
    """Is the mention in the narrative part of its sentence (before a colon, outside «...»)?"""
    start = tx.sentence_start(m.a)

    def count(c: str) -> int:  # of the tokens «c» in the sentence before the mention
        marks = tx.punct[c]
        return bisect_left(marks, m.a) - bisect_left(marks, start)

    return count(":") == 0 and count("«") <= count("»")


def _venue(tx: TextView, m: _Mention, lex: EventLexicon) -> tuple[str, int, int] | None:
    """(venue text, start token, end token) of «در VENUE ...» after the mention."""
    end = _attribution_end(tx, m)
    for k in range(m.b, end - 1):
        if not tx.is_word(k, "در"):
            continue
        hit = lex.venues.match(tx, k + 1)
        if hit is None:
            continue
        stop = extend_np(tx, hit[0], _NP_VENUE, lex.np)
        if _venue_closed(tx, k + 1, stop):
            text = make_label(tx, k + 1, stop, lex.np)
            return text, k + 1, stop
    return None


def _venue_closed(tx: TextView, a: int, stop: int) -> bool:
    """A venue ends at «برگزار شد», at «در X برگزار», at a comma; «در محل ...» anywhere."""
    if tx.keys[a] == fold("محل"):
        return True
    if stop >= tx.n or tx.is_sym(stop, "،."):
        return True
    if tx.keys[stop] in _HELD:
        return True
    return tx.keys[stop] == "در" and stop + 1 in tx.place_at and tx.keys[tx.place_at[stop + 1][0]] in _HELD


def _host(tx: TextView, ev: _Event, venue_span: tuple[int, int] | None) -> str | None:
    """The first city the rules give, else the first province they give."""
    if ev.kind == "visit":
        # «سفر وزیر ... به خوزستان»: a visit's host is where it goes, and nothing else
        return next((found for m in ev.named() if (found := _destination(tx, m))), None)
    first: str | None = None
    for found in _host_candidates(tx, ev, venue_span):
        if found is None:
            continue
        if found.startswith("city-") or _capitals().get(found):
            return found
        first = first or found
    return first or _main_city(tx)


def _host_candidates(tx: TextView, ev: _Event, venue_span: tuple[int, int] | None) -> Iterator[str | None]:
    for m in ev.mentions:
        yield _hosted_by(tx, m)
    for m in ev.mentions:
        yield _held_in(tx, m)
    if venue_span is not None:
        yield _place_in(tx, *venue_span)
    for m in ev.named():
        yield _place_in(tx, m.a, m.b)
        yield _this_city(tx, m)
    for m in ev.mentions:
        yield _city_before(tx, m)


def _destination(tx: TextView, m: _Mention) -> str | None:
    if tx.is_word(m.b, "به") and m.b + 1 in tx.place_at:
        return tx.place_at[m.b + 1][1].place_id
    return _place_in(tx, m.a, m.b)


def _hosted_by(tx: TextView, m: _Mention) -> str | None:
    """«به میزبانی X»."""
    for k in range(m.b, _attribution_end(tx, m) - 2):
        if tx.is_word(k, "به") and tx.keys[k + 1] == _HOSTING:
            at = k + 3 if tx.keys[k + 2] in _CITY_CUES else k + 2  # «به میزبانی (شهر) اردبیل»
            if at in tx.place_at:
                return tx.place_at[at][1].place_id
    return None


def _held_in(tx: TextView, m: _Mention) -> str | None:
    """«... در تهران برگزار شد»."""
    for k in range(m.b, _attribution_end(tx, m) - 1):
        if tx.is_word(k, "در") and k + 1 in tx.place_at:
            end = tx.place_at[k + 1][0]
            if end < tx.n and tx.keys[end] in _HELD:
                return tx.place_at[k + 1][1].place_id
    return None


def _place_in(tx: TextView, a: int, b: int) -> str | None:
    found = [tx.place_at[k][1] for k in range(a, b) if k in tx.place_at]
    for kind in ("City", "Province"):
        for p in found:
            if p.kind == kind:
                return p.place_id
    return None


def _this_city(tx: TextView, m: _Mention) -> str | None:
    """«این شهر» inside the label: the latest city named before it."""
    for k in range(m.a, m.b - 1):
        if tx.keys[k] in DEMONSTRATIVES and tx.keys[k + 1] == fold("شهر"):
            return _latest_city(tx, tx.starts[m.a])
    return None


def _latest_city(tx: TextView, before: int) -> str | None:
    cities = [p for p in tx.places if p.kind == "City" and p.end <= before and getattr(p, "form", "name") == "name"]
    return cities[-1].place_id if cities else None


def _city_before(tx: TextView, m: _Mention) -> str | None:
    sent = tx.sent_of[m.a]
    k = m.a - 1
    while k >= 0 and tx.sent_of[k] == sent:
        if k in tx.place_at:
            place = tx.place_at[k][1]
            if place.kind == "City" and getattr(place, "form", "name") == "name":
                return place.place_id
        k -= 1
    return None


def _main_city(tx: TextView) -> str | None:
    counts = Counter(p.place_id for p in tx.places if p.kind == "City" and getattr(p, "form", "name") == "name")
    if not counts:
        return None
    pid, n = counts.most_common(1)[0]
    return pid if n >= 2 else None


@cache
def _capitals() -> dict[str, str]:
    """Province id -> the id of its same-named city («استان کرمان» -> کرمان), from the gazetteer."""
    try:
        from kg.extract.places import gazetteer
    except ImportError:  # the gazetteer is optional: ids then stay as they are
        return {}
    places = gazetteer().places
    by_name = {(p.name_fa, p.province_id): p.id for p in places.values() if p.kind == "City"}
    provinces = [p for p in places.values() if p.kind == "Province"]
    return {p.id: by_name[(p.name_fa, p.id)] for p in provinces if (p.name_fa, p.id) in by_name}


def _as_city(place_id: str | None) -> str | None:
    if place_id is None:
        return None
    return _capitals().get(place_id, place_id)


def _date(tx: TextView, ev: _Event, dates: Sequence[DateLike]) -> DateLike | None:
    if not dates:
        return None
    for m in ev.mentions:
        sent = tx.sent_of[m.a]
        a = m.a
        while a > 0 and tx.sent_of[a - 1] == sent:
            a -= 1
        lo, hi = tx.starts[a], tx.ends[_attribution_end(tx, m) - 1]
        near = [d for d in dates if lo <= d.start and d.end <= hi and (d.date is not None or d.jalali)]
        if near:
            centre = tx.starts[m.a]
            near.sort(key=lambda d: (d.date is None, abs(d.start - centre)))
            return near[0]
    return None


def _label(tx: TextView, ev: _Event, lex: EventLexicon, projects: Sequence[ProjectMatch] | None) -> str:
    named = [m for m in ev.named() if not m.indefinite]
    if named:
        best = max(named, key=lambda m: (len(m.dist), m.b - m.a, -m.a))
        return make_label(tx, best.a, best.b, lex.np)
    # «طی آیینی ... به بهره‌برداری رسید»: name the ceremony after what it opened
    m = ev.mentions[0]
    label = m.row.head
    sent = tx.sent_of[m.a]
    words = {tx.keys[k] for k in range(m.a, tx.n) if tx.sent_of[k] == sent}
    if m.row.kind == "ceremony":
        if words & _INAUGURATION:
            label += " بهره‌برداری"
        elif words & _OPENING:
            label += " افتتاح"
        project = _project_in_sentence(tx, sent, projects)
        if project is not None and label != m.row.head:
            label += (" از " if label.endswith("بهره‌برداری") else " ") + project.label
    return label


def _project_in_sentence(tx: TextView, sent: int, projects: Sequence[ProjectMatch] | None) -> ProjectMatch | None:
    for p in projects or ():
        for s, _ in p.mentions:
            k = tx.tok_at(s)
            if k < tx.n and tx.sent_of[k] == sent:
                return p
    return None


# =============================================================================================
# Public API
# =============================================================================================


def find_events(
    text: str,
    places: Sequence[PlaceLike] | None = None,
    dates: Sequence[DateLike] | None = None,
    *,
    orgs: Sequence[OrgLike] | None = None,
    projects: Sequence[ProjectMatch] | None = None,
) -> list[EventMatch]:
    """Events in normalised Persian ``text``, in order of first mention.

    Optional: ``orgs`` (``find_organizations``) keeps an organisation's name whole inside a
    label («نشست شورای برنامه‌ریزی و توسعه استان»); ``projects`` (``find_projects``) names a
    ceremony introduced without a name after what it opened («طی آیینی ...»).
    """
    tx = TextView(text, places, orgs)
    lex = event_lexicon()
    out: list[EventMatch] = []
    keys: set[str] = set()
    for ev in _merge(_find_mentions(tx, lex)):
        venue = next((v for m in ev.mentions if (v := _venue(tx, m, lex)) is not None), None)
        found = _date(tx, ev, dates or ())
        label = _label(tx, ev, lex, projects)
        key = f"event:{fold(label)}"
        n = 2
        while key in keys:
            key, n = f"event:{fold(label)}-{n}", n + 1
        keys.add(key)
        spans = tuple((tx.starts[m.a], tx.ends[m.b - 1]) for m in ev.mentions)
        out.append(
            EventMatch(
                key=key,
                label=label,
                mentions=spans,
                host_city=_as_city(_host(tx, ev, venue[1:] if venue else None)),
                venue=venue[0] if venue else None,
                date=found.date if found else None,
                jalali=(found.jalali or None) if found else None,
                kind=ev.kind,
                settings=tuple(s for m, s in zip(ev.mentions, spans, strict=True) if _is_setting(tx, m)),
            )
        )
    return out


_PARAGRAPH_BREAK = re.compile(r"\n\s*")
_TERMINATOR_CHARS = ".!؟?\n"
_QUOTES = frozenset("»\"'")


def event_at(offset: int, events: Sequence[EventMatch], text: str | None = None) -> str | None:
    """Key of the event at which a statement at ``offset`` was made, or None.

    The rule, on the events' *settings* (mentions in the narrative part of a sentence):

    1. a setting in the statement's own sentence («X در این جلسه گفت: ...», «... ؛ این را
       استاندار در آیین ... گفت») — the nearest before ``offset``, else the first after it;
    2. none when that sentence says the statement was made elsewhere («در گفت‌وگو با
       خبرنگار», «در پیامی»);
    3. else the latest setting before ``offset``, unless a sentence in between said
       "elsewhere" (the interview goes on with «وی افزود: ...»);
    4. else a statement in the lead, before any setting, belongs to the first event when that
       is set in the same or the next paragraph, among the first three («شهردار همدان گفت:
       ...» then «به گزارش ...، حسینی در اجلاس ... گفت»).

    ``text`` (the text the events were found in) enables the sentence, "elsewhere" and
    paragraph tests; without it rule 3 applies, and rule 4 within 400 characters.
    """
    settings = _settings(events)
    if not settings:
        return None
    if text is None:
        before = [x for x in settings if x[0] <= offset]
        if before:
            return before[-1][2]
        return settings[0][2] if settings[0][0] - offset <= 400 else None
    index = _text_index(text)
    lo, hi = index.sentence_span(offset)
    own = [x for x in settings if lo <= x[0] < hi]
    if own:
        before = [x for x in own if x[0] <= offset]
        return (before[-1] if before else own[0])[2]
    if index.elsewhere(lo, hi):
        return None
    before = [x for x in settings if x[1] <= lo]
    if before:
        last = before[-1]
        return None if index.elsewhere(last[1], lo) else last[2]
    para = bisect_left(index.paragraph_breaks, offset)
    first_para = bisect_left(index.paragraph_breaks, settings[0][0])
    return settings[0][2] if first_para <= min(para + 1, 2) else None


# (events, their settings) of the last call: event_at runs once per statement with the same events
_last_settings: tuple[tuple[EventMatch, ...], list[tuple[int, int, str]]] = ((), [])


def _settings(events: Sequence[EventMatch]) -> list[tuple[int, int, str]]:
    """(start, end, event key) of every setting, in order (don't mutate: it is shared)."""
    global _last_settings
    key, last = tuple(events), _last_settings
    if key == last[0]:  # the same objects compare equal at once
        return last[1]
    settings = sorted((s, e, ev.key) for ev in events for s, e in ev.settings)
    _last_settings = (key, settings)
    return settings


class _TextIndex:
    """Sentence ends, paragraph breaks and "elsewhere" phrases of one text, found once.

    ``event_at`` runs once per statement of an article: scanning the text with regexes on each
    call cost more than the rest of the linking. The lookups below give exactly what the
    windowed regex searches they replace gave.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        # a sentence ends at a newline, or at a terminator before white space, a closing quote
        # or the end of the text («۲.۵» is no end)
        self.sentence_ends = sorted(
            q
            for q in char_offsets(text, _TERMINATOR_CHARS)
            if text[q] == "\n" or q + 1 == len(text) or text[q + 1].isspace() or text[q + 1] in _QUOTES
        )
        # ``findall(text, 0, offset)`` counts the breaks that start before ``offset``
        self.paragraph_breaks = [m.start() for m in _PARAGRAPH_BREAK.finditer(text)]
        self._elsewhere_starts: list[int] | None = None

    def sentence_span(self, offset: int) -> tuple[int, int]:
        """(start, end) of the sentence around ``offset``: after the last sentence end in the
        2,000 characters before it, up to the first one from it."""
        text, ends = self.text, self.sentence_ends
        offset = max(0, min(offset, len(text)))
        # a terminator right before ``offset`` ends the sentence whatever follows it (the
        # search window ended there, so ``$`` matched)
        if offset and text[offset - 1] in _TERMINATOR_CHARS:
            lo = offset
        else:
            k = bisect_left(ends, offset) - 1
            lo = ends[k] + 1 if k >= 0 and ends[k] >= offset - 2000 else 0
        k = bisect_left(ends, offset)
        return lo, ends[k] + 1 if k < len(ends) else len(text)

    def elsewhere(self, lo: int, hi: int) -> bool:
        """Does an "elsewhere" phrase occur in ``text[lo:hi]`` (``_elsewhere_re().search(text, lo, hi)``)?"""
        starts = self._elsewhere_starts
        if starts is None:
            # every start of a phrase without its word boundaries (overlapping ones too); one
            # search per phrase, as each has a literal prefix that the regex engine skips to
            found: set[int] = set()
            for body in _elsewhere_bodies():
                m = body.search(self.text)
                while m is not None:
                    found.add(m.start())
                    m = body.search(self.text, m.start() + 1)
            starts = self._elsewhere_starts = sorted(found)
        # such a start inside the window is needed for a match, and rare: only then search
        k = bisect_left(starts, lo)
        if k == len(starts) or starts[k] >= hi:
            return False
        return _elsewhere_re().search(self.text, lo, hi) is not None


@lru_cache(maxsize=8)
def _text_index(text: str) -> _TextIndex:
    return _TextIndex(text)


@cache
def _elsewhere_bodies() -> tuple[re.Pattern[str], ...]:
    """The "elsewhere" phrases without their word boundaries."""
    return tuple(re.compile(_flexible_body(r.head)) for r in load_heads("event_heads.tsv").get("elsewhere", []))
