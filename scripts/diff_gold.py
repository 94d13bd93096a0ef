#!/usr/bin/env python3
"""Show where extraction disagrees with gold annotations, statement by statement.

    python scripts/diff_gold.py ../shared/corpus/dev [NAME ...]

Prints missed and spurious statements and wrong speakers, with context, using the
library directly (no RDF). Matching follows tools/score.py: span overlap >= 0.5.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kg.extract.pipeline import extract
from kg.text.read import Source


def overlap(a, b) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def main() -> int:
    folder = Path(sys.argv[1])
    only = set(sys.argv[2:])
    for gold_path in sorted(folder.glob("*.gold.json")):
        name = gold_path.name.removesuffix(".gold.json")
        if only and name not in only:
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = (folder / f"{name}.txt").read_text(encoding="utf-8")
        article = extract(Source(text, name))
        officials = {o["id"]: o for o in gold.get("officials", [])}
        system = [(s, (s.span.start, s.span.end)) for s in article.statements]
        used: set[int] = set()
        lines = []
        for g in gold.get("statements", []):
            gspan = (g["start"], g["end"])
            best = max(range(len(system)), key=lambda i: overlap(system[i][1], gspan), default=None)
            if best is None or overlap(system[best][1], gspan) < 0.5:
                before = text[max(0, g["start"] - 50) : g["start"]]
                lines.append(f"  MISSED {g['verb']}: …{before}[[{text[g['start'] : g['end']][:60]}]]")
                continue
            used.add(best)
            s = system[best][0]
            person = article.person(s.speaker)
            want = officials.get(g["speaker"], {})
            want_label = want.get("name") or want.get("title")
            key = lambda x: (x or "").replace("\u200c", "").replace(" ", "")  # noqa: E731
            family = key(want.get("family") or "?")
            if not (key(want_label) and (key(want_label) in key(person.label) or key(person.label).endswith(family))):
                before = text[max(0, g["start"] - 70) : g["start"]]
                lines.append(f"  SPEAKER got {person.label!r} want {want_label!r}: …{before}")
        for i, (s, _span) in enumerate(system):
            if i not in used:
                lines.append(f"  SPURIOUS {s.verb}: [[{s.span.text[:60]}]] by {article.person(s.speaker).label!r}")
        if lines:
            print(name)
            print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
