"""Fast SHACL validation of article graphs for batch ingestion; pySHACL stays the reference.

pySHACL costs ~150 ms per article graph here (measured on the dev corpus; docs/performance.md),
which caps ``kg ingest`` near 7 articles/s whatever else is done, and validating a batch of K
graphs in one pySHACL call costs more per article, not less. This module validates the same
graphs against the same ``ontology/shapes.ttl`` in well under a millisecond per article and
reports the same results (focus node, path, source shape, constraint component, value,
message): ``tests/ingest/test_fast_validation.py`` runs both validators over every deliberately
broken graph of tests/validate/ and over the graphs of the dev corpus and requires equal reports.

How. The shapes are read once into small Python objects. An article graph arrives as triples of
**N-Triples term strings** (:meth:`FastValidator.validate_nt`; ``<iri>``, ``_:label``,
``"lexical"`` with ``\\`` ``\\"`` ``\\n`` ``\\r`` escaped then ``@lang`` or ``^^<datatype>``
unless xsd:string), or as rdflib triples (:meth:`FastValidator.validate`), which are turned into
such strings first: there is one engine. The graph is indexed once (subject → predicate →
objects, plain ``str`` keys); each typed node is then checked against all the shapes its
classes target at once (their property shapes planned together, once per combination of
classes: those with a minimum count always, the others only for the predicates the node has),
with checks compiled per constraint to work on the strings: a node kind is a term's first
character, a datatype its suffix, a class a lookup of the node's rdf:type values; when every
check passes, a property costs a few dict lookups. Conformance to nested shapes (sh:node, sh:or,
sh:qualifiedValueShape) is memoised per graph. rdflib terms are built only where rdflib's own
semantics decide and for the results reported: the well-typedness of a literal beyond the
obvious (``"12"^^xsd:integer`` is; ``"abc"^^xsd:integer`` is not: ``Literal.ill_typed``), range
and ``sh:lessThan`` comparisons other than between plain integers, and the focus nodes and
values of violations. The semantics are pySHACL's (rdflib term equality, ``Literal.ill_typed``,
its literal comparisons, Python regular expressions on the unescaped text), not re-derived from
the spec, because agreement with the reference is the requirement;
``tests/ingest/test_fast_validation_nt.py`` compares the string checks with pySHACL on escaped
texts, language tags, ill-typed and numeric literals. (One difference stays: pySHACL stops with
an error on a blank node compared by sh:lessThan, this module reports nothing for it.)

Term strings must be what ``kg.ingest._nt`` writes for rdflib's term (canonical lexical forms,
as rdflib normalises them): two strings are taken to be the same RDF term iff they are equal.

``sh:sparql`` constraints run in pyoxigraph: one in-memory store per article, the query run
with the article as default graph and ``$this`` left free (results are kept for the shape's
focus nodes only, which is the pre-binding semantics for queries that use ``$this`` in a triple
pattern of every branch, as shapes.ttl's does). Loading the store costs more than all the rest,
so for the one constraint shapes.ttl has (kgsh:TextAnchoringShape, recognised by a fingerprint
of its text) :func:`_text_anchoring_clear` first evaluates each branch's pattern in Python on
the index and proves that no branch can yield a row — every offset an integer, every text a
string, every comparison false in both rdflib's and Oxigraph's SPARQL semantics. Only when it
cannot (a real violation, or data it does not handle) does the query run; a changed query is
always run.

Why not compile everything to SPARQL over pyoxigraph (the first design): Oxigraph canonicalises
literals as it stores them — ``"2.50"^^xsd:decimal`` becomes ``"2.5"``, and every xsd:integer
subtype (the ``xsd:nonNegativeInteger`` of ``oa:start``) becomes ``xsd:integer`` — so
``sh:datatype`` and reported values cannot be reproduced there, and its regex engine has no
look-ahead, which the disjoint-class patterns of shapes.ttl need.

Only the SHACL subset the project's shapes use is implemented. Anything else in a shapes graph
(a new constraint component, another kind of target) raises :class:`UnsupportedShapes` when
the validator is built; :func:`validator` then falls back to pySHACL, so a richer shapes file
is slower, never silently checked less.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from kg.rdf.ntriples import Term, Triple, parse_literal, unescape, uriref
from kg.validate.report import Report, Result

__all__ = ["FastValidator", "UnsupportedShapes", "fast_validator", "validator"]

RDF_LANGSTRING = RDF.langString

# Shape predicates that carry no constraint (documentation, grouping) or that are read
# together with the constraint they belong to.
_IGNORED = {
    RDF.type, RDFS.comment, RDFS.label, RDFS.seeAlso, SH.message, SH.severity, SH.deactivated,
    SH.name, SH.description, SH.order, SH.group, SH.path, SH.targetClass, SH.declare,
    SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.flags, SH.defaultValue,
}
_SUPPORTED = {
    SH.property, SH.minCount, SH.maxCount, SH["class"], SH.datatype, SH.nodeKind, SH.languageIn,
    SH.lessThan, SH.pattern, SH.minLength, SH.minInclusive, SH.maxInclusive, SH.node, SH["or"],
    SH.qualifiedValueShape, SH.sparql,
}

# pySHACL's check that a literal's Python value has the datatype's type
# (pyshacl.constraints.core.value_constraints.DatatypeConstraintComponent._assert_actual_datatype)
_PY_TYPES: dict[str, type | tuple[type, ...]] = {str(k): v for k, v in {
    XSD.string: (str, bytes), RDF_LANGSTRING: (str, bytes), XSD.integer: int, XSD.float: float,
    XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date, XSD.time: time, XSD.dateTime: datetime,
}.items()}


class UnsupportedShapes(ValueError):
    """The shapes graph uses SHACL features this fast path does not implement."""


# --- terms: N-Triples strings ---------------------------------------------------------------------


_XSD_STRING = str(XSD.string)
_LANGSTRING = str(RDF_LANGSTRING)
_RDFS_LITERAL = str(RDFS.Literal)
_RDFS_DATATYPE = str(RDFS.Datatype)
_STRING_SUFFIX = f'"^^<{_XSD_STRING}>'
# datatypes whose literals with an unsigned ASCII-digit lexical form are well-typed Python ints
_INT_SUFFIXES = (f'"^^<{XSD.integer}>', f'"^^<{XSD.nonNegativeInteger}>')

# rdflib normalises an ill-typed literal's lexical form too («"yes"^^xsd:boolean» becomes
# «"false"», still ill-typed): its text would be a well-typed literal's. Such a literal's term
# string gets this mark inside the datatype's brackets (no N-Triples IRI has a space), so that
# no string check takes it for a well-typed one, and the rdflib term is kept to check it with.
_ILL_MARK = " ill-typed>"
_ILL_TYPED: dict[Term, Literal] = {}


def _term(t: Node) -> Term:
    """The term string of an rdflib term (kg.ingest._nt's text, except that an xsd:string
    literal keeps its datatype, so that it stays a different term from the plain literal, as
    it is in rdflib, and that an ill-typed literal is marked: see _ILL_MARK)."""
    tp = type(t)
    if tp is URIRef:
        return "".join(("<", t, ">"))  # join: "<" + t would call URIRef.__radd__
    if tp is Literal or isinstance(t, Literal):
        text = str.replace(t, "\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if t.language:
            return f'"{text}"@{t.language}'
        dt = t.datatype
        if dt is None:
            return f'"{text}"'
        if t.ill_typed:
            term = f'"{text}"^^<{str.__str__(dt)}{_ILL_MARK}'
            if len(_ILL_TYPED) > 65536:
                _ILL_TYPED.clear()
            _ILL_TYPED[term] = t
            return term
        return f'"{text}"^^<{str.__str__(dt)}>'
    if isinstance(t, BNode):
        return "_:" + str.__str__(t)
    if isinstance(t, URIRef):
        return "".join(("<", t, ">"))
    raise TypeError(f"cannot validate {type(t).__name__} term {t!r}")


def _literal(term: Term) -> Literal:
    if term.endswith(_ILL_MARK):
        known = _ILL_TYPED.get(term)
        if known is not None:
            return known
        term = term[:-len(_ILL_MARK)] + ">"
    lexical, lang, dt = parse_literal(term)
    if lang:
        return Literal(lexical, lang=lang)
    return Literal(lexical, datatype=uriref(dt) if dt else None)


_short_literal = lru_cache(maxsize=65536)(_literal)


def _rdflib(term: Term) -> Node:
    """The rdflib term of a term string (what an N-Triples parser gives)."""
    first = term[0]
    if first == "<":
        return uriref(term[1:-1])
    if first == "_":
        return BNode(term[2:])
    return _short_literal(term) if len(term) < 256 else _literal(term)


_INTS: dict[Term, int | None] = {}  # offsets recur from graph to graph


def _int_value(term: Term) -> int | None:
    """The value of an xsd:integer or xsd:nonNegativeInteger literal written with ASCII digits
    only (which rdflib reads as a well-typed ``int``), else None."""
    try:
        return _INTS[term]
    except KeyError:
        pass
    value = None
    for suffix in _INT_SUFFIXES:
        if term.endswith(suffix):
            lexical = term[1:len(term) - len(suffix)]
            if lexical.isdigit() and lexical.isascii() and term[0] == '"':
                value = int(lexical)
            break
    if len(term) < 128:
        if len(_INTS) > 65536:
            _INTS.clear()
        _INTS[term] = value
    return value


def _is_lang_literal(term: Term) -> bool:
    return term[0] == '"' and term[-1] != '"' and term[-1] != ">"


def _string_text(term: Term) -> str:
    """The text of a plain, language-tagged or xsd:string literal term."""
    close = term.rindex('"')
    return unescape(term[1:close])


# --- the data side: one article graph, indexed --------------------------------------------------

RDF_TYPE = f"<{RDF.type}>"
SUBCLASS = f"<{RDFS.subClassOf}>"
_NONE: list[Term] = []


class _Data:
    """Subject → predicate → objects of one graph (term strings), the subjects of each class,
    the class hierarchy the data states, and the conformance of nodes to nested shapes."""

    __slots__ = ("_inverse", "memo", "out", "sub", "types")

    def __init__(self, triples: Iterable[Triple]) -> None:
        out: dict[Term, dict[Term, list[Term]]] = {}
        last: Term | None = None
        by_p: dict[Term, list[Term]] = {}
        for s, p, o in triples:
            if s is not last:  # a node's triples tend to come together: one lookup for them all
                last = s
                by_p = out.get(s)  # type: ignore[assignment]
                if by_p is None:
                    by_p = out[s] = {}
            objs = by_p.get(p)
            if objs is None:
                by_p[p] = [o]
            elif o not in objs:  # a graph is a set
                objs.append(o)
        # the classes and the class hierarchy read from the index: a lookup per subject costs
        # less than comparing every triple's predicate
        types: dict[Term, list[Term]] = {}
        sub: dict[Term, set[Term]] = {}
        for s, by_p in out.items():
            classes = by_p.get(RDF_TYPE)
            if classes is not None:
                for o in classes:
                    if o[0] == "<":
                        subjects = types.get(o)
                        if subjects is None:
                            types[o] = [s]
                        else:
                            subjects.append(s)
            # SHACL instances follow rdfs:subClassOf in the data graph (not the ontology): keep
            # the superclasses each class has there, usually none
            supers = by_p.get(SUBCLASS)
            if supers is not None and s[0] == "<":
                for o in supers:
                    if o[0] == "<":
                        sub.setdefault(s, set()).add(o)
        self.out = out
        self.types = types
        self.sub = sub
        self._inverse: dict[Term, dict[Term, list[Term]]] | None = None
        self.memo: dict[tuple[int, Term], bool] = {}

    def objects(self, s: Term, p: Term) -> list[Term]:
        by_p = self.out.get(s)
        return by_p.get(p, _NONE) if by_p is not None else _NONE

    def subjects(self, p: Term, o: Term) -> list[Term]:
        """Subjects with ``p`` to ``o`` (inverse paths; the index is built on first use)."""
        if self._inverse is None:
            inv: dict[Term, dict[Term, list[Term]]] = {}
            for s, by_p in self.out.items():
                for pred, objs in by_p.items():
                    for obj in objs:
                        inv.setdefault(obj, {}).setdefault(pred, []).append(s)
            self._inverse = inv
        by_p = self._inverse.get(o)
        return by_p.get(p, _NONE) if by_p else _NONE

    def is_instance(self, node: Term, cls: Term) -> bool:
        if node[0] == '"':
            return False
        by_p = self.out.get(node)
        if by_p is None:
            return False
        types = by_p.get(RDF_TYPE)
        if not types:
            return False
        if cls in types:
            return True
        sub = self.sub
        return bool(sub) and any(t[0] == "<" and cls in _closure(sub, t) for t in types)

    def instances(self, cls: Term) -> list[Term]:
        if not self.sub:
            return self.types.get(cls, _NONE)
        classes = {cls} | {c for c in self.sub if cls in _closure(self.sub, c)}
        seen: dict[Term, None] = {}
        for c in sorted(classes):
            for s in self.types.get(c, ()):
                seen.setdefault(s, None)
        return list(seen)

    def conforms(self, shape: _Shape, node: Term) -> bool:
        key = (shape.ident, node)
        ok = self.memo.get(key)
        if ok is None:
            ok = self.memo[key] = shape.run(self, node, None)
        return ok


def _closure(sub: dict[Term, set[Term]], start: Term) -> set[Term]:
    out: set[Term] = set()
    todo = [start]
    while todo:
        for sup in sub.get(todo.pop(), ()):
            if sup not in out:
                out.add(sup)
                todo.append(sup)
    return out


# --- the shapes side ----------------------------------------------------------------------------

Path = tuple  # ("iri", "<p>") | ("seq", (paths)) | ("inv", path) | ("alt", (paths))


def _values(data: _Data, focus: Term, path: Path) -> list[Term]:
    kind = path[0]
    if kind == "iri":
        return data.objects(focus, path[1])
    if kind == "seq":
        nodes = [focus]
        for step in path[1]:
            nxt: dict[Term, None] = {}
            for n in nodes:
                for v in _values(data, n, step):
                    nxt.setdefault(v, None)
            nodes = list(nxt)
        return nodes
    if kind == "inv":
        return data.subjects(path[1][1], focus)
    if kind == "alt":
        out: dict[Term, None] = {}
        for alt in path[1]:
            for v in _values(data, focus, alt):
                out.setdefault(v, None)
        return list(out)
    raise AssertionError(kind)


# The rdflib-term semantics (pySHACL's), used by the string checks for what they do not shortcut.

def _string(v: Node) -> str:
    # pyshacl StringBasedConstraintBase.value_node_to_string
    if isinstance(v, Literal) and v.value is not None and v.datatype in (None, RDF_LANGSTRING, XSD.string):
        return str(v.value)
    return str(v)


def _compare(a: Literal, b: Literal) -> int:
    """pyshacl.rdfutil.compare.compare_literal: 0, 1 or -1; TypeError when incomparable."""
    if a.eq(b):
        return 0
    if a.value.__class__ in (datetime, time):
        if a.value == b.value:
            return 0
        if a.value > b.value:
            return 1
    elif a > b:
        return 1
    return -1


def _range_ok(v: Node, bound: Literal, accept: Callable[[int], bool]) -> bool:
    # pyshacl value_range_constraints: blank nodes and IRIs fail; string vs non-string fails
    if not isinstance(v, Literal):
        return False
    if isinstance(bound.value, str) != isinstance(v.value, str):
        return False
    try:
        return accept(_compare(v, bound))
    except (TypeError, NotImplementedError):
        return False


def _less_than(v: Node, w: Node) -> bool:
    # pyshacl property_pair_constraints._compare_lt (IRIs and plain strings compare as str)
    a: object = v
    b: object = w
    a_str = b_str = False
    if isinstance(v, URIRef) or (isinstance(v, Literal) and isinstance(v.value, str)):
        a, a_str = str(v.value if isinstance(v, Literal) else v), True
    if isinstance(w, URIRef) or (isinstance(w, Literal) and isinstance(w.value, str)):
        b, b_str = str(w.value if isinstance(w, Literal) else w), True
    if a_str != b_str:
        return False
    try:
        return bool(a < b)  # type: ignore[operator]
    except TypeError:
        return False


def _datatype_ok(v: Node, dt: str) -> bool:
    # pyshacl DatatypeConstraintComponent.evaluate (datatypes compared as str)
    if not isinstance(v, Literal):
        return False
    vdt = v.datatype
    if vdt is not None and str.__eq__(vdt, dt):
        if getattr(v, "ill_typed", None) is True:
            return False
        want = _PY_TYPES.get(dt)
        return True if want is None else isinstance(v.value, want)
    if dt == _RDFS_LITERAL:
        return True
    if dt == _RDFS_DATATYPE and vdt:
        return True
    if vdt is None and v.language is None and dt == _XSD_STRING:
        return isinstance(v.value, (str, bytes))
    return dt == _LANGSTRING and bool(v.language) and isinstance(v.value, (str, bytes))


def _lang_ok(v: Node, langs: frozenset[str]) -> bool:
    # pyshacl LanguageInConstraintComponent: case-insensitive, a primary subtag matches too
    if not isinstance(v, Literal) or not v.language:
        return False
    lang = str(v.language).lower()
    return "*" in langs or lang in langs or lang.split("-")[0] in langs


# The same over term strings: the fast paths, falling back to the functions above.

@lru_cache(maxsize=65536)
def _datatype_ok_cached(term: Term, dt: str) -> bool:
    return _datatype_ok(_rdflib(term), dt)


def _datatype_ok_nt(term: Term, dt: str) -> bool:
    if term[0] != '"':
        return False
    last = term[-1]
    if dt == _XSD_STRING:
        if last == '"':
            return True  # a plain literal: value the str lexical form
        if last != ">":
            return False  # language-tagged
    elif dt == _LANGSTRING:
        if last != '"' and last != ">":
            return True  # language-tagged (rdflib requires a non-empty tag)
        if last == '"':
            return False
    elif dt != _RDFS_LITERAL and dt != _RDFS_DATATYPE:
        if not term.endswith(f'"^^<{dt}>'):
            return False  # plain, tagged or another datatype: not this one
        if _int_value(term) is not None:
            return True  # digits of xsd:integer or xsd:nonNegativeInteger: a well-typed int
    return _datatype_ok_cached(term, dt) if len(term) < 256 else _datatype_ok(_rdflib(term), dt)


def _string_nt(term: Term) -> str | None:
    """:func:`_string` of a term string; None for a blank node (which fails string checks)."""
    first = term[0]
    if first == "<":
        return term[1:-1]
    if first == "_":
        return None
    last = term[-1]
    if last != ">" or term.endswith(_STRING_SUFFIX):
        return _string_text(term)  # plain, language-tagged or xsd:string: the text itself
    return _string(_rdflib(term))  # typed: rdflib's (normalised) lexical form


def _lang_ok_nt(term: Term, langs: frozenset[str]) -> bool:
    if not _is_lang_literal(term):
        return False  # an IRI, a blank node, a plain or a typed literal: no language
    lang = term[term.rindex('"') + 2:].lower()
    return bool(lang) and ("*" in langs or lang in langs or lang.split("-")[0] in langs)


def _less_than_nt(v: Term, w: Term) -> bool:
    a = _int_value(v)
    if a is not None:
        b = _int_value(w)
        if b is not None:
            return a < b
    return _less_than(_rdflib(v), _rdflib(w))


_NODE_KINDS: dict[Node, str] = {
    SH.IRI: "<", SH.BlankNode: "_", SH.Literal: '"', SH.BlankNodeOrIRI: "_<", SH.BlankNodeOrLiteral: '_"',
    SH.IRIOrLiteral: '<"',
}

# A check takes (data, focus node, value nodes) and returns the failing value nodes (falsy when
# all pass); a count check returns True when it fails.
Check = Callable[[_Data, Term, list[Term]], list[Term] | None]
CountCheck = Callable[[_Data, list[Term]], bool]
Passes = Callable[[_Data, Term, list[Term]], bool]  # no violation among these values (_passes)


def _each(ok: Callable[[_Data, Term], bool]) -> Check:
    """The check that reports the value nodes ``ok`` rejects (None when it takes them all)."""

    def check(d: _Data, f: Term, vs: list[Term]) -> list[Term] | None:
        bad = None  # no list made when all pass, the common case
        for v in vs:
            if not ok(d, v):
                bad = [v] if bad is None else [*bad, v]
        return bad

    return check


def _class_check(cls: Term) -> Check:
    # the loop is written out: this check runs on most values of every article
    def check(d: _Data, f: Term, vs: list[Term]) -> list[Term] | None:
        bad = None
        out = d.out
        for v in vs:
            by_p = out.get(v)
            if by_p is not None and v[0] != '"':
                types = by_p.get(RDF_TYPE)
                if types is not None and cls in types:
                    continue
            if not d.is_instance(v, cls):
                bad = [v] if bad is None else [*bad, v]
        return bad

    return check


# Lexical forms rdflib certainly reads as a well-typed value (a Decimal; a date when the day
# exists): the datatype check takes them without building a Literal; any other form is left to
# rdflib (``Decimal`` also reads «1e5», «NaN» and Persian digits, which these do not cover).
_PLAIN_DECIMAL = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
_PLAIN_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _is_plain_date(lexical: str) -> bool:
    if _PLAIN_DATE.fullmatch(lexical) is None:
        return False
    try:
        date(int(lexical[:4]), int(lexical[5:7]), int(lexical[8:]))
    except ValueError:  # no such day (or year 0): rdflib finds the literal ill-typed
        return False
    return True


def _datatype_fast(dt: str) -> Callable[[Term], bool]:
    """A test that accepts common well-typed literals of ``dt`` on their string alone (False:
    ask rdflib)."""
    suffix = f'"^^<{dt}>'
    if dt == _XSD_STRING:
        return lambda v: v[-1] == '"' and v[0] == '"'  # a plain literal
    if dt == _LANGSTRING:
        return lambda v: v[0] == '"' and v[-1] != '"' and v[-1] != ">"  # a language-tagged literal
    if dt in (str(XSD.integer), str(XSD.nonNegativeInteger)):
        return lambda v: v.endswith(suffix) and _int_value(v) is not None  # ASCII digits
    if dt == str(XSD.boolean):
        return lambda v: v.endswith(suffix) and (v.startswith('"true"') or v.startswith('"false"'))
    if dt == str(XSD.decimal):  # ASCII digits, one optional point: a well-typed Decimal
        return lambda v: (v.endswith(suffix) and v[0] == '"'
                          and _PLAIN_DECIMAL.fullmatch(v, 1, len(v) - len(suffix)) is not None)
    if dt == str(XSD.date):
        return lambda v: v.endswith(suffix) and v[0] == '"' and _is_plain_date(v[1 : -len(suffix)])
    return lambda v: False


def _datatype_check(dt: str) -> Check:
    fast = _datatype_fast(dt)
    return _each(lambda d, v: fast(v) or _datatype_ok_nt(v, dt))


def _node_kind_check(firsts: str) -> Check:
    return _each(lambda d, v: v[0] in firsts)


def _language_check(langs: frozenset[str]) -> Check:
    return _each(lambda d, v: _lang_ok_nt(v, langs))


def _pattern_check(rx: re.Pattern[str]) -> Check:
    iris: dict[Term, bool] = {}  # rdf:type values and other IRIs recur from graph to graph
    search = rx.search

    def ok(d: _Data, v: Term) -> bool:
        if v[0] == "<":
            res = iris.get(v)
            if res is None:
                if len(iris) > 4096:
                    iris.clear()
                res = iris[v] = search(v[1:-1]) is not None  # not pos/endpos: "^" must match
            return res
        text = _string_nt(v)
        return text is not None and search(text) is not None

    return _each(ok)


def _min_length_check(n: int) -> Check:
    def ok(d: _Data, v: Term) -> bool:
        text = _string_nt(v)
        return text is not None and len(text) >= n

    return _each(ok)


def _range_check(bound: Literal, accept: Callable[[int], bool]) -> Check:
    # an xsd:integer bound and a value of ASCII digits compare as ints; anything else as rdflib
    # literals, once per distinct value (values recur: offsets, coordinates)
    int_bound = bound.value if bound.datatype == XSD.integer and type(bound.value) is int else None
    seen: dict[Term, bool] = {}

    def ok(d: _Data, v: Term) -> bool:
        if int_bound is not None:
            iv = _int_value(v)
            if iv is not None:
                return accept((iv > int_bound) - (iv < int_bound))
        res = seen.get(v)
        if res is None:
            if len(seen) > 16384:
                seen.clear()
            res = seen[v] = _range_ok(_rdflib(v), bound, accept)
        return res

    return _each(ok)


def _less_than_check(other: Term) -> Check:
    def check(d: _Data, f: Term, vs: list[Term]) -> list[Term] | None:
        by_p = d.out.get(f)
        ws = by_p.get(other) if by_p is not None else None
        if not ws:
            return None
        # one result for every value of ``other`` a value is not less than
        return [v for v in vs for w in ws if not _less_than_nt(v, w)] or None

    return check


def _node_check(target: _Shape) -> Check:
    return _each(lambda d, v: d.conforms(target, v))


def _or_check(options: list[_Shape]) -> Check:
    return _each(lambda d, v: any(d.conforms(s, v) for s in options))


def _qualified_min(target: _Shape, n: int) -> CountCheck:
    def fails(d: _Data, vs: list[Term]) -> bool:
        count = 0
        for v in vs:
            if d.conforms(target, v):
                count += 1
                if count >= n:
                    return False
        return count < n
    return fails


def _qualified_max(target: _Shape, n: int) -> CountCheck:
    def fails(d: _Data, vs: list[Term]) -> bool:
        count = 0
        for v in vs:
            if d.conforms(target, v):
                count += 1
                if count > n:
                    return True
        return False
    return fails


@dataclass
class _Sparql:
    """One sh:sparql SELECT constraint."""

    node: Node
    query: str
    prefixes: dict[str, str]
    messages: list[Literal]
    clear: Callable[[_Data, list[Term]], bool] | None = None  # proves no row for these focus nodes

    def fingerprint(self) -> str:
        text = self.query + "".join(f"\n{k} {v}" for k, v in sorted(self.prefixes.items()))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


# A violation as found: (source shape, component, focus node, value node or None).
Found = tuple["_Shape", URIRef, Term, "Term | None"]


_UNBOUNDED = sys.maxsize


@dataclass(eq=False)
class _Shape:
    node: Node
    ident: int
    path: Path | None
    path_node: Node | None  # as written in the shapes graph (a list node for a sequence path)
    messages: list[Literal]
    severity: URIRef
    targets: list[Term] = field(default_factory=list)  # target classes
    pred: Term | None = None  # the path when it is one predicate
    min_count: int = 0
    max_count: int = _UNBOUNDED
    checks: list[tuple[URIRef, Check]] = field(default_factory=list)
    count_checks: list[tuple[URIRef, CountCheck]] = field(default_factory=list)
    properties: list[_Shape] = field(default_factory=list)
    sparql: list[_Sparql] = field(default_factory=list)
    # the evaluation plan (plan()): whether the shape has constraints of its own, and its
    # property shapes as those to check always (a minimum count), those to check only when the
    # focus node has their predicate, and those with a longer path; each property shape as
    # (predicate, its pass test, the shape)
    own: bool = False
    passes: Passes | None = None  # _passes(self), set before plan()
    required: list[tuple[Term, Passes, _Shape]] = field(default_factory=list)
    by_pred: dict[Term, list[tuple[Passes, _Shape]]] = field(default_factory=dict)
    complex: list[_Shape] = field(default_factory=list)

    def plan(self) -> None:
        self.own = bool(self.checks or self.count_checks or self.min_count or self.max_count != _UNBOUNDED)
        for prop in self.properties:
            assert prop.passes is not None
            if prop.pred is None:
                self.complex.append(prop)
            elif prop.min_count or prop.count_checks:
                self.required.append((prop.pred, prop.passes, prop))
            else:
                self.by_pred.setdefault(prop.pred, []).append((prop.passes, prop))

    def run(self, data: _Data, focus: Term, sink: list[Found] | None,
            by_p: dict[Term, list[Term]] | None = None) -> bool:
        """Whether ``focus`` conforms; with a ``sink``, every violation is appended to it, else
        the first one ends the evaluation. ``by_p``: the focus node's predicates and objects,
        when the caller has them at hand.

        A property shape is tried with its pass test first; only when that fails does
        :meth:`check` run again to say how (nearly every node conforms)."""
        ok = True
        if by_p is None:
            by_p = data.out.get(focus) or _NO_PREDICATES
        if self.own:
            pred = self.pred
            if pred is not None:
                values = by_p.get(pred, _NONE)
            elif self.path is None:
                values = [focus]
            else:
                values = _values(data, focus, self.path)
            if not self.check(data, focus, values, sink):
                if sink is None:
                    return False
                ok = False
        if not self.properties:
            return ok
        for pred, passes, prop in self.required:
            values = by_p.get(pred, _NONE)
            if not passes(data, focus, values):
                if sink is None:
                    return False
                prop.check(data, focus, values, sink)
                ok = False
        by_pred = self.by_pred
        if by_pred:
            for p, values in by_p.items():
                props = by_pred.get(p)
                if props is not None:
                    for passes, prop in props:
                        if not passes(data, focus, values):
                            if sink is None:
                                return False
                            prop.check(data, focus, values, sink)
                            ok = False
        for prop in self.complex:
            if not prop.run(data, focus, sink):
                if sink is None:
                    return False
                ok = False
        return ok

    def check(self, data: _Data, focus: Term, values: list[Term], sink: list[Found] | None) -> bool:
        """The shape's own constraints on ``values``, the value nodes of ``focus``."""
        ok = True
        n = len(values)
        if n < self.min_count:
            if sink is None:
                return False
            sink.append((self, SH.MinCountConstraintComponent, focus, None))
            ok = False
        if n > self.max_count:
            if sink is None:
                return False
            sink.append((self, SH.MaxCountConstraintComponent, focus, None))
            ok = False
        if n:
            for component, check in self.checks:
                bad = check(data, focus, values)
                if bad:
                    if sink is None:
                        return False
                    for v in bad:
                        sink.append((self, component, focus, v))
                    ok = False
        for component, fails in self.count_checks:
            if fails(data, values):
                if sink is None:
                    return False
                sink.append((self, component, focus, None))
                ok = False
        return ok


_NO_PREDICATES: dict[Term, list[Term]] = {}


def _passes(shape: _Shape) -> Passes:
    """Whether a property shape's values pass all its constraints: :meth:`_Shape.check` without
    a sink, with what it reads bound once (it runs for every property of every node)."""
    lo, hi = shape.min_count, shape.max_count
    checks = tuple(check for _, check in shape.checks)
    counts = tuple(fails for _, fails in shape.count_checks)
    if len(checks) == 1 and not counts:
        (only,) = checks

        def passes_one(d: _Data, f: Term, vs: list[Term]) -> bool:
            n = len(vs)
            return lo <= n <= hi and (not n or not only(d, f, vs))
        return passes_one

    def passes(d: _Data, f: Term, vs: list[Term]) -> bool:
        n = len(vs)
        if n < lo or n > hi:
            return False
        if n:
            for check in checks:
                if check(d, f, vs):
                    return False
        return not counts or not any(fails(d, vs) for fails in counts)
    return passes


class _ShapesIndex:
    """A shapes graph as dicts, subject → predicate → objects, with the few lookups of rdflib's
    Graph the compiler makes: thousands of them, which cost several times more as rdflib
    pattern matches than reading the graph once."""

    def __init__(self, g: Graph) -> None:
        spo: dict[Node, dict[Node, list[Node]]] = {}
        for s, p, o in g:
            spo.setdefault(s, {}).setdefault(p, []).append(o)
        self.spo = spo

    def objects(self, s: Node, p: Node) -> list[Node]:
        by_p = self.spo.get(s)
        return by_p.get(p, []) if by_p is not None else []

    def value(self, s: Node, p: Node) -> Node | None:
        objs = self.objects(s, p)
        return objs[0] if objs else None

    def predicates(self, s: Node) -> list[Node]:
        return list(self.spo.get(s, ()))

    def has(self, s: Node | None, p: Node, o: Node | None = None) -> bool:
        """Whether the graph has a triple ``(s, p, o)``; None matches anything."""
        subjects = self.spo.values() if s is None else [self.spo.get(s) or {}]
        return any(p in by_p and (o is None or o in by_p[p]) for by_p in subjects)

    def subject_objects(self, p: Node) -> list[tuple[Node, Node]]:
        return [(s, o) for s, by_p in self.spo.items() for o in by_p.get(p, ())]

    def subjects(self, p: Node, o: Node) -> list[Node]:
        return [s for s, by_p in self.spo.items() if o in by_p.get(p, ())]

    def items(self, node: Node) -> list[Node]:
        """The members of an RDF list (rdflib's ``Graph.items``)."""
        out: list[Node] = []
        seen = {node}
        current: Node | None = node
        while current:
            item = self.value(current, RDF.first)
            if item is not None:
                out.append(item)
            current = self.value(current, RDF.rest)
            if current in seen:
                raise ValueError("List contains a recursive rdf:rest reference")
            seen.add(current)
        return out


class _Compiler:
    """Reads a shapes graph into _Shape objects (each shape node once)."""

    def __init__(self, g: _ShapesIndex) -> None:
        self.g = g
        self.shapes: dict[Node, _Shape] = {}
        self.nested: list[_Shape] = []  # shapes evaluated for conformance (sh:node, sh:or, ...)

    def items(self, node: Node) -> list[Node]:
        return self.g.items(node)

    def path(self, node: Node) -> Path:
        g = self.g
        if isinstance(node, URIRef):
            return ("iri", f"<{node}>")
        if g.value(node, RDF.first) is not None:
            return ("seq", tuple(self.path(x) for x in self.items(node)))
        inv = g.value(node, SH.inversePath)
        if inv is not None:
            path = self.path(inv)
            if path[0] != "iri":
                raise UnsupportedShapes("sh:inversePath of a complex path")
            return ("inv", path)
        alt = g.value(node, SH.alternativePath)
        if alt is not None:
            return ("alt", tuple(self.path(x) for x in self.items(alt)))
        raise UnsupportedShapes(f"unsupported property path {node!r}")

    def shape(self, node: Node) -> _Shape:
        if node in self.shapes:
            return self.shapes[node]
        g = self.g
        path_node = g.value(node, SH.path)
        path = self.path(path_node) if path_node is not None else None
        shape = _Shape(
            node=node,
            ident=len(self.shapes),
            path=path,
            path_node=path_node,
            messages=sorted((m for m in g.objects(node, SH.message) if isinstance(m, Literal)), key=str),
            severity=g.value(node, SH.severity) or SH.Violation,
            pred=path[1] if path is not None and path[0] == "iri" else None,
        )
        self.shapes[node] = shape  # before the constraints: shapes may refer to themselves
        predicates = set(g.predicates(node))
        for p in predicates:
            if str(p).startswith(str(SH)) and p not in _IGNORED and p not in _SUPPORTED:
                raise UnsupportedShapes(f"{p} on shape {node}")
        if g.has(node, SH.deactivated, Literal(True)):
            return shape
        self._constraints(shape, node)
        return shape

    def nested_shape(self, node: Node) -> _Shape:
        shape = self.shape(node)
        self.nested.append(shape)
        return shape

    def _one(self, node: Node, p: URIRef) -> Node:
        values = self.g.objects(node, p)
        if len(values) != 1:
            raise UnsupportedShapes(f"{len(values)} values of {p} on {node}")
        return values[0]

    def _constraints(self, shape: _Shape, node: Node) -> None:
        g = self.g
        add = shape.checks.append
        for prop in g.objects(node, SH.property):
            shape.properties.append(self.shape(prop))
        if g.has(node, SH.minCount):
            shape.min_count = int(self._one(node, SH.minCount))
        if g.has(node, SH.maxCount):
            shape.max_count = int(self._one(node, SH.maxCount))
        for cls in g.objects(node, SH["class"]):
            add((SH.ClassConstraintComponent, _class_check(f"<{cls}>")))
        if g.has(node, SH.datatype):
            add((SH.DatatypeConstraintComponent, _datatype_check(str(self._one(node, SH.datatype)))))
        if g.has(node, SH.nodeKind):
            add((SH.NodeKindConstraintComponent, _node_kind_check(_NODE_KINDS[self._one(node, SH.nodeKind)])))
        for langs_node in g.objects(node, SH.languageIn):
            langs = frozenset(str(x).lower() for x in self.items(langs_node))
            add((SH.LanguageInConstraintComponent, _language_check(langs)))
        patterns = list(g.objects(node, SH.pattern))
        if patterns:
            flags_node = g.value(node, SH.flags)
            flags = 0
            if flags_node is not None:
                text = str(flags_node).lower()
                flags |= re.I if "i" in text else 0
                flags |= re.M if "m" in text else 0
            for pat in patterns:
                add((SH.PatternConstraintComponent, _pattern_check(re.compile(str(pat), flags))))
        if g.has(node, SH.minLength):
            add((SH.MinLengthConstraintComponent, _min_length_check(int(self._one(node, SH.minLength)))))
        if g.has(node, SH.minInclusive):
            bound = self._one(node, SH.minInclusive)
            if not isinstance(bound, Literal):
                raise UnsupportedShapes(f"sh:minInclusive {bound!r}")
            add((SH.MinInclusiveConstraintComponent, _range_check(bound, lambda c: c >= 0)))
        if g.has(node, SH.maxInclusive):
            bound = self._one(node, SH.maxInclusive)
            if not isinstance(bound, Literal):
                raise UnsupportedShapes(f"sh:maxInclusive {bound!r}")
            add((SH.MaxInclusiveConstraintComponent, _range_check(bound, lambda c: c <= 0)))
        for other in g.objects(node, SH.lessThan):
            add((SH.LessThanConstraintComponent, _less_than_check(f"<{other}>")))
        for ref in g.objects(node, SH.node):
            add((SH.NodeConstraintComponent, _node_check(self.nested_shape(ref))))
        for alts in g.objects(node, SH["or"]):
            add((SH.OrConstraintComponent, _or_check([self.nested_shape(x) for x in self.items(alts)])))
        for q in g.objects(node, SH.qualifiedValueShape):
            if g.has(node, SH.qualifiedValueShapesDisjoint, Literal(True)):
                raise UnsupportedShapes("sh:qualifiedValueShapesDisjoint")
            qshape = self.nested_shape(q)
            lo = g.value(node, SH.qualifiedMinCount)
            hi = g.value(node, SH.qualifiedMaxCount)
            if lo is not None:
                shape.count_checks.append((SH.QualifiedMinCountConstraintComponent, _qualified_min(qshape, int(lo))))
            if hi is not None:
                shape.count_checks.append((SH.QualifiedMaxCountConstraintComponent, _qualified_max(qshape, int(hi))))
        for c in g.objects(node, SH.sparql):
            if g.has(c, SH.deactivated, Literal(True)):
                continue
            select = g.value(c, SH.select)
            if select is None:
                raise UnsupportedShapes(f"sh:sparql {c} without sh:select")
            prefixes: dict[str, str] = {}
            for decl_owner in g.objects(c, SH.prefixes):
                for decl in g.objects(decl_owner, SH.declare):
                    prefixes[str(g.value(decl, SH.prefix))] = str(g.value(decl, SH.namespace))
            messages = [m for m in g.objects(c, SH.message) if isinstance(m, Literal)]
            constraint = _Sparql(c, str(select), prefixes, messages)
            if constraint.fingerprint() == _TEXT_ANCHORING_FINGERPRINT:
                constraint.clear = _text_anchoring_clear
            shape.sparql.append(constraint)

    def finish(self, top: list[_Shape]) -> None:
        """Plan every shape; refuse what the evaluation does not implement."""
        top_ids = {s.ident for s in top}
        if any(s.sparql for s in self.nested):
            raise UnsupportedShapes("sh:sparql in a shape used by sh:node, sh:or or sh:qualifiedValueShape")
        for shape in self.shapes.values():
            if shape.sparql and (shape.ident not in top_ids or shape.path is not None):
                raise UnsupportedShapes(f"sh:sparql on {shape.node}, not a targeted node shape")
            if shape.path is not None and shape.properties:
                raise UnsupportedShapes(f"sh:property on the property shape {shape.node}")
            shape.passes = _passes(shape)
        for shape in self.shapes.values():
            shape.plan()


# --- the sh:sparql constraint of shapes.ttl, evaluated in Python for the common case ------------

# kgsh:TextAnchoringShape's query and prefixes (the ``fingerprint`` of its _Sparql); a changed
# query no longer matches and always runs in pyoxigraph
_TEXT_ANCHORING_FINGERPRINT = "ad348889a1a95bcb109dad47fd2daab5ad622dcce53d9fd6962b6e42b74f1ba3"

_KG = "https://w3id.org/officials-kg/ontology#"
_OA = "http://www.w3.org/ns/oa#"
_P_END, _P_START, _P_ARTICLE, _P_TEXT, _P_ANCHOR, _P_EVIDENCE = (
    f"<{_KG}{x}>" for x in ("end", "start", "article", "text", "anchorText", "evidence"))
_P_SPEAKER_MENTION, _P_SPEAKER, _P_REFERS = (f"<{_KG}{x}>" for x in ("speakerMention", "speaker", "refersTo"))
_OA_SOURCE, _OA_SELECTOR, _OA_START, _OA_END, _OA_EXACT = (
    f"<{_OA}{x}>" for x in ("hasSource", "hasSelector", "start", "end", "exact"))


def _text_of(term: Term) -> str | None:
    """STR() of a plain, language-tagged or xsd:string literal (the same in rdflib's and
    Oxigraph's SPARQL); None for anything else."""
    if term[0] != '"':
        return None
    if term[-1] == ">" and not term.endswith(_STRING_SUFFIX):
        return None
    return _string_text(term)


def _text_anchoring_clear(data: _Data, focus_nodes: list[Term]) -> bool:
    """True when kgsh:TextAnchoringShape's query has no row for any of ``focus_nodes``.

    Each UNION branch's pattern is matched on the index; every match must make the branch's
    FILTER false for certain — the offsets xsd:integer or xsd:nonNegativeInteger literals of
    ASCII digits, the texts plain or tagged strings, the slices within the text — or the answer
    is False (the query then runs in pyoxigraph). False is never wrong, only slower.
    """
    out = data.out
    texts: dict[Term, list[str | None]] = {}

    def texts_of(node: Term) -> list[str | None]:
        """STR() of the node's kg:text values (None for a non-string), read once per node: every
        focus node points to the same article."""
        found = texts.get(node)
        if found is None:
            found = texts[node] = [_text_of(t) for t in prop(node, _P_TEXT)]
        return found

    def prop(node: Term, p: Term) -> list[Term]:
        by_p = out.get(node)
        return by_p.get(p, _NONE) if by_p is not None else _NONE

    for this in focus_nodes:
        by = out.get(this)
        if by is None:
            continue
        get = by.get
        articles = get(_P_ARTICLE, _NONE)
        starts = get(_P_START, _NONE)
        ends = get(_P_END, _NONE)
        # 1. ?value (kg:end) > STRLEN(?text of kg:article)
        for article in articles:
            for tt in texts_of(article):
                for end in ends:
                    e = _int_value(end)
                    if tt is None or e is None or e > len(tt):
                        return False
        # 2. STR(kg:anchorText) != SUBSTR(STR(?text), ?start + 1, ?end - ?start)
        anchors = get(_P_ANCHOR)
        if anchors and starts and ends and articles:
            for article in articles:
                for tt in texts_of(article):
                    for start in starts:
                        s = _int_value(start)
                        for end in ends:
                            e = _int_value(end)
                            if tt is None or s is None or e is None or not s <= e <= len(tt):
                                return False
                            piece = tt[s:e]
                            for anchor in anchors:
                                if _text_of(anchor) != piece:
                                    return False
        # 3. the evidence target: same article and offsets, quote = text at the selector's offsets
        evidence = get(_P_EVIDENCE)
        if evidence and articles and starts and ends:
            for value in evidence:
                selectors = prop(value, _OA_SELECTOR)
                sources = prop(value, _OA_SOURCE)
                if not selectors or not sources:
                    continue
                exacts = [x for q in selectors for x in prop(q, _OA_EXACT)]
                for position in selectors:
                    ss, es = prop(position, _OA_START), prop(position, _OA_END)
                    for sel_s in ss:
                        s = _int_value(sel_s)
                        for sel_e in es:
                            e = _int_value(sel_e)
                            if s is None or e is None:
                                return False
                            for source in sources:
                                if source[0] == '"':
                                    return False
                                for article in articles:
                                    if source != article:
                                        return False
                                for start in starts:
                                    if _int_value(start) != s:
                                        return False
                                for end in ends:
                                    if _int_value(end) != e:
                                        return False
                                if not exacts:
                                    continue
                                source_texts = texts_of(source)
                                if not source_texts:
                                    return False  # ?slice unbound: an error, not certainly false
                                for tt in source_texts:
                                    if tt is None or not 0 <= s <= e <= len(tt):
                                        return False
                                    piece = tt[s:e]
                                    for x in exacts:
                                        if _text_of(x) != piece:
                                            return False
        # 4. the speaker mention refers to the speaker
        mentions = get(_P_SPEAKER_MENTION)
        if mentions:
            speakers = get(_P_SPEAKER, _NONE)
            for mention in mentions:
                for value in prop(mention, _P_REFERS):
                    for speaker in speakers:
                        if value != speaker or value[0] == '"':
                            return False
    return True


# --- the validator ------------------------------------------------------------------------------


class FastValidator:
    """The shapes of one shapes graph, ready to validate many article graphs.

    >>> from kg.validate import load_shapes
    >>> v = FastValidator(load_shapes())
    >>> v.validate(Graph()).conforms
    True
    >>> v.validate_nt([('<urn:x:a>', f'<{RDF.type}>', '<https://w3id.org/officials-kg/ontology#Person>')]).conforms
    False
    """

    def __init__(self, shapes: Graph, *, native_sparql: bool = True) -> None:
        """``native_sparql=False`` always runs the sh:sparql queries (the reference for the
        Python evaluation of the project's one, which the tests compare it with)."""
        self.shapes_graph = shapes
        index = _ShapesIndex(shapes)
        compiler = _Compiler(index)
        targets: dict[Node, list[Term]] = {}
        for s, cls in index.subject_objects(SH.targetClass):
            targets.setdefault(s, []).append(f"<{cls}>")
        for p in (SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
            if index.has(None, p):
                raise UnsupportedShapes(f"{p} targets")
        for s in index.subjects(RDF.type, RDFS.Class):
            if index.has(s, RDF.type, SH.NodeShape):
                raise UnsupportedShapes("implicit class targets")
        self.top: list[_Shape] = []
        for node in sorted(targets, key=str):
            shape = compiler.shape(node)
            shape.targets = sorted(set(targets[node]))
            self.top.append(shape)
        compiler.finish(self.top)
        self._core_shapes = [s for s in self.top if s.own or s.properties]
        self._by_class: dict[Term, list[_Shape]] = {}
        for shape in self._core_shapes:
            for cls in shape.targets:
                self._by_class.setdefault(cls, []).append(shape)
        self._plans: dict[tuple[Term, ...], list[_Shape]] = {}
        self._sparql_shapes = [s for s in self.top if s.sparql]
        if not native_sparql:
            for shape in self._sparql_shapes:
                for c in shape.sparql:
                    c.clear = None
        self._conforming = Report(conforms=True, results=(), graph=shapes, text="conforms")

    # -- entry points

    def validate(self, graph: Graph | Sequence[tuple[Node, Node, Node]], *, nquads: str | bytes | None = None
                 ) -> Report:
        """Validate one article graph: an rdflib Graph, or its triples as a list (iterating an
        rdflib Graph costs more than validating it, so callers that hold the list pass it).

        ``nquads``, when the caller has serialised the same triples anyway, is loaded into the
        store the sh:sparql constraints run on instead of converting the terms again.
        """
        triples = graph if isinstance(graph, (list, tuple)) else list(graph)
        strings = [(_term(s), _term(p), _term(o)) for s, p, o in triples]
        return self._validate(strings, nquads, triples)

    def validate_nt(self, triples: Sequence[Triple], *, nquads: str | bytes | None = None) -> Report:
        """Validate one article graph given as triples of N-Triples term strings (see the module
        docstring); the report is the one :meth:`validate` gives for the same rdflib triples.

        ``nquads``: the same triples as N-Quads (or N-Triples) text, loaded into the store the
        sh:sparql constraints run on, when they have to run.
        """
        return self._validate(triples, nquads, None)

    # -- the engine

    def _validate(self, triples: Sequence[Triple], nquads: str | bytes | None,
                  rdflib_triples: Sequence[tuple[Node, Node, Node]] | None) -> Report:
        data = _Data(triples)
        found: list[Found] = []
        if data.sub:  # classes with subclasses in the data: focus nodes shape by shape
            for shape in self._core_shapes:
                for focus in _union(data, shape.targets):
                    shape.run(data, focus, found)
        else:  # node by node, all the shapes its classes target at once
            plans = self._plans
            for focus, by_p in data.out.items():
                types = by_p.get(RDF_TYPE)
                if types is not None:
                    key = tuple(types)
                    plan = plans.get(key)
                    if plan is None:
                        plan = self._plan(key)
                    for shape in plan:
                        shape.run(data, focus, found, by_p)
        sparql = [s for s in self._sparql_shapes if not self._sparql_clear(data, s)]
        if not found and not sparql:
            return self._conforming
        if rdflib_triples is not None:
            back: dict[Term, Node] = {}
            for (s, _p, o), (rs, _rp, ro) in zip(triples, rdflib_triples, strict=True):
                back[s] = rs
                back[o] = ro
            to_node: Callable[[Term], Node] = back.__getitem__
        else:
            to_node = _rdflib
        results = [self._result(source, component, to_node(focus), None if value is None else to_node(value))
                   for source, component, focus, value in found]
        if sparql:
            results.extend(self._sparql(data, sparql, triples, nquads, rdflib_triples, to_node))
        results.sort(key=_order)
        text = "conforms" if not results else f"{len(results)} results"
        return Report(conforms=not results, results=tuple(results), graph=self.shapes_graph, text=text)

    def _plan(self, types: tuple[Term, ...]) -> list[_Shape]:
        """The shapes that target a node with these rdf:type values, its node shapes without
        constraints of their own merged into one (their property shapes planned together)."""
        shapes: dict[int, _Shape] = {}
        for t in types:
            for shape in self._by_class.get(t, ()):
                shapes[shape.ident] = shape
        ordered = [shapes[i] for i in sorted(shapes)]
        merged = [s for s in ordered if s.path is None and not s.own]
        plan = [s for s in ordered if s.path is not None or s.own]
        if merged:
            union = _Shape(node=BNode(), ident=-1, path=None, path_node=None, messages=[], severity=SH.Violation,
                           properties=[p for s in merged for p in s.properties])
            union.plan()
            plan.insert(0, union)
        if len(self._plans) < 4096:
            self._plans[types] = plan
        return plan

    @staticmethod
    def _sparql_clear(data: _Data, shape: _Shape) -> bool:
        """True when the shape's sh:sparql constraints certainly have no result."""
        focus = _union(data, shape.targets)
        if not focus:
            return True
        return all(c.clear is not None and c.clear(data, focus) for c in shape.sparql)

    def _result(self, source: _Shape, component: URIRef, focus: Node, value: Node | None) -> Result:
        if value is None and source.path is None and component in _NODE_VALUE_COMPONENTS:
            value = focus
        messages = [str(m) for m in source.messages] or [_generic(component)]
        return Result(
            focus_node=focus,
            path=source.path_node,
            message="; ".join(sorted(messages)),
            severity=source.severity,
            source_shape=source.node,
            value=value,
            constraint=component,
        )

    def _sparql(self, data: _Data, shapes: list[_Shape], triples: Sequence[Triple], nquads: str | bytes | None,
                rdflib_triples: Sequence[tuple[Node, Node, Node]] | None, to_node: Callable[[Term], Node]
                ) -> list[Result]:
        import pyoxigraph as ox

        from kg.store.terms import from_ox, to_ox

        # one small in-memory store per article: its only graph is the article, so the union
        # default graph is the article graph whatever it is named in ``nquads``
        store = ox.Store()
        if nquads is not None:
            store.load(nquads, format=ox.RdfFormat.N_QUADS)
        elif rdflib_triples is not None:
            store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in rdflib_triples)
        else:
            try:
                store.load("".join(f"{s} {p} {o} .\n" for s, p, o in triples), format=ox.RdfFormat.N_TRIPLES)
            except SyntaxError:
                store = ox.Store()
                store.extend(ox.Quad(to_ox(_rdflib(s)), to_ox(_rdflib(p)), to_ox(_rdflib(o))) for s, p, o in triples)
        out: list[Result] = []
        for shape in shapes:
            focus_nodes = {to_node(f) for f in _union(data, shape.targets)}
            for c in shape.sparql:
                rows = store.query(c.query, prefixes=c.prefixes, use_default_graph_as_union=True)
                variables = [v.value for v in rows.variables]
                for row in rows:
                    bound = {v: from_ox(row[v]) for v in variables if row[v] is not None}
                    focus = bound.get("this")
                    if focus in focus_nodes:
                        out.append(self._sparql_result(shape, c, focus, bound))
        return out

    def _sparql_result(self, shape: _Shape, c: _Sparql, focus: Node, bound: dict[str, Node]) -> Result:
        messages = [str(m) for m in shape.messages]
        for m in c.messages:
            text = _format(str(m), bound)
            if text not in messages:
                messages.append(text)
        return Result(
            focus_node=focus,
            path=bound.get("path", shape.path_node),
            message="; ".join(sorted(messages)) or _generic(SH.SPARQLConstraintComponent),
            severity=shape.severity,
            source_shape=shape.node,
            value=bound.get("value", focus),
            constraint=SH.SPARQLConstraintComponent,
        )


def _order(r: Result) -> tuple[str, ...]:
    """The order of a report's results: by focus node, path, shape and message (as pySHACL's
    reports are shown), then component and value, so that the order does not depend on the
    order of the triples."""
    value = "" if r.value is None else r.value.n3()
    return str(r.focus_node), str(r.path), str(r.source_shape), r.message, str(r.constraint), value


def _union(data: _Data, classes: list[Term]) -> list[Term]:
    if len(classes) == 1:
        return data.instances(classes[0])
    seen: dict[Term, None] = {}
    for cls in classes:
        for f in data.instances(cls):
            seen[f] = None
    return list(seen)


# node-level constraints whose value node is the focus node itself (SHACL 2.3.2)
_NODE_VALUE_COMPONENTS = {
    SH.ClassConstraintComponent, SH.DatatypeConstraintComponent, SH.NodeKindConstraintComponent,
    SH.LanguageInConstraintComponent, SH.PatternConstraintComponent, SH.MinLengthConstraintComponent,
    SH.MinInclusiveConstraintComponent, SH.MaxInclusiveConstraintComponent, SH.NodeConstraintComponent,
    SH.OrConstraintComponent,
}


def _format(message: str, bound: dict[str, Node]) -> str:
    # pyshacl ConstraintComponent._format_sparql_based_result_message
    for var, val in bound.items():
        message = re.sub(f"{{[?$]{var}}}", str(val), message)
    return message


def _generic(component: URIRef) -> str:
    return f"{str(component).rsplit('#', 1)[-1]} violated"


@lru_cache(maxsize=1)
def fast_validator() -> FastValidator:
    """The project's shapes (ontology/shapes.ttl), compiled once per process."""
    from kg.validate import load_shapes

    return FastValidator(load_shapes())


def validator() -> Callable[[Graph], Report]:
    """The fastest validator that reports exactly what pySHACL does for the project's shapes."""
    try:
        return fast_validator().validate
    except UnsupportedShapes:
        from kg.validate import validate

        return validate
