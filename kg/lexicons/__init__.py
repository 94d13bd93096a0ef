"""Language data as files: one TSV per kind of knowledge, loaded once.

Each file has a header row naming its columns; lines starting with ``#`` and
blank lines are ignored. Users extend any lexicon without touching code by
pointing ``KG_LEXICON_DIR`` (or ``kg --lexicon-dir``) at a folder holding files
of the same names: their rows are added to the shipped ones.
"""

from __future__ import annotations

import csv
import os
from functools import cache
from pathlib import Path

LEXICON_DIR = Path(__file__).resolve().parent


def _files(name: str) -> list[Path]:
    files = [LEXICON_DIR / name]
    extra = os.environ.get("KG_LEXICON_DIR")
    if extra:
        for folder in extra.split(os.pathsep):
            candidate = Path(folder) / name
            if candidate.is_file():
                files.append(candidate)
    return files


@cache
def load_rows(name: str) -> tuple[dict[str, str], ...]:
    """Every row of lexicon ``name`` as a dict keyed by the header's column names."""
    rows: list[dict[str, str]] = []
    for path in _files(name):
        with path.open(encoding="utf-8") as fh:
            lines = [ln for ln in fh if ln.strip() and not ln.lstrip().startswith("#")]
        reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        for row in reader:
            rows.append({k: (v or "").strip() for k, v in row.items() if k})
    return tuple(rows)


def load_table(name: str, column: str) -> list[str]:
    """The non-empty values of one column."""
    return [r[column] for r in load_rows(name) if r.get(column)]


def load_list(name: str) -> list[str]:
    """The first column of a lexicon."""
    rows = load_rows(name)
    if not rows:
        return []
    first = next(iter(rows[0]))
    return [r[first] for r in rows if r.get(first)]


def clear_cache() -> None:
    """Forget loaded lexicons (after changing ``KG_LEXICON_DIR``)."""
    load_rows.cache_clear()
