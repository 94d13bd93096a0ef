"""Graphs for the export tests.

* ``sample_graph``: the bundled article through the real pipeline (two officials, 25 statements,
  no projects or places yet).
* ``rich_dataset``: three small articles built as extraction records and mapped by the real
  ``kg.rdf.mapping``, with what the sample lacks today — organisations, cities, a province, a
  project, an event, a news agency, a speaker who is no official, one person in two articles —
  so that every projection has something to draw.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from kg import records as r
from kg.rdf.namespace import DEFAULT_BASE


def _span(text: str, part: str, after: int = 0) -> r.TextSpan:
    start = text.index(part, after)
    return r.TextSpan(start, start + len(part), part)


def _article(text: str, **kw) -> r.Article:
    return r.Article(text=text, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), **kw)


HAMEDAN = r.Place("city-hamedan", "City", "همدان", "Hamedan", province="province-hamedan",
                  lat=34.7992, lon=48.5146, wikidata="Q185019")
HAMEDAN_PROVINCE = r.Place("province-hamedan", "Province", "استان همدان", "Hamedan Province")
TEHRAN = r.Place("city-tehran", "City", "تهران", "Tehran", province="province-tehran")


def _mayor(text: str) -> r.Person:
    return r.Person("p1", "name:مسعودحسینی", "سید مسعود حسینی", ("سید",), "مسعود", "حسینی", "شهردار",
                    "شهردار همدان", "o1", "city-hamedan", official=True,
                    mentions=[_span(text, "سید مسعود حسینی")])


def article_one() -> r.Article:
    text = ("به گزارش خبرگزاری صدا و سیما، سید مسعود حسینی شهردار همدان در اجلاس شهرداران گفت: "
            "پروژه قطار شهری همدان تا پایان سال به بهره‌برداری می‌رسد. "
            "محمود مسگریان رئیس شورای شهر همدان نیز گفت: شورای شهر از قطار شهری حمایت می‌کند.")
    s1 = _span(text, "پروژه قطار شهری همدان تا پایان سال به بهره‌برداری می‌رسد.")
    s2 = _span(text, "شورای شهر از قطار شهری حمایت می‌کند.")
    city = r.Place(**{**HAMEDAN.__dict__, "mentions": [_span(text, "همدان")]})
    return _article(
        text, url="https://example.org/news/1", date=date(2025, 10, 7), title=None, agency="o3",
        places=[city, HAMEDAN_PROVINCE],
        organizations=[
            r.Organization("o1", "شهرداری همدان", place="city-hamedan"),
            r.Organization("o2", "شورای شهر همدان", place="city-hamedan"),
            r.Organization("o3", "خبرگزاری صدا و سیما", kind="NewsAgency",
                           mentions=[_span(text, "خبرگزاری صدا و سیما")]),
        ],
        people=[
            _mayor(text),
            r.Person("p2", "name:محمودمسگریان", "محمود مسگریان", (), "محمود", "مسگریان", "رئیس شورای شهر",
                     "رئیس شورای شهر همدان", "o2", "city-hamedan", official=True,
                     mentions=[_span(text, "محمود مسگریان")]),
        ],
        projects=[r.Project("pr1", "قطار شهری همدان", "در حال اجرا", owner="o1", place="city-hamedan",
                            mentions=[_span(text, "قطار شهری همدان")])],
        events=[r.Event("e1", "اجلاس شهرداران", host_city="city-hamedan", mentions=[_span(text, "اجلاس شهرداران")])],
        statements=[
            r.Statement(s1, s1.text, "گفت", True, "p1", projects=["pr1"], mentions=["city-hamedan"], event="e1"),
            r.Statement(s2, s2.text, "گفت", True, "p2", projects=["pr1"], mentions=["o2"], event="e1"),
        ],
    )


def article_two() -> r.Article:
    text = ("سید مسعود حسینی شهردار همدان گفت: شهرداری همدان بودجه قطار شهری را تأمین کرده است. "
            "علی رضایی، شهروند همدانی، گفت: قطار شهری ترافیک همدان را کم می‌کند. "
            "حسینی افزود: شورای شهر همدان همراه شهرداری است.")
    s1 = _span(text, "شهرداری همدان بودجه قطار شهری را تأمین کرده است.")
    s2 = _span(text, "قطار شهری ترافیک همدان را کم می‌کند.")
    s3 = _span(text, "شورای شهر همدان همراه شهرداری است.")
    return _article(
        text, date=date(2025, 10, 9),
        places=[HAMEDAN, HAMEDAN_PROVINCE],
        organizations=[r.Organization("o1", "شهرداری همدان", place="city-hamedan"),
                       r.Organization("o2", "شورای شهر همدان", place="city-hamedan")],
        people=[_mayor(text), r.Person("p3", "name:علیرضایی", "علی رضایی", (), "علی", "رضایی",
                                       mentions=[_span(text, "علی رضایی")])],
        projects=[r.Project("pr1", "قطار شهری همدان", place="city-hamedan")],
        statements=[
            r.Statement(s1, s1.text, "گفت", True, "p1", projects=["pr1"], mentions=["o1"]),
            r.Statement(s2, s2.text, "گفت", True, "p3", projects=["pr1"], mentions=["city-hamedan"]),
            r.Statement(s3, s3.text, "افزود", True, "p1", mentions=["o2"]),
        ],
    )


def article_three() -> r.Article:
    text = "وزیر کشور در تهران گفت: انتخابات شوراها در موعد مقرر برگزار می‌شود."
    s1 = _span(text, "انتخابات شوراها در موعد مقرر برگزار می‌شود.")
    return _article(
        text, places=[TEHRAN],
        organizations=[r.Organization("o1", "وزارت کشور", place="city-tehran")],
        people=[r.Person("p1", "post:وزیر|وزارت کشور", None, (), None, None, "وزیر", "وزیر کشور", "o1",
                         official=True, mentions=[_span(text, "وزیر کشور")])],
        statements=[r.Statement(s1, s1.text, "گفت", True, "p1", mentions=["city-tehran"])],
    )


def rich_articles() -> list[r.Article]:
    return [article_one(), article_two(), article_three()]


@pytest.fixture(scope="session")
def rich_dataset():
    from kg.rdf.mapping import to_dataset

    return to_dataset(rich_articles(), DEFAULT_BASE)


@pytest.fixture
def rich_store(tmp_path, rich_dataset) -> Path:
    """An on-disk store holding the three rich articles (closed again: its folder)."""
    from kg.store import Store

    path = tmp_path / "store"
    store = Store(path)
    for c in rich_dataset.graphs():
        if len(c):
            store.replace_article(rich_dataset.graph(c.identifier))
    store.close()
    return path


@pytest.fixture(scope="session")
def sample_graph():
    from kg.ingest import process
    from kg.samples import sample_path
    from kg.text.read import Source

    text = sample_path().read_text(encoding="utf-8")
    return process(Source(text, name="hamedan-mayor.txt"), base=DEFAULT_BASE, validate=False).graph


@pytest.fixture(scope="session")
def sample_trig(tmp_path_factory, sample_graph) -> Path:
    from kg.ingest import serialise

    path = tmp_path_factory.mktemp("sample") / "sample.trig"
    path.write_bytes(serialise([sample_graph], "trig", DEFAULT_BASE))
    return path


@pytest.fixture(scope="session")
def rich_trig(tmp_path_factory, rich_dataset) -> Path:
    path = tmp_path_factory.mktemp("rich") / "rich.trig"
    rich_dataset.serialize(destination=str(path), format="trig")
    return path
