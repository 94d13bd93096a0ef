"""The derived graph after any sequence of writes equals recomputing it from the article graphs."""

from __future__ import annotations

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.store import DERIVED_GRAPH, Store

OPS = st.lists(st.tuples(st.sampled_from(["put", "remove"]), st.integers(0, 7)), min_size=1, max_size=12)


def derived(store: Store) -> set:
    return set(store.raw.quads_for_pattern(None, None, None, ox.NamedNode(DERIVED_GRAPH)))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_incremental_equals_rebuild(corpus_graphs, ops):
    with Store() as store:
        stored: set[int] = set()
        for op, i in ops:
            g = corpus_graphs[i]
            if op == "put":
                store.replace_article(g)
                stored.add(i)
            elif i in stored:
                store.remove_article(str(g.identifier))
                stored.discard(i)
        incremental = derived(store)
        store.rebuild_derived()
        assert derived(store) == incremental
        if not stored:
            assert incremental == set()
