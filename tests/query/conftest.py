"""Fixtures for the query tests: the record-built corpus (corpus.py) in a store."""

from __future__ import annotations

import pytest
from corpus import graphs

from kg.store import Store


@pytest.fixture(scope="session")
def corpus_graphs():
    return graphs()


@pytest.fixture(scope="module")
def qstore(corpus_graphs):
    with Store() as st:
        for g in corpus_graphs:
            st.replace_article(g)
        yield st
