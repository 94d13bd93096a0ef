"""Map an extracted ``records.Article`` to RDF: one named graph per article.

Every resource gets a deterministic IRI (``kg.rdf.iris``); every span-bearing
resource carries ``kg:start``/``kg:end`` into the article's ``kg:text`` plus a
W3C Web Annotation target (``oa:TextPositionSelector`` + ``oa:TextQuoteSelector``).
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, XSD

from kg import __version__
from kg import records as r
from kg.rdf.iris import Minter
from kg.rdf.namespace import DEFAULT_BASE, GEO, KG, OA, WD, bind_prefixes

_CONTEXT = 32  # characters of prefix/suffix in a TextQuoteSelector


def fa(text: str) -> Literal:
    return Literal(text, lang="fa")


def decimal(value: Decimal | float) -> Literal:
    """An xsd:decimal in canonical form («70.0»), so every format writes it back unchanged."""
    text = format(Decimal(str(value)).normalize(), "f")
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


def _key(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))


class ArticleMapper:
    def __init__(self, article: r.Article, base: str = DEFAULT_BASE) -> None:
        self.a = article
        self.m = Minter(base)
        self.iri = self.m.article(article.sha256)
        self.g = Graph(identifier=self.iri)
        self.person_iri: dict[str, URIRef] = {}
        self.org_iri: dict[str, URIRef] = {}
        self.project_iri: dict[str, URIRef] = {}
        self.event_iri: dict[str, URIRef] = {}

    def add(self, s, p, o) -> None:
        self.g.add((s, p, o))

    # --- spans -----------------------------------------------------------------
    def _spanned(self, node: URIRef, span: r.TextSpan) -> None:
        self.add(node, KG.start, Literal(span.start, datatype=XSD.integer))
        self.add(node, KG.end, Literal(span.end, datatype=XSD.integer))

    def _evidence(self, node: URIRef, span: r.TextSpan) -> None:
        target = URIRef(f"{node}#target")
        pos = URIRef(f"{node}#position")
        quote = URIRef(f"{node}#quote")
        text = self.a.text
        self.add(node, KG.evidence, target)
        self.add(target, RDF.type, OA.SpecificResource)
        self.add(target, OA.hasSource, self.iri)
        self.add(target, OA.hasSelector, pos)
        self.add(target, OA.hasSelector, quote)
        self.add(pos, RDF.type, OA.TextPositionSelector)
        self.add(pos, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger))
        self.add(pos, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger))
        self.add(quote, RDF.type, OA.TextQuoteSelector)
        self.add(quote, OA.exact, Literal(text[span.start : span.end]))
        self.add(quote, OA.prefix, Literal(text[max(0, span.start - _CONTEXT) : span.start]))
        self.add(quote, OA.suffix, Literal(text[span.end : span.end + _CONTEXT]))

    def _mention_iri(self, entity: URIRef, span: r.TextSpan) -> URIRef:
        # one span may evoke several entities («شهردار همدان»: a person and a municipality)
        return self.m.mention(self.a.sha256, span.start, span.end, str(entity))

    def _mention(self, entity: URIRef, span: r.TextSpan) -> URIRef:
        node = self._mention_iri(entity, span)
        self.add(node, RDF.type, KG.Mention)
        self.add(node, KG.article, self.iri)
        self._spanned(node, span)
        self.add(node, KG.anchorText, Literal(span.text))
        self.add(node, KG.refersTo, entity)
        return node

    # --- resources -------------------------------------------------------------
    def article(self, activity: URIRef) -> None:
        a, iri = self.a, self.iri
        self.add(iri, RDF.type, KG.Article)
        self.add(iri, KG.text, Literal(a.text))
        self.add(iri, KG.sha256, Literal(a.sha256))
        self.add(iri, RDFS.label, fa(a.title or a.text.strip().split("\n", 1)[0][:80]))
        if a.title:
            self.add(iri, DCTERMS.title, fa(a.title))
        if a.url:
            self.add(iri, KG.url, Literal(a.url, datatype=XSD.anyURI))
        if a.date:
            self.add(iri, KG.datePublished, Literal(a.date, datatype=XSD.date))
        if a.jalali_date:
            self.add(iri, KG.jalaliDate, Literal(a.jalali_date))
        if a.source:
            self.add(iri, KG.source, Literal(a.source))
        self.add(iri, PROV.wasGeneratedBy, activity)

    def provenance(self) -> URIRef:
        activity = self.m.activity(self.a.sha256, __version__)
        software = self.m.software(__version__)
        self.add(activity, RDF.type, KG.IngestionActivity)
        self.add(activity, RDFS.label, Literal(f"officials-kg {__version__} ingestion", lang="en"))
        self.add(activity, PROV.used, self.iri)
        self.add(activity, PROV.wasAssociatedWith, software)
        self.add(software, RDF.type, PROV.SoftwareAgent)
        self.add(software, RDFS.label, Literal(f"officials-kg {__version__}", lang="en"))
        return activity

    def place(self, p: r.Place) -> URIRef:
        iri = self.m.place(p.key)
        self.add(iri, RDF.type, getattr(KG, p.kind))
        self.add(iri, RDFS.label, fa(p.name_fa))
        if p.name_en:
            self.add(iri, RDFS.label, Literal(p.name_en, lang="en"))
        if p.lat is not None and p.lon is not None:
            self.add(iri, GEO.lat, decimal(p.lat))
            self.add(iri, GEO.long, decimal(p.lon))
        if p.wikidata:
            self.add(iri, OWL.sameAs, WD[p.wikidata])
        if p.province and p.kind == "City":
            self.add(iri, KG.inProvince, self.m.place(p.province))
        if p.kind == "Province":
            self.add(iri, KG.inCountry, self.m.place("country-iran"))
        for span in p.mentions:
            self._mention(iri, span)
        return iri

    def organization(self, o: r.Organization) -> URIRef:
        iri = self.m.organization(_key(o.label))
        self.org_iri[o.key] = iri
        self.add(iri, RDF.type, KG.NewsAgency if o.kind == "NewsAgency" else KG.Organization)
        self.add(iri, RDFS.label, fa(o.label))
        if o.place:
            self.add(iri, KG.locatedIn, self.m.place(o.place))
        for span in o.mentions:
            self._mention(iri, span)
        return iri

    def person(self, p: r.Person) -> URIRef:
        iri = self.m.person(p.identity or p.key)
        self.person_iri[p.key] = iri
        self.add(iri, RDF.type, KG.Person)
        if p.official:
            self.add(iri, RDF.type, KG.Official)
        self.add(iri, RDFS.label, fa(p.label))
        self.add(iri, KG.nameKey, Literal(p.identity or p.key))
        self.add(iri, PROV.wasDerivedFrom, self.iri)
        for h in p.honorifics:
            self.add(iri, KG.honorific, fa(h))
        if p.given:
            self.add(iri, KG.givenName, fa(p.given))
        if p.family:
            self.add(iri, KG.familyName, fa(p.family))
        if p.title:
            org_label = None
            if p.organization:
                org = next((o for o in self.a.organizations if o.key == p.organization), None)
                org_label = org.label if org else None
            post = self.m.post(_key(p.title) + "|" + _key(org_label or p.title_phrase or ""))
            self.add(iri, KG.holds, post)
            self.add(post, RDF.type, KG.Post)
            self.add(post, KG.title, fa(p.title))
            self.add(post, RDFS.label, fa(p.title_phrase or p.title))
            if p.organization and p.organization in self.org_iri:
                self.add(post, KG.postIn, self.org_iri[p.organization])
        for span in p.mentions:
            self._mention(iri, span)
        return iri

    def quantity(self, q: r.Quantity) -> URIRef:
        iri = self.m.spanned("quantity", self.a.sha256, q.span.start, q.span.end)
        self.add(iri, RDF.type, KG.Quantity)
        self.add(iri, KG.value, decimal(q.value))
        self.add(iri, KG.unit, fa(q.unit))
        if q.unit_phrase:
            self.add(iri, KG.unitPhrase, fa(q.unit_phrase))
        if q.upper is not None:
            self.add(iri, KG.upperValue, decimal(q.upper))
        if q.modifier:
            self.add(iri, KG.modifier, fa(q.modifier))
        if q.value_in_rials is not None:
            self.add(iri, KG.valueInRials, decimal(q.value_in_rials))
        if q.measures:
            self.add(iri, KG.measures, fa(q.measures))
        self.add(iri, RDFS.label, fa(q.span.text))
        self.add(iri, KG.article, self.iri)
        self._spanned(iri, q.span)
        return iri

    def project(self, p: r.Project) -> URIRef:
        iri = self.m.local("project", self.a.sha256, p.key)
        self.project_iri[p.key] = iri
        self.add(iri, RDF.type, KG.Project)
        self.add(iri, RDFS.label, fa(p.label))
        self.add(iri, KG.article, self.iri)
        if p.status:
            self.add(iri, KG.status, fa(p.status))
        if p.owner and p.owner in self.org_iri:
            self.add(iri, KG.owner, self.org_iri[p.owner])
        if p.place:
            self.add(iri, KG.locatedIn, self.m.place(p.place))
        for span in p.mentions:
            self._mention(iri, span)
        return iri

    def event(self, e: r.Event) -> URIRef:
        iri = self.m.local("event", self.a.sha256, e.key)
        self.event_iri[e.key] = iri
        self.add(iri, RDF.type, KG.Event)
        self.add(iri, RDFS.label, fa(e.label))
        self.add(iri, KG.article, self.iri)
        if e.host_city:
            self.add(iri, KG.hostCity, self.m.place(e.host_city))
        if e.place:
            self.add(iri, KG.locatedIn, self.m.place(e.place))
        if e.venue:
            self.add(iri, KG.venue, fa(e.venue))
        if e.date:
            self.add(iri, KG.date, Literal(e.date, datatype=XSD.date))
        if e.jalali:
            self.add(iri, KG.jalaliDate, Literal(e.jalali))
        for span in e.mentions:
            self._mention(iri, span)
        return iri

    def statement(self, s: r.Statement, quantities: list[URIRef], activity: URIRef) -> URIRef:
        iri = self.m.spanned("statement", self.a.sha256, s.span.start, s.span.end)
        self.add(iri, RDF.type, KG.Statement)
        self.add(iri, KG.speaker, self.person_iri[s.speaker])
        self.add(iri, KG.article, self.iri)
        self._spanned(iri, s.span)
        self.add(iri, KG.content, fa(s.content))
        self.add(iri, KG.reportingVerb, fa(s.verb))
        self.add(iri, KG.direct, Literal(s.direct))
        self.add(iri, PROV.wasDerivedFrom, self.iri)
        self.add(iri, PROV.wasGeneratedBy, activity)
        if s.speaker_mention is not None:
            mention = self._mention_iri(self.person_iri[s.speaker], s.speaker_mention)
            self.add(iri, KG.speakerMention, mention)
        for key in s.projects:
            if key in self.project_iri:
                self.add(iri, KG.aboutProject, self.project_iri[key])
                self.add(iri, KG.mentions, self.project_iri[key])
        for key in s.mentions:
            target = self.org_iri.get(key) or self.person_iri.get(key)
            if target is None and key.startswith(("city-", "province-", "country-")):
                target = self.m.place(key)
            if target is not None:
                self.add(iri, KG.mentions, target)
        for i in s.quantities:
            self.add(iri, KG.quantity, quantities[i])
        if s.event and s.event in self.event_iri:
            self.add(iri, KG.atEvent, self.event_iri[s.event])
        self._evidence(iri, s.span)
        return iri

    def build(self) -> Graph:
        a = self.a
        activity = self.provenance()
        self.article(activity)
        for p in a.places:
            self.place(p)
        for o in a.organizations:
            self.organization(o)
        if a.agency and a.agency in self.org_iri:
            self.add(self.iri, KG.reportedBy, self.org_iri[a.agency])
        for p in a.people:
            self.person(p)
        qs = [self.quantity(q) for q in a.quantities]
        for p in a.projects:
            self.project(p)
        for e in a.events:
            self.event(e)
        for s in a.statements:
            self.statement(s, qs, activity)
        return self.g


def article_graph(article: r.Article, base: str = DEFAULT_BASE) -> Graph:
    """The named graph of one article (its identifier is the article IRI)."""
    return ArticleMapper(article, base).build()


def to_dataset(articles: list[r.Article], base: str = DEFAULT_BASE) -> Dataset:
    """A dataset with one named graph per article."""
    ds = Dataset()
    bind_prefixes(ds, base)
    for article in articles:
        g = article_graph(article, base)
        target = ds.graph(g.identifier)
        for triple in g:
            target.add(triple)
    return ds


