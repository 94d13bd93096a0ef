"""The bundled sample article (see README.md here)."""

from pathlib import Path

SAMPLES = Path(__file__).resolve().parent


def sample_path(name: str = "hamedan-mayor.txt") -> Path:
    return SAMPLES / name
