"""Numbers as written in Persian news: digits and number words → ``Decimal``.

Input is normalised text (see ``kg.text.normalise``): Persian letters, Persian or Latin
digits, and a ZWNJ that may be present, missing or typed as a space. The forms read:

- digits with thousands separators (``۱۲٬۵۰۰``, ``12,500``) and a decimal point written
  ``.``, ``/`` or ``٫`` (``۲/۵``); a second ``/`` makes a date (``۱۴۰۴/۰۷/۱۵``), never a number;
- number words from ``lexicons/numbers.tsv`` combined as Persian writes them: ``بیست و پنج``,
  ``صد و بیست``, ``دو و نیم میلیون``, ``۲ هزار و ۳۰۰ میلیارد``, ``هزار میلیارد``.

A scale word multiplies everything before it that is smaller than itself, so
``۲ هزار و ۳۰۰ میلیارد`` is 2 300 × 10⁹ while ``دو میلیون و پانصد هزار`` is 2 500 000.

``tokenize`` and ``scan_number`` are shared with the quantity and date extractors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import repeat
from operator import attrgetter
from typing import NamedTuple

from kg.lexicons import load_rows
from kg.text.normalise import LETTER, ZWNJ

_DIGIT = "0-9۰-۹٠-٩"
_MARKS = "\u064b-\u065f\u0670"  # harakat: normalised text has none, raw text may
_HARAKAT = re.compile(f"[{_MARKS}]")
_NO_HARAKAT = dict.fromkeys(range(0x064B, 0x0660)) | {0x0670: None}
_TO_ASCII = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_TO_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_LASTINDEX = attrgetter("lastindex")

# One token: a digit group (separators and decimal marks kept inside so that
# «۱۲٬۵۰۰» and «۱۴۰۴/۰۷/۱۵» stay whole), a Persian word (ZWNJ allowed inside),
# a Latin word, or any other single visible character. The leading white space is
# matched too and possessive quantifiers never backtrack: both halve the matching time.
# A symbol that is a letter or digit of another script has a group of its own (its kind
# is "sym" all the same): it tells :func:`persian_tokens` that the text is not plain Persian.
_TOKEN = re.compile(
    r"\s*+(?:"
    rf"(?P<word>[{LETTER}{_MARKS}]++(?:{ZWNJ}[{LETTER}{_MARKS}]++)*+)"
    rf"|(?P<num>[{_DIGIT}]++(?:[,٬][{_DIGIT}]{{3}}(?![{_DIGIT}]))*+(?:[./٫][{_DIGIT}]++)*+)"
    r"|(?P<latin>[A-Za-z]++)"
    rf"|(?P<sym>[^\w\s{ZWNJ}]|_)"
    r"|(?P<other>[^\W_]))"
)
_KIND_OF_GROUP = ("", "word", "num", "latin", "sym", "sym")  # by group number
_NUM_GROUP, _LATIN_GROUP, _OTHER_GROUP = 2, 3, 5
_SEPARATOR = re.compile(f"[ \t{ZWNJ}]*")
_ONE_SEPARATOR = frozenset(f" \t{ZWNJ}")
AND = "و"


class Token(NamedTuple):
    """A token of normalised text with its code-point offsets (a tuple: articles have many)."""

    text: str
    start: int
    end: int
    kind: str  # "num", "word", "latin" or "sym"
    key: str  # words: without ZWNJ; numbers: ASCII digits; else the text


@dataclass(frozen=True, slots=True)
class NumberWord:
    value: Decimal
    kind: str  # unit, ten, hundred, scale or fraction
    alone: str  # "" or "measure" (see lexicons/numbers.tsv)


class NumberPhrase(NamedTuple):
    """A number found by ``scan_number``: tokens ``[first, stop)`` of the token list.

    (A NamedTuple, not a frozen dataclass: one is made per number and the latter is six
    times slower to build.)
    """

    value: Decimal
    first: int
    stop: int
    start: int  # code-point offsets in the text
    end: int
    has_scale: bool
    trailing_scale: Decimal  # product of the scale words that close the phrase (1 when none)
    trailing_start: int | None  # where those closing scale words begin
    lone_word: NumberWord | None  # the word, when the phrase is a single number word


def fold(word: str) -> str:
    """Matching key of a word or phrase: no ZWNJ, no spaces, no vowel marks."""
    return word.replace(ZWNJ, "").replace(" ", "").translate(_NO_HARAKAT)


def to_ascii_digits(text: str) -> str:
    return text.translate(_TO_ASCII)


def to_persian_digits(text: str | int) -> str:
    return str(text).translate(_TO_PERSIAN)


def tokenize(text: str) -> list[Token]:
    """Tokens of ``text`` in order; white space and stray ZWNJs are not tokens."""
    # quantities and dates both tokenize the same article: do it once
    return list(_tokenize(text).tokens)


class TokenColumns(NamedTuple):
    """``tokenize(text)`` as parallel lists (shared and cached: never mutate them)."""

    texts: list[str]
    starts: list[int]
    ends: list[int]
    kinds: list[str]
    keys: list[str]
    numbers: list[int]  # the indexes of the digit tokens
    marks: bool  # the text has vowel marks, which the keys leave out


def persian_tokens(text: str) -> TokenColumns | None:
    """The tokens of ``text`` as columns, or None when it has Latin letters or letters or digits
    of other scripts (tokens then differ from those of a tokeniser that reads any script)."""
    found = _tokenize(text)
    return found.columns if found.persian else None


class _Tokenized(NamedTuple):
    tokens: tuple[Token, ...]
    columns: TokenColumns
    persian: bool  # no Latin letters, no letters or digits of other scripts


@lru_cache(maxsize=4)
def _tokenize(text: str) -> _Tokenized:
    # Built column by column with C-level map/zip: an article has hundreds of tokens and a
    # Python loop creating each one costs more than all the matching done on them.
    matches = list(_TOKEN.finditer(text))
    groups = list(map(_LASTINDEX, matches))  # the group that matched, without the white space
    texts = list(map(re.Match.group, matches, groups))
    kinds = list(map(_KIND_OF_GROUP.__getitem__, groups))
    keys = list(map(str.replace, texts, repeat(ZWNJ), repeat("")))
    marks = bool(_HARAKAT.search(text))
    if marks:  # «تقریباً»: vowel marks are part of the word, not of its key
        keys = [key.translate(_NO_HARAKAT) for key in keys]
    numbers = [i for i, group in enumerate(groups) if group == _NUM_GROUP]
    for i in numbers:
        keys[i] = keys[i].translate(_TO_ASCII)
    starts = list(map(re.Match.start, matches, groups))
    ends = list(map(re.Match.end, matches))
    tokens = tuple(map(tuple.__new__, repeat(Token), zip(texts, starts, ends, kinds, keys, strict=True)))
    persian = _LATIN_GROUP not in groups and _OTHER_GROUP not in groups
    return _Tokenized(tokens, TokenColumns(texts, starts, ends, kinds, keys, numbers, marks), persian)


def numbers_and(tokens: list[Token], keys: frozenset[str] | dict[str, object]) -> list[int]:
    """Indexes of the digit tokens and of the tokens whose key is in ``keys``."""
    return [i for i, t in enumerate(tokens) if t.kind == "num" or t.key in keys]


def adjacent(text: str, left: Token, right: Token) -> bool:
    """True when only spaces or ZWNJs (no line break, no punctuation) separate two tokens."""
    gap = right.start - left.end
    if gap <= 1:  # the common case, without a regex
        return gap == 0 or text[left.end] in _ONE_SEPARATOR
    return _SEPARATOR.fullmatch(text, left.end, right.start) is not None


@lru_cache(maxsize=1)
def number_words() -> dict[str, NumberWord]:
    """Number words keyed by ``fold(word)``."""
    return {
        fold(row["word"]): NumberWord(Decimal(row["value"]), row["kind"], row.get("alone", ""))
        for row in load_rows("numbers.tsv")
    }


def parse_digits(token: str) -> Decimal | None:
    """Value of one digit token, or None when it is not a plain number (a date, «1.2.3»)."""
    s = to_ascii_digits(token).replace(",", "").replace("٬", "")
    s = s.replace("/", ".").replace("٫", ".")
    if s.count(".") > 1:
        return None
    try:
        return Decimal(s)
    except InvalidOperation:  # pragma: no cover - the token pattern only lets digits through
        return None


def tidy(value: Decimal) -> Decimal:
    """``Decimal('1800000.0')`` → ``Decimal('1800000')``; keeps real fractions («2.5»)."""
    integral = value.to_integral_value()
    # no quantize(): it raises on numbers longer than the context's 28 digits
    return integral if value == integral else value.normalize()


_ZERO = Decimal(0)  # Decimals are immutable: shared rather than built on every step
_ONE = Decimal(1)


# --- composing number words -------------------------------------------------------------


class _Atom(NamedTuple):
    kind: str  # "digits", a NumberWord kind, or "and"
    value: Decimal


# A NamedTuple's own constructor is a Python function; building the tuple directly is several
# times faster, which counts for the few objects made for every number in an article.
_new = tuple.__new__
_AND_ATOMS = (_new(_Atom, ("and", _ZERO)),)


@lru_cache(maxsize=1)
def _word_atoms() -> dict[str, tuple[_Atom, ...]]:
    """The atom of each number word, made once."""
    return {key: (_new(_Atom, (w.kind, w.value)),) for key, w in number_words().items()}


class _Accumulator:
    """Left-to-right value of a number phrase, checking that each step is Persian grammar."""

    def __init__(self) -> None:
        self.parts: list[tuple[Decimal, Decimal]] = []  # (amount already scaled, its scale)
        self.current: Decimal | None = None  # the group not yet scaled
        self.last: str = ""  # kind of the last atom
        self.last_value = _ZERO
        self.last_scale: Decimal | None = None  # most recent scale word
        self.has_scale = False
        self.trailing = _ONE

    def accepts(self, atom: _Atom, after_and: bool) -> bool:
        if not self.last:
            return not after_and
        if after_and:
            return self._accepts_after_and(atom)
        if atom.kind == "scale":
            # «۲ هزار», «هزار میلیارد»; never «میلیارد هزار»
            return self.last != "scale" or atom.value > (self.last_scale or 0)
        # «یک صد», «دو صد»: a unit word times a bare «صد»
        return self.last == "unit" and atom.kind == "hundred" and atom.value == 100

    def _accepts_after_and(self, atom: _Atom) -> bool:
        if atom.kind == "fraction":
            return self.last in ("digits", "unit", "ten", "hundred", "scale")
        if atom.kind in ("scale", "and"):
            return False
        if self.last == "scale":  # «۲ هزار و ۳۰۰», «یک میلیون و دویست»
            return atom.value < (self.last_scale or 0)
        if self.last == "hundred":  # «صد و بیست», «سیصد و ۵»
            return atom.value < 100 and atom.kind != "hundred"
        if self.last == "ten":  # «بیست و پنج»
            return atom.value < 10 and atom.kind in ("unit", "digits")
        return False  # «۲۰ و ۳۰» is a list, not a sum

    def take(self, atom: _Atom) -> None:
        if atom.kind == "scale":
            self._scale(atom.value)
        elif atom.kind == "fraction" and self.last == "scale" and self.current is None:
            # «یک میلیون و نیم»: half of the last scale
            scale = self.last_scale or _ONE
            self.parts.append((atom.value * scale, scale))
            self.trailing = _ONE
        elif atom.kind == "hundred" and self.last == "unit" and atom.value == 100:
            self.current = (self.current or _ZERO) * 100
            self.trailing = _ONE
        else:
            self.current = (self.current or _ZERO) + atom.value
            self.trailing = _ONE
        self.last = atom.kind
        self.last_value = atom.value

    def _scale(self, scale: Decimal) -> None:
        below = self.current or _ZERO
        keep: list[tuple[Decimal, Decimal]] = []
        for amount, part_scale in self.parts:
            if part_scale < scale:
                below += amount
            else:
                keep.append((amount, part_scale))
        if below == 0:
            below = _ONE  # «هزار نفر», «میلیون‌ها» aside
        keep.append((below * scale, scale))
        self.parts = keep
        self.current = None
        self.trailing = self.trailing * scale if self.last == "scale" else scale
        self.last_scale = scale
        self.has_scale = True

    @property
    def value(self) -> Decimal:
        return sum((a for a, _ in self.parts), _ZERO) + (self.current or _ZERO)


def _atoms(token: Token) -> tuple[_Atom, ...] | None:
    """What a token contributes to a number phrase, or None when it is no part of one."""
    if token.kind == "num":
        value = parse_digits(token.key)
        return None if value is None else (_new(_Atom, ("digits", value)),)
    if token.kind != "word":
        return None
    if token.key == AND:
        return _AND_ATOMS
    word = _word_atoms().get(token.key)
    if word is not None:
        return word
    if ZWNJ in token.text:  # «بیست‌و‌پنج», «دو‌هزار»: pieces joined by ZWNJ
        pieces = [p for p in token.text.split(ZWNJ) if p]
        atoms: list[_Atom] = []
        for piece in pieces:
            sub = _AND_ATOMS if piece == AND else _word_atoms().get(piece)
            if sub is None:
                return None
            atoms.extend(sub)
        return tuple(atoms)
    return None


def is_number_token(token: Token) -> bool:
    """Could a number phrase start at this token?"""
    atoms = _atoms(token)
    return bool(atoms) and atoms[0].kind != "and"


def scan_number(text: str, tokens: list[Token], first: int) -> NumberPhrase | None:
    """The longest number phrase starting at ``tokens[first]``, or None."""
    acc = _Accumulator()
    best: NumberPhrase | None = None
    trail_first: int | None = None
    after_and = False  # the previous atom was «و»
    i = first
    while i < len(tokens):
        token = tokens[i]
        if i > first and not adjacent(text, tokens[i - 1], token):
            break
        atoms = _atoms(token)
        if atoms is None:
            break
        ok = True
        for atom in atoms:
            if atom.kind == "and":
                if after_and or not acc.last:
                    ok = False
                    break
                after_and = True
                continue
            if not acc.accepts(atom, after_and):
                ok = False
                break
            if atom.kind == "scale" and acc.last != "scale":
                trail_first = i
            elif atom.kind != "scale":
                trail_first = None
            acc.take(atom)
            after_and = False
        if not ok:
            break
        i += 1
        if after_and:
            continue  # a phrase never ends on «و»
        lone = None
        if i - first == 1 and tokens[first].kind == "word":
            lone = number_words().get(tokens[first].key)
        best = _new(  # NumberPhrase(value, first, stop, start, end, has_scale, trailing_scale, ...)
            NumberPhrase,
            (
                tidy(acc.value),
                first,
                i,
                tokens[first].start,
                tokens[i - 1].end,
                acc.has_scale,
                acc.trailing if trail_first is not None else _ONE,
                tokens[trail_first].start if trail_first is not None else None,
                lone,
            ),
        )
    return best


def parse_number(text: str) -> Decimal:
    """The value of a whole number phrase: ``parse_number("دو و نیم میلیون") == 2500000``.

    Raises ValueError when ``text`` is not exactly one number phrase.
    """
    tokens = tokenize(text)
    phrase = scan_number(text, tokens, 0) if tokens else None
    if phrase is None or phrase.stop != len(tokens):
        raise ValueError(f"not a number: {text!r}")
    return phrase.value


# --- ordinals ------------------------------------------------------------------------------

_ORDINAL_IRREGULAR = {"اول": 1, "نخست": 1, "سوم": 3}


def ordinal_value(word: str) -> int | None:
    """``دوم`` → 2, ``سی‌ام`` → 30, ``دومین`` → 2; None for anything else."""
    key = fold(word)
    if key.endswith("ین") and len(key) > 3:  # «دومین», «سی‌امین»
        key = key[:-2]
    if key in _ORDINAL_IRREGULAR:
        return _ORDINAL_IRREGULAR[key]
    # «م» after a consonant or «و» («دوم», «چهارم»), «ام» after «ی» («سی‌ام»): so «دوام»
    # (durability) and «سیم» (wire) are not ordinals
    if key.endswith("یام"):
        base = key[:-2]
    elif key.endswith("م") and not key.endswith("یم"):
        base = key[:-1]
    else:
        return None
    word_ = number_words().get(base)
    if word_ is not None and word_.kind in ("unit", "ten", "hundred") and word_.value >= 1:
        return int(word_.value)
    return None


@lru_cache(maxsize=1)
def ordinal_words() -> frozenset[str]:
    """Every single-word ordinal ``ordinal_value`` reads («اول», «دوم», «سی‌ام», «دهمین»), folded."""
    forms = set(_ORDINAL_IRREGULAR)
    for word, number in number_words().items():
        if number.kind in ("unit", "ten", "hundred"):
            forms.update((word + "م", word + "ام"))
    forms.update([form + "ین" for form in forms])
    return frozenset(f for f in forms if ordinal_value(f) is not None)
