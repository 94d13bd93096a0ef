"""Quantities claimed in Persian news text: a number, its unit, and what qualifies it.

``find_quantities`` walks the tokens of normalised text; at each number phrase
(``numbers.scan_number``) it decides, with small rules over lexicon data:

1. whether the number is a quantity at all. Not: dates and years (``۱۵ مهر ۱۴۰۴``,
   ``سال ۱۳۹۸``, a bare ``۱۴۰۵`` unless a listed unit follows: ``۱۴۰۰ نفر``), numbers inside
   names (``خط ۲``, ``منطقه ۱۵``, ``ماده ۱۰``: heads listed in ``quantity_modifiers.tsv`` with
   sense ``name``; a measure unit or a scale word after the number still makes a claim:
   ``در سال ۱۸ درصد``), clock times, phone numbers and codes, ordinals (``۱۴ام``), «یک» and
   «نه» alone before anything but a measure («یک اصل ویژه»: an article; «نه بودجه»: "not"),
   a number word after «این/هر» (``این دو طرح``: a reference, not a claim), and compound
   adjectives (``جنگ ۱۲ روزه``, ``تیم ۵ نفره``, ``برنامه ۲۰ ساله``): these name a property of
   something rather than claim an amount, so they are left out on purpose;
2. its unit (``units.tsv``): the longest listed unit after it, spacing- and ZWNJ-insensitive,
   also as an adjective (``درصدی``, ``تختخوابی`` → تخت) or glued to a scale word
   (``میلیاردتومان``); otherwise the next word as a counted noun (``۳۵۰ پرستار``) unless it is a
   function word, a calendar word or another number. A number with neither a unit nor a
   scale word (``به ۶۰ رسید``) is not kept;
3. a range (``۱۰ تا ۱۵``, ``۱۰ الی ۱۵``, ``۱۰-۱۵``: ``value`` is the lower bound, ``upper`` the
   other, and ``۱۰ تا ۱۵ میلیارد`` scales both), a list sharing a listed unit (``۲۰، ۳۰ و ۴۰
   درصد``: three quantities, the bare ones spanning their number only), a modifier before it
   (``بیش از``, ``حدود`` …, outside the span), what it measures (``۱۲٬۵۰۰ هکتار از اراضی ملی``)
   and its value in rials for تومان/ریال.

Scale words are folded into the value (``۹ هزار میلیارد تومان`` → 9×10¹² تومان) and kept as
written in ``unit_phrase`` («هزار میلیارد تومان»).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from kg.extract.dates import calendar_words, date_token_spans
from kg.extract.numbers import (
    NumberPhrase,
    Token,
    adjacent,
    fold,
    is_number_token,
    number_words,
    numbers_and,
    ordinal_value,
    scan_number,
    tidy,
    tokenize,
)
from kg.lexicons import load_rows
from kg.text.normalise import ZWNJ


@dataclass(frozen=True, slots=True)
class QuantityMatch:
    start: int  # span of the number and its unit as written, in the normalised text
    end: int
    value: Decimal  # scale words folded in
    unit: str  # canonical unit («درصد», «تومان», «کیلومتر مربع», «تخت») or the counted noun
    unit_phrase: str  # scale words and unit as written («هزار میلیارد تومان»)
    upper: Decimal | None = None  # the end of a range
    modifier: str | None = None  # «بیش از», «حدود», ... (not inside the span)
    value_in_rials: Decimal | None = None
    measures: str | None = None  # «اراضی ملی» in «۱۲٬۵۰۰ هکتار از اراضی ملی»


# --- lexicons --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Unit:
    canonical: str
    kind: str
    rials: Decimal | None


@dataclass(frozen=True, slots=True)
class _Lexicon:
    units: dict[str, Unit]  # fold(unit) → Unit
    no_unit: frozenset[str]  # words after which a number has no unit (kind "none")
    max_unit_tokens: int
    modifiers: dict[str, str]  # fold(modifier) → canonical
    max_modifier_tokens: int
    name_heads: frozenset[str]
    determiners: frozenset[str]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    units: dict[str, Unit] = {}
    no_unit: set[str] = set()
    max_unit = 1
    for row in load_rows("units.tsv"):
        key = fold(row["unit"])
        if row["kind"] == "none":
            no_unit.add(key)
            continue
        rials = Decimal(row["rials"]) if row.get("rials") else None
        units[key] = Unit(row["canonical"], row["kind"], rials)
        max_unit = max(max_unit, len(row["unit"].replace(ZWNJ, " ").split()))
    modifiers: dict[str, str] = {}
    names: set[str] = set()
    determiners: set[str] = set()
    max_mod = 1
    for row in load_rows("quantity_modifiers.tsv"):
        key = fold(row["modifier"])
        if row["sense"] == "name":
            names.add(key)
        elif row["sense"] == "determiner":
            determiners.add(key)
        else:
            modifiers[key] = row["canonical"]
            max_mod = max(max_mod, len(row["modifier"].replace(ZWNJ, " ").split()))
    # a unit may be typed with more tokens than listed («سانتی متر» for «سانتیمتر»)
    return _Lexicon(
        units, frozenset(no_unit), max_unit + 1, modifiers, max_mod + 1, frozenset(names), frozenset(determiners)
    )


_ONE = Decimal(1)
# A NamedTuple's own constructor is a Python function; building the tuple directly is several
# times faster, which counts for the few objects made for every number in an article.
_new = tuple.__new__
_NAME_ENDINGS = ("ی", "های", "ها")
_PERCENT_SIGNS = frozenset("%٪")
_RANGE_WORDS = frozenset(("تا", "الی"))
_DASHES = frozenset("-–")
_LIST_JOINERS = frozenset(("و", "یا", "،", ","))
_ORDINAL_SUFFIXES = frozenset(("ام", "امین", "مین", "م"))
_VERB_PREFIXES = ("می" + ZWNJ, "نمی" + ZWNJ)
_MEASURES_AFTER = "از"
_MEASURE_KINDS_EXCLUDED = frozenset(("count", "time"))  # what «یک» alone may not count


# --- unit lookup -----------------------------------------------------------------------------


class _UnitHit(NamedTuple):
    unit: str
    kind: str  # a units.tsv kind, or "noun" for an unlisted counted noun
    rials: Decimal | None
    stop: int  # token index after the unit
    start: int  # code-point offsets of the unit as written
    end: int
    scale: Decimal = Decimal(1)  # a scale word glued to the unit («میلیاردتومان»)
    compound_adjective: bool = False  # «۱۲ روزه»: no quantity


def _listed_unit(key: str) -> tuple[Unit, bool] | None:
    """The unit a folded word or phrase names, and whether it is a compound adjective."""
    return _unit_forms().get(key)


@lru_cache(maxsize=1)
def _unit_forms() -> dict[str, tuple[Unit, bool]]:
    """Every written form of every unit: as listed, adjectival, or a compound adjective.

    «درصد», «درصدی», «روستای» (ezafe), «خانه‌ای» are the unit; «روزه», «ساله», «نفره» are
    compound adjectives (flag True). A listed form always wins over a derived one.
    """
    forms: dict[str, tuple[Unit, bool]] = {}
    units = _lexicon().units
    for key, unit in units.items():
        if not key.endswith("ه"):
            forms.setdefault(key + "ه", (unit, True))
    for key, unit in units.items():
        for suffix in ("ی", "ای"):
            forms[key + suffix] = (unit, False)
    for key, unit in units.items():
        forms[key] = (unit, False)
    return forms


@lru_cache(maxsize=1)
def _unit_prefixes() -> frozenset[str]:
    """Every prefix of every written form of a unit: where a multiword unit may go on."""
    return frozenset(form[:i] for form in _unit_forms() for i in range(1, len(form) + 1))


@lru_cache(maxsize=1)
def _scale_words() -> tuple[tuple[str, Decimal], ...]:
    """(word, value) of the scale words, in lexicon order."""
    return tuple((word, number.value) for word, number in number_words().items() if number.kind == "scale")


def _glued_scale_unit(key: str) -> tuple[Decimal, Unit] | None:
    """«میلیاردتومان», «هزارتومانی»: a scale word written together with a unit."""
    for word, value in _scale_words():
        if key.startswith(word) and len(key) > len(word):
            found = _listed_unit(key[len(word) :])
            if found is not None and not found[1]:
                return value, found[0]
    return None


def _unit_after(text: str, tokens: list[Token], k: int) -> _UnitHit | None:
    """The unit starting at ``tokens[k]``, right after a number (or a range)."""
    if k >= len(tokens) or not adjacent(text, tokens[k - 1], tokens[k]):
        return None
    first = tokens[k]
    if first.kind == "sym" and first.text in _PERCENT_SIGNS:
        return _UnitHit("درصد", "percent", None, k + 1, first.start, first.end)
    if first.kind != "word":
        return None
    lexicon = _lexicon()
    prefixes = _unit_prefixes()
    key = ""
    candidates: list[tuple[int, str]] = []
    for j in range(k, min(len(tokens), k + lexicon.max_unit_tokens)):
        if tokens[j].kind != "word" or (j > k and not adjacent(text, tokens[j - 1], tokens[j])):
            break
        key += tokens[j].key
        if key not in prefixes:  # no unit starts so: nor will a longer run of tokens
            break
        candidates.append((j + 1, key))
    for stop, key in reversed(candidates):  # longest unit first
        found = _listed_unit(key)
        if found is not None:
            unit, compound = found
            end = tokens[stop - 1].end
            # _UnitHit(unit, kind, rials, stop, start, end, scale, compound_adjective)
            return _new(_UnitHit, (unit.canonical, unit.kind, unit.rials, stop, first.start, end, _ONE, compound))
    glued = _glued_scale_unit(first.key)
    if glued is not None:
        scale, unit = glued
        return _UnitHit(unit.canonical, unit.kind, unit.rials, k + 1, first.start, first.end, scale=scale)
    if _counted_noun(first):
        return _UnitHit(_noun_form(first.text), "noun", None, k + 1, first.start, first.end)
    return None


def _counted_noun(token: Token) -> bool:
    """May this word, after a number, be the thing counted («۳۵۰ پرستار»)?"""
    key = token.key
    if key in _lexicon().no_unit or key in calendar_words() or ordinal_value(key) is not None:
        return False
    if key in _verb_forms():  # «به ۶۰ رسیدند»
        return False
    return not is_number_token(token) and not token.text.startswith(_VERB_PREFIXES)  # «می‌شود», «نمی‌رسد»


@lru_cache(maxsize=1)
def _verb_forms() -> frozenset[str]:
    """Inflected forms of the verbs in ``verb_stems.tsv`` (folded), none of them a counted noun.

    Bare past stems and participles are left out: many are nouns too («نشست» meeting,
    «بسته» package, «کشته» the dead: «۱۲ نشست تخصصی», «۱۰ کشته»); the auxiliaries among
    them are listed in units.tsv with kind none.
    """
    forms: set[str] = set()
    for row in load_rows("verb_stems.tsv"):
        past, present = fold(row.get("past", "")), fold(row.get("present", ""))
        if not past or not present:
            continue
        for ending in ("م", "یم", "ید", "ند"):
            forms.update((past + ending, "ن" + past + ending))
        for ending in ("م", "د", "یم", "ید", "ند"):
            forms.update(("ب" + present + ending, "ن" + present + ending))
        forms.update((past + "هاند", past + "هاست"))
    return frozenset(forms)


def _noun_form(word: str) -> str:
    """A counted noun without its ezafe: «روستای» → «روستا», «خانه‌ای» → «خانه»."""
    if word.endswith(ZWNJ + "ای"):
        return word[:-3]
    if word.endswith("ای") and len(word) > 3:
        return word[:-1]
    return word


# --- what a number is not --------------------------------------------------------------------


def _is_code_or_time(text: str, tokens: list[Token], phrase: NumberPhrase) -> bool:
    """Phone numbers, codes, clock times, «COVID-19», «4G», «۱۴ام»."""
    first, last = tokens[phrase.first], tokens[phrase.stop - 1]
    if first.kind == "num" and len(first.key) > 1 and first.key[0] == "0" and first.key[1].isdigit():
        return True  # «۰۲۱», «۰۹۱۲…»: a phone number or a code
    before = tokens[phrase.first - 1] if phrase.first > 0 else None
    after = tokens[phrase.stop] if phrase.stop < len(tokens) else None
    if before is not None and before.end == first.start:  # glued
        if before.kind == "latin" or before.text in (":", "/"):
            return True
        if before.text in _DASHES and phrase.first > 1 and tokens[phrase.first - 2].end == before.start:
            return True  # «کووید-۱۹», «F-35», «۰۲۱-۸۸۸۸»
    if after is not None and last.end == after.start and (after.kind == "latin" or after.text == ":"):
        return True  # «4G», «۱۰:۳۰»
    return after is not None and after.key in _ORDINAL_SUFFIXES and adjacent(text, last, after)


def _is_year(tokens: list[Token], phrase: NumberPhrase) -> bool:
    """A bare 4-digit 13xx/14xx/19xx/20xx number: a year unless a listed unit follows."""
    if phrase.stop - phrase.first != 1 or tokens[phrase.first].kind != "num":
        return False
    key = tokens[phrase.first].key
    return key.isdigit() and len(key) == 4 and key[:2] in ("13", "14", "19", "20")


def _previous_word(text: str, tokens: list[Token], index: int) -> str | None:
    if index == 0 or not adjacent(text, tokens[index - 1], tokens[index]):
        return None
    before = tokens[index - 1]
    return before.key if before.kind == "word" else None


def _after_name_head(text: str, tokens: list[Token], phrase: NumberPhrase) -> bool:
    """«خط ۲», «منطقه‌ی ۱۵», «سال‌های ۹۸»: the number is part of a name."""
    word = _previous_word(text, tokens, phrase.first)
    if word is None:
        return False
    heads = _lexicon().name_heads
    # as listed, or with an ezafe or a plural ending
    return word in heads or (
        word.endswith(_NAME_ENDINGS) and any(word.endswith(s) and word[: -len(s)] in heads for s in _NAME_ENDINGS)
    )


# --- the pieces around a number --------------------------------------------------------------


def _modifier(text: str, tokens: list[Token], first: int) -> str | None:
    """The longest modifier ending right before ``tokens[first]``."""
    lexicon = _lexicon()
    suffixes = _modifier_suffixes()
    key = ""
    best = None
    for j in range(first - 1, max(-1, first - 1 - lexicon.max_modifier_tokens), -1):
        if tokens[j].kind != "word" or not adjacent(text, tokens[j], tokens[j + 1]):
            break
        key = tokens[j].key + key
        if key not in suffixes:  # no modifier ends so: nor will a longer run of tokens
            break
        best = lexicon.modifiers.get(key, best)
    return best


@lru_cache(maxsize=1)
def _modifier_suffixes() -> frozenset[str]:
    """Every suffix of every modifier: where a multiword modifier may go on to the left."""
    return frozenset(m[i:] for m in _lexicon().modifiers for i in range(len(m)))


def _upper(text: str, tokens: list[Token], lower: NumberPhrase) -> NumberPhrase | None:
    """The end of a range after ``lower``: «۱۰ تا ۱۵», «۱۰ الی ۱۵», «۱۰-۱۵»."""
    k = lower.stop
    if k + 1 >= len(tokens) or not adjacent(text, tokens[k - 1], tokens[k]):
        return None
    joiner = tokens[k]
    if joiner.key not in _RANGE_WORDS and joiner.text not in _DASHES:
        return None
    if not adjacent(text, joiner, tokens[k + 1]):
        return None
    upper = scan_number(text, tokens, k + 1)
    if upper is None:
        return None
    if joiner.text in _DASHES and (tokens[lower.first].kind != "num" or tokens[k + 1].kind != "num"):
        return None
    return upper if _range_lower(lower, upper) < upper.value else None


def _range_lower(lower: NumberPhrase, upper: NumberPhrase) -> Decimal:
    """«۱۰ تا ۱۵ میلیارد»: the upper bound's closing scale words apply to a bare lower bound."""
    return lower.value if lower.has_scale else tidy(lower.value * upper.trailing_scale)


def _measures(text: str, tokens: list[Token], k: int) -> str | None:
    """«از اراضی ملی» after the unit → «اراضی ملی»: at most two content words.

    Kept conservative: «از» also starts time and source phrases («از سال ۱۳۹۳», «از محل
    اعتبارات») and superlatives («از مهم‌ترین طرح‌ها»), which measure nothing.
    """
    if k + 1 >= len(tokens) or tokens[k].key != _MEASURES_AFTER or not adjacent(text, tokens[k - 1], tokens[k]):
        return None
    stop = k + 1
    while stop < min(len(tokens), k + 3) and _measurable(text, tokens, stop):
        stop += 1
    if stop == k + 1:
        return None
    if stop < len(tokens) and adjacent(text, tokens[stop - 1], tokens[stop]):
        following = tokens[stop]
        if following.key.startswith(_COMPARATIVE) or following.kind == "num":
            return None  # «از مهم ترین طرح‌ها», «از خط ۱۰ مترو»: a superlative, a name
    return text[tokens[k + 1].start : tokens[stop - 1].end]


_COMPARATIVE = "تر"  # «تر», «ترین» written apart: «مهم ترین»


def _measurable(text: str, tokens: list[Token], j: int) -> bool:
    token = tokens[j]
    if token.kind != "word" or not adjacent(text, tokens[j - 1], token) or not _counted_noun(token):
        return False
    listed = _listed_unit(token.key)
    return not token.key.endswith(_COMPARATIVE + "ین") and not (listed and listed[0].kind == "time")


# --- deciding ---------------------------------------------------------------------------------


class _Candidate(NamedTuple):
    """A number phrase (possibly a range) and the unit after it, before the final checks."""

    lower: NumberPhrase
    upper: NumberPhrase | None
    unit: _UnitHit | None
    last: NumberPhrase  # upper or lower (a field, not a property: it is read often)


def _accepts(text: str, tokens: list[Token], cand: _Candidate, in_name: bool) -> bool:
    """Is this number, with this unit, a claimed quantity? ``in_name``: it follows a name head."""
    unit, lower = cand.unit, cand.lower
    scaled = cand.last.has_scale or (unit is not None and unit.scale > 1)
    if unit is not None and unit.compound_adjective:
        return False
    if unit is None:
        return scaled
    listed = unit.kind != "noun"
    measure = listed and unit.kind not in _MEASURE_KINDS_EXCLUDED
    word = lower.lone_word if cand.upper is None else None
    if word is not None and not scaled:
        if word.alone == "measure" and not measure:
            return False  # «یک اصل ویژه», «نه بودجه آغاز»
        if _previous_word(text, tokens, lower.first) in _lexicon().determiners:
            return False  # «این دو طرح»
    if in_name and not (scaled or measure):
        return False  # «خط ۲ قطار شهری», «سال ۹۸» («بخش ۵۰ درصد» still counts)
    return not (_is_year(tokens, lower) and not scaled and not listed)


def _build(text: str, tokens: list[Token], cand: _Candidate, unit: _UnitHit | None) -> QuantityMatch:
    lower, last = cand.lower, cand.last
    scale = unit.scale if unit is not None else _ONE
    value = _range_lower(lower, last) if cand.upper is not None else lower.value
    value = tidy(value * scale)
    upper = tidy(last.value * scale) if cand.upper is not None else None
    end = unit.end if unit is not None else last.end
    phrase_start = last.trailing_start if last.trailing_start is not None else (unit.start if unit else end)
    rials = unit.rials if unit is not None else None
    return QuantityMatch(
        start=lower.start,
        end=end,
        value=value,
        unit=unit.unit if unit is not None else "",
        unit_phrase=text[phrase_start:end],
        upper=upper,
        modifier=_modifier(text, tokens, lower.first),
        value_in_rials=tidy(value * rials) if rials is not None else None,
        measures=_measures(text, tokens, unit.stop) if unit is not None else None,
    )


def _candidate(text: str, tokens: list[Token], i: int) -> _Candidate | None:
    lower = scan_number(text, tokens, i)
    if lower is None:
        return None
    upper = _upper(text, tokens, lower)
    unit = _unit_after(text, tokens, (upper or lower).stop)
    return _new(_Candidate, (lower, upper, unit, upper or lower))


def find_quantities(text: str) -> list[QuantityMatch]:
    """Every claimed quantity in normalised Persian ``text``, in order of position."""
    tokens = tokenize(text)
    masked = _date_tokens(text, tokens)
    words = number_words()
    out: list[QuantityMatch] = []
    pending: list[_Candidate] = []  # bare numbers in a list waiting for its unit
    after = 0  # the first token not yet used by an earlier number
    name_list = -1  # where the next number of a list of names starts («مواد ۱۰ و ۱۱»)
    for i in numbers_and(tokens, words):
        if i < after or i in masked:
            continue
        cand = _candidate(text, tokens, i)
        if cand is None:
            continue
        after = cand.last.stop
        if not masked.isdisjoint(range(cand.lower.first, cand.last.stop)) or _is_code_or_time(text, tokens, cand.lower):
            pending.clear()
            continue
        in_name = i == name_list or _after_name_head(text, tokens, cand.lower)
        if _accepts(text, tokens, cand, in_name):
            out.extend(_build(text, tokens, p, _shared_unit(p, cand)) for p in _list_members(pending, cand))
            pending.clear()
            out.append(_build(text, tokens, cand, cand.unit))
            after = cand.unit.stop if cand.unit is not None else after
            continue
        name_list = _next_in_list(text, tokens, cand.last.stop) if in_name else -1
        pending = [] if in_name else _extend_list(text, tokens, pending, cand)
    return sorted(out, key=lambda q: (q.start, q.end))


def _next_in_list(text: str, tokens: list[Token], k: int) -> int:
    """Index of the number after a list joiner at ``tokens[k]`` («۲۰، ۳۰ و ۴۰»), else -1."""
    if (
        k + 1 < len(tokens)
        and tokens[k].key in _LIST_JOINERS
        and adjacent(text, tokens[k - 1], tokens[k])
        and adjacent(text, tokens[k], tokens[k + 1])
        and tokens[k + 1].kind == "num"
    ):
        return k + 1
    return -1


def _list_members(pending: list[_Candidate], closing: _Candidate) -> list[_Candidate]:
    """«۲۰ و ۳۰ درصد»: the bare numbers before ``closing`` share its unit, if it is a listed one."""
    unit = closing.unit
    if unit is None or unit.kind == "noun" or closing.lower.first != _after_list(pending):
        return []
    return pending


def _after_list(pending: list[_Candidate]) -> int | None:
    return pending[-1].last.stop + 1 if pending else None


def _shared_unit(member: _Candidate, closing: _Candidate) -> _UnitHit:
    """The closing unit for a bare list member; its closing scale too («۲ و ۳ میلیارد دلار»)."""
    unit = closing.unit
    assert unit is not None
    scale = unit.scale if member.lower.has_scale else unit.scale * closing.last.trailing_scale
    end = member.last.end
    return _UnitHit(unit.unit, unit.kind, unit.rials, member.last.stop, end, end, scale)


def _extend_list(text: str, tokens: list[Token], pending: list[_Candidate], cand: _Candidate) -> list[_Candidate]:
    """Keep a bare number when a list joiner and another number follow it («۲۰، ۳۰ و ۴۰ درصد»)."""
    bare = cand.unit is None and cand.upper is None and cand.lower.lone_word is None
    if bare and not _is_year(tokens, cand.lower) and _next_in_list(text, tokens, cand.last.stop) >= 0:
        return [*pending, cand]
    return []


def _date_tokens(text: str, tokens: list[Token]) -> set[int]:
    """Indexes of tokens inside a date («۱۵ مهر ۱۴۰۴», «سال ۱۴۰۴», «۱۴۰۴/۰۷/۱۵»)."""
    masked: set[int] = set()
    for _, first, stop in date_token_spans(text, tokens):
        masked.update(range(first, stop))
    return masked
