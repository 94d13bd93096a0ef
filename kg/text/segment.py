"""Paragraphs and sentences, as ``(start, end)`` offsets into normalised text.

A paragraph is a line (news agencies put one paragraph per line). A sentence
ends at ``.``, ``!``, ``؟`` or ``?`` followed by white space, a closing quote or
the end of the paragraph — never inside a number (``۲.۵``), an abbreviation
(``ق.ظ``, ``U.S.``) or a «quotation».
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TERMINATORS = ".!؟?"
_CLOSERS = "»\"')”’"
_DIGIT = re.compile(r"[0-9۰-۹]")


@dataclass(frozen=True)
class Segment:
    start: int
    end: int

    def slice(self, text: str) -> str:
        return text[self.start : self.end]


def paragraphs(text: str) -> list[Segment]:
    """Non-blank lines, trimmed of surrounding white space."""
    out: list[Segment] = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append(Segment(start, end))
    return out


def _is_boundary(text: str, i: int, end: int) -> bool:
    """Is the terminator at ``text[i]`` the end of a sentence?"""
    prev = text[i - 1] if i > 0 else ""
    nxt = text[i + 1] if i + 1 < end else ""
    if text[i] == "." and _DIGIT.match(prev or "x") and _DIGIT.match(nxt or "x"):
        return False  # decimal point
    if nxt and not (nxt.isspace() or nxt in _CLOSERS):
        return False  # «ق.ظ», «U.S.A», URLs
    # a single letter before a period is an abbreviation initial («م.», «J.»)
    before = text[i - 2] if i > 1 else " "
    return not (text[i] == "." and prev.isalpha() and before.isspace() and len(prev) == 1 and nxt != "")


_STOPS = re.compile(f"[«»{re.escape(_TERMINATORS)}]")  # the only characters that can end a sentence


def sentences(text: str, para: Segment | None = None) -> list[Segment]:
    """Sentences of one paragraph (or of the whole text)."""
    start, end = (para.start, para.end) if para else (0, len(text))
    out: list[Segment] = []
    depth = 0  # inside «...»: a full stop there does not end the reporting sentence
    s = start
    i = start
    # jump from one quote or terminator to the next: nothing else changes the state
    while (m := _STOPS.search(text, i, end)) is not None:
        i = m.start()
        ch = text[i]
        if ch == "«":
            depth += 1
        elif ch == "»":
            depth = max(0, depth - 1)
            # «... تمام شد.» closes the sentence with the quotation
            if depth == 0 and i > start and text[i - 1] in _TERMINATORS and (i + 1 >= end or text[i + 1].isspace()):
                out.append(Segment(s, i + 1))
                j = i + 1
                while j < end and text[j].isspace():
                    j += 1
                s = i = j
                continue
        elif depth == 0 and _is_boundary(text, i, end):
            j = i + 1
            while j < end and text[j] in _CLOSERS:
                j += 1
            out.append(Segment(s, j))
            while j < end and text[j].isspace():
                j += 1
            s = i = j
            continue
        i += 1
    if s < end:
        e = end
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append(Segment(s, e))
    return out
