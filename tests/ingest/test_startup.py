"""What ``kg ingest`` pays before its first article: the built forms of data files kept between
runs (kg.resources.cached: the parsed SHACL shapes, the gazetteer) must be rebuilt whenever what
they were built from changes, and the fast validator must not import pySHACL."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kg.resources import cached

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("KG_CACHE_DIR", str(folder))
    return folder


def counted(source: Path, calls: list[str]):
    def build() -> dict[str, str]:
        calls.append("built")
        return {"text": source.read_text(encoding="utf-8")}

    return build


def test_built_once_then_read_back(cache: Path, tmp_path: Path) -> None:
    source = tmp_path / "data.tsv"
    source.write_text("one", encoding="utf-8")
    calls: list[str] = []
    assert cached("thing", [source], counted(source, calls)) == {"text": "one"}
    assert cached("thing", [source], counted(source, calls)) == {"text": "one"}
    assert calls == ["built"]
    assert len(list(cache.glob("thing-*.pickle"))) == 1


def test_an_edited_source_is_built_again_and_its_old_form_dropped(cache: Path, tmp_path: Path) -> None:
    source = tmp_path / "data.tsv"
    source.write_text("one", encoding="utf-8")
    calls: list[str] = []
    cached("thing", [source], counted(source, calls))
    before = set(cache.glob("thing-*.pickle"))
    source.write_text("two", encoding="utf-8")
    assert cached("thing", [source], counted(source, calls)) == {"text": "two"}
    after = set(cache.glob("thing-*.pickle"))
    assert calls == ["built", "built"] and len(after) == 1 and after != before
    os.utime(source, (1, 1))  # the same bytes with another time: the key is the contents
    assert cached("thing", [source], counted(source, calls)) == {"text": "two"}
    assert calls == ["built", "built"]


def test_the_key_covers_salt_and_missing_sources(cache: Path, tmp_path: Path) -> None:
    source, optional = tmp_path / "data.tsv", tmp_path / "extra.tsv"
    source.write_text("one", encoding="utf-8")
    calls: list[str] = []
    cached("thing", [source, optional], counted(source, calls), salt="lib 1")
    cached("thing", [source, optional], counted(source, calls), salt="lib 2")
    assert calls == ["built", "built"]
    optional.write_text("now here", encoding="utf-8")
    cached("thing", [source, optional], counted(source, calls), salt="lib 2")
    assert len(calls) == 3


def test_a_broken_file_is_rebuilt(cache: Path, tmp_path: Path) -> None:
    source = tmp_path / "data.tsv"
    source.write_text("one", encoding="utf-8")
    calls: list[str] = []
    cached("thing", [source], counted(source, calls))
    (path,) = cache.glob("thing-*.pickle")
    path.write_bytes(path.read_bytes()[:10])  # truncated, as by a crash without atomic writes
    assert cached("thing", [source], counted(source, calls)) == {"text": "one"}
    assert cached("thing", [source], counted(source, calls)) == {"text": "one"}
    assert calls == ["built", "built"]


def test_caching_off_or_impossible_still_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "data.tsv"
    source.write_text("one", encoding="utf-8")
    calls: list[str] = []
    monkeypatch.setenv("KG_CACHE_DIR", "off")
    assert cached("thing", [source], counted(source, calls)) == {"text": "one"}
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("KG_CACHE_DIR", str(blocker / "cache"))  # cannot be created
    assert cached("thing", [source], counted(source, calls)) == {"text": "one"}
    assert calls == ["built", "built"]


def run_python(code: str, cache: Path, **env: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "KG_CACHE_DIR": str(cache), **env},
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_cached_shapes_are_the_parsed_shapes(cache: Path) -> None:
    code = """
        from rdflib import Graph
        from rdflib.compare import isomorphic
        from kg.resources import shapes_path
        from kg.validate import load_shapes
        print(isomorphic(load_shapes(), Graph().parse(shapes_path(), format="turtle")))
    """
    assert run_python(code, cache) == "True"  # parsed and kept
    assert len(list(cache.glob("shapes-*.pickle"))) == 1
    assert run_python(code, cache) == "True"  # read back


def test_the_fast_validator_does_not_import_pyshacl(cache: Path) -> None:
    code = """
        import sys
        from kg.ingest_validate import fast_validator
        from kg.validate import load_shapes, Report
        assert fast_validator().validate_nt([]).conforms
        print("pyshacl" in sys.modules)
        from kg.validate import validate
        print("pyshacl" in sys.modules)
    """
    assert run_python(code, cache).split() == ["False", "True"]


def test_the_gazetteer_follows_extra_lexicon_rows(cache: Path, tmp_path: Path) -> None:
    """An alias added in a KG_LEXICON_DIR folder is known at once, and forgotten when that
    folder is no longer given: a gazetteer kept from another run must not hide either."""
    extra = tmp_path / "lexicons"
    (extra / "places").mkdir(parents=True)
    (extra / "places" / "aliases.tsv").write_text(
        "alias\tplace_id\tnote\nکوهستان‌آباد\tcity-hamedan\ttest\n", encoding="utf-8"
    )
    code = """
        from kg.extract.places import gazetteer
        print([p.id for p in gazetteer().lookup("کوهستان‌آباد")])
    """
    assert run_python(code, cache) == "[]"
    assert run_python(code, cache, KG_LEXICON_DIR=str(extra)) == "['city-hamedan']"
    assert run_python(code, cache, KG_LEXICON_DIR=str(extra)) == "['city-hamedan']"  # read back
    assert run_python(code, cache) == "[]"
