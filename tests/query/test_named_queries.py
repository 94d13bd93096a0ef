"""Every named query on the record-built corpus (corpus.py), asserting its rows.

Expected rows come from the stories in corpus.py's docstring, worked out by hand: who said
what in which article, what the store's identity rules make of «حسینی، شهردار همدان» (the
mayor) and of a bare «رضایی» (kept apart, two candidate links).
"""

from __future__ import annotations

import corpus
import pytest

from kg.query import library, prepare, run
from kg.rdf.iris import Minter

MINT = Minter(corpus.BASE)
HOSSEINI = "سید مسعود حسینی"
MESGARIAN = "محمود مسگریان"
ALI = "علی رضایی"
HASAN = "حسن رضایی"
KAZEMI = "مهدی کاظمی"
KARAJ = "فرماندار کرج"
BARE_REZAEI = "رضایی"


def article(make) -> str:
    return str(MINT.article(make().sha256))


def rows(store, name: str, **params: str) -> list[tuple[str, ...]]:
    sparql, _ = prepare(name, params)
    results = run(store, sparql)
    variables = [v.value for v in results.variables]
    return [tuple("" if r[v] is None else r[v].value for v in variables) for r in results]


def columns(store, name: str, **params: str) -> list[str]:
    sparql, _ = prepare(name, params)
    return [v.value for v in run(store, sparql).variables]


def test_the_library_has_the_queries_the_issue_asks_for():
    names = set(library())
    assert {
        "statements-by-person", "people-by-city-and-post", "who-spoke-about-project", "quantities-by-person",
        "statements-per-person-per-month", "officials-sharing-events", "projects-by-status-and-city",
        "most-quoted-officials", "agencies-reporting-on-city", "direct-vs-indirect-per-outlet",
        "title-across-cities", "statements-with-number-above", "people-with-several-posts",
        "articles-without-statements", "data-quality-checks",
    } <= names
    assert len(names) >= 15


def test_every_query_is_tested_here():
    tested = {name.removeprefix("test_").replace("_", "-") for name in globals() if name.startswith("test_")}
    assert set(library()) <= tested


def test_statements_by_person(qstore):
    got = rows(qstore, "statements-by-person", person="حسینی")
    assert columns(qstore, "statements-by-person", person="x") == ["date", "speaker", "verb", "direct", "content",
                                                                   "article"]
    assert got == [
        ("2024-03-10", HOSSEINI, "گفت", "true", "پروژه قطار شهری همدان ۳۰ درصد پیشرفت دارد.", article(corpus.q1)),
        ("2024-03-10", HOSSEINI, "افزود", "true", "برای تکمیل این پروژه ۲۵۰۰ میلیارد ریال اعتبار لازم است.",
         article(corpus.q1)),
        # «حسینی، شهردار همدان» in Q6 is the mayor: the store linked him
        ("2024-04-02", HOSSEINI, "تاکید کرد", "false", "طرح بازآفرینی بافت تاریخی همدان امسال آغاز می‌شود",
         article(corpus.q6)),
        ("2024-04-22", HOSSEINI, "گفت", "true", "شهرداری همدان ۴۰ دستگاه اتوبوس برقی خریداری می‌کند.",
         article(corpus.q2)),
    ]
    assert len(rows(qstore, "statements-by-person", person="حسینی", limit="1")) == 1
    # Arabic yeh in the parameter is normalised like article text
    assert rows(qstore, "statements-by-person", person="حسيني") == got


def test_people_by_city_and_post(qstore):
    assert rows(qstore, "people-by-city-and-post", city="همدان") == [
        ("همدان", "رئیس شورای شهر همدان", MESGARIAN, "2024-03-10", "2024-03-10", "1"),
        ("همدان", "شهردار همدان", HOSSEINI, "2024-03-10", "2024-04-22", "4"),  # Q1 (2), Q6, Q2
    ]
    assert rows(qstore, "people-by-city-and-post", title="شهردار") == [
        ("اصفهان", "شهردار اصفهان", HASAN, "2024-05-05", "2024-05-05", "1"),
        ("تبریز", "شهردار تبریز", ALI, "2024-04-22", "2024-04-22", "1"),
        ("همدان", "شهردار همدان", HOSSEINI, "2024-03-10", "2024-04-22", "4"),
    ]
    everyone = rows(qstore, "people-by-city-and-post")
    assert len(everyone) == 7  # the bare «رضایی» holds no post
    assert ("استان اصفهان", "معاون استاندار اصفهان", KAZEMI, "2024-05-20", "2024-05-20", "1") in everyone


def test_who_spoke_about_project(qstore):
    assert rows(qstore, "who-spoke-about-project", project="قطار شهری همدان") == [
        ("قطار شهری همدان", "همدان", HOSSEINI, "2", "2024-03-10", "2024-03-10"),
        ("قطار شهری همدان", "همدان", MESGARIAN, "1", "2024-03-10", "2024-03-10"),
    ]
    # «قطار شهری» matches both metros
    assert {r[0] for r in rows(qstore, "who-spoke-about-project", project="قطار شهری")} == {
        "قطار شهری همدان", "خط دوم قطار شهری تبریز"}
    assert len(rows(qstore, "who-spoke-about-project")) == 6


def test_quantities_by_person(qstore):
    assert rows(qstore, "quantities-by-person", person="حسینی") == [
        ("2024-03-10", HOSSEINI, "30", "درصد", "۳۰ درصد", "پروژه قطار شهری همدان ۳۰ درصد پیشرفت دارد."),
        ("2024-03-10", HOSSEINI, "2500000000000", "ریال", "۲۵۰۰ میلیارد ریال",
         "برای تکمیل این پروژه ۲۵۰۰ میلیارد ریال اعتبار لازم است."),
        ("2024-04-22", HOSSEINI, "40", "دستگاه", "۴۰ دستگاه", "شهرداری همدان ۴۰ دستگاه اتوبوس برقی خریداری می‌کند."),
    ]
    assert rows(qstore, "quantities-by-person", person=MESGARIAN) == []


def test_statements_per_person_per_month(qstore):
    assert rows(qstore, "statements-per-person-per-month") == [  # most quoted first, then earliest quoted
        (HOSSEINI, "2024-03", "2"),
        (HOSSEINI, "2024-04", "2"),  # Q6 (2024-04-02) and Q2 (2024-04-22)
        (KAZEMI, "2024-05", "2"),
        (MESGARIAN, "2024-03", "1"),
        (ALI, "2024-04", "1"),
        (HASAN, "2024-05", "1"),
        (KARAJ, "2024-06", "1"),
        (BARE_REZAEI, "2024-06", "1"),
    ]
    assert rows(qstore, "statements-per-person-per-month", person="کاظمی") == [(KAZEMI, "2024-05", "2")]


def test_officials_sharing_events(qstore):
    assert rows(qstore, "officials-sharing-events") == [  # latest first
        ("2024-04-22", "همایش شهرداران کلانشهرها", "تبریز", HOSSEINI, ALI),
        ("2024-03-10", "جلسه شورای شهر همدان", "همدان", HOSSEINI, MESGARIAN),
    ]
    assert len(rows(qstore, "officials-sharing-events", limit="1")) == 1


def test_projects_by_status_and_city(qstore):
    assert rows(qstore, "projects-by-status-and-city") == [
        ("استان اصفهان", "طرح آبرسانی روستایی", "افتتاح شد", "1", "2024-05-20"),
        ("تبریز", "خط دوم قطار شهری تبریز", "در حال اجرا", "1", "2024-04-22"),
        ("همدان", "اتوبوس برقی", "مصوب", "1", "2024-04-22"),
        ("همدان", "طرح بازآفرینی بافت تاریخی همدان", "", "1", "2024-04-02"),
        ("همدان", "قطار شهری همدان", "در حال اجرا", "1", "2024-03-10"),
    ]
    assert [r[1] for r in rows(qstore, "projects-by-status-and-city", status="در حال اجرا", city="همدان")] == [
        "قطار شهری همدان"]


def test_most_quoted_officials(qstore):
    assert rows(qstore, "most-quoted-officials") == [
        (HOSSEINI, "4", "3", "2024-03-10", "2024-04-22"),
        (KAZEMI, "2", "2", "2024-05-05", "2024-05-20"),
        (HASAN, "1", "1", "2024-05-05", "2024-05-05"),
        (ALI, "1", "1", "2024-04-22", "2024-04-22"),
        (KARAJ, "1", "1", "2024-06-10", "2024-06-10"),
        (MESGARIAN, "1", "1", "2024-03-10", "2024-03-10"),
    ]  # the bare «رضایی» holds no post: a person, not an official
    assert len(rows(qstore, "most-quoted-officials", limit="2")) == 2


def test_agencies_reporting_on_city(qstore):
    assert rows(qstore, "agencies-reporting-on-city", city="همدان") == [
        ("خبرگزاری ایرنا", "2", "2024-03-10", "2024-04-02"),  # Q1, Q6
        ("خبرگزاری مهر", "1", "2024-04-22", "2024-04-22"),  # Q2: the Hamedan buses
    ]
    assert rows(qstore, "agencies-reporting-on-city", city="کرج") == [
        ("خبرگزاری فارس", "1", "2024-06-10", "2024-06-10")]
    assert rows(qstore, "agencies-reporting-on-city", city="اصفهان") == [
        ("خبرگزاری ایسنا", "1", "2024-05-05", "2024-05-05")]  # Q4's projects are in the province


def test_direct_vs_indirect_per_outlet(qstore):
    assert rows(qstore, "direct-vs-indirect-per-outlet") == [
        ("خبرگزاری ایرنا", "3", "2", "5", "3"),  # Q1 2+1, Q4 1+0, Q6 0+1
        ("خبرگزاری ایسنا", "1", "1", "2", "1"),
        ("خبرگزاری مهر", "2", "0", "2", "1"),
        ("خبرگزاری تسنیم", "1", "0", "1", "1"),
        ("خبرگزاری فارس", "1", "0", "1", "1"),
        ("روزنامه همشهری", "0", "0", "0", "1"),  # Q5: no agency, the source given; no statement
    ]


def test_title_across_cities(qstore):
    assert rows(qstore, "title-across-cities") == [  # default: «شهردار»
        ("اصفهان", HASAN, "2024-05-05", "2024-05-05", "1", "بودجه شهرداری اصفهان امسال ۱۲ هزار میلیارد تومان است"),
        ("تبریز", ALI, "2024-04-22", "2024-04-22", "1", "خط دوم قطار شهری تبریز ۶۰ درصد پیشرفت دارد."),
        # four statements in Q1, Q6 and Q2; the latest article is Q2 (2024-04-22)
        ("همدان", HOSSEINI, "2024-03-10", "2024-04-22", "4", "شهرداری همدان ۴۰ دستگاه اتوبوس برقی خریداری می‌کند."),
    ]
    assert [r[1] for r in rows(qstore, "title-across-cities", title="معاون استاندار")] == [KAZEMI]
    assert rows(qstore, "title-across-cities", title="وزیر") == []


def test_statements_with_number_above(qstore):
    assert [(r[0], r[1], r[2], r[3]) for r in rows(qstore, "statements-with-number-above")] == [
        ("12000000000000", "تومان", "۱۲ هزار میلیارد تومان", HASAN),
        ("2500000000000", "ریال", "۲۵۰۰ میلیارد ریال", HOSSEINI),
    ]
    assert [r[0] for r in rows(qstore, "statements-with-number-above", threshold="50")] == [
        "12000000000000", "2500000000000", "80", "60"]
    assert [(r[0], r[1]) for r in rows(qstore, "statements-with-number-above", threshold="0", limit="4")] == [
        ("12000000000000", "تومان"), ("2500000000000", "ریال"), ("80", "درصد"), ("60", "درصد")]


def test_people_with_several_posts(qstore):
    got = rows(qstore, "people-with-several-posts")
    assert [(r[0], r[1]) for r in got] == [(KAZEMI, "2")]
    assert set(got[0][2].split(" | ")) == {"عضو شورای شهر اصفهان", "معاون استاندار اصفهان"}


def test_articles_without_statements(qstore):
    (row,) = rows(qstore, "articles-without-statements")
    assert row[0] == "" and row[1] == "روزنامه همشهری" and row[3] == article(corpus.q5)
    assert row[2].startswith("جلسه شورای شهر همدان امروز")


def test_data_quality_checks(qstore):
    got = rows(qstore, "data-quality-checks")
    q7 = corpus.q7()
    span = q7.statements[0].span
    statement = str(MINT.spanned("statement", q7.sha256, span.start, span.end))
    assert [(c, f) for c, f, _ in got] == [
        ("article-undated", article(corpus.q5)),
        ("article-without-statements", article(corpus.q5)),
        ("project-without-status", str(MINT.local("project", corpus.q6().sha256, "renewal-hamedan"))),
        ("statement-by-unnamed-post-holder", statement),
    ]
    assert got[2][2] == "طرح بازآفرینی بافت تاریخی همدان" and got[3][2] == KARAJ
    assert [r[0] for r in rows(qstore, "data-quality-checks", check="article")] == [
        "article-undated", "article-without-statements"]


def test_data_quality_checks_across_articles():
    """Two article graphs stored as they are (no identity linking) that disagree about a
    person's name key and a post's title: the store-wide checks find both."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF, RDFS

    from kg.rdf.namespace import KG
    from kg.store import Store

    person, post = URIRef(corpus.BASE + "person/x"), URIRef(corpus.BASE + "post/x")
    graphs = []
    for i, (key, title) in enumerate([("name:الف", "شهردار"), ("name:ب", "شهردار منطقه")]):
        art = URIRef(f"{corpus.BASE}article/{i:016d}")
        g = Graph(identifier=art)
        g.add((art, RDF.type, KG.Article))
        g.add((person, RDF.type, KG.Person))
        g.add((person, KG.nameKey, Literal(key)))
        g.add((person, RDFS.label, Literal("الف", lang="fa")))
        g.add((person, KG.holds, post))
        g.add((post, RDF.type, KG.Post))
        g.add((post, KG.title, Literal(title, lang="fa")))
        graphs.append(g)
    with Store(identity=False) as st:
        for g in graphs:
            st.replace_article(g)
        across = [r for r in rows(st, "data-quality-checks") if not r[0].startswith("article-")]
    assert across == [("person-with-several-name-keys", str(person), "2"), ("post-with-several-titles", str(post), "2")]


def test_possible_duplicates(qstore):
    got = rows(qstore, "possible-duplicates")
    assert [(r[0], r[1], r[2], r[4]) for r in got] == [
        ("2024-06-15", BARE_REZAEI, HASAN, article(corpus.q8)),
        ("2024-06-15", BARE_REZAEI, ALI, article(corpus.q8)),
    ]
    assert all("same surname «رضایی»" in r[3] and "no post in this article" in r[3] for r in got)


def test_tenures(qstore):
    assert rows(qstore, "tenures", post="همدان") == [
        ("رئیس شورای شهر همدان", MESGARIAN, "2024-03-10", "2024-03-10"),
        ("شهردار همدان", HOSSEINI, "2024-03-10", "2024-04-22"),
    ]
    assert len(rows(qstore, "tenures")) == 7  # Kazemi twice, the unnamed governor of Karaj once


def test_articles(qstore):
    got = rows(qstore, "articles")  # the latest dated articles, newest first; Q5 has no date
    assert [(r[0], r[1], r[2], r[4]) for r in got] == [
        ("2024-06-15", "خبرگزاری تسنیم", "1", article(corpus.q8)),
        ("2024-06-10", "خبرگزاری فارس", "1", article(corpus.q7)),
        ("2024-05-20", "خبرگزاری ایرنا", "1", article(corpus.q4)),
        ("2024-05-05", "خبرگزاری ایسنا", "2", article(corpus.q3)),
        ("2024-04-22", "خبرگزاری مهر", "2", article(corpus.q2)),
        ("2024-04-02", "خبرگزاری ایرنا", "1", article(corpus.q6)),
        ("2024-03-10", "خبرگزاری ایرنا", "3", article(corpus.q1)),
    ]
    assert [r[0] for r in rows(qstore, "articles", limit="2")] == ["2024-06-15", "2024-06-10"]


@pytest.mark.parametrize("name", sorted(library()))
def test_every_query_runs_on_plain_ingest_output(name, tmp_path):
    """On `kg ingest -o` output (no store, no derived graph) via --data: no error, and the
    queries about people see the sample's two officials."""
    from kg.ingest import process, serialise
    from kg.query import data_store
    from kg.samples import sample_path
    from kg.text.read import Source

    item = process(Source(text=sample_path().read_text(encoding="utf-8"), name="sample"), base=corpus.BASE,
                   validate=False)
    path = tmp_path / "sample.trig"
    path.write_bytes(serialise([item.graph], "trig", corpus.BASE))
    q = library()[name]
    params = {p.name: "حسینی" if p.name == "person" else "همدان" for p in q.params if p.required}
    with data_store([str(path)]) as st:
        got = rows(st, name, **params)
    if name == "most-quoted-officials":
        assert {r[0] for r in got} == {"سید مسعود حسینی", "محمود مسگریان"}
