"""The library of named queries: ``queries/*.rq``, each with a comment header.

Header (comment lines before the query; keys are case-insensitive)::

    # title: Statements by a person
    # description: Every statement of the people whose name contains the given text.
    # description-fa: همه‌ی گفته‌های افرادی که نامشان شامل متن داده‌شده است.
    # param: person — text in the speaker's name (required)
    # param: limit:integer — at most this many rows (default: 100)
    # example: kg query statements-by-person --param person=حسینی
    #   date        speaker            content
    #   2024-03-10  سید مسعود حسینی    پروژه قطار شهری همدان ۳۰ درصد پیشرفت دارد.

``param`` is ``NAME[:TYPE] — MEANING (default: VALUE)``, ``(required)`` or ``(optional)``; the
query refers to it as ``$NAME``, and an optional parameter left out stays an unbound
variable (write ``FILTER(!BOUND($city) || ...)``). Types: ``text`` (the default: a string,
normalised like article text — Arabic ي/ك become Persian, ZWNJs fixed), ``string`` (as given),
``fa`` (a ``@fa`` string), ``integer``, ``decimal``, ``date``, ``iri``, ``boolean``. The comment
lines after ``example:`` show its output. A blank line ends the header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.errors import QueryError

__all__ = ["TYPES", "NamedQuery", "Param", "get", "library", "parse_query_file"]

TYPES = ("text", "string", "fa", "integer", "decimal", "date", "iri", "boolean")
_KEY = re.compile(r"^#\s*(title|description-fa|description|param|example)\s*:\s?(.*)$", re.IGNORECASE)
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?::(?P<type>[a-z]+))?\s*(?:—|–|-{1,2})\s*(?P<meaning>.*?)"
    r"\s*(?:\((?P<tail>required|optional|default:\s*(?P<default>[^)]*))\))?\s*$"
)


@dataclass(frozen=True)
class Param:
    name: str
    type: str = "text"
    meaning: str = ""
    default: str | None = None
    required: bool = False


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    sparql: str  # the whole file, header included (comments are valid SPARQL)
    title: str = ""
    description: str = ""
    description_fa: str = ""
    params: tuple[Param, ...] = ()
    example: str = ""
    example_output: tuple[str, ...] = field(default=(), compare=False)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def parse_query_file(path: Path) -> NamedQuery:
    """Read one ``.rq`` file and its header."""
    text = path.read_text(encoding="utf-8")
    info: dict[str, str] = {}
    params: list[Param] = []
    example_out: list[str] = []
    in_example = False
    for line in text.splitlines():
        if not line.startswith("#"):
            break  # the header ends at the first blank or query line; later comments belong to the query
        m = _KEY.match(line)
        if m:
            key, value = m.group(1).lower(), m.group(2).strip()
            in_example = key == "example"
            if key == "param":
                params.append(_param(path, value))
            else:
                info[key] = (info[key] + " " + value).strip() if key in info and key != "example" else value
        elif in_example:
            example_out.append(line[1:].rstrip())
    for p in params:
        if not re.search(r"\$" + p.name + r"\b", text):
            raise QueryError(f"{path.name}: parameter {p.name} is declared but the query never uses ${p.name}")
    return NamedQuery(
        name=path.stem, path=path, sparql=text, title=info.get("title", ""),
        description=info.get("description", ""), description_fa=info.get("description-fa", ""),
        params=tuple(params), example=info.get("example", ""), example_output=tuple(example_out),
    )


def _param(path: Path, spec: str) -> Param:
    m = _PARAM.match(spec)
    if not m:
        raise QueryError(f"{path.name}: cannot read parameter line {spec!r} (NAME[:TYPE] — MEANING (default: V))")
    kind = m.group("type") or "text"
    if kind not in TYPES:
        raise QueryError(f"{path.name}: parameter {m.group('name')} has unknown type {kind!r} ({', '.join(TYPES)})")
    tail = m.group("tail") or "optional"
    default = m.group("default")
    return Param(m.group("name"), kind, m.group("meaning"), default.strip() if default is not None else None,
                 required=tail == "required")


def queries_dir() -> Path:
    from kg.resources import data_path

    return data_path("queries")


@lru_cache(maxsize=4)
def _library(folder: str) -> dict[str, NamedQuery]:
    out = {}
    for path in sorted(Path(folder).glob("*.rq")):
        q = parse_query_file(path)
        out[q.name] = q
    return out


def library(folder: Path | None = None) -> dict[str, NamedQuery]:
    """Every named query, by name (the file name without ``.rq``)."""
    return _library(str(folder or queries_dir()))


def get(name: str, folder: Path | None = None) -> NamedQuery:
    lib = library(folder)
    if name not in lib:
        close = [n for n in lib if name in n or n in name]
        hint = f" (did you mean {', '.join(close[:3])}?)" if close else " (kg query --list shows them)"
        raise QueryError(f"no named query {name!r}{hint}")
    return lib[name]
