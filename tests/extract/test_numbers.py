"""Numbers in digits and in words: ``kg.extract.numbers``."""

from __future__ import annotations

import contextlib
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.extract.numbers import (
    ordinal_value,
    ordinal_words,
    parse_number,
    scan_number,
    to_persian_digits,
    tokenize,
)

ZWNJ = "\u200c"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # digits, Persian and Latin
        ("۷۰", "70"),
        ("70", "70"),
        ("٧٠", "70"),  # Arabic-Indic digits, should a caller pass them through
        # thousands separators
        ("۱۲٬۵۰۰", "12500"),
        ("12,500", "12500"),
        ("۱۲,۵۰۰", "12500"),
        ("۱٬۲۰۰٬۰۰۰", "1200000"),
        # decimal marks
        ("۲.۵", "2.5"),
        ("۲/۵", "2.5"),
        ("۲٫۵", "2.5"),
        ("۱۲۶۹/۸۵", "1269.85"),
        ("0.5", "0.5"),
        # number words
        ("صفر", "0"),
        ("یک", "1"),
        ("نوزده", "19"),
        ("بیست", "20"),
        ("نود", "90"),
        ("صد", "100"),
        ("یکصد", "100"),
        ("یک صد", "100"),
        ("دویست", "200"),
        ("سیصد", "300"),
        ("پانصد", "500"),
        ("نهصد", "900"),
        ("هزار", "1000"),
        ("میلیون", "1000000"),
        ("میلیارد", "1000000000"),
        ("هزار میلیارد", "1000000000000"),
        ("نیم", "0.5"),
        # combinations with «و»
        ("بیست و پنج", "25"),
        ("صد و بیست", "120"),
        ("صد و بیست و پنج", "125"),
        ("سیصد و پنج", "305"),
        ("سیصد و بیست و پنج هزار", "325000"),
        ("دو و نیم میلیون", "2500000"),
        ("یک و نیم", "1.5"),
        ("نیم میلیون", "500000"),
        ("یک میلیون و نیم", "1500000"),
        ("دو میلیون و پانصد هزار", "2500000"),
        ("یک میلیون و دویست و سی و چهار هزار و پانصد", "1234500"),
        # digits with scale words
        ("۹ هزار میلیارد", "9000000000000"),
        ("۲ هزار و ۳۰۰ میلیارد", "2300000000000"),
        ("۴ هزار و ۸۰۰ میلیارد", "4800000000000"),
        ("یک هزار و ۱۵۰", "1150"),
        ("یکهزار و ۱۵۰", "1150"),
        ("۱٫۸ میلیون", "1800000"),
        ("۲/۷ میلیارد", "2700000000"),
        ("۵۰هزار", "50000"),
        ("۱۲ هزار و ۴۰۰", "12400"),
        # ZWNJ inside a compound, or in place of a space
        ("بیست‌و‌پنج", "25"),
        (f"یک{ZWNJ}هزار", "1000"),
    ],
)
def test_parse_number(text: str, value: str) -> None:
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "و",
        "۱۴۰۴/۰۷/۱۵",  # a date, not a decimal
        "1.2.3",
        "۲۰ و ۳۰",  # a list, not a sum
        "بیست پنج",  # Persian joins a ten and a unit with «و»
        "۲ هزار ۳۰۰",
        "میلیارد هزار",  # a smaller scale after a larger one
        "بیست و",
        "دوم",  # an ordinal
        "هزاران",
        "پروژه",
        "۱۸ سال",
    ],
)
def test_not_a_number(text: str) -> None:
    with pytest.raises(ValueError, match="not a number"):
        parse_number(text)


def test_values_are_tidy() -> None:
    """Scaled decimals come out without a trailing «.0»; real fractions keep theirs."""
    assert str(parse_number("۱٫۸ میلیون")) == "1800000"
    assert str(parse_number("۲/۵")) == "2.5"


def test_scan_reports_the_closing_scale() -> None:
    text = "۴ هزار و ۸۰۰ میلیارد ریال"
    tokens = tokenize(text)
    phrase = scan_number(text, tokens, 0)
    assert phrase is not None
    assert phrase.value == Decimal(4800 * 10**9)
    assert text[phrase.start : phrase.end] == "۴ هزار و ۸۰۰ میلیارد"
    assert phrase.trailing_start == text.index("میلیارد")
    assert phrase.trailing_scale == 10**9
    assert phrase.has_scale


def test_scan_stops_at_a_line_break_and_at_punctuation() -> None:
    for text in ("۲ هزار\nو ۳۰۰", "۲ هزار، و ۳۰۰"):
        tokens = tokenize(text)
        phrase = scan_number(text, tokens, 0)
        assert phrase is not None and phrase.value == 2000


def test_scan_marks_a_lone_number_word() -> None:
    text = "یک اصل"
    phrase = scan_number(text, tokenize(text), 0)
    assert phrase is not None and phrase.lone_word is not None and phrase.lone_word.alone == "measure"


@pytest.mark.parametrize(
    ("word", "value"),
    list(
        zip(
            [
                "اول",
                "نخست",
                "یکم",
                "دوم",
                "سوم",
                "چهارم",
                "نهم",
                "دهم",
                "چهاردهم",
                "بیستم",
                "سی\u200cام",
                "سیام",
                "دومین",
                "سومین",
            ],
            [1, 1, 1, 2, 3, 4, 9, 10, 14, 20, 30, 30, 2, 3],
            strict=True,
        )
    ),
)
def test_ordinal_value(word: str, value: int) -> None:
    assert ordinal_value(word) == value


@pytest.mark.parametrize("word", ["دوام", "سیم", "پروژه", "ام", "هزارم", "نیم"])
def test_not_ordinals(word: str) -> None:
    assert ordinal_value(word) is None


def test_ordinal_words_cover_days_of_month() -> None:
    words = ordinal_words()
    assert {"اول", "دوم", "سوم", "بیستم", "سیام"} <= words


def test_tokens_keep_offsets_and_fold_keys() -> None:
    text = f"۱۲٬۵۰۰ سانتی{ZWNJ}متر، 2.5%"
    tokens = tokenize(text)
    assert [t.text for t in tokens] == ["۱۲٬۵۰۰", f"سانتی{ZWNJ}متر", "،", "2.5", "%"]
    assert [t.kind for t in tokens] == ["num", "word", "sym", "num", "sym"]
    assert tokens[0].key == "12٬500" and tokens[1].key == "سانتیمتر"
    for t in tokens:
        assert text[t.start : t.end] == t.text


# --- properties ----------------------------------------------------------------------------

_UNITS = [
    "",
    *[
        "یک",
        "دو",
        "سه",
        "چهار",
        "پنج",
        "شش",
        "هفت",
        "هشت",
        "نه",
        "ده",
        "یازده",
        "دوازده",
        "سیزده",
        "چهارده",
        "پانزده",
        "شانزده",
        "هفده",
        "هجده",
        "نوزده",
    ],
]
_TENS = ["", "", *["بیست", "سی", "چهل", "پنجاه", "شصت", "هفتاد", "هشتاد", "نود"]]
_HUNDREDS = ["", *["صد", "دویست", "سیصد", "چهارصد", "پانصد", "ششصد", "هفتصد", "هشتصد", "نهصد"]]
_SCALES = ["", "هزار", "میلیون", "میلیارد"]


def _spell_below_1000(n: int) -> list[str]:
    words = [_HUNDREDS[n // 100]] if n >= 100 else []
    rest = n % 100
    if rest >= 20:
        words.append(_TENS[rest // 10])
        rest %= 10
    if rest:
        words.append(_UNITS[rest])
    return words


def spell(n: int) -> str:
    """Persian words for ``n`` as a newspaper writes them (an implementation of its own)."""
    if n == 0:
        return "صفر"
    groups = []
    scale = 0
    while n:
        n, group = divmod(n, 1000)
        if group:
            words = " و ".join(_spell_below_1000(group))
            groups.append(f"{words} {_SCALES[scale]}".strip())
        scale += 1
    return " و ".join(reversed(groups))


@given(st.integers(min_value=0, max_value=999_999_999_999))
def test_spelled_numbers_round_trip(n: int) -> None:
    assert parse_number(spell(n)) == n


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999))
def test_digits_with_scale_words_round_trip(thousands: int, rest: int) -> None:
    text = f"{to_persian_digits(thousands)} هزار" + (f" و {to_persian_digits(rest)}" if rest else "")
    assert parse_number(text) == thousands * 1000 + rest
    assert parse_number(text + " میلیارد") == (thousands * 1000 + rest) * 10**9


@given(st.integers(min_value=0, max_value=10**15), st.sampled_from([",", "٬"]))
def test_grouped_digits_round_trip(n: int, separator: str) -> None:
    assert parse_number(f"{n:,}".replace(",", separator)) == n
    assert parse_number(to_persian_digits(f"{n:,}").replace(",", separator)) == n


@given(st.text())
def test_parse_number_only_raises_value_error(text: str) -> None:
    try:
        value = parse_number(text)
    except ValueError:
        return
    assert value >= 0


_PIECES = [*"۰۱۲۳۴۵۶۷۸۹0123456789/.,٬٫-", " ", " و ", "هزار", "میلیون", "بیست", "نیم", "درصد", ZWNJ, "\n", "a"]
_PERSIANISH = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


@given(_PERSIANISH)
def test_parse_number_on_number_like_text(text: str) -> None:
    with contextlib.suppress(ValueError):
        assert parse_number(text) >= 0


@given(_PERSIANISH)
def test_tokenize_covers_every_visible_character(text: str) -> None:
    tokens = tokenize(text)
    covered = {i for t in tokens for i in range(t.start, t.end)}
    visible = {i for i, ch in enumerate(text) if not ch.isspace() and ch != ZWNJ}
    assert visible <= covered
    assert all(text[t.start : t.end] == t.text for t in tokens)
