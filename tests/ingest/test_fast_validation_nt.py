"""validate_nt (N-Triples term strings) reports what pySHACL reports, on the values where the
string checks could go wrong: escapes in literals (the checks must see the unescaped text),
language tags, ill-typed literals, numbers compared without rdflib, and the Python evaluation of
the sh:sparql constraint. Each case is compared with pySHACL (kg.validate.validate).

Test shapes of their own (tests/ingest/test_fast_validation.py covers ontology/shapes.ttl) put
every constraint kind on one predicate, ``ex:v``; the data graph has one node per value.
(sh:lessThan has its own predicate, ``ex:u``: pySHACL stops with an error on a blank node
value there, where the fast validator reports nothing for that constraint.)
"""

from __future__ import annotations

import random

import pytest
from rdflib import BNode, Graph, Literal, URIRef

from kg.ingest_validate import FastValidator, _Data, _term, _text_anchoring_clear, fast_validator
from kg.validate import Report, validate
from tests.ingest.test_fast_validation import to_rdflib

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
EX = "urn:ex:"
KG = "https://w3id.org/officials-kg/ontology#"
TYPE = f"<{RDF}type>"

DATATYPES = ["xsd:string", "rdf:langString", "xsd:integer", "xsd:nonNegativeInteger", "xsd:decimal",
             "xsd:date", "xsd:boolean", "xsd:anyURI", "xsd:double", "rdfs:Literal"]

SHAPES_TTL = """
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <urn:ex:> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:S a sh:NodeShape ; sh:targetClass ex:C ;
  sh:property ex:pattern-quote , ex:pattern-backslash , ex:pattern-end , ex:pattern-newline , ex:pattern-blank ,
              ex:min-length , ex:lang , ex:min-zero , ex:max-ninety , ex:min-decimal , ex:less-than ,
              ex:kind-iri , ex:kind-literal , ex:kind-bnode , ex:class , %(datatype_shapes)s .
ex:pattern-quote sh:path ex:v ; sh:pattern "^a\\"b" ; sh:message "pattern-quote" .
ex:pattern-backslash sh:path ex:v ; sh:pattern "\\\\\\\\" ; sh:message "pattern-backslash" .
ex:pattern-end sh:path ex:v ; sh:pattern "^x$" ; sh:message "pattern-end" .
ex:pattern-newline sh:path ex:v ; sh:pattern "\\\\n|\\\\r" ; sh:message "pattern-newline" .
ex:pattern-blank sh:path ex:v ; sh:pattern "\\\\S" ; sh:message "pattern-blank" .
ex:min-length sh:path ex:v ; sh:minLength 4 ; sh:message "min-length" .
ex:lang sh:path ex:v ; sh:languageIn ( "fa" "en-GB" ) ; sh:message "lang" .
ex:min-zero sh:path ex:v ; sh:minInclusive 0 ; sh:message "min-zero" .
ex:max-ninety sh:path ex:v ; sh:maxInclusive 90 ; sh:message "max-ninety" .
ex:min-decimal sh:path ex:v ; sh:minInclusive -2.5 ; sh:message "min-decimal" .
ex:less-than sh:path ex:u ; sh:lessThan ex:w ; sh:message "less-than" .
ex:kind-iri sh:path ex:v ; sh:nodeKind sh:IRI ; sh:message "kind-iri" .
ex:kind-literal sh:path ex:v ; sh:nodeKind sh:Literal ; sh:message "kind-literal" .
ex:kind-bnode sh:path ex:v ; sh:nodeKind sh:BlankNodeOrIRI ; sh:message "kind-bnode" .
ex:class sh:path ex:v ; sh:class ex:D ; sh:message "class" .
%(datatypes)s
"""


def _shapes() -> Graph:
    names = [f"ex:dt-{d.replace(':', '-')}" for d in DATATYPES]
    g = Graph()
    g.parse(data=SHAPES_TTL % {
        "datatype_shapes": " , ".join(names),
        "datatypes": "\n".join(f'{n} sh:path ex:v ; sh:datatype {d} ; sh:message "{n}" .'
                               for n, d in zip(names, DATATYPES, strict=True)),
    }, format="turtle")
    return g


SHAPES = _shapes()
FAST = FastValidator(SHAPES)

# Values as N-Triples term strings (the escapes written as validate_nt receives them).
VALUES = [
    '"x"', '""', '" "', '"x\\n"', '"\\n"', '"\\r\\n"', '"a\\"b"', '"a\\"bc"', '"\\\\"', '"back\\\\slash"',
    '"a\\nb"', '"ab\\\\"', '"\\"\\"\\"\\""', '"\\\\n"', '"abcd"', '"abc"',
    '"x"@fa', '"x"@FA', '"x\\ny"@fa', '"x"@fa-IR', '"x"@en', '"x"@en-GB', '"x"@en-gb', '"x"@en-US',
    f'"x"^^<{XSD}string>', f'"a\\"b"^^<{XSD}string>', f'"x"^^<{RDF}langString>',
    f'"12"^^<{XSD}integer>', f'"0"^^<{XSD}integer>', f'"-3"^^<{XSD}integer>', f'"90"^^<{XSD}integer>',
    f'"91"^^<{XSD}integer>', f'"abc"^^<{XSD}integer>', f'"1.5"^^<{XSD}integer>', f'"+7"^^<{XSD}integer>',
    f'"5"^^<{XSD}nonNegativeInteger>', f'"-1"^^<{XSD}nonNegativeInteger>', f'"x"^^<{XSD}nonNegativeInteger>',
    f'"2.50"^^<{XSD}decimal>', f'"-90.0"^^<{XSD}decimal>', f'"-2.5"^^<{XSD}decimal>', f'"abc"^^<{XSD}decimal>',
    f'"2020-01-05"^^<{XSD}date>', f'"2020-13-01"^^<{XSD}date>',
    # around the decimal and date forms taken without rdflib: what Decimal() or Python's date reads
    # beyond them (exponents, Persian digits, a bare point, a zone) and days that do not exist
    f'"1e5"^^<{XSD}decimal>', f'".5"^^<{XSD}decimal>', f'"+1.5"^^<{XSD}decimal>', f'"1.2.3"^^<{XSD}decimal>',
    f'"١٢.٥"^^<{XSD}decimal>', f'"2024-02-29"^^<{XSD}date>', f'"2023-02-29"^^<{XSD}date>',
    f'"0000-01-01"^^<{XSD}date>', f'"2025-10-07Z"^^<{XSD}date>', f'"٢٠٢٥-١٠-٠٧"^^<{XSD}date>',
    f'"true"^^<{XSD}boolean>', f'"false"^^<{XSD}boolean>', f'"yes"^^<{XSD}boolean>',
    f'"https://example.org/a"^^<{XSD}anyURI>', f'"1.0E2"^^<{XSD}double>', f'"2020-01-05T10:00:00"^^<{XSD}dateTime>',
    f'"x"^^<{EX}custom>', f"<{EX}iri>", f"<{EX}typed>", "_:b1",
]


def rdflib_graph(triples: list[tuple[str, str, str]]) -> Graph:
    g = Graph()
    for s, p, o in triples:
        g.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
    return g


def key(report: Report) -> set[tuple]:
    return {(r.focus_node, r.path, r.source_shape, r.constraint, r.value, r.message) for r in report.results}


def assert_same(triples: list[tuple[str, str, str]], validator: FastValidator, shapes: Graph | None) -> Report:
    g = rdflib_graph(triples)
    reference = validate(g, shapes=shapes)
    fast = validator.validate_nt(triples)
    assert key(fast) == key(reference), (
        f"pySHACL only: {key(reference) - key(fast)}\nfast only: {key(fast) - key(reference)}")
    assert fast.conforms == reference.conforms
    assert validator.validate(g) == fast  # the rdflib entry point: the same report
    return reference


def _node(i: int) -> str:
    return f"<{EX}n{i}>"


def test_every_value_agrees_with_pyshacl_on_every_constraint() -> None:
    """Patterns and minLength on the unescaped text («x\\n» matches ^x$ in Python, «a\\nb» has 3
    characters), languageIn case-insensitively with primary subtags, sh:datatype on ill-typed
    literals (pySHACL's ``ill_typed``), ranges on numbers of several types, node kinds."""
    triples = [(f"<{EX}typed>", TYPE, f"<{EX}D>")]
    for i, v in enumerate(VALUES):
        triples += [(_node(i), TYPE, f"<{EX}C>"), (_node(i), f"<{EX}v>", v)]
    reference = assert_same(triples, FAST, SHAPES)
    messages = {r.message for r in reference.results}
    # every constraint both passes and fails somewhere: the comparison covers both outcomes
    assert {"pattern-quote", "pattern-backslash", "pattern-end", "pattern-newline", "pattern-blank", "min-length",
            "lang", "min-zero", "max-ninety", "min-decimal", "kind-iri", "kind-literal", "kind-bnode",
            "class"} <= messages
    failing = {(str(r.focus_node), r.message) for r in reference.results}
    for m in messages:
        assert any((f"{EX}n{i}", m) not in failing for i in range(len(VALUES))), m


def test_escaped_text_is_checked_unescaped() -> None:
    """The cases the escapes decide, spelled out (each fails if the escaped form is checked)."""
    def failing(value: str) -> set[str]:
        report = FAST.validate_nt([(_node(0), TYPE, f"<{EX}C>"), (_node(0), f"<{EX}v>", value)])
        return {r.message for r in report.results}

    assert "pattern-end" not in failing('"x\\n"')  # Python's $ matches before a final newline
    assert "pattern-quote" not in failing('"a\\"b"')
    assert "pattern-backslash" not in failing('"a\\\\b"')
    assert "pattern-blank" in failing('"\\n\\r"')  # only white space once unescaped
    assert "min-length" in failing('"a\\nb"')  # 3 characters, 4 in N-Triples
    assert "min-length" not in failing('"a\\nbc"')


@pytest.mark.parametrize("dt", DATATYPES)
def test_datatypes_of_every_value_agree_with_pyshacl(dt: str) -> None:
    """One datatype shape at a time (the combined test above would hide a wrong datatype result
    behind another shape's result for the same value)."""
    name = f"ex:dt-{dt.replace(':', '-')}"
    shapes = Graph()
    shapes.parse(data=f"""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <urn:ex:> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix rdf: <{RDF}> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property {name} .
        {name} sh:path ex:v ; sh:datatype {dt} ; sh:message "{name}" .""", format="turtle")
    triples = []
    for i, v in enumerate(VALUES):
        triples += [(_node(i), TYPE, f"<{EX}C>"), (_node(i), f"<{EX}v>", v)]
    reference = assert_same(triples, FastValidator(shapes), shapes)
    assert 0 < len(reference.results) < len(VALUES)


def test_ill_typed_integer_is_reported_like_pyshacl() -> None:
    triples = [(_node(0), TYPE, f"<{EX}C>"), (_node(0), f"<{EX}v>", f'"abc"^^<{XSD}integer>')]
    reference = assert_same(triples, FAST, SHAPES)
    assert "ex:dt-xsd-integer" in {r.message for r in reference.results}
    ok = assert_same([(_node(0), TYPE, f"<{EX}C>"), (_node(0), f"<{EX}v>", f'"12"^^<{XSD}integer>')], FAST, SHAPES)
    assert "ex:dt-xsd-integer" not in {r.message for r in ok.results}


def test_less_than_pairs_agree_with_pyshacl() -> None:
    numbers = [v for v in VALUES if "^^" in v and ("integer" in v.lower() or "decimal" in v or "double" in v)]
    others = ['"x"', '"y"@fa', f"<{EX}iri>", f'"2020-01-05"^^<{XSD}date>']
    triples = []
    i = 0
    for a in numbers + others:
        for b in numbers + others:
            triples += [(_node(i), TYPE, f"<{EX}C>"), (_node(i), f"<{EX}u>", a), (_node(i), f"<{EX}w>", b)]
            i += 1
    reference = assert_same(triples, FAST, SHAPES)
    less = {str(r.focus_node) for r in reference.results if r.message == "less-than"}
    assert 0 < len(less) < i


def test_duplicate_and_reordered_triples_give_the_same_report() -> None:
    triples = []
    for i, v in enumerate(VALUES[:20]):
        triples += [(_node(i), TYPE, f"<{EX}C>"), (_node(i), f"<{EX}v>", v)]
    # several values of one node failing one shape: results equal but for the value
    triples += [(_node(0), f"<{EX}v>", f'"{c}"') for c in "pqrs"]
    report = FAST.validate_nt(triples)
    assert not report.conforms
    shuffled = triples + triples[:7]
    random.Random(5).shuffle(shuffled)
    assert FAST.validate_nt(shuffled) == report  # a graph is a set: no maxCount from duplicates
    assert FAST.validate(rdflib_graph(shuffled)) == report


def test_terms_round_trip() -> None:
    """rdflib term → term string → rdflib term gives the same term (results report these)."""
    terms = [to_rdflib(v) for v in VALUES] + [
        Literal("a\\b\"c\nd\re\tf"), Literal("x", lang="fa"), Literal(5), Literal(2.5), URIRef("urn:x:y"), BNode()]
    from kg.ingest_validate import _rdflib

    for t in terms:
        assert _rdflib(_term(t)) == t
        assert type(_rdflib(_term(t))) is type(t)


# --- the sh:sparql constraint, evaluated in Python ------------------------------------------------


def _span_graph(text: str, start: int, end: int, anchor: str) -> list[tuple[str, str, str]]:
    """A mention of an article whose text and anchor hold escaped characters."""
    esc = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
    article, mention = "<urn:ex:article>", "<urn:ex:mention>"
    return [
        (article, TYPE, f"<{KG}Article>"),
        (article, f"<{KG}text>", f'"{text.translate(esc)}"'),
        (mention, TYPE, f"<{KG}Mention>"),
        (mention, f"<{KG}article>", article),
        (mention, f"<{KG}refersTo>", "<urn:ex:person>"),
        (mention, f"<{KG}start>", f'"{start}"^^<{XSD}integer>'),
        (mention, f"<{KG}end>", f'"{end}"^^<{XSD}integer>'),
        (mention, f"<{KG}anchorText>", f'"{anchor.translate(esc)}"'),
    ]


TEXT = 'a "quoted" back\\slash\nnew line\r\nend'  # 35 characters, 41 in N-Triples
QUOTED, SLASH, LINES, ALL = (2, 10), (11, 21), (21, 32), (0, 35)


@pytest.mark.parametrize(("span", "conforms"), [(QUOTED, True), (SLASH, True), (LINES, True), (ALL, True),
                                                (QUOTED, False), (LINES, False), ((30, 36), False)])
def test_spans_over_escaped_text_agree_with_pyshacl(span: tuple[int, int], conforms: bool) -> None:
    start, end = span
    assert len(TEXT) == 35 and TEXT[slice(*QUOTED)] == '"quoted"' and TEXT[slice(*SLASH)] == "back\\slash"
    anchor = TEXT[start:end] if conforms else TEXT[start + 1:end + 1] + "x"  # one character off
    triples = _span_graph(TEXT, start, end, anchor)
    reference = assert_same(triples, fast_validator(), None)
    sparql = [r for r in reference.results if "SPARQL" in str(r.constraint)]
    assert (not sparql) == conforms
    data = _Data(triples)
    # the Python evaluation clears exactly the graphs the query has nothing to say about
    assert _text_anchoring_clear(data, ["<urn:ex:mention>"]) == conforms


def test_evidence_from_another_source_with_the_same_text_agrees_with_pyshacl() -> None:
    """The evidence target's oa:hasSource is another node than the mention's kg:article (with the
    same text, so that only the comparison of the two nodes can tell)."""
    def graph(source: str) -> list[tuple[str, str, str]]:
        triples = _span_graph(TEXT, *QUOTED, TEXT[slice(*QUOTED)])
        target, position = "<urn:ex:target>", "<urn:ex:position>"
        triples += [
            ("<urn:ex:other>", f"<{KG}text>", triples[1][2]),
            ("<urn:ex:mention>", f"<{KG}evidence>", target),
            (target, TYPE, "<http://www.w3.org/ns/oa#SpecificResource>"),
            (target, "<http://www.w3.org/ns/oa#hasSource>", source),
            (target, "<http://www.w3.org/ns/oa#hasSelector>", position),
            (position, "<http://www.w3.org/ns/oa#start>", f'"{QUOTED[0]}"^^<{XSD}nonNegativeInteger>'),
            (position, "<http://www.w3.org/ns/oa#end>", f'"{QUOTED[1]}"^^<{XSD}nonNegativeInteger>'),
        ]
        return triples

    for source, clear in (("<urn:ex:article>", True), ("<urn:ex:other>", False)):
        triples = graph(source)
        reference = assert_same(triples, fast_validator(), None)
        assert any("SPARQL" in str(r.constraint) for r in reference.results) != clear
        assert _text_anchoring_clear(_Data(triples), ["<urn:ex:mention>"]) == clear


def test_conforming_spans_over_escaped_text_need_no_query(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_store(*args: object, **kwargs: object) -> None:
        raise AssertionError("the sh:sparql query ran")

    monkeypatch.setattr(FastValidator, "_sparql", no_store)
    triples = _span_graph(TEXT, *LINES, TEXT[slice(*LINES)])
    report = fast_validator().validate_nt(triples)
    assert all("SPARQL" not in str(r.constraint) for r in report.results)
