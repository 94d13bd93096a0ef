"""The speaker-attribution tuning set (tests/fixtures/tune): its gold is in step with its
builder, and the extractor's attributed F1 on it does not fall.

Attributed F1 is scored as ``score.py`` does (statements paired by span overlap ≥ 0.5; a
pair counts when the speaker is the gold official), except that the statements of a
joint subject, which share one span, are paired with the right speakers first.
"""

from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from pathlib import Path

import pytest

from kg.extract.pipeline import extract
from kg.records import Article, Person
from kg.text.read import Source

TUNE = Path(__file__).resolve().parents[1] / "fixtures" / "tune"
GOLDS = sorted(TUNE.glob("*.gold.json"))
# what the extractor reached when the set was written, less a small margin
MIN_ATTRIBUTED_F1 = 0.97
_HONORIFICS = ("حجت‌الاسلام", "والمسلمین", "آیت‌الله", "سید", "دکتر", "مهندس", "سردار", "خانم", "آقای")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("ي", "ی").replace("ك", "ک")
    return " ".join(text.replace("\u200c", " ").split())


def _name_key(name: str) -> str:
    words = _fold(name).split()
    while words and any(_fold(h) == words[0] for h in _HONORIFICS):
        words = words[1:]
    return "".join(words)


def _same_person(person: Person, gold: dict) -> bool:
    """As score.py: a name that ends like the gold name, or for an unnamed official the title."""
    labels = [x for x in (person.label, person.title) if x]
    if gold.get("name"):
        want = _name_key(gold["name"])
        return any(len(k) >= 3 and (k.endswith(want) or want.endswith(k)) for k in map(_name_key, labels))
    title = _fold(gold["title"]).replace(" ", "")
    return any(title in _fold(x).replace(" ", "") or _fold(x).replace(" ", "") in title for x in labels)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def attributed(article: Article, gold: dict) -> tuple[int, int, int]:
    """(rightly attributed statements, system statements, gold statements)."""
    officials = {o["id"]: o for o in gold["officials"]}
    system = [(s.span.start, s.span.end, article.person(s.speaker)) for s in article.statements]
    pairs = []
    for i, (a, b, person) in enumerate(system):
        for j, g in enumerate(gold["statements"]):
            ov = _overlap((a, b), (g["start"], g["end"]))
            if ov >= 0.5:
                pairs.append((ov, _same_person(person, officials[g["speaker"]]), i, j))
    used_s: set[int] = set()
    used_g: set[int] = set()
    hits = 0
    for _ov, ok, i, j in sorted(pairs, reverse=True):  # right speakers first among equal spans
        if i not in used_s and j not in used_g:
            used_s.add(i)
            used_g.add(j)
            hits += ok
    return hits, len(system), len(gold["statements"])


def test_the_set_is_there():
    assert len(GOLDS) >= 8


def test_tune_set_attributed_f1_does_not_fall():
    hit = n_sys = n_gold = 0
    for path in GOLDS:
        gold = json.loads(path.read_text(encoding="utf-8"))
        article = extract(Source((TUNE / gold["text_file"]).read_text(encoding="utf-8")))
        h, s, g = attributed(article, gold)
        hit, n_sys, n_gold = hit + h, n_sys + s, n_gold + g
    precision, recall = hit / n_sys, hit / n_gold
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= MIN_ATTRIBUTED_F1, f"attributed F1 {f1:.3f} on {len(GOLDS)} articles"


def _builder():
    spec = importlib.util.spec_from_file_location("tune_build", TUNE / "build_tune.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("art", _builder().ARTICLES, ids=lambda a: a["id"])
def test_files_are_what_the_builder_writes(art):
    text, gold = _builder().build(art)
    assert (TUNE / f"{art['id']}.txt").read_text(encoding="utf-8") == text
    assert json.loads((TUNE / f"{art['id']}.gold.json").read_text(encoding="utf-8")) == gold
    for st in gold["statements"]:  # offsets index the text as written
        assert text[st["start"] : st["end"]].strip() == text[st["start"] : st["end"]]
    assert not re.search("[⟨⟩⟦⟧]", text)
