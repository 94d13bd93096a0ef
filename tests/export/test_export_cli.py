"""``kg export`` on the command line."""

from __future__ import annotations

import json
import os
import re
import shutil

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("name", ["p.graphml", "p.gexf", "p.cyjs", "p.json", "p.dot", "p.html", "p.csv"])
def test_every_text_format_by_extension(tmp_path, sample_trig, name):
    out = tmp_path / name
    result = run("export", str(sample_trig), "--view", "people", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert re.search(r"people view of .*sample.trig: \d+ nodes, \d+ edges; ", result.stderr)
    if name.endswith(".csv"):
        assert (tmp_path / "p.nodes.csv").exists() and (tmp_path / "p.edges.csv").exists()
    else:
        assert out.stat().st_size > 0
        assert oct(out.stat().st_mode & 0o777) == oct(0o666 & ~_umask())  # shareable, not 0600


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")
@pytest.mark.parametrize("name", ["p.svg", "p.png"])
def test_drawings(tmp_path, sample_trig, name):
    result = run("export", str(sample_trig), "-o", str(tmp_path / name))
    assert result.exit_code == 0, result.output
    assert (tmp_path / name).stat().st_size > 100


def test_stdout_for_text_formats(sample_trig):
    result = run("export", str(sample_trig), "--view", "topics", "-o", "-", "--format", "node-link", "-q")
    assert result.exit_code == 0
    g = nx.node_link_graph(json.loads(result.stdout), edges="edges")
    labels = {d["label"] for _, d in g.nodes(data=True)}
    assert {"محمود مسگریان", "سید مسعود حسینی"} <= labels and result.stderr == ""


def test_several_files_and_views(tmp_path, rich_trig, sample_trig):
    for view in ("people", "topics", "full"):
        out = tmp_path / f"{view}.json"
        result = run("export", str(rich_trig), str(sample_trig), "--view", view, "-o", str(out), "-q")
        assert result.exit_code == 0, result.output
        g = nx.node_link_graph(json.loads(out.read_text(encoding="utf-8")), edges="edges")
        labels = {d["label"] for _, d in g.nodes(data=True)}
        assert "محمود مسگریان" in labels


@pytest.mark.parametrize(("args", "message", "code"), [
    (["-o", "x.xyz"], "cannot tell the export format of 'x.xyz'", 1),
    (["-o", "-", "-f", "csv"], "csv writes two files", 1),
    (["-o", "x.html", "--format", "pdf"], "unknown export format 'pdf'", 1),
])
def test_errors_are_one_line(sample_trig, args, message, code):
    result = run("export", str(sample_trig), *args)
    assert result.exit_code == code
    assert result.stderr.startswith("kg: error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_missing_file(tmp_path):
    result = run("export", str(tmp_path / "none.trig"), "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_files_and_store_together(tmp_path, sample_trig):
    result = run("export", str(sample_trig), "--store", str(tmp_path), "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 2 and "not both" in result.stderr


def test_missing_graphviz_is_a_clear_message(tmp_path, sample_trig, monkeypatch):
    from kg.export import writers

    monkeypatch.setattr(writers.shutil, "which", lambda name: None)
    result = run("export", str(sample_trig), "-o", str(tmp_path / "x.svg"))
    assert result.exit_code == 1
    assert "needs Graphviz's 'dot' program" in result.stderr and "apt-get install graphviz" in result.stderr
    assert not (tmp_path / "x.svg").exists()


def test_store(tmp_path, rich_store):
    out = tmp_path / "topics.gexf"
    result = run("export", "--store", str(rich_store), "--view", "topics", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "topics view of store" in result.stderr
    g = nx.read_gexf(out, version="1.3")
    assert any(d["type"] == "Project" for _, d in g.nodes(data=True))


def test_default_store_from_environment(tmp_path, monkeypatch, sample_graph):
    from kg.store import Store

    monkeypatch.setenv("KG_STORE", str(tmp_path / "default-store"))
    store = Store(tmp_path / "default-store")
    store.replace_article(sample_graph)
    store.close()
    del store
    result = run("export", "--store", "--view", "people", "-o", "-", "-f", "graphml", "-q")
    assert result.exit_code == 0, result.output
    assert "محمود مسگریان" in result.stdout


def test_help_lists_export():
    assert "export" in run("--help").output
    assert "--view [people|topics|full]" in run("export", "--help").output
