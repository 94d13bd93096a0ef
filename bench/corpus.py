"""Synthetic Persian news with known gold, at any size, seeded and reproducible.

    from bench.corpus import generate
    for text, gold in generate(1000, seed=7):
        ...

    python bench/corpus.py 10000 -o corpus.jsonl             # one article a line (text, url, date, source, title)
    python bench/corpus.py 10000 -o corpus.jsonl.gz --gold gold.jsonl
    python bench/corpus.py 50 --folder news/                 # NAME.txt + NAME.gold.json, score.py's layout

Each article is a city news report: an agency lead, one to three officials of that city
(named with honorifics, referred to again by pronoun «وی», by surname or by title) quoted in
every statement form the extractor reads — colon statements with any reporting verb of
``kg/lexicons/reporting_verbs.tsv``, indirect clauses and noun phrases after the cues of
``indirect_cues.tsv``, the two combined in one sentence, a statement opening the article —
about the city's projects, with quantities (Persian digits, decimals, «هزار»/«میلیون»/
«میلیارد» scale words, several units) and the three spellings of a ZWNJ compound (می‌شود,
میشود, می شود). Cities and provinces come from the gazetteer (kg/lexicons/places/), titles
and their organisations from titles.tsv, given names from first_names.tsv.

``gold`` is a dict in the layout of the shared gold corpus (../shared/corpus/GUIDELINES.md):
``officials`` (id, name, given, family, honorific, title, organization, city, mentions),
``statements`` (speaker, verb, direct, start, end), ``quantities`` (value, unit, start, end),
plus ``url``, ``date`` and ``source``. Offsets are code points into ``text``, end exclusive.
:func:`score` compares extraction records with it.

The same (n, seed) gives the same articles on every machine and Python version: only
``random.Random(seed)`` decides, and lexicon rows are sorted before they are sampled.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import gzip
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LEXICONS = ROOT / "kg" / "lexicons"
DIGITS = str.maketrans("0123456789.", "۰۱۲۳۴۵۶۷۸۹.")
ZWNJ = "\u200c"

__all__ = ["generate", "score", "write"]

# Given names the generator uses: common ones, each checked against first_names.tsv below so
# the extractor's name hints know them. Family names are not in any lexicon (real ones are
# open-ended); these are common Iranian surnames that are neither places nor words.
GIVEN = ["محمد", "علی", "حسین", "رضا", "مهدی", "حمید", "مسعود", "مجید", "سعید", "احمد", "جواد", "کاظم",
         "ناصر", "بهروز", "فرهاد", "مریم", "زهرا", "فاطمه", "لیلا", "سمیه", "نرگس", "الهام", "محمود",
         "عباس", "یوسف", "کامران", "بهزاد", "منصور", "هادی", "وحید"]
FAMILY = ["حسینی", "رضایی", "محمدی", "کریمی", "موسوی", "جعفری", "قاسمی", "صادقی", "نوری", "رحیمی",
          "اکبری", "طاهری", "شریفی", "فرهادی", "نظری", "کاظمی", "امینی", "زمانی", "سلیمانی", "یزدانی",
          "مرادی", "باقری", "عسگری", "صالحی", "حیدری", "ملکی", "رنجبر", "توکلی", "سبحانی", "افشار"]
HONORIFICS = ["", "", "", "سید ", "دکتر ", "مهندس "]
# city-level posts of titles.tsv (organisation «… {place}»), and the province governor
CITY_TITLES = ["شهردار", "فرماندار", "رئیس شورای شهر", "عضو شورای شهر", "رئیس شورای اسلامی شهر"]
AGENCIES = ["ایرنا", "ایسنا", "خبرگزاری فارس", "خبرگزاری مهر", "خبرگزاری تسنیم", "ایلنا"]
VERBS = ["گفت", "افزود", "اظهار داشت", "تصریح کرد", "بیان کرد", "ادامه داد", "یادآور شد", "خاطرنشان کرد",
         "عنوان کرد", "اعلام کرد", "تأکید کرد", "توضیح داد", "اظهار کرد", "بیان داشت"]
CLAUSE_CUES = ["با بیان اینکه", "با اشاره به اینکه", "با تأکید بر اینکه", "ضمن بیان اینکه"]
NP_CUES = ["با اشاره به", "با تأکید بر", "ضمن اشاره به"]
PROJECTS = ["قطار شهری", "بیمارستان مرکزی", "کنارگذر شرقی", "تصفیه‌خانه فاضلاب", "پل غیرهمسطح میدان آزادی",
            "مجتمع فرهنگی ورزشی", "خط انتقال آب", "پایانه مسافربری", "بوستان جنگلی", "مدرسه‌سازی"]
OCCASIONS = ["در نشست خبری امروز", "در جلسه شورای اداری", "در آیین افتتاح طرح‌های عمرانی",
             "در جلسه علنی شورا", "در بازدید از طرح‌های عمرانی شهر"]
# (unit as written, canonical unit, low, high, scale word options)
UNITS = [("درصد", "درصد", 5, 95, [""]), ("کیلومتر", "کیلومتر", 2, 80, [""]), ("نفر", "نفر", 2, 900, ["", "هزار "]),
         ("تومان", "تومان", 2, 900, ["میلیارد ", "هزار میلیارد "]), ("ریال", "ریال", 2, 900, ["میلیارد "]),
         ("هکتار", "هکتار", 10, 900, [""]), ("واحد", "واحد", 20, 900, [""]), ("مگاوات", "مگاوات", 5, 400, [""])]
SCALE = {"": 1, "هزار ": 1000, "میلیون ": 10**6, "میلیارد ": 10**9, "هزار میلیارد ": 10**12}


def _rows(path: Path) -> list[dict[str, str]]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@lru_cache(maxsize=1)
def lexicon() -> dict[str, list]:
    """What the generator draws from, read from the project's lexicons (sorted: reproducible)."""
    places = LEXICONS / "places"
    ambiguous = {r.get("name") or next(iter(r.values())) for r in _rows(places / "ambiguous.tsv")}
    provinces = {r["id"]: r["name_fa"] for r in _rows(places / "provinces.tsv")}
    cities = sorted(
        ((int(r["population"] or 0), r["name_fa"], provinces.get(r["province_id"], ""))
         for r in _rows(places / "cities.tsv")
         if r["is_county_seat"] in ("1", "yes", "true") and r["name_fa"] not in ambiguous
         and " " not in r["name_fa"] and len(r["name_fa"]) >= 3),
        reverse=True)
    titles = {r["title"] for r in _rows(LEXICONS / "titles.tsv")}
    names = {r["name"] for r in _rows(LEXICONS / "first_names.tsv")}
    verbs = {r["phrase"] for r in _rows(LEXICONS / "reporting_verbs.tsv")}
    cues = {r["cue"] for r in _rows(LEXICONS / "indirect_cues.tsv")}
    missing = ([t for t in CITY_TITLES if t not in titles] + [v for v in VERBS if v not in verbs]
               + [c for c in CLAUSE_CUES + NP_CUES if c not in cues])
    if missing:  # the generator only writes what the lexicons list; tell which row went away
        raise RuntimeError(f"bench/corpus.py: not in the lexicons any more: {missing}")
    return {
        "cities": [(name, province) for _pop, name, province in cities[:60] if province],
        "given": [g for g in GIVEN if g in names],
    }


def persian(number: Decimal | int) -> str:
    """Persian digits, no exponent: Decimal("4E+1") → «۴۰»."""
    return f"{Decimal(number).normalize():f}".translate(DIGITS)


@dataclass
class _Person:
    id: str
    given: str
    family: str
    honorific: str
    title: str
    city: str

    @property
    def name(self) -> str:
        return f"{self.honorific}{self.given} {self.family}"

    @property
    def title_phrase(self) -> str:
        return f"{self.title} {self.city}"

    @property
    def organization(self) -> str:
        return {"شهردار": "شهرداری", "فرماندار": "فرمانداری", "رئیس شورای شهر": "شورای شهر",
                "عضو شورای شهر": "شورای شهر", "رئیس شورای اسلامی شهر": "شورای اسلامی شهر"}[self.title] \
            + f" {self.city}"


class _Builder:
    """The article text, appended piece by piece, remembering the offsets of what matters."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, text: str) -> tuple[int, int]:
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start, self.length

    @property
    def text(self) -> str:
        return "".join(self.parts)


class _Article:
    def __init__(self, rng: random.Random, index: int) -> None:
        self.rng = rng
        self.b = _Builder()
        self.mentions: dict[str, list[tuple[int, int]]] = {}
        self.statements: list[dict] = []
        self.quantities: list[dict] = []
        lex = lexicon()
        self.city, self.province = rng.choice(lex["cities"])
        titles = [*rng.sample(CITY_TITLES[:3], k=3), "عضو شورای شهر"]
        families = rng.sample(FAMILY, k=3)
        self.people = [
            _Person(chr(ord("A") + i), rng.choice(lex["given"]), families[i], rng.choice(HONORIFICS),
                    titles[i], self.city)
            for i in range(rng.choice([1, 1, 2, 2, 3]))
        ]
        self.projects = rng.sample(PROJECTS, k=3)
        self.index = index

    # --- pieces ---------------------------------------------------------------------------
    def mention(self, person: _Person, text: str) -> None:
        self.mentions.setdefault(person.id, []).append(self.b.add(text))

    def zwnj(self, a: str, b: str) -> str:
        """A compound in one of its three spellings (ZWNJ, nothing, a space)."""
        return a + self.rng.choice([ZWNJ, "", " "]) + b

    def quantity(self, kinds: tuple[str, ...]) -> str:
        """A number with one of the units ``kinds``, as the next piece of text (recorded in
        the gold)."""
        rng = self.rng
        unit, canonical, lo, hi, scales = rng.choice([u for u in UNITS if u[0] in kinds])
        scale = rng.choice(scales)
        if unit == "درصد" or rng.random() < 0.7:
            value = Decimal(rng.randint(lo, hi))
        else:
            value = Decimal(rng.randint(lo * 10, hi * 10)) / 10
        text = f"{persian(value)} {scale}{unit}"
        start, end = self.b.add(text)
        self.quantities.append({"value": float(value * SCALE[scale]) if value * SCALE[scale] % 1 else
                                int(value * SCALE[scale]), "unit": canonical, "start": start, "end": end})
        return text

    def content(self, *, final: bool = True) -> None:
        """A reported sentence (or clause, when not ``final``) about the city's projects."""
        rng = self.rng
        project = rng.choice(self.projects)
        form = rng.randrange(5)
        add = self.b.add
        if form == 0:
            add(f"پیشرفت فیزیکی {project} {self.city} به ")
            self.quantity(("درصد",))
            add(" رسیده است")
        elif form == 1:
            add(f"برای تکمیل {project} ")
            self.quantity(("تومان", "ریال"))
            add(" اعتبار پیش‌بینی شده است")
        elif form == 2:
            add(f"{project} تا پایان سال به بهره‌برداری {self.zwnj('می', 'رسد')}")
        elif form == 3:
            add(f"{self.zwnj('پروژه', 'های')} {self.zwnj('نیمه', 'تمام')} شهر باید با اولویت تکمیل شوند")
        else:
            add("در این طرح ")
            self.quantity(("کیلومتر", "نفر", "هکتار", "واحد", "مگاوات"))
            add(f" از ظرفیت موجود استفاده {self.zwnj('می', 'شود')}")
        if final:
            add(".")

    def direct(self, person: _Person, verb: str) -> None:
        """``VERB: CONTENT.`` after a subject already written."""
        self.b.add(f" {verb}: ")
        start = self.b.length
        self.content()
        self.statements.append({"speaker": person.id, "verb": verb, "direct": True, "start": start,
                                "end": self.b.length})

    def subject(self, person: _Person, form: str) -> None:
        if form == "full":
            self.mention(person, person.name)
            self.b.add("، ")
            self.mention(person, person.title_phrase)
        elif form == "title":
            self.mention(person, person.title_phrase)
        elif form == "surname":
            self.mention(person, person.family)
        else:
            self.mention(person, "وی")

    def indirect(self, person: _Person) -> None:
        """``CUE CLAUSE، `` or ``CUE NP، `` (the subject already written)."""
        rng = self.rng
        if rng.random() < 0.6:
            cue = rng.choice(CLAUSE_CUES)
            self.b.add(f" {cue} ")
            start = self.b.length
            self.content(final=False)
        else:
            cue = rng.choice(NP_CUES)
            self.b.add(f" {cue} ")
            start = self.b.length
            self.b.add(f"اهمیت تکمیل {rng.choice(self.projects)}")
        self.statements.append({"speaker": person.id, "verb": cue, "direct": False, "start": start,
                                "end": self.b.length})
        self.b.add("، ")

    # --- the article --------------------------------------------------------------------------
    def build(self) -> tuple[str, dict]:
        rng = self.rng
        b = self.b
        verbs = VERBS[:]
        agency = rng.choice(AGENCIES)
        first = self.people[0]
        if rng.random() < 0.3:  # the article opens with a headline statement
            self.subject(first, "title")
            self.direct(first, "گفت")
            b.add("\n\n")
        b.add(f"به گزارش {agency}، ")
        self.subject(first, "full")
        b.add(f" {rng.choice(OCCASIONS)}")
        self.direct(first, rng.choice(verbs))
        for person in self.people:
            if person is not first:
                b.add("\n\n")
                self.subject(person, "full")
                b.add(" نیز")
                self.direct(person, rng.choice(verbs))
            for _ in range(rng.randint(1, 4)):
                b.add("\n\n")
                form = rng.choice(["pronoun", "pronoun", "surname", "title"])
                self.subject(person, form)
                if rng.random() < 0.4:
                    self.indirect(person)
                    b.parts[-1] = b.parts[-1].rstrip()  # «، » then the verb: «...، افزود:»
                    b.length -= 1
                self.direct(person, rng.choice(verbs))
        if rng.random() < 0.5:  # a sentence that reports nothing
            b.add(f"\n\nاین نشست با حضور مدیران {self.zwnj('دستگاه', 'های')} اجرایی استان {self.province} برگزار شد.")
        text = b.text
        day = rng.randint(1, 28)
        gold = {
            "id": f"synthetic-{self.index:07d}",
            "source_agency": agency,
            "url": f"https://news.example.org/{self.index}",
            "date": f"1404-{rng.randint(1, 12):02d}-{day:02d}",
            "source": agency,
            "officials": [
                {"id": p.id, "name": p.name, "honorific": p.honorific.strip() or None, "given": p.given,
                 "family": p.family, "title": p.title, "organization": p.organization, "city": p.city,
                 "mentions": [list(m) for m in self.mentions.get(p.id, [])]}
                for p in self.people
            ],
            "statements": self.statements,
            "quantities": self.quantities,
        }
        return text, gold


def generate(n: int, seed: int = 7) -> Iterator[tuple[str, dict]]:
    """``n`` synthetic articles as (text, gold), the same for the same (n, seed) — and the
    first k of ``generate(n, seed)`` are ``generate(k, seed)``: each article has its own
    random stream, so sizes nest."""
    for i in range(n):
        rng = random.Random(f"{seed}:{i}")
        yield _Article(rng, i).build()


def write(n: int, seed: int, output: Path, gold: Path | None = None) -> None:
    """``n`` articles to a JSON Lines file (``.gz``: gzipped), gold to another if asked."""
    def opener(path: Path):
        return gzip.open(path, "wt", encoding="utf-8") if path.suffix == ".gz" else path.open("w", encoding="utf-8")

    with opener(output) as out, (opener(gold) if gold else contextlib.nullcontext()) as gout:
        for text, g in generate(n, seed):
            out.write(json.dumps({"text": text, "url": g["url"], "date": g["date"], "source": g["source"]},
                                 ensure_ascii=False) + "\n")
            if gout is not None:
                gout.write(json.dumps(g, ensure_ascii=False) + "\n")


# --- scoring extraction against the gold ------------------------------------------------------


def _key(name: str) -> str:
    from kg.text.normalise import fold

    words = fold(name).split()
    while words and words[0] in {"سید", "دکتر", "مهندس"}:
        words = words[1:]
    return "".join(words)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def score(article, gold: dict) -> dict[str, int]:
    """Counts for statement, attribution and quantity P/R/F1 of one extracted ``records.Article``
    against its gold, matched as ``../shared/tools/score.py`` does (span overlap ≥ 0.5)."""
    people = {p.key: p for p in article.people}
    officials = {o["id"]: o for o in gold["officials"]}
    system = [(s.span.start, s.span.end, people.get(s.speaker)) for s in article.statements]
    pairs = sorted(((_overlap((s[0], s[1]), (g["start"], g["end"])), i, j)
                    for i, s in enumerate(system) for j, g in enumerate(gold["statements"])), reverse=True)
    used_s: set[int] = set()
    used_g: set[int] = set()
    attributed = matched = 0
    for ov, i, j in pairs:
        if ov < 0.5 or i in used_s or j in used_g:
            continue
        used_s.add(i)
        used_g.add(j)
        matched += 1
        person = system[i][2]
        want = officials[gold["statements"][j]["speaker"]]
        if person is not None and person.name and _key(person.name) == _key(want["name"]):
            attributed += 1
    q_hit = 0
    q_used: set[int] = set()
    for gq in gold["quantities"]:
        for k, q in enumerate(article.quantities):
            if k not in q_used and abs(float(q.value) - float(gq["value"])) < 1e-6 \
                    and _overlap((q.span.start, q.span.end), (gq["start"], gq["end"])) > 0:
                q_used.add(k)
                q_hit += 1
                break
    return {"sys": len(system), "gold": len(gold["statements"]), "match": matched, "attributed": attributed,
            "q_sys": len(article.quantities), "q_gold": len(gold["quantities"]), "q_hit": q_hit}


def f1(hit: int, sys_n: int, gold_n: int) -> float:
    p = hit / sys_n if sys_n else 1.0
    r_ = hit / gold_n if gold_n else 1.0
    return 2 * p * r_ / (p + r_) if p + r_ else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, help="how many articles")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("-o", "--output", type=Path, help="JSON Lines file (.jsonl or .jsonl.gz)")
    ap.add_argument("--gold", type=Path, help="JSON Lines file of the gold, one line per article")
    ap.add_argument("--folder", type=Path, help="write NAME.txt + NAME.gold.json files here instead")
    args = ap.parse_args(argv)
    if args.folder:
        args.folder.mkdir(parents=True, exist_ok=True)
        for text, g in generate(args.n, args.seed):
            (args.folder / f"{g['id']}.txt").write_text(text, encoding="utf-8")
            (args.folder / f"{g['id']}.gold.json").write_text(
                json.dumps({**g, "text_file": f"{g['id']}.txt"}, ensure_ascii=False, indent=1), encoding="utf-8")
    elif args.output:
        write(args.n, args.seed, args.output, args.gold)
    else:
        for text, _g in generate(args.n, args.seed):
            sys.stdout.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
