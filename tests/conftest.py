"""Shared fixtures: the bundled sample and the shared gold corpus when it is present."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEV_CORPUS = SHARED / "corpus" / "dev"
SAMPLE = ROOT / "kg" / "samples" / "hamedan-mayor.txt"


@pytest.fixture(scope="session")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def dev_articles() -> list[Path]:
    return sorted(DEV_CORPUS.glob("*.txt")) if DEV_CORPUS.is_dir() else []
