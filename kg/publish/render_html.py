"""HTML pages: right-to-left Persian, self-contained, fetching nothing.

Every page is ``<html lang="fa" dir="rtl">`` with its CSS inline and a local font stack (no
web fonts, no CDN, no script); a place's map is an inline SVG drawn here from the
gazetteer's coordinates (no tiles). Identifiers, IRIs and numbers of code points stay
left-to-right inside ``<bdi>``/``dir="ltr"`` so they do not scramble the Persian around them.
Templates are Jinja2 with autoescaping on: article texts are untrusted input, and a
``<script>`` in a news text must stay text.

Links between pages are *relative* (``../statement/x`` from ``/id/person/y``), so the same
pages work at the root of a host, under a reverse proxy's sub-path, and as static files;
:class:`Linker` knows which (the static site links ``….html`` files, which every static host
and ``file://`` can open).
"""

from __future__ import annotations

import csv
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.publish.config import ONTOLOGY_IRI, SHAPES_IRI, Config
from kg.publish.describe import Description
from kg.rdf.namespace import KG_URI
from kg.store.store import QUERY_PREFIXES

__all__ = ["Linker", "render", "term_labels"]

TEMPLATES = Path(__file__).resolve().parent / "templates"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

# names of the terms the ontology does not label (external vocabularies, derived facts)
EXTRA_LABELS = {
    RDF_TYPE: "نوع",
    "http://www.w3.org/2000/01/rdf-schema#label": "نام",
    "http://www.w3.org/2000/01/rdf-schema#comment": "توضیح",
    "http://www.w3.org/2004/02/skos/core#prefLabel": "نام نمایشی",
    "http://www.w3.org/2002/07/owl#sameAs": "همان",
    "http://www.w3.org/ns/prov#wasDerivedFrom": "برگرفته از",
    "http://www.w3.org/ns/prov#wasGeneratedBy": "تولیدشده با",
    "http://www.w3.org/ns/prov#used": "به‌کاررفته",
    "http://www.w3.org/ns/prov#wasAssociatedWith": "انجام‌شده با",
    "http://www.w3.org/ns/oa#hasSource": "منبع",
    "http://www.w3.org/ns/oa#hasSelector": "گزینشگر",
    "http://www.w3.org/ns/oa#exact": "متن دقیق",
    "http://www.w3.org/ns/oa#prefix": "پیش از آن",
    "http://www.w3.org/ns/oa#suffix": "پس از آن",
    "http://www.w3.org/ns/oa#start": "آغاز",
    "http://www.w3.org/ns/oa#end": "پایان",
    "http://www.w3.org/ns/org#member": "عضو",
    "http://www.w3.org/ns/org#organization": "سازمان",
    "http://www.w3.org/ns/org#role": "نقش",
    "http://www.w3.org/ns/org#memberDuring": "در دوره‌ی",
    "http://www.w3.org/2003/01/geo/wgs84_pos#lat": "عرض جغرافیایی",
    "http://www.w3.org/2003/01/geo/wgs84_pos#long": "طول جغرافیایی",
    "http://purl.org/dc/terms/title": "تیتر",
    KG_URI + "statementCount": "شمار اظهارات",
    KG_URI + "articleCount": "شمار خبرها",
    KG_URI + "directStatements": "اظهارات مستقیم",
    KG_URI + "indirectStatements": "اظهارات غیرمستقیم",
    KG_URI + "post": "سمت",
    KG_URI + "matchKey": "کلید تطبیق",
    "http://www.w3.org/ns/sparql-service-description#Graph": "گراف نام‌دار",
    "http://rdfs.org/ns/void#triples": "شمار سه‌تایی‌ها",
    "http://www.w3.org/ns/org#Membership": "عضویت",
    "http://www.w3.org/ns/oa#SpecificResource": "منبع مشخص",
    "http://www.w3.org/ns/oa#TextQuoteSelector": "گزینشگر نقل‌قول",
    "http://www.w3.org/ns/oa#TextPositionSelector": "گزینشگر جایگاه",
    "http://www.w3.org/ns/prov#SoftwareAgent": "نرم‌افزار",
}
SHORT = {v: k for k, v in QUERY_PREFIXES.items()} | {
    "http://www.w3.org/ns/sparql-service-description#": "sd", "http://rdfs.org/ns/void#": "void"}

# Iran on the map: a box a little larger than the country (degrees)
MAP_BOX = (43.5, 64.0, 24.5, 40.2)  # west, east, south, north
MAP_W = 320


@lru_cache(maxsize=1)
def term_labels() -> dict[str, tuple[str, str]]:
    """Ontology term IRI → (Persian label, English label), from ontology/officials.ttl."""
    from kg.resources import ontology_path

    fa: dict[str, str] = {}
    en: dict[str, str] = {}
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    for t in ox.parse(path=str(ontology_path()), format=ox.RdfFormat.TURTLE):
        if t.predicate == label and isinstance(t.subject, ox.NamedNode) and isinstance(t.object, ox.Literal):
            (fa if t.object.language == "fa" else en)[t.subject.value] = t.object.value
    keys = set(fa) | set(en)
    out = {k: (fa.get(k, en.get(k, "")), en.get(k, "")) for k in keys}
    for k, v in EXTRA_LABELS.items():
        out.setdefault(k, (v, ""))
    return out


@lru_cache(maxsize=1)
def declared_terms() -> frozenset[str]:
    """The kg: terms ontology/officials.ttl declares (and documents on /ontology)."""
    from kg.resources import ontology_path

    rdf_type = ox.NamedNode(RDF_TYPE)
    return frozenset(t.subject.value for t in ox.parse(path=str(ontology_path()), format=ox.RdfFormat.TURTLE)
                     if t.predicate == rdf_type and isinstance(t.subject, ox.NamedNode)
                     and t.subject.value.startswith(KG_URI))


@lru_cache(maxsize=8192)
def curie(iri: str) -> str:
    best = max((ns for ns in SHORT if iri.startswith(ns)), key=len, default=None)
    return f"{SHORT[best]}:{iri[len(best):]}" if best else iri


class Linker:
    """Relative links from the page at ``here`` (a site path such as ``/id/person/x``)."""

    def __init__(self, config: Config, here: str, *, static: bool = False) -> None:
        self.config = config
        self.here = here
        self.static = static

    def path(self, target: str) -> str:
        """A link to a site path (``/sparql``, ``/id/person/x``, ``/ontology#Statement``)."""
        frag = ""
        if "#" in target:
            target, frag = target.split("#", 1)
            frag = "#" + frag
        if self.static:
            target = _static_file(target)
        if target == self.here or (self.static and target == _static_file(self.here)):
            return frag or "#"
        start = posixpath.dirname(self.here) or "/"
        rel = posixpath.relpath(target, start)
        if target.endswith("/") and not rel.endswith("/"):
            rel += "/"
        return rel + frag

    def iri(self, iri: str) -> str | None:
        """Where a link to ``iri`` goes: this site for its own IRIs, else the IRI itself;
        None for a kg: term the ontology does not declare (its page has no section for it)."""
        if iri.startswith(KG_URI):
            local = iri[len(KG_URI):]
            return self.path("/ontology#" + local) if iri in declared_terms() else None
        if iri in (ONTOLOGY_IRI, ONTOLOGY_IRI + "#"):
            return self.path("/ontology")
        if iri.startswith(SHAPES_IRI):
            return self.path("/shapes" + iri[len(SHAPES_IRI):])
        local = self.config.local_path(iri)
        if local is None or not iri.startswith(self.config.base):
            return iri
        frag = iri.split("#", 1)[1] if "#" in iri else ""
        return self.path(local + ("#" + frag if frag else ""))


def _static_file(path: str) -> str:
    """The file a static site serves for a site path: ``/x/`` → ``/x/index.html``, a page
    ``/x`` → ``/x.html``; files with an extension as they are."""
    if path.startswith("/.well-known/") or path.endswith(".html"):
        return path
    if path.endswith("/"):
        return path + "index.html"
    if path.startswith("/id/") or not posixpath.splitext(path.rsplit("/", 1)[-1])[1]:
        return path + ".html"  # /id/… always: an IRI such as …/activity/x-0.1.0 has a dot
    return path


@lru_cache(maxsize=1)
def _env():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=jinja2.select_autoescape(["html", "svg"]),
        trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters["fa_digits"] = fa_digits
    env.filters["curie"] = curie
    return env


def fa_digits(value: object) -> str:
    return str(value).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def render(template: str, **context: Any) -> bytes:
    """A page from ``kg/publish/templates/{template}``."""
    return _env().get_template(template).render(css=_css(), **context).encode("utf-8")


@lru_cache(maxsize=1)
def _css() -> str:
    return (TEMPLATES / "style.css").read_text(encoding="utf-8")


# --- the pieces an entity page is made of -----------------------------------------------------------
@dataclass
class Value:
    """One object on a page: a link (with its name), or a literal (with language/datatype)."""

    text: str
    href: str | None = None
    iri: str | None = None
    lang: str | None = None
    datatype: str | None = None
    ltr: bool = False


@dataclass
class Row:
    predicate: str
    label: str
    href: str | None
    values: list[Value]


_LTR_TYPES = {"integer", "decimal", "double", "nonNegativeInteger", "boolean", "date", "anyURI", "dateTime"}


def _value(term: ox.Term, d: Description, link: Linker) -> Value:
    if isinstance(term, ox.NamedNode):
        name = d.labels.get(term.value) or term_labels().get(term.value, ("", ""))[0]
        if not name and term.value.startswith(d.iri + "#"):
            name = "#" + term.value.split("#", 1)[1]
        return Value(name or curie(term.value), link.iri(term.value), iri=term.value, ltr=not name)
    if isinstance(term, ox.BlankNode):
        return Value("_:" + term.value, ltr=True)
    dt = term.datatype.value if not term.language else None
    short = curie(dt) if dt and dt != XSD + "string" else None
    numeric = bool(dt) and dt.startswith(XSD) and dt[len(XSD):] in _LTR_TYPES
    return Value(term.value, lang=term.language, datatype=short, ltr=numeric or term.language == "en")


def rows(pairs: Iterable[tuple[ox.NamedNode, ox.Term]], d: Description, link: Linker,
         skip: Iterable[str] = ()) -> list[Row]:
    """(predicate, object) pairs as table rows: one row per predicate, types first."""
    grouped: dict[str, list[ox.Term]] = {}
    skipped = set(skip)
    for p, o in pairs:
        if p.value not in skipped:
            grouped.setdefault(p.value, []).append(o)
    labels = term_labels()
    order = sorted(grouped, key=lambda p: (p != RDF_TYPE, labels.get(p, (curie(p), ""))[0]))
    out = []
    for p in order:
        values = sorted((_value(o, d, link) for o in grouped[p]), key=lambda v: (v.text, v.iri or ""))
        out.append(Row(p, labels.get(p, (curie(p), ""))[0] or curie(p), link.iri(p), values))
    return out


def inbound_groups(d: Description, link: Linker) -> list[Row]:
    """Inbound links grouped by predicate (“statements that mention this place: …”)."""
    grouped: dict[str, list[Value]] = {}
    for s, p in d.inbound:
        v = _value(s, d, link)
        grouped.setdefault(p.value, []).append(v)
    labels = term_labels()
    return [Row(p, labels.get(p, (curie(p), ""))[0] or curie(p), link.iri(p), sorted(vs, key=lambda v: v.text))
            for p, vs in sorted(grouped.items(), key=lambda kv: -len(kv[1]))]


@lru_cache(maxsize=1)
def _map_dots() -> str:
    """The county seats of the gazetteer as one SVG path of dots: the outline of Iran, drawn
    from data the package already ships (no tiles, nothing fetched)."""
    path = resources.files("kg.lexicons").joinpath("places", "cities.tsv")
    parts = []
    with path.open(encoding="utf-8") as f:
        lines = (line for line in f if not line.startswith("#"))
        for row in csv.DictReader(lines, delimiter="\t"):
            if row.get("is_county_seat") == "1" and row.get("lat") and row.get("lon"):
                x, y = _project(float(row["lat"]), float(row["lon"]))
                parts.append(f"M{x:.1f} {y:.1f}h0")
    return "".join(parts)


def _project(lat: float, lon: float) -> tuple[float, float]:
    west, east, _south, north = MAP_BOX
    scale = MAP_W / (east - west)
    return (lon - west) * scale, (north - lat) * scale


def place_map(lat: float, lon: float, label: str) -> dict[str, Any] | None:
    """What the map template needs, or None for a point outside the box (no map then)."""
    west, east, south, north = MAP_BOX
    if not (west <= lon <= east and south <= lat <= north):
        return None
    x, y = _project(lat, lon)
    height = (north - south) * MAP_W / (east - west)
    return {"width": MAP_W, "height": round(height, 1), "dots": _map_dots(), "x": round(x, 1), "y": round(y, 1),
            "label": label, "lat": lat, "lon": lon,
            "osm": f"https://www.openstreetmap.org/?mlat={lat:.5f}&mlon={lon:.5f}#map=11/{lat:.5f}/{lon:.5f}"}


def article_text(text: str, d: Description, link: Linker) -> list[dict[str, Any]]:
    """An article's text cut into plain pieces and the statements' spans (linked, marked)."""
    spans = sorted((s.span.start, s.span.end, s.iri) for s in d.statements
                   if s.span.start is not None and s.span.end is not None)
    pieces: list[dict[str, Any]] = []
    pos = 0
    for start, end, iri in spans:
        if start < pos or end > len(text):
            continue  # overlapping or out of range: leave it unmarked rather than garble the text
        if start > pos:
            pieces.append({"text": text[pos:start], "href": None})
        pieces.append({"text": text[start:end], "href": link.iri(iri)})
        pos = end
    pieces.append({"text": text[pos:], "href": None})
    return pieces


def entity_page(d: Description, config: Config, here: str, *, static: bool = False,
                alternates: list[dict[str, str]] | None = None) -> bytes:
    """The HTML page of one resource."""
    link = Linker(config, here, static=static)
    labels = term_labels()
    types = [{"label": labels.get(t, (curie(t), ""))[0] or curie(t), "href": link.iri(t), "iri": t} for t in d.types]
    skip = {KG_URI + "text"} if d.text is not None else set()
    parts = []
    for part_iri, pairs in sorted(d.parts.items()):
        parts.append({"id": part_iri.split("#", 1)[1], "iri": part_iri, "rows": rows(pairs, d, link)})
    statements = []
    for s in d.statements:
        statements.append({
            "href": link.iri(s.iri), "content": s.content, "date": s.date, "verb": s.verb, "direct": s.direct,
            "speaker": s.speaker and {"href": link.iri(s.speaker), "name": d.labels.get(s.speaker, curie(s.speaker))},
            "article": s.article and {"href": link.iri(s.article), "name": d.labels.get(s.article, curie(s.article))},
            "span": s.span})
    geo = place_map(*d.point, d.label) if d.point else None
    return render(
        "entity.html", title=d.label, d=d, types=types, rows=rows(d.outbound, d, link, skip), parts=parts,
        inbound=inbound_groups(d, link), statements=statements, geo=geo,
        text=article_text(d.text, d, link) if d.text is not None else None,
        alternates=alternates or [], link=link, config=config, static=static,
        speaker=_first_link(d, KG_URI + "speaker", link), article=_first_link(d, KG_URI + "article", link))


def _first_link(d: Description, predicate: str, link: Linker) -> dict[str, str] | None:
    for p, o in d.outbound:
        if p.value == predicate and isinstance(o, ox.NamedNode):
            return {"href": link.iri(o.value), "name": d.labels.get(o.value, curie(o.value))}
    return None


# --- SPARQL results, the ontology, the home page ----------------------------------------------------
def results_table(variables: list[str], rows: list[list[Any]], link: Linker) -> list[list[Value | None]]:
    """Result rows as values to show (IRIs of this site link to their pages)."""
    empty = Description("")
    return [[None if t is None else _value(t, empty, link) for t in row] for row in rows]


@dataclass
class Term:
    iri: str
    local: str
    kind: str
    label_fa: str
    label_en: str
    comment_fa: str
    comment_en: str
    links: list[tuple[str, list[Value]]]


_KINDS = {
    "http://www.w3.org/2002/07/owl#Class": ("class", "کلاس‌ها"),
    "http://www.w3.org/2002/07/owl#ObjectProperty": ("object", "ویژگی‌های شیئی"),
    "http://www.w3.org/2002/07/owl#DatatypeProperty": ("data", "ویژگی‌های داده‌ای"),
    "http://www.w3.org/2002/07/owl#AnnotationProperty": ("annotation", "ویژگی‌های توضیحی"),
}
_LINKS = {
    "http://www.w3.org/2000/01/rdf-schema#subClassOf": "زیرکلاسِ",
    "http://www.w3.org/2000/01/rdf-schema#subPropertyOf": "زیرویژگیِ",
    "http://www.w3.org/2000/01/rdf-schema#domain": "دامنه",
    "http://www.w3.org/2000/01/rdf-schema#range": "برد",
    "http://www.w3.org/2002/07/owl#inverseOf": "وارونه‌ی",
}


def ontology_model(config: Config, here: str, *, static: bool = False) -> dict[str, Any]:
    """What the ontology's documentation page shows, from ontology/officials.ttl."""
    from rdflib import BNode, Graph, Literal, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

    from kg.resources import ontology_path

    g = Graph().parse(ontology_path(), format="turtle")
    link = Linker(config, here, static=static)

    def text(s, p, lang: str) -> str:
        for o in g.objects(s, p):
            if isinstance(o, Literal) and o.language == lang:
                return str(o)
        return ""

    def values(o) -> list[Value]:
        if isinstance(o, URIRef):
            name = term_labels().get(str(o), ("", ""))[0]
            return [Value(name or curie(str(o)), link.iri(str(o)), iri=str(o), ltr=not name)]
        if isinstance(o, BNode):
            members = next(iter(g.objects(o, OWL.unionOf)), None)
            if members is not None:
                return [v for m in Collection(g, members) for v in values(m)]
        return []

    groups: dict[str, list[Term]] = {kind: [] for kind, _ in _KINDS.values()}
    for kind_iri, (kind, _title) in _KINDS.items():
        for s in sorted(set(g.subjects(RDF.type, URIRef(kind_iri))), key=str):
            if not isinstance(s, URIRef) or not str(s).startswith(KG_URI):
                continue
            links = []
            for p, name in _LINKS.items():
                vs = [v for o in sorted(g.objects(s, URIRef(p)), key=str) for v in values(o)]
                if vs:
                    links.append((name, vs))
            traits = [curie(str(t)) for t in g.objects(s, RDF.type) if str(t) != kind_iri]
            if traits:
                links.append(("ویژگی‌ها", [Value(t, ltr=True) for t in sorted(traits)]))
            groups[kind].append(Term(str(s), str(s)[len(KG_URI):], kind, text(s, RDFS.label, "fa"),
                                     text(s, RDFS.label, "en"), text(s, RDFS.comment, "fa"),
                                     text(s, RDFS.comment, "en"), links))
    onto = URIRef(ONTOLOGY_IRI)
    return {
        "iri": ONTOLOGY_IRI, "namespace": KG_URI,
        "title_fa": text(onto, DCTERMS.title, "fa"), "title_en": text(onto, DCTERMS.title, "en"),
        "description_fa": text(onto, DCTERMS.description, "fa"),
        "description_en": text(onto, DCTERMS.description, "en"),
        "version": str(next(iter(g.objects(onto, OWL.versionInfo)), "")),
        "license": str(next(iter(g.objects(onto, DCTERMS.license)), "")),
        "groups": [(title, groups[kind]) for kind, title in _KINDS.values() if groups[kind]],
    }


def ontology_page(config: Config, here: str, *, static: bool = False) -> bytes:
    model = ontology_model(config, here, static=static)
    link = Linker(config, here, static=static)
    alts = [{"type": "text/turtle", "href": "ontology.ttl", "name": "Turtle"},
            {"type": "application/ld+json", "href": "ontology.jsonld", "name": "JSON-LD"},
            {"type": "application/ld+json", "href": "context.jsonld", "name": "JSON-LD context"},
            {"type": "text/turtle", "href": "shapes.ttl", "name": "SHACL shapes"}]
    if not static:
        alts += [{"type": "application/n-triples", "href": "ontology.nt", "name": "N-Triples"},
                 {"type": "application/rdf+xml", "href": "ontology.rdf", "name": "RDF/XML"}]
    return render("ontology.html", title=model["title_fa"] or "هستان‌شناسی", o=model, link=link, config=config,
                  static=static, alternates=alts)
