"""Benchmark the store: ingest a synthetic corpus, then time every named query.

    python bench/store.py                      # 1,000 and 10,000 articles
    python bench/store.py --sizes 2000 --runs 9
    python bench/store.py --sizes 300 --extract   # the generated texts through real extraction
    python bench/store.py --keep /tmp/kgbench  # keep the on-disk stores

For each size it prints: how long mapping the articles took, the load time (one
``Store.replace_article`` transaction per article, cross-article identity and derived graph
included — what ``kg ingest`` does, one article at a time), the bulk reload of the resulting
dump into an empty store for comparison, the number of quads, peak RSS of this process, the
median latency of every library query over ``--runs`` runs (after one warm-up run), and the
machine's load average (other work on the machine inflates every figure). Target: every
query under 100 ms median at 10,000 articles.

The corpus: articles are generated here by templating Persian sentences — officials of twenty
cities (mayors replaced half-way through, council chairmen, governors), quoted by six
agencies about their city's projects and events, with quantities — and, alongside each text,
the extraction records that text should give (kg/records.py, spans computed while the text
is built). The records go through the real mapping (kg.rdf.mapping) and the real store, so
the graph has the shape ``kg ingest`` writes without paying for extraction, which this
benchmark does not measure (``--extract`` runs the real extraction instead). One article in
five names its speaker only by surname or by title, so identity resolution does real work.
bench/corpus.py will replace this generator as the shared one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg import records as r
from kg.text.normalise import fold

BASE = "https://w3id.org/officials-kg/id/"
DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")

CITIES = [  # (gazetteer-like id, name, province id, province name)
    ("tehran", "تهران", "tehran", "تهران"), ("mashhad", "مشهد", "razavi-khorasan", "خراسان رضوی"),
    ("isfahan", "اصفهان", "isfahan", "اصفهان"), ("karaj", "کرج", "alborz", "البرز"),
    ("shiraz", "شیراز", "fars", "فارس"), ("tabriz", "تبریز", "east-azerbaijan", "آذربایجان شرقی"),
    ("qom", "قم", "qom", "قم"), ("ahvaz", "اهواز", "khuzestan", "خوزستان"),
    ("kermanshah", "کرمانشاه", "kermanshah", "کرمانشاه"), ("urmia", "ارومیه", "west-azerbaijan", "آذربایجان غربی"),
    ("rasht", "رشت", "gilan", "گیلان"), ("zahedan", "زاهدان", "sistan", "سیستان و بلوچستان"),
    ("hamedan", "همدان", "hamedan", "همدان"), ("kerman", "کرمان", "kerman", "کرمان"),
    ("yazd", "یزد", "yazd", "یزد"), ("ardabil", "اردبیل", "ardabil", "اردبیل"),
    ("arak", "اراک", "markazi", "مرکزی"), ("zanjan", "زنجان", "zanjan", "زنجان"),
    ("sanandaj", "سنندج", "kurdistan", "کردستان"), ("qazvin", "قزوین", "qazvin", "قزوین"),
]
GIVEN = ["علی", "محمد", "حسین", "مهدی", "رضا", "حسن", "احمد", "مسعود", "مجید", "سعید", "جواد", "محمود",
         "عباس", "امیر", "حمید", "ناصر", "کاظم", "مرتضی", "یوسف", "فاطمه", "زهرا", "مریم", "لیلا", "سارا"]
FAMILY = ["حسینی", "رضایی", "کریمی", "نوری", "محمدی", "احمدی", "موسوی", "جعفری", "قاسمی", "صادقی", "رحیمی",
          "کاظمی", "هاشمی", "طاهری", "شریفی", "عباسی", "زارعی", "نجفی", "اکبری", "یوسفی", "مرادی", "سلیمانی",
          "فرهادی", "بهرامی", "قربانی", "ملکی", "نظری", "حیدری", "جلالی", "سبحانی"]
POSTS = [  # (key, title, phrase with {city}, organisation with {city})
    ("mayor", "شهردار", "شهردار {city}", "شهرداری {city}"),
    ("council", "رئیس شورای شهر", "رئیس شورای شهر {city}", "شورای شهر {city}"),
    ("governor", "فرماندار", "فرماندار {city}", "فرمانداری {city}"),
]
AGENCIES = [("irna", "ایرنا"), ("isna", "ایسنا"), ("mehr", "مهر"), ("fars", "فارس"), ("tasnim", "تسنیم"),
            ("ilna", "ایلنا")]
PROJECTS = ["قطار شهری {city}", "بوستان جنگلی {city}", "بیمارستان شهید بهشتی {city}", "تصفیه‌خانه فاضلاب {city}",
            "کمربندی جنوبی {city}", "ورزشگاه {city}"]
STATUSES = ["در حال اجرا", "نیمه‌تمام", "افتتاح شد", "مصوب"]
EVENTS = ["جلسه شورای شهر {city}", "همایش مدیران شهری {city}", "نشست خبری شهرداری {city}"]
VERBS = ["گفت", "افزود", "اظهار کرد", "تصریح کرد", "ادامه داد"]
UNITS = [("درصد", 1, 5, 95), ("میلیارد ریال", 10**9, 10, 9000), ("کیلومتر", 1, 2, 120), ("دستگاه", 1, 5, 400),
         ("هکتار", 1, 1, 300), ("نفر", 1, 100, 50000)]
CLAIMS = [
    "پیشرفت فیزیکی {project} به {q} رسیده است.",
    "برای تکمیل {project} {q} اعتبار نیاز است.",
    "در سال جاری {q} به ظرفیت {project} اضافه می‌شود.",
    "{project} تا پایان سال به بهره‌برداری می‌رسد.",
    "مشکلات {project} با همکاری دستگاه‌های اجرایی برطرف شده است.",
    "ترافیک مرکز شهر {city} در ماه‌های اخیر {q} کاهش یافته است.",
]


@dataclass
class Official:
    given: str
    family: str
    post: str  # POSTS key
    city: int  # index into CITIES
    since: dt.date
    until: dt.date


def people(rng: random.Random, start: dt.date, end: dt.date) -> list[Official]:
    """Officials of every city: each mayor is replaced at a random date in the middle year."""
    out, used = [], set()

    def name():
        while True:
            n = (rng.choice(GIVEN), rng.choice(FAMILY))
            if n not in used:
                used.add(n)
                return n

    for i in range(len(CITIES)):
        switch = start + dt.timedelta(days=rng.randint(300, 600))
        out.append(Official(*name(), "mayor", i, start, switch))
        out.append(Official(*name(), "mayor", i, switch + dt.timedelta(days=1), end))
        out.append(Official(*name(), "council", i, start, end))
        out.append(Official(*name(), "governor", i, start, end))
    return out


class Writer:
    """Builds an article's text and its records together, so every span is exact."""

    def __init__(self, name: str, day: dt.date, agency: tuple[str, str]):
        self.parts: list[str] = []
        self.n = 0
        self.article = r.Article(text="", sha256="", name=name, date=day, source=agency[1])
        self.article.organizations.append(r.Organization(f"agency-{agency[0]}", agency[1], "NewsAgency"))
        self.article.agency = f"agency-{agency[0]}"

    def put(self, text: str) -> r.TextSpan:
        span = r.TextSpan(self.n, self.n + len(text), text)
        self.parts.append(text)
        self.n += len(text)
        return span

    def finish(self) -> r.Article:
        a = self.article
        a.text = "".join(self.parts)
        a.sha256 = hashlib.sha256(a.text.encode("utf-8")).hexdigest()
        return a


def make_article(i: int, rng: random.Random, officials: list[Official], start: dt.date, end: dt.date) -> r.Article:
    day = start + dt.timedelta(days=rng.randint(0, (end - start).days))
    agency = rng.choice(AGENCIES)
    ci = rng.randrange(len(CITIES))
    cid, city, pid, province = CITIES[ci]
    w = Writer(f"synthetic-{i:05d}", day, agency)
    a = w.article
    a.places += [r.Place(f"city-{cid}", "City", city, province=f"province-{pid}"),
                 r.Place(f"province-{pid}", "Province", f"استان {province}"),
                 r.Place("country-iran", "Country", "ایران")]
    here = [o for o in officials if o.city == ci and o.since <= day <= o.until]
    speakers = rng.sample(here, k=rng.choice([1, 1, 2, 2, 3]))
    projects = rng.sample(range(len(PROJECTS)), k=2)
    for k in projects:
        label = PROJECTS[k].format(city=city)
        a.projects.append(r.Project(f"project-{k}", label, status=rng.choice(STATUSES), place=f"city-{cid}"))
    event = None
    if rng.random() < 0.4:
        event = r.Event("event", rng.choice(EVENTS).format(city=city), host_city=f"city-{cid}", date=day)
        a.events.append(event)
    w.put(f"به گزارش {agency[1]}، ")
    weak = rng.random() < 0.2  # this article names its first speaker only by surname or by title
    for si, o in enumerate(speakers):
        _, title, phrase, org = next(p for p in POSTS if p[0] == o.post)
        phrase, org = phrase.format(city=city), org.format(city=city)
        org_key = f"org-{o.post}"
        if all(x.key != org_key for x in a.organizations):
            a.organizations.append(r.Organization(org_key, org, place=f"city-{cid}"))
        if si == 0 and weak and rng.random() < 0.5:
            subject = phrase
            person = r.Person(f"p{si}", "post:" + fold(phrase), None, title=title, title_phrase=phrase,
                              organization=org_key, official=True)
        elif si == 0 and weak:
            subject = f"{o.family}، {phrase}"
            person = r.Person(f"p{si}", "name:" + fold(o.family), o.family, family=o.family, title=title,
                              title_phrase=phrase, organization=org_key, official=True)
        else:
            subject = f"{o.given} {o.family}، {phrase}"
            person = r.Person(f"p{si}", "name:" + fold(o.given + o.family), f"{o.given} {o.family}", given=o.given,
                              family=o.family, title=title, title_phrase=phrase, organization=org_key, official=True)
        a.people.append(person)
        for n in range(rng.randint(1, 3)):
            if n or si:
                w.put("\n\n")
            subj = w.put("وی" if n else subject)
            person.mentions.append(subj)
            w.put(" ")
            verb = rng.choice(VERBS) if n else "گفت"
            cue = w.put(verb)
            w.put(": ")
            pk = rng.choice(projects)
            template = rng.choice(CLAIMS)
            quantity = None
            before, _, after = template.partition("{q}")
            project_label = PROJECTS[pk].format(city=city)
            text_before = before.format(project=project_label, city=city)
            if "{q}" in template:
                unit, scale, lo, hi = rng.choice(UNITS)
                number = rng.randint(lo, hi)
                written = f"{str(number).translate(DIGITS)} {unit}"
                q_start = w.n + len(text_before)
                quantity = r.Quantity(r.TextSpan(q_start, q_start + len(written), written),
                                      Decimal(number * scale), unit.split()[-1],
                                      unit_phrase=unit if scale > 1 else None)
                content = text_before + written + after.format(project=project_label, city=city)
            else:
                content = text_before
            body = w.put(content)
            st = r.Statement(body, content, verb, True, person.key, cue=cue, speaker_mention=subj)
            if "{project}" in template:
                st.projects.append(f"project-{pk}")
            if city in content:
                st.mentions.append(f"city-{cid}")
            if quantity is not None:
                a.quantities.append(quantity)
                st.quantities.append(len(a.quantities) - 1)
            if event is not None:
                st.event = event.key
            a.statements.append(st)
    w.put("\n")
    return w.finish()


def corpus(n: int, seed: int = 7):
    rng = random.Random(seed)
    start, end = dt.date(2023, 1, 1), dt.date(2025, 6, 30)
    officials = people(rng, start, end)
    return [make_article(i, rng, officials, start, end) for i in range(n)], officials


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def params_for(name: str, officials: list[Official]) -> dict[str, str]:
    mayor = next(o for o in officials if o.post == "mayor" and o.city == 12)  # Hamedan's first mayor
    return {
        "statements-by-person": {"person": f"{mayor.given} {mayor.family}"},
        "quantities-by-person": {"person": f"{mayor.given} {mayor.family}"},
        "people-by-city-and-post": {"city": "همدان"},
        "who-spoke-about-project": {"project": "قطار شهری همدان"},
        "agencies-reporting-on-city": {"city": "همدان"},
        "tenures": {"post": "شهردار همدان"},
        "statements-with-number-above": {"threshold": "1000000000000"},
        "projects-by-status-and-city": {"city": "همدان"},
    }.get(name, {})


def bench(n: int, runs: int, keep: Path | None, extract: bool) -> None:
    from kg.rdf.mapping import article_graph
    from kg.store import Store

    print(f"\n== {n:,} articles ==")
    articles, officials = corpus(n)
    folder = Path(keep) / f"store-{n}" if keep else Path(tempfile.mkdtemp(prefix="kgbench-"))
    shutil.rmtree(folder, ignore_errors=True)
    if extract:
        from kg.ingest import process
        from kg.text.read import Source

        def graph_of(a):
            return process(Source(a.text, a.name, date=a.date.isoformat(), source=a.source), base=BASE,
                           validate=False).graph
    else:
        def graph_of(a):
            return article_graph(a, BASE)
    try:
        # one article at a time, as kg ingest does: map (or extract), then store in one transaction
        mapping = load = load_cpu = 0.0
        triples = 0
        with Store(folder) as st:
            for a in articles:
                t = time.perf_counter()
                g = graph_of(a)
                mapping += time.perf_counter() - t
                triples += len(g)
                t, c = time.perf_counter(), time.process_time()
                st.replace_article(g)
                load += time.perf_counter() - t
                load_cpu += time.process_time() - c
            quads = len(st)
            print(f"{'extracted' if extract else 'mapped'} (rdflib): {mapping:8.1f} s ({triples:,} triples)")
            print(f"load (one transaction per article, identity and derived graph included): {load:8.1f} s "
                  f"= {1000 * load / n:.1f} ms/article ({1000 * load_cpu / n:.1f} ms CPU), {quads:,} quads")
            print(f"peak RSS while ingesting: {peak_rss_mb():,.0f} MB")
            dump = folder.parent / f"{folder.name}.nq"
            st.dump(dump)
        with Store(folder.parent / f"{folder.name}-bulk") as bulk:
            t = time.perf_counter()
            bulk.raw.bulk_load(path=str(dump))
            print(f"bulk reload of the dump (no identity, not transactional): {time.perf_counter() - t:8.1f} s")
        shutil.rmtree(folder.parent / f"{folder.name}-bulk", ignore_errors=True)
        dump.unlink()
        time_queries(folder, officials, runs)
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)


def time_queries(folder: Path, officials: list[Official], runs: int) -> None:
    """Median latency of every library query on the store in ``folder``."""
    from kg.query import library, prepare, run
    from kg.store import Store

    with Store(folder) as st:
        # wall-clock is the target; CPU time of this process shows what the query costs
        # when the machine is shared (other processes stretch the wall-clock time)
        print(f"{'query':36} {'rows':>6} {'median ms':>10} {'max ms':>8} {'cpu ms':>8}")
        slow = []
        for name in library():
            sparql, _ = prepare(name, params_for(name, officials))
            rows = len(list(run(st, sparql)))  # warm-up
            times, cpu = [], []
            for _ in range(runs):
                t, c = time.perf_counter(), time.process_time()
                for _row in run(st, sparql):
                    pass
                times.append(1000 * (time.perf_counter() - t))
                cpu.append(1000 * (time.process_time() - c))
            med = statistics.median(times)
            if med >= 100:
                slow.append(name)
            print(f"{name:36} {rows:>6} {med:>10.1f} {max(times):>8.1f} {statistics.median(cpu):>8.1f}")
    load_avg = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"peak RSS: {peak_rss_mb():,.0f} MB; load average {load_avg} on {os.cpu_count()} CPUs; "
          f"queries over 100 ms median: {', '.join(slow) or 'none'}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--runs", type=int, default=7, help="timed runs per query (median reported)")
    ap.add_argument("--keep", type=Path, help="keep the stores in this folder")
    ap.add_argument("--extract", action="store_true", help="run the real extraction on the generated texts")
    ap.add_argument("--queries-only", type=Path, metavar="STORE",
                    help="only time the queries on a store kept by an earlier --keep run (its size from --sizes)")
    args = ap.parse_args()
    if args.queries_only:
        _, officials = corpus(args.sizes[0])
        print(f"\n== queries on {args.queries_only} ==")
        time_queries(args.queries_only, officials, args.runs)
        return
    for n in args.sizes:
        bench(n, args.runs, args.keep, args.extract)


if __name__ == "__main__":
    main()
