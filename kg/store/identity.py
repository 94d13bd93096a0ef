"""Cross-article identity: link an article's people, posts and organisations to the store's.

The mapping already gives one IRI to everything whose key is global: a person named in full
(``kg:nameKey`` = ``name:<given+family folded>``), a place (gazetteer id), an organisation (its
label). What it cannot know is the rest of the store. When an article graph is stored,
:func:`plan` looks at the store (every graph but the article's own, so re-ingesting is
idempotent) and decides, per resource, one of:

- **rewrite** the article's IRI to a store IRI (strong evidence). Rewrites change the IRI in
  every triple of the article graph — ``kg:speaker``, ``kg:refersTo``, ``kg:mentions`` alike —
  because queries follow IRIs, not ``owl:sameAs``. The decision and its reason are recorded in
  the article graph as a reified ``owl:sameAs`` (``rdf:Statement`` with ``kg:identityReason``).
- **link** with ``kg:possiblySameAs`` (weak evidence), again with a reified reason; both nodes
  stay.
- **keep**, or **re-mint** an IRI that would otherwise merge too much.

Rules (conservative: a wrong merge corrupts every query about both people; a missed merge
only leaves a visible candidate link):

- **Posts and organisations**: ``kg:matchKey`` = their title/label words folded (ZWNJ,
  spacing and optional words such as «اسلامی» ignored: «رئیس شورای اسلامی شهر همدان» = «رئیس شورای شهر همدان»).
  A post or organisation whose key is already in the store takes the store's IRI.
- **A person named in full** keeps the mapping's IRI (same folded given + family name, whatever
  the honorifics or ZWNJ spelling, is already one IRI). Surname-only or post-only nodes of the
  same post in the store get a candidate link.
- **A surname with a post** («حسینی، شهردار همدان») is the store's holder of that post with that
  surname (named in full preferred) when there is exactly one; several → the one holding it at
  the article's date. Otherwise its IRI is re-minted from surname + post, so two «رضایی» who
  are mayors of different cities stay two people, and candidate links go to other people
  with that surname.
- **A surname alone** is re-minted per article (too weak to share a node) and linked to the
  store's people with that surname.
- **A bare title** («شهردار همدان», ``kg:nameKey`` ``post:…``) is the person who holds the
  post at the article's ``kg:datePublished``: the holder seen in dated articles around that
  date, or else the latest holder seen before it, if seen within :data:`MAX_TENURE_GAP`.
  An undated article, several possible holders, or only later holders → candidate links;
  no holder known → the unnamed post-holder node stays.
- **Projects and events** stay one node per article (the shapes allow one ``kg:article``
  each); they get a ``kg:matchKey`` (project: folded name + place; event: folded name + day
  + host city) by which the derived graph groups them across articles.

At most :data:`MAX_CANDIDATES` candidate links per person, so a common surname does not
link everyone to everyone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.rdf.iris import digest
from kg.rdf.ntriples import literal
from kg.store.terms import value
from kg.store.vocab import T

__all__ = ["DERIVED_GRAPH", "MAX_CANDIDATES", "MAX_TENURE_GAP", "Article", "Plan", "StoreView", "plan"]

# The store's own named graph for facts computed across articles (see kg/store/derived.py).
DERIVED_GRAPH = "https://w3id.org/officials-kg/id/graph/derived"

# A mayor's or council's term in Iran is four years: after that, «شهردار همدان» may well be
# someone the store has not seen yet.
MAX_TENURE_GAP = dt.timedelta(days=4 * 365 + 1)
MAX_CANDIDATES = 5

_MATCH_KEY = T.KG.matchKey
_REASON = T.KG.identityReason
_TYPE, _LABEL = T.RDF.type, T.RDFS.label


_DG = ox.NamedNode(DERIVED_GRAPH)
_OX = {name: ox.NamedNode(term[1:-1]) for name, term in {
    "type": T.RDF.type, "label": T.RDFS.label, "Person": T.KG.Person, "nameKey": T.KG.nameKey,
    "givenName": T.KG.givenName, "familyName": T.KG.familyName, "holds": T.KG.holds,
    "title": T.KG.title, "postIn": T.KG.postIn, "matchKey": T.KG.matchKey, "datePublished": T.KG.datePublished,
    "prefLabel": T.SKOS.prefLabel, "post": T.KG.post, "member": T.ORG.member, "memberDuring": T.ORG.memberDuring,
    "inXSDDate": T.TIME.inXSDDate,
}.items()}


# words writers add or drop freely in a title («شورای اسلامی شهر» = «شورای شهر»); not «سابق»
# (former) or «جدید» (new): those change who holds the post
_OPTIONAL_WORDS = frozenset({"اسلامی", "محترم"})


def fold_words(text: str) -> str:
    """A title or name folded for matching: normalised letters, no ZWNJ or spaces (so «مدیر کل»
    = «مدیرکل»), optional words dropped.

    >>> fold_words("رئیس شورای اسلامی شهر همدان") == fold_words("رئیس شورای  شهر همدان")
    True
    """
    from kg.text.normalise import fold

    return fold(" ".join(w for w in text.split() if w.strip("،,") not in _OPTIONAL_WORDS))


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _base(iri: str, kind: str) -> str:
    """The instance base of an IRI minted as ``{base}{kind}/...``."""
    i = iri.rfind(f"/{kind}/")
    return iri[: i + 1] if i >= 0 else iri.rsplit("/", 1)[0] + "/"


# --- the store, seen from one article ------------------------------------------------------------


class StoreView:
    """Read-only lookups in the store, ignoring one graph (the article being replaced)
    and the derived graph (it only repeats what the article graphs say)."""

    def __init__(self, store: ox.Store, exclude: str | None) -> None:
        self.s = store
        self.skip = {ox.NamedNode(DERIVED_GRAPH)}
        if exclude:
            self.skip.add(ox.NamedNode(exclude))
        # The derived graph answers most lookups in one step, but it includes what the article
        # being replaced said; when an older version of it is stored, read the article graphs
        # instead, so that storing an article twice decides exactly the same thing.
        self.use_derived = not (exclude and store.contains_named_graph(ox.NamedNode(exclude)))
        self._dates: dict[ox.NamedNode, dt.date | None] = {}

    def quads(self, s=None, p=None, o=None) -> Iterator[ox.Quad]:
        for q in self.s.quads_for_pattern(s, p, o, None):
            if q.graph_name not in self.skip and not isinstance(q.graph_name, ox.DefaultGraph):
                yield q

    def values(self, s, p) -> list:
        return [q.object for q in self.quads(s, p, None)]

    def first(self, s, p):
        """One value: from the derived graph if it has one (one lookup), else from any article."""
        for q in self.s.quads_for_pattern(s, p, None, _DG) if self.use_derived else ():
            return q.object
        for q in self.quads(s, p, None):
            return q.object
        return None

    def has(self, s, p, o=None) -> bool:
        return any(True for _ in self.quads(s, p, o))

    def date(self, graph) -> dt.date | None:
        """The ``kg:datePublished`` of the article whose graph this is."""
        if graph not in self._dates:
            day = None
            for q in self.s.quads_for_pattern(graph, _OX["datePublished"], None, graph):
                day = _date(q.object.value)
                break
            self._dates[graph] = day
        return self._dates[graph]

    def name_key(self, person) -> str:
        v = self.first(person, _OX["nameKey"])
        return v.value if v is not None else ""

    def best_label(self, node) -> tuple[str, str | None] | None:
        """The display name, (text, language): the derived graph's (one lookup), else the fullest label."""
        for q in self.s.quads_for_pattern(node, _OX["prefLabel"], None, _DG) if self.use_derived else ():
            v = q.object
            return v.value, v.language or None
        labels = [v for v in self.values(node, _OX["label"]) if isinstance(v, ox.Literal)]
        if not labels:
            return None
        best = max(labels, key=lambda v: (v.language == "fa", len(v.value), v.value))
        return best.value, best.language or None

    def by_key(self, key: str) -> list[str]:
        """Store nodes with this match key: the derived graph keeps one per post or organisation;
        a store without it (raw loads) is searched article by article."""
        lit = ox.Literal(key)
        found = sorted({q.subject.value for q in self.s.quads_for_pattern(None, _OX["matchKey"], lit, _DG)}
                       if self.use_derived else ())
        return found or sorted({q.subject.value for q in self.quads(None, _OX["matchKey"], lit)})


# --- what the article says -------------------------------------------------------------------------
#
# The article comes as triples of N-Triples term strings (kg.rdf.ntriples: ``<iri>``, ``"text"@fa``,
# ...), and so does the plan: rewrites, drops and added triples are term strings, compared as
# ``str``. IRIs handed to pyoxigraph or hashed into new IRIs are the plain values (:func:`value`).

# what the planner reads besides rdf:type
_INDEXED = frozenset({
    T.RDFS.label, T.KG.title, T.KG.locatedIn, T.KG.date, T.KG.hostCity, T.KG.nameKey, T.KG.givenName,
    T.KG.familyName, T.KG.holds, T.KG.datePublished})


class Article:
    """One article graph: its IRI and its triples as term strings, with the few lookups the
    planner makes (in the order the triples come, as an rdflib Graph built from them answers)."""

    def __init__(self, iri: str, triples: Iterable[tuple[str, str, str]]) -> None:
        self.iri = iri  # the plain IRI
        self.term = f"<{iri}>"
        self.triples = triples if isinstance(triples, list) else list(triples)
        typed: dict[str, list[str]] = {}
        values: dict[tuple[str, str], list[str]] = {}
        for s, p, o in self.triples:
            if p == _TYPE:
                typed.setdefault(o, []).append(s)
            elif p in _INDEXED:
                values.setdefault((s, p), []).append(o)
        self._typed, self._values = typed, values

    def instances(self, cls: str) -> list[str]:
        """The subjects typed ``cls``, once each, in rdflib's order (blank nodes, then IRIs by value)."""
        return sorted(set(self._typed.get(cls, ())), key=_order)

    def objects(self, s: str, p: str) -> list[str]:
        return list(dict.fromkeys(self._values.get((s, p), ())))

    def value(self, s: str, p: str) -> str | None:
        """The first object (rdflib's ``Graph.value``)."""
        found = self._values.get((s, p))
        return found[0] if found else None


def _order(term: str) -> tuple[bool, str]:
    return term[0] == "<", value(term)


def _text(term: str | None) -> str:
    """The text of a term, '' for none (``str(graph.value(...) or "")``)."""
    return value(term) if term is not None else ""


@dataclass
class PersonInfo:
    iri: str
    name_key: str
    given: str | None  # literal terms
    family: str | None
    label: str
    posts: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        if self.name_key.startswith("post:"):
            return "unnamed"
        if self.given is None and self.family is not None:
            return "surname"
        return "named"


@dataclass
class Holder:
    iri: str
    dates: list[dt.date | None] = field(default_factory=list)
    named: bool = False  # has a given name in the store
    label: str = ""


# --- the plan ----------------------------------------------------------------------------------------


@dataclass
class Plan:
    """How to store one article graph: IRI rewrites, triples to drop and to add (term strings)."""

    article: str  # the plain IRI
    rewrite: dict[str, str] = field(default_factory=dict)
    drop: set[tuple[str, str]] = field(default_factory=set)  # (original subject, predicate)
    add: list[tuple[str, str, str]] = field(default_factory=list)  # triples in final IRIs
    decisions: list[str] = field(default_factory=list)  # one line per decision, for humans

    def triples(self, article: Article) -> list[tuple[str, str, str]]:
        """The article's triples as they will be stored, each once."""
        rw, drop = self.rewrite, self.drop
        if rw or drop:
            out = [(rw.get(s, s), p, rw.get(o, o)) for s, p, o in article.triples if (s, p) not in drop]
        else:
            out = list(article.triples)
        out += self.add
        return list(dict.fromkeys(out))

    def _record(self, subject: str, predicate: str, obj: str, reason: str) -> None:
        """A reified identity decision, so users can see why two nodes were merged or linked."""
        base = _base(self.article, "article")
        node = (f"<{base}identity/{self.article.rsplit('/', 1)[-1]}-"
                f"{digest(f'{value(subject)}|{value(predicate)}|{value(obj)}')}>")
        self.add += [
            (node, _TYPE, T.RDF.Statement),
            (node, T.RDF.subject, subject),
            (node, T.RDF.predicate, predicate),
            (node, T.RDF.object, obj),
            (node, _REASON, literal(reason, lang="en")),
        ]

    def same(self, original: str, target: str, reason: str) -> None:
        self.rewrite[original] = target
        self._record(original, T.OWL.sameAs, target, reason)
        self.decisions.append(f"same: {value(original)} -> {value(target)}: {reason}")

    def possibly(self, person: str, other: str, reason: str) -> None:
        self.add.append((person, T.KG.possiblySameAs, other))
        self._record(person, T.KG.possiblySameAs, other, reason)
        self.decisions.append(f"possibly: {value(person)} ~ {value(other)}: {reason}")


def plan(view: StoreView, article: Article) -> Plan:
    """Decide how ``article`` joins the store ``view`` describes."""
    p = Plan(article.iri)
    day = None
    for o in article.objects(article.term, T.KG.datePublished):
        day = _date(value(o))
    _organisations(view, article, p)
    post_key = _posts(view, article, p)
    _projects(article, p)
    _events(article, p, day)
    people = _people(article, p)
    for person in people:
        if person.kind == "unnamed":
            _unnamed(view, person, post_key, day, p)
        elif person.kind == "surname":
            _surname(view, person, post_key, day, p)
        else:
            _named(view, person, post_key, p)
    return p


def _organisations(view: StoreView, article: Article, p: Plan) -> None:
    orgs = set(article.instances(T.KG.Organization)) | set(article.instances(T.KG.NewsAgency))
    for org in sorted(orgs, key=_order):
        label = article.value(org, _LABEL)
        if label is None or org[0] != "<":
            continue
        text = value(label)
        key = "org:" + fold_words(text)
        found = view.by_key(key)
        target = f"<{found[0]}>" if found and value(org) not in found else org
        if target != org:
            p.same(org, target, f"organisation «{text}» has the same folded name as one in the store")
        p.add.append((target, _MATCH_KEY, literal(key)))


def _posts(view: StoreView, article: Article, p: Plan) -> dict[str, tuple[str, str]]:
    """Canonical posts: ``{post term as stored: (match key, label)}``."""
    out: dict[str, tuple[str, str]] = {}
    for post in article.instances(T.KG.Post):
        if post[0] != "<":
            continue
        label = _text(article.value(post, _LABEL)) or _text(article.value(post, T.KG.title))
        key = "post:" + fold_words(label)
        found = view.by_key(key)
        target = post
        if found and value(post) not in found:
            target = f"<{found[0]}>"
            node = ox.NamedNode(found[0])
            # one kg:title and at most one kg:postIn per post (the shapes): take the store's
            titles = view.values(node, _OX["title"])
            if titles:
                p.drop.add((post, T.KG.title))
                p.add.append((target, T.KG.title, literal(titles[0].value, lang=titles[0].language or None)))
            orgs = view.values(node, _OX["postIn"])
            if orgs:
                p.drop.add((post, T.KG.postIn))
                p.add.append((target, T.KG.postIn, f"<{orgs[0].value}>"))
            p.same(post, target, f"post «{label}» has the same folded title as one in the store")
        p.add.append((target, _MATCH_KEY, literal(key)))
        out[target] = (key, label)
    return out


def _projects(article: Article, p: Plan) -> None:
    art = p.article.rsplit("/", 1)[-1]
    for project in article.instances(T.KG.Project):
        label = article.value(project, _LABEL)
        if label is None:
            continue
        place = article.value(project, T.KG.locatedIn)
        where = value(place).rsplit("/", 1)[-1] if place is not None else f"article-{art}"
        p.add.append((project, _MATCH_KEY, literal(f"project:{fold_words(value(label))}@{where}")))


def _events(article: Article, p: Plan, day: dt.date | None) -> None:
    """Events get a match key: same folded name, same day (the event's, else the article's),
    same host city. Articles about one meeting then share its group in the derived graph."""
    for event in article.instances(T.KG.Event):
        label = article.value(event, _LABEL)
        if label is None:
            continue
        when = article.value(event, T.KG.date)
        city = article.value(event, T.KG.hostCity)
        on = value(when)[:10] if when is not None else (day.isoformat() if day else "undated")
        where = value(city).rsplit("/", 1)[-1] if city is not None else ""
        p.add.append((event, _MATCH_KEY, literal(f"event:{fold_words(value(label))}@{on}@{where}")))


def _people(article: Article, p: Plan) -> list[PersonInfo]:
    people = []
    for iri in article.instances(T.KG.Person):
        if iri[0] != "<":
            continue
        posts = sorted((p.rewrite.get(x, x) for x in article.objects(iri, T.KG.holds) if x[0] == "<"), key=value)
        people.append(PersonInfo(iri, _text(article.value(iri, T.KG.nameKey)), article.value(iri, T.KG.givenName),
                                 article.value(iri, T.KG.familyName), _text(article.value(iri, _LABEL)), posts))
    return people


def _holders(view: StoreView, keys: Iterable[str]) -> dict[str, Holder]:
    """Named people (in full or by surname) the store has seen holding posts with these keys,
    with the dates of the articles showing them in the post. Read from the derived graph's
    memberships (first and last date: all :func:`_at_date` needs); a store without them is
    searched article by article."""
    posts: set[str] = set()
    for key in keys:
        posts.update(view.by_key(key))
    holders: dict[str, Holder] = {}
    found_derived = False
    for post in sorted(posts) if view.use_derived else ():
        for m in view.s.quads_for_pattern(None, _OX["post"], ox.NamedNode(post), _DG):
            found_derived = True
            person = next(view.s.quads_for_pattern(m.subject, _OX["member"], None, _DG)).object
            if view.name_key(person).startswith("post:"):
                continue
            h = holders.setdefault(person.value, Holder(person.value))
            interval = ox.NamedNode(f"{m.subject.value}#interval")
            if any(True for _ in view.s.quads_for_pattern(m.subject, _OX["memberDuring"], interval, _DG)):
                for end in ("begin", "end"):
                    q = next(view.s.quads_for_pattern(ox.NamedNode(f"{m.subject.value}#{end}"), _OX["inXSDDate"],
                                                      None, _DG))
                    h.dates.append(_date(q.object.value))
            else:
                h.dates.append(None)
    if not found_derived:
        for post in sorted(posts):
            for q in view.quads(None, _OX["holds"], ox.NamedNode(post)):
                person = q.subject
                keys = view.s.quads_for_pattern(person, _OX["nameKey"], None, q.graph_name)
                if next((k.object.value for k in keys), "").startswith("post:"):
                    continue
                holders.setdefault(person.value, Holder(person.value)).dates.append(view.date(q.graph_name))
    for h in holders.values():
        node = ox.NamedNode(h.iri)
        h.named = view.has(node, _OX["givenName"])
        label = view.best_label(node)
        h.label = label[0] if label is not None else h.iri
    return holders


def _post_holders(view: StoreView, post: str) -> list[ox.NamedNode]:
    """Everyone holding the post: one membership each in the derived graph, else every
    article's kg:holds."""
    node = ox.NamedNode(post)
    if view.use_derived:
        members = [next(view.s.quads_for_pattern(m.subject, _OX["member"], None, _DG)).object
                   for m in view.s.quads_for_pattern(None, _OX["post"], node, _DG)]
        if members:
            return sorted(members, key=lambda n: n.value)
    return sorted({q.subject for q in view.quads(None, _OX["holds"], node)}, key=lambda n: n.value)


def _at_date(
    holders: dict[str, Holder], day: dt.date | None, post: str
) -> tuple[str | None, str, list[tuple[str, str]]]:
    """Who held ``post`` at ``day``: (the holder, why) or (None, '', candidates with reasons)."""
    hs = sorted(holders.values(), key=lambda h: h.iri)
    if day is None:
        if len(hs) == 1:
            return None, "", [(hs[0].iri, f"the article has no date; the only known holder of «{post}»")]
        return None, "", [(h.iri, f"the article has no date; one of {len(hs)} known holders of «{post}»")
                          for h in hs]
    spans = {h.iri: (min(ds), max(ds)) for h in hs if (ds := [d for d in h.dates if d is not None])}
    inside = [i for i, (b, e) in spans.items() if b <= day <= e]
    if len(inside) == 1:
        b, e = spans[inside[0]]
        return inside[0], f"holds «{post}» on {day}: seen holding it from {b} to {e}", []
    if inside:
        return None, "", [(i, f"one of {len(inside)} people seen holding «{post}» around {day}") for i in inside]
    before = sorted(((e, i) for i, (_, e) in spans.items() if e < day), reverse=True)
    if before:
        last, who = before[0]
        if len(before) > 1 and before[1][0] == last:
            return None, "", [(i, f"one of several people last seen holding «{post}» on {last}")
                              for e, i in before if e == last]
        if day - last <= MAX_TENURE_GAP:
            return who, (f"the latest known holder of «{post}» before {day} (last seen holding it on {last}, "
                         "no other holder seen since)"), []
        return None, "", [(who, f"last seen holding «{post}» on {last}, {(day - last).days} days before this article")]
    after = sorted((b, i) for i, (b, _) in spans.items() if b > day)
    if after:
        first, who = after[0]
        return None, "", [(who, f"first seen holding «{post}» on {first}, after this article ({day})")]
    return None, "", [(h.iri, f"holds «{post}» in undated articles only") for h in hs]


def _remint(person: PersonInfo, extra: str) -> str:
    return f"<{_base(value(person.iri), 'person')}person/{digest(person.name_key + '|' + extra)}>"


def _relabel(view: StoreView, person: PersonInfo, target: str, p: Plan) -> None:
    """A rewritten person takes the store's name key and display name (one kg:nameKey per person)."""
    node = ox.NamedNode(value(target))
    p.drop.add((person.iri, T.KG.nameKey))
    p.drop.add((person.iri, _LABEL))
    key = view.name_key(node)
    if key:
        p.add.append((target, T.KG.nameKey, literal(key)))
    label = view.best_label(node)
    text, lang = label if label is not None else (person.label, "fa")
    p.add.append((target, _LABEL, literal(text, lang=lang)))


def _post_names(person: PersonInfo, post_key: dict[str, tuple[str, str]]) -> tuple[list[str], str]:
    keys = [post_key[x][0] for x in person.posts if x in post_key]
    labels = "، ".join(post_key[x][1] for x in person.posts if x in post_key)
    return keys, labels


def _unnamed(view: StoreView, person: PersonInfo, post_key, day, p: Plan) -> None:
    keys, post = _post_names(person, post_key)
    holders = _holders(view, keys)
    if not holders:
        return  # nobody known: the unnamed post-holder node stays
    who, why, weak = _at_date(holders, day, post or person.label)
    if who is not None:
        _relabel(view, person, f"<{who}>", p)
        p.same(person.iri, f"<{who}>", f"«{person.label}» in this article: {why}")
        return
    for other, reason in weak[:MAX_CANDIDATES]:
        p.possibly(person.iri, f"<{other}>", f"«{person.label}»: {reason}")


def _same_surname(view: StoreView, person: PersonInfo, exclude: set[str]) -> list[tuple[str, list[str]]]:
    """Store people with the same family name: (IRI, labels of their posts), people named in full first."""
    assert person.family is not None
    found: dict[str, bool] = {}
    family = ox.Literal(value(person.family), language="fa")
    subjects = {q.subject for q in view.quads(None, _OX["familyName"], family)}
    for subject in subjects:
        iri = subject.value
        if iri in exclude or view.name_key(subject).startswith("post:"):
            continue
        found[iri] = view.has(subject, _OX["givenName"])
    out = []
    for iri, _named in sorted(found.items(), key=lambda kv: (not kv[1], kv[0])):
        posts = sorted({_label_text(view, x) for x in view.values(ox.NamedNode(iri), _OX["holds"])})
        out.append((iri, posts))
    return out


def _label_text(view: StoreView, node) -> str:
    label = view.best_label(node)
    return label[0] if label is not None and label[0] else node.value


def _surname(view: StoreView, person: PersonInfo, post_key, day, p: Plan) -> None:
    assert person.family is not None
    family = value(person.family)
    keys, post = _post_names(person, post_key)
    if keys:
        holders = _holders(view, keys)
        family_lit = ox.Literal(family, language="fa")
        surname = {i: h for i, h in holders.items() if view.has(ox.NamedNode(i), _OX["familyName"], family_lit)}
        full = {i: h for i, h in surname.items() if h.named}
        pool = full or surname
        who, why = None, ""
        if len(pool) == 1:
            who = next(iter(pool))
            why = f"the only person in the store with surname «{family}» holding «{post}»"
        elif pool:
            who, why, _ = _at_date(pool, day, post)
        if who is not None:
            if f"<{who}>" != person.iri:
                _relabel(view, person, f"<{who}>", p)
                p.same(person.iri, f"<{who}>", f"«{person.label}» in this article: {why}")
            return
        # surname + post: a node of its own, so same-surname holders of other posts stay apart
        target = _remint(person, keys[0])
        p.rewrite[person.iri] = target
        where = f"«{post}» here"
    else:
        target = _remint(person, "article:" + p.article)
        p.rewrite[person.iri] = target
        where = "no post in this article"
    for other, posts in _same_surname(view, person, {value(target)})[:MAX_CANDIDATES]:
        there = f"«{'، '.join(posts)}» there" if posts else "no post there"
        p.possibly(target, f"<{other}>", f"same surname «{family}»; {where}, {there}")


def _named(view: StoreView, person: PersonInfo, post_key, p: Plan) -> None:
    """A full name keeps its IRI; surname-only or title-only holders of the same post become candidates."""
    keys, post = _post_names(person, post_key)
    if not keys:
        return
    holders = _holders(view, keys)
    links = 0
    for iri, h in sorted(holders.items()):
        if iri == value(person.iri) or h.named or links >= MAX_CANDIDATES:
            continue
        if person.family is not None and view.has(ox.NamedNode(iri), _OX["familyName"],
                                                  ox.Literal(value(person.family), language="fa")):
            p.possibly(person.iri, f"<{iri}>",
                       f"«{h.label}» holds the same post «{post}» and has the same surname, named only by it")
            links += 1
    # the unnamed holder node of the same post (one per post), if the store has one
    for key in keys:
        for post_iri in view.by_key(key):
            for holder in _post_holders(view, post_iri):
                if links >= MAX_CANDIDATES:
                    return
                if view.name_key(holder).startswith("post:") and holder.value != value(person.iri):
                    target = f"<{holder.value}>"
                    if (person.iri, T.KG.possiblySameAs, target) not in p.add:
                        p.possibly(person.iri, target, f"holds «{post}», which an article names only by the title")
                        links += 1
