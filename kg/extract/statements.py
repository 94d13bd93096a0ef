"""Find reporting clauses: their content span, verb, direct/indirect form and subject.

Works on normalised text, paragraph by paragraph. Forms handled:

- direct: ``SUBJECT ... VERB: content`` and ``VERB: «content»``; the content runs
  to the end of the paragraph or to the next sentence that opens a new clause;
- quote first: ``«content»؛ این را SUBJECT ... VERB.`` and ``«content» را SUBJECT VERB``;
- indirect: ``SUBJECT CUE content، ... VERB`` (``با بیان اینکه``, ``با اشاره به`` ...);
- ``به گفته SUBJECT، content.``

Coreference (who ``وی`` is) is not decided here: each clause carries the subject
phrase as written, and ``coref`` resolves it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.cues import (
    ACCORDING_TO,
    SEP,
    assessment_verb_pattern,
    indirect_cue_pattern,
    reporting_verb_pattern,
)
from kg.extract.speakers import Subject, is_boundary_word, parse_subject, subject_end
from kg.text.segment import Segment, paragraphs, sentences


@dataclass
class Clause:
    """One reporting clause, offsets into normalised text."""

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
    inherit: bool = False  # no subject of its own: the speaker of the clause it is embedded in


_AGENCY = re.compile(r"^به\s+گزارش\s")
_LEADING_SEGMENT = re.compile(r"^(\S+)\s[^،]{0,100}،\s*")
_COLON = re.compile(r"\s*:\s*")
_TRAILING = " \t،,؛;"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "،,؛;"):
        end -= 1
    return start, end


def _subject_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The subject phrase at the start of ``text[start:end]``, after agency and adverbials."""
    head = text[start:end]
    consumed = 0
    m = _AGENCY.match(head)
    if m:
        comma = head.find("،")
        if comma < 0:
            return end, end
        consumed = comma + 1
    while True:
        rest = head[consumed:]
        stripped = len(rest) - len(rest.lstrip())
        m = _LEADING_SEGMENT.match(rest.lstrip())
        # «پیش از خطبه‌ها، ...», «در این جلسه، ...»: a circumstance before the subject
        if not m or not is_boundary_word(m.group(1)):
            consumed += stripped
            break
        consumed += stripped + m.end()
    s = start + consumed
    e = s + subject_end(text[s:end])
    return _trim(text, s, e)


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


def _direct_verbs(text: str, sent: Segment) -> list[re.Match[str]]:
    """Reporting verbs in ``sent`` followed by a colon or an opening quote."""
    out = []
    for m in reporting_verb_pattern().finditer(text, sent.start, sent.end):
        after = text[m.end() : m.end() + 3].lstrip()
        if after.startswith(":") or after.startswith("«"):
            # a verb inside a quotation is part of the quotation
            before = text[sent.start : m.start()]
            if before.count("«") > before.count("»"):
                continue
            out.append(m)
    return out


def _opens_clause(text: str, sent: Segment) -> bool:
    """Does this sentence start a new reporting clause (ending the previous content)?"""
    return bool(_direct_verbs(text, sent)) or bool(ACCORDING_TO.match(text, sent.start))


def find_clauses(text: str) -> list[Clause]:
    """All reporting clauses in normalised ``text``, in text order."""
    clauses: list[Clause] = []
    for p_index, para in enumerate(paragraphs(text)):
        sents = sentences(text, para)
        opens = [_opens_clause(text, s) for s in sents]
        for s_index, sent in enumerate(sents):
            # content of a direct clause runs until a later sentence opens a new clause
            limit = para.end
            for later in range(s_index + 1, len(sents)):
                if opens[later]:
                    limit = sents[later].start
                    break
            clauses.extend(_clauses_in_sentence(text, sent, limit, p_index))
    clauses.sort(key=lambda c: (c.start, c.end))
    return clauses


def _make(
    text: str, direct: bool, verb: re.Match[str] | tuple[str, int, int], start: int, end: int,
    subj: tuple[int, int] | None, para: int, inherit: bool = False,
) -> Clause | None:
    start, end = _trim(text, start, end)
    if end <= start:
        return None
    if isinstance(verb, re.Match):
        v, vs, ve = verb.group(), verb.start(), verb.end()
    else:
        v, vs, ve = verb
    subject = None
    ss = se = vs
    if subj is not None:
        ss, se = subj
        subject = parse_subject(text[ss:se]) if se > ss else None
    return Clause(direct, v, vs, ve, start, end, subject, ss, se, para, inherit)


def _content_end(text: str, start: int, limit: int) -> int:
    """End of a direct clause's content: the paragraph (or the next clause), up to its last stop."""
    return limit


def _clauses_in_sentence(text: str, sent: Segment, limit: int, para: int) -> list[Clause]:
    out: list[Clause] = []
    verbs = _direct_verbs(text, sent)
    cue_re = indirect_cue_pattern()

    # «content»؛ این را SUBJECT ... VERB. — the quotation opens the sentence
    if not verbs and text.startswith("«", sent.start):
        close = _closing_quote(text, sent.start, sent.end)
        if close > 0:
            tail = text[close + 1 : sent.end]
            m = re.match(r"\s*[؛،,;]?\s*(?:این\s+را\s+|را\s+)", tail)
            vm = _last(reporting_verb_pattern().finditer(text, close + 1, sent.end))
            if m and vm:
                s0 = close + 1 + m.end()
                subj = _subject_span(text, s0, vm.start())
                c = _make(text, True, vm, sent.start + 1, close, subj, para)
                if c:
                    out.append(c)
                return out

    # به گفته SUBJECT، content.
    m = ACCORDING_TO.match(text, sent.start)
    if m:
        comma = text.find("،", m.end(), sent.end)
        if comma > 0:
            subj = _trim(text, m.end(), comma)
            c = _make(text, False, (m.group("cue").strip(), m.start(), m.end()), comma + 1, sent.end, subj, para)
            if c:
                out.append(c)
        return out

    if not verbs:
        out.extend(_verb_final_clauses(text, sent, para))
        if out:
            return out

    main = verbs[0] if verbs else None
    head_end = main.start() if main else sent.end
    # indirect cues in the head of the sentence
    cue = cue_re.search(text, sent.start, head_end)
    subj_end = cue.start() if cue else head_end
    subj = _subject_span(text, sent.start, subj_end)
    if cue:
        comma = text.rfind("،", cue.end(), head_end)
        if comma > cue.end():
            c = _make(text, False, cue, cue.end(), comma, subj, para)
            if c:
                out.append(c)
    if main:
        after = _COLON.match(text, main.end())
        start = after.end() if after else main.end()
        if text.startswith("«", start):
            close = _closing_quote(text, start, limit)
            end = close if close > 0 else limit
            start += 1
        else:
            end = _content_end(text, start, limit)
        c = _make(text, True, main, start, end, subj, para)
        if c:
            out.append(c)
    return out


_THAT = re.compile(r"\s+که\s+")
_FROM = re.compile(r"(?<!\S)از\s+")
_NEWS = re.compile(f"خبر{SEP}(?:داد|دادند|داده{SEP}است)$")
_OBJECT = re.compile(r"(?<!\S)را\s")


def _last(matches):
    last = None
    for last in matches:  # noqa: B007 - we want the final match
        pass
    return last


def _sentence_verb(pattern: re.Pattern[str], text: str, sent: Segment) -> re.Match[str] | None:
    """A verb of ``pattern`` that ends the sentence (before its full stop)."""
    end = sent.end
    while end > sent.start and text[end - 1] in ".!؟?» ":
        end -= 1
    last = _last(pattern.finditer(text, sent.start, end))
    return last if last is not None and last.end() == end else None


def _verb_final_clauses(text: str, sent: Segment, para: int) -> list[Clause]:
    """Indirect forms whose reporting verb closes the sentence or precedes «که».

    «X گفت که ...», «X از ... خبر داد.», «X ... را ... دانست.»
    """
    out: list[Clause] = []
    # «وی گفت که این طرح تا پایان سال تمام می‌شود.»
    for m in reporting_verb_pattern().finditer(text, sent.start, sent.end):
        that = _THAT.match(text, m.end())
        if that:
            subj = _subject_span(text, sent.start, m.start())
            c = _make(text, False, m, that.end(), sent.end, subj, para)
            return [c] if c else []
    verb = _sentence_verb(reporting_verb_pattern(), text, sent)
    if verb is not None and _NEWS.search(verb.group()):
        subj = _subject_span(text, sent.start, verb.start())
        frm = _FROM.search(text, subj[1], verb.start())
        if frm and subj[1] > subj[0]:
            c = _make(text, False, verb, frm.end(), verb.start(), subj, para)
            if c:
                out.append(c)
        return out
    verb = _sentence_verb(assessment_verb_pattern(), text, sent)
    if verb is not None:
        subj = _subject_span(text, sent.start, verb.start())
        if subj[1] > subj[0] and _OBJECT.search(text, subj[1], verb.start()):
            start = subj[1]
            # skip circumstance phrases between the subject and the object («در این جلسه»)
            c = _make(text, False, verb, start, verb.start(), subj, para)
            if c:
                out.append(c)
    return out
