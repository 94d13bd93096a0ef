"""Benchmark ``kg export``: time and peak memory of every format on a 10,000-article corpus graph.

    python bench/export.py                        # 10,000 synthetic articles, people + topics views
    python bench/export.py --articles 1000 --views people topics full
    python bench/export.py --corpus corpus.nq     # a graph made by `kg ingest` instead
    python bench/export.py --source store         # through kg.store (on disk) instead of a file
    python bench/export.py --compare-rdflib 500   # in-memory pyoxigraph vs rdflib for the same queries

The corpus graph, cached as N-Quads under ``$KG_BENCH_CACHE`` (default ``~/.cache/officials-kg/bench``):

* ``--generator records`` (default, 3 minutes for 10,000 articles): articles generated here as
  extraction records (officials of real cities from the gazetteer, their organisations,
  projects, events, statements with mentions) and mapped by the real ``kg.rdf.mapping``, so
  the graph has exactly the shape ``kg ingest`` writes;
* ``--generator text``: the texts of ``bench/corpus.py`` run through the real extraction
  (``kg.ingest.process``), about 0.1 s per article — closest to real use, slow to build.

Each (view, format) runs in a fresh process, so that its peak RSS (``wait4``'s ru_maxrss) is
its own: load the graph, project it (SPARQL + measures), render, write. Times are wall-clock.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FORMATS = ("graphml", "gexf", "cytoscape", "node-link", "dot", "svg", "png", "csv", "html")
EXTENSION = {"graphml": "graphml", "gexf": "gexf", "cytoscape": "cyjs", "node-link": "json", "dot": "dot",
             "svg": "svg", "png": "png", "csv": "csv", "html": "html"}

FAMILY_NAMES = (
    "حسینی", "محمدی", "رضایی", "احمدی", "کریمی", "موسوی", "جعفری", "صادقی", "رحیمی", "هاشمی", "قاسمی",
    "نوری", "کاظمی", "عباسی", "طاهری", "مرادی", "یوسفی", "سلطانی", "اکبری", "بهرامی", "نجفی", "زارعی",
    "شریفی", "فرهادی", "مسگریان", "امینی", "باقری", "حیدری", "خسروی", "رستمی", "سعیدی", "شکوری",
    "عسگری", "غفاری", "فاضلی", "قربانی", "کامرانی", "لطفی", "منصوری", "نادری", "وحیدی", "یزدانی",
)
POSTS = (  # title, organisation pattern
    ("شهردار", "شهرداری {place}"), ("رئیس شورای شهر", "شورای شهر {place}"), ("فرماندار", "فرمانداری {place}"),
    ("مدیرکل راه و شهرسازی", "اداره کل راه و شهرسازی {place}"), ("مدیرعامل آب و فاضلاب", "شرکت آب و فاضلاب {place}"),
)
PROJECTS = ("قطار شهری", "کتابخانه مرکزی", "بیمارستان", "پل غدیر", "پارک بانوان", "بزرگراه شهید کلانتری",
            "تصفیه‌خانه فاضلاب", "ورزشگاه", "مجتمع فرهنگی", "پایانه مسافربری")
STATUS = ("در حال اجرا", "نیمه‌تمام", "افتتاح شد", None)
EVENTS = ("جلسه شورای اداری", "همایش مدیران شهری", "نشست خبری", "آیین افتتاح")
CONTENTS = (
    "پروژه {project} تا پایان سال به بهره‌برداری می‌رسد",
    "اعتبار لازم برای {project} در {place} تأمین شده است",
    "{org} از همه ظرفیت‌ها برای توسعه {place} استفاده می‌کند",
    "مردم {place} حق دارند خدمات بهتری دریافت کنند",
    "پیشرفت {project} به ۷۰ درصد رسیده است",
    "همکاری {org} با دستگاه‌های اجرایی ادامه دارد",
)


def _tsv(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=False)) for line in lines[1:]]


class Corpus:
    """Deterministic synthetic articles (records), shaped like the extraction's output."""

    def __init__(self, seed: int = 1404) -> None:
        lex = ROOT / "kg" / "lexicons"
        self.rnd = random.Random(seed)
        self.provinces = {p["id"]: p for p in _tsv(lex / "places" / "provinces.tsv")}
        cities = [c for c in _tsv(lex / "places" / "cities.tsv") if c.get("is_county_seat") == "1"]
        self.cities = sorted(cities, key=lambda c: -int(c.get("population") or 0))[:150]
        given = [r["name"] for r in _tsv(lex / "first_names.tsv") if r.get("gender") == "m"]
        self.given = given[:2000]
        # officials: one per (city, post); people outside posts are drawn per article
        self.officials: dict[tuple[str, int], tuple[str, str]] = {}

    def official(self, city: str, post: int) -> tuple[str, str]:
        key = (city, post)
        if key not in self.officials:
            self.officials[key] = (self.rnd.choice(self.given), self.rnd.choice(FAMILY_NAMES))
        return self.officials[key]

    def article(self, i: int):
        from kg import records as r

        rnd = self.rnd
        # a few cities get most of the news, as in real coverage
        city = self.cities[min(int(rnd.paretovariate(1.2)) - 1, len(self.cities) - 1)]
        province = self.provinces.get(city["province_id"])
        place_name = city["name_fa"]
        parts: list[str] = [f"به گزارش خبرنگار ما از {place_name}، "]
        text_len = len(parts[0])
        people, orgs, statements, projects, events = [], [], [], [], []
        n_speakers = rnd.choice((1, 1, 2, 2, 3, 4))
        posts = rnd.sample(range(len(POSTS)), min(n_speakers, len(POSTS)))
        proj_keys = []
        for k in range(rnd.choice((0, 1, 1, 2))):
            label = f"{rnd.choice(PROJECTS)} {place_name}"
            proj_keys.append((f"pr{k}", label))
        event = f"{rnd.choice(EVENTS)} {place_name}" if rnd.random() < 0.4 else None

        def add(text: str) -> r.TextSpan:
            nonlocal text_len
            span = r.TextSpan(text_len, text_len + len(text), text)
            parts.append(text)
            text_len += len(text)
            return span

        for k, post in enumerate(posts):
            given, family = self.official(city["id"], post)
            title, org_pattern = POSTS[post]
            org_label = org_pattern.format(place=place_name)
            orgs.append(r.Organization(f"o{k}", org_label, place=city["id"]))
            name = f"{given} {family}"
            mention = add(name)
            add(f" {title} {place_name} ")
            people.append(r.Person(f"p{k}", f"name:{given}{family}", name, (), given, family, title,
                                   f"{title} {place_name}", f"o{k}", city["id"], official=True, mentions=[mention]))
            for _ in range(rnd.choice((1, 2, 2, 3, 4, 6))):
                verb = rnd.choice(("گفت", "افزود", "تصریح کرد", "بیان کرد"))
                add(f"{verb}: ")
                proj = rnd.choice(proj_keys) if proj_keys and rnd.random() < 0.6 else None
                content = rnd.choice(CONTENTS).format(project=proj[1] if proj else "جدید", place=place_name,
                                                      org=org_label) + "."
                span = add(content)
                add(" ")
                mentions = [city["id"]] + ([f"o{rnd.randrange(len(posts))}"] if rnd.random() < 0.3 else [])
                statements.append(r.Statement(span, content, verb, True, f"p{k}", speaker_mention=mention,
                                              projects=[proj[0]] if proj else [], mentions=mentions,
                                              event="e0" if event else None))
        if rnd.random() < 0.2:  # a citizen or expert who is no official
            given, family = rnd.choice(self.given), rnd.choice(FAMILY_NAMES)
            mention = add(f"{given} {family}")
            add(" گفت: ")
            span = add(f"وضعیت {place_name} بهتر شده است.")
            people.append(r.Person("px", f"name:{given}{family}", f"{given} {family}", (), given, family,
                                   mentions=[mention]))
            statements.append(r.Statement(span, span.text, "گفت", True, "px", speaker_mention=mention,
                                          mentions=[city["id"]]))
        for key, label in proj_keys:
            projects.append(r.Project(key, label, rnd.choice(STATUS), owner="o0" if orgs else None, place=city["id"]))
        if event:
            events.append(r.Event("e0", event, host_city=city["id"]))
        places = [r.Place(city["id"], "City", place_name, city["name_en"], province=city["province_id"],
                          lat=float(city["lat"]), lon=float(city["lon"]), wikidata=city.get("wikidata") or None,
                          mentions=[r.TextSpan(parts[0].index(place_name), parts[0].index(place_name) + len(place_name),
                                               place_name)])]
        if province:
            places.append(r.Place(province["id"], "Province", province["name_fa"], province["name_en"]))
        text = "".join(parts)
        return r.Article(text=text, sha256=hashlib.sha256(f"{i}:{text}".encode()).hexdigest(),
                         date=date(2025, 1, 1) + timedelta(days=i % 365), url=f"https://example.org/news/{i}",
                         people=people, statements=statements, places=places, organizations=orgs,
                         projects=projects, events=events)


def _nt(term) -> str:
    """N-Triples form of an rdflib term (``n3()`` writes Turtle's \"\"\" strings for newlines)."""
    from rdflib import Literal

    if isinstance(term, Literal):
        text = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype:
            return f'"{text}"^^<{term.datatype}>'
        return f'"{text}"'
    return term.n3()


def _write_graph(out, g) -> None:
    name = g.identifier.n3()
    out.writelines(f"{_nt(s)} {_nt(p)} {_nt(o)} {name} .\n" for s, p, o in g)


def build_corpus(n: int, path: Path) -> None:
    """``n`` synthetic articles as N-Quads, one named graph per article (as `kg ingest` writes)."""
    from kg.rdf.mapping import article_graph

    corpus = Corpus()
    tmp = path.with_suffix(".tmp")
    started = time.perf_counter()
    with tmp.open("w", encoding="utf-8") as out:
        for i in range(n):
            _write_graph(out, article_graph(corpus.article(i)))
            if (i + 1) % 1000 == 0:
                print(f"  corpus: {i + 1}/{n} articles ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    tmp.replace(path)


def build_corpus_from_texts(n: int, path: Path) -> None:
    """``n`` articles of bench/corpus.py through the real extraction, as N-Quads."""
    from bench.corpus import generate
    from kg.ingest import process
    from kg.rdf.namespace import DEFAULT_BASE
    from kg.text.read import Source

    tmp = path.with_suffix(".tmp")
    started = time.perf_counter()
    with tmp.open("w", encoding="utf-8") as out:
        for i, (text, gold) in enumerate(generate(n, seed=7)):
            src = Source(text, name=f"a{i}", url=gold.get("url"), date=gold.get("date"), source=gold.get("source"))
            _write_graph(out, process(src, base=DEFAULT_BASE, validate=False).graph)
            if (i + 1) % 500 == 0:
                print(f"  corpus: {i + 1}/{n} articles ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    tmp.replace(path)


def corpus_path(n: int, generator: str = "records") -> Path:
    cache = Path(os.environ.get("KG_BENCH_CACHE", Path.home() / ".cache" / "officials-kg" / "bench"))
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / (f"export-corpus-{n}.nq" if generator == "records" else f"export-corpus-text-{n}.nq")
    if not path.exists():
        print(f"building {path} ...", file=sys.stderr)
        (build_corpus if generator == "records" else build_corpus_from_texts)(n, path)
    return path


def build_store(corpus: Path, folder: Path) -> None:
    import pyoxigraph as ox

    from kg.store import Store

    store = Store(folder)
    store.raw.bulk_load(path=str(corpus), format=ox.RdfFormat.N_QUADS)
    store.close()


# --- one measured run (child process) --------------------------------------------------------


def child(args: argparse.Namespace) -> None:
    from kg.export import write_file
    from kg.export.projections import load_files, open_store, project
    from kg.export.writers import by_name, output_paths

    t0 = time.perf_counter()
    source = open_store(args.store) if args.store else load_files([args.corpus])
    t1 = time.perf_counter()
    projection = project(source, args.view)
    t2 = time.perf_counter()
    writer = by_name(args.format)
    rendered = writer.render(projection)
    t3 = time.perf_counter()
    size = 0
    for path, data in output_paths(args.out, rendered):
        write_file(path, data)
        size += len(data)
    t4 = time.perf_counter()
    g = projection.graph
    print(json.dumps({"load": t1 - t0, "project": t2 - t1, "render": t3 - t2, "write": t4 - t3,
                      "nodes": g.number_of_nodes(), "edges": g.number_of_edges(), "bytes": size,
                      "betweenness": g.graph.get("betweenness", "")}))


def measure(corpus: Path, store: Path | None, view: str, fmt: str, out_dir: Path) -> dict:
    out = out_dir / f"{view}.{EXTENSION[fmt]}"
    cmd = [sys.executable, __file__, "_child", "--corpus", str(corpus), "--view", view, "--format", fmt,
           "--out", str(out)] + (["--store", str(store)] if store else [])
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    stdout, stderr = proc.stdout.read().decode(), proc.stderr.read().decode()
    proc.stdout.close()
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        return {"error": (stderr.strip().splitlines() or ["failed"])[-1][:120], "wall": wall}
    result = json.loads(stdout.strip().splitlines()[-1])
    result.update(wall=wall, peak_rss_mb=usage.ru_maxrss / 1024)
    return result


def compare_rdflib(n: int) -> None:
    """Same queries, same projection: rdflib Dataset vs in-memory pyoxigraph."""
    from rdflib import Dataset

    from kg.export.projections import NAMESPACES, literal_value, load_files, project

    class RdflibSource:
        def __init__(self, ds: Dataset) -> None:
            self.ds = ds

        def select(self, query: str):
            from rdflib import BNode, Literal, URIRef

            for row in self.ds.query(query, initNs=NAMESPACES):
                out = []
                for term in row:
                    if isinstance(term, Literal):
                        out.append(str(term) if term.language else literal_value(
                            str(term), str(term.datatype) if term.datatype else None))
                    elif isinstance(term, BNode):
                        out.append(f"_:{term}")
                    elif isinstance(term, URIRef):
                        out.append(str(term))
                    else:
                        out.append(term)
                yield tuple(out)

    path = corpus_path(n)
    for view in ("people", "topics"):
        t0 = time.perf_counter()
        src = load_files([str(path)])
        t1 = time.perf_counter()
        a = project(src, view).graph
        t2 = time.perf_counter()
        ds = Dataset(default_union=True)
        ds.parse(str(path), format="nquads")
        t3 = time.perf_counter()
        b = project(RdflibSource(ds), view).graph
        t4 = time.perf_counter()
        same = sorted(a.nodes) == sorted(b.nodes) and a.number_of_edges() == b.number_of_edges()
        print(f"{n} articles, {view}: pyoxigraph load {t1 - t0:.1f} s + project {t2 - t1:.1f} s; "
              f"rdflib load {t3 - t2:.1f} s + project {t4 - t3:.1f} s; same graph: {same}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--corpus", help="an N-Quads/TriG graph to use instead of the synthetic corpus")
    ap.add_argument("--generator", choices=["records", "text"], default="records",
                    help="synthetic records mapped to RDF (fast) or bench/corpus.py texts through the extraction")
    ap.add_argument("--views", nargs="+", default=["people", "topics"], choices=["people", "topics", "full"])
    ap.add_argument("--formats", nargs="+", default=list(FORMATS), choices=FORMATS)
    ap.add_argument("--source", choices=["file", "store"], default="file")
    ap.add_argument("--compare-rdflib", type=int, metavar="N", help="compare with rdflib on N articles and stop")
    args = ap.parse_args()
    if args.compare_rdflib:
        compare_rdflib(args.compare_rdflib)
        return
    corpus = Path(args.corpus) if args.corpus else corpus_path(args.articles, args.generator)
    with tempfile.TemporaryDirectory(prefix="kg-bench-export-") as tmp:
        store = None
        if args.source == "store":
            store = Path(tmp) / "store"
            t = time.perf_counter()
            build_store(corpus, store)
            print(f"store built in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        size_mb = corpus.stat().st_size / 2**20
        print(f"corpus: {corpus} ({size_mb:.0f} MiB), source: {args.source}")
        print(f"{'view':7} {'format':10} {'nodes':>7} {'edges':>7} {'load s':>7} {'project s':>9} "
              f"{'render s':>8} {'total s':>8} {'peak MiB':>8} {'output':>10}")
        for view in args.views:
            for fmt in args.formats:
                r = measure(corpus, store, view, fmt, Path(tmp))
                if "error" in r:
                    print(f"{view:7} {fmt:10} error: {r['error']}")
                    continue
                print(f"{view:7} {fmt:10} {r['nodes']:>7} {r['edges']:>7} {r['load']:>7.1f} {r['project']:>9.1f} "
                      f"{r['render']:>8.1f} {r['wall']:>8.1f} {r['peak_rss_mb']:>8.0f} {r['bytes'] / 2**20:>8.1f}Mi",
                      flush=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_child":
        p = argparse.ArgumentParser()
        p.add_argument("_child")
        p.add_argument("--corpus")
        p.add_argument("--store")
        p.add_argument("--view")
        p.add_argument("--format")
        p.add_argument("--out")
        child(p.parse_args())
    else:
        main()
