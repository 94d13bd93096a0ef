"""OWL reasoning over a knowledge graph with HermiT (through owlready2).

``reason(data)`` loads ``ontology/officials.ttl`` and the data into a fresh owlready2 World,
runs HermiT, and reports whether the two are consistent together and what HermiT inferred:
the most specific types of individuals (an untyped ``kg:speaker`` becomes a ``kg:Person``)
and object property values it derives (mostly those ``owl:sameAs`` carries over to Wikidata
entities; HermiT's command line does not list super-property values such as
``schema:creator``). HermiT only answers "inconsistent"; to say *which* nodes conflict, this
module also runs a cheap diagnosis of its own over the same triples (disjoint types,
including types implied by rdfs:domain/rdfs:range, and functional data properties with two
values).

HermiT is Java: without a ``java`` on PATH, :class:`ReasonerUnavailable` is raised.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node
from rdflib.util import guess_format

from kg.errors import KgError
from kg.resources import ontology_path

__all__ = ["ReasonReport", "ReasonerFailed", "ReasonerUnavailable", "reason"]

KG_NS = "https://w3id.org/officials-kg/ontology#"
_INFERENCES_IRI = "http://inferrences/"  # sic: owlready2's name for the ontology it writes into
_JAVA_HINT = "kg reason needs a Java runtime (install e.g. Debian's default-jre-headless)"

# owlready2 keeps global state (current namespaces, its Java call); one run at a time.
_LOCK = threading.Lock()

DataInput = Graph | Dataset | str | Path | Iterable[str | Path]


class ReasonerUnavailable(KgError):
    """No Java runtime, so HermiT cannot run."""


class ReasonerFailed(KgError):
    """HermiT or owlready2 failed for a reason other than an inconsistency."""


@dataclass(frozen=True)
class ReasonReport:
    """What the reasoner found: consistency, inferred triples (as IRIs), plain-words problems."""

    consistent: bool
    inferred: list[tuple[str, str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def reason(data: DataInput, *, infer_property_values: bool = True) -> ReasonReport:
    """Check ``data`` against the ontology with HermiT and collect what it infers.

    ``data`` is an rdflib Graph or Dataset (all graphs are merged), or one or more RDF files
    (format from the extension: .ttl, .nt, .trig, .nq, .jsonld, .rdf ...).
    ``infer_property_values`` also asks HermiT for the object property values it derives;
    it costs little on article-sized graphs.
    """
    if shutil.which("java") is None:
        raise ReasonerUnavailable(_JAVA_HINT)
    graph = _as_graph(data)
    ontology = _ontology()

    import owlready2  # imported late: it is slow to import and only this command needs it

    with _LOCK, tempfile.TemporaryDirectory(prefix="kg-reason-") as tmp:
        ontology_file = Path(tmp) / "ontology.nt"
        data_file = Path(tmp) / "data.nt"
        ontology.serialize(ontology_file, format="nt", encoding="utf-8")
        graph.serialize(data_file, format="nt", encoding="utf-8")

        # A fresh World per call: nothing loaded or inferred leaks between calls.
        world = owlready2.World()
        try:
            world.get_ontology(ontology_file.as_uri()).load()
            world.get_ontology(data_file.as_uri()).load()
            try:
                owlready2.sync_reasoner_hermit(
                    world,
                    infer_property_values=infer_property_values,
                    debug=0,
                    # xsd:date (kg:date, kg:datePublished) is outside the OWL 2 datatype map.
                    ignore_unsupported_datatypes=True,
                )
            except owlready2.OwlReadyInconsistentOntologyError:
                problems = diagnose(graph, ontology) or [
                    "HermiT found the data inconsistent with the ontology, and no disjoint types "
                    "or conflicting functional values explain it; owlready2 does not say which "
                    "axioms conflict (try reasoning over part of the graph)"
                ]
                return ReasonReport(consistent=False, inferred=[], problems=problems)
            except owlready2.OwlReadyJavaError as exc:
                first = str(exc).strip().splitlines()
                detail = next((line for line in first if "Exception" in line), first[-1] if first else "")
                raise ReasonerFailed(f"HermiT failed: {detail.strip()}") from exc
            inferred = _inferred(world)
        finally:
            world.close()

    problems = [
        f"{_show(URIRef(s))} is unsatisfiable: no individual can belong to it"
        for s, p, o in inferred
        if p == str(OWL.equivalentClass) and o == str(OWL.Nothing)
    ]
    return ReasonReport(consistent=True, inferred=inferred, problems=problems)


# --- inputs ----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    graph = Graph()
    graph.parse(ontology_path(), format="turtle")
    return graph


def _as_graph(data: DataInput) -> Graph:
    """One Graph holding every triple of ``data`` (the graphs of a Dataset merged)."""
    if isinstance(data, Dataset):
        merged = Graph()
        for s, p, o, _ in data.quads((None, None, None, None)):
            merged.add((s, p, o))
        return merged
    if isinstance(data, Graph):
        return data
    paths = [data] if isinstance(data, (str, Path)) else list(data)
    merged = Graph()
    for path in paths:
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(f"no such RDF file: {path}")
        fmt = guess_format(str(path)) or "turtle"
        if fmt in ("trig", "nquads"):
            ds = Dataset()
            ds.parse(path, format=fmt)
            for s, p, o, _ in ds.quads((None, None, None, None)):
                merged.add((s, p, o))
        else:
            merged.parse(path, format=fmt)
    return merged


# --- outputs ---------------------------------------------------------------------------------


def _inferred(world: object) -> list[tuple[str, str, str]]:
    """The triples HermiT added, which owlready2 keeps in a separate ontology."""
    inferences = world.get_ontology(_INFERENCES_IRI)  # type: ignore[attr-defined]
    context = world.as_rdflib_graph().get_context(inferences)  # type: ignore[attr-defined]
    triples = set()
    for s, p, o in context:
        if isinstance(s, BNode) or isinstance(o, BNode):
            continue  # owlready2's own bookkeeping (restrictions), not facts about the data
        if p == RDF.type and o == OWL.Ontology:
            continue
        triples.add((str(s), str(p), str(o)))
    return sorted(triples)


# --- diagnosis -------------------------------------------------------------------------------


def diagnose(data: Graph, ontology: Graph) -> list[str]:
    """Plain-words reasons why ``data`` is inconsistent with ``ontology``, as far as cheap checks go.

    Finds individuals with two disjoint types (asserted, via rdfs:subClassOf, or implied by a
    property's rdfs:domain / rdfs:range) and functional data properties with two values.
    """
    superclasses = _superclass_closure(ontology)
    disjoint = _disjoint_pairs(ontology, superclasses)
    domains = _named_classes(ontology, RDFS.domain)
    ranges = _named_classes(ontology, RDFS.range)

    types: dict[Node, dict[URIRef, str]] = defaultdict(dict)

    def note(node: Node, cls: URIRef, why: str) -> None:
        if isinstance(node, Literal):
            return
        for sup in superclasses.get(cls, {cls}):
            types[node].setdefault(sup, why)

    for s, p, o in data:
        if p == RDF.type and isinstance(o, URIRef):
            note(s, o, f"typed {_show(o)}")
        for cls in domains.get(p, ()):
            note(s, cls, f"subject of {_show(p)}")
        for cls in ranges.get(p, ()):
            note(o, cls, f"object of {_show(p)}")

    problems: list[str] = []
    for node in sorted(types, key=str):
        seen = types[node]
        for a, b in sorted(disjoint, key=lambda pair: (str(pair[0]), str(pair[1]))):
            if a in seen and b in seen:
                problems.append(
                    f"{_show(node)} is both {_show(a)} ({seen[a]}) and {_show(b)} ({seen[b]}), "
                    "which the ontology declares disjoint"
                )

    functional = set(ontology.subjects(RDF.type, OWL.FunctionalProperty)) & set(
        ontology.subjects(RDF.type, OWL.DatatypeProperty)
    )
    for prop in sorted(functional, key=str):
        values: dict[Node, set[object]] = defaultdict(set)
        for s, o in data.subject_objects(prop):
            if isinstance(o, Literal):
                values[s].add(o.value if o.value is not None else (str(o), o.datatype, o.language))
        for s in sorted(values, key=str):
            if len(values[s]) > 1:
                problems.append(
                    f"{_show(s)} has {len(values[s])} different {_show(prop)} values, but the ontology allows only one"
                )
    return problems


def _superclass_closure(ontology: Graph) -> dict[URIRef, set[URIRef]]:
    """Each named class mapped to itself and all its named superclasses."""
    direct: dict[URIRef, set[URIRef]] = defaultdict(set)
    for sub, sup in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            direct[sub].add(sup)
    closure: dict[URIRef, set[URIRef]] = {}

    def up(cls: URIRef) -> set[URIRef]:
        if cls not in closure:
            closure[cls] = {cls}
            for sup in direct.get(cls, ()):
                closure[cls] |= up(sup)
        return closure[cls]

    for cls in list(direct):
        up(cls)
    return closure


def _disjoint_pairs(ontology: Graph, superclasses: dict[URIRef, set[URIRef]]) -> set[tuple[URIRef, URIRef]]:
    """Pairs of named classes declared disjoint (owl:AllDisjointClasses, owl:disjointWith)."""
    pairs: set[tuple[URIRef, URIRef]] = set()
    groups: list[list[Node]] = []
    for axiom in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        members = ontology.value(axiom, OWL.members)
        if members is not None:
            groups.append(list(Collection(ontology, members)))
    for a, b in ontology.subject_objects(OWL.disjointWith):
        groups.append([a, b])
    for group in groups:
        named = [c for c in group if isinstance(c, URIRef)]
        for i, a in enumerate(named):
            for b in named[i + 1 :]:
                pairs.add((a, b) if str(a) < str(b) else (b, a))
    return pairs


def _named_classes(ontology: Graph, axis: URIRef) -> dict[Node, tuple[URIRef, ...]]:
    """rdfs:domain or rdfs:range of each property, when it is a single named class (unions skipped)."""
    found: dict[Node, tuple[URIRef, ...]] = {}
    for prop, cls in ontology.subject_objects(axis):
        if isinstance(cls, URIRef) and (cls, RDF.type, OWL.Class) in ontology:
            found[prop] = (*found.get(prop, ()), cls)
    return found


_PREFIXES = (
    ("kg", KG_NS),
    ("id", "https://w3id.org/officials-kg/id/"),
    ("schema", "https://schema.org/"),
    ("org", "http://www.w3.org/ns/org#"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("owl", str(OWL)),
)


def _show(term: Node) -> str:
    text = str(term)
    for prefix, ns in _PREFIXES:
        if text.startswith(ns):
            return f"{prefix}:{text[len(ns) :]}"
    return f"<{text}>" if isinstance(term, URIRef) else text
