"""Find reporting clauses: their content span, verb, direct/indirect form and subject.

Works on normalised text, paragraph by paragraph. Forms handled:

- direct: ``SUBJECT ... VERB: content`` and ``VERB: «content»``; the content runs
  to the end of the paragraph or to the next sentence that opens a new clause; a
  kicker ``SUBJECT خبر داد:`` closing its paragraph takes the next paragraph;
- headline: ``TITLE: content`` before the agency line;
- quote first: ``«content»؛ این را SUBJECT ... VERB.`` and ``«content» را SUBJECT VERB``;
- indirect: ``SUBJECT CUE content، ... VERB`` (``با بیان اینکه``, ``با اشاره به`` ...),
  ``به گفته SUBJECT، content.``, ``SUBJECT گفت که content.``,
  ``SUBJECT از content خبر داد.``, ``SUBJECT content را ... دانست.``

A plural verb lets the subject name several people («X و Y گفتند»): the clause then
carries each of them (``Clause.joint``); a group of no one in particular
(«مسئولان گفتند») is no subject.

The subject phrase starts after the agency attribution and any circumstance before
it: up to its comma (past the commas of its «که» clause, to that clause's verb), or,
with no comma, at the first phrase that names someone («صبح امروز استاندار ...»).

Coreference (who ``وی`` is) is not decided here: each clause carries the subject
phrase as written, and ``coref`` resolves it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from kg.extract.cues import (
    ACCORDING_TO,
    SEP,
    assessment_verb_pattern,
    indirect_cue_pattern,
    is_finite_verb,
    is_plural_verb,
    reporting_verb_pattern,
)
from kg.extract.speakers import (
    Subject,
    could_open_subject,
    is_boundary,
    is_collective,
    is_connective,
    is_first_name,
    marks_other,
    match_title,
    opens_phrase,
    parse_subject,
    split_persons,
    squash,
    subject_end,
    words,
)
from kg.text.segment import Segment, paragraphs, sentences


@dataclass(frozen=True)
class Conjunct:
    """One more person of a joint subject («X و Y گفتند»): the phrase naming them."""

    subject: Subject | None
    start: int
    end: int


@dataclass
class Clause:
    """One reporting clause, offsets into normalised text.

    A joint subject («X و Y گفتند») keeps its first person in ``subject`` and the
    others in ``joint``: one clause, one content span, several speakers.
    """

    direct: bool
    verb: str
    verb_start: int
    verb_end: int
    start: int  # content
    end: int
    subject: Subject | None
    subject_start: int
    subject_end: int
    paragraph: int
    reporting: bool = True  # False: the subject of a sentence that reports nothing (salience only)
    joint: tuple[Conjunct, ...] = ()
    also: bool = False  # «X نیز گفت»: the subject is someone other than the last speaker


_AGENCY = re.compile(r"به\s+گزارش\s")  # used with .match(text, pos): anchored at pos, not by «^»
_SEGMENT = re.compile(r"^(\S+)\s[^،]{0,100}،\s*")
_WORD = re.compile(r"^(\S+)\s+")
_COLON = re.compile(r"\s*:\s*")
_HEADLINE = re.compile(r"^([^:«»،.]{3,80}?)\s*:\s*(\S.*)$")
_THAT = re.compile(r"\s+که\s+")
_FROM = re.compile(r"(?<!\S)از\s+")
_NEWS = re.compile(f"خبر{SEP}(?:داد|دادند|داده{SEP}است)$")
_OBJECT = re.compile(r"(?<!\S)را\s")
_AND = re.compile(r"\s+و\s+")
_QUOTE_THEN_SUBJECT = re.compile(r"\s*[؛،,;]?\s*(?:این\s+را\s+|را\s+)")
_NEXT_WORD = re.compile(r"\s*(\S+)")
_AND_WORD = re.compile(r"(?<!\S)و(?!\S)")


_ANY_TOKEN = re.compile(r"\S+")
_CIRCUMSTANCE_WORDS = 12  # how far an unpunctuated circumstance may run before its subject


def _names_someone(subject: Subject | None, known: set[str]) -> bool:
    """Is a phrase found after a circumstance a subject: a pronoun, a title, a name with a sign of one?"""
    if subject is None:
        return False
    if subject.kind in ("pronoun", "group", "title", "anonymous"):
        return True
    if subject.kind == "demonstrative":
        return subject.title is not None  # «این مقام مسئول», not «این نشست»
    if subject.kind != "name":
        return False
    if subject.honorifics or subject.title or squash(subject.family or "") in known:
        return True
    # «محمد کریمی»: a known given name and a surname, not «پایان این نشست ...»
    return bool(subject.given) and is_first_name(subject.given or "") and len(words(subject.name or "")) <= 3


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] == "\u200c"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "،,؛;\u200c"):
        end -= 1
    return start, end


def _closing_quote(text: str, open_pos: int, limit: int) -> int:
    depth = 0
    for i in range(open_pos, limit):
        if text[i] == "«":
            depth += 1
        elif text[i] == "»":
            depth -= 1
            if depth == 0:
                return i
    return -1


def _last(matches):
    last = None
    for last in matches:  # noqa: B007 - we want the final match
        pass
    return last


class _Matches:
    """Every match of a pattern in the text, found once; looked up by range.

    The lexicon patterns are large alternations: scanning the text once instead
    of once per sentence keeps extraction fast.
    """

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        self.matches = list(pattern.finditer(text))
        self.starts = [m.start() for m in self.matches]

    def within(self, start: int, end: int) -> list[re.Match[str]]:
        i = bisect.bisect_left(self.starts, start)
        out = []
        while i < len(self.matches) and self.matches[i].start() < end:
            if self.matches[i].end() <= end:
                out.append(self.matches[i])
            i += 1
        return out


def _direct_verbs(text: str, sent: Segment, verbs: _Matches) -> list[re.Match[str]]:
    """Reporting verbs in ``sent`` followed by a colon or an opening quote."""
    out = []
    for m in verbs.within(sent.start, sent.end):
        after = text[m.end() : m.end() + 3].lstrip()
        if after.startswith(":") or after.startswith("«"):
            # a verb inside a quotation is part of the quotation
            before = text[sent.start : m.start()]
            if before.count("«") > before.count("»"):
                continue
            out.append(m)
    return out


def _sentence_verb(verbs: _Matches, text: str, sent: Segment) -> re.Match[str] | None:
    """A verb that ends the sentence (before its full stop)."""
    end = sent.end
    while end > sent.start and text[end - 1] in ".!؟?» ":
        end -= 1
    last = _last(verbs.within(sent.start, end))
    return last if last is not None and last.end() == end else None


@dataclass
class _Scanner:
    text: str
    clauses: list[Clause] = field(default_factory=list)
    known: set[str] = field(default_factory=set)  # squashed names met so far: they bound later subjects
    _places: list | None = None  # place and organisation mentions, computed when a title needs its end
    _orgs: list = field(default_factory=list)
    # look past an unpunctuated circumstance for the subject: a reporting verb has one, but a
    # sentence that reports nothing may have none, and its objects («با حضور استاندار ...
    # برگزار شد») are no subject
    past_circumstance: bool = True

    # found on first use: a scanner that only reads subjects never needs them
    @cached_property
    def reporting(self) -> _Matches:
        return _Matches(reporting_verb_pattern(), self.text)

    @cached_property
    def assessing(self) -> _Matches:
        return _Matches(assessment_verb_pattern(), self.text)

    # --- subjects ------------------------------------------------------------
    def subject_span(self, start: int, end: int) -> tuple[int, int]:
        """The subject phrase at the start of ``text[start:end]``, after agency and circumstances."""
        text = self.text
        pos = start
        m = _AGENCY.match(text, pos, end)
        if m:
            comma = text.find("،", pos, end)
            if comma > 0:
                pos = comma + 1
        relative = False  # inside the «که» clause of a circumstance, which runs on to its verb
        while True:
            while pos < end and text[pos].isspace():
                pos += 1
            head = text[pos:end]
            m = _SEGMENT.match(head)
            # «در این جلسه، ...», «پیش از خطبه‌ها، ...»: a circumstance before the subject;
            # «در این نشست که با حضور X، معاون استاندار برگزار شد، ...»: its «که» clause
            # goes on past a comma, to the piece that ends with its verb
            if m and (relative or opens_phrase(m.group(1))):
                piece = m.group().rstrip("، ").split()
                ends_clause = bool(piece) and is_finite_verb(piece[-1])
                relative = not ends_clause and (relative or "که" in piece)
                pos += m.end()
                continue
            w = _WORD.match(head)
            if w and is_connective(w.group(1)):  # «اما رضا احمدی، ...»
                pos += w.end()
                continue
            if w and is_boundary(w.group(1)) and self.past_circumstance:  # «صبح امروز استاندار ...»: no comma
                pos = self._after_circumstance(pos, end)
            break
        e = pos + subject_end(text[pos:end], self.known)
        return _trim(text, pos, e)

    def _after_circumstance(self, pos: int, end: int) -> int:
        """Where the subject starts when an unpunctuated circumstance opens the sentence.

        A subject never starts with a boundary word («در ادامه این نشست مدیرکل راه و
        شهرسازی گفت», «روز گذشته استاندار گفت»): it is the first phrase further on that
        names someone. ``pos`` itself when none does.
        """
        text = self.text
        for k, m in enumerate(_ANY_TOKEN.finditer(text, pos, end)):
            if k > _CIRCUMSTANCE_WORDS:
                break
            if k == 0 or is_boundary(m.group()) or not could_open_subject(m.group(), self.known):
                continue
            s = m.start()
            phrase = text[s : s + subject_end(text[s:end], self.known)]
            if _names_someone(parse_subject(phrase), self.known):
                return s
        return pos

    def _in_names(self, start: int, end: int) -> frozenset[int]:
        """Offsets (from ``start``) of the «و» in ``text[start:end]`` that lie inside an organisation's name."""
        self._entities()
        return frozenset(
            m.start() - start
            for m in _AND_WORD.finditer(self.text, start, end)
            if any(o.start < m.start() < o.end for o in self._orgs if o.via != "context")
        )

    def _subjects(self, ss: int, se: int, plural: bool) -> tuple[Subject | None, int, int, tuple[Conjunct, ...]]:
        """The subject of ``text[ss:se]``; with a plural verb, every person of a joint subject."""
        phrase = self.text[ss:se]
        if plural and _AND_WORD.search(phrase):
            spans = split_persons(phrase, self.known, self._in_names(ss, se))
            if spans:
                people = [Conjunct(parse_subject(phrase[a:b]), ss + a, ss + b) for a, b in spans]
                return people[0].subject, people[0].start, people[0].end, tuple(people[1:])
        if plural and is_collective(phrase):
            return None, ss, se, ()  # «مسئولان گفتند»: no one in particular
        return parse_subject(phrase), ss, se, ()

    def _know(self, subject: Subject | None) -> None:
        if subject is not None and subject.kind == "name" and subject.family:
            self.known.add(squash(subject.family))
            self.known.add(squash((subject.given or "") + subject.family))

    def make(
        self,
        direct: bool,
        verb: re.Match[str] | tuple[str, int, int],
        start: int,
        end: int,
        subj: tuple[int, int] | None,
        para: int,
        allow_empty: bool = False,
        plural: bool | None = None,
    ) -> Clause | None:
        """A clause; ``plural``: is the reporting verb plural (default: read from ``verb``)."""
        text = self.text
        start, end = _trim(text, start, end)
        if end <= start and not allow_empty:
            return None
        if isinstance(verb, re.Match):
            v, vs, ve = verb.group(), verb.start(), verb.end()
        else:
            v, vs, ve = verb
        subject = None
        joint: tuple[Conjunct, ...] = ()
        ss = se = vs
        also = False
        if subj is not None:
            ss, se = subj
            if se > ss:
                nxt = _NEXT_WORD.match(text, se)
                also = nxt is not None and marks_other(nxt.group(1))
                subject, ss, se, joint = self._subjects(ss, se, is_plural_verb(v) if plural is None else plural)
        self._know(subject)
        for person in joint:
            self._know(person.subject)
        clause = Clause(direct, v, vs, ve, start, end, subject, ss, se, para, joint=joint, also=also)
        self.clauses.append(clause)
        return clause

    # --- clause forms ----------------------------------------------------------
    def quote_first(self, sent: Segment, para: int) -> bool:
        """«content»؛ این را SUBJECT ... VERB."""
        text = self.text
        if not text.startswith("«", sent.start):
            return False
        close = _closing_quote(text, sent.start, sent.end)
        if close < 0:
            return False
        m = _QUOTE_THEN_SUBJECT.match(text, close + 1, sent.end)
        vm = _last(self.reporting.within(close + 1, sent.end))
        if not (m and vm):
            return False
        subj = self.subject_span(m.end(), vm.start())
        self.make(True, vm, sent.start + 1, close, subj, para)
        return True

    def according_to(self, sent: Segment, para: int) -> bool:
        """به گفته SUBJECT، content."""
        m = ACCORDING_TO.match(self.text, sent.start)
        if not m:
            return False
        comma = self.text.find("،", m.end(), sent.end)
        if comma > 0:
            subj = _trim(self.text, m.end(), comma)
            cue = (m.group("cue"), m.start("cue"), m.end("cue"))  # the cue without the space after it
            self.make(False, cue, comma + 1, sent.end, subj, para)
        return True

    def verb_final(self, sent: Segment, para: int) -> bool:
        """«X گفت که ...», «X از ... خبر داد.», «X ... را ... دانست.»"""
        text = self.text
        for m in self.reporting.within(sent.start, sent.end):
            that = _THAT.match(text, m.end())
            if that:
                subj = self.subject_span(sent.start, m.start())
                self.make(False, m, that.end(), sent.end, subj, para)
                return True
        verb = _sentence_verb(self.reporting, text, sent)
        if verb is not None and _NEWS.search(verb.group()):
            subj = self.subject_span(sent.start, verb.start())
            frm = _FROM.search(text, subj[1], verb.start())
            if frm and subj[1] > subj[0]:
                self.make(False, verb, frm.end(), verb.start(), subj, para)
                return True
        verb = _sentence_verb(self.assessing, text, sent)
        if verb is not None:
            return self.assessment(sent.start, verb, para) is not None
        return False

    def news_joined(self, subj: tuple[int, int], main: re.Match[str], para: int) -> None:
        """«X از افتتاح پل خبر داد و گفت: ...»: a «از ... خبر داد» clause joined to the reporting verb."""
        text = self.text
        news = _last(self.reporting.within(subj[1], main.start()))
        if news is None or not _NEWS.search(news.group()):
            return
        joined = _AND.match(text, news.end())
        frm = _FROM.search(text, subj[1], news.start())  # as in verb_final: the content runs from «از»
        if joined is not None and joined.end() == main.start() and frm is not None and subj[1] > subj[0]:
            self.make(False, news, frm.end(), news.start(), subj, para, plural=is_plural_verb(main.group()))

    def _entities(self) -> None:
        """Place and organisation mentions, found on first use."""
        if self._places is None:
            from kg.extract.organizations import find_organizations
            from kg.extract.places import find_places

            self._places = find_places(self.text)
            self._orgs = find_organizations(self.text, self._places)

    def _title_end(self, start: int, end: int) -> int:
        """Where a title phrase in ``text[start:end]`` ends, when no boundary word says so.

        The organisation the title names closes it («وزیر کشور», «مدیرکل راه و
        شهرسازی استان گیلان»), else the first place («امام جمعه موقت قم»).
        """
        self._entities()
        for o in self._orgs:
            if o.start == start and o.via == "title" and o.end <= end:
                return o.end
        for m in self._places:
            if start < m.start and m.end <= end:
                return m.end
        return end

    def _end_before_object(self, ss: int, se: int, obj: int) -> int:
        """Where the subject phrase ``text[ss:se]`` of «SUBJECT X را Y دانست» ends (``obj``: «را»)."""
        text = self.text
        comma = text.find("،", ss, obj)
        if comma > ss:
            first = parse_subject(text[ss:comma])
            after, _ = _trim(text, comma + 1, obj)
            if match_title(words(text[after:obj])) is not None:
                return self._title_end(after, se)  # «X، شهردار اراک ... را»: the name and its post
            if first is not None and first.kind == "name":
                return comma  # «محمدمهدی شهریاری، عدم تأمین زمین را ...»: the name alone
        subject = parse_subject(text[ss:se])
        if subject is not None and subject.kind in ("title", "demonstrative"):
            return self._title_end(ss, se)
        return se

    def assessment(self, start: int, verb: re.Match[str], para: int) -> Clause | None:
        """«SUBJECT X را Y دانست»: the content is «X را Y»."""
        text = self.text
        ss, se = self.subject_span(start, verb.start())
        obj = _OBJECT.search(text, ss, verb.start()) if se > ss else None
        if obj is None:
            return None
        # «SUBJECT امروز در دیدار با استاندار، X را Y دانست»: the circumstance is not what was said
        comma = text.find("،", se, obj.start())
        w = _NEXT_WORD.match(text, se)
        if comma > se and w is not None and is_boundary(w.group(1)):
            return self.make(False, verb, comma + 1, verb.start(), (ss, se), para)
        se = self._end_before_object(ss, se, obj.start())
        if not _OBJECT.search(text, se, verb.start()):
            return None
        begin = se + 1 if text.startswith("،", se) else se
        return self.make(False, verb, begin, verb.start(), (ss, se), para)

    def sentence(self, sent: Segment, limit: int, para: int, verbs: list[re.Match[str]] | None = None) -> None:
        """The clause of one sentence; ``verbs``: its ``_direct_verbs`` when already known."""
        text = self.text
        if verbs is None:
            verbs = _direct_verbs(text, sent, self.reporting)
        if not verbs:
            if self.quote_first(sent, para) or self.according_to(sent, para):
                return
            self.verb_final(sent, para)
            return
        main = verbs[0]
        cue = indirect_cue_pattern().search(text, sent.start, main.start())
        subj = self.subject_span(sent.start, cue.start() if cue else main.start())
        if cue:
            comma = text.rfind("،", cue.end(), main.start())
            if comma > cue.end():  # the cue has no number: the main verb's tells one speaker from two
                self.make(False, cue, cue.end(), comma, subj, para, plural=is_plural_verb(main.group()))
        else:
            # «وی X را Y دانست و افزود: ...»: an assessment joined to the reporting verb
            av = _last(self.assessing.within(subj[1], main.start()))
            joined = _AND.match(text, av.end()) if av is not None else None
            if joined is not None and joined.end() == main.start():
                first = self.assessment(sent.start, av, para)
                if first is not None:  # both clauses share the subject the assessment found
                    subj = (first.subject_start, first.joint[-1].end if first.joint else first.subject_end)
            else:
                self.news_joined(subj, main, para)
        after = _COLON.match(text, main.end())
        start = after.end() if after else main.end()
        if text.startswith("«", start):
            close = _closing_quote(text, start, limit)
            end = close if close > 0 else limit
            start += 1
        else:
            end = limit
        # a kicker («X خبر داد:» ending its paragraph) is kept empty; find_clauses fills it
        self.make(True, main, start, end, subj, para, allow_empty=True)


def _opens_clause(text: str, sent: Segment, direct: list[re.Match[str]]) -> bool:
    """Does this sentence (with these ``_direct_verbs``) start a new reporting clause (ending the previous content)?"""
    return bool(direct) or bool(ACCORDING_TO.match(text, sent.start))


def _headline(scanner: _Scanner, para: Segment, index: int, bare: bool = False) -> None:
    """«استاندار یزد: آب خط دوم تا پایان آذر می‌رسد» — a headline with a titled speaker.

    ``bare``: also «رضایی: ...», a bare name the article quotes (its names must be known by then).
    """
    text = scanner.text
    m = _HEADLINE.match(text[para.start : para.end])
    if not m:
        return
    subject = parse_subject(m.group(1))
    if subject is None or subject.kind not in ("title", "name"):
        return
    if subject.kind == "name" and not subject.title and not (bare and _quoted(subject, scanner.known)):
        return
    s, e = para.start + m.start(1), para.start + m.end(1)
    colon = text.index(":", e)
    scanner.make(True, (":", colon, colon + 1), para.start + m.start(2), para.end, (s, e), index)


@lru_cache(maxsize=2)
def _segments(text: str) -> tuple[tuple[Segment, tuple[Segment, ...]], ...]:
    """Paragraphs with their sentences: find_clauses and find_salient_subjects share them."""
    return tuple((para, tuple(sentences(text, para))) for para in paragraphs(text))


def find_clauses(text: str) -> list[Clause]:
    """All reporting clauses in normalised ``text``, in text order."""
    scanner = _Scanner(text)
    segments = _segments(text)
    paras = [para for para, _ in segments]
    seen_agency = False
    headlines: list[tuple[Segment, int]] = []  # lines before the agency's that are no clause yet
    for p_index, (para, sents) in enumerate(segments):
        before = len(scanner.clauses)
        direct = [_direct_verbs(text, s, scanner.reporting) for s in sents]
        opens = [_opens_clause(text, s, d) for s, d in zip(sents, direct, strict=True)]
        for s_index, sent in enumerate(sents):
            # content of a direct clause runs until a later sentence opens a new clause
            limit = para.end
            for later in range(s_index + 1, len(sents)):
                if opens[later]:
                    limit = sents[later].start
                    break
            scanner.sentence(sent, limit, p_index, direct[s_index])
        new = scanner.clauses[before:]
        # a kicker «X خبر داد:» closing its paragraph introduces the next paragraph
        if new and new[-1].direct and new[-1].end <= new[-1].start and p_index + 1 < len(paras):
            nxt = paras[p_index + 1]
            new[-1].start, new[-1].end = _trim(text, nxt.start, nxt.end)
        elif not new and not seen_agency and len(paras) > 1:
            _headline(scanner, para, p_index)
            if len(scanner.clauses) == before:
                headlines.append((para, p_index))
        seen_agency = seen_agency or bool(_AGENCY.match(text, para.start))
    for para, p_index in headlines:  # «رضایی: ...» once the article has said who «رضایی» is
        _headline(scanner, para, p_index, bare=True)
    clauses = [c for c in scanner.clauses if c.end > c.start]
    clauses.sort(key=lambda c: (c.start, c.end))
    return clauses


def _quoted(subject: Subject, known: set[str]) -> bool:
    """Is a bare name («نیلی‌پور», «فرهاد نیلی‌پور») that of a person quoted in the article?"""
    return bool(subject.family) and squash((subject.given or "") + (subject.family or "")) in known


def find_salient_subjects(text: str, clauses: list[Clause]) -> list[Clause]:
    """Subjects of sentences that report nothing («معاون وزیر ... با استاندار دیدار کرد.»).

    They are not statements, but a following «وی» refers to them. Only people
    named with evidence count: a title, a name with an honorific or a title, or a
    name a reporting clause of the article also gives («نیلی‌پور اما قانع نیست. او
    می‌گوید: ...»). Sentences inside quoted content, and headlines, are skipped.
    """
    covered = [(c.start, c.end) for c in clauses] + [(c.subject_start, c.verb_end) for c in clauses]
    scanner = _Scanner(text, past_circumstance=False)
    for c in clauses:  # the people quoted anywhere in the article: their names bound subjects here
        scanner._know(c.subject)
        for person in c.joint:
            scanner._know(person.subject)
    out: list[Clause] = []
    for p_index, (_, sents) in enumerate(_segments(text)):
        for sent in sents:
            if any(s < sent.end and sent.start < e for s, e in covered):
                continue
            if text[sent.end - 1] not in ".!؟?»":
                continue  # a headline, not a sentence
            ss, se = scanner.subject_span(sent.start, sent.end)
            if se <= ss or se >= sent.end - 1:
                continue
            subject = parse_subject(text[ss:se])
            if subject is None or subject.kind not in ("title", "name"):
                continue
            # given-name lists are noisy («رفع», «تراز»): a bare name is not evidence enough
            # here, unless it names someone the article quotes, or it is a given name and a
            # surname right after the agency line, where news names the lead's speaker
            # («به گزارش ایرنا، علی رضایی امروز از ... بازدید کرد.»)
            if subject.kind == "name" and not (
                subject.title
                or subject.honorifics
                or _quoted(subject, scanner.known)
                or (_AGENCY.match(text, sent.start) and _names_someone(subject, scanner.known))
            ):
                continue
            out.append(Clause(False, "", se, se, se, se, subject, ss, se, p_index, reporting=False))
    return out
