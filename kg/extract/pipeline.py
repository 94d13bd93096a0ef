"""Compose the extraction stages into one function: Source → records.Article.

read → normalise (offset map) → segment → clauses → coreference → entities →
typed records with raw offsets. Nothing here knows RDF.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date

from kg import records as r
from kg.extract import coref
from kg.extract.dates import find_dates
from kg.extract.events import event_at, find_events
from kg.extract.organizations import find_agency, find_organizations
from kg.extract.places import Place, find_places
from kg.extract.projects import find_projects, projects_in
from kg.extract.quantities import find_quantities
from kg.extract.statements import find_clauses, find_salient_subjects
from kg.text.document import Document
from kg.text.normalise import fold, normalise, normalise_span
from kg.text.read import Source
from kg.text.segment import paragraphs

Component = Callable[[Document, r.Article, dict], None]


def _span(doc: Document, start: int, end: int) -> r.TextSpan:
    s, e = doc.offsets.to_raw(start, end)  # what doc.span(start, end) holds, without building it
    return r.TextSpan(s, e, doc.raw[s:e])


def _identity(e: coref.Entity) -> str:
    """A person's identity across articles: the normalised name, else the post."""
    if e.name_key:
        return "name:" + e.name_key
    return "post:" + fold(e.title_phrases[0] if e.title_phrases else e.key)


def _headline(doc: Document, article: r.Article, state: dict) -> None:
    paras = paragraphs(doc.norm)
    if len(paras) > 1 and not article.title:
        first = paras[0].slice(doc.norm)
        if len(first) < 200 and first[-1] not in ".!؟?:»" and not any(c.paragraph == 0 for c in state["clauses"]):
            article.title = first


def _statements(doc: Document, article: r.Article, state: dict) -> None:
    clauses = find_clauses(doc.norm)
    state["clauses"] = clauses
    salient = find_salient_subjects(doc.norm, clauses)
    ordered = sorted(clauses + salient, key=lambda c: (c.subject_start if not c.reporting else c.start, c.end))
    entities, resolved = coref.resolve(ordered, doc.norm)
    by_clause = {id(c): found for c, found in zip(ordered, resolved, strict=True)}
    speakers = [by_clause[id(c)] for c in clauses]
    used = {id(s.entity) for found in speakers for s in found}
    people: dict[int, r.Person] = {}
    for e in entities:
        if id(e) not in used:
            continue
        person = r.Person(
            key=e.key,
            identity=_identity(e),
            name=e.name,
            honorifics=e.honorifics,
            given=e.given,
            family=e.family,
            title_phrase=e.title_phrases[0] if e.title_phrases else None,
            official=bool(e.title and e.title.official),
        )
        seen: set[tuple[int, int]] = set()
        for s, t in sorted(e.mentions):
            if (s, t) not in seen:
                seen.add((s, t))
                person.mentions.append(_span(doc, s, t))
        people[id(e)] = person
        state.setdefault("entity_of", {})[person.key] = e
        article.people.append(person)
    state["entities"] = {id(e): e for e in entities}
    for clause, found in zip(clauses, speakers, strict=True):
        if not found:
            continue
        span = _span(doc, clause.start, clause.end)
        cue = _span(doc, clause.verb_start, clause.verb_end)
        # the content is the normalised raw span, whatever its context in the article
        content = normalise_span(doc, span.start, span.end)
        for speaker in found:  # a joint subject («X و Y گفتند»): one statement per speaker, one span
            st = r.Statement(
                span=span,
                content=content,
                verb=cue.text,
                direct=clause.direct,
                speaker=people[id(speaker.entity)].key,
                cue=cue,
                speaker_mention=_span(doc, speaker.start, speaker.end) if speaker.end > speaker.start else None,
            )
            article.statements.append(st)


def _place_record(p: Place) -> r.Place:
    """The record of a gazetteer place (its mentions are added by the caller)."""
    return r.Place(
        key=p.id,
        kind=p.kind,
        name_fa=p.name_fa,
        name_en=p.name_en,
        province=p.province_id,
        lat=p.lat,
        lon=p.lon,
        wikidata=p.wikidata,
    )


def _places(doc: Document, article: r.Article, state: dict) -> None:
    """Gazetteer places named in the text, plus the provinces and country they sit in."""
    from kg.extract.places import gazetteer

    mentions = find_places(doc.norm)
    state["places"] = mentions
    gaz = gazetteer()
    records: dict[str, r.Place] = {}

    def record(place_id: str) -> r.Place:
        if place_id not in records:
            p = gaz.get(place_id)
            records[place_id] = _place_record(p)
            if p.province_id:
                record(p.province_id)
            if p.kind == "Province":
                record("country-iran")
        return records[place_id]

    for m in mentions:
        record(m.place_id).mentions.append(_span(doc, m.start, m.end))
    article.places = sorted(records.values(), key=lambda p: p.key)


def _organizations(doc: Document, article: r.Article, state: dict) -> None:
    """Organisations named in the text or implied by titles, and the reporting agency."""
    orgs = find_organizations(doc.norm, state["places"])
    state["orgs"] = orgs
    records: dict[str, r.Organization] = {}
    for m in orgs:
        if m.via == "context":
            continue  # a bare «شهرداری» linked to the article's main city: too weak to publish
        key = fold(m.label)
        rec = records.get(key)
        if rec is None:
            kind = "NewsAgency" if m.kind == "NewsAgency" else "Organization"
            rec = records[key] = r.Organization(key=key, label=m.label, kind=kind, place=m.place_id)
        rec.mentions.append(_span(doc, m.start, m.end))
    agency = find_agency(doc.norm, orgs)
    if agency is not None and agency.kind != "Unknown":
        key = fold(agency.label)
        rec = records.get(key)
        if rec is None:
            rec = records[key] = r.Organization(key=key, label=agency.label, kind="NewsAgency")
            rec.mentions.append(_span(doc, agency.start, agency.end))
        rec.kind = "NewsAgency"
        article.agency = key
    article.organizations = list(records.values())
    _ensure_places(article, [o.place for o in article.organizations if o.place])


def _ensure_places(article: r.Article, place_ids: list[str]) -> None:
    """Every place an entity links to is described in the graph (label, province)."""
    from kg.extract.places import gazetteer

    have = {p.key for p in article.places}
    gaz = gazetteer()
    todo = [p for p in place_ids if p not in have]
    while todo:
        pid = todo.pop()
        if pid in have:
            continue
        p = gaz.get(pid)
        article.places.append(_place_record(p))
        have.add(pid)
        todo.extend(x for x in (p.province_id, "country-iran" if p.kind == "Province" else None) if x)


def _strip_place(phrase: str, surfaces: list[str]) -> str:
    """«رئیس کل دادگستری استان کرمان» → «رئیس کل دادگستری»: the post without its place."""
    out = phrase
    for surface in sorted(surfaces, key=len, reverse=True):
        at = out.rfind(surface)
        if at > 0:
            out = out[:at] + out[at + len(surface) :]
    words = out.split()
    # «شهر» stays: «رئیس شورای شهر همدان» is a post of the city council
    while words and words[-1] in ("استان", "شهرستان", "در", "و"):
        words.pop()
    return " ".join(words) or phrase


def _posts(doc: Document, article: r.Article, state: dict) -> None:
    """Link each official to the organisation and place their title names."""
    orgs = {fold(o.label): o for o in article.organizations}
    for person in article.people:
        e = state["entity_of"][person.key]
        if not e.title_phrases:
            continue
        for s, t in e.mentions:
            text = doc.norm[s:t]
            if not any(ph in text for ph in e.title_phrases):
                continue
            inside = [m for m in state["orgs"] if s <= m.start and m.end <= t and m.via != "context"]
            places = [m for m in state["places"] if s <= m.start and m.end <= t]
            if inside and fold(inside[0].label) in orgs:
                person.organization = fold(inside[0].label)
                person.place = inside[0].place_id
            elif places:
                person.place = places[0].place_id
            phrase = next(ph for ph in e.title_phrases if ph in text)
            person.title = _strip_place(phrase, [p.surface for p in places])
            break
        if person.title is None and e.title is not None:
            person.title = _strip_place(e.title_phrases[0], [])


def _quantities(doc: Document, article: r.Article, state: dict) -> None:
    """Numbers claimed in the text, with units; scale words folded into the value."""
    for m in find_quantities(doc.norm):
        article.quantities.append(
            r.Quantity(
                span=_span(doc, m.start, m.end),
                value=m.value,
                unit=m.unit,
                unit_phrase=m.unit_phrase or None,
                upper=m.upper,
                modifier=m.modifier,
                value_in_rials=m.value_in_rials,
                measures=m.measures,
            )
        )


def _dates(doc: Document, article: r.Article, state: dict) -> None:
    """Dates in the text; the article's own date (when not given) from a dated lead."""
    state["dates"] = find_dates(doc.norm, article.date)


def _projects(doc: Document, article: r.Article, state: dict) -> None:
    """Public works, programmes and plans, merged across their mentions."""
    found = find_projects(doc.norm, state["places"], state["orgs"])
    state["projects"] = found
    orgs = {fold(o.label) for o in article.organizations}
    for p in found:
        owner = fold(p.owner) if p.owner else None
        article.projects.append(
            r.Project(
                key=p.key,
                label=p.label,
                status=p.status,
                owner=owner if owner in orgs else None,
                place=p.place_id,
                mentions=[_span(doc, s, e) for s, e in p.mentions],
            )
        )
    _ensure_places(article, [p.place for p in article.projects if p.place])


def _events(doc: Document, article: r.Article, state: dict) -> None:
    """Meetings, summits and ceremonies, with host city, venue and date."""
    found = find_events(doc.norm, state["places"], state["dates"], orgs=state["orgs"], projects=state["projects"])
    state["events"] = found
    for e in found:
        city = e.host_city if e.host_city and e.host_city.startswith("city-") else None
        article.events.append(
            r.Event(
                key=e.key,
                label=e.label,
                host_city=city,
                place=None if city else e.host_city,
                venue=e.venue,
                date=e.date,
                jalali=e.jalali,
                mentions=[_span(doc, s, t) for s, t in e.mentions],
            )
        )
    _ensure_places(article, [p for e in article.events for p in (e.host_city, e.place) if p])


def _links(doc: Document, article: r.Article, state: dict) -> None:
    """What each statement's content names: places, organisations, quantities."""
    for st in article.statements:
        st.quantities = [
            i for i, q in enumerate(article.quantities) if st.span.start <= q.span.start and q.span.end <= st.span.end
        ]
        s, e = doc.offsets.from_raw(st.span.start, st.span.end)
        st.projects = projects_in(s, e, state["projects"])
        st.event = event_at(s, state["events"], doc.norm)
        keys: list[str] = []
        for m in state["places"]:
            if s <= m.start and m.end <= e and m.place_id not in keys:
                keys.append(m.place_id)
        for m in state["orgs"]:
            key = fold(m.label)
            if s <= m.start and m.end <= e and m.via != "context" and key not in keys:
                keys.append(key)
        st.mentions = keys


# the default pipeline: (name, component), run in order
PIPELINE: list[tuple[str, Component]] = [
    ("places", _places),
    ("organizations", _organizations),
    ("statements", _statements),
    ("posts", _posts),
    ("dates", _dates),
    ("quantities", _quantities),
    ("projects", _projects),
    ("events", _events),
    ("links", _links),
    ("headline", _headline),
]


def extract(src: Source, *, article_date: date | None = None) -> r.Article:
    """Extract every record from one article."""
    doc = normalise(src.text)
    article = r.Article(
        text=src.text,
        sha256=hashlib.sha256(src.text.encode("utf-8")).hexdigest(),
        name=src.name,
        url=src.url,
        date=article_date,
        source=src.source,
        title=src.title,
    )
    state: dict = {"source": src}
    for _name, component in PIPELINE:
        component(doc, article, state)
    return article
