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
from kg.extract.statements import find_clauses, find_salient_subjects
from kg.text.document import Document
from kg.text.normalise import fold, normalise
from kg.text.read import Source
from kg.text.segment import paragraphs

Component = Callable[[Document, r.Article, dict], None]


def _span(doc: Document, start: int, end: int) -> r.TextSpan:
    s = doc.span(start, end)
    return r.TextSpan(s.start, s.end, s.text)


def _identity(e: coref.Entity) -> str:
    """A person's identity across articles: the normalised name, else the post."""
    if e.name_key:
        return "name:" + e.name_key
    return "post:" + fold(e.title_phrases[0] if e.title_phrases else e.key)


def _headline(doc: Document, article: r.Article, state: dict) -> None:
    paras = paragraphs(doc.norm)
    if len(paras) > 1:
        first = paras[0].slice(doc.norm)
        if len(first) < 200 and first[-1] not in ".!؟?:»" and not any(
            c.paragraph == 0 for c in state["clauses"]
        ):
            article.title = first


def _statements(doc: Document, article: r.Article, state: dict) -> None:
    clauses = find_clauses(doc.norm)
    state["clauses"] = clauses
    salient = find_salient_subjects(doc.norm, clauses)
    ordered = sorted(clauses + salient, key=lambda c: (c.subject_start if not c.reporting else c.start, c.end))
    entities, resolved = coref.resolve(ordered, doc.norm)
    by_clause = {id(c): e for c, e in zip(ordered, resolved, strict=True)}
    speakers = [by_clause[id(c)] for c in clauses]
    used = {id(e) for e in speakers if e is not None}
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
            title=e.title.title if e.title else None,
            title_phrase=e.title_phrases[0] if e.title_phrases else None,
            official=bool(e.title and e.title.official),
        )
        seen: set[tuple[int, int]] = set()
        for s, t in sorted(e.mentions):
            if (s, t) not in seen:
                seen.add((s, t))
                person.mentions.append(_span(doc, s, t))
        people[id(e)] = person
        article.people.append(person)
    state["entities"] = {id(e): e for e in entities}
    for clause, speaker in zip(clauses, speakers, strict=True):
        if speaker is None:
            continue
        span = _span(doc, clause.start, clause.end)
        st = r.Statement(
            span=span,
            content=doc.norm[clause.start : clause.end],
            verb=doc.span(clause.verb_start, clause.verb_end).text,
            direct=clause.direct,
            speaker=people[id(speaker)].key,
            cue=_span(doc, clause.verb_start, clause.verb_end),
            speaker_mention=_span(doc, clause.subject_start, clause.subject_end)
            if clause.subject_end > clause.subject_start
            else None,
        )
        article.statements.append(st)


# the default pipeline: (name, component), run in order
PIPELINE: list[tuple[str, Component]] = [
    ("statements", _statements),
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
