"""Facts the store derives across articles, kept in one named graph (:data:`DERIVED_GRAPH`).

Article graphs repeat what they share: a person's name, a post's title, a city's label
appear once in every article that mentions them, so the union of the graphs has many
copies (and variants) of each, and Oxigraph's union default graph matches every copy. The
derived graph holds ONE copy of each cross-article fact, plus the aggregates the library
queries need, so that they cost in proportion to the people, posts and outlets they
report on, not to the number of statements in the store:

- every **person**: ``skos:prefLabel`` (the fullest written name: longest, then code-point
  order), ``kg:statementCount``, ``kg:articleCount``, ``kg:firstQuoted``/``kg:lastQuoted``
  (article dates), and per calendar month a node ``<person#month-2024-03>`` with
  ``kg:month`` (``xsd:gYearMonth``) and ``kg:statementCount``, linked by ``kg:monthlyCount``;
- every **(person, post)** pair: an ``org:Membership`` (``org:member``, ``kg:post``,
  ``org:organization`` when the post has ``kg:postIn``, ``kg:statementCount`` in articles
  showing them in the post, ``kg:latestStatement`` from the latest dated such article) and,
  when some of those articles are dated, ``org:memberDuring`` a ``time:Interval`` from the
  first to the last article date — what the store has *seen*, not the official term;
- every **post**, **organisation** and **place**: ``skos:prefLabel`` and one ``kg:title`` /
  ``kg:postIn`` (posts), one ``kg:locatedIn`` (organisations);
- every **outlet** — the ``kg:reportedBy`` agency, or ``id:outlet/{k}`` for a free-text
  ``kg:source`` — ``skos:prefLabel``, ``kg:articleCount``, ``kg:directStatements``,
  ``kg:indirectStatements``.

After an article is replaced or removed, everything it touches (before and after) is
recomputed from the article graphs and written in the same transaction as the article;
outlet counts are updated by difference (an outlet may have thousands of articles).
:meth:`kg.store.Store.rebuild_derived` recomputes the whole graph from scratch, which the
tests compare with the incremental result.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.rdf.iris import digest
from kg.rdf.ntriples import parse_literal
from kg.store.identity import DERIVED_GRAPH, StoreView, _base, _date
from kg.store.terms import iri as iri_term
from kg.store.terms import lit, value
from kg.store.vocab import KG, ORG, RDF, RDFS, SKOS, TIME, T

__all__ = ["DERIVED_GRAPH", "Change", "GraphSummary", "outlet_triples", "summarise_quads", "summarise_triples"]

ENTITY_TYPES = {
    KG.Person: "person", KG.Official: "person", KG.Post: "post", KG.Organization: "org",
    KG.NewsAgency: "org", KG.City: "place", KG.Province: "place", KG.Country: "place", KG.Place: "place",
}
_N = {k: ox.NamedNode(str(v)) for k, v in {
    "type": RDF.type, "label": RDFS.label, "holds": KG.holds, "postIn": KG.postIn, "title": KG.title,
    "locatedIn": KG.locatedIn, "speaker": KG.speaker, "direct": KG.direct, "reportedBy": KG.reportedBy,
    "source": KG.source, "datePublished": KG.datePublished, "member": ORG.member,
    "monthlyCount": KG.monthlyCount, "directStatements": KG.directStatements,
    "indirectStatements": KG.indirectStatements, "articleCount": KG.articleCount,
    "matchKey": KG.matchKey, "status": KG.status, "atEvent": KG.atEvent, "hostCity": KG.hostCity,
    "article": KG.article, "nameKey": KG.nameKey, "Official": KG.Official,
    "prefLabel": SKOS.prefLabel, "statementCount": KG.statementCount, "firstQuoted": KG.firstQuoted,
    "lastQuoted": KG.lastQuoted, "month": KG.month, "post": KG.post, "latestStatement": KG.latestStatement,
    "inXSDDate": TIME.inXSDDate, "lastReported": KG.lastReported, "statusDate": KG.statusDate,
}.items()}
_DG = ox.NamedNode(DERIVED_GRAPH)
_OX_TYPES = {ox.NamedNode(str(k)): v for k, v in ENTITY_TYPES.items()}
_TERM_TYPES = {f"<{k}>": v for k, v in ENTITY_TYPES.items()}

# Derived triples are tuples of term strings in pyoxigraph's canonical form (kg.store.terms):
# the text ``quads_for_pattern`` gives back, so that what is stored and what should be
# compare as strings.
_XSD = "http://www.w3.org/2001/XMLSchema#"
_BOOLEAN = f"^^<{_XSD}boolean>"
XSD_DATE = _XSD + "date"


def _int(n: int) -> str:
    return f'"{n}"^^<{_XSD}integer>'


def _day(day: dt.date) -> str:
    return f'"{day.isoformat()}"^^<{_XSD}date>'


# --- what one article graph contributes -----------------------------------------------------------


@dataclass
class GraphSummary:
    """The cross-article facts one article graph contributes."""

    day: dt.date | None = None
    nodes: dict[str, str] = field(default_factory=dict)  # IRI -> person | post | org | place
    labels: dict[str, set[tuple[str, str]]] = field(default_factory=lambda: defaultdict(set))
    holds: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # person -> posts
    said: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # person -> statements
    titles: dict[str, set[tuple[str, str]]] = field(default_factory=lambda: defaultdict(set))
    post_in: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    located: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    projects: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # match key -> projects
    status: dict[str, set[tuple[str, str]]] = field(default_factory=lambda: defaultdict(set))
    events: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # match key -> events
    at_event: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # event -> statements
    dates: dict[str, str] = field(default_factory=dict)  # event -> its kg:date
    host: dict[str, str] = field(default_factory=dict)  # event -> host city
    issues: list[tuple[str, str, str]] = field(default_factory=list)  # (check, focus, detail)
    keys: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # node -> kg:nameKey/matchKey
    officials: set[str] = field(default_factory=set)
    outlet: tuple[str, str] | None = None  # (outlet IRI, label)
    direct: int = 0
    indirect: int = 0


def _outlet(agency_label: str | None, source: str | None, base: str) -> tuple[str, str] | None:
    """(outlet IRI, display name): the reporting agency's name if the article names one,
    else the free-text source given at ingest. Outlets are keyed by the folded name, so an
    article whose text says «به گزارش ایرنا» and one ingested with ``--source ایرنا`` count
    for the same outlet."""
    from kg.text.normalise import fold

    name = agency_label or source
    if not name:
        return None
    return f"{base}outlet/{digest('outlet:' + fold(name))}", name


# what summarise_triples does with each predicate (anything else only counts as "has the property")
(_LABEL, _HOLDS, _SPEAKER, _TITLE, _POST_IN, _LOCATED, _NAME_KEY, _MATCH_KEY, _AT_EVENT, _DATE, _HOST, _STATUS,
 _DIRECT, _PUBLISHED, _REPORTED_BY, _SOURCE, _QUANTITY) = range(17)
_PREDICATES = {
    T.RDFS.label: _LABEL, T.KG.holds: _HOLDS, T.KG.speaker: _SPEAKER, T.KG.title: _TITLE, T.KG.postIn: _POST_IN,
    T.KG.locatedIn: _LOCATED, T.KG.nameKey: _NAME_KEY, T.KG.matchKey: _MATCH_KEY, T.KG.atEvent: _AT_EVENT,
    T.KG.date: _DATE, T.KG.hostCity: _HOST, T.KG.status: _STATUS, T.KG.direct: _DIRECT,
    T.KG.datePublished: _PUBLISHED, T.KG.reportedBy: _REPORTED_BY, T.KG.source: _SOURCE, T.KG.quantity: _QUANTITY,
}
_TYPE, _OFFICIAL = T.RDF.type, T.KG.Official


def _text(term: str) -> tuple[str, str]:
    """(lexical form, language or '') of a literal term."""
    lexical, lang, _ = parse_literal(term)
    return lexical, lang or ""


def _true(term: str) -> bool:
    """Whether a term is the boolean true (rdflib's reading: «true» or «1», any case)."""
    return term.endswith(_BOOLEAN) and parse_literal(term)[0].lower() in ("true", "1")


def summarise_triples(article: str, triples: Iterable[tuple[str, str, str]]) -> GraphSummary:
    """Summary of an article graph given as N-Triples term strings (kg.rdf.ntriples): the
    version about to be stored, or one read back from the store (``str()`` of pyoxigraph terms)."""
    s = GraphSummary()
    agency = source = None
    art = f"<{article}>"
    seen = _Seen()
    typed, props, first_label = seen.typed, seen.props, seen.label
    nodes, labels, holds, said, keys = s.nodes, s.labels, s.holds, s.said, s.keys
    for subj, p, o in triples:
        if p == _TYPE:
            typed[o].add(subj)
            kind = _TERM_TYPES.get(o)
            if kind is not None:
                si = value(subj)
                nodes[si] = kind
                if kind == "person" and o == _OFFICIAL:
                    s.officials.add(si)
            continue
        props[subj].add(p)
        what = _PREDICATES.get(p)
        if what is None:
            continue
        if what == _LABEL:
            if subj not in first_label:
                first_label[subj] = value(o)
            if o[0] == '"':
                labels[value(subj)].add(_text(o))
        elif what == _SPEAKER:
            seen.speakers.append((subj, o))
            said[value(o)].append(value(subj))
        elif what == _HOLDS:
            holds[value(subj)].add(value(o))
        elif what == _NAME_KEY:
            seen.keys[subj] = key = value(o)
            keys[value(subj)].add(key)
        elif what == _MATCH_KEY:
            key = value(o)
            if key.startswith("project:"):
                s.projects[key].add(value(subj))
            elif key.startswith("event:"):
                s.events[key].add(value(subj))
            else:
                keys[value(subj)].add(key)
        elif what == _DIRECT:
            if _true(o):
                s.direct += 1
            else:
                s.indirect += 1
        elif what == _TITLE:
            if o[0] == '"':
                s.titles[value(subj)].add(_text(o))
        elif what == _POST_IN:
            s.post_in[value(subj)].add(value(o))
        elif what == _LOCATED:
            s.located[value(subj)].add(value(o))
        elif what == _AT_EVENT:
            s.at_event[value(o)].add(value(subj))
        elif what == _DATE:
            s.dates[value(subj)] = value(o)
        elif what == _HOST:
            s.host[value(subj)] = value(o)
        elif what == _STATUS:
            if o[0] == '"':
                s.status[value(subj)].add(_text(o))
        elif what == _QUANTITY:
            seen.quantity_users.add(o)
        elif subj == art:
            if what == _PUBLISHED:
                s.day = _date(value(o))
            elif what == _REPORTED_BY:
                agency = value(o)
            elif what == _SOURCE:
                source = value(o)
    label = max((t for t, _ in s.labels.get(agency, ())), key=lambda t: (len(t), t), default=None) if agency else None
    s.issues = _issues(article, s, seen)
    s.outlet = _outlet(label or (agency.rsplit("/", 1)[-1] if agency else None), source, _base(article, "article"))
    return s


class _Seen:
    """What the quality checks need from one article graph (term strings)."""

    def __init__(self) -> None:
        self.typed: dict[str, set[str]] = defaultdict(set)  # class -> instances
        self.props: dict[str, set[str]] = defaultdict(set)  # subject -> predicates other than rdf:type
        self.quantity_users: set[str] = set()
        self.label: dict[str, str] = {}  # subject -> its first rdfs:label
        self.speakers: list[tuple[str, str]] = []
        self.keys: dict[str, str] = {}  # subject -> kg:nameKey


def _issues(article: str, s: GraphSummary, seen: _Seen) -> list[tuple[str, str, str]]:
    """SHACL-style checks on one article graph that the shapes allow but a reader would want
    to know about (kg query data-quality-checks lists them)."""
    a = f"<{article}>"
    out = []
    label = seen.label.get(a, "")
    if a in seen.typed.get(T.KG.Article, ()):
        if T.KG.datePublished not in seen.props[a]:
            out.append(("article-undated", article, label))
        if T.KG.reportedBy not in seen.props[a] and T.KG.source not in seen.props[a]:
            out.append(("article-without-outlet", article, label))
        if not seen.typed.get(T.KG.Statement):
            out.append(("article-without-statements", article, label))
    unnamed = {p for p, k in seen.keys.items() if k.startswith("post:")}
    for st, p in seen.speakers:
        if p in unnamed:
            out.append(("statement-by-unnamed-post-holder", value(st), seen.label.get(p, "")))
    for q in seen.typed.get(T.KG.Quantity, ()):
        if T.KG.unit not in seen.props[q]:
            out.append(("quantity-without-unit", value(q), seen.label.get(q, "")))
        if q not in seen.quantity_users:
            out.append(("quantity-outside-statements", value(q), seen.label.get(q, "")))
    for pr in seen.typed.get(T.KG.Project, ()):
        if T.KG.status not in seen.props[pr]:
            out.append(("project-without-status", value(pr), seen.label.get(pr, "")))
    return sorted(out)


def summarise_quads(store: ox.Store, article: str, *, full: bool = False) -> GraphSummary:
    """Summary of an article graph as the store holds it now. Without ``full``, only what a
    replace or remove needs from the version going away — which nodes it had, its project
    and event keys, its outlet counts — read with a few index scans instead of converting
    the whole graph."""
    g = ox.NamedNode(article)
    if full:
        return summarise_triples(article, ((str(q.subject), str(q.predicate), str(q.object))
                                           for q in store.quads_for_pattern(None, None, None, g)))
    s = GraphSummary()
    for q in store.quads_for_pattern(None, _N["type"], None, g):
        kind = _OX_TYPES.get(q.object)
        if kind:
            s.nodes[q.subject.value] = kind
    for q in store.quads_for_pattern(None, _N["matchKey"], None, g):
        key = q.object.value
        if key.startswith("project:"):
            s.projects[key].add(q.subject.value)
        elif key.startswith("event:"):
            s.events[key].add(q.subject.value)
    for q in store.quads_for_pattern(None, _N["direct"], None, g):
        if q.object.value == "true":
            s.direct += 1
        else:
            s.indirect += 1
    agency = next((q.object for q in store.quads_for_pattern(g, _N["reportedBy"], None, g)), None)
    label = None
    if agency is not None:
        labels = [q.object.value for q in store.quads_for_pattern(agency, _N["label"], None, g)]
        label = max(labels, key=lambda t: (len(t), t), default=None) or agency.value.rsplit("/", 1)[-1]
    source = next((q.object.value for q in store.quads_for_pattern(g, _N["source"], None, g)), None)
    s.outlet = _outlet(label, source, _base(article, "article"))
    return s


# --- recomputing ------------------------------------------------------------------------------------


@dataclass
class Membership:
    """A person in a post: statements in articles showing them in it, first/last article date,
    and the latest statement: the greatest (article date, statement IRI) among dated ones."""

    statements: int = 0
    begin: dt.date | None = None
    end: dt.date | None = None
    latest: tuple[dt.date | None, str] | None = None

    def add(self, day: dt.date | None, stmts) -> None:
        self.statements += len(stmts)
        if day is None:
            return
        self.begin = day if self.begin is None else min(self.begin, day)
        self.end = day if self.end is None else max(self.end, day)
        if stmts:
            cand = (day, max(stmts))
            if self.latest is None or self.latest[0] is None or cand > self.latest:
                self.latest = cand


@dataclass
class ProjectGroup:
    """Every article's node of one project: the fullest name, the first place (IRI order), the
    number of articles, the latest article date, and the status of the latest dated article
    that gives one (ties: the greatest text; undated articles only when no dated one does)."""

    articles: int = 0
    labels: set[tuple[str, str]] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    last: dt.date | None = None
    status: tuple[bool, dt.date, tuple[str, str]] | None = None  # (dated, date, (text, lang))

    def add(self, day: dt.date | None, graph: str, labels, statuses, places) -> None:
        self.articles += 1
        self.labels |= labels
        self.places |= places
        if day is not None:
            self.last = day if self.last is None else max(self.last, day)
        for st in statuses:
            cand = (day is not None, day or dt.date.min, st)
            if self.status is None or cand > self.status:
                self.status = cand

    def triples(self, key: str, iri: str) -> set[tuple]:
        grp = f"<{iri}>"
        out: set[tuple] = {(grp, T.KG.matchKey, lit(key)), (grp, T.KG.articleCount, _int(self.articles))}
        label = _best(self.labels)
        if label is not None:
            out.add((grp, T.SKOS.prefLabel, label))
        if self.places:
            out.add((grp, T.KG.locatedIn, iri_term(min(self.places))))
        if self.last is not None:
            out.add((grp, T.KG.lastReported, _day(self.last)))
        if self.status is not None:
            dated, day, (text, lang) = self.status
            out.add((grp, T.KG.status, lit(text, lang or None)))
            if dated:
                out.add((grp, T.KG.statusDate, _day(day)))
        return out


@dataclass
class PersonFacts:
    official: bool = False
    labels: set[tuple[str, str]] = field(default_factory=set)
    statements: int = 0
    articles: int = 0
    first: dt.date | None = None
    last: dt.date | None = None
    months: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    memberships: dict[str, Membership] = field(default_factory=dict)

    def add_statements(self, day: dt.date | None, stmts) -> None:
        """One more article quoting the person ``len(stmts)`` times."""
        if not stmts:
            return
        self.statements += len(stmts)
        self.articles += 1
        if day is not None:
            self.first = day if self.first is None else min(self.first, day)
            self.last = day if self.last is None else max(self.last, day)
            self.months[day.isoformat()[:7]] += len(stmts)


def _best(labels: Iterable[tuple[str, str]]) -> str | None:
    labels = set(labels)
    fa = [t for t, lang in labels if lang == "fa"]
    pool = fa or [t for t, _ in labels]
    if not pool:
        return None
    best = max(pool, key=lambda t: (len(t), t))
    lang = "fa" if fa else next((lang for t, lang in labels if t == best), "")
    return lit(best, lang or None)


def _lit(value: ox.Literal) -> tuple[str, str]:
    return value.value, value.language or ""


class Change:
    """Derived-graph changes for one write: the article's old and new summaries against the store."""

    def __init__(self, view: StoreView, old: GraphSummary | None, new: GraphSummary | None) -> None:
        self.view = view
        self.old = old or GraphSummary()
        self.new = new or GraphSummary()
        # "s p o" in N-Triples syntax: what the store reads and writes, compared as text (cheap)
        self.delete: set[str] = set()
        self.insert: set[str] = set()

    def diff(self, before: set[str], after: set[tuple]) -> None:
        text = {f"{s} {p} {o}" for s, p, o in after}
        self.delete |= before - text
        self.insert |= text - before

    def run(self) -> Change:
        nodes = {**self.old.nodes, **self.new.nodes}
        for iri, kind in sorted(nodes.items()):
            self.diff(current(self.view.s, iri, kind), getattr(self, f"_{kind}")(iri))
        for key in sorted(set(self.old.projects) | set(self.new.projects)):
            iri = group_iri(key, self.view_base(key))
            self.diff(current(self.view.s, iri, "group"), self._group(key, iri))
        for key in sorted(set(self.old.events) | set(self.new.events)):
            iri = event_group_iri(key, self.event_base(key))
            self.diff(current(self.view.s, iri, "group"), self._event_group(key, iri))
        self._outlets()
        return self

    def event_base(self, key: str) -> str:
        for summary in (self.new, self.old):
            for e in sorted(summary.events.get(key, ())):
                return _base(e, "event")
        return "https://w3id.org/officials-kg/id/"

    # events: per-article nodes grouped by match key (name, day, host city), with who spoke there
    def _event_group(self, key: str, iri: str) -> set[tuple]:
        v, new = self.view, self.new
        rows = []  # (graph, labels, date, host, speakers)
        for q in v.quads(None, _N["matchKey"], ox.Literal(key)):
            e, g = q.subject, q.graph_name
            labels = {_lit(x.object) for x in v.s.quads_for_pattern(e, _N["label"], None, g)}
            speakers = set()
            for st in v.s.quads_for_pattern(None, _N["atEvent"], e, g):
                speakers |= {x.object.value for x in v.s.quads_for_pattern(st.subject, _N["speaker"], None, g)}
            host = next((x.object.value for x in v.s.quads_for_pattern(e, _N["hostCity"], None, g)), None)
            rows.append((str(g), labels, host, speakers))
        for e in sorted(new.events.get(key, ())):
            speakers = set()
            for st in new.at_event.get(e, ()):
                speakers |= {p for p, sts in new.said.items() if st in sts}
            rows.append(("new", set(new.labels.get(e, ())), new.host.get(e), speakers))
        if not rows:
            return set()
        grp = f"<{iri}>"
        out: set[tuple] = {(grp, T.KG.matchKey, lit(key)), (grp, T.KG.articleCount, _int(len({r[0] for r in rows})))}
        label = _best(set().union(*(r[1] for r in rows)))
        if label is not None:
            out.add((grp, T.SKOS.prefLabel, label))
        day = key.rsplit("@", 2)[1]
        if day != "undated":
            out.add((grp, T.KG.date, lit(day, datatype=XSD_DATE)))
        hosts = sorted({r[2] for r in rows if r[2]})
        if hosts:
            out.add((grp, T.KG.hostCity, iri_term(hosts[0])))
        for person in set().union(*(r[3] for r in rows)):
            out.add((grp, T.KG.participant, iri_term(person)))
        return out

    # quality issues of the article itself (replaced with it)
    def issues(self, article: str) -> None:
        before: set[str] = set()
        for q in self.view.s.quads_for_pattern(None, _N["article"], ox.NamedNode(article), _DG):
            before |= {f"{x.subject} {x.predicate} {x.object}"
                       for x in self.view.s.quads_for_pattern(q.subject, None, None, _DG)}
        self.diff(before, issue_triples(article, self.new.issues))

    def view_base(self, key: str) -> str:
        for summary in (self.new, self.old):
            for pr in sorted(summary.projects.get(key, ())):
                return _base(pr, "project")
        return "https://w3id.org/officials-kg/id/"

    # projects: per-article nodes grouped by their match key (same folded name, same place);
    # updated by difference when the article is new to the group, else recomputed
    def _group(self, key: str, iri: str) -> set[tuple]:
        g = None
        if key not in self.old.projects:
            g = self._group_from_derived(iri)
        if g is None:
            g = self._group_from_graphs(key)
        for pr in sorted(self.new.projects.get(key, ())):
            g.add(self.new.day, "new", set(self.new.labels.get(pr, ())), set(self.new.status.get(pr, ())),
                  set(self.new.located.get(pr, ())))
        return g.triples(key, iri) if g.articles else set()  # no article names the project any more

    def _group_from_graphs(self, key: str) -> ProjectGroup:
        v, g = self.view, ProjectGroup()
        for q in v.quads(None, _N["matchKey"], ox.Literal(key)):
            pr, graph = q.subject, q.graph_name
            g.add(v.date(graph), str(graph),
                  {_lit(x.object) for x in v.s.quads_for_pattern(pr, _N["label"], None, graph)},
                  {_lit(x.object) for x in v.s.quads_for_pattern(pr, _N["status"], None, graph)},
                  {x.object.value for x in v.s.quads_for_pattern(pr, _N["locatedIn"], None, graph)})
        return g

    def _group_from_derived(self, iri: str) -> ProjectGroup | None:
        g = ProjectGroup()
        status = status_day = None
        for q in self.view.s.quads_for_pattern(ox.NamedNode(iri), None, None, _DG):
            pred, o = q.predicate, q.object
            if pred == _N["articleCount"]:
                g.articles = int(o.value)
            elif pred == _N["prefLabel"]:
                g.labels.add(_lit(o))
            elif pred == _N["locatedIn"]:
                g.places.add(o.value)
            elif pred == _N["lastReported"]:
                g.last = _date(o.value)
            elif pred == _N["status"]:
                status = _lit(o)
            elif pred == _N["statusDate"]:
                status_day = _date(o.value)
        if not g.articles:
            return None
        if status is not None:
            g.status = (status_day is not None, status_day or dt.date.min, status)
        return g

    # people: updated by difference when the article is new to them, else recomputed
    def _person(self, iri: str) -> set[tuple]:
        facts = None
        if iri not in self.old.nodes:
            facts = self._person_from_derived(iri)
        if facts is None:
            facts = self._person_from_graphs(iri)
        return self._person_triples(iri, facts) if facts is not None else set()

    def _person_from_graphs(self, iri: str) -> PersonFacts | None:
        """Everything about one person, from every article graph that names them."""
        v, new = self.view, self.new
        node = ox.NamedNode(iri)
        if iri not in new.nodes and not any(True for _ in v.quads(node, _N["type"], None)):
            return None
        f = PersonFacts()
        f.official = iri in new.officials or any(True for _ in v.quads(node, _N["type"], _N["Official"]))
        f.labels = set(new.labels.get(iri, ())) | {_lit(q.object) for q in v.quads(node, _N["label"], None)}
        holds: dict[str, set] = defaultdict(set)  # post -> graphs
        for q in v.quads(node, _N["holds"], None):
            holds[q.object.value].add(q.graph_name)
        for post in new.holds.get(iri, ()):
            holds[post].add("new")
        said: dict[object, list[str]] = defaultdict(list)  # graph -> statements
        for q in v.quads(None, _N["speaker"], node):
            said[q.graph_name].append(q.subject.value)
        if new.said.get(iri):
            said["new"] = list(new.said[iri])

        def day(g) -> dt.date | None:
            return new.day if g == "new" else v.date(g)

        for g, stmts in said.items():
            f.add_statements(day(g), stmts)
        for post, graphs in holds.items():
            m = f.memberships.setdefault(post, Membership())
            for g in graphs:
                m.add(day(g), said.get(g, ()))
        return f

    def _person_from_derived(self, iri: str) -> PersonFacts | None:
        """The person's derived facts as stored, plus what the new article adds (``None`` when
        the derived graph does not know them yet)."""
        st, node = self.view.s, ox.NamedNode(iri)
        f = PersonFacts()
        known = False
        for q in st.quads_for_pattern(node, None, None, _DG):
            known = True
            pred, o = q.predicate, q.object
            if pred == _N["type"]:
                f.official = True
            elif pred == _N["prefLabel"]:
                f.labels.add(_lit(o))
            elif pred == _N["statementCount"]:
                f.statements = int(o.value)
            elif pred == _N["articleCount"]:
                f.articles = int(o.value)
            elif pred == _N["firstQuoted"]:
                f.first = _date(o.value)
            elif pred == _N["lastQuoted"]:
                f.last = _date(o.value)
            elif pred == _N["monthlyCount"]:
                month = next(st.quads_for_pattern(o, _N["month"], None, _DG)).object.value
                f.months[month] = int(next(st.quads_for_pattern(o, _N["statementCount"], None, _DG)).object.value)
        if not known:
            return None
        for q in st.quads_for_pattern(None, _N["member"], node, _DG):
            m = Membership()
            post = None
            for x in st.quads_for_pattern(q.subject, None, None, _DG):
                if x.predicate == _N["post"]:
                    post = x.object.value
                elif x.predicate == _N["statementCount"]:
                    m.statements = int(x.object.value)
                elif x.predicate == _N["latestStatement"]:
                    s = x.object
                    art = next((a.object for a in self.view.quads(s, _N["article"], None)), None)
                    m.latest = (self.view.date(art) if art is not None else None, s.value)
            for end in ("begin", "end"):
                for x in st.quads_for_pattern(ox.NamedNode(f"{q.subject.value}#{end}"), _N["inXSDDate"], None, _DG):
                    setattr(m, end, _date(x.object.value))
            if post is not None:
                f.memberships[post] = m
        new = self.new
        f.official |= iri in new.officials
        f.labels |= set(new.labels.get(iri, ()))
        stmts = new.said.get(iri, [])
        f.add_statements(new.day, stmts)
        for post in new.holds.get(iri, ()):
            f.memberships.setdefault(post, Membership()).add(new.day, stmts)
        return f

    def _person_triples(self, iri: str, f: PersonFacts) -> set[tuple]:
        p = iri_term(iri)
        kg, time_ = T.KG, T.TIME
        out: set[tuple] = set()
        # one copy of the type, so that queries test «is an official» with one lookup
        if f.official:
            out.add((p, T.RDF.type, kg.Official))
        label = _best(f.labels)
        if label is not None:
            out.add((p, T.SKOS.prefLabel, label))
        key = self._one(iri, "nameKey", self.new.keys)
        if key is not None:
            out.add((p, kg.nameKey, key))
        if f.statements:
            out.add((p, kg.statementCount, _int(f.statements)))
            out.add((p, kg.articleCount, _int(f.articles)))
            if f.first is not None:
                out.add((p, kg.firstQuoted, _day(f.first)))
                out.add((p, kg.lastQuoted, _day(f.last)))
            for month, count in f.months.items():
                m = f"<{iri}#month-{month}>"
                out |= {(p, kg.monthlyCount, m), (m, kg.month, f'"{month}"^^<{_XSD}gYearMonth>'),
                        (m, kg.statementCount, _int(count))}
        base = _base(iri, "person")
        for post, ms in sorted(f.memberships.items()):
            mi = f"{base}membership/{digest(iri + '|' + post)}"
            m = f"<{mi}>"
            out |= {(m, T.RDF.type, T.ORG.Membership), (m, T.ORG.member, p), (m, kg.post, iri_term(post)),
                    (m, kg.statementCount, _int(ms.statements))}
            org = self._one(post, "postIn", self.new.post_in)
            if org is not None:
                out.add((m, T.ORG.organization, org))
            if ms.latest is not None:
                out.add((m, kg.latestStatement, iri_term(ms.latest[1])))
            if ms.begin is None:
                continue
            interval, begin, end = f"<{mi}#interval>", f"<{mi}#begin>", f"<{mi}#end>"
            out |= {
                (m, T.ORG.memberDuring, interval), (interval, T.RDF.type, time_.Interval),
                (interval, time_.hasBeginning, begin), (interval, time_.hasEnd, end),
                (begin, T.RDF.type, time_.Instant), (end, T.RDF.type, time_.Instant),
                (begin, time_.inXSDDate, _day(ms.begin)),
                (end, time_.inXSDDate, _day(ms.end)),
            }
        return out

    # posts, organisations, places: one label (and link), kept while some article still says it
    def _entity(self, iri: str, extra: list[tuple[str, str, dict]]) -> set[tuple]:
        v, new = self.view, self.new
        node = ox.NamedNode(iri)
        if iri not in new.nodes and not any(True for _ in v.quads(node, _N["type"], None)):
            return set()
        s = iri_term(iri)
        out: set[tuple] = set()
        label = self._label(iri)
        if label is not None:
            out.add((s, T.SKOS.prefLabel, label))
        for prop, key, from_new in extra:
            one = self._one(iri, key, from_new)
            if one is not None:
                out.add((s, getattr(T.KG, prop), one))
        return out

    def _post(self, iri: str) -> set[tuple]:
        return self._entity(iri, [("title", "title", self.new.titles), ("postIn", "postIn", self.new.post_in),
                                  ("matchKey", "matchKey", self.new.keys)])

    def _org(self, iri: str) -> set[tuple]:
        return self._entity(iri, [("locatedIn", "locatedIn", self.new.located),
                                  ("matchKey", "matchKey", self.new.keys)])

    def _place(self, iri: str) -> set[tuple]:
        return self._entity(iri, [])

    def _label(self, iri: str) -> str | None:
        """The fullest label: the current one if some article still gives it and the new
        version offers nothing fuller, else recomputed from every graph."""
        node = ox.NamedNode(iri)
        new = set(self.new.labels.get(iri, ()))
        cur = next((q.object for q in self.view.s.quads_for_pattern(node, ox.NamedNode(str(SKOS.prefLabel)), None,
                                                                    _DG)), None)
        if cur is not None:
            held = (_lit(cur) in new) or any(True for _ in self.view.quads(node, _N["label"], cur))
            if held:
                return _best({_lit(cur)} | new)
        return _best(new | {_lit(q.object) for q in self.view.quads(node, _N["label"], None)})

    def _one(self, iri: str, key: str, from_new: dict) -> str | None:
        """One value of a property the shapes allow once (a post's title): the current derived
        value while some article still says it, else the new version's, else any article's."""
        node = ox.NamedNode(iri)
        pred = _N[key]
        cur = next((q.object for q in self.view.s.quads_for_pattern(node, pred, None, _DG)), None)
        new_values = from_new.get(iri, set())
        if cur is not None:
            as_new = _lit(cur) if isinstance(cur, ox.Literal) else cur.value
            if as_new in new_values or any(True for _ in self.view.quads(node, pred, cur)):
                return str(cur)
        if new_values:
            v = sorted(new_values)[0]
            if isinstance(v, tuple):
                return lit(v[0], v[1] or None)
            return lit(v) if key in {"nameKey", "matchKey"} else iri_term(v)
        q = next(iter(self.view.quads(node, pred, None)), None)
        return str(q.object) if q is not None else None

    # outlets: counts updated by difference
    def _outlets(self) -> None:
        deltas: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        labels: dict[str, str] = {}
        for summary, sign in ((self.old, -1), (self.new, 1)):
            if summary.outlet is None:
                continue
            iri, label = summary.outlet
            d = deltas[iri]
            d[0] += sign
            d[1] += sign * summary.direct
            d[2] += sign * summary.indirect
            if sign == 1:
                labels[iri] = label
        for iri, (articles, direct, indirect) in sorted(deltas.items()):
            node = ox.NamedNode(iri)
            before = list(self.view.s.quads_for_pattern(node, None, None, _DG))
            counts = {q.predicate.value: int(q.object.value) for q in before if q.predicate != _N["prefLabel"]}
            n = counts.get(str(KG.articleCount), 0) + articles
            after: set[tuple] = set()
            if n > 0:
                label = next((q.object.value for q in before if q.predicate == _N["prefLabel"]), None)
                if iri in labels:
                    label = labels[iri]
                after = outlet_triples(iri, label, n,
                                       counts.get(str(KG.directStatements), 0) + direct,
                                       counts.get(str(KG.indirectStatements), 0) + indirect)
            self.diff({f"{q.subject} {q.predicate} {q.object}" for q in before}, after)


def group_iri(key: str, base: str) -> str:
    """The derived node standing for every article's node of one project (same match key)."""
    return f"{base}project-group/{digest(key)}"


def issue_triples(article: str, issues: list[tuple[str, str, str]]) -> set[tuple]:
    out: set[tuple] = set()
    base = _base(article, "article")
    art = article.rsplit("/", 1)[-1]
    for check, focus, detail in issues:
        node = f"<{base}issue/{art}-{digest(check + '|' + focus)}>"
        out |= {(node, T.KG.qualityCheck, lit(check)), (node, T.KG.focusNode, iri_term(focus)),
                (node, T.KG.article, iri_term(article)), (node, T.RDFS.comment, lit(detail))}
    return out


def event_group_iri(key: str, base: str) -> str:
    """The derived node standing for every article's node of one event (same match key)."""
    return f"{base}event-group/{digest(key)}"


def outlet_triples(iri: str, label: str | None, articles: int, direct: int, indirect: int) -> set[tuple]:
    s = iri_term(iri)
    out = {(s, T.KG.articleCount, _int(articles)), (s, T.KG.directStatements, _int(direct)),
           (s, T.KG.indirectStatements, _int(indirect))}
    if label is not None:
        out.add((s, T.SKOS.prefLabel, lit(label, "fa")))
    return out


def current(store: ox.Store, iri: str, kind: str) -> set[str]:
    """The derived triples the store holds now for one node (for a person: with its month
    nodes, memberships and their intervals), as N-Triples text."""
    node = ox.NamedNode(iri)
    out: set[str] = set()

    def add(subject: ox.NamedNode) -> None:
        for q in store.quads_for_pattern(subject, None, None, _DG):
            out.add(f"{q.subject} {q.predicate} {q.object}")

    add(node)
    if kind == "person":
        for q in store.quads_for_pattern(node, _N["monthlyCount"], None, _DG):
            add(q.object)
        for q in store.quads_for_pattern(None, _N["member"], node, _DG):
            m = q.subject.value
            for s in (m, f"{m}#interval", f"{m}#begin", f"{m}#end"):
                add(ox.NamedNode(s))
    return out
