"""The command line as users meet it: one-line errors, exit codes, stdin/stdout, the store."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset

from kg.cli import main


def run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_help_lists_the_commands():
    result = run("--help")
    assert result.exit_code == 0
    for command in ("ingest", "validate", "reason"):
        assert command in result.output


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty article"),
        (b"   \n\t", "empty article"),
        (b"\xff\xfe\x00bad", "binary"),
        (b"\xd9\x85\xd8", "not valid UTF-8"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    out = tmp_path / "out.trig"
    result = run("ingest", str(bad), "-o", str(out))
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not out.exists()


def test_missing_file_and_unknown_format(tmp_path):
    result = run("ingest", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "x.trig"))
    assert result.exit_code != 0 and "no such file" in result.output
    article = tmp_path / "a.txt"
    article.write_text("علی رضایی، استاندار یزد گفت: آب شرب تأمین شد.", encoding="utf-8")
    result = run("ingest", str(article), "-o", str(tmp_path / "x.docx"))
    assert result.exit_code != 0 and "format" in result.output


def test_stdin_to_stdout(sample_text):
    result = run("ingest", "-", "-o", "-", "--format", "nquads", "-q", input=sample_text.encode("utf-8"))
    assert result.exit_code == 0
    ds = Dataset()
    ds.parse(data=result.stdout_bytes if hasattr(result, "stdout_bytes") else result.output, format="nquads")
    assert len(ds) > 100


def test_existing_output_survives_a_failed_run(tmp_path, sample_text):
    article = tmp_path / "a.txt"
    article.write_text(sample_text, encoding="utf-8")
    out = tmp_path / "out.ttl"
    assert run("ingest", str(article), "-o", str(out), "-q").exit_code == 0
    before = out.read_bytes()
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert run("ingest", str(empty), "-o", str(out), "-q").exit_code != 0
    assert out.read_bytes() == before


def test_ingest_into_a_store_is_idempotent(tmp_path, sample_text):
    article = tmp_path / "a.txt"
    article.write_text(sample_text, encoding="utf-8")
    store = tmp_path / "store"
    first = run("ingest", str(article), "--store", str(store))
    assert first.exit_code == 0, first.output
    second = run("ingest", str(article), "--store", str(store))
    assert second.exit_code == 0 and "already" in second.output
    from kg.store import Store

    with Store(store) as s:
        assert s.stats()["articles"] == 1
        assert s.stats()["statements"] == 25


def test_installed_command_runs_from_any_directory(tmp_path):
    kg = Path(sys.executable).with_name("kg")
    if not kg.exists():
        pytest.skip("kg is not installed beside this interpreter")
    out = tmp_path / "s.trig"
    proc = subprocess.run([str(kg), "ingest", "--sample", "-o", str(out), "-q"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert out.stat().st_size > 1000


def test_output_file_has_ordinary_permissions(tmp_path):
    import os
    import stat

    out = tmp_path / "s.ttl"
    assert run("ingest", "--sample", "-o", str(out), "-q").exit_code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask
