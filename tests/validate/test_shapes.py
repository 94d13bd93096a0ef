"""Each shape and constraint: the sample graph conforms; one deliberate bug gives exactly its result.

Where a bug unavoidably trips two checks (an official's post without a title is both a bad post
and a bad official), the test asserts both results.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from decimal import Decimal

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from validate_samples import GEO, ID, KG, KGSH, OA, PROV, RDF, RDFS, SH, XSD, Sample, build_sample

from kg.validate import Report, Result, validate


def only(report: Report) -> Result:
    """The single result of a report, with the whole summary on failure."""
    assert not report.conforms
    assert len(report.results) == 1, report.summary(limit=20)
    return report.results[0]


def check(
    result: Result,
    *,
    focus: URIRef,
    shape: URIRef,
    path: URIRef | None,
    constraint: URIRef,
) -> None:
    assert result.focus_node == focus, result
    assert result.source_shape == shape, result
    assert result.path == path, result
    assert result.constraint == constraint, result
    assert result.message and result.message != "(no message)"
    assert result.severity == SH.Violation


def drop_evidence(g: Graph, node: URIRef) -> None:
    """Unlink a node's Web Annotation target, so an offset bug is reported once, on the node."""
    g.remove((node, KG.evidence, None))


def target(node: URIRef, part: str) -> URIRef:
    return URIRef(f"{node}#{part}")


def add_person(g: Graph, key: str = "fedcba987654") -> URIRef:
    person = ID[f"person/{key}"]
    g.add((person, RDF.type, KG.Person))
    g.add((person, RDFS.label, Literal("سخنگو", lang="fa")))
    return person


def add_article(g: Graph, text: str = "متنی دیگر") -> URIRef:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    article = ID[f"article/{digest[:16]}"]
    g.add((article, RDF.type, KG.Article))
    g.add((article, KG.text, Literal(text)))
    g.add((article, KG.sha256, Literal(digest)))
    return article


# --- the valid graph ---------------------------------------------------------------------------


def test_sample_conforms(sample: Sample) -> None:
    report = validate(sample.graph)
    assert report.conforms, report.summary(limit=20)
    assert report.results == ()
    assert report.summary() == "conforms"


def test_larger_sample_conforms() -> None:
    graph = build_sample(6).graph
    assert len(graph) > 300
    report = validate(graph)
    assert report.conforms, report.summary(limit=20)


def test_validate_does_not_modify_the_graph(sample: Sample) -> None:
    before = set(sample.graph)
    sample.graph.remove((sample.statement, KG.speaker, None))
    after_break = set(sample.graph)
    validate(sample.graph)
    assert set(sample.graph) == after_break != before


def test_quantity_without_a_span_conforms(sample: Sample) -> None:
    g = sample.graph
    for p in (KG.start, KG.end, KG.article):
        g.remove((sample.quantity, p, None))
    assert validate(g).conforms


def test_official_with_only_a_person_type_elsewhere_still_needs_person_type(sample: Sample) -> None:
    # The mapping types officials kg:Person too; without it kg:speaker's sh:class fails
    # (the shapes use no RDFS inference).
    sample.graph.remove((sample.speaker, RDF.type, KG.Person))
    result = only(validate(sample.graph))
    check(
        result,
        focus=sample.statement,
        shape=KGSH["Statement-speaker"],
        path=KG.speaker,
        constraint=SH.ClassConstraintComponent,
    )


# --- broken graphs: one expected result each -----------------------------------------------------

Mutation = Callable[[Sample], None]
Expectation = Callable[[Sample], tuple[URIRef, URIRef, URIRef | None, URIRef]]


def _statement_two_speakers(s: Sample) -> None:
    # Without a speaker mention, the mention-agrees-with-speaker check stays out of it.
    s.graph.remove((s.statement, KG.speakerMention, None))
    s.graph.add((s.statement, KG.speaker, add_person(s.graph)))


def _statement_missing_speaker(s: Sample) -> None:
    s.graph.remove((s.statement, KG.speaker, None))


def _speaker_not_a_person(s: Sample) -> None:
    s.graph.remove((s.statement, KG.speakerMention, None))
    s.graph.set((s.statement, KG.speaker, s.city))


def _statement_missing_article(s: Sample) -> None:
    s.graph.remove((s.statement, KG.article, None))


def _start_not_before_end(s: Sample) -> None:
    drop_evidence(s.graph, s.statement)
    end = s.graph.value(s.statement, KG.end)
    s.graph.set((s.statement, KG.start, Literal(int(end))))


def _negative_start(s: Sample) -> None:
    drop_evidence(s.graph, s.statement)
    s.graph.set((s.statement, KG.start, Literal(-1)))


def _start_not_integer(s: Sample) -> None:
    drop_evidence(s.graph, s.statement)
    start = s.graph.value(s.statement, KG.start)
    s.graph.set((s.statement, KG.start, Literal(str(start))))


def _end_beyond_text(s: Sample) -> None:
    drop_evidence(s.graph, s.statement)
    s.graph.set((s.statement, KG.end, Literal(len(s.text) + 1)))


def _content_without_fa(s: Sample) -> None:
    content = s.graph.value(s.statement, KG.content)
    s.graph.set((s.statement, KG.content, Literal(str(content))))


def _content_in_english(s: Sample) -> None:
    s.graph.set((s.statement, KG.content, Literal("the metro is 70% done", lang="en")))


def _content_blank(s: Sample) -> None:
    s.graph.set((s.statement, KG.content, Literal("  ", lang="fa")))


def _content_twice(s: Sample) -> None:
    s.graph.add((s.statement, KG.content, Literal("متن دوم", lang="fa")))


def _missing_reporting_verb(s: Sample) -> None:
    s.graph.remove((s.statement, KG.reportingVerb, None))


def _direct_not_boolean(s: Sample) -> None:
    s.graph.set((s.statement, KG.direct, Literal("yes")))


def _direct_missing(s: Sample) -> None:
    s.graph.remove((s.statement, KG.direct, None))


def _quantity_link_to_a_project(s: Sample) -> None:
    s.graph.set((s.statement, KG.quantity, s.project))


def _mentions_a_literal(s: Sample) -> None:
    s.graph.add((s.statement, KG.mentions, Literal("همدان", lang="fa")))


def _speaker_mention_of_someone_else(s: Sample) -> None:
    s.graph.set((s.mention, KG.refersTo, add_person(s.graph)))


def _evidence_from_another_article(s: Sample) -> None:
    s.graph.set((target(s.statement, "target"), OA.hasSource, add_article(s.graph)))


def _evidence_other_offsets(s: Sample) -> None:
    position = target(s.statement, "position")
    start = int(s.graph.value(position, OA.start))
    s.graph.set((position, OA.start, Literal(start + 1, datatype=XSD.nonNegativeInteger)))


def _evidence_wrong_quote(s: Sample) -> None:
    s.graph.set((target(s.statement, "quote"), OA.exact, Literal("چیز دیگری")))


def _mention_wrong_anchor_text(s: Sample) -> None:
    s.graph.set((s.mention, KG.anchorText, Literal("شهردار")))


def _mention_without_refers_to(s: Sample) -> None:
    s.graph.remove((s.mention, KG.refersTo, None))


def _mention_without_article(s: Sample) -> None:
    s.graph.remove((s.mention, KG.article, None))


def _mention_without_start(s: Sample) -> None:
    drop_evidence(s.graph, s.mention)
    s.graph.remove((s.mention, KG.start, None))


def _article_without_text(s: Sample) -> None:
    s.graph.remove((s.article, KG.text, None))


def _article_bad_sha256(s: Sample) -> None:
    digest = str(s.graph.value(s.article, KG.sha256))
    s.graph.set((s.article, KG.sha256, Literal(digest.upper())))


def _article_short_sha256(s: Sample) -> None:
    s.graph.set((s.article, KG.sha256, Literal("abc123")))


def _article_reported_by_non_agency(s: Sample) -> None:
    s.graph.set((s.article, KG.reportedBy, s.org))


def _article_date_as_string(s: Sample) -> None:
    s.graph.set((s.article, KG.datePublished, Literal("2025-10-07")))


def _person_without_label(s: Sample) -> None:
    person = add_person(s.graph)
    s.graph.remove((person, RDFS.label, None))


def _person_two_name_keys(s: Sample) -> None:
    s.graph.add((s.speaker, KG.nameKey, Literal("کلیددوم")))


def _person_given_name_without_fa(s: Sample) -> None:
    s.graph.set((s.speaker, KG.givenName, Literal("Hamid")))


def _official_label_only_english(s: Sample) -> None:
    s.graph.set((s.speaker, RDFS.label, Literal("Hamid Rezaei", lang="en")))


def _official_without_post(s: Sample) -> None:
    s.graph.remove((s.speaker, KG.holds, None))


def _post_title_without_fa(s: Sample) -> None:
    s.graph.set((s.post, KG.title, Literal("شهردار")))


def _post_two_titles(s: Sample) -> None:
    s.graph.add((s.post, KG.title, Literal("سرپرست", lang="fa")))


def _post_in_a_city(s: Sample) -> None:
    s.graph.set((s.post, KG.postIn, s.city))


def _organization_without_label(s: Sample) -> None:
    s.graph.remove((s.org, RDFS.label, None))


def _quantity_without_value(s: Sample) -> None:
    s.graph.remove((s.quantity, KG.value, None))


def _quantity_integer_value(s: Sample) -> None:
    s.graph.set((s.quantity, KG.value, Literal(70)))


def _quantity_two_values(s: Sample) -> None:
    s.graph.add((s.quantity, KG.value, Literal(Decimal("71"))))


def _quantity_upper_below_value(s: Sample) -> None:
    s.graph.add((s.quantity, KG.upperValue, Literal(Decimal("10"))))


def _quantity_unit_without_fa(s: Sample) -> None:
    s.graph.set((s.quantity, KG.unit, Literal("percent")))


def _quantity_start_without_end(s: Sample) -> None:
    s.graph.remove((s.quantity, KG.end, None))


def _quantity_end_beyond_text(s: Sample) -> None:
    s.graph.set((s.quantity, KG.end, Literal(len(s.text) + 10)))


def _city_label_only_english(s: Sample) -> None:
    s.graph.remove((s.city, RDFS.label, Literal("همدان", lang="fa")))


def _city_in_a_country(s: Sample) -> None:
    s.graph.set((s.city, KG.inProvince, s.country))


def _city_latitude_out_of_range(s: Sample) -> None:
    s.graph.set((s.city, GEO.lat, Literal(Decimal("134.8"))))


def _city_same_as_literal(s: Sample) -> None:
    s.graph.add((s.city, URIRef("http://www.w3.org/2002/07/owl#sameAs"), Literal("Q185019")))


def _province_in_a_city(s: Sample) -> None:
    s.graph.set((s.province, KG.inCountry, s.city))


def _project_without_article(s: Sample) -> None:
    s.graph.remove((s.project, KG.article, None))


def _project_without_label(s: Sample) -> None:
    s.graph.remove((s.project, RDFS.label, None))


def _project_located_in_an_org(s: Sample) -> None:
    s.graph.set((s.project, KG.locatedIn, s.org))


def _event_without_label(s: Sample) -> None:
    s.graph.remove((s.event, RDFS.label, None))


def _event_host_not_a_city(s: Sample) -> None:
    s.graph.set((s.event, KG.hostCity, s.province))


def _activity_without_used(s: Sample) -> None:
    s.graph.remove((s.activity, PROV.used, None))


def _software_without_label(s: Sample) -> None:
    s.graph.remove((s.software, RDFS.label, None))


def _target_without_position(s: Sample) -> None:
    s.graph.remove((target(s.statement, "target"), OA.hasSelector, target(s.statement, "position")))


def _position_start_as_string(s: Sample) -> None:
    position = target(s.statement, "position")
    start = s.graph.value(position, OA.start)
    s.graph.set((position, OA.start, Literal(str(start))))


def _quote_without_exact(s: Sample) -> None:
    s.graph.remove((target(s.statement, "quote"), OA.exact, None))


def _statement_also_a_mention(s: Sample) -> None:
    s.graph.add((s.project, RDF.type, KG.Event))


CASES: list[tuple[str, Mutation, Expectation]] = [
    # Statement
    (
        "statement with two speakers",
        _statement_two_speakers,
        lambda s: (s.statement, KGSH["Statement-speaker"], KG.speaker, SH.MaxCountConstraintComponent),
    ),
    (
        "statement without speaker",
        _statement_missing_speaker,
        lambda s: (s.statement, KGSH["Statement-speaker"], KG.speaker, SH.MinCountConstraintComponent),
    ),
    (
        "speaker that is not a Person",
        _speaker_not_a_person,
        lambda s: (s.statement, KGSH["Statement-speaker"], KG.speaker, SH.ClassConstraintComponent),
    ),
    (
        "statement without article",
        _statement_missing_article,
        lambda s: (s.statement, KGSH["Statement-article"], KG.article, SH.MinCountConstraintComponent),
    ),
    (
        "start >= end",
        _start_not_before_end,
        lambda s: (s.statement, KGSH["Statement-start"], KG.start, SH.LessThanConstraintComponent),
    ),
    (
        "negative start",
        _negative_start,
        lambda s: (s.statement, KGSH["Statement-start"], KG.start, SH.MinInclusiveConstraintComponent),
    ),
    (
        "end beyond the article text",
        _end_beyond_text,
        lambda s: (s.statement, KGSH.TextAnchoringShape, KG.end, SH.SPARQLConstraintComponent),
    ),
    (
        "content without @fa",
        _content_without_fa,
        lambda s: (s.statement, KGSH["Statement-content"], KG.content, SH.LanguageInConstraintComponent),
    ),
    (
        "content in English",
        _content_in_english,
        lambda s: (s.statement, KGSH["Statement-content"], KG.content, SH.LanguageInConstraintComponent),
    ),
    (
        "blank content",
        _content_blank,
        lambda s: (s.statement, KGSH["Statement-content"], KG.content, SH.PatternConstraintComponent),
    ),
    (
        "two contents",
        _content_twice,
        lambda s: (s.statement, KGSH["Statement-content"], KG.content, SH.MaxCountConstraintComponent),
    ),
    (
        "no reporting verb",
        _missing_reporting_verb,
        lambda s: (s.statement, KGSH["Statement-reportingVerb"], KG.reportingVerb, SH.MinCountConstraintComponent),
    ),
    (
        "direct not boolean",
        _direct_not_boolean,
        lambda s: (s.statement, KGSH["Statement-direct"], KG.direct, SH.DatatypeConstraintComponent),
    ),
    (
        "direct missing",
        _direct_missing,
        lambda s: (s.statement, KGSH["Statement-direct"], KG.direct, SH.MinCountConstraintComponent),
    ),
    (
        "kg:quantity to a project",
        _quantity_link_to_a_project,
        lambda s: (s.statement, KGSH["Statement-quantity"], KG.quantity, SH.ClassConstraintComponent),
    ),
    (
        "kg:mentions a literal",
        _mentions_a_literal,
        lambda s: (s.statement, KGSH["Statement-mentions"], KG.mentions, SH.NodeKindConstraintComponent),
    ),
    (
        "speaker mention refers to someone else",
        _speaker_mention_of_someone_else,
        lambda s: (s.statement, KGSH.TextAnchoringShape, KG.speakerMention, SH.SPARQLConstraintComponent),
    ),
    # Evidence (Web Annotation)
    (
        "evidence from another article",
        _evidence_from_another_article,
        lambda s: (s.statement, KGSH.TextAnchoringShape, KG.evidence, SH.SPARQLConstraintComponent),
    ),
    (
        "evidence with other offsets",
        _evidence_other_offsets,
        lambda s: (s.statement, KGSH.TextAnchoringShape, KG.evidence, SH.SPARQLConstraintComponent),
    ),
    (
        "evidence quote not the text",
        _evidence_wrong_quote,
        lambda s: (s.statement, KGSH.TextAnchoringShape, KG.evidence, SH.SPARQLConstraintComponent),
    ),
    (
        "quote selector without exact",
        _quote_without_exact,
        lambda s: (
            target(s.statement, "quote"),
            KGSH["TextQuoteSelector-exact"],
            OA.exact,
            SH.MinCountConstraintComponent,
        ),
    ),
    # Mention
    (
        "mention anchor text not the span",
        _mention_wrong_anchor_text,
        lambda s: (s.mention, KGSH.TextAnchoringShape, KG.anchorText, SH.SPARQLConstraintComponent),
    ),
    (
        "mention without refersTo",
        _mention_without_refers_to,
        lambda s: (s.mention, KGSH["Mention-refersTo"], KG.refersTo, SH.MinCountConstraintComponent),
    ),
    (
        "mention without article",
        _mention_without_article,
        lambda s: (s.mention, KGSH["Mention-article"], KG.article, SH.MinCountConstraintComponent),
    ),
    (
        "mention without start",
        _mention_without_start,
        lambda s: (s.mention, KGSH["Mention-start"], KG.start, SH.MinCountConstraintComponent),
    ),
    # Article
    (
        "article without text",
        _article_without_text,
        lambda s: (s.article, KGSH["Article-text"], KG.text, SH.MinCountConstraintComponent),
    ),
    (
        "upper-case sha256",
        _article_bad_sha256,
        lambda s: (s.article, KGSH["Article-sha256"], KG.sha256, SH.PatternConstraintComponent),
    ),
    (
        "short sha256",
        _article_short_sha256,
        lambda s: (s.article, KGSH["Article-sha256"], KG.sha256, SH.PatternConstraintComponent),
    ),
    (
        "reported by a non-agency",
        _article_reported_by_non_agency,
        lambda s: (s.article, KGSH["Article-reportedBy"], KG.reportedBy, SH.ClassConstraintComponent),
    ),
    (
        "date published as a string",
        _article_date_as_string,
        lambda s: (s.article, KGSH["Article-datePublished"], KG.datePublished, SH.DatatypeConstraintComponent),
    ),
    # People and posts
    (
        "person without label",
        _person_without_label,
        lambda s: (ID["person/fedcba987654"], KGSH["Person-label"], RDFS.label, SH.MinCountConstraintComponent),
    ),
    (
        "person with two name keys",
        _person_two_name_keys,
        lambda s: (s.speaker, KGSH["Person-nameKey"], KG.nameKey, SH.MaxCountConstraintComponent),
    ),
    (
        "given name without @fa",
        _person_given_name_without_fa,
        lambda s: (s.speaker, KGSH["Person-givenName"], KG.givenName, SH.LanguageInConstraintComponent),
    ),
    (
        "official labelled only in English",
        _official_label_only_english,
        lambda s: (s.speaker, KGSH["Official-label"], RDFS.label, SH.QualifiedMinCountConstraintComponent),
    ),
    (
        "official without a post",
        _official_without_post,
        lambda s: (s.speaker, KGSH["Official-holds"], KG.holds, SH.QualifiedMinCountConstraintComponent),
    ),
    (
        "post title without @fa",
        _post_title_without_fa,
        lambda s: (s.post, KGSH["Post-title"], KG.title, SH.LanguageInConstraintComponent),
    ),
    (
        "post with two titles",
        _post_two_titles,
        lambda s: (s.post, KGSH["Post-title"], KG.title, SH.MaxCountConstraintComponent),
    ),
    ("post in a city", _post_in_a_city, lambda s: (s.post, KGSH["Post-postIn"], KG.postIn, SH.NodeConstraintComponent)),
    (
        "organisation without label",
        _organization_without_label,
        lambda s: (s.org, KGSH["Organization-label"], RDFS.label, SH.MinCountConstraintComponent),
    ),
    # Quantity
    (
        "quantity without value",
        _quantity_without_value,
        lambda s: (s.quantity, KGSH["Quantity-value"], KG.value, SH.MinCountConstraintComponent),
    ),
    (
        "quantity value not decimal",
        _quantity_integer_value,
        lambda s: (s.quantity, KGSH["Quantity-value"], KG.value, SH.DatatypeConstraintComponent),
    ),
    (
        "quantity with two values",
        _quantity_two_values,
        lambda s: (s.quantity, KGSH["Quantity-value"], KG.value, SH.MaxCountConstraintComponent),
    ),
    (
        "quantity upper value below value",
        _quantity_upper_below_value,
        lambda s: (s.quantity, KGSH["Quantity-value"], KG.value, SH.LessThanConstraintComponent),
    ),
    (
        "quantity unit without @fa",
        _quantity_unit_without_fa,
        lambda s: (s.quantity, KGSH["Quantity-unit"], KG.unit, SH.LanguageInConstraintComponent),
    ),
    (
        "quantity start without end",
        _quantity_start_without_end,
        lambda s: (s.quantity, KGSH.QuantitySpanShape, None, SH.OrConstraintComponent),
    ),
    (
        "quantity end beyond the text",
        _quantity_end_beyond_text,
        lambda s: (s.quantity, KGSH.TextAnchoringShape, KG.end, SH.SPARQLConstraintComponent),
    ),
    # Places
    (
        "city labelled only in English",
        _city_label_only_english,
        lambda s: (s.city, KGSH["Place-label"], RDFS.label, SH.QualifiedMinCountConstraintComponent),
    ),
    (
        "city in a country instead of a province",
        _city_in_a_country,
        lambda s: (s.city, KGSH["City-inProvince"], KG.inProvince, SH.ClassConstraintComponent),
    ),
    (
        "latitude out of range",
        _city_latitude_out_of_range,
        lambda s: (s.city, KGSH["Place-lat"], GEO.lat, SH.MaxInclusiveConstraintComponent),
    ),
    (
        "owl:sameAs a literal",
        _city_same_as_literal,
        lambda s: (
            s.city,
            KGSH["Place-sameAs"],
            URIRef("http://www.w3.org/2002/07/owl#sameAs"),
            SH.NodeKindConstraintComponent,
        ),
    ),
    (
        "province in a city",
        _province_in_a_city,
        lambda s: (s.province, KGSH["Province-inCountry"], KG.inCountry, SH.ClassConstraintComponent),
    ),
    # Projects and events
    (
        "project without article",
        _project_without_article,
        lambda s: (s.project, KGSH["Project-article"], KG.article, SH.MinCountConstraintComponent),
    ),
    (
        "project without label",
        _project_without_label,
        lambda s: (s.project, KGSH["Project-label"], RDFS.label, SH.QualifiedMinCountConstraintComponent),
    ),
    (
        "project located in an organisation",
        _project_located_in_an_org,
        lambda s: (s.project, KGSH["Project-locatedIn"], KG.locatedIn, SH.NodeConstraintComponent),
    ),
    (
        "event without label",
        _event_without_label,
        lambda s: (s.event, KGSH["Event-label"], RDFS.label, SH.QualifiedMinCountConstraintComponent),
    ),
    (
        "event hosted by a province",
        _event_host_not_a_city,
        lambda s: (s.event, KGSH["Event-hostCity"], KG.hostCity, SH.ClassConstraintComponent),
    ),
    # Provenance
    (
        "ingestion activity without prov:used",
        _activity_without_used,
        lambda s: (s.activity, KGSH["IngestionActivity-used"], PROV.used, SH.MinCountConstraintComponent),
    ),
    (
        "software agent without label",
        _software_without_label,
        lambda s: (s.software, KGSH["SoftwareAgent-label"], RDFS.label, SH.MinCountConstraintComponent),
    ),
]


@pytest.mark.parametrize(("mutate", "expect"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_one_bug_one_result(sample: Sample, mutate: Mutation, expect: Expectation) -> None:
    mutate(sample)
    focus, shape, path, constraint = expect(sample)
    check(only(validate(sample.graph)), focus=focus, shape=shape, path=path, constraint=constraint)


# --- bugs that are two problems at once ----------------------------------------------------------


def test_start_not_an_integer(sample: Sample) -> None:
    # A string start also fails the >= 0 and < end comparisons: all three, all on kg:start.
    _start_not_integer(sample)
    report = validate(sample.graph)
    got = {(r.focus_node, r.path, r.constraint) for r in report.results}
    assert got == {
        (sample.statement, KG.start, SH.DatatypeConstraintComponent),
        (sample.statement, KG.start, SH.MinInclusiveConstraintComponent),
        (sample.statement, KG.start, SH.LessThanConstraintComponent),
    }, report.summary(limit=20)


def test_position_selector_start_as_string(sample: Sample) -> None:
    # Wrong datatype, not comparable with oa:end, and no longer equal to the statement's kg:start.
    _position_start_as_string(sample)
    report = validate(sample.graph)
    position = target(sample.statement, "position")
    got = {(r.focus_node, r.source_shape, r.constraint) for r in report.results}
    assert got == {
        (position, KGSH["TextPositionSelector-start"], SH.DatatypeConstraintComponent),
        (position, KGSH["TextPositionSelector-start"], SH.LessThanConstraintComponent),
        (sample.statement, KGSH.TextAnchoringShape, SH.SPARQLConstraintComponent),
    }, report.summary(limit=20)


def test_target_without_position_selector(sample: Sample) -> None:
    _target_without_position(sample)
    report = validate(sample.graph)
    result = only(report)
    assert result.focus_node == target(sample.statement, "target")
    assert result.source_shape == KGSH["SpecificResource-hasSelector-position"]
    assert result.constraint == SH.MinCountConstraintComponent
    # The path is the sequence (oa:hasSelector oa:start): a position selector is one with oa:start.
    assert list(Collection(report.graph, result.path)) == [OA.hasSelector, OA.start]
    assert "#target oa:hasSelector/oa:start: an oa:SpecificResource needs exactly one" in report.summary()


def test_official_whose_post_has_no_title(sample: Sample) -> None:
    sample.graph.remove((sample.post, KG.title, None))
    report = validate(sample.graph)
    got = {(r.focus_node, r.source_shape, r.path, r.constraint) for r in report.results}
    assert got == {
        (sample.post, KGSH["Post-title"], KG.title, SH.MinCountConstraintComponent),
        (sample.speaker, KGSH["Official-holds"], KG.holds, SH.QualifiedMinCountConstraintComponent),
    }, report.summary(limit=20)


def test_person_typed_as_a_city(sample: Sample) -> None:
    sample.graph.add((sample.speaker, RDF.type, KG.City))
    report = validate(sample.graph)
    got = {(r.focus_node, r.source_shape, r.path, r.value) for r in report.results}
    assert got == {
        (sample.speaker, KGSH["DisjointPerson-type"], RDF.type, KG.City),
        (sample.speaker, KGSH["DisjointCity-type"], RDF.type, KG.Person),
        (sample.speaker, KGSH["DisjointCity-type"], RDF.type, KG.Official),
    }, report.summary(limit=20)


def test_project_typed_as_an_event(sample: Sample) -> None:
    _statement_also_a_mention(sample)
    report = validate(sample.graph)
    got = {(r.source_shape, r.value) for r in report.results}
    assert got == {
        (KGSH["DisjointProject-type"], KG.Event),
        (KGSH["DisjointEvent-type"], KG.Project),
    }, report.summary(limit=20)


def test_city_typed_as_a_province(sample: Sample) -> None:
    sample.graph.add((sample.city, RDF.type, KG.Province))
    sample.graph.add((sample.city, KG.inCountry, sample.country))
    report = validate(sample.graph)
    got = {(r.source_shape, r.value) for r in report.results}
    assert got == {
        (KGSH["DisjointCity-type"], KG.Province),
        (KGSH["DisjointProvince-type"], KG.City),
    }, report.summary(limit=20)


def test_place_superclass_is_compatible(sample: Sample) -> None:
    sample.graph.add((sample.city, RDF.type, KG.Place))
    assert validate(sample.graph).conforms


def test_external_types_are_allowed(sample: Sample) -> None:
    sample.graph.add((sample.speaker, RDF.type, URIRef("https://schema.org/Person")))
    sample.graph.add((sample.article, RDF.type, PROV.Entity))
    assert validate(sample.graph).conforms
