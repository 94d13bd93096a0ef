"""Documentation kept honest: the README's commands, lexicons and queries are all described."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from kg.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _readme_commands() -> list[str]:
    """The indented shell commands under the README's «Two commands» heading."""
    section = README.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    return [ln.strip() for ln in section.splitlines() if ln.startswith("    ") and ln.strip()]


def test_readme_opens_with_exactly_two_commands():
    commands = _readme_commands()
    assert len(commands) == 2
    assert "kg ingest --sample" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_exactly_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = _readme_commands()[1]
    assert test_command in [ln.strip() for ln in ci.splitlines()]


def test_every_command_has_help_and_is_in_the_readme():
    runner = CliRunner()
    commands = main.list_commands(None)
    for name in commands:
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)
        assert len(result.output.splitlines()) > 3
        assert f"kg {name}" in README, f"README does not mention `kg {name}`"


def test_every_lexicon_file_is_documented():
    lexicons = ROOT / "kg" / "lexicons"
    doc = (lexicons / "README.md").read_text(encoding="utf-8")
    for path in lexicons.glob("*.tsv"):
        assert f"`{path.name}`" in doc or path.name in doc, f"{path.name} missing from kg/lexicons/README.md"


def test_every_named_query_is_listed():
    queries = ROOT / "queries"
    doc = (queries / "README.md").read_text(encoding="utf-8")
    for path in queries.glob("*.rq"):
        assert path.stem in doc, f"{path.name} missing from queries/README.md"
        header = path.read_text(encoding="utf-8")
        assert re.search(r"^#\s*title:", header, re.M), f"{path.name} has no title header"
