"""Term strings written as N-Quads bytes: the escapes and the order kg ingest's output has always
had (kg.rdf.ntriples), whatever the text — ASCII, Persian, characters outside the BMP."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kg.rdf.ntriples import encoded_nquads, escape, literal, nquads, unescape

# what the N-Triples grammar requires inside a quoted literal, and nothing else
REQUIRED = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)  # no lone surrogates: not UTF-8
terms = st.one_of(
    texts.map(lambda t: literal(t)),
    texts.map(lambda t: literal(t, lang="fa")),
    st.integers(0, 99).map(lambda i: f"<https://w3id.org/officials-kg/id/x/{i}>"),
    st.integers(0, 99).map(lambda i: f"_:b{i}"),
)


@given(texts)
def test_escape_writes_exactly_the_required_escapes(text: str) -> None:
    assert escape(text) == text.translate(REQUIRED)
    assert unescape(escape(text)) == text


@given(st.lists(st.tuples(terms, terms, terms), max_size=30), st.booleans())
def test_encoded_nquads_are_the_sorted_lines_in_utf8(triples: list[tuple[str, str, str]], named: bool) -> None:
    graph = "<https://w3id.org/officials-kg/id/article/1>" if named else None
    end = f" {graph} .\n" if graph else " .\n"
    want = "".join(sorted(f"{s} {p} {o}{end}" for s, p, o in triples))  # sorted as text
    assert encoded_nquads(triples, graph) == want.encode("utf-8")
    assert nquads(triples, graph) == want


def test_order_of_mixed_scripts_is_the_order_of_the_text() -> None:
    """UTF-8 bytes sort as code points: an ASCII line, a Persian one and one with a character
    outside the BMP come out as sorting the text puts them."""
    s = "<https://w3id.org/officials-kg/id/a>"
    triples = [(s, "<p>", literal(t)) for t in ("z", "ب", "\U0001f600", "ا", "Z", "\uffff")]
    lines = encoded_nquads(triples).decode("utf-8").splitlines()
    assert lines == sorted(lines)
    assert [line.split('"')[1] for line in lines] == ["Z", "z", "ا", "ب", "\uffff", "\U0001f600"]
