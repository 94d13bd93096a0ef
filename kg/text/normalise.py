"""Persian normalisation with an offset map back to the raw text.

Two passes, each recorded in the offset map:

1. characters: Arabic ي/ى/ك/ة/ۀ → Persian forms, Arabic-Indic digits → Persian
   digits, presentation forms → base letters, and deletion of kashida,
   diacritics, bidi controls and other invisible marks;
2. zero-width non-joiners: a ZWNJ typed as a space (``می کند``, ``پروژه ها``)
   becomes a ZWNJ, and a dropped one (``پروژههای``, ``میکردیم``) is inserted,
   from affix rules plus the word lexicon ``lexicons/zwnj_words.tsv``.

Matching runs on ``Document.norm``; every match is mapped back with
``Document.span`` so provenance always names raw code points.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left
from functools import lru_cache

from kg.lexicons import load_list, load_table
from kg.text.document import Document, OffsetMap

ZWNJ = "\u200c"

_CHAR_MAP = {
    "\u064a": "ی",  # Arabic yeh
    "\u0649": "ی",  # alef maksura
    "\u0643": "ک",  # Arabic kaf
    "\u0629": "ه",  # teh marbuta
    "\u06c0": "ه",  # heh with yeh above (ezafe); the ezafe is not written in standard text
    "\u00a0": " ",
    "\u2007": " ",
    "\u202f": " ",
    "\u200d": "",  # zero-width joiner
}
for _d in range(10):
    _CHAR_MAP[chr(0x0660 + _d)] = chr(0x06F0 + _d)  # Arabic-Indic → Persian digits

_DELETE = re.compile(
    "[\u0640\u064b-\u065f\u0670\u06d6-\u06ed\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad]"
)
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")

LETTER = "\u0621-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff"  # Arabic-script letters used in Persian
_WORD = re.compile(f"[{LETTER}]+")
_LETTERS = frozenset(ch for ch in map(chr, range(0x0600, 0x0700)) if re.fullmatch(f"[{LETTER}]", ch))


# one-to-one replacements; the other entries of _CHAR_MAP are "special"
_ONE_TO_ONE = tuple((k, v) for k, v in _CHAR_MAP.items() if len(v) == 1)
# no replacement is itself replaced, so the replacements may be made one after another
assert not {v for _, v in _ONE_TO_ONE} & {k for k, _ in _ONE_TO_ONE}
_NOT_ONE_TO_ONE = "".join(k for k, v in _CHAR_MAP.items() if len(v) != 1)
_SPECIAL = re.compile(f"{_DELETE.pattern}|{_PRESENTATION.pattern}|[{_NOT_ONE_TO_ONE}]")


def _translate(text: str) -> str:
    """The one-to-one replacements of _CHAR_MAP.

    Equal to ``str.translate``, which looks every character up in a dict: a
    handful of substring scans is many times faster.
    """
    for k, v in _ONE_TO_ONE:
        if k in text:
            text = text.replace(k, v)
    return text


# identity offsets: slicing a prebuilt array is far cheaper than array("l", range(n))
_IDENTITY = array("l", range(1 << 14))


def _identity(start: int, end: int) -> array:
    """``array("l", range(start, end))``."""
    global _IDENTITY
    if end > len(_IDENTITY):
        _IDENTITY = array("l", range(max(end, 2 * len(_IDENTITY))))
    return _IDENTITY[start:end]


def _char_pass(raw: str) -> tuple[str, array, array]:
    """Pass 1: the text with one-to-one replacements made and marks deleted, and its offsets."""
    n = len(raw)
    # most text needs only one-to-one replacements: offsets are the identity
    if not _SPECIAL.search(raw):
        return _translate(raw), _identity(0, n), _identity(1, n + 1)
    parts: list[str] = []
    starts = array("l")
    ends = array("l")
    pos = 0
    # copy the runs between special characters wholesale; only those need a decision
    for m in _SPECIAL.finditer(raw):
        i = m.start()
        if i > pos:
            parts.append(_translate(raw[pos:i]))
            starts += _identity(pos, i)
            ends += _identity(pos + 1, i + 1)
        pos = i + 1
        ch = raw[i]
        if _DELETE.match(ch):
            if ends:
                ends[-1] = i + 1  # absorbed into the previous character
            continue
        out = _CHAR_MAP.get(ch)
        if out is None:  # a presentation form (its NFKC is not remapped)
            out = unicodedata.normalize("NFKC", ch)
        for piece in out:  # «\u200d» → nothing, and not absorbed
            parts.append(piece)
            starts.append(i)
            ends.append(i + 1)
    if pos < n:
        parts.append(_translate(raw[pos:]))
        starts += _identity(pos, n)
        ends += _identity(pos + 1, n + 1)
    return "".join(parts), starts, ends


def _drop_loose_zwnj(text: str, starts: array, ends: array) -> tuple[str, array, array]:
    """Delete each ZWNJ beside a space or another ZWNJ (absorbed like a diacritic).

    Within a run of ZWNJs only the first can survive: it does when a non-space
    precedes the run and another follows it.
    """
    n = len(text)
    parts: list[str] = []
    s2, e2 = array("l"), array("l")
    pos = 0
    # str.find, not a regex: «\u200c+» defeats the regex engine's literal search
    k0 = text.find(ZWNJ)
    while k0 >= 0:
        k1 = k0 + 1
        while k1 < n and text[k1] == ZWNJ:
            k1 += 1
        # a run collapses to one ZWNJ, kept only between two non-spaces (so normalising is idempotent)
        keep = k0 > 0 and text[k0 - 1] not in " \n" and k1 < n and text[k1] not in " \n"
        if not keep or k1 - k0 > 1:  # else a lone ZWNJ between letters: unchanged
            cut = k0 + 1 if keep else k0  # copy up to (and with) the surviving ZWNJ
            parts.append(text[pos:cut])
            s2 += starts[pos:cut]
            e2 += ends[pos:cut]
            if e2:
                e2[-1] = ends[k1 - 1]
            pos = k1
        k0 = text.find(ZWNJ, k1)
    if pos == 0:
        return text, starts, ends
    parts.append(text[pos:])
    s2 += starts[pos:]
    e2 += ends[pos:]
    return "".join(parts), s2, e2


@lru_cache(maxsize=1)
def _zwnj_rules() -> tuple[dict[str, str], frozenset[str], frozenset[str], re.Pattern[str]]:
    words = {w.replace(ZWNJ, ""): w for w in load_list("zwnj_words.tsv") if ZWNJ in w}
    present = frozenset(load_table("verb_stems.tsv", "present"))
    past = frozenset(load_table("verb_stems.tsv", "past"))
    suffixes = "|".join(
        sorted(
            ["ها", "های", "هایی", "هایم", "هایت", "هایش", "هایمان", "هایتان", "هایشان", "ترین", "تر"],
            key=len,
            reverse=True,
        )
    )
    # the space is matched first so that the regex engine can skip to spaces quickly
    spaced_suffix = re.compile(f" (?<=[{LETTER}] )(?=(?:{suffixes})(?![{LETTER}{ZWNJ}]))")
    return words, present, past, spaced_suffix


# «می کند» → «می‌کند»: «می »/«نمی » not inside a word, before a letter. Written to start
# with the literal «می » (the regex engine then skips ahead quickly); the lookbehinds
# check what precedes «می» or «نمی». Only the position of the space is used.
_SPACED_PREFIX = re.compile(
    f"می (?=[{LETTER}])(?:(?<![{LETTER}{ZWNJ}]می )|(?<=(?<![{LETTER}{ZWNJ}])نمی ))"
)
# the space is matched first so that the regex engine can skip to spaces quickly
_SPACED_AFTER_HEH = re.compile(f" (?<=[{LETTER}]ه )(?=(?:ای|اند|ام|ایم|اید)(?![{LETTER}{ZWNJ}]))")
_PERSON_PRESENT = ("م", "ی", "د", "یم", "ید", "ند")
_PERSON_PAST = ("", "م", "ی", "یم", "ید", "ند")
_PLURAL = ("هایشان", "هایتان", "هایمان", "هایش", "هایی", "های", "ها")


@lru_cache(maxsize=65536)
def _split_word(word: str) -> int | None:
    """Where a ZWNJ was dropped inside ``word``, the index to insert it; else None."""
    words, present, past, _ = _zwnj_rules()
    if word in words:
        fixed = words[word]
        return fixed.index(ZWNJ)
    for prefix in ("نمی", "می"):
        if word.startswith(prefix) and len(word) > len(prefix) + 1:
            rest = word[len(prefix) :]
            for ending in _PERSON_PRESENT:
                stem = rest[: len(rest) - len(ending)] if ending else rest
                if rest.endswith(ending) and stem in present:
                    return len(prefix)
            for ending in _PERSON_PAST:
                stem = rest[: len(rest) - len(ending)] if ending else rest
                if rest.endswith(ending) and stem in past:
                    return len(prefix)
            break
    for plural in _PLURAL:
        if word.endswith(plural):
            stem = word[: -len(plural)]
            # «پروژههای» → پروژه + های; «شهرداریها» → شهرداری + ها. After other letters
            # the joined form is standard («شهرهای»), so nothing is missing.
            if len(stem) >= 3 and stem[-1] in "هی":
                return len(stem)
            break
    return None


@lru_cache(maxsize=65536)
def _word_inserts(word: str) -> tuple[int, ...]:
    """Indices in ``word`` where a dropped ZWNJ is inserted (none for most words)."""
    words = _zwnj_rules()[0]
    if word in words:
        # compounds listed with an inner ZWNJ may have more than one to insert
        out = []
        j = 0
        for ch in words[word]:
            if ch == ZWNJ:
                out.append(j)
            else:
                j += 1
        return tuple(out)
    at = _split_word(word)
    return () if at is None else (at,)


def _zwnj_edits(text: str) -> list[tuple[int, int, str]]:
    """Edits ``(start, end, replacement)`` on ``text`` that repair ZWNJs."""
    spaced_suffix = _zwnj_rules()[3]
    edits: list[tuple[int, int, str]] = []
    for m in _SPACED_PREFIX.finditer(text):
        edits.append((m.end() - 1, m.end(), ZWNJ))
    for pattern in (spaced_suffix, _SPACED_AFTER_HEH):
        for m in pattern.finditer(text):
            edits.append((m.start(), m.end(), ZWNJ))
    # most words need no repair: decide on the distinct words (cached), then find only
    # the few that do, as whole words (a word is a maximal run of letters)
    for word in list(filter(_word_inserts, set(_WORD.findall(text)))):
        inserts = _word_inserts(word)
        n = len(word)
        i = text.find(word)
        while i >= 0:
            if (i == 0 or text[i - 1] not in _LETTERS) and (i + n == len(text) or text[i + n] not in _LETTERS):
                for at in inserts:
                    edits.append((i + at, i + at, ZWNJ))
            i = text.find(word, i + 1)
    edits.sort(key=lambda e: (e[0], e[1]))
    return edits


def _apply(text: str, starts: array, ends: array, edits, raw_len: int) -> tuple[str, array, array]:
    out_c: list[str] = []
    out_s = array("l")
    out_e = array("l")
    i = 0
    for a, b, rep in edits:
        if a < i:
            continue  # overlapping edit: the first one wins
        out_c.append(text[i:a])
        out_s += starts[i:a]
        out_e += ends[i:a]
        out_c.append(rep)
        if b == a:  # insertion: zero-width in the raw text
            pos = starts[a] if a < len(starts) else raw_len
            for _ in rep:
                out_s.append(pos)
                out_e.append(pos)
        else:  # same-length replacement
            out_s += starts[a : a + len(rep)]
            out_e += ends[a : a + len(rep)]
        i = b
    out_c.append(text[i:])
    out_s += starts[i:]
    out_e += ends[i:]
    return "".join(out_c), out_s, out_e


def normalise(raw: str) -> Document:
    """Normalise Persian text; the returned Document maps norm spans to raw spans."""
    text, starts, ends = _char_pass(raw)
    # a ZWNJ beside a space or another ZWNJ says nothing: delete it (absorbed like a diacritic)
    if ZWNJ in text:
        text, starts, ends = _drop_loose_zwnj(text, starts, ends)
    edits = _zwnj_edits(text)
    if edits:
        text, starts, ends = _apply(text, starts, ends, edits, len(raw))
    return Document(raw=raw, norm=text, offsets=OffsetMap(starts, ends, len(raw)))


@lru_cache(maxsize=8192)
def normalise_text(text: str) -> str:
    """The normalised form of a string (no offsets)."""
    return normalise(text).norm


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """A spelling-insensitive key: normalised, ZWNJ and spaces removed."""
    return normalise_text(text).replace(ZWNJ, "").replace(" ", "")


def _plain(ch: str) -> bool:
    """Does ``ch`` normalise to one character, by itself, that is not a ZWNJ?"""
    return ch != ZWNJ and not _SPECIAL.match(ch)


@lru_cache(maxsize=1)
def _edge_inserts() -> bool:
    """Can a repaired word get a ZWNJ at its very start or end? (Not with the shipped lexicon.)"""
    return any(w.startswith(ZWNJ) or w.endswith(ZWNJ) for w in _zwnj_rules()[0].values())


def _slice_of_norm(doc: Document, start: int, end: int) -> str | None:
    """``normalise(doc.raw[start:end]).norm`` read off ``doc``, or None when that may differ.

    Every rule looks at most at the next letters or spaces, and never across a
    character that is not a letter or a ZWNJ. So when the span starts and ends on
    plain characters and the characters just outside it (if any) are plain
    non-letters, its characters normalise alone exactly as within the whole text:
    the result is the normalised characters whose raw start lies in the span
    (including the ZWNJs inserted inside it).
    """
    raw = doc.raw
    if not 0 <= start < end <= len(raw) or _edge_inserts():
        return None
    if not (_plain(raw[start]) and _plain(raw[end - 1])):
        return None
    if start > 0 and (raw[start - 1] in _LETTERS or not _plain(raw[start - 1])):
        return None
    if end < len(raw) and (raw[end] in _LETTERS or not _plain(raw[end])):
        return None
    starts = doc.offsets.starts
    return doc.norm[bisect_left(starts, start) : bisect_left(starts, end)]


def normalise_span(doc: Document, start: int, end: int) -> str:
    """``normalise(doc.raw[start:end]).norm``: the raw span normalised on its own, out of context."""
    fast = _slice_of_norm(doc, start, end)
    return fast if fast is not None else normalise(doc.raw[start:end]).norm
