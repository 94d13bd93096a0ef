"""Iranian place gazetteer and place-mention finder.

The gazetteer (31 provinces, ~1,500 cities, the country) ships as TSV files in
``kg/lexicons/places`` (built by ``scripts/build_gazetteer.py``); it is loaded
once and cached.

``find_places(text)`` expects NORMALISED Persian (Arabic ي/ك already ی/ک,
digits Persian) in which the zero-width non-joiner (ZWNJ, U+200C) between the
parts of a name may be present, missing, or typed as a space: all three match.
Matching walks a character trie from each word start, so the cost grows with
the text, not with the number of names.

Resolution rules (each one is tested in tests/extract/test_places.py):

* ``استان X`` -> the province X; the span covers «استان X».
* ``شهر X`` / ``شهرستان X`` / ``بندر X`` -> the city X; the span covers X.
* a bare X that names both a province and that province's same-named capital
  (همدان, اصفهان, کرمان, ...) -> the city. A province cue (``استان``,
  ``استاندار``, ``استانداری``) selects the province instead. If the same-named
  city lies in another province (the town «البرز» in Qazvin), bare X is the
  province.
* adjective forms: «همدانی», «تهرانی‌ها», «ساوه‌ای», «ایرانیان»
  (``form="adjective"``); not after a person cue («آقای», «شهید», «سید», ...),
  where they are surnames.
* the longest name wins («خرمشهر», never «شهر» inside it); a match never starts
  or ends inside a word.
* names that are also common words, given names or foreign places
  (``ambiguous.tsv``: «شنبه», «بافت», «مهر», «مرکزی») need a cue word or must
  be coordinated with another place («شاهرود و میامی»); their derived forms
  («فارسی», «خمینی») are never places.
* after «خلیج», «دریاچه», «خیابان», «خبرگزاری», ... a name is part of another
  name («خلیج فارس», «دریاچه ارومیه», «خبرگزاری فارس») and is skipped.
* a city name shared by several cities (homonyms such as «لاهیجان», «مهاباد»)
  resolves to the one in a province the article mentions elsewhere, else to
  the county seat, else to the most populous.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import compress, count
from pathlib import Path
from typing import Literal, NamedTuple

from kg.lexicons import load_rows

__all__ = [
    "LEXICON_DIR",
    "WORD_RE",
    "Gazetteer",
    "Place",
    "PlaceKind",
    "PlaceMention",
    "find_places",
    "fold_text",
    "gazetteer",
    "read_tsv",
    "scan_words",
    "squash",
]

PlaceKind = Literal["City", "Province", "Country"]

LEXICON_DIR = Path(__file__).resolve().parent.parent / "lexicons" / "places"

ZWNJ = "\u200c"

# Persian word characters: letters and combining marks of the Arabic block.
# Punctuation («،», «؛», «؟», «٪», «٫») and digits are boundaries.
_LETTERS = frozenset(
    ch
    for ch in map(chr, range(0x0600, 0x0700))
    if unicodedata.category(ch)[0] in "LM"
)
# Skipped inside and after names: harakat, superscript alef, tatweel, hamza.
_TRANSPARENT = frozenset(
    {ch for ch in _LETTERS if unicodedata.category(ch) == "Mn"} | {"\u0640", "ء"}
)
# Spelling variation that news text shows for the same name (hamza seats,
# Arabic forms that survive normalisation); applied to names and text alike.
# «آ» is not folded: «اوج» (peak) is not the town «آوج»; a name's inner «آ»
# gets an «ا» variant instead («خرم اباد»), see _variants().
_FOLD = {
    "أ": "ا", "إ": "ا", "ٱ": "ا", "ة": "ه", "ۀ": "ه", "ئ": "ی",
    "ي": "ی", "ى": "ی", "ك": "ک", "ؤ": "و",
}
_FOLD_TABLE = str.maketrans(_FOLD)


def fold_text(text: str) -> str:
    """_FOLD applied to a whole text, keeping offsets. A few str.replace calls
    beat str.translate, which is slow on non-Latin text."""
    for a, b in _FOLD.items():
        if a in text:
            text = text.replace(a, b)
    return text


# Folding plus deletion of marks and ZWNJ, for the prefix filter.
_PREFIX_TABLE = str.maketrans({**_FOLD, **dict.fromkeys([*_TRANSPARENT, ZWNJ])})


@lru_cache(maxsize=4096)
def _prefix_form(word: str) -> str:
    """A word with ZWNJ or marks as the prefix filter sees it. Cached:
    str.translate is slow on Persian, and such words («می‌شود») recur."""
    return word.translate(_PREFIX_TABLE)


_LETTER_CLASS = "".join(sorted(_LETTERS)).replace("\\", "\\\\").replace("]", "\\]").replace("-", "\\-")
# A word: letters, possibly joined to more letters by ZWNJ («شهرداری‌ها»).
WORD_RE = re.compile(f"[{_LETTER_CLASS}]+(?:{ZWNJ}+[{_LETTER_CLASS}]+)*")
_GAP_SPACE = frozenset(" \t\u00a0\u202f")


class Words(NamedTuple):
    """The words of a text (WORD_RE), shared by the place and organisation finders."""

    spans: tuple[tuple[int, int], ...]
    folded: str  # fold_text(text): same offsets
    forms: tuple[str, ...]  # each word's span of `folded`
    odd: tuple[int, ...]  # the words with a ZWNJ or a mark (not isalpha)


@lru_cache(maxsize=4)
def scan_words(text: str) -> Words:
    """Words of `text`, computed once per text: finding them is the costliest
    step of both finders, and the pipeline runs both on the same text."""
    folded = fold_text(text)
    # _FOLD maps letters to letters (checked below), so the words of the folded
    # text are those of the text; matching it gives their folded forms at once.
    matches = list(WORD_RE.finditer(folded))
    forms = tuple(map(re.Match.group, matches))
    odd = tuple(k for k, w in enumerate(forms) if not w.isalpha())
    return Words(tuple(map(re.Match.span, matches)), folded, forms, odd)


# scan_words() relies on this: folding never moves a word boundary.
assert all(a in _LETTERS and b in _LETTERS for a, b in _FOLD.items())

_PARENS = re.compile(r"\s*\([^)]*\)")

# --- cue words (compared without ZWNJ/spaces) -------------------------------
# «استان X»: the province, and the span starts at «استان».
_PROVINCE_SPAN_CUES = frozenset({"استان"})
# Province sense, span covers X only.
_PROVINCE_CUES = frozenset({"استانهای", "استانها", "استاندار", "استانداری"})
_CITY_CUES = frozenset(
    {"شهر", "شهرستان", "شهرهای", "شهرستانهای", "کلانشهر", "کلانشهرهای", "بندر", "جزیره", "بخش"}
)
# Plural cues carry over to the next places of a list («استان‌های همدان و کرمان»).
_PLURAL_CUES = frozenset({"استانهای", "استانها", "شهرهای", "شهرستانهای", "کلانشهرهای"})
# Words after which a bare word is almost surely a place: they license the
# ambiguous names of ambiguous.tsv but say nothing about city vs province.
_SUPPORT_CUES = frozenset(
    {
        "شهرداری", "شهردار", "فرمانداری", "فرماندار", "بخشداری", "بخشدار", "مردم",
        "نماینده", "جمعه", "دادستان", "دادستانی", "دادگستری", "انتخابیه", "اهالی",
        "ساکنان", "ساکن", "اهل", "حومه", "مرکز",
        # border crossings and transport hubs: «مرز مهران», «پایانه بازرگان»
        "مرز", "مرزی", "پایانه", "گمرک", "فرودگاه",
    }
)
# After these the name is part of another name: «خلیج فارس», «دریاچه ارومیه»,
# «خیابان شیراز» (a street in another city), «خبرگزاری فارس», «اقلیم کردستان».
_BLOCK_PREV = frozenset(
    {
        "خلیج", "دریاچه", "دریای", "تنگه", "خیابان", "میدان", "بلوار", "کوچه", "پارک",
        "ایستگاه", "خبرگزاری", "خبرنگار", "رود", "رودخانه", "سد", "کوه", "اقلیم", "حضرت",
        "زبان",
        # Neighbourhoods and villages share names with cities elsewhere
        # («محدوده‌های قاسم‌آباد» is in Mashhad, not the town Qasemabad).
        "محله", "محلات", "محدوده", "محدودههای", "کوی", "شهرک",
    }
)
# A person's title or honorific: what follows is a name, «آقای تهرانی»,
# «شهید همدانی», «امام خمینی».
_PERSON_PREV = frozenset(
    {
        "آقای", "خانم", "دکتر", "مهندس", "سید", "سیده", "حاج", "حاجی", "حجتالاسلام",
        "والمسلمین", "آیتالله", "سردار", "سرلشکر", "سرتیپ", "سرهنگ", "شهید", "استاد",
        "امام",
    }
)
_LIST_GAPS = frozenset({"،", ",", "-", "–", "—", "/", "؛"})

_COUNTRY_ID = "country-iran"


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry."""

    id: str
    kind: PlaceKind
    name_fa: str
    name_en: str | None
    province_id: str | None
    lat: float | None
    lon: float | None
    wikidata: str | None
    is_county_seat: bool = False
    population: int | None = None


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place found in text; ``text[start:end] == surface``.

    ``form`` is ``"name"`` (the name, or «استان X» for a province cue) or
    ``"adjective"`` («همدانی», «تهرانی‌ها»): adjectives are often surnames, so
    consumers may want to treat them with less confidence.
    """

    start: int
    end: int
    place_id: str
    kind: PlaceKind
    surface: str
    form: Literal["name", "adjective"] = "name"


class _Node:
    __slots__ = ("children", "key", "sep")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.sep: _Node | None = None  # a space/ZWNJ/nothing between name parts
        self.key: str | None = None  # squashed name ending here


def _clean(name: str) -> str:
    """Folded name with single spaces between its parts (ZWNJ counts as space)."""
    s = unicodedata.normalize("NFC", name).translate(_FOLD_TABLE)
    s = "".join(ch for ch in s if ch not in _TRANSPARENT)
    s = re.sub(f"[\\s{ZWNJ}\u200d]+", " ", s)
    return s.strip()


def squash(name: str) -> str:
    """Comparison key: folded, no spaces, no ZWNJ, no diacritics."""
    return _clean(name).replace(" ", "")


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a lexicon TSV: `#` comment lines and blank lines skipped, the
    first other line is the header."""
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = cells
                continue
            cells += [""] * (len(header) - len(cells))
            rows.append(dict(zip(header, cells, strict=False)))
    return rows


def _float(v: str) -> float | None:
    return float(v) if v else None


class Gazetteer:
    """Places by id and by name, plus the trie used by :meth:`find_places`."""

    def __init__(self, lexicon_dir: Path | None = None) -> None:
        """Load the gazetteer from `lexicon_dir`, or, by default, from the
        packaged ``kg/lexicons/places`` plus any ``places/*.tsv`` rows in the
        folders of ``KG_LEXICON_DIR`` (see kg/lexicons/README.md)."""

        def rows(name: str) -> list[dict[str, str]]:
            if lexicon_dir is not None:
                return read_tsv(lexicon_dir / name)
            return [dict(r) for r in load_rows(f"places/{name}")]

        self.places: dict[str, Place] = {}
        for r in rows("provinces.tsv"):
            self.places[r["id"]] = Place(
                id=r["id"],
                kind="Province",
                name_fa=r["name_fa"],
                name_en=r["name_en"] or None,
                province_id=None,
                lat=_float(r["lat"]),
                lon=_float(r["lon"]),
                wikidata=r["wikidata"] or None,
            )
        for r in rows("cities.tsv"):
            self.places[r["id"]] = Place(
                id=r["id"],
                kind="City",
                name_fa=r["name_fa"],
                name_en=r["name_en"] or None,
                province_id=r["province_id"],
                lat=_float(r["lat"]),
                lon=_float(r["lon"]),
                wikidata=r["wikidata"] or None,
                is_county_seat=r["is_county_seat"] == "1",
                population=int(r["population"]) if r.get("population") else None,
            )
        # The country is one fixed row; Q794 is Iran on Wikidata.
        self.places[_COUNTRY_ID] = Place(
            id=_COUNTRY_ID,
            kind="Country",
            name_fa="ایران",
            name_en="Iran",
            province_id=None,
            lat=32.0,
            lon=53.0,
            wikidata="Q794",
        )

        names: dict[str, set[str]] = {}
        alt_keys: dict[str, str] = {}
        surfaces: dict[str, set[str]] = {}  # squashed key -> spaced forms for the trie

        def add(name: str, pid: str) -> None:
            # «علیشاه (علی آباد)»: the parenthesis is a note, not part of the name.
            clean = _clean(_PARENS.sub("", name))
            if not clean:
                return
            key = clean.replace(" ", "")
            names.setdefault(key, set()).add(pid)
            surfaces.setdefault(key, set()).add(clean)
            if "آ" in key[1:]:  # lookup("خرم اباد"); the trie gets it from _variants()
                alt_keys[key[0] + key[1:].replace("آ", "ا")] = key

        for p in self.places.values():
            add(p.name_fa, p.id)
        self.aliases: list[tuple[str, str]] = []
        for r in rows("aliases.tsv"):
            if r["place_id"] not in self.places:
                raise ValueError(f"aliases.tsv: unknown place id {r['place_id']!r}")
            add(r["alias"], r["place_id"])
            self.aliases.append((r["alias"], r["place_id"]))

        self.common_reason: dict[str, str] = {
            squash(r["word"]): r["reason"] for r in rows("ambiguous.tsv")
        }
        self.common_words: frozenset[str] = frozenset(self.common_reason)
        # Given names (a lexicon another module owns; absent is fine): an
        # adjective right after one is a surname, «محمد شیرازی».
        try:
            first = {squash(r["name"]) for r in load_rows("first_names.tsv") if r.get("name")}
        except (FileNotFoundError, KeyError):
            first = set()
        nouns = {w for w, why in self.common_reason.items() if why in ("common", "general")}
        self.given_names: frozenset[str] = frozenset(first - nouns)
        # Names that need a cue: those listed in ambiguous.tsv.
        self.ambiguous: frozenset[str] = frozenset(k for k in names if k in self.common_words)

        self._by_key: dict[str, tuple[str, ...]] = {k: tuple(sorted(v, key=self._rank)) for k, v in names.items()}
        self._alt_keys = {a: k for a, k in alt_keys.items() if a not in self._by_key}
        # Every way the first written word of a name can look: its first part,
        # the first parts glued together («بندرامام خمینی»), the whole name,
        # and the whole name with an adjective ending («تهرانی‌ها»).
        self._starts: set[str] = set()
        for key, forms in surfaces.items():
            for form in forms:
                for variant in _variants(form):
                    parts = variant.split(" ")
                    for i in range(1, len(parts) + 1):
                        self._starts.add("".join(parts[:i]))
            for head in _suffix_heads(key):
                for tail in _SUFFIX_TAILS:
                    self._starts.add(key + head + tail)
        self._root = _Node()
        for key, forms in surfaces.items():
            for form in forms:
                for variant in _variants(form):
                    self._insert(variant, key)

    # --- construction helpers ------------------------------------------------
    def _rank(self, pid: str) -> tuple[int, int, int, str]:
        p = self.places[pid]
        order = {"Country": 0, "City": 1, "Province": 2}[p.kind]
        return (order, not p.is_county_seat, -(p.population or 0), pid)

    def _insert(self, spaced: str, key: str) -> None:
        node = self._root
        for ch in spaced:
            if ch == " ":
                if node.sep is None:
                    node.sep = _Node()
                node = node.sep
            else:
                node = node.children.setdefault(ch, _Node())
        node.key = key

    # --- queries ---------------------------------------------------------------
    def get(self, place_id: str) -> Place:
        return self.places[place_id]

    def lookup(self, name: str) -> list[Place]:
        """Places a name can denote, the reading find_places() prefers first.

        «همدان» -> [city, province]; «استان همدان» -> [province];
        «شهر همدان» / «شهرستان همدان» -> [city]. Unknown names give [].
        """
        clean = _clean(name)
        want: PlaceKind | None = None
        for prefix, kind in (("استان ", "Province"), ("شهرستان ", "City"), ("شهر ", "City")):
            rest = clean[len(prefix) :].replace(" ", "")
            if clean.startswith(prefix) and (rest in self._by_key or rest in self._alt_keys):
                clean, want = clean[len(prefix) :], kind  # type: ignore[assignment]
                break
        key = clean.replace(" ", "")
        ids = self._by_key.get(self._alt_keys.get(key, key), ())
        if not ids:
            return []
        kind, chosen = self._choose(ids, want)
        if want is not None:
            return [self.places[i] for i in chosen]
        rest = [i for i in ids if i not in chosen]
        return [self.places[i] for i in (*chosen, *rest)]

    def _choose(self, ids: tuple[str, ...], cue: PlaceKind | None) -> tuple[PlaceKind, list[str]]:
        """Pick the reading of a name: its kind and the candidate places."""
        by_kind: dict[str, list[str]] = {}
        for i in ids:
            by_kind.setdefault(self.places[i].kind, []).append(i)
        if "Country" in by_kind:
            return "Country", by_kind["Country"]
        cities, provs = by_kind.get("City", []), by_kind.get("Province", [])
        if cue == "Province" and provs:
            return "Province", provs
        if cue == "City" and cities:
            return "City", cities
        if cities and provs:
            # Bare «همدان» is the city, because the province is named after
            # it; bare «البرز» is the province (the town «البرز» is elsewhere).
            capitals = [c for c in cities if self.places[c].province_id in provs]
            return ("City", capitals) if capitals else ("Province", provs)
        return ("City", cities) if cities else ("Province", provs)

    def _walk(self, text: str, start: int) -> list[tuple[int, str]]:
        """All (end, key) where a name spelled from `start` ends; `text` must
        be folded with fold_text() (offsets are those of the original)."""
        out: list[tuple[int, str]] = []
        n = len(text)
        stack: list[tuple[_Node, int]] = [(self._root, start)]
        while stack:
            node, pos = stack.pop()
            # Follow the letters in a tight loop; only a place where the name
            # may have a break (space/ZWNJ/nothing) forks the search.
            while True:
                if node.key is not None:
                    out.append((pos, node.key))
                if pos >= n:
                    break
                ch = text[pos]
                if ch in _TRANSPARENT:
                    pos += 1
                    continue
                sep = node.sep
                if sep is not None:
                    stack.append((sep, pos))  # parts written together
                    if ch == " " or ch == ZWNJ:
                        stack.append((sep, pos + 1))
                child = node.children.get(ch)
                if child is None:
                    break
                node = child
                pos += 1
        return out

    def find_places(self, text: str) -> list[PlaceMention]:
        return _Finder(self, text).run()


# Compound parts after/before which Persian writers put a space or ZWNJ or
# nothing: «نجف‌آباد», «خرم شهر», «بندر عباس», «ده دشت».
_SPLIT_SUFFIXES = frozenset({"آباد", "اباد", "شهر", "دشت", "رود", "کوه", "کند", "بند"})
# Not «شهر» or «امام»: «شهر امام رضا» is Mashhad, not the town «شهرامام».
_SPLIT_PREFIXES = frozenset({"بندر", "ده", "کوه", "قلعه", "قصر", "خرم", "مسجد", "تربت", "چهار", "شاه", "قره"})


def _variants(spaced: str) -> set[str]:
    """The name, plus one optional break inside a long part.

    Persian writes compounds joined, with ZWNJ, or with a space («خرمشهر»,
    «خرم‌شهر», «خرم شهر»; «مسجدسلیمان» / «مسجد سلیمان»). A break is allowed
    next to a known compound part, or where both sides keep 4+ letters, so
    short common words are never glued into a name («در گز» is not «درگز»,
    «است هبان» is not «استهبان», «به شهر» is not «بهشهر»).
    """
    out = {spaced}
    if "آ" in spaced[1:]:
        out.add(spaced[0] + spaced[1:].replace("آ", "ا"))
    parts = spaced.split(" ")
    for i, part in enumerate(parts):
        for j in range(2, len(part) - 1):
            left, right = part[:j], part[j:]
            # The other side keeps 3+ letters: «به شهر» (to the city) is not «بهشهر».
            known = (right in _SPLIT_SUFFIXES and j >= 3) or (left in _SPLIT_PREFIXES and len(right) >= 3)
            if not (known or (j >= 4 and len(right) >= 4)):
                continue
            out.add(" ".join([*parts[:i], left + " " + right, *parts[i + 1 :]]))
    return out


def _suffix_heads(key: str) -> tuple[str, ...]:
    """The adjective ending the name takes: «همدانی», «ساوه‌ای», «ماکویی»."""
    last = key[-1]
    if last == "ه":
        return ("ای",)
    if last in "اوی":
        return ("یی",)
    return ("ی",)


_SUFFIX_TAILS = ("های", "ها", "ان", "")


def _cand_order(c: tuple[int, str, str, str]) -> tuple[int, bool]:
    """Longest reading first; a name before an adjective ending at the same place."""
    return (-c[0], c[3] != "name")


def _is_boundary(text: str, pos: int) -> bool:
    n = len(text)
    while pos < n and (text[pos] in _TRANSPARENT or text[pos] == ZWNJ):
        pos += 1
    return pos >= n or text[pos] not in _LETTERS


class _Finder:
    """One pass over one text."""

    def __init__(self, gaz: Gazetteer, text: str) -> None:
        self.g = gaz
        self.text = text
        self.scan = scan_words(text)
        self.words = self.scan.spans
        self.mentions: list[tuple[PlaceMention, list[str], PlaceKind | None]] = []
        self.ends: dict[int, int] = {}  # mention end -> index in self.mentions

    def _word(self, k: int) -> str:
        s, e = self.words[k]
        return self.text[s:e].replace(ZWNJ, "")

    def _gap(self, k: int) -> str:
        """Text between word k-1 and word k."""
        return self.text[self.words[k - 1][1] : self.words[k][0]]

    def _prev(self, k: int) -> str | None:
        """The word right before word k, if only spaces separate them."""
        if k == 0:
            return None
        gap = self._gap(k)
        if gap == " " or (gap and all(c in _GAP_SPACE for c in gap)):  # one space: the common case
            return self._word(k - 1)
        return None

    def _listed_after(self, k: int) -> tuple[int | None, bool]:
        """The mention word k is coordinated with, and whether the link is tight.

        «شاهرود و میامی», «شاهرود - آزادشهر» are tight: they license an
        ambiguous name. A comma is not («... از اصفهان، شنبه گذشته ...»), but it
        still carries a plural cue along a list («شهرهای رشت، لاهیجان»).
        """
        if k == 0:
            return None, False
        gap = self._gap(k).strip()
        if gap in _LIST_GAPS:
            idx = self.ends.get(self.words[k - 1][1])
            return idx, idx is not None and gap != "،" and gap != ","
        if not gap and self._prev(k) == "و" and k >= 2:
            idx = self.ends.get(self.words[k - 2][1])
            return idx, idx is not None
        return None, False

    def _suffix_end(self, key: str, pos: int) -> tuple[int, str] | None:
        """End of an adjective suffix starting at pos, and the derived key."""
        text = self.text
        for head in _suffix_heads(key):
            p = pos + 1 if text.startswith(ZWNJ, pos) else pos
            if not text.startswith(head, p):
                continue
            p += len(head)
            for tail in _SUFFIX_TAILS:
                q = p
                if tail:
                    if tail != "ان" and text.startswith(ZWNJ, q):
                        q += 1
                    if not text.startswith(tail, q):
                        continue
                    q += len(tail)
                if _is_boundary(text, q):
                    return q, key + head + tail
        return None

    def run(self) -> list[PlaceMention]:
        g = self.g
        next_free = 0
        starts = g._starts
        # The text is folded once (one-to-one, offsets unchanged); only words
        # with a ZWNJ or a mark (not isalpha) need the per-word deleting table.
        folded = self.scan.folded
        self.folded = folded
        # Cheap filter, once per word: can a name start with this word (folded,
        # without ZWNJ/marks)? Most words cannot and are never looked at again.
        # (map/compress keep the per-word loop in C.)
        forms = self.scan.forms
        if self.scan.odd:
            forms = list(forms)
            for k in self.scan.odd:
                forms[k] = _prefix_form(forms[k])
        maybe = compress(count(), map(starts.__contains__, forms))
        words, text = self.words, self.text
        for k in maybe:
            ws = words[k][0]
            if ws < next_free:
                continue
            # The word before decides much of _accept and is the same for every
            # reading at k; after «خلیج», «آقای», ... no reading is accepted.
            prev = self._prev(k)
            if prev in _BLOCK_PREV or prev in _PERSON_PREV:
                continue
            hits = g._walk(folded, ws)
            if not hits:
                continue
            # Longest first; an adjective reading is tried after the plain name
            # that ends at the same place.
            cands: list[tuple[int, str, str, Literal["name", "adjective"]]] = []
            for end, key in hits:
                if _is_boundary(text, end):
                    cands.append((end, key, key, "name"))
                elif (suf := self._suffix_end(key, end)) is not None:
                    cands.append((suf[0], key, suf[1], "adjective"))
            if not cands:
                continue
            if len(cands) > 1:
                cands.sort(key=_cand_order)
            listed = self._listed_after(k)  # self.ends only changes when a reading is accepted
            for end, key, surface_key, form in cands:
                if self._accept(k, ws, end, key, surface_key, form, prev, listed):
                    next_free = self.mentions[-1][0].end
                    break
        return self._resolve_homonyms()

    def _accept(
        self,
        k: int,
        start: int,
        end: int,
        key: str,
        surface_key: str,
        form: Literal["name", "adjective"],
        prev: str | None,
        listed_after: tuple[int | None, bool],
    ) -> bool:
        """Take the reading text[start:end] of word k, given the word before
        (`prev`, see _prev; not a blocking one) and _listed_after(k)."""
        g = self.g
        if form == "adjective" and (
            key in g.ambiguous or surface_key in g.common_words or (prev is not None and prev in g.given_names)
        ):
            return False
        cue: PlaceKind | None = None
        if prev in _PROVINCE_SPAN_CUES or prev in _PROVINCE_CUES:
            cue = "Province"
        elif prev in _CITY_CUES:
            cue = "City"
        listed, licensing_gap = listed_after
        if cue is None and listed is not None:
            cue = self.mentions[listed][2]  # «استان‌های همدان و کرمان»
        if key in g.ambiguous:
            # «روز شنبه» is no place, «شهرستان بافت» is. Being listed after a
            # place licenses a given name or foreign homonym, not a common noun:
            # «شهر همدان و بافت تاریخی آن» is no list of cities.
            licensed = cue is not None or prev in _SUPPORT_CUES or (licensing_gap and g.common_reason[key] != "common")
            # A province-only word («مرکزی», «گلستان») needs a province cue:
            # «بخشدار مرکزی» is the central district, not Markazi.
            if cue != "Province" and all(g.places[i].kind == "Province" for i in g._by_key[key]):
                licensed = False
            if not licensed:
                return False
        kind, ids = g._choose(g._by_key[key], cue)
        span_start = start
        if kind == "Province" and prev in _PROVINCE_SPAN_CUES and form == "name":
            span_start = self.words[k - 1][0]
        # Only a plural cue speaks for the rest of a list.
        carried: PlaceKind | None = None
        if prev in _PLURAL_CUES:
            carried = cue
        elif listed is not None:
            carried = self.mentions[listed][2]
        mention = PlaceMention(
            start=span_start,
            end=end,
            place_id=ids[0],
            kind=kind,
            surface=self.text[span_start:end],
            form=form,
        )
        self.ends[end] = len(self.mentions)
        self.mentions.append((mention, ids, carried))
        return True

    def _resolve_homonyms(self) -> list[PlaceMention]:
        """Pick among same-named cities by the provinces the article mentions."""
        g = self.g
        context: Counter[str] = Counter()
        for _m, ids, _ in self.mentions:
            if len(ids) == 1:
                p = g.places[ids[0]]
                if p.kind == "Province":
                    context[p.id] += 1
                elif p.province_id:
                    context[p.province_id] += 1
        out: list[PlaceMention] = []
        for m, ids, _ in self.mentions:
            if len(ids) > 1 and context:
                best = max(ids, key=lambda i: (context[g.places[i].province_id or ""], -ids.index(i)))
                if best != m.place_id:
                    m = PlaceMention(m.start, m.end, best, m.kind, m.surface, m.form)
            out.append(m)
        return out


@cache
def gazetteer() -> Gazetteer:
    """The packaged gazetteer, loaded once per process. Building it is the largest part of
    ``kg ingest``'s start-up, so it is built once per version of its lexicon files (extra rows
    of KG_LEXICON_DIR included) and of this module, and unpickled by later runs."""
    from kg import lexicons
    from kg.resources import cached

    names = [f"places/{name}" for name in _GAZETTEER_FILES] + ["first_names.tsv"]
    code = [Path(__file__), Path(lexicons.__file__)]
    sources = [*code, *(path for name in names for path in lexicons._files(name))]
    return cached("gazetteer", sources, Gazetteer)


_GAZETTEER_FILES = ("provinces.tsv", "cities.tsv", "aliases.tsv", "ambiguous.tsv")


def find_places(text: str) -> list[PlaceMention]:
    """Place mentions in normalised Persian `text`, in text order."""
    return list(_find_places(gazetteer(), text))


@lru_cache(maxsize=4)
def _find_places(gaz: Gazetteer, text: str) -> tuple[PlaceMention, ...]:
    # Memoised: the pipeline asks for the places of the same text more than
    # once (places, then statements' title ends). Mentions are frozen.
    return tuple(gaz.find_places(text))
