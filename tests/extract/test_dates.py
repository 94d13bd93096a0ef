"""Jalali calendar, dates in text and the ``--date`` argument: ``kg.extract.dates``."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.extract.dates import (
    MAX_JALALI_YEAR,
    farvardin_first,
    find_dates,
    gregorian_to_jalali,
    is_jalali_leap,
    jalali_month_days,
    jalali_to_gregorian,
    parse_date_arg,
)

ZWNJ = "\u200c"

# (Jalali, Gregorian) pairs from the official calendar and well-known dates
KNOWN = [
    ((1404, 1, 1), date(2025, 3, 21)),
    ((1404, 7, 15), date(2025, 10, 7)),
    ((1403, 1, 1), date(2024, 3, 20)),
    ((1403, 12, 30), date(2025, 3, 20)),  # 1403 is a leap year
    ((1404, 12, 29), date(2026, 3, 20)),
    ((1405, 1, 1), date(2026, 3, 21)),
    ((1400, 1, 1), date(2021, 3, 21)),
    ((1399, 1, 1), date(2020, 3, 20)),
    ((1357, 11, 22), date(1979, 2, 11)),
    ((1300, 1, 1), date(1921, 3, 21)),
    ((1404, 6, 31), date(2025, 9, 22)),
    ((1404, 7, 1), date(2025, 9, 23)),
    ((1403, 10, 1), date(2024, 12, 21)),
    ((1404, 7, 20), date(2025, 10, 12)),  # «یکشنبه ۲۰ مهر ۱۴۰۴»: a Sunday
]


@pytest.mark.parametrize(("jalali", "gregorian"), KNOWN)
def test_known_pairs(jalali: tuple[int, int, int], gregorian: date) -> None:
    assert jalali_to_gregorian(*jalali) == gregorian
    assert gregorian_to_jalali(gregorian) == jalali


def test_leap_years() -> None:
    leap = [y for y in range(1370, 1421) if is_jalali_leap(y)]
    # 1403 → 1408 is the five-year step of the 33-year cycle
    assert leap == [1370, 1375, 1379, 1383, 1387, 1391, 1395, 1399, 1403, 1408, 1412, 1416, 1420]
    assert jalali_month_days(1403, 12) == 30
    assert jalali_month_days(1404, 12) == 29
    assert jalali_month_days(1404, 7) == 30
    assert jalali_month_days(1404, 6) == 31


@pytest.mark.parametrize(("y", "m", "d"), [(1404, 12, 30), (1404, 7, 31), (1404, 13, 1), (1404, 0, 1), (1404, 1, 0)])
def test_invalid_jalali_dates(y: int, m: int, d: int) -> None:
    with pytest.raises(ValueError):
        jalali_to_gregorian(y, m, d)


def test_years_outside_the_calendar() -> None:
    with pytest.raises(ValueError):
        farvardin_first(0)
    with pytest.raises(ValueError):
        farvardin_first(MAX_JALALI_YEAR + 1)


@given(st.dates(min_value=date(700, 1, 1), max_value=date(2500, 12, 31)))
def test_round_trip_from_gregorian(day: date) -> None:
    assert jalali_to_gregorian(*gregorian_to_jalali(day)) == day


def test_consecutive_days_are_consecutive_jalali_days() -> None:
    """Over 1300-1500 AP, each next Gregorian day is the next Jalali day."""
    day = date(1921, 3, 21)
    previous = gregorian_to_jalali(day)
    assert previous == (1300, 1, 1)
    while day < date(2121, 3, 21):
        day += timedelta(days=1)
        current = gregorian_to_jalali(day)
        y, m, d = previous
        if d < jalali_month_days(y, m):
            expected = (y, m, d + 1)
        elif m < 12:
            expected = (y, m + 1, 1)
        else:
            expected = (y + 1, 1, 1)
        assert current == expected, day
        previous = current


@given(st.integers(1, 3000), st.integers(1, 12), st.integers(1, 31))
def test_round_trip_from_jalali(y: int, m: int, d: int) -> None:
    if d > jalali_month_days(y, m):
        with pytest.raises(ValueError):
            jalali_to_gregorian(y, m, d)
    else:
        assert gregorian_to_jalali(jalali_to_gregorian(y, m, d)) == (y, m, d)


# --- dates in text ------------------------------------------------------------------------------

ARTICLE = date(2025, 10, 14)  # ۲۲ مهر ۱۴۰۴


def _one(text: str, article: date | None = ARTICLE):
    found = find_dates(text, article)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "span", "day", "jalali"),
    [
        ("جلسه ۱۵ مهر ۱۴۰۴ برگزار شد", "۱۵ مهر ۱۴۰۴", date(2025, 10, 7), "۱۵ مهر ۱۴۰۴"),
        ("در ۱۵ مهرماه ۱۴۰۴", "۱۵ مهرماه ۱۴۰۴", date(2025, 10, 7), "۱۵ مهر ۱۴۰۴"),
        ("در ۱۵ مهر ماه ۱۴۰۴", "۱۵ مهر ماه ۱۴۰۴", date(2025, 10, 7), "۱۵ مهر ۱۴۰۴"),
        ("روز یکشنبه ۲۰ مهر ۱۴۰۴ در", "یکشنبه ۲۰ مهر ۱۴۰۴", date(2025, 10, 12), "۲۰ مهر ۱۴۰۴"),
        (f"روز سه{ZWNJ}شنبه 15 مهر 1404 در", f"سه{ZWNJ}شنبه 15 مهر 1404", date(2025, 10, 7), "۱۵ مهر ۱۴۰۴"),
        ("روز سه شنبه ۱۵ مهر ۱۴۰۴", "سه شنبه ۱۵ مهر ۱۴۰۴", date(2025, 10, 7), "۱۵ مهر ۱۴۰۴"),
        ("در سهشنبه، ۱۵ مهر ۱۴۰۴", "سهشنبه، ۱۵ مهر ۱۴۰۴", date(2025, 10, 7), "۱۵ مهر ۱۴۰۴"),
        ("تاریخ ۱۴۰۴/۰۷/۱۵ است", "۱۴۰۴/۰۷/۱۵", date(2025, 10, 7), "۱۵ مهر ۱۴۰۴"),
        ("تاریخ ۱۴۰۴-۰۷-۱۵ است", "۱۴۰۴-۰۷-۱۵", date(2025, 10, 7), "۱۵ مهر ۱۴۰۴"),
        ("تاریخ ۱۴۰۴/۷/۱۵ است", "۱۴۰۴/۷/۱۵", date(2025, 10, 7), "۱۵ مهر ۱۴۰۴"),
        ("تاریخ ۱۵/۷/۱۴۰۴ است", "۱۵/۷/۱۴۰۴", date(2025, 10, 7), "۱۵ مهر ۱۴۰۴"),
        ("on 2025-10-07 at", "2025-10-07", date(2025, 10, 7), "۱۵ مهر ۱۴۰۴"),
        ("در ۷ اکتبر ۲۰۲۵", "۷ اکتبر ۲۰۲۵", date(2025, 10, 7), "۱۵ مهر ۱۴۰۴"),
        ("در ۵ مه ۲۰۲۵", "۵ مه ۲۰۲۵", date(2025, 5, 5), "۱۵ اردیبهشت ۱۴۰۴"),
        ("سالروز بیست و دوم بهمن ۱۳۵۷", "بیست و دوم بهمن ۱۳۵۷", date(1979, 2, 11), "۲۲ بهمن ۱۳۵۷"),
        ("از اول مهر ۱۴۰۴", "اول مهر ۱۴۰۴", date(2025, 9, 23), "۱ مهر ۱۴۰۴"),
    ],
)
def test_full_dates(text: str, span: str, day: date, jalali: str) -> None:
    for article in (None, ARTICLE):
        found = _one(text, article)
        assert text[found.start : found.end] == span
        assert (found.date, found.jalali, found.precision, found.relative) == (day, jalali, "day", False)


def test_day_and_month_take_the_article_year() -> None:
    found = _one("تا ۱۵ آذر به مجلس تقدیم می‌شود")
    assert (found.date, found.jalali, found.precision) == (date(2025, 12, 6), "۱۵ آذر ۱۴۰۴", "day")
    unresolved = _one("تا ۱۵ آذر به مجلس تقدیم می‌شود", None)
    assert (unresolved.date, unresolved.jalali) == (None, "۱۵ آذر")


def test_day_and_month_take_the_nearest_year() -> None:
    """Written in Esfand, «۵ فروردین» is next spring, not last."""
    assert _one("از ۵ فروردین", date(2026, 3, 10)).date == date(2026, 3, 25)
    assert _one("از ۲۰ اسفند", date(2026, 3, 25)).date == date(2026, 3, 11)


def test_month_and_year() -> None:
    found = _one("در مهر ۱۴۰۴ آغاز شد")
    assert (found.date, found.jalali, found.precision) == (date(2025, 9, 23), "مهر ۱۴۰۴", "month")
    found = _one("تا پایان آبان ماه تحویل")
    assert (found.date, found.jalali, found.precision) == (date(2025, 10, 23), "آبان ۱۴۰۴", "month")
    found = _one("از آذرماه اجرا", None)
    assert (found.date, found.jalali, found.precision) == (None, "آذر", "month")


def test_year_after_sal() -> None:
    text = "از سال ۱۳۹۸ آغاز شده و در سال 2025 ادامه یافت"
    found = find_dates(text)
    assert [text[f.start : f.end] for f in found] == ["۱۳۹۸", "2025"]
    assert [(f.date, f.jalali, f.precision) for f in found] == [
        (date(2019, 3, 21), "۱۳۹۸", "year"),
        (date(2025, 1, 1), "", "year"),
    ]


@pytest.mark.parametrize(
    ("word", "offset"), [("امروز", 0), ("دیروز", -1), ("پریروز", -2), ("فردا", 1), ("پس‌فردا", 2), ("پس فردا", 2)]
)
def test_relative_dates(word: str, offset: int) -> None:
    text = f"این طرح {word} افتتاح شد"
    found = _one(text)
    assert text[found.start : found.end] == word
    assert found.relative and found.precision == "day"
    assert found.date == ARTICLE + timedelta(days=offset)
    unresolved = _one(text, None)
    assert unresolved.relative and unresolved.date is None


@pytest.mark.parametrize(
    "text",
    [
        "۱۸ سال گذشته",
        "۷۰ درصد پیشرفت",
        "مهر و محبت مردم",  # «مهر» without a number or «ماه» is a common noun
        "۵ می شود",  # «می» needs a day and a year
        "۱۴۰۴/۱۳/۰۱",
        "۱۲۶۹/۸۵ متر",
        "قطعنامه ۲۲۳۱",
        "روز پنجشنبه در آیین",  # a weekday alone is not a date
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text, ARTICLE) == []


@pytest.mark.parametrize("text", ["۳۵ مهر ۱۴۰۴", "۳۰ اسفند ۱۴۰۴", "۳۲ مهر"])
def test_no_such_day(text: str) -> None:
    """A day the month does not have is no day; what is left («مهر ۱۴۰۴») is a month at most."""
    assert all(found.precision != "day" for found in find_dates(text, ARTICLE))


def test_dev_article_dates_agree_with_their_weekdays() -> None:
    """Every «weekday day month year» of the dev style is on that weekday."""
    weekdays = {"یکشنبه": 6, "سه‌شنبه": 1, "سهشنبه": 1, "شنبه": 5, "پنجشنبه": 3, "چهارشنبه": 2, "دوشنبه": 0}
    samples = [
        "یکشنبه ۲۰ مهر ۱۴۰۴",
        "سه\u200cشنبه 15 مهر 1404",
        "سهشنبه ۲۲ مهر ۱۴۰۴",
        "شنبه ۱۹ مهر ۱۴۰۴",
        "پنجشنبه ۲۴ مهر ۱۴۰۴",
        "چهارشنبه ۲۳ مهر ۱۴۰۴",
        "دوشنبه ۲۱ مهر ۱۴۰۴",
        "سه\u200cشنبه ۴ شهریور ۱۴۰۴",
    ]
    for text in samples:
        found = _one(text, None)
        assert found.date is not None and found.date.weekday() == weekdays[text.split()[0]], text


def test_dates_in_order_and_inside_text() -> None:
    text = "امروز (سه‌شنبه ۲۲ مهر ۱۴۰۴) گفت لایحه بودجه ۱۴۰۵ تا ۱۵ آذر ۱۴۰۴ و از سال ۱۴۰۱ آغاز شد"
    found = find_dates(text, ARTICLE)
    assert [text[f.start : f.end] for f in found] == ["امروز", "سه‌شنبه ۲۲ مهر ۱۴۰۴", "۱۵ آذر ۱۴۰۴", "۱۴۰۱"]


@given(st.text(max_size=200))
def test_find_dates_never_raises(text: str) -> None:
    for found in find_dates(text, ARTICLE):
        assert 0 <= found.start < found.end <= len(text)
        assert found.precision in ("day", "month", "year")


_PIECES = [
    *"۰۱۲۳۴۵۶۷۸۹0123456789/-،",
    *["", "مهر", "ماه", "اسفند", "سال", "شنبه", "سه", "امروز", "مه", "بیست", "و", "دوم"],
    ZWNJ,
    "\n",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=25).map("".join), st.none() | st.dates())
def test_find_dates_on_date_like_text(text: str, article: date | None) -> None:
    for found in find_dates(text, article):
        assert 0 <= found.start < found.end <= len(text)


# --- the command line's --date -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("arg", "day"),
    [
        ("2025-10-07", date(2025, 10, 7)),
        ("1404-07-15", date(2025, 10, 7)),
        ("۱۴۰۴/۰۷/۱۵", date(2025, 10, 7)),
        ("1404/7/15", date(2025, 10, 7)),
        (" 2025/10/07 ", date(2025, 10, 7)),
        ("1403-12-30", date(2025, 3, 20)),
    ],
)
def test_parse_date_arg(arg: str, day: date) -> None:
    assert parse_date_arg(arg) == day


@pytest.mark.parametrize(
    ("arg", "message"),
    [
        ("", "expected a date"),
        ("yesterday", "expected a date"),
        ("07/10/2025", "expected a date"),
        ("2025-10-07T10:00", "expected a date"),
        ("1404-12-30", "no such Jalali date"),
        ("2025-02-30", "no such Gregorian date"),
        ("1404-13-01", "no such Jalali date"),
    ],
)
def test_parse_date_arg_rejects(arg: str, message: str) -> None:
    with pytest.raises(ValueError, match=message) as info:
        parse_date_arg(arg)
    assert "\n" not in str(info.value)
