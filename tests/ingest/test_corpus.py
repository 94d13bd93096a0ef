"""bench/corpus.py: reproducible synthetic news whose gold the extractor reproduces."""

from __future__ import annotations

import gzip
import json

from bench.corpus import f1, generate, main, score
from kg.extract.pipeline import extract
from kg.text.read import Source


def test_same_seed_same_articles_and_sizes_nest() -> None:
    a = list(generate(12, seed=3))
    assert a == list(generate(12, seed=3))
    assert a[:5] == list(generate(5, seed=3))
    assert a != list(generate(12, seed=4))
    assert len({text for text, _ in a}) == 12


def test_gold_offsets_point_at_what_they_claim() -> None:
    forms = {"direct": 0, "indirect": 0, "zwnj": 0, "no-zwnj": 0, "scaled": 0}
    for text, gold in generate(60, seed=7):
        officials = {o["id"]: o for o in gold["officials"]}
        for o in gold["officials"]:
            spans = [text[s:e] for s, e in o["mentions"]]
            assert o["name"] in spans
            assert all(s in (o["name"], o["family"], "وی") or s.startswith(o["title"]) for s in spans)
        for st in gold["statements"]:
            content = text[st["start"]:st["end"]]
            assert st["speaker"] in officials and content.strip() == content and content
            forms["direct" if st["direct"] else "indirect"] += 1
            if st["direct"]:
                assert content.endswith(".") and text[st["start"] - 2:st["start"]] == ": "
            else:
                assert text[st["end"]] == "،"
        for q in gold["quantities"]:
            span = text[q["start"]:q["end"]]
            assert span.endswith(q["unit"])
            forms["scaled"] += any(w in span for w in ("هزار", "میلیارد"))
        forms["zwnj"] += "\u200c" in text
        forms["no-zwnj"] += "میشود" in text or "میرسد" in text
    assert all(v > 0 for v in forms.values()), forms


def test_extraction_reproduces_the_gold() -> None:
    """The generator is only useful while the extractor gets its articles right: quality at
    scale is measured against this gold (bench/ingest.py)."""
    totals: dict[str, int] = {}
    for text, gold in generate(40, seed=11):
        for k, v in score(extract(Source(text=text, name=gold["id"])), gold).items():
            totals[k] = totals.get(k, 0) + v
    assert f1(totals["match"], totals["sys"], totals["gold"]) >= 0.95
    assert f1(totals["attributed"], totals["sys"], totals["gold"]) >= 0.95
    assert f1(totals["q_hit"], totals["q_sys"], totals["q_gold"]) >= 0.95


def test_cli_writes_jsonl_gold_and_folders(tmp_path) -> None:
    out, gold = tmp_path / "c.jsonl.gz", tmp_path / "g.jsonl"
    assert main(["7", "-o", str(out), "--gold", str(gold), "--seed", "2"]) == 0
    with gzip.open(out, "rt", encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    golds = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(golds) == 7
    assert records[0]["text"] == next(generate(1, seed=2))[0] and records[0]["date"].startswith("1404-")
    folder = tmp_path / "news"
    assert main(["3", "--folder", str(folder)]) == 0
    assert len(list(folder.glob("*.gold.json"))) == 3 and len(list(folder.glob("*.txt"))) == 3
