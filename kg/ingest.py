"""The main job as a library: article sources → extracted, validated, mapped graphs → store or file.

``kg ingest`` (kg/cli/ingest.py) is a thin layer over :func:`ingest`. The design follows from
corpora of 10⁵–10⁶ articles on an ordinary machine:

* **Streaming.** Inputs are read lazily (folders walked one directory at a time, ``.jsonl``
  read one line at a time, gzipped or not); outcomes are written as they arrive; at most
  ``jobs × 4`` chunks of articles are in flight. Memory does not grow with the corpus (except
  for JSON-LD and RDF/XML output, which rdflib can only write whole).
* **Parallel extraction, one writer.** ``jobs > 1`` runs read→extract→map→validate→serialise
  in worker processes; the parent alone writes (the store allows one writer; one output
  file), in input order, so the output does not depend on ``jobs`` and a store interrupted
  mid-batch holds a prefix of it.
* **Resumable, idempotent.** An article whose text (sha256) the store already holds is skipped
  before any work is spent on it, unless ``force``.
* **One bad article is one failure.** Undecodable, empty or oversized input, a JSON line
  without text, an extraction crash or a shapes violation is reported with the article's name
  and reason (and to an errors file) and the batch goes on.
* **Fast validation.** Each graph is validated with :mod:`kg.ingest_validate`, which reports
  what pySHACL reports ~100× faster; ``engine="pyshacl"`` uses the reference instead.
"""

from __future__ import annotations

import contextlib
import gc
import gzip
import hashlib
import json
import os
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from kg import records as r
from kg.errors import InputError, KgError, ValidationError
from kg.text.read import MAX_BYTES, Source

# what a folder contributes (.gold.json files beside the articles are annotations, not articles)
ARTICLE_SUFFIXES = (".txt", ".json", ".jsonl", ".txt.gz", ".json.gz", ".jsonl.gz")


@dataclass
class Ingested:
    source: Source
    article: r.Article
    iri: str  # the article IRI (the named graph), as an N-Triples term: ``<…>``
    triples: list[tuple[str, str, str]]  # N-Triples term strings (kg.rdf.ntriples)
    conforms: bool = True
    report: str = ""
    _graph: Any = field(default=None, repr=False)

    @property
    def graph(self) -> Any:
        """The article graph as an rdflib Graph named by the article IRI (built on first use)."""
        if self._graph is None:
            from kg.rdf.ntriples import graph

            self._graph = graph(self.triples, self.iri)
        return self._graph


@dataclass(frozen=True)
class Failure:
    """One article that could not be ingested, and why (one line)."""

    name: str
    kind: str  # "input" (unreadable, empty, too large, bad record), "extract" (a crash), "shapes"
    reason: str
    exit_code: int = 1

    @property
    def message(self) -> str:
        return f"{self.name}: {self.reason}"


@dataclass
class Summary:
    articles: int = 0  # articles read (ingested, skipped or failed)
    written: int = 0
    skipped: int = 0
    failed: list[Failure] = field(default_factory=list)  # the first few; ``failures`` counts all
    failures: int = 0
    codes: set[int] = field(default_factory=set)
    statements: int = 0
    people: int = 0
    triples: int = 0
    seconds: float = 0.0
    details: list[list[str]] = field(default_factory=list)  # per-article summary lines, the first few
    keep_failures: int = 20
    keep_details: int = 10

    def fail(self, failure: Failure) -> None:
        self.failures += 1
        self.codes.add(failure.exit_code)
        if len(self.failed) < self.keep_failures:
            self.failed.append(failure)

    @property
    def exit_code(self) -> int:
        """0; else the failures' exit code when they share one (2 input, 3 shapes), else 1."""
        if not self.failures:
            return 0
        return next(iter(self.codes)) if len(self.codes) == 1 else 1


def parse_article_date(value: str | None):
    """A ``datetime.date`` from a Gregorian or Jalali date string (None passes through)."""
    if not value:
        return None, None
    from kg.extract.dates import parse_date_arg

    try:
        return parse_date_arg(value), value
    except ValueError as exc:
        raise InputError(f"bad date {value!r}: {exc}") from None


def process(src: Source, *, base: str, validate: bool = True) -> Ingested:
    """Extract, map and (optionally) validate one article."""
    from kg.extract.pipeline import extract
    from kg.rdf.mapping import article_triples

    day, written = parse_article_date(src.date)
    article = extract(src, article_date=day)
    if written and day is not None:
        article.jalali_date = written if not written[:4].isdigit() or int(written[:4]) < 1700 else None
    iri, triples = article_triples(article, base)
    item = Ingested(src, article, iri, triples)
    if validate:
        report = _validate(item.triples, item.iri, "fast", None, item)
        item.conforms = report.conforms
        if not report.conforms:
            item.report = report.summary(limit=3)
    return item


# --- reading ------------------------------------------------------------------------------------


def _is_article_file(name: str) -> bool:
    return name.endswith(ARTICLE_SUFFIXES) and not name.endswith((".gold.json", ".gold.json.gz"))


def _walk(folder: Path) -> Iterator[Path]:
    """Article files under ``folder`` in a stable order, one directory listed at a time."""
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if _is_article_file(name):
                yield Path(root) / name


def expand_paths(paths: Iterable[str]) -> list[tuple[str, Path | None]]:
    """The command-line paths checked up front: (argument, file or folder), ``(-, None)`` for
    stdin, globs expanded. A missing file or a glob matching nothing is an InputError before
    any work is done."""
    import glob

    out: list[tuple[str, Path | None]] = []
    for p in paths:
        if p == "-":
            out.append((p, None))
            continue
        path = Path(p)
        if path.exists():
            out.append((p, path))
        elif glob.has_magic(p):
            matches = sorted(glob.glob(p, recursive=True))
            if not matches:
                raise InputError(f"{p}: no file matches")
            out.extend((m, Path(m)) for m in matches)
        else:
            raise InputError(f"{p}: no such file")
    return out


def _open_maybe_gzip(path: Path) -> IO[bytes]:
    fh = path.open("rb")
    if fh.peek(2)[:2] == b"\x1f\x8b":  # gzipped, whatever the name says
        return gzip.GzipFile(fileobj=fh)  # type: ignore[return-value]
    return fh


def _jsonl(lines: Iterable[bytes], name: str) -> Iterator[Source | Failure]:
    """One Source (or Failure) per non-blank line of a JSON Lines stream."""
    from kg.text.read import _record, decode

    for n, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        where = f"{name}:{n}"
        try:
            obj = json.loads(decode(raw.rstrip(b"\r\n"), where))
            yield _record(obj, where)
        except json.JSONDecodeError as exc:
            yield Failure(where, "input", f"not JSON ({exc.msg})", 2)
        except InputError as exc:
            yield Failure(where, "input", str(exc).removeprefix(f"{where}: "), 2)


def read_file(path: Path) -> Iterator[Source | Failure]:
    """The articles of one file: text, JSON record or JSON Lines, each possibly gzipped.

    JSON Lines are streamed (a 10 GB archive is fine); the other kinds are one article each
    and read whole, under kg.text.read's size limit.
    """
    from kg.text.read import read_bytes

    name = str(path)
    bare = name.removesuffix(".gz")
    try:
        if bare.lower().endswith(".jsonl"):
            with _open_maybe_gzip(path) as fh:
                try:
                    yield from _jsonl(fh, bare)
                except (OSError, EOFError) as exc:  # a truncated or corrupt gzip stream
                    yield Failure(bare, "input", f"broken gzip data ({exc}); the lines before were read", 2)
            return
        size = path.stat().st_size
        if size > MAX_BYTES * 4:  # even gzipped, not an article: do not read it at all
            yield Failure(name, "input", f"too large ({size:,} bytes; the limit is {MAX_BYTES:,})", 2)
            return
        yield from read_bytes(path.read_bytes(), name)
    except InputError as exc:
        yield Failure(name, "input", str(exc).removeprefix(f"{name}: ").removeprefix(f"{bare}: "), 2)
    except OSError as exc:
        yield Failure(name, "input", f"cannot read ({exc.strerror or exc})", 2)


def iter_items(paths: Iterable[str], stdin: bytes | None = None) -> Iterator[Source | Failure]:
    """Every article named by ``paths`` (files, folders, globs, ``-`` for ``stdin``, one
    article), or why it is unreadable."""
    for _arg, path in expand_paths(paths):
        if path is None:
            yield from _read_one(stdin or b"", "<stdin>")
        elif path.is_dir():
            for f in _walk(path):
                yield from read_file(f)
        else:
            yield from read_file(path)


def _read_one(data: bytes, name: str) -> Iterator[Source | Failure]:
    from kg.text.read import read_bytes

    try:
        yield from read_bytes(data, name)
    except InputError as exc:
        yield Failure(name, "input", str(exc).removeprefix(f"{name}: "), 2)


def iter_sources(paths: Iterable[str], stdin_bytes: bytes | None = None) -> Iterator[Source]:
    """Articles named on the command line (files, folders, globs, ``-``); raises InputError
    on the first unreadable one (the batch path, :func:`iter_items`, reports and goes on)."""
    for item in iter_items(paths, stdin_bytes):
        if isinstance(item, Failure):
            raise InputError(item.message)
        yield item


def count_articles(paths: Iterable[str]) -> int:
    """How many articles ``paths`` hold, counted cheaply (lines of JSON Lines files, files
    otherwise) so that a progress bar can show an ETA. Approximate for blank lines."""
    n = 0
    for _arg, path in expand_paths(paths):
        files = [] if path is None else (_walk(path) if path.is_dir() else [path])
        for f in files:
            if str(f).removesuffix(".gz").lower().endswith(".jsonl"):
                try:
                    with _open_maybe_gzip(f) as fh:
                        last = b"\n"
                        for block in iter(lambda fh=fh: fh.read(1 << 20), b""):
                            n += block.count(b"\n")
                            last = block[-1:]
                        n += last != b"\n"
                except (OSError, EOFError):
                    n += 1
            else:
                n += 1
    return n


# --- one article, in a worker -------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    """What a worker needs to turn a Source into output; picklable."""

    base: str
    validate: bool = True
    engine: str = "fast"  # "fast" (kg.ingest_validate) or "pyshacl" (the reference)
    output: str = "store"  # "store", or an RDF format name: nquads, nt, trig, turtle, json-ld, xml
    details: bool = True  # per-article summary lines


@dataclass
class Outcome:
    """A processed article as the writer needs it (small and picklable)."""

    name: str
    sha256: str
    iri: str
    payload: Any  # UTF-8 bytes for streamed formats, list of triples for the store and whole formats
    triples: int
    statements: int
    people: int
    details: list[str] = field(default_factory=list)
    failure: Failure | None = None


def nquads_of(triples: Iterable[tuple], graph: str | None) -> str:
    """Sorted N-Quads (N-Triples when ``graph`` is None) lines of rdflib triples.

    Lines are sorted: an rdflib graph iterates in an order that changes with the process's
    hash seed, and the same corpus should give the same bytes (shard checksums, diffs).
    """
    from kg.rdf.ntriples import from_rdflib, nquads

    return nquads(((from_rdflib(s), from_rdflib(p), from_rdflib(o)) for s, p, o in triples),
                  f"<{graph}>" if graph else None)


def _prefix_free(text: str) -> str:
    """A Turtle/TriG chunk without its prefix lines (the writer declares them once)."""
    return "".join(line for line in text.splitlines(keepends=True)
                   if not line.startswith(("@prefix ", "PREFIX "))).strip("\n") + "\n\n"


def _chunk(iri: str, triples: list[tuple[str, str, str]], fmt: str, base: str) -> str:
    from rdflib import Dataset, Graph

    from kg.rdf.namespace import bind_prefixes
    from kg.rdf.ntriples import rdflib_triples, to_rdflib

    if fmt == "trig":
        target: Any = Dataset()
        bind_prefixes(target, base)
        g = target.graph(to_rdflib(iri))
    else:
        target = g = Graph()
        bind_prefixes(target, base)
    for t in rdflib_triples(triples):
        g.add(t)
    return _prefix_free(target.serialize(format=fmt))


def _validate(triples: list[tuple[str, str, str]], iri: str, engine: str, nquads: bytes | None,
              item: Ingested | None = None) -> Any:
    """The SHACL report of one article graph given as term strings (kg.rdf.ntriples)."""
    if engine == "pyshacl":
        from kg.rdf.ntriples import graph
        from kg.validate import validate as shacl

        return shacl(item.graph if item is not None else graph(triples, iri))
    from kg.ingest_validate import FastValidator, validator

    v = validator()
    if isinstance(getattr(v, "__self__", None), FastValidator):
        return v.__self__.validate_nt(triples, nquads=nquads)  # type: ignore[attr-defined]
    from kg.rdf.ntriples import graph  # the shapes need pySHACL: it wants an rdflib Graph

    return v(item.graph if item is not None else graph(triples, iri))


def details(a: r.Article, name: str) -> list[str]:
    """What ``kg ingest`` says about one article: statements per speaker, projects, quantities."""
    from collections import Counter

    lines = [f"{name}: {len(a.statements)} statements, {len(a.people)} people"]
    people = {p.key: p for p in a.people}
    for key, n in Counter(s.speaker for s in a.statements).most_common():
        p = people[key]
        role = f" — {p.title_phrase}" if p.title_phrase and p.name else ""
        kind = "official" if p.official else "person"
        lines.append(f"  {p.label}{role} ({kind}): {n} statements")
    if a.projects:
        lines.append(f"  projects: {len(a.projects)}: " + "، ".join(p.label for p in a.projects[:6]))
    if a.quantities:
        shown = "، ".join(f"{q.value.normalize():f} {q.unit}" for q in a.quantities[:8])
        lines.append(f"  quantities: {len(a.quantities)}: {shown}")
    if a.events:
        lines.append("  events: " + "، ".join(e.label for e in a.events))
    return lines


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:300] + ("…" if len(text) > 300 else "")


def work(src: Source, opts: Options) -> Outcome:
    """Extract, map, validate and serialise one article; never raises for a bad article."""
    sha = hashlib.sha256(src.text.encode("utf-8")).hexdigest()
    try:
        item = process(src, base=opts.base, validate=False)
    except InputError as exc:  # a bad date in a record
        return _failed(src, sha, Failure(src.name, "input", str(exc), 2))
    except Exception as exc:  # an extractor bug must not end a 100,000-article batch
        return _failed(src, sha, Failure(src.name, "extract", f"extraction failed: {type(exc).__name__}: "
                                         f"{_one_line(exc)}", 1))
    from kg.rdf.ntriples import encoded_nquads

    article, iri, triples = item.article, item.iri, item.triples
    # the validator writes its own N-Triples only in the rare case its SPARQL constraint must run
    nq = encoded_nquads(triples, iri) if opts.output == "nquads" else None
    if opts.validate:
        report = _validate(triples, iri, opts.engine, nq, item)
        if not report.conforms:
            return _failed(src, sha, Failure(src.name, "shapes",
                                             f"graph violates the SHACL shapes: {report.summary(limit=3)}", 3))
    payload: Any
    if opts.output == "nquads":
        payload = nq
    elif opts.output == "nt":
        payload = encoded_nquads(triples)
    elif opts.output in ("trig", "turtle"):
        payload = _chunk(iri, triples, opts.output, opts.base).encode("utf-8")
    else:  # the store and the formats rdflib writes whole take the term strings
        payload = triples
    return Outcome(
        name=src.name, sha256=sha, iri=iri[1:-1], payload=payload, triples=len(triples),
        statements=len(article.statements), people=len(article.people),
        details=details(article, src.name) if opts.details else [],
    )


def _failed(src: Source, sha: str, failure: Failure) -> Outcome:
    return Outcome(name=src.name, sha256=sha, iri="", payload=None, triples=0, statements=0, people=0,
                   failure=failure)


def work_chunk(sources: Sequence[Source], opts: Options) -> list[Outcome]:
    return [work(s, opts) for s in sources]


def _warm_up() -> None:
    """Load lexicons, gazetteer and shapes once in a worker (or before forking workers)."""
    from kg.ingest_validate import validator

    validator()
    with contextlib.suppress(Exception):  # warming up is an optimisation only
        process(Source(text="به گزارش ایرنا، شهردار همدان گفت: کار ادامه دارد.", name="warm-up"),
                base="https://w3id.org/officials-kg/id/", validate=False)
    # The lexicons, gazetteer and shapes are long-lived: move them out of the collector's
    # sight, so that collections triggered by the many short-lived rdflib terms are cheap.
    gc.freeze()


# --- running the batch --------------------------------------------------------------------------

Item = Source | Failure


def run(items: Iterable[Item], opts: Options, *, jobs: int = 1, chunk: int = 8,
        skip: Callable[[Source], bool] | None = None) -> Iterator[Outcome | Failure | Source]:
    """Outcomes of ``items`` in input order: an Outcome per processed article, the Failure of
    an unreadable one, and the Source itself for one ``skip`` says to leave out.

    ``jobs > 1`` processes chunks of ``chunk`` articles in a pool of worker processes with at
    most ``jobs × 4`` chunks in flight, so reading stays just ahead of processing.
    """
    if jobs <= 1:
        frozen = False
        for item in items:
            if isinstance(item, Failure) or (skip is not None and skip(item)):
                yield item
            else:
                yield work(item, opts)
                if not frozen:  # lexicons, gazetteer and shapes are loaded now: see _warm_up
                    gc.freeze()
                    frozen = True
        return
    import multiprocessing as mp
    from concurrent.futures import Future, ProcessPoolExecutor

    # fork shares the warmed-up lexicons with the workers; elsewhere each worker warms up
    fork = "fork" in mp.get_all_start_methods() and sys.platform != "darwin"
    if fork:
        _warm_up()
    ctx = mp.get_context("fork" if fork else "spawn")
    # each slot: a list of leading pass-through items, then the future of the chunk after them
    pending: deque[tuple[list[Item], Future | None]] = deque()
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=None if fork else _warm_up)
    try:
        batch: list[Source] = []
        passed: list[Item] = []

        def flush() -> None:
            nonlocal batch, passed
            fut = pool.submit(work_chunk, batch, opts) if batch else None
            pending.append((passed, fut))
            batch, passed = [], []

        def drain(limit: int) -> Iterator[Outcome | Failure | Source]:
            while len(pending) > limit:
                before, fut = pending.popleft()
                yield from before
                if fut is not None:
                    yield from fut.result()

        for item in items:
            if isinstance(item, Failure) or (skip is not None and skip(item)):
                if batch:
                    flush()
                passed.append(item)
                continue
            batch.append(item)
            if len(batch) >= chunk:
                flush()
                yield from drain(jobs * 4)
        flush()
        yield from drain(0)
    except BaseException:
        # interrupted (Ctrl-C, a closed pipe, a writer error): do not finish the queued chunks
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


# --- writing ------------------------------------------------------------------------------------


class Sink:
    """Where outcomes go; ``add`` returns False when the article was left out (already there).

    ``output`` is the payload the sink takes (Options.output): "store" or an RDF format name.
    """

    where = ""
    output = "store"

    def add(self, outcome: Outcome) -> bool:
        raise NotImplementedError

    def close(self, ok: bool) -> None:
        """Finish (``ok``) or abandon the output."""


class StoreSink(Sink):
    """The embedded store: one transaction per article, stored ones skipped unless forced.
    (The store flushes RocksDB's write buffers every few hundred writes, which keeps a long
    batch's memory flat: see ``Store._write``.)"""

    def __init__(self, path: Path, *, force: bool = False) -> None:
        from kg.store import Store

        self.path = path
        self.force = force
        self.store = Store(path)
        self.where = f"store {path}"
        self.count = 0  # articles in the store when closed

    def has(self, sha256: str) -> bool:
        return not self.force and self.store.has_article(sha256)

    def add(self, outcome: Outcome) -> bool:
        if self.has(outcome.sha256):  # the same article twice in one batch
            return False
        self.store.replace_article_nt(outcome.iri, outcome.payload)  # term strings: no rdflib Graph
        return True

    def close(self, ok: bool) -> None:
        try:
            rows = self.store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a kg:sha256 ?sha } }",
                                    default_union=False)
            self.count = next((int(row[0].value) for row in rows), 0)
        finally:
            self.store.close()


class FileSink(Sink):
    """One RDF file, written to a temporary file beside it and renamed when complete
    (``-`` streams to stdout). N-Quads, N-Triples, TriG and Turtle are written article by
    article; JSON-LD and RDF/XML are collected and written whole by rdflib."""

    def __init__(self, output: str, fmt: str, base: str) -> None:
        self.path, self.fmt, self.base = output, fmt, base
        self.output = fmt
        self.streamed = fmt in ("nquads", "nt", "trig", "turtle")
        self.triples: list[tuple[str, list]] = []
        self.tmp: str | None = None
        if output == "-":
            self.fh: IO[bytes] = sys.stdout.buffer
            self.where = "stdout"
        else:
            path = Path(output)
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, self.tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            self.fh = os.fdopen(fd, "wb", buffering=1 << 20)
            self.where = str(path.resolve())
        if fmt in ("trig", "turtle"):
            from kg.rdf.namespace import PREFIXES

            prefixes = {**{k: str(v) for k, v in PREFIXES.items()}, "id": base}
            self.fh.write("".join(f"@prefix {k}: <{v}> .\n" for k, v in prefixes.items()).encode() + b"\n")

    def add(self, outcome: Outcome) -> bool:
        if self.streamed:
            self.fh.write(outcome.payload)
        else:
            self.triples.append((outcome.iri, outcome.payload))
        return True

    def close(self, ok: bool) -> None:
        try:
            if ok and not self.streamed:
                self.fh.write(_whole(self.triples, self.fmt, self.base))
            self.fh.flush()
        finally:
            if self.tmp is not None:
                self.fh.close()
                if ok:
                    _ordinary_mode(self.tmp)
                    os.replace(self.tmp, self.path)
                else:
                    Path(self.tmp).unlink(missing_ok=True)


def _whole(graphs: list[tuple[str, list]], fmt: str, base: str) -> bytes:
    from kg.rdf.ntriples import graph

    return serialise([graph(triples, f"<{iri}>") for iri, triples in graphs], fmt, base)


class Progress:
    """``1,234/10,000 articles 12% · 85/s · ETA 1:43 · 2 failed`` on one stderr line, redrawn
    at most five times a second; silent unless enabled (a terminal, not -q)."""

    def __init__(self, total: int | None, *, enabled: bool, stream: IO[str] | None = None) -> None:
        self.total, self.enabled = total, enabled
        self.stream = stream or sys.stderr
        self.start = self.last = time.monotonic()
        self.drawn = False

    def update(self, s: Summary, *, final: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not final and now - self.last < 0.2:
            return
        self.last = now
        rate = s.articles / max(now - self.start, 1e-9)
        if self.total:
            pct = min(100, 100 * s.articles // max(self.total, 1))
            parts = [f"{s.articles:,}/{self.total:,} articles {pct}%"]
        else:
            parts = [f"{s.articles:,} articles"]
        parts.append(f"{rate:,.0f}/s")
        if self.total and rate > 0 and s.articles < self.total:
            left = int((self.total - s.articles) / rate)
            parts.append(f"ETA {left // 3600}:{left // 60 % 60:02d}:{left % 60:02d}" if left >= 3600
                         else f"ETA {left // 60}:{left % 60:02d}")
        if s.skipped:
            parts.append(f"{s.skipped:,} skipped")
        if s.failures:
            parts.append(f"{s.failures:,} failed")
        self.stream.write("\r\x1b[2K" + " · ".join(parts))
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.enabled and self.drawn:
            self.stream.write("\n")
            self.stream.flush()


def ingest(items: Iterable[Item], sink: Sink, opts: Options, *, jobs: int = 1,
           errors: IO[str] | None = None, progress: Progress | None = None) -> Summary:
    """Process ``items`` into ``sink``; return what happened. The sink is closed: completed
    when the batch ran to its end (whatever failed), abandoned on an exception."""
    from dataclasses import replace

    opts = replace(opts, output=sink.output)  # workers produce what this sink writes
    summary = Summary()
    start = time.monotonic()
    seen: Callable[[Source], bool] | None = None
    if isinstance(sink, StoreSink) and not sink.force:
        def seen(src: Source) -> bool:
            return sink.has(hashlib.sha256(src.text.encode("utf-8")).hexdigest())
    ok = False
    try:
        for out in run(items, opts, jobs=jobs, skip=seen):
            summary.articles += 1
            if isinstance(out, Source):
                summary.skipped += 1
            elif isinstance(out, Failure) or out.failure is not None:
                failure = out if isinstance(out, Failure) else out.failure
                assert failure is not None
                summary.fail(failure)
                if errors is not None:
                    errors.write(f"{failure.name}\t{failure.kind}\t{failure.reason}\n")
                    errors.flush()
            elif sink.add(out):
                summary.written += 1
                summary.statements += out.statements
                summary.people += out.people
                summary.triples += out.triples
                if out.details and len(summary.details) < summary.keep_details:
                    summary.details.append(out.details)
            else:
                summary.skipped += 1
            if progress is not None:
                progress.update(summary)
        ok = True
    finally:
        summary.seconds = time.monotonic() - start
        if progress is not None:
            progress.update(summary, final=True)
            progress.close()
        sink.close(ok and (summary.written > 0 or isinstance(sink, StoreSink)))
    return summary


# --- whole-graph helpers (single articles, JSON-LD, RDF/XML) -------------------------------------


def _ordinary_mode(path: str) -> None:
    """mkstemp makes files private (0600); give the output the mode a plain open() would."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` so that ``path`` is either untouched or complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        _ordinary_mode(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def serialise(graphs: list, fmt_name: str, base: str) -> bytes:
    """Serialise article graphs in one RDF format (named graphs kept where the format can)."""
    from rdflib import Dataset, Graph

    from kg.rdf.formats import by_name
    from kg.rdf.namespace import bind_prefixes

    fmt = by_name(fmt_name)
    if fmt.datasets:
        ds = Dataset()
        bind_prefixes(ds, base)
        for g in graphs:
            target = ds.graph(g.identifier)
            for t in g:
                target.add(t)
        if fmt.name == "json-ld":
            from kg.resources import context_path

            context = json.loads(context_path().read_text(encoding="utf-8"))
            return ds.serialize(format="json-ld", context=context.get("@context", context)).encode("utf-8")
        return ds.serialize(format=fmt.name).encode("utf-8")
    merged = Graph()
    bind_prefixes(merged, base)
    for g in graphs:
        for t in g:
            merged.add(t)
    return merged.serialize(format=fmt.name).encode("utf-8")


def fail_on_violations(items: list[Ingested]) -> None:
    bad = [i for i in items if not i.conforms]
    if bad:
        first = bad[0]
        more = f" (and {len(bad) - 1} more articles)" if len(bad) > 1 else ""
        raise ValidationError(f"{first.source.name}: graph violates the SHACL shapes{more}: {first.report}")


__all__ = [
    "Failure", "FileSink", "Ingested", "KgError", "Options", "Outcome", "Progress", "Sink", "StoreSink",
    "Summary", "count_articles", "expand_paths", "fail_on_violations", "ingest", "iter_items",
    "iter_sources", "nquads_of", "parse_article_date", "process", "read_file", "run", "serialise",
    "work", "write_atomic",
]
