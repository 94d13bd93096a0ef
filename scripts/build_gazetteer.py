#!/usr/bin/env python3
"""Build the shipped place gazetteer from the reference data.

Usage::

    python scripts/build_gazetteer.py /work/shared/data/places [-o kg/lexicons/places] [-v]

Reads the two sources described in ``kg/lexicons/places/README.md``:

* iran-states-cities-districts (MIT): ``iran-provinces.json``, ``iran-cities.json``
  -- the backbone: every shipped city and province comes from here;
* countries-states-cities-database (ODbL 1.0): ``iran-provinces-wikidata.csv``,
  ``iran-cities-wikidata.json`` -- joined on normalised Persian name within a
  province to add Wikidata QIDs, English names where the first source has none,
  population, and coordinates where the first source has none.

and writes ``provinces.tsv`` and ``cities.tsv`` plus copies of both licences.
The output is deterministic (sorted, fixed float precision) so a rebuild on the
same input produces byte-identical files; the product never reads the sources
at run time.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import json
import math
import re
import shutil
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SOURCE_A = "iran-states-cities-districts (Amin Mahmoudi), release 2025-01-18, MIT"
SOURCE_B = "countries-states-cities-database (dr5hn), ODbL 1.0"
LICENCES = ("LICENSE-iran-states-cities-districts", "LICENSE-countries-states-cities-database")

# Two rows of source B carrying the same QID are one city listed twice only if
# they sit this close together in the same province; otherwise the QID is wrong
# for at least one of them and we cannot tell which, so it is dropped for all.
SAME_CITY_KM = 15.0
# A name join whose coordinates disagree by more than this is a homonym in the
# same province (a village of the same name), not the same city: no QID for it.
# Both sources have coordinates off by 30-100 km for some county seats (measured:
# «بم», «گلپایگان», «دزفول»), and a county seat is unique by name within its
# province, so seats get a looser bound that still rejects the wrong «طبس»
# (319 km) or «فیروزآباد» (704 km).
JOIN_MAX_KM = 30.0
# Two source-A rows of one name in one province closer than this are one city.
DUP_KM = 5.0
JOIN_MAX_KM_SEAT = 200.0
# Source B types whose QID names a county or district, not a city.
NON_CITY_TYPES = {"county", "section"}

_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")  # harakat, superscript alef, tatweel
_SPACES = re.compile("[\u200c\u200d\u200e\u200f\\s]+")
_ARABIC_TO_PERSIAN = str.maketrans(
    {"ي": "ی", "ى": "ی", "ئ": "ئ", "ك": "ک", "ۀ": "ه", "ة": "ه", "أ": "ا", "إ": "ا", "ٱ": "ا"}
)


def clean_fa(name: str) -> str:
    """Display form: Persian letters, no diacritics, single spaces, ZWNJ kept."""
    s = unicodedata.normalize("NFC", name).translate(_ARABIC_TO_PERSIAN)
    s = _DIACRITICS.sub("", s)
    s = re.sub("[ \t\u00a0]+", " ", s).strip().rstrip(".").strip()
    # Source A glues the conjunction to the next word («سیستان وبلوچستان»).
    s = re.sub(r"(?<=\S) و(?=[^\s\u200c])", " و ", s)
    return s


# Join-only folding: the sources disagree on madda and hamza seats
# («کبودرآهنگ»/«کبودراهنگ», «نائین»/«نایین», «رئیسی»/«رییسی»).
_JOIN_FOLD = str.maketrans({"آ": "ا", "ئ": "ی", "ؤ": "و", "ء": None})


def join_key(name: str) -> str:
    """Join key: spelling variants collapse (ZWNJ/space/none, Arabic letters)."""
    return _SPACES.sub("", clean_fa(name)).translate(_JOIN_FOLD)


def slugify(text: str) -> str:
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    s = re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")
    return s


# Fallback romanisation for the few cities neither source names in English:
# only used to mint a readable, stable id slug, never shown as an English name.
_TRANSLIT = {
    "آ": "a", "ا": "a", "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "j", "چ": "ch",
    "ح": "h", "خ": "kh", "د": "d", "ذ": "z", "ر": "r", "ز": "z", "ژ": "zh", "س": "s",
    "ش": "sh", "ص": "s", "ض": "z", "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f",
    "ق": "gh", "ک": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n", "و": "v", "ه": "h",
    "ی": "i", "ئ": "", "ء": "", "ؤ": "o", " ": "-", "\u200c": "-",
}


# Common place-name morphemes, romanised whole: Persian script omits short
# vowels, so letter-by-letter output («شهرجدیدپرند» -> "shhrjdidprnd") is
# unreadable. Longest match first.
_MORPHEMES = {
    "شهرک": "shahrak", "شهر": "shahr", "جدید": "jadid", "آباد": "abad", "اباد": "abad",
    "بندر": "bandar", "امام": "emam", "قلعه": "qaleh", "چشمه": "cheshmeh", "کوه": "kuh",
    "دشت": "dasht", "رود": "rud", "سر": "sar", "ده": "deh", "باغ": "bagh", "علی": "ali",
    "حسن": "hasan", "حسین": "hoseyn", "محمد": "mohammad", "احمد": "ahmad", "کند": "kand",
    "تپه": "tappeh", "سفلی": "sofla", "علیا": "olya", "بالا": "bala", "پایین": "pain",
    "نو": "now", "زاده": "zadeh", "خواجه": "khajeh", "قره": "qareh", "آق": "aq",
    "گل": "gol", "میان": "mian", "چهار": "chahar", "سید": "seyyed", "شاه": "shah",
}
_MORPH_RE = re.compile("|".join(sorted(map(re.escape, _MORPHEMES), key=len, reverse=True)))


def transliterate(name_fa: str) -> str:
    def letters(chunk: str) -> str:
        return "".join(_TRANSLIT.get(ch, "") for ch in chunk)

    out: list[str] = []
    for word in re.split("[ \u200c]+", clean_fa(name_fa)):
        pos, parts = 0, []
        for m in _MORPH_RE.finditer(word):
            parts.append(letters(word[pos : m.start()]))
            parts.append(_MORPHEMES[m.group()])
            pos = m.end()
        parts.append(letters(word[pos:]))
        out.append("-".join(p for p in parts if p))
    return slugify("-".join(out))


# Words that show source A's `en_name` came from reverse-geocoding a nearby
# feature (a road, a shop, a rural district) rather than naming the city.
_EN_JUNK = re.compile(
    r"\b(road|street|st|highway|freeway|blvd|boulevard|square|alley|district|rural|village|rd|"
    r"terminal|supermarket|city|county|bakhsh|howmeh)\b|\s-\s",
    re.IGNORECASE,
)
_GEOCODE_SUSPECT: set[int] = set()


def _skeleton_latin(s: str) -> str:
    s = s.lower()
    for a, b in (("kh", "x"), ("gh", "q"), ("sh", "c"), ("ch", "c"), ("zh", "z"), ("ph", "f")):
        s = s.replace(a, b)
    return re.sub(r"[^bcdfjklmnpqrstxz]", "", s.replace("w", "").replace("g", "q").replace("k", "q"))


def _skeleton_fa(s: str) -> str:
    t = {"خ": "x", "غ": "q", "ق": "q", "ش": "c", "چ": "c", "ژ": "z", "ث": "s", "ص": "s",
         "ذ": "z", "ض": "z", "ظ": "z", "ط": "t", "گ": "q", "ک": "q", "ب": "b", "پ": "p",
         "ت": "t", "ج": "j", "د": "d", "ر": "r", "ز": "z", "س": "s", "ف": "f", "ل": "l",
         "م": "m", "ن": "n"}
    return "".join(t.get(ch, "") for ch in clean_fa(s))


def plausible_en(name_fa: str, name_en: str) -> bool:
    """Is `name_en` a romanisation of `name_fa`?

    Compares consonant skeletons (vowels, h, v/w, y dropped; k/g/q merged since
    romanisations disagree on them); catches «قصرشیرین» -> "Supermarket" or
    «البرز» -> "Beheshti" in source A.
    """
    name_en = unicodedata.normalize("NFKD", name_en).encode("ascii", "ignore").decode("ascii")
    if not name_en.strip() or _EN_JUNK.search(name_en):
        return False
    a, b = _skeleton_fa(name_fa), _skeleton_latin(name_en)
    if not a or not b:
        return a == b  # all-vowel names such as «آوه» / "Aveh"
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.6


def clean_en_names(cities: list[City], report: Report) -> None:
    for c in cities:
        if c.name_en and not plausible_en(c.name_fa, c.name_en):
            report.notes.append(f"implausible English name dropped: {c.name_fa} / {c.name_en}")
            report.counts["a_en_dropped"] += 1
            if _EN_JUNK.search(c.name_en) or re.search("[\u0600-\u06ff]", c.name_en):
                _GEOCODE_SUSPECT.add(c.row)
            c.name_en = ""


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def to_float(v: Any) -> float | None:
    if v in (None, ""):
        return None
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def fmt_coord(v: float | None) -> str:
    return "" if v is None else f"{v:.5f}"


@dataclass
class Province:
    src_id: int
    name_fa: str
    name_en: str
    lat: float | None
    lon: float | None
    iso: str = ""
    wikidata: str = ""
    slug: str = ""


@dataclass
class City:
    row: int  # key of the row in iran-cities.json: unique, unlike `id`, which repeats
    src_id: int
    name_fa: str
    name_en: str
    province: int
    county_id: int
    is_county_seat: bool
    lat: float | None
    lon: float | None
    wikidata: str = ""
    population: int | None = None
    en_from_b: bool = False
    coords_from_b: bool = False
    slug: str = ""


@dataclass
class Report:
    counts: Counter[str] = field(default_factory=Counter)
    dropped_qids: dict[str, str] = field(default_factory=dict)  # qid -> reason
    notes: list[str] = field(default_factory=list)


def load_provinces(src: Path, report: Report) -> dict[int, Province]:
    raw = json.loads((src / "iran-provinces.json").read_text(encoding="utf-8"))
    provs = {
        int(v["id"]): Province(
            src_id=int(v["id"]),
            name_fa=clean_fa(v["name"]),
            name_en=v["en_name"].strip(),
            lat=to_float(v.get("lat")),
            lon=to_float(v.get("lon")),
        )
        for v in raw.values()
    }
    by_key = {join_key(p.name_fa): p for p in provs.values()}
    with (src / "iran-provinces-wikidata.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["country_code"] != "IR":
                continue  # the file also carries Jordan's Irbid (iso2 "IR")
            p = by_key.get(join_key(row["native"]))
            if p is None:
                report.notes.append(f"province row not joined: {row['name']} {row['native']}")
                continue
            p.iso = row["iso3166_2"]
            p.wikidata = row["wikiDataId"].strip()
    return provs


def load_cities(src: Path) -> list[City]:
    raw = json.loads((src / "iran-cities.json").read_text(encoding="utf-8"))
    cities = []
    for row, v in raw.items():
        cities.append(
            City(
                row=int(row),
                src_id=int(v["id"]),
                name_fa=clean_fa(v["name"]),
                name_en=(v.get("en_name") or "").strip(),
                province=int(v["province_id"]),
                county_id=int(v["county_id"]),
                is_county_seat=bool(v["is_county"]),
                lat=to_float(v.get("lat")),
                lon=to_float(v.get("lon")),
            )
        )
    cities.sort(key=lambda c: c.row)
    return cities


def dedupe_cities(cities: list[City], report: Report) -> list[City]:
    """Merge rows that list one city twice in one province.

    Source A repeats a few cities at the same coordinates, sometimes with a
    stray full stop («کرمانشاه.», «رودهن.»), once as county seat and once not
    («گلوگاه», «معمولان»). Keep one row per (province, name) cluster within
    DUP_KM or in one county («اسلام آباد غرب» twice in county 337), preferring
    the county seat, then the first row.
    """
    keep: list[City] = []
    by_key: dict[tuple[int, str], list[City]] = defaultdict(list)
    for c in sorted(cities, key=lambda c: (not c.is_county_seat, c.row)):
        key = (c.province, join_key(c.name_fa))
        dup = None
        for other in by_key[key]:
            if c.county_id != other.county_id and None in (c.lat, c.lon, other.lat, other.lon):
                continue
            if c.county_id == other.county_id or km(c.lat, c.lon, other.lat, other.lon) <= DUP_KM:  # type: ignore[arg-type]
                dup = other
                break
        if dup is not None:
            report.counts["a_duplicates_merged"] += 1
            report.notes.append(f"duplicate merged: {c.name_fa} ({c.src_id}) into {dup.src_id}")
            if not dup.name_en:
                dup.name_en = c.name_en
            continue
        by_key[key].append(c)
        keep.append(c)
    keep.sort(key=lambda c: c.row)
    return keep


def b_province_map(src: Path, provs: dict[int, Province]) -> dict[int, int]:
    """Source B ``state_id`` -> source A province id (via the Persian name)."""
    by_key = {join_key(p.name_fa): p.src_id for p in provs.values()}
    out: dict[int, int] = {}
    with (src / "iran-provinces-wikidata.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["country_code"] == "IR" and join_key(row["native"]) in by_key:
                out[int(row["id"])] = by_key[join_key(row["native"])]
    return out


def clean_b_qids(rows: list[dict[str, Any]], report: Report) -> dict[int, str]:
    """Row index -> QID, keeping only QIDs that name one city.

    The README measured 81 QIDs repeated across 313 rows. A repeated QID is kept
    only when all its rows are the same city (same province, within
    SAME_CITY_KM); e.g. «بوشهر» and «بندر بوشهر» listed twice. Otherwise every row
    loses it: we cannot tell which of the cities the QID really belongs to.
    """
    by_qid: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        q = (r.get("wikiDataId") or "").strip()
        if q and r.get("type") not in NON_CITY_TYPES:
            by_qid[q].append(i)
    good: dict[int, str] = {}
    for q, idx in by_qid.items():
        if len(idx) > 1:
            states = {rows[i]["state_id"] for i in idx}
            pts = [(float(rows[i]["latitude"]), float(rows[i]["longitude"])) for i in idx]
            spread = max(km(*a, *b) for a in pts for b in pts)
            if len(states) > 1 or spread > SAME_CITY_KM:
                report.dropped_qids[q] = f"shared by {len(idx)} different source-B cities"
                report.counts["qid_shared_dropped"] += 1
                report.counts["qid_shared_rows"] += len(idx)
                continue
            report.counts["qid_duplicate_rows_same_city"] += 1
        for i in idx:
            good[i] = q
    return good


def join(src: Path, provs: dict[int, Province], cities: list[City], report: Report) -> None:
    rows: list[dict[str, Any]] = json.loads(
        (src / "iran-cities-wikidata.json").read_text(encoding="utf-8")
    )
    report.counts["b_rows"] = len(rows)
    report.counts["b_rows_with_qid"] = sum(1 for r in rows if r.get("wikiDataId"))
    state_map = b_province_map(src, provs)
    qids = clean_b_qids(rows, report)

    # Index source B by (province, key); the README warns that `native` is
    # unreliable, so only `translations.fa` is used.
    b_index: dict[tuple[int, str], list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        fa = (r.get("translations") or {}).get("fa")
        prov = state_map.get(int(r["state_id"]))
        if not fa or prov is None or r.get("type") in NON_CITY_TYPES:
            continue
        b_index[(prov, join_key(fa))].append(i)

    a_index: dict[tuple[int, str], list[City]] = defaultdict(list)
    for c in cities:
        a_index[(c.province, join_key(c.name_fa))].append(c)

    for key, a_cities in a_index.items():
        b_rows = b_index.get(key, [])
        if not b_rows:
            report.counts["a_not_joined"] += len(a_cities)
            continue
        if len(a_cities) > 1:
            # Two cities of one name in one province: a name join cannot say
            # which is which, so neither gets a QID or borrowed data.
            report.counts["join_ambiguous_in_province_a"] += len(a_cities)
            for r in b_rows:
                q = qids.get(r)
                if q:
                    report.dropped_qids.setdefault(q, "city name ambiguous within province (source A)")
            continue
        city = a_cities[0]
        b_qids = {qids.get(r, "") for r in b_rows} - {""}
        if len(b_rows) > 1 and len(b_qids) > 1:
            report.counts["join_ambiguous_in_province_b"] += 1
            for q in b_qids:
                report.dropped_qids.setdefault(q, "city name ambiguous within province (source B)")
            continue
        # Of several rows for this name (one city listed twice), use the one
        # carrying the kept QID, else the nearest.
        def dist(i: int, c: City = city) -> float:
            la, lo = to_float(rows[i].get("latitude")), to_float(rows[i].get("longitude"))
            if None in (la, lo, c.lat, c.lon):
                return 0.0
            return km(c.lat, c.lon, la, lo)  # type: ignore[arg-type]

        best = min(b_rows, key=lambda i: (not qids.get(i), dist(i)))
        r = rows[best]
        blat, blon = to_float(r.get("latitude")), to_float(r.get("longitude"))
        if city.lat is not None and city.lon is not None and blat is not None and blon is not None:
            d = km(city.lat, city.lon, blat, blon)
            if d > (JOIN_MAX_KM_SEAT if city.is_county_seat else JOIN_MAX_KM):
                report.counts["join_rejected_distance"] += 1
                report.notes.append(f"join rejected ({d:.0f} km): {city.name_fa} / {r['name']}")
                q = qids.get(best)
                if q:
                    report.dropped_qids.setdefault(q, f"name join {d:.0f} km apart")
                continue
        report.counts["joined"] += 1
        q = next(iter(b_qids), "")
        city.wikidata = q
        pops = [rows[i].get("population") for i in b_rows if rows[i].get("population")]
        city.population = int(max(pops)) if pops else None
        b_en = (r.get("name") or "").strip()
        if not city.name_en and b_en and plausible_en(city.name_fa, b_en):
            city.name_en = b_en
            city.en_from_b = True
        # Source A geocoded some cities to a road or a shop (its English name
        # gives it away, see clean_en_names); its coordinates for those are the
        # wrong feature's, so the joined row's are better.
        geocode_bad = city.row in _GEOCODE_SUSPECT
        if (city.lat is None or city.lon is None or geocode_bad) and blat is not None and blon is not None:
            city.lat, city.lon = blat, blon
            city.coords_from_b = True

    # English names only (never QIDs): a city the name join missed may still
    # have a source-B row at the same spot whose romanisation fits the Persian
    # name (spelling differences such as «باروق»/«باروک» defeat the join).
    for c in cities:
        if c.name_en or c.lat is None or c.lon is None:
            continue
        near = [
            r
            for r in rows
            if abs(float(r["latitude"]) - c.lat) < 0.05 and abs(float(r["longitude"]) - c.lon) < 0.05
        ]
        near = [r for r in near if km(c.lat, c.lon, float(r["latitude"]), float(r["longitude"])) <= 3.0]
        fits = sorted({r["name"].strip() for r in near if plausible_en(c.name_fa, r["name"])})
        if len(fits) == 1:
            c.name_en = fits[0]
            c.en_from_b = True
            report.counts["en_from_b_by_coordinates"] += 1

    # A QID must name one place: drop it everywhere if it landed on two cities,
    # or on a city and a province.
    used: Counter[str] = Counter(c.wikidata for c in cities if c.wikidata)
    used.update(p.wikidata for p in provs.values() if p.wikidata)
    for c in cities:
        if c.wikidata and used[c.wikidata] > 1:
            report.dropped_qids.setdefault(c.wikidata, "would land on two shipped places")
            c.wikidata = ""


def assign_slugs(provs: dict[int, Province], cities: list[City], report: Report) -> None:
    capital_en = {}
    for c in cities:
        for p in provs.values():
            if c.province == p.src_id and join_key(c.name_fa) == join_key(p.name_fa) and c.name_en:
                capital_en[p.src_id] = c.name_en
    for p in provs.values():
        # A province named after its capital shares the capital's romanisation,
        # so city-hamedan and province-hamedan line up (source A spells the
        # province "Hamadan" but the city "Hamedan").
        p.slug = slugify(capital_en.get(p.src_id, p.name_en))
    assert len({p.slug for p in provs.values()}) == len(provs), "province slugs collide"

    base: dict[int, str] = {}  # keyed by row
    for c in cities:
        s = slugify(c.name_en) if c.name_en else ""
        if not s:
            s = transliterate(c.name_fa)
            report.counts["slug_transliterated"] += 1
        base[c.row] = s
    counts = Counter(base.values())
    taken: set[str] = set()
    # Deterministic: in source row order; duplicates get the province slug,
    # and if that still collides (same name twice in one province) the row number.
    for c in cities:
        s = base[c.row]
        if counts[s] > 1:
            s = f"{s}-{provs[c.province].slug}"
        if s in taken:
            s = f"{s}-{c.row}"
        taken.add(s)
        c.slug = s


def write_tsv(path: Path, header: list[str], rows: list[list[str]], comments: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        for line in comments:
            fh.write(f"# {line}\n")
        fh.write("\t".join(header) + "\n")
        for r in rows:
            assert all("\t" not in v and "\n" not in v for v in r), r
            fh.write("\t".join(r) + "\n")


def build(src: Path, out: Path, verbose: bool = False) -> Report:
    report = Report()
    provs = load_provinces(src, report)
    cities = dedupe_cities(load_cities(src), report)
    clean_en_names(cities, report)
    join(src, provs, cities, report)
    assign_slugs(provs, cities, report)
    out.mkdir(parents=True, exist_ok=True)

    header_note = [
        f"Built by scripts/build_gazetteer.py from {SOURCE_A}",
        f"joined with {SOURCE_B}; Wikidata QIDs are CC0 facts from Wikidata.",
        "Contains information from countries-states-cities-database, made available",
        "under the ODbL 1.0 (see LICENSE-countries-states-cities-database). Do not edit: rebuild.",
    ]
    prov_rows = [
        [
            f"province-{p.slug}",
            p.name_fa,
            p.name_en,
            p.iso,
            fmt_coord(p.lat),
            fmt_coord(p.lon),
            p.wikidata,
        ]
        for p in sorted(provs.values(), key=lambda p: p.slug)
    ]
    write_tsv(
        out / "provinces.tsv",
        ["id", "name_fa", "name_en", "iso3166_2", "lat", "lon", "wikidata"],
        prov_rows,
        header_note,
    )
    city_rows = [
        [
            f"city-{c.slug}",
            c.name_fa,
            c.name_en,
            f"province-{provs[c.province].slug}",
            fmt_coord(c.lat),
            fmt_coord(c.lon),
            "1" if c.is_county_seat else "0",
            c.wikidata,
            "" if c.population is None else str(c.population),
            str(c.src_id),
        ]
        for c in sorted(cities, key=lambda c: c.slug)
    ]
    write_tsv(
        out / "cities.tsv",
        [
            "id",
            "name_fa",
            "name_en",
            "province_id",
            "lat",
            "lon",
            "is_county_seat",
            "wikidata",
            "population",
            "source_id",
        ],
        city_rows,
        header_note,
    )
    for lic in LICENCES:
        shutil.copyfile(src / lic, out / lic)

    c = report.counts
    c["provinces"] = len(provs)
    c["provinces_with_qid"] = sum(1 for p in provs.values() if p.wikidata)
    c["cities"] = len(cities)
    c["county_seats"] = sum(c_.is_county_seat for c_ in cities)
    c["cities_with_qid"] = sum(1 for c_ in cities if c_.wikidata)
    c["cities_en_from_b"] = sum(c_.en_from_b for c_ in cities)
    c["cities_without_en"] = sum(1 for c_ in cities if not c_.name_en)
    c["cities_coords_from_b"] = sum(c_.coords_from_b for c_ in cities)
    c["cities_without_coords"] = sum(1 for c_ in cities if c_.lat is None)
    c["qids_dropped_total"] = len(report.dropped_qids)
    if verbose:
        for q, why in sorted(report.dropped_qids.items()):
            print(f"dropped {q}: {why}", file=sys.stderr)
        for n in report.notes:
            print(n, file=sys.stderr)
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source", type=Path, help="folder holding the places reference data")
    ap.add_argument(
        "-o",
        "--out",
        type=Path,
        default=Path(__file__).resolve().parent.parent / "kg" / "lexicons" / "places",
    )
    ap.add_argument("-v", "--verbose", action="store_true", help="list dropped QIDs and notes")
    args = ap.parse_args(argv)
    report = build(args.source, args.out, args.verbose)
    for k, v in sorted(report.counts.items()):
        print(f"{k}\t{v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
