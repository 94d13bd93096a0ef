"""A document owns its raw text; everything else is a view into it.

``Document.raw`` is the text exactly as read. ``Document.norm`` is the normalised
copy that extraction matches on; ``OffsetMap`` maps every normalised span back to
the raw code points it came from, so provenance always points into ``raw``.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field


@dataclass(frozen=True)
class OffsetMap:
    """For each normalised character, the raw ``[start, end)`` it stands for.

    An inserted character (a repaired ZWNJ) has ``start == end``; a deleted raw
    character (a diacritic, a bidi mark) is absorbed into its neighbour's range.
    """

    starts: array
    ends: array
    raw_length: int

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``[start, end)`` covering the normalised ``[start, end)``."""
        starts, ends = self.starts, self.ends
        n = len(starts)
        if not 0 <= start <= end <= n:
            raise ValueError(f"span {start}:{end} outside normalised text of length {n}")
        if start == end:
            pos = starts[start] if start < n else self.raw_length
            return pos, pos
        raw_start = starts[start]
        # skip inserted characters at the start so the raw span begins on real text
        i = start
        while i < end - 1 and starts[i] == ends[i]:
            i += 1
            raw_start = starts[i]
        return raw_start, max(raw_start, ends[end - 1])

    def from_raw(self, start: int, end: int) -> tuple[int, int]:
        """Smallest normalised span whose raw image covers raw ``[start, end)``."""
        import bisect

        s = bisect.bisect_right(self.ends, start)
        e = bisect.bisect_left(self.starts, end)
        return s, max(s, e)


@dataclass(frozen=True)
class Span:
    """A view of ``doc.raw[start:end]`` (raw code-point offsets, end exclusive)."""

    doc: Document = field(repr=False, compare=False)
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.doc.raw[self.start : self.end]

    @property
    def norm(self) -> str:
        """The normalised form of this span."""
        s, e = self.doc.offsets.from_raw(self.start, self.end)
        return self.doc.norm[s:e]


@dataclass(frozen=True)
class Document:
    raw: str
    norm: str
    offsets: OffsetMap

    def span(self, norm_start: int, norm_end: int) -> Span:
        """The raw span behind a normalised ``[start, end)``."""
        s, e = self.offsets.to_raw(norm_start, norm_end)
        return Span(self, s, e)
