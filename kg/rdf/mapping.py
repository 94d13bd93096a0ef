"""Map an extracted ``records.Article`` to RDF: one named graph per article.

Every resource gets a deterministic IRI (``kg.rdf.iris``); every span-bearing
resource carries ``kg:start``/``kg:end`` into the article's ``kg:text`` plus a
W3C Web Annotation target (``oa:TextPositionSelector`` + ``oa:TextQuoteSelector``).

Triples are built as N-Triples term strings (``kg.rdf.ntriples``): that is what the batch path
writes, validates and stores, and it costs a tenth of building an rdflib Graph.
:func:`article_graph` and :func:`to_dataset` give rdflib objects for everything else.
"""

from __future__ import annotations

import unicodedata

from rdflib import Dataset, Graph
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, XSD

from kg import __version__
from kg import records as r
from kg.rdf import ntriples as nt
from kg.rdf.iris import Minter
from kg.rdf.namespace import DEFAULT_BASE, GEO, KG, OA, WD, bind_prefixes
from kg.rdf.ntriples import Term, TermNamespace, Triple

_CONTEXT = 32  # characters of prefix/suffix in a TextQuoteSelector


class V:  # the vocabulary, as term strings
    kg, oa, rdf, rdfs, owl, prov, geo, dcterms = map(TermNamespace, (KG, OA, RDF, RDFS, OWL, PROV, GEO, DCTERMS))


def fa(text: str) -> Term:
    return nt.literal(text, lang="fa")


def en(text: str) -> Term:
    return nt.literal(text, lang="en")


def _key(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))


class _Minter(Minter):
    """The Minter's IRIs as plain strings: the mapping only writes them into term strings, and
    building an rdflib URIRef for each (rdflib checks every one) took a sixth of its time."""

    def _iri(self, *parts: str) -> str:  # type: ignore[override]
        return self.base + "/".join(parts)


class ArticleMapper:
    def __init__(self, article: r.Article, base: str = DEFAULT_BASE) -> None:
        self.a = article
        self.m = _Minter(base)
        self.iri: Term = self._mint(self.m.article(article.sha256))
        self.triples: dict[Triple, None] = {}  # a set that keeps insertion order
        self.person_iri: dict[str, Term] = {}
        self.org_iri: dict[str, Term] = {}
        self.project_iri: dict[str, Term] = {}
        self.event_iri: dict[str, Term] = {}

    @staticmethod
    def _mint(iri: str) -> Term:
        return f"<{iri}>"

    def add(self, s: Term, p: Term, o: Term) -> None:
        self.triples[(s, p, o)] = None

    def place_iri(self, key: str) -> Term:
        return self._mint(self.m.place(key))

    # --- spans -----------------------------------------------------------------
    def _spanned(self, node: Term, span: r.TextSpan) -> None:
        self.add(node, V.kg.start, nt.integer(span.start))
        self.add(node, V.kg.end, nt.integer(span.end))

    def _evidence(self, node: Term, span: r.TextSpan) -> None:
        target = f"{node[:-1]}#target>"
        pos = f"{node[:-1]}#position>"
        quote = f"{node[:-1]}#quote>"
        text = self.a.text
        add = self.add
        add(node, V.kg.evidence, target)
        add(target, V.rdf.type, V.oa.SpecificResource)
        add(target, V.oa.hasSource, self.iri)
        add(target, V.oa.hasSelector, pos)
        add(target, V.oa.hasSelector, quote)
        add(pos, V.rdf.type, V.oa.TextPositionSelector)
        add(pos, V.oa.start, nt.non_negative_integer(span.start))
        add(pos, V.oa.end, nt.non_negative_integer(span.end))
        add(quote, V.rdf.type, V.oa.TextQuoteSelector)
        add(quote, V.oa.exact, nt.literal(text[span.start : span.end]))
        add(quote, V.oa.prefix, nt.literal(text[max(0, span.start - _CONTEXT) : span.start]))
        add(quote, V.oa.suffix, nt.literal(text[span.end : span.end + _CONTEXT]))

    def _mention_iri(self, entity: Term, span: r.TextSpan) -> Term:
        # one span may evoke several entities («شهردار همدان»: a person and a municipality)
        return self._mint(self.m.mention(self.a.sha256, span.start, span.end, entity[1:-1]))

    def _mention(self, entity: Term, span: r.TextSpan) -> Term:
        node = self._mention_iri(entity, span)
        self.add(node, V.rdf.type, V.kg.Mention)
        self.add(node, V.kg.article, self.iri)
        self._spanned(node, span)
        self.add(node, V.kg.anchorText, nt.literal(span.text))
        self.add(node, V.kg.refersTo, entity)
        return node

    # --- resources -------------------------------------------------------------
    def article(self, activity: Term) -> None:
        a, iri, add = self.a, self.iri, self.add
        add(iri, V.rdf.type, V.kg.Article)
        add(iri, V.kg.text, nt.literal(a.text))
        add(iri, V.kg.sha256, nt.literal(a.sha256))
        add(iri, V.rdfs.label, fa(a.title or a.text.strip().split("\n", 1)[0][:80]))
        if a.title:
            add(iri, V.dcterms.title, fa(a.title))
        if a.url:
            add(iri, V.kg.url, nt.literal(a.url, datatype=str(XSD.anyURI)))
        if a.date:
            add(iri, V.kg.datePublished, nt.xsd_date(a.date))
        if a.jalali_date:
            add(iri, V.kg.jalaliDate, nt.literal(a.jalali_date))
        if a.source:
            add(iri, V.kg.source, nt.literal(a.source))
        add(iri, V.prov.wasGeneratedBy, activity)

    def provenance(self) -> Term:
        activity = self._mint(self.m.activity(self.a.sha256, __version__))
        software = self._mint(self.m.software(__version__))
        add = self.add
        add(activity, V.rdf.type, V.kg.IngestionActivity)
        add(activity, V.rdfs.label, en(f"officials-kg {__version__} ingestion"))
        add(activity, V.prov.used, self.iri)
        add(activity, V.prov.wasAssociatedWith, software)
        add(software, V.rdf.type, V.prov.SoftwareAgent)
        add(software, V.rdfs.label, en(f"officials-kg {__version__}"))
        return activity

    def place(self, p: r.Place) -> Term:
        iri, add = self.place_iri(p.key), self.add
        add(iri, V.rdf.type, getattr(V.kg, p.kind))
        add(iri, V.rdfs.label, fa(p.name_fa))
        if p.name_en:
            add(iri, V.rdfs.label, en(p.name_en))
        if p.lat is not None and p.lon is not None:
            add(iri, V.geo.lat, nt.decimal(p.lat))
            add(iri, V.geo.long, nt.decimal(p.lon))
        if p.wikidata:
            add(iri, V.owl.sameAs, nt.iri(f"{WD}{p.wikidata}"))
        if p.province and p.kind == "City":
            add(iri, V.kg.inProvince, self.place_iri(p.province))
        if p.kind == "Province":
            add(iri, V.kg.inCountry, self.place_iri("country-iran"))
        for span in p.mentions:
            self._mention(iri, span)
        return iri

    def organization(self, o: r.Organization) -> Term:
        iri, add = self._mint(self.m.organization(_key(o.label))), self.add
        self.org_iri[o.key] = iri
        add(iri, V.rdf.type, V.kg.NewsAgency if o.kind == "NewsAgency" else V.kg.Organization)
        add(iri, V.rdfs.label, fa(o.label))
        if o.place:
            add(iri, V.kg.locatedIn, self.place_iri(o.place))
        for span in o.mentions:
            self._mention(iri, span)
        return iri

    def person(self, p: r.Person) -> Term:
        iri, add = self._mint(self.m.person(p.identity or p.key)), self.add
        self.person_iri[p.key] = iri
        add(iri, V.rdf.type, V.kg.Person)
        if p.official:
            add(iri, V.rdf.type, V.kg.Official)
        add(iri, V.rdfs.label, fa(p.label))
        add(iri, V.kg.nameKey, nt.literal(p.identity or p.key))
        add(iri, V.prov.wasDerivedFrom, self.iri)
        for h in p.honorifics:
            add(iri, V.kg.honorific, fa(h))
        if p.given:
            add(iri, V.kg.givenName, fa(p.given))
        if p.family:
            add(iri, V.kg.familyName, fa(p.family))
        if p.title:
            org_label = None
            if p.organization:
                org = next((o for o in self.a.organizations if o.key == p.organization), None)
                org_label = org.label if org else None
            post = self._mint(self.m.post(_key(p.title) + "|" + _key(org_label or p.title_phrase or "")))
            add(iri, V.kg.holds, post)
            add(post, V.rdf.type, V.kg.Post)
            add(post, V.kg.title, fa(p.title))
            add(post, V.rdfs.label, fa(p.title_phrase or p.title))
            if p.organization and p.organization in self.org_iri:
                add(post, V.kg.postIn, self.org_iri[p.organization])
        for span in p.mentions:
            self._mention(iri, span)
        return iri

    def quantity(self, q: r.Quantity) -> Term:
        iri = self._mint(self.m.spanned("quantity", self.a.sha256, q.span.start, q.span.end))
        add = self.add
        add(iri, V.rdf.type, V.kg.Quantity)
        add(iri, V.kg.value, nt.decimal(q.value))
        add(iri, V.kg.unit, fa(q.unit))
        if q.unit_phrase:
            add(iri, V.kg.unitPhrase, fa(q.unit_phrase))
        if q.upper is not None:
            add(iri, V.kg.upperValue, nt.decimal(q.upper))
        if q.modifier:
            add(iri, V.kg.modifier, fa(q.modifier))
        if q.value_in_rials is not None:
            add(iri, V.kg.valueInRials, nt.decimal(q.value_in_rials))
        if q.measures:
            add(iri, V.kg.measures, fa(q.measures))
        add(iri, V.rdfs.label, fa(q.span.text))
        add(iri, V.kg.article, self.iri)
        self._spanned(iri, q.span)
        return iri

    def project(self, p: r.Project) -> Term:
        iri, add = self._mint(self.m.local("project", self.a.sha256, p.key)), self.add
        self.project_iri[p.key] = iri
        add(iri, V.rdf.type, V.kg.Project)
        add(iri, V.rdfs.label, fa(p.label))
        add(iri, V.kg.article, self.iri)
        if p.status:
            add(iri, V.kg.status, fa(p.status))
        if p.owner and p.owner in self.org_iri:
            add(iri, V.kg.owner, self.org_iri[p.owner])
        if p.place:
            add(iri, V.kg.locatedIn, self.place_iri(p.place))
        for span in p.mentions:
            self._mention(iri, span)
        return iri

    def event(self, e: r.Event) -> Term:
        iri, add = self._mint(self.m.local("event", self.a.sha256, e.key)), self.add
        self.event_iri[e.key] = iri
        add(iri, V.rdf.type, V.kg.Event)
        add(iri, V.rdfs.label, fa(e.label))
        add(iri, V.kg.article, self.iri)
        if e.host_city:
            add(iri, V.kg.hostCity, self.place_iri(e.host_city))
        if e.place:
            add(iri, V.kg.locatedIn, self.place_iri(e.place))
        if e.venue:
            add(iri, V.kg.venue, fa(e.venue))
        if e.date:
            add(iri, V.kg.date, nt.xsd_date(e.date))
        if e.jalali:
            add(iri, V.kg.jalaliDate, nt.literal(e.jalali))
        for span in e.mentions:
            self._mention(iri, span)
        return iri

    def statement(self, s: r.Statement, quantities: list[Term], activity: Term) -> Term:
        iri = self._mint(self.m.spanned("statement", self.a.sha256, s.span.start, s.span.end))
        add = self.add
        if (iri, V.rdf.type, V.kg.Statement) in self.triples:
            # a later speaker of the same span (a joint subject): the first keeps the plain IRI
            speaker_iri = self.person_iri[s.speaker][1:-1]
            iri = self._mint(self.m.spanned("statement", self.a.sha256, s.span.start, s.span.end, speaker_iri))
        add(iri, V.rdf.type, V.kg.Statement)
        add(iri, V.kg.speaker, self.person_iri[s.speaker])
        add(iri, V.kg.article, self.iri)
        self._spanned(iri, s.span)
        add(iri, V.kg.content, fa(s.content))
        add(iri, V.kg.reportingVerb, fa(s.verb))
        add(iri, V.kg.direct, nt.boolean(s.direct))
        add(iri, V.prov.wasDerivedFrom, self.iri)
        add(iri, V.prov.wasGeneratedBy, activity)
        if s.speaker_mention is not None:
            mention = self._mention_iri(self.person_iri[s.speaker], s.speaker_mention)
            add(iri, V.kg.speakerMention, mention)
        for key in s.projects:
            if key in self.project_iri:
                add(iri, V.kg.aboutProject, self.project_iri[key])
                add(iri, V.kg.mentions, self.project_iri[key])
        for key in s.mentions:
            target = self.org_iri.get(key) or self.person_iri.get(key)
            if target is None and key.startswith(("city-", "province-", "country-")):
                target = self.place_iri(key)
            if target is not None:
                add(iri, V.kg.mentions, target)
        for i in s.quantities:
            add(iri, V.kg.quantity, quantities[i])
        if s.event and s.event in self.event_iri:
            add(iri, V.kg.atEvent, self.event_iri[s.event])
        self._evidence(iri, s.span)
        return iri

    def build(self) -> list[Triple]:
        a = self.a
        activity = self.provenance()
        self.article(activity)
        for p in a.places:
            self.place(p)
        for o in a.organizations:
            self.organization(o)
        if a.agency and a.agency in self.org_iri:
            self.add(self.iri, V.kg.reportedBy, self.org_iri[a.agency])
        for p in a.people:
            self.person(p)
        qs = [self.quantity(q) for q in a.quantities]
        for p in a.projects:
            self.project(p)
        for e in a.events:
            self.event(e)
        for s in a.statements:
            self.statement(s, qs, activity)
        return list(self.triples)


def article_triples(article: r.Article, base: str = DEFAULT_BASE) -> tuple[Term, list[Triple]]:
    """The article IRI and the triples of its named graph, as N-Triples term strings."""
    mapper = ArticleMapper(article, base)
    return mapper.iri, mapper.build()


def article_graph(article: r.Article, base: str = DEFAULT_BASE) -> Graph:
    """The named graph of one article as an rdflib Graph (its identifier is the article IRI)."""
    iri, triples = article_triples(article, base)
    return nt.graph(triples, iri)


def to_dataset(articles: list[r.Article], base: str = DEFAULT_BASE) -> Dataset:
    """A dataset with one named graph per article."""
    ds = Dataset()
    bind_prefixes(ds, base)
    for article in articles:
        iri, triples = article_triples(article, base)
        target = ds.graph(nt.to_rdflib(iri))
        for triple in nt.rdflib_triples(triples):
            target.add(triple)
    return ds
