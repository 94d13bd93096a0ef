"""Refuse, before anything runs, the SPARQL that a public read-only endpoint must not run.

pyoxigraph executes ``SERVICE`` by making the HTTP request itself (checked with 0.5.13: a
``SERVICE <http://127.0.0.1:PORT/>`` query POSTs to that port), and ``LOAD`` would fetch too;
``FROM <http://...>`` is harmless in Oxigraph (it names a graph of the store and fetches
nothing) but is refused anyway unless it names one of this dataset's graphs, so that no
future engine behaviour can turn it into a fetch. The check parses the query with a real
SPARQL 1.1 parser (rdflib's grammar, which also expands ``\\u`` escapes — an escaped
``\\u0053ERVICE`` is seen as ``SERVICE``) and walks the parse tree:

- an **update** of any kind (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ``DROP``...) is
  refused: the text must parse as a query, and the endpoint never calls the store's update;
- ``SERVICE`` anywhere (inside sub-queries, ``OPTIONAL``, ``MINUS``, ``EXISTS`` alike) is refused;
- ``FROM`` / ``FROM NAMED`` (and the protocol's ``default-graph-uri`` / ``named-graph-uri``)
  must name a graph under the instance base: an article graph or the derived graph;
- text that rdflib cannot parse is refused as a syntax error — the endpoint answers
  standard SPARQL 1.1 only, because a query that cannot be checked cannot be trusted.

This is the first of two walls: the worker processes that run queries also give up their
network (a fresh network namespace, :mod:`kg.publish.workers`), so even a query that slipped
past the parser could not reach a socket.

>>> check_query("SELECT * WHERE { ?s ?p ?o } LIMIT 1").form
'select'
>>> check_query("INSERT DATA { <a:b> <a:c> <a:d> }")
Traceback (most recent call last):
...
kg.publish.safety.Refused: updates are not allowed: this endpoint is read-only
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin

__all__ = ["CheckedQuery", "Refused", "check_graph_iris", "check_query"]

_FORMS = {"SelectQuery": "select", "AskQuery": "ask", "ConstructQuery": "construct", "DescribeQuery": "describe"}


class Refused(Exception):
    """A request the endpoint will not run; ``status`` is the HTTP status to answer."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class CheckedQuery:
    text: str
    form: str  # select | ask | construct | describe


def _nodes(tree: object) -> Iterator[object]:
    """Every node of an rdflib parse tree (CompValue, ParseResults, lists), depth first,
    without recursion (a deeply nested query must not blow Python's stack)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, CompValue):
            stack.extend(node.values())
        elif isinstance(node, (ParseResults, list, tuple)):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())


def _name(node: object) -> str | None:
    from rdflib.plugins.sparql.parserutils import CompValue

    return node.name if isinstance(node, CompValue) else None


def check_graph_iris(iris: Iterable[str], base: str) -> None:
    """Graph IRIs a dataset may name: only this store's graphs, all under the instance base."""
    for iri in iris:
        if not iri.startswith(base):
            raise Refused(f"graph <{iri}> is not part of this dataset: FROM and default-graph-uri may only "
                          f"name graphs under <{base}> (nothing is fetched from elsewhere)", 403)


@lru_cache(maxsize=4096)
def check_query(text: str, base: str = "https://w3id.org/officials-kg/id/",
                prefixes: tuple[tuple[str, str], ...] = ()) -> CheckedQuery:
    """Parse ``text`` and refuse what may not run (see the module docstring). ``prefixes``
    are the ones the endpoint predeclares, to resolve prefixed names in FROM clauses.
    Cached: the same query text is checked once per process."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        tree = parseQuery(text)
    except ParseBaseException as exc:
        try:
            parseUpdate(text)
        except ParseBaseException:
            pass
        else:
            raise Refused("updates are not allowed: this endpoint is read-only", 403) from None
        raise Refused(f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: "
                      f"{' '.join(str(exc.msg).split())[:160]}", 400) from None
    except RecursionError:
        raise Refused("the query is nested too deeply to be checked", 400) from None
    prologue, body = tree[0], tree[1]
    form = _FORMS.get(_name(body) or "")
    if form is None:
        raise Refused("not a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE)", 400)
    known = dict(prefixes)
    base_iri: str | None = None
    for decl in prologue:
        if _name(decl) == "PrefixDecl":
            known[str(decl["prefix"]) if "prefix" in decl else ""] = str(decl["iri"])
        elif _name(decl) == "Base":
            base_iri = str(decl["iri"])
    graphs: list[str] = []
    for node in _nodes(body):
        name = _name(node)
        if name == "ServiceGraphPattern":
            raise Refused("SERVICE (federated query) is disabled: this endpoint fetches nothing from "
                          "other servers", 403)
        if name in {"Load", "InsertData", "DeleteData", "Modify", "Clear", "Drop", "Create", "Add", "Move", "Copy"}:
            raise Refused("updates are not allowed: this endpoint is read-only", 403)
        if name == "DatasetClause":
            # CompValue.get() answers the key itself for a missing key: index instead
            for key in ("default", "named"):
                if key in node:  # type: ignore[operator]
                    graphs.append(_resolve(node[key], known, base_iri))  # type: ignore[index]
    check_graph_iris(graphs, base)
    return CheckedQuery(text, form)


def _resolve(term: object, prefixes: dict[str, str], base_iri: str | None) -> str:
    """The absolute IRI of a FROM clause's IRIref or prefixed name."""
    if _name(term) == "pname":
        prefix = str(term["prefix"]) if "prefix" in term else ""  # type: ignore[index,operator]
        local = str(term["localname"]) if "localname" in term else ""  # type: ignore[index,operator]
        if prefix not in prefixes:
            raise Refused(f"undeclared prefix {prefix}: in FROM", 400)
        return prefixes[prefix] + local
    iri = str(term)
    if ":" not in iri.split("/", 1)[0]:  # relative
        if base_iri is None:
            raise Refused(f"relative IRI <{iri}> in FROM and no BASE", 400)
        return urljoin(base_iri, iri)
    return iri
