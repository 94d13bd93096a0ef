"""Bind ``--param name=value`` into a query without pasting raw user text into it.

Each value becomes an RDF term first (a typed literal or an IRI, checked by its declared
type); the term's SPARQL text comes from pyoxigraph's serialiser, which escapes quotes,
backslashes and newlines; an IRI is rejected if it would not parse. Then every ``$name``
token in the query — outside strings, IRIs and comments — is replaced by that text. A
value therefore can never end a string or add a clause: ``'x" } ; DROP ALL #'`` is one
string literal.

pyoxigraph's own ``substitutions=`` would be neater, but it only binds variables that the
SELECT clause projects, which aggregates and filters in the library do not.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from kg.errors import QueryError
from kg.query.library import NamedQuery

__all__ = ["bind", "parse_assignments", "term_for", "term_text"]

XSD = "http://www.w3.org/2001/XMLSchema#"


def parse_assignments(pairs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``["city=همدان", "limit=5"]`` → ``{"city": "همدان", "limit": "5"}``."""
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("$?")
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"--param needs NAME=VALUE, got {pair!r}")
        out[name] = value
    return out


def term_for(value: str, kind: str, name: str = "value") -> ox.NamedNode | ox.Literal:
    """The RDF term for a parameter value of a declared type."""
    try:
        if kind == "text":
            from kg.text.normalise import normalise_text

            return ox.Literal(normalise_text(value).strip())
        if kind == "string":
            return ox.Literal(value)
        if kind == "fa":
            return ox.Literal(value, language="fa")
        if kind == "integer":
            return ox.Literal(str(int(value.strip())), datatype=ox.NamedNode(XSD + "integer"))
        if kind == "decimal":
            d = Decimal(value.strip())
            if not d.is_finite():
                raise ValueError(value)
            return ox.Literal(format(d, "f"), datatype=ox.NamedNode(XSD + "decimal"))
        if kind == "date":
            return ox.Literal(dt.date.fromisoformat(value.strip()).isoformat(), datatype=ox.NamedNode(XSD + "date"))
        if kind == "boolean":
            v = value.strip().lower()
            if v not in {"true", "false", "1", "0", "yes", "no"}:
                raise ValueError(value)
            return ox.Literal("true" if v in {"true", "1", "yes"} else "false", datatype=ox.NamedNode(XSD + "boolean"))
        if kind == "iri":
            iri = value.strip().removeprefix("<").removesuffix(">")
            if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri):
                raise ValueError(value)
            return ox.NamedNode(iri)  # raises ValueError on characters an IRI cannot hold
    except (ValueError, InvalidOperation, ArithmeticError):
        raise QueryError(f"parameter {name}: {value!r} is not a valid {kind}") from None
    raise QueryError(f"parameter {name}: unknown type {kind!r}")


def guess_kind(value: str) -> str:
    """For a query without declared parameters: ``<...>`` is an IRI, numbers and ISO dates are
    typed, anything else is text."""
    v = value.strip()
    if v.startswith("<") and v.endswith(">"):
        return "iri"
    if re.fullmatch(r"[+-]?\d+", v):
        return "integer"
    if re.fullmatch(r"[+-]?\d*\.\d+", v):
        return "decimal"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        return "date"
    return "text"


def term_text(term: ox.NamedNode | ox.Literal) -> str:
    """SPARQL text of a term; integers, decimals and booleans in their bare form, so that
    ``LIMIT $limit`` stays valid."""
    if isinstance(term, ox.Literal) and term.datatype.value in {XSD + "integer", XSD + "boolean"}:
        return term.value
    if isinstance(term, ox.Literal) and term.datatype.value == XSD + "decimal" and "." in term.value:
        return term.value
    return str(term)


# strings ('…', "…", long forms), IRIs, comments, and $variables, in one left-to-right scan
_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*"
    r"|\$(?P<var>[A-Za-z_][A-Za-z0-9_]*)",
    re.DOTALL,
)


def substitute(sparql: str, terms: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
    """Replace ``$name`` tokens (not inside strings, IRIs or comments) with term texts."""
    def repl(m: re.Match[str]) -> str:
        var = m.group("var")
        if var is not None and var in terms:
            return term_text(terms[var])
        return m.group(0)

    return _TOKENS.sub(repl, sparql)


def bind(sparql: str, values: Mapping[str, str], query: NamedQuery | None = None) -> str:
    """The query with its parameters bound: declared ones (checked and typed, defaults filled
    in) for a named query; any ``$name`` the query uses for an ad-hoc one."""
    terms: dict[str, ox.NamedNode | ox.Literal] = {}
    if query is not None and query.params:
        unknown = sorted(set(values) - {p.name for p in query.params})
        if unknown:
            known = ", ".join(p.name for p in query.params)
            raise QueryError(f"{query.name} has no parameter {unknown[0]} (its parameters: {known})")
        for p in query.params:
            value = values.get(p.name, p.default)
            if value is None and not p.required and p.type in {"text", "string", "fa"}:
                value = ""  # an optional text filter left out matches everything: CONTAINS(x, "") is true
            if value is None or (value == "" and p.type not in {"text", "string", "fa"}):
                if p.required:
                    raise QueryError(f"{query.name} needs --param {p.name}=… ({p.meaning})")
                continue
            terms[p.name] = term_for(value, p.type, p.name)
    else:
        used = {m.group("var") for m in _TOKENS.finditer(sparql) if m.group("var")}
        unknown = sorted(set(values) - used)
        if unknown:
            raise QueryError(f"the query has no ${unknown[0]} to bind (it uses: {', '.join(sorted(used)) or 'none'})")
        for name, value in values.items():
            terms[name] = term_for(value, guess_kind(value), name)
    return substitute(sparql, terms)
