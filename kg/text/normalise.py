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


# one-to-one replacements, applied with str.translate (the fast path)
_TRANSLATE = {ord(k): v for k, v in _CHAR_MAP.items() if len(v) == 1}
_NOT_ONE_TO_ONE = "".join(k for k, v in _CHAR_MAP.items() if len(v) != 1)
_SPECIAL = re.compile(f"{_DELETE.pattern}|{_PRESENTATION.pattern}|[{_NOT_ONE_TO_ONE}]")


def _char_pass(raw: str) -> tuple[list[str], array, array]:
    # most text needs only one-to-one replacements: offsets are the identity
    if not _SPECIAL.search(raw):
        n = len(raw)
        return list(raw.translate(_TRANSLATE)), array("l", range(n)), array("l", range(1, n + 1))
    return _char_pass_slow(raw)


def _char_pass_slow(raw: str) -> tuple[list[str], array, array]:
    chars: list[str] = []
    starts = array("l")
    ends = array("l")
    for i, ch in enumerate(raw):
        if _DELETE.match(ch):
            if ends:
                ends[-1] = i + 1  # absorbed into the previous character
            continue
        out = _CHAR_MAP.get(ch)
        if out is None:
            out = unicodedata.normalize("NFKC", ch) if _PRESENTATION.match(ch) else ch
        for piece in out:
            chars.append(piece)
            starts.append(i)
            ends.append(i + 1)
    return chars, starts, ends


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
    spaced_suffix = re.compile(f"(?<=[{LETTER}]) (?=(?:{suffixes})(?![{LETTER}{ZWNJ}]))")
    return words, present, past, spaced_suffix


_SPACED_PREFIX = re.compile(f"(?<![{LETTER}{ZWNJ}])(?:ن?می) (?=[{LETTER}])")
_SPACED_AFTER_HEH = re.compile(f"(?<=[{LETTER}]ه) (?=(?:ای|اند|ام|ایم|اید)(?![{LETTER}{ZWNJ}]))")
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


def _zwnj_edits(text: str) -> list[tuple[int, int, str]]:
    """Edits ``(start, end, replacement)`` on ``text`` that repair ZWNJs."""
    words, _, _, spaced_suffix = _zwnj_rules()
    edits: list[tuple[int, int, str]] = []
    for m in _SPACED_PREFIX.finditer(text):
        edits.append((m.end() - 1, m.end(), ZWNJ))
    for pattern in (spaced_suffix, _SPACED_AFTER_HEH):
        for m in pattern.finditer(text):
            edits.append((m.start(), m.end(), ZWNJ))
    for m in _WORD.finditer(text):
        word = m.group()
        # compounds listed with an inner ZWNJ may have more than one to insert
        if word in words:
            fixed = words[word]
            j = 0
            for ch in fixed:
                if ch == ZWNJ:
                    edits.append((m.start() + j, m.start() + j, ZWNJ))
                else:
                    j += 1
            continue
        at = _split_word(word)
        if at is not None:
            edits.append((m.start() + at, m.start() + at, ZWNJ))
    edits.sort(key=lambda e: (e[0], e[1]))
    return edits


def _apply(chars: list[str], starts: array, ends: array, edits, raw_len: int):
    out_c: list[str] = []
    out_s = array("l")
    out_e = array("l")
    i = 0
    for a, b, rep in edits:
        if a < i:
            continue  # overlapping edit: the first one wins
        out_c.extend(chars[i:a])
        out_s.extend(starts[i:a])
        out_e.extend(ends[i:a])
        if b == a:  # insertion: zero-width in the raw text
            pos = starts[a] if a < len(starts) else raw_len
            for ch in rep:
                out_c.append(ch)
                out_s.append(pos)
                out_e.append(pos)
        else:  # same-length replacement
            for k, ch in enumerate(rep):
                out_c.append(ch)
                out_s.append(starts[a + k])
                out_e.append(ends[a + k])
        i = b
    out_c.extend(chars[i:])
    out_s.extend(starts[i:])
    out_e.extend(ends[i:])
    return out_c, out_s, out_e


def normalise(raw: str) -> Document:
    """Normalise Persian text; the returned Document maps norm spans to raw spans."""
    chars, starts, ends = _char_pass(raw)
    text = "".join(chars)
    # a ZWNJ beside a space or another ZWNJ says nothing: delete it (absorbed like a diacritic)
    if ZWNJ in text:
        c2: list[str] = []
        s2, e2 = array("l"), array("l")
        for k, ch in enumerate(chars):
            nxt = chars[k + 1] if k + 1 < len(chars) else " "
            if ch == ZWNJ and (not c2 or c2[-1] in (" ", ZWNJ, "\n") or nxt in (" ", "\n")):
                if e2:
                    e2[-1] = ends[k]
                continue
            c2.append(ch)
            s2.append(starts[k])
            e2.append(ends[k])
        chars, starts, ends = c2, s2, e2
        text = "".join(chars)
    edits = _zwnj_edits(text)
    if edits:
        chars, starts, ends = _apply(chars, starts, ends, edits, len(raw))
        text = "".join(chars)
    return Document(raw=raw, norm=text, offsets=OffsetMap(starts, ends, len(raw)))


@lru_cache(maxsize=8192)
def normalise_text(text: str) -> str:
    """The normalised form of a string (no offsets)."""
    return normalise(text).norm


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """A spelling-insensitive key: normalised, ZWNJ and spaces removed."""
    return normalise_text(text).replace(ZWNJ, "").replace(" ", "")
