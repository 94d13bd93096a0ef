"""Dates in Persian news text, Jalali and Gregorian, with a Jalali calendar of our own.

``find_dates`` reads, from normalised text:

- full dates ``۱۵ مهر ۱۴۰۴``, ``۱۵ مهرماه ۱۴۰۴``, ``یکشنبه ۲۰ مهر ۱۴۰۴``, ``بیست و دوم بهمن ۱۳۵۷``,
  ``۷ اکتبر ۲۰۲۵`` and numeric ``۱۴۰۴/۰۷/۱۵``, ``۱۴۰۴-۰۷-۱۵``, ``2025-10-07`` (a year
  below 1700 is Jalali);
- a day and month without year (``۱۵ آذر``), a month with or without year (``آبان ماه``,
  ``مهر ۱۴۰۴``) and a year after «سال» (``سال ۱۴۰۴``), resolved against the article's date
  when one is given;
- relative words (``امروز``, ``دیروز``, ``فردا`` …), resolved only against the article's date.

Calendar words live in ``lexicons/months.tsv``. The Jalali↔Gregorian conversion is the
arithmetic algorithm of Borkowski as used by jalaali-js: leap years follow 33-year cycles
between the listed break years, which matches the official calendar for years 1–3177.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from itertools import pairwise

from kg.extract.numbers import (
    Token,
    adjacent,
    fold,
    number_words,
    numbers_and,
    ordinal_value,
    ordinal_words,
    to_ascii_digits,
    to_persian_digits,
    tokenize,
)
from kg.lexicons import load_rows

# --- the Jalali calendar ------------------------------------------------------------------

# Jalali years where the 33-year leap cycle restarts (Borkowski 1996; jalaali-js).
_BREAKS = (-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178)
MIN_JALALI_YEAR, MAX_JALALI_YEAR = 1, _BREAKS[-1] - 1


@lru_cache(maxsize=512)
def farvardin_first(jy: int) -> date:
    """The Gregorian date of 1 Farvardin (Nowruz) of Jalali year ``jy``."""
    if not MIN_JALALI_YEAR <= jy <= MAX_JALALI_YEAR:
        raise ValueError(f"Jalali year {jy} outside {MIN_JALALI_YEAR}-{MAX_JALALI_YEAR}")
    gy = jy + 621
    leap_j = -14  # Jalali leap days counted from AD 621
    jp = _BREAKS[0]
    jump = 0
    for jm in _BREAKS[1:]:
        jump = jm - jp
        if jy < jm:
            break
        leap_j += jump // 33 * 8 + jump % 33 // 4
        jp = jm
    n = jy - jp
    leap_j += n // 33 * 8 + (n % 33 + 3) // 4
    if jump % 33 == 4 and jump - n == 4:
        leap_j += 1
    leap_g = gy // 4 - (gy // 100 + 1) * 3 // 4 - 150  # Gregorian leap days likewise
    return date(gy, 3, 20 + leap_j - leap_g)


def is_jalali_leap(jy: int) -> bool:
    return (farvardin_first(jy + 1) - farvardin_first(jy)).days == 366


def jalali_month_days(jy: int, jm: int) -> int:
    if not 1 <= jm <= 12:
        raise ValueError(f"no Jalali month {jm}")
    if jm <= 6:
        return 31
    if jm <= 11:
        return 30
    return 30 if is_jalali_leap(jy) else 29


def jalali_to_gregorian(jy: int, jm: int, jd: int) -> date:
    """``jalali_to_gregorian(1404, 7, 15) == date(2025, 10, 7)``; ValueError if no such day."""
    if not 1 <= jd <= jalali_month_days(jy, jm):
        raise ValueError(f"no such Jalali date: {jy}-{jm:02}-{jd:02}")
    # months 1-6 have 31 days, 7-11 have 30
    offset = (jm - 1) * 31 - max(0, jm - 7) + jd - 1
    return farvardin_first(jy) + timedelta(days=offset)


def gregorian_to_jalali(day: date) -> tuple[int, int, int]:
    """``gregorian_to_jalali(date(2025, 10, 7)) == (1404, 7, 15)``."""
    jy = day.year - 621
    start = farvardin_first(jy)
    if day < start:
        jy -= 1
        start = farvardin_first(jy)
    k = (day - start).days
    if k < 186:
        return jy, 1 + k // 31, 1 + k % 31
    k -= 186
    return jy, 7 + k // 30, 1 + k % 30


# --- calendar words -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CalendarWord:
    name: str  # canonical name (months) or as listed
    number: int
    calendar: str  # jalali, gregorian, weekday or relative
    needs_year: bool


@lru_cache(maxsize=1)
def calendar_words() -> dict[str, CalendarWord]:
    """Calendar words keyed by ``fold(name)``; a month's first row gives its canonical name."""
    canonical: dict[tuple[str, int], str] = {}
    words: dict[str, CalendarWord] = {}
    for row in load_rows("months.tsv"):
        cal, num = row["calendar"], int(row["number"])
        name = canonical.setdefault((cal, num), row["name"])
        words[fold(row["name"])] = CalendarWord(name, num, cal, row.get("needs") == "year")
    return words


def month_name(month: int, calendar: str = "jalali") -> str:
    for word in calendar_words().values():
        if word.calendar == calendar and word.number == month:
            return word.name
    raise ValueError(f"no {calendar} month {month}")


def _jalali_text(jy: int | None, jm: int | None = None, jd: int | None = None) -> str:
    parts = [to_persian_digits(jd) if jd else "", month_name(jm) if jm else "", to_persian_digits(jy) if jy else ""]
    return " ".join(p for p in parts if p)


# --- matches -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DateMatch:
    start: int
    end: int
    date: date | None  # None when a year or the article's date is missing
    jalali: str  # «۱۵ مهر ۱۴۰۴», «مهر ۱۴۰۴», «۱۴۰۴», «۱۵ آذر»; "" for Gregorian months/years
    precision: str  # "day", "month" or "year"
    relative: bool


JALALI_BEFORE = 1700  # a year below this is Jalali
_MONTH_SUFFIX = "ماه"


def make_date(year: int, month: int, day: int) -> date:
    """A Gregorian date from a Jalali or Gregorian year/month/day; ValueError if invalid."""
    if year < JALALI_BEFORE:
        return jalali_to_gregorian(year, month, day)
    return date(year, month, day)


def _day_match(start: int, end: int, day: date, relative: bool = False) -> DateMatch:
    try:
        jalali = _jalali_text(*gregorian_to_jalali(day))
    except ValueError:  # before the Jalali era (an article date of year 1)
        jalali = ""
    return DateMatch(start, end, day, jalali, "day", relative)


def _numeric_date(text: str, tokens: list[Token], i: int) -> tuple[DateMatch, int] | None:
    """``۱۴۰۴/۰۷/۱۵`` (one token), ``۱۴۰۴-۰۷-۱۵`` or ``2025-10-07`` (five glued tokens), or
    ``۱۵/۷/۱۴۰۴`` (day first: only Jalali, since a Gregorian one may be US or European order)."""
    token = tokens[i]
    parts = token.key.split("/")
    if not parts[0].isdigit():  # every reading below starts with this part: a word opens no numeric date
        return None
    stop = i + 1
    if len(parts) == 1 and i + 4 < len(tokens):
        dashed = tokens[i : i + 5]
        if all(a.end == b.start for a, b in pairwise(dashed)) and dashed[1].text == dashed[3].text == "-":
            parts, stop = [dashed[0].key, dashed[2].key, dashed[4].key], i + 5
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    lengths = tuple(len(p) for p in parts)
    if lengths[0] == 4 and max(lengths[1:]) <= 2:
        year, month, day = (int(p) for p in parts)
    elif lengths[2] == 4 and max(lengths[:2]) <= 2 and "/" in token.key and int(parts[2]) < JALALI_BEFORE:
        day, month, year = (int(p) for p in parts)
    else:
        return None
    try:
        return _day_match(token.start, tokens[stop - 1].end, make_date(year, month, day)), stop
    except ValueError:
        return None


def _calendar_word(text: str, tokens: list[Token], i: int, calendar: str) -> tuple[CalendarWord, int] | None:
    """A calendar word of ``calendar`` at ``tokens[i]`` (one or two tokens: «سه شنبه»)."""
    words = calendar_words()
    if i + 1 < len(tokens) and adjacent(text, tokens[i], tokens[i + 1]):
        two = words.get(tokens[i].key + tokens[i + 1].key)
        if two is not None and two.calendar == calendar:
            return two, i + 2
    one = words.get(tokens[i].key)
    if one is not None and one.calendar == calendar:
        return one, i + 1
    return None


def _month(text: str, tokens: list[Token], i: int) -> tuple[CalendarWord, int, bool] | None:
    """A month name at ``tokens[i]`` with an optional «ماه» (glued or not).

    Returns the month, the next token index and whether «ماه» was written.
    """
    if i >= len(tokens) or tokens[i].kind != "word":
        return None
    key = tokens[i].key
    glued = key.endswith(_MONTH_SUFFIX) and len(key) > len(_MONTH_SUFFIX)
    word = calendar_words().get(key[: -len(_MONTH_SUFFIX)] if glued else key)
    if word is None or word.calendar not in ("jalali", "gregorian"):
        return None
    stop = i + 1
    if (
        not glued
        and stop < len(tokens)
        and tokens[stop].key == _MONTH_SUFFIX
        and adjacent(text, tokens[i], tokens[stop])
    ):
        stop += 1
        glued = True
    return word, stop, glued


def _int_token(tokens: list[Token], i: int, digits: tuple[int, ...]) -> int | None:
    if i < len(tokens) and tokens[i].kind == "num" and tokens[i].key.isdigit() and len(tokens[i].key) in digits:
        return int(tokens[i].key)
    return None


def _day(text: str, tokens: list[Token], i: int) -> tuple[int, int] | None:
    """A day of month at ``tokens[i]``: digits, an ordinal («اول», «بیست و دوم»)."""
    n = _int_token(tokens, i, (1, 2))
    if n is not None:
        return n, i + 1
    if i >= len(tokens) or tokens[i].kind != "word":
        return None
    value = ordinal_value(tokens[i].key)
    if value is not None:
        return value, i + 1
    # «بیست و دوم»: a ten, «و», a unit ordinal
    ten = number_words().get(tokens[i].key)
    if ten is None or ten.kind != "ten" or i + 2 >= len(tokens):
        return None
    if tokens[i + 1].key != "و" or not adjacent(text, tokens[i], tokens[i + 1]):
        return None
    unit = ordinal_value(tokens[i + 2].key) if adjacent(text, tokens[i + 1], tokens[i + 2]) else None
    return (int(ten.value) + unit, i + 3) if unit is not None and unit < 10 else None


def _year(text: str, tokens: list[Token], i: int, calendar: str) -> int | None:
    """A 4-digit year of ``calendar`` at ``tokens[i]``, right after a month name."""
    if i >= len(tokens) or not adjacent(text, tokens[i - 1], tokens[i]):
        return None
    year = _int_token(tokens, i, (4,))
    if year is None or (i + 1 < len(tokens) and tokens[i + 1].kind == "num" and tokens[i + 1].start == tokens[i].end):
        return None
    lowest, highest = (1000, JALALI_BEFORE - 1) if calendar == "jalali" else (JALALI_BEFORE, 9999)
    return year if lowest <= year <= highest else None


def _resolve(month: int, day: int, calendar: str, article: date) -> tuple[int, date] | None:
    """The year, and the date, that put ``day month`` nearest the article's date."""
    convert = jalali_to_gregorian if calendar == "jalali" else date
    best: tuple[int, date] | None = None
    try:
        base = gregorian_to_jalali(article)[0] if calendar == "jalali" else article.year
    except ValueError:
        return None
    for year in (base - 1, base, base + 1):
        try:
            when = convert(year, month, day)
        except ValueError:
            continue
        if best is None or abs((when - article).days) < abs((best[1] - article).days):
            best = (year, when)
    return best


def _textual_date(text: str, tokens: list[Token], i: int, article: date | None) -> tuple[DateMatch, int] | None:
    """A date written in words starting at ``tokens[i]``, with the index after it."""
    start = tokens[i].start
    weekday = _calendar_word(text, tokens, i, "weekday")
    j = i
    if weekday is not None:
        j = weekday[1]
        if j < len(tokens) and tokens[j].key == "،":
            j += 1
    day = _day(text, tokens, j) if j < len(tokens) else None
    if day is not None and day[1] < len(tokens) and adjacent(text, tokens[day[1] - 1], tokens[day[1]]):
        month = _month(text, tokens, day[1])
        if month is not None and 1 <= day[0] <= 31:
            found = _full_date(text, tokens, start, day[0], month, article)
            if found is not None:
                return found
    if weekday is not None:
        return None
    month = _month(text, tokens, i)
    if month is not None:
        return _month_date(text, tokens, start, month, article)
    return None


def _full_date(
    text: str, tokens: list[Token], start: int, day: int, month: tuple[CalendarWord, int, bool], article: date | None
) -> tuple[DateMatch, int] | None:
    word, stop, _ = month
    year = _year(text, tokens, stop, word.calendar)
    if year is None and word.needs_year:
        return None
    if year is not None:
        try:
            when = make_date(year, word.number, day)
        except ValueError:
            return None
        return _day_match(start, tokens[stop].end, when), stop + 1
    end = tokens[stop - 1].end
    resolved = _resolve(word.number, day, word.calendar, article) if article else None
    if resolved is None:
        if word.calendar == "jalali" and day > jalali_month_days(1403, word.number):  # 1403 is leap
            return None
        jalali = _jalali_text(None, word.number, day) if word.calendar == "jalali" else ""
        return DateMatch(start, end, None, jalali, "day", False), stop
    return _day_match(start, end, resolved[1]), stop


def _month_date(
    text: str, tokens: list[Token], start: int, month: tuple[CalendarWord, int, bool], article: date | None
) -> tuple[DateMatch, int] | None:
    word, stop, with_suffix = month
    year = _year(text, tokens, stop, word.calendar)
    if year is None and (word.needs_year or not with_suffix):
        return None  # a bare «مهر» or «تیر» is more often a common noun than a month
    if year is None and article is not None:
        resolved = _resolve(word.number, 1, word.calendar, article)
        year = resolved[0] if resolved else None
        end, after = tokens[stop - 1].end, stop
    elif year is not None:
        end, after = tokens[stop].end, stop + 1
    else:
        end, after = tokens[stop - 1].end, stop
    when = make_date(year, word.number, 1) if year is not None else None
    jalali = _jalali_text(year, word.number) if word.calendar == "jalali" else ""
    return DateMatch(start, end, when, jalali, "month", False), after


_YEAR_HEAD = "سال"


def _year_date(text: str, tokens: list[Token], i: int) -> DateMatch | None:
    """«سال ۱۴۰۴», «سال 2025»: a year after the word «سال»."""
    if tokens[i].key != _YEAR_HEAD or i + 1 >= len(tokens):
        return None
    year = _int_token(tokens, i + 1, (4,))
    if year is None or not adjacent(text, tokens[i], tokens[i + 1]):
        return None
    nxt = tokens[i + 2] if i + 2 < len(tokens) else None
    if nxt is not None and nxt.kind == "num" and nxt.start == tokens[i + 1].end:
        return None
    tok = tokens[i + 1]
    if 1200 <= year < JALALI_BEFORE:
        return DateMatch(tok.start, tok.end, farvardin_first(year), to_persian_digits(year), "year", False)
    if 1800 <= year < 2300:
        return DateMatch(tok.start, tok.end, date(year, 1, 1), "", "year", False)
    return None


def _relative(text: str, tokens: list[Token], i: int, article: date | None) -> tuple[DateMatch, int] | None:
    found = _calendar_word(text, tokens, i, "relative")
    if found is None:
        return None
    word, stop = found
    start, end = tokens[i].start, tokens[stop - 1].end
    try:
        when = article + timedelta(days=word.number) if article is not None else None
    except OverflowError:  # date.max + 1 day
        when = None
    if when is None:
        return DateMatch(start, end, None, "", "day", True), stop
    return _day_match(start, end, when, relative=True), stop


def find_dates(text: str, article_date: date | None = None) -> list[DateMatch]:
    """Every date in ``text`` (normalised Persian), in order of position."""
    return dates_in_tokens(text, tokenize(text), article_date)


def dates_in_tokens(text: str, tokens: list[Token], article_date: date | None = None) -> list[DateMatch]:
    """``find_dates`` for a caller that has already tokenised ``text`` (see ``numbers.tokenize``)."""
    return [found for found, _, _ in date_token_spans(text, tokens, article_date)]


# (text, article date) -> (calendar words, tokens, spans) of the last few calls: the
# pipeline reads the dates of an article twice (its dates, then the quantities that
# are no dates). The calendar words are kept to notice a reloaded lexicon.
_SPANS_CACHE: dict[
    tuple[str, date | None],
    tuple[dict[str, CalendarWord], list[Token], tuple[tuple[DateMatch, int, int], ...]],
] = {}
_SPANS_CACHE_SIZE = 4


def date_token_spans(
    text: str, tokens: list[Token], article_date: date | None = None
) -> list[tuple[DateMatch, int, int]]:
    """Each date with the tokens ``[first, stop)`` it was read from."""
    key, words = (text, article_date), calendar_words()
    hit = _SPANS_CACHE.get(key)
    if hit is not None and hit[0] is words and hit[1] == tokens:  # the same Token objects: a quick test
        return list(hit[2])
    found = _date_token_spans(text, tokens, article_date)
    if len(_SPANS_CACHE) >= _SPANS_CACHE_SIZE:
        _SPANS_CACHE.pop(next(iter(_SPANS_CACHE)), None)
    _SPANS_CACHE[key] = (words, list(tokens), tuple(found))
    return found


def _date_token_spans(text: str, tokens: list[Token], article_date: date | None) -> list[tuple[DateMatch, int, int]]:
    found: list[tuple[DateMatch, int, int]] = []
    starts = _start_keys()
    after = 0  # the first token not yet inside a found date
    # only a number or a calendar-ish word can open a date: look nowhere else
    for i in numbers_and(tokens, starts):
        if i < after or not _may_start_date(tokens, i, starts):
            continue
        hit = (
            _numeric_date(text, tokens, i)
            or _textual_date(text, tokens, i, article_date)
            or _relative(text, tokens, i, article_date)
        )
        if hit is None:
            year = _year_date(text, tokens, i)
            hit = (year, i + 2) if year is not None else None
        if hit is not None:
            found.append((hit[0], i, hit[1]))
            after = hit[1]
    return found


def _may_start_date(tokens: list[Token], i: int, starts: frozenset[str]) -> bool:
    """A cheap test before the full one: a number opens a date only before a month or «/», «-»."""
    token = tokens[i]
    if token.kind != "num" or "/" in token.key:
        return True
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    return nxt is not None and (nxt.text == "-" or nxt.key in starts)


@lru_cache(maxsize=1)
def _start_keys() -> frozenset[str]:
    """Keys of the words a written date may start with."""
    keys = set(calendar_words()) | ordinal_words() | {_YEAR_HEAD}
    for word in load_rows("months.tsv"):  # «سه شنبه» typed with a space starts with «سه»
        keys.add(word["name"].replace("\u200c", " ").split()[0])
    for key, word in calendar_words().items():
        if word.calendar in ("jalali", "gregorian"):
            keys.add(key + _MONTH_SUFFIX)  # «مهرماه»
    keys.update(k for k, w in number_words().items() if w.kind == "ten")  # «بیست و دوم»
    return frozenset(keys)


# --- the command line's --date ------------------------------------------------------------

_DATE_ARG = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})")


def parse_date_arg(s: str) -> date:
    """``2025-10-07``, ``1404-07-15`` or ``۱۴۰۴/۰۷/۱۵`` (a year below 1700 is Jalali)."""
    m = _DATE_ARG.fullmatch(to_ascii_digits(s.strip()))
    if m is None:
        raise ValueError(f"expected a date like 2025-10-07 or 1404-07-15, got {s!r}")
    year, month, day = (int(g) for g in m.groups())
    try:
        return make_date(year, month, day)
    except ValueError:
        calendar = "Jalali" if year < JALALI_BEFORE else "Gregorian"
        raise ValueError(f"no such {calendar} date: {s.strip()}") from None
