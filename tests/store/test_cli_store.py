"""`kg store stats | list | export | remove` (click's CliRunner)."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from multi_fixture import by_name

from kg.cli import main
from kg.store import Store


@pytest.fixture
def store_dir(tmp_path, items):
    path = tmp_path / "store"
    with Store(path) as st:
        for item in items:
            st.replace_article(item.graph)
    return path


def kg(*args: str):
    return CliRunner().invoke(main, list(args))


def test_stats(store_dir):
    r = kg("store", "stats", "--store", str(store_dir), "--json")
    assert r.exit_code == 0, r.output
    counts = json.loads(r.output)
    assert counts["articles"] == 11 and counts["people"] == 6
    r = kg("store", "stats", "--store", str(store_dir))
    assert f"store: {store_dir}" in r.output and "statements" in r.output


def test_list(store_dir, items):
    r = kg("store", "list", "--store", str(store_dir))
    lines = r.output.splitlines()
    assert lines[0].split() == ["date", "id", "statements", "source", "article"]
    assert lines[-1] == "(11 rows)"
    first = by_name(items, "2023-11-20")
    assert lines[2].startswith("2023-11-20  " + first.article.sha256[:16])


def test_export_and_remove(store_dir, tmp_path, items):
    out = tmp_path / "dump.trig"
    r = kg("store", "export", "--store", str(store_dir), "-o", str(out))
    assert r.exit_code == 0, r.output
    copy = ox.Store()
    copy.load(path=str(out))
    with Store(store_dir) as st:
        assert set(copy) == set(st.quads())
    nouri = by_name(items, "arak-nouri")
    r = kg("store", "remove", "--store", str(store_dir), nouri.article.sha256[:12])
    assert r.exit_code == 0 and str(nouri.graph.identifier) in r.output
    with Store(store_dir) as st:
        assert not st.has_article(nouri.article.sha256)
    r = kg("store", "remove", "--store", str(store_dir), nouri.article.sha256[:12])
    assert r.exit_code == 1 and r.output.startswith("kg: error: no article")
    r = kg("store", "export", "--store", str(store_dir), "-o", str(tmp_path / "x.json"))
    assert r.exit_code == 1 and "cannot tell the format" in r.output


def test_missing_store_is_an_error(tmp_path):
    r = kg("store", "stats", "--store", str(tmp_path / "none"))
    assert r.exit_code == 1 and "no store at" in r.output
    assert not (tmp_path / "none").exists()
