"""Property tests: extraction never raises, every span lies in the text, content is the normalised span."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.extract.pipeline import extract
from kg.text.normalise import normalise
from kg.text.read import Source
from tests.conftest import SAMPLE, dev_articles


def _check(article) -> None:
    text = article.text
    for s in article.statements:
        assert 0 <= s.span.start < s.span.end <= len(text)
        assert text[s.span.start : s.span.end] == s.span.text
        # the raw span normalises to the stated content
        assert normalise(s.span.text).norm == s.content
        assert any(p.key == s.speaker for p in article.people)
    for q in article.quantities:
        assert 0 <= q.span.start < q.span.end <= len(text)
        assert q.value >= 0
    for p in article.people:
        for m in p.mentions:
            assert text[m.start : m.end] == m.text


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(max_size=300))
def test_random_unicode_never_raises(text):
    _check(extract(Source(text)))


def _articles() -> list[str]:
    texts = [SAMPLE.read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in dev_articles()[:5]]
    return texts


MUTATIONS = ["\u200c", " ", "", "،", ":", "«", "»", ".", "\n", "ي", "ك", "ـ", "\u200f", "۱", "وی گفت: "]


@settings(max_examples=120, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=12))
def test_mutated_articles_keep_the_invariants(seed, n):
    rng = random.Random(seed)
    text = rng.choice(_articles())
    chars = list(text)
    for _ in range(n):
        i = rng.randrange(len(chars))
        op = rng.random()
        if op < 0.4:
            chars[i] = rng.choice(MUTATIONS)
        elif op < 0.7:
            chars.insert(i, rng.choice(MUTATIONS))
        else:
            del chars[i]
    _check(extract(Source("".join(chars))))
