"""Typed records: the only thing extraction hands on to the RDF mapping.

Every span is a pair of raw code-point offsets ``(start, end)`` into the
article's text, end exclusive. Nothing here knows Persian rules or RDF.
Entities within one article are referred to by a local ``key`` string.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class TextSpan:
    start: int
    end: int
    text: str  # raw text of the span


@dataclass
class Person:
    key: str
    identity: str = ""  # what makes two records one person across articles (normalised name or post)
    name: str | None = None  # fullest written name, with honorifics
    honorifics: tuple[str, ...] = ()
    given: str | None = None
    family: str | None = None
    title: str | None = None  # the post as written («شهردار»)
    title_phrase: str | None = None  # the whole title phrase («شهردار همدان»)
    organization: str | None = None  # key of an Organization record
    place: str | None = None  # gazetteer id of the post's place
    official: bool = False
    mentions: list[TextSpan] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.name or self.title_phrase or self.title or "?"


@dataclass
class Statement:
    span: TextSpan  # the content
    content: str  # normalised content
    verb: str  # reporting verb or phrase as written
    direct: bool
    speaker: str  # Person.key
    cue: TextSpan | None = None  # the reporting verb / cue phrase in the text
    speaker_mention: TextSpan | None = None
    projects: list[str] = field(default_factory=list)  # Project.key
    mentions: list[str] = field(default_factory=list)  # keys of places/orgs/people named in it
    quantities: list[int] = field(default_factory=list)  # indexes into Article.quantities
    event: str | None = None  # Event.key


@dataclass
class Quantity:
    span: TextSpan
    value: Decimal
    unit: str
    unit_phrase: str | None = None
    upper: Decimal | None = None
    modifier: str | None = None
    value_in_rials: Decimal | None = None
    measures: str | None = None


@dataclass
class Place:
    key: str  # gazetteer id, e.g. "city-hamedan"
    kind: str  # "City" | "Province" | "Country"
    name_fa: str
    name_en: str | None = None
    province: str | None = None  # gazetteer id of the province (cities)
    lat: float | None = None
    lon: float | None = None
    wikidata: str | None = None  # "Q..." only where unambiguous
    mentions: list[TextSpan] = field(default_factory=list)


@dataclass
class Organization:
    key: str
    label: str
    kind: str = "Organization"  # or "NewsAgency"
    place: str | None = None  # gazetteer id
    mentions: list[TextSpan] = field(default_factory=list)


@dataclass
class Project:
    key: str
    label: str
    status: str | None = None
    owner: str | None = None  # Organization.key
    place: str | None = None
    mentions: list[TextSpan] = field(default_factory=list)


@dataclass
class Event:
    key: str
    label: str
    host_city: str | None = None  # gazetteer id of a city
    place: str | None = None  # a wider place (a province) when no city is named
    venue: str | None = None
    date: date | None = None
    jalali: str | None = None
    mentions: list[TextSpan] = field(default_factory=list)


@dataclass
class Article:
    text: str
    sha256: str
    name: str = "-"
    url: str | None = None
    date: date | None = None
    jalali_date: str | None = None
    source: str | None = None
    title: str | None = None  # headline, if the article opens with one
    agency: str | None = None  # Organization.key of the reporting agency
    people: list[Person] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def person(self, key: str) -> Person:
        return next(p for p in self.people if p.key == key)
