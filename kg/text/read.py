"""Turn bytes from a file, stdin or a JSON record into article text plus metadata.

The text is kept exactly as read (UTF-8 decoded, a leading BOM removed): every
offset the graph stores points into it.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg.errors import InputError

MAX_BYTES = 5_000_000  # a news article is a few KB; a 5 MB "article" is a mistake


@dataclass(frozen=True)
class Source:
    """One article to ingest: its text and what the user told us about it."""

    text: str
    name: str = "-"
    url: str | None = None
    date: str | None = None
    source: str | None = None
    title: str | None = None
    extra: dict = field(default_factory=dict, compare=False)


def decode(data: bytes, name: str) -> str:
    """UTF-8 text from bytes, or an InputError saying why not."""
    if len(data) > MAX_BYTES:
        raise InputError(f"{name}: too large ({len(data):,} bytes; the limit is {MAX_BYTES:,})")
    if b"\x00" in data:
        raise InputError(f"{name}: binary data (NUL bytes), not a UTF-8 text article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not valid UTF-8 (byte {exc.start}: {exc.reason})") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError(f"{name}: empty article")
    return text


def _record(obj: object, name: str) -> Source:
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        raise InputError(f"{name}: a JSON record needs a string field 'text'")
    text = obj["text"].removeprefix("\ufeff")
    if not text.strip():
        raise InputError(f"{name}: empty article")
    fields = ("text", "url", "date", "source", "title")
    for key in fields:
        _check_unicode(obj.get(key), name, key)
    known = set(fields)
    return Source(
        text=text,
        name=name,
        url=obj.get("url"),
        date=None if obj.get("date") is None else str(obj["date"]),
        source=obj.get("source"),
        title=obj.get("title"),
        extra={k: v for k, v in obj.items() if k not in known},
    )


def _check_unicode(value: object, name: str, key: str) -> None:
    """JSON's ``\\ud800`` escapes make strings no UTF-8 can hold (a lone surrogate): such an
    article could be extracted but not written, so it is refused as unreadable input."""
    if isinstance(value, str) and not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise InputError(
                f"{name}: {key!r} is not valid Unicode (a lone surrogate at character {exc.start})"
            ) from None


def read_bytes(data: bytes, name: str) -> Iterator[Source]:
    """Articles in ``data``: plain text, a JSON record, or JSON Lines (optionally gzipped)."""
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise InputError(f"{name}: broken gzip data ({exc})") from None
        name = name.removesuffix(".gz")
    lower = name.lower()
    if lower.endswith(".jsonl"):
        text = decode(data, name)
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{name}:{n}: not JSON ({exc.msg})") from None
                yield _record(obj, f"{name}:{n}")
        return
    text = decode(data, name)
    if lower.endswith(".json"):
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name}: not JSON ({exc.msg})") from None
        yield _record(obj, name)
        return
    yield Source(text=text, name=name)


def read_path(path: Path) -> Iterator[Source]:
    """Articles in one file."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    yield from read_bytes(data, str(path))


def with_metadata(src: Source, **meta: str | None) -> Source:
    """``src`` with the given metadata filled in where the user supplied it."""
    given = {k: v for k, v in meta.items() if v is not None}
    return replace(src, **given) if given else src
