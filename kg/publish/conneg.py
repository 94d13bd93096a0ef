"""Content negotiation: pick what to send from an ``Accept`` header (RFC 9110 §12.5.1).

>>> negotiate("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", ["text/turtle", "text/html"])
'text/html'
>>> negotiate("application/n-triples, text/turtle;q=0.5", ["text/html", "text/turtle", "application/n-triples"])
'application/n-triples'
>>> negotiate("*/*", ["text/html", "text/turtle"])
'text/html'
>>> negotiate("image/png", ["text/html"]) is None
True
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

__all__ = ["negotiate", "parse_accept"]


@lru_cache(maxsize=512)
def parse_accept(header: str) -> tuple[tuple[str, float, int], ...]:
    """(media range, q, position) for each entry, malformed ones skipped."""
    out = []
    for pos, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = max(0.0, min(1.0, float(f[2:])))
                except ValueError:
                    q = 0.0
        out.append((media, q, pos))
    return tuple(out)


def _quality(offer: str, ranges: Sequence[tuple[str, float, int]]) -> tuple[float, int, int]:
    """(q, specificity, -position) of the most specific range matching ``offer``."""
    kind = offer.split("/", 1)[0]
    best = (-1.0, -1, 0)
    for media, q, pos in ranges:
        if media == offer:
            spec = 2
        elif media == kind + "/*":
            spec = 1
        elif media == "*/*":
            spec = 0
        else:
            continue
        if spec > best[1]:
            best = (q, spec, -pos)
    return best


def negotiate(accept: str | None, offers: Sequence[str]) -> str | None:
    """The offer the client prefers; ties go to the client's order, then to ours. No (or an
    empty) Accept header: our first offer. None when nothing acceptable is offered."""
    if not accept or not accept.strip():
        return offers[0] if offers else None
    ranges = parse_accept(accept)
    if not ranges:
        return offers[0] if offers else None
    best: tuple[float, int, int, int] | None = None
    choice = None
    for i, offer in enumerate(offers):
        q, spec, pos = _quality(offer, ranges)
        if q <= 0:
            continue
        # an exact match listed earlier by the client beats a wildcard at the same q
        key = (q, 1 if spec == 2 else 0, pos, -i)
        if best is None or key > best:
            best, choice = key, offer
    return choice
