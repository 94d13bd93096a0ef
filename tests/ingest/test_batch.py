"""Batch ingestion: inputs of every kind, failures that do not stop the batch, resuming,
parallel runs that write what a sequential one writes, bounded read-ahead, the progress bar."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.ingest import (
    Failure,
    FileSink,
    Options,
    Progress,
    Summary,
    count_articles,
    ingest,
    iter_items,
    run,
)
from kg.text.read import Source

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MULTI = FIXTURES / "multi"
BASE = "https://w3id.org/officials-kg/id/"
KG = Path(sys.executable).with_name("kg")


def quads(path: Path) -> set:
    return set(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))


def texts(folder: Path, n: int) -> list[str]:
    out = []
    for f in sorted(folder.glob("*.json"))[:n]:
        out.append(json.loads(f.read_text(encoding="utf-8"))["text"])
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A folder of every input kind: .txt, .txt.gz, .jsonl (with a bad line), .jsonl.gz, a
    .json record, a gold file to ignore, an undecodable file, an empty one, a subfolder."""
    root = tmp_path_factory.mktemp("corpus")
    t = texts(MULTI, 6)
    (root / "a.txt").write_text(t[0], encoding="utf-8")
    (root / "b.txt.gz").write_bytes(gzip.compress(t[1].encode("utf-8")))
    lines = [json.dumps({"text": t[2], "url": "https://example.org/c", "date": "1404-07-15"}, ensure_ascii=False),
             "{not json",
             json.dumps({"title": "no text here"}),
             "",
             json.dumps({"text": t[3], "source": "ایرنا"}, ensure_ascii=False)]
    (root / "c.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    sub = root / "sub"
    sub.mkdir()
    (sub / "d.jsonl.gz").write_bytes(gzip.compress((json.dumps({"text": t[4]}, ensure_ascii=False) + "\n").encode()))
    (sub / "e.json").write_text(json.dumps({"text": t[5]}, ensure_ascii=False), encoding="utf-8")
    (sub / "e.gold.json").write_text("{}", encoding="utf-8")
    (root / "bad.txt").write_bytes(b"\xff\xfe\x00 binary")
    (root / "empty.txt").write_text("  \n", encoding="utf-8")
    (root / "notes.md").write_text("not an article", encoding="utf-8")
    return root


def test_reading_every_kind(corpus) -> None:
    items = list(iter_items([str(corpus)]))
    sources = [i for i in items if isinstance(i, Source)]
    failures = {Path(f.name).name: f for f in items if isinstance(f, Failure)}
    assert len(sources) == 6
    assert {Path(s.name.split(":")[0]).name for s in sources} == {
        "a.txt", "b.txt", "c.jsonl", "d.jsonl", "e.json"}
    assert set(failures) == {"c.jsonl:2", "c.jsonl:3", "bad.txt", "empty.txt"}
    assert failures["c.jsonl:2"].reason.startswith("not JSON")
    assert "text" in failures["c.jsonl:3"].reason
    assert failures["bad.txt"].exit_code == 2 and failures["empty.txt"].reason == "empty article"
    c1 = next(s for s in sources if s.name.endswith("c.jsonl:1"))
    assert (c1.url, c1.date) == ("https://example.org/c", "1404-07-15")
    assert count_articles([str(corpus)]) >= 10  # lines and files: an estimate for the ETA


def test_globs_and_missing_paths(corpus) -> None:
    from kg.errors import InputError

    assert len([i for i in iter_items([str(corpus / "*.txt")]) if isinstance(i, Source)]) == 1
    with pytest.raises(InputError, match="no file matches"):
        list(iter_items([str(corpus / "*.nothing")]))
    with pytest.raises(InputError, match="no such file"):
        list(iter_items([str(corpus / "missing.txt")]))


def test_batch_goes_on_and_reports_failures(corpus, tmp_path) -> None:
    out, errors = tmp_path / "out.nq", tmp_path / "errors.tsv"
    result = CliRunner().invoke(main, ["ingest", str(corpus), "-o", str(out), "--errors", str(errors)])
    assert result.exit_code == 2, result.output  # all failures are unreadable input
    assert "10 articles: 6 written, 4 failed" in result.output
    assert "FAILED" in result.output and "bad.txt" in result.output
    rows = [line.split("\t") for line in errors.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 4 and all(kind == "input" for _name, kind, _reason in rows)
    graphs = {q.graph_name for q in quads(out)}
    assert len(graphs) == 6


def test_text_no_utf8_can_hold_is_one_failure(tmp_path) -> None:
    """JSON's «\\ud800» escape makes a lone surrogate, which no UTF-8 output can hold: that line
    is unreadable input (it used to end the whole batch with a traceback when written)."""
    t = texts(MULTI, 2)
    corpus = tmp_path / "in.jsonl"
    corpus.write_text(json.dumps({"text": t[0][:30] + "\ud800" + t[0][30:]}) + "\n"
                      + json.dumps({"text": t[1]}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out.nq"
    result = CliRunner().invoke(main, ["ingest", str(corpus), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "2 articles: 1 written, 1 failed" in result.output
    assert "in.jsonl:1: 'text' is not valid Unicode" in result.output
    assert len({q.graph_name for q in quads(out)}) == 1


def test_shapes_failure_is_one_failure(monkeypatch, tmp_path) -> None:
    """An article whose graph violates the shapes is skipped with its reason (exit 3)."""
    from kg import ingest as ingest_module

    real = ingest_module.process

    def broken(src, *, base, validate=True):
        item = real(src, base=base, validate=False)
        if "arak-karimi" in src.name:  # drop every statement's speaker: minCount violations
            from kg.rdf.namespace import KG as KGNS

            item.triples = [t for t in item.triples if t[1] != f"<{KGNS.speaker}>"]
        return item

    monkeypatch.setattr(ingest_module, "process", broken)
    summary = ingest(iter_items([str(MULTI)]), FileSink(str(tmp_path / "o.nq"), "nquads", BASE), Options(base=BASE))
    assert summary.failures == 1 and summary.exit_code == 3
    failure = summary.failed[0]
    assert failure.kind == "shapes" and "arak-karimi" in failure.name
    assert "kg:speaker" in failure.reason
    assert summary.written == summary.articles - 1


def test_extraction_crash_is_one_failure(monkeypatch, tmp_path) -> None:
    from kg import ingest as ingest_module

    real = ingest_module.process

    def crashing(src, *, base, validate=True):
        if "tabriz-metro" in src.name:
            raise RuntimeError("boom")
        return real(src, base=base, validate=validate)

    monkeypatch.setattr(ingest_module, "process", crashing)
    summary = ingest(iter_items([str(MULTI)]), FileSink(str(tmp_path / "o.nq"), "nquads", BASE), Options(base=BASE))
    assert summary.failures == 1 and summary.failed[0].kind == "extract"
    assert "RuntimeError: boom" in summary.failed[0].reason and summary.exit_code == 1


def test_single_article_failure_is_the_command_error(tmp_path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe")
    out = tmp_path / "out.trig"
    result = CliRunner().invoke(main, ["ingest", str(bad), "-o", str(out)])
    assert result.exit_code == 2
    assert result.output.strip().startswith("kg: error: ") and "not valid UTF-8" in result.output
    assert not out.exists() and not list(tmp_path.glob(".out.trig.*"))  # nothing written, no temp left


def test_every_article_failing_writes_nothing(tmp_path) -> None:
    for name in ("x.txt", "y.txt"):
        (tmp_path / name).write_text(" ", encoding="utf-8")
    out = tmp_path / "out.nq"
    result = CliRunner().invoke(main, ["ingest", str(tmp_path / "x.txt"), str(tmp_path / "y.txt"), "-o", str(out)])
    assert result.exit_code == 2 and not out.exists()


def test_store_resumes_and_force_reingests(tmp_path) -> None:
    store = tmp_path / "store"
    first = CliRunner().invoke(main, ["ingest", str(MULTI), "--store", str(store)])
    assert first.exit_code == 0, first.output
    n = len(list(MULTI.glob("*.json")))
    assert f"({n} articles written; {n} in the store)" in first.output
    again = CliRunner().invoke(main, ["ingest", str(MULTI), "--store", str(store)])
    assert again.exit_code == 0 and f"{n} skipped" in again.output and "(0 articles written" in again.output
    forced = CliRunner().invoke(main, ["ingest", str(MULTI), "--store", str(store), "--force"])
    assert forced.exit_code == 0 and f"({n} articles written; {n} in the store)" in forced.output


def test_jobs_write_the_same_graph_in_the_same_order(tmp_path) -> None:
    one, two = tmp_path / "one.nq", tmp_path / "two.nq"
    for out, jobs in ((one, "1"), (two, "2")):
        proc = subprocess.run([str(KG), "ingest", str(MULTI), str(FIXTURES / "heldout"), "-o", str(out), "-j", jobs,
                               "-q"], capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr
    assert one.read_bytes() == two.read_bytes()  # input order kept: byte-identical


@pytest.mark.parametrize("fmt", ["trig", "turtle", "nt", "json-ld"])
def test_every_format_holds_the_batch(fmt, tmp_path) -> None:
    """Streamed TriG/Turtle/N-Triples (prefixes declared once, articles appended) and whole
    JSON-LD parse back to the graph of the N-Quads output."""
    from rdflib import Dataset, Graph

    ext = {"trig": "trig", "turtle": "ttl", "nt": "nt", "json-ld": "jsonld"}[fmt]
    nq, other = tmp_path / "all.nq", tmp_path / f"all.{ext}"
    for out in (nq, other):
        assert CliRunner().invoke(main, ["ingest", str(MULTI), "-o", str(out), "-q"]).exit_code == 0
    def triples(path: Path, rdf_format: str) -> tuple[set, int]:
        ds = Dataset()
        ds.parse(path, format=rdf_format)
        graphs = {g for *_t, g in ds.quads((None, None, None, None)) if g is not None}
        return {(s, p, o) for s, p, o, _g in ds.quads((None, None, None, None))}, len(graphs)

    want, n_graphs = triples(nq, "nquads")
    got, got_graphs = triples(other, fmt) if fmt in ("trig", "json-ld") else (set(Graph().parse(other, format=fmt)), 0)
    assert got == want
    if fmt in ("trig", "json-ld"):  # one named graph per article kept
        assert got_graphs == n_graphs


def test_stdout_streams_nquads() -> None:
    result = CliRunner().invoke(main, ["ingest", str(MULTI), "-o", "-", "-f", "nquads", "-q"])
    assert result.exit_code == 0
    lines = result.stdout_bytes.decode().splitlines()
    assert len(lines) > 1000 and all(line.endswith(" .") for line in lines)


def test_run_reads_ahead_a_bounded_amount() -> None:
    """Memory stays flat: with N jobs, at most jobs × 4 chunks are read ahead of the output."""
    consumed = 0
    source_texts = texts(MULTI, 3)

    def endless():
        nonlocal consumed
        while True:
            consumed += 1
            yield Source(text=source_texts[consumed % 3], name=f"a{consumed}")

    opts = Options(base=BASE, validate=False, output="nquads", details=False)
    for outputs, _out in enumerate(run(endless(), opts, jobs=2, chunk=2), 1):
        assert consumed - outputs <= 2 * 4 * 2 + 2
        if outputs == 40:
            break


def test_progress_bar_only_when_enabled() -> None:
    s = Summary(articles=50, written=48, skipped=1)
    s.fail(Failure("x", "input", "bad", 2))
    quiet = io.StringIO()
    Progress(100, enabled=False, stream=quiet).update(s, final=True)
    assert quiet.getvalue() == ""
    shown = io.StringIO()
    bar = Progress(100, enabled=True, stream=shown)
    bar.update(s, final=True)
    bar.close()
    text = shown.getvalue()
    assert "50/100 articles 50%" in text and "/s" in text and "ETA" in text and "1 failed" in text


def test_no_progress_in_a_pipe(tmp_path) -> None:
    proc = subprocess.run([str(KG), "ingest", str(MULTI), "-o", str(tmp_path / "o.nq")],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0 and "\r" not in proc.stderr and "ETA" not in proc.stderr


def test_bad_date_option_is_a_usage_error(tmp_path) -> None:
    result = CliRunner().invoke(main, ["ingest", str(MULTI), "--date", "yesterday", "-o", str(tmp_path / "o.nq")])
    assert result.exit_code == 2 and "bad date" in result.output
