"""Organisation mentions and the reporting agency of Persian news text.

Patterns come from ``kg/lexicons/organizations.tsv`` (heads such as
«شهرداری», «اداره کل», «وزارت نیرو», and how each finds its place) and news
agencies from ``kg/lexicons/news_agencies.tsv``; see
``kg/lexicons/ORGANIZATIONS.md``. Each organisation is linked to a city or
province through the place mentions of :func:`kg.extract.places.find_places`.

Three ways an organisation is found (``OrgMention.via``):

* ``"name"``: written out, «شهرداری همدان», «اداره کل راه و شهرسازی استان گیلان»;
* ``"title"``: implied by an official's title with its place, «فرماندار
  بوشهر» -> «فرمانداری بوشهر», «مدیرکل راه و شهرسازی گیلان» -> «اداره کل راه و
  شهرسازی استان گیلان», «وزیر نیرو» -> «وزارت نیرو»;
* ``"context"``: a bare local head («شهرداری», «استانداری») linked to the
  city/province the article is mostly about.

Like find_places, the input is normalised Persian with ZWNJ present, missing or
typed as a space.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import compress, count
from operator import itemgetter
from pathlib import Path
from typing import Literal

from kg.extract.places import (
    ZWNJ,
    Gazetteer,
    PlaceMention,
    find_places,
    gazetteer,
    read_tsv,
    scan_words,
    squash,
)
from kg.lexicons import load_rows

__all__ = [
    "AgencyMention",
    "OrgLexicon",
    "OrgMention",
    "find_agency",
    "find_organizations",
    "org_lexicon",
]

Attach = Literal[
    "city",
    "province",
    "place",
    "tail-province",
    "tail-place",
    "tail-parliament",
    "agency",
    "org",
    "none",
    "title-only",
]
_ATTACH: frozenset[str] = frozenset(Attach.__args__)  # type: ignore[attr-defined]
# How many words of name may stand between a head and its place.
_TAIL_MAX = {"tail-province": 6, "tail-place": 4, "tail-parliament": 3}
# Words that end an organisation's name: prepositions, verbs, pronouns. «و»
# is absent on purpose («راه و شهرسازی», «برنامه و بودجه»).
_STOP = frozenset(
    {
        "در", "با", "به", "از", "که", "را", "برای", "تا", "بر", "این", "آن", "نیز", "هم",
        "گفت", "افزود", "کرد", "شد", "است", "بود", "هستند", "اعلام", "عنوان", "خبر", "یک",
        "هر", "وی", "او", "ایشان", "طی", "پس", "پیش", "بین", "روز", "امروز", "امسال",
        "گذشته", "سال", "ماه", "هفته", "اظهار", "بیان", "تاکید", "تصریح", "ادامه",
    }
)
# Between a head and its place: «فرمانداری شهرستان شاهرود», «دادگستری کل استان».
_PLACE_SKIP = frozenset({"شهرستان", "شهر", "کلانشهر", "کل"})
# Inside a name, words may be separated by a comma («اتاق بازرگانی، صنایع، ...»).
_NAME_GAPS = frozenset({"", "،", ","})
_PARLIAMENT = "مجلسشورایاسلامی"
_REPORT_RE = re.compile(f"به[\\s{ZWNJ}]*گزارش\\s+")
_PHRASE_END = re.compile("[،,:؛\n]")


@dataclass(frozen=True, slots=True)
class OrgPattern:
    head: str
    kind: str
    attach: str
    titles: tuple[str, ...]
    local: bool


@dataclass(frozen=True, slots=True)
class Agency:
    id: str
    name: str
    forms: tuple[str, ...]
    standalone: bool


@dataclass(frozen=True, slots=True)
class OrgMention:
    """An organisation in text; ``text[start:end] == surface``.

    ``label`` is the normalised name («شهرداری همدان», «فرمانداری بوشهر» for
    the title «فرماندار بوشهر»); ``place_id`` links it to the gazetteer.
    """

    start: int
    end: int
    label: str
    kind: str
    place_id: str | None
    surface: str = ""
    via: Literal["name", "title", "context"] = "name"
    agency_id: str | None = None


@dataclass(frozen=True, slots=True)
class AgencyMention:
    """The source of an article, from its «به گزارش ...،» line.

    ``start``/``end``/``surface`` cover the organisation's name as written;
    ``place_id`` is the branch or dateline («استان همدان», «مرکز زنجان», «از
    قزوین»).
    """

    start: int
    end: int
    label: str
    kind: str
    place_id: str | None
    surface: str
    agency_id: str | None = None


@lru_cache(maxsize=8192)  # called on every word with a ZWNJ or mark; words repeat
def _key(s: str) -> str:
    """Comparison key of a name: squash() without commas."""
    return squash(s).replace("،", "").replace(",", "")


class OrgLexicon:
    """organizations.tsv and news_agencies.tsv, indexed for matching."""

    def __init__(self, lexicon_dir: Path | None = None) -> None:
        """Load from `lexicon_dir`, or by default from the packaged lexicons plus
        rows in ``KG_LEXICON_DIR`` (see kg/lexicons/README.md)."""

        def rows(name: str) -> list[dict[str, str]]:
            if lexicon_dir is not None:
                return read_tsv(lexicon_dir / name)
            return [dict(r) for r in load_rows(name)]

        self.patterns: list[OrgPattern] = []
        # (key, pattern, title?) indexed by the key's first two letters.
        self._index: dict[str, list[tuple[str, OrgPattern, bool]]] = {}
        for r in rows("organizations.tsv"):
            if r["attach"] not in _ATTACH:
                raise ValueError(f"organizations.tsv: unknown attach {r['attach']!r}")
            titles = tuple(t.strip() for t in r["titles"].split("|") if t.strip() not in ("", "-"))
            pat = OrgPattern(r["head"], r["kind"], r["attach"], titles, r["local"] == "yes")
            self.patterns.append(pat)
            if pat.attach != "title-only":
                self._add(_key(pat.head), pat, False)
            for t in titles:
                self._add(_key(t), pat, True)
        self.agencies: list[Agency] = []
        self._agency_forms: dict[str, list[tuple[str, Agency]]] = {}
        for r in rows("news_agencies.tsv"):
            ag = Agency(r["id"], r["name"], tuple(r["forms"].split("|")), r["standalone"] == "yes")
            self.agencies.append(ag)
            for f in ag.forms:
                k = _key(f)
                self._agency_forms.setdefault(k[:2], []).append((k, ag))
        # Bare local heads («شهرداری»), for _OrgFinder._context.
        self.local: dict[str, OrgPattern] = {_key(p.head): p for p in self.patterns if p.local}
        # word key -> what may start there (None: nothing), filled as words are met.
        self._by_word: dict[str, _Start | None] = {}
        # The word keys lookup() finds something for: the prefixes of the keys
        # (a one-letter word only when it is a whole key, as lookup() buckets
        # keys by their first two letters). Lets the finder skip other words
        # without a call per word.
        all_keys = [k for bucket in (*self._index.values(), *self._agency_forms.values()) for k, *_ in bucket]
        self.first_words: frozenset[str] = frozenset(
            {k[:i] for k in all_keys for i in range(2, len(k) + 1)} | {k for k in all_keys if len(k) == 1}
        )

    def _add(self, key: str, pat: OrgPattern, title: bool) -> None:
        self._index.setdefault(key[:2], []).append((key, pat, title))

    def lookup(self, word_key: str) -> _Start | None:
        """The patterns and agency forms a name starting with this word may
        spell: those whose key starts with the word's key (in lexicon order),
        since _OrgFinder._match_seq fails on any other. None for most words."""
        try:
            return self._by_word[word_key]
        except KeyError:
            pass
        if len(self._by_word) > 50_000:  # bound the memory on huge inputs
            self._by_word.clear()
        orgs = [c for c in self._index.get(word_key[:2], []) if c[0].startswith(word_key)]
        agencies = [c for c in self._agency_forms.get(word_key[:2], []) if c[0].startswith(word_key)]
        hit = None
        if orgs or agencies:
            keys = [c[0] for c in orgs] + [c[0] for c in agencies]
            rests = [k[len(word_key) :] for k in keys if k != word_key]
            nexts = frozenset(r[:i] for r in rests for i in range(len(r) + 1))
            hit = _Start(orgs, agencies, len(rests) < len(keys), nexts)
        self._by_word[word_key] = hit
        return hit

    def candidates(self, word_key: str) -> list[tuple[str, OrgPattern, bool]]:
        hit = self.lookup(word_key)
        return hit.orgs if hit else []

    def agency_candidates(self, word_key: str) -> list[tuple[str, Agency]]:
        hit = self.lookup(word_key)
        return hit.agencies if hit else []


@dataclass(frozen=True, slots=True)
class _Start:
    """The lexicon entries whose key starts with one word's key."""

    orgs: list[tuple[str, OrgPattern, bool]]
    agencies: list[tuple[str, Agency]]
    whole: bool  # some entry is this word alone
    # The next word keys that carry on one of the longer entries: the prefixes
    # of what they need after this word. (A necessary condition only:
    # _match_seq also checks the gap between the words.)
    nexts: frozenset[str]


@cache
def org_lexicon() -> OrgLexicon:
    """The packaged organisation lexicon, loaded once."""
    return OrgLexicon()


_SPACES = re.compile(r"\s+")
_FIRST = itemgetter(0)


def _label(s: str) -> str:
    return _SPACES.sub(" ", s).strip(" ،,")


class _OrgFinder:
    def __init__(self, lex: OrgLexicon, gaz: Gazetteer, text: str, places: list[PlaceMention]) -> None:
        self.lex, self.g, self.text = lex, gaz, text
        scan = scan_words(text)  # shared with find_places on the same text
        self.words = scan.spans
        # Word keys as _key() would give them, computed cheaply from the folded
        # words; only words with ZWNJ or marks need more work.
        self.keys = keys = list(scan.forms)
        for k in scan.odd:
            keys[k] = _key(keys[k])
        self.place_at = {p.start: p for p in places}
        self.places = places

    # --- small helpers -------------------------------------------------------
    def _gap(self, j: int) -> str:
        return self.text[self.words[j - 1][1] : self.words[j][0]]

    def _word_after(self, pos: int) -> int:
        """Index of the first word starting at or after pos."""
        return bisect_left(self.words, pos, key=_FIRST)

    def _match_seq(self, k: int, key: str, gaps: frozenset[str] = _NAME_GAPS) -> int | None:
        """Word index after the words from k that spell `key`, or None."""
        acc, j = "", k
        while j < len(self.words):
            if j > k:
                gap = self._gap(j)
                if "\n" in gap or gap.strip() not in gaps:
                    return None
            acc += self.keys[j]
            j += 1
            if acc == key:
                return j
            if not key.startswith(acc):
                return None
        return None

    def _place_after(self, j: int, skip: frozenset[str] = _PLACE_SKIP) -> tuple[PlaceMention, int] | None:
        """A place starting at word j (after an optional skip word), with the
        index of the word after it; only spaces may separate."""
        for _ in range(2):
            if j >= len(self.words) or "\n" in self._gap(j) or self._gap(j).strip():
                return None
            p = self.place_at.get(self.words[j][0])
            if p is not None:
                return p, self._word_after(p.end)
            if self.keys[j] not in skip:
                return None
            j += 1
        return None

    def _provincial(self, p: PlaceMention) -> str | None:
        """The province of a provincial body's name: a province, or a city
        named like its province («همدان»); any other city gives None."""
        if p.kind == "Province":
            return p.place_id
        if p.kind == "City":
            city = self.g.get(p.place_id)
            prov = self.g.get(city.province_id) if city.province_id else None
            if prov is not None and squash(prov.name_fa) == squash(city.name_fa):
                return prov.id
        return None

    def _as_province(self, p: PlaceMention) -> str | None:
        """The province a place stands for in a provincial name («استانداری
        قزوین»: the city «قزوین» means its province)."""
        if p.kind == "Province":
            return p.place_id
        if p.kind == "City":
            city = self.g.get(p.place_id)
            for cand in self.g.lookup(city.name_fa):
                if cand.kind == "Province":
                    return cand.id
            return city.province_id
        return None

    # --- matching ---------------------------------------------------------------
    def _attach(self, pat: OrgPattern, k: int, j: int, title: bool) -> OrgMention | None:
        """Complete a match of pat's head (or title) on words k..j-1."""
        text = self.text
        start = self.words[k][0]
        head_end = self.words[j - 1][1]
        head_label = pat.head if title else _label(text[start:head_end])
        via: Literal["name", "title"] = "title" if title else "name"
        a = pat.attach

        def mention(end: int, label: str, place_id: str | None, agency_id: str | None = None) -> OrgMention:
            return OrgMention(start, end, _label(label), pat.kind, place_id, text[start:end], via, agency_id)

        if a in ("none", "title-only"):
            return mention(head_end, pat.head if title else head_label, None)
        if a in ("city", "province", "place"):
            found = self._place_after(j)
            if found is None:
                return None if title else mention(head_end, head_label, None)
            p, _nxt = found
            if p.kind == "Country" and a != "place":
                return None if title else mention(head_end, head_label, None)
            pid = self._as_province(p) if a == "province" else p.place_id
            return mention(p.end, head_label + " " + text[head_end:p.end], pid)
        if a in _TAIL_MAX:
            return self._tail(pat, k, j, head_label, mention, title)
        if a == "agency":
            return self._agency_after(k, j, head_label, pat)
        if a == "org":
            if j >= len(self.words) or "\n" in self._gap(j) or self._gap(j).strip():
                return None
            inner = self._match_at(j, allow_org=False)
            if inner is None or inner.via != "name":
                return None
            return mention(inner.end, head_label + " " + inner.label, inner.place_id)
        return None

    def _tail(
        self,
        pat: OrgPattern,
        k: int,
        j: int,
        head_label: str,
        mention: Callable[..., OrgMention],
        title: bool,
    ) -> OrgMention | None:
        """«اداره کل» + name words + province; «دانشگاه» + words + place;
        «کمیسیون» + words + «مجلس». The name words stop at a stop word."""
        text, a = self.text, pat.attach
        head_end = self.words[j - 1][1]
        for used in range(_TAIL_MAX[a] + 1):
            m = j + used
            if m >= len(self.words):
                return None
            gap = self._gap(m)
            if "\n" in gap or gap.strip() not in _NAME_GAPS:
                return None
            if a == "tail-parliament":
                if used > 0 and self.keys[m] == "مجلس":
                    end_w = self._match_seq(m, _PARLIAMENT, frozenset({""})) or m + 1
                    end = self.words[end_w - 1][1]
                    return mention(end, head_label + text[head_end:end], None)
            else:
                p = self.place_at.get(self.words[m][0])
                if p is not None and (used > 0 or a == "tail-place"):
                    if gap.strip():
                        return None  # «سازمان ...، استان X»: the comma ended the name
                    if a == "tail-place":
                        return mention(p.end, head_label + text[head_end : p.end], p.place_id)
                    pid = self._provincial(p)
                    if pid is None:
                        return None  # «اداره کل ... شهرستان X» is no provincial body
                    middle, place_part = text[head_end : p.start], text[p.start : p.end]
                    # A title gives the office's formal name: «مدیرکل راه و شهرسازی
                    # گیلان» -> «اداره کل راه و شهرسازی استان گیلان». A written
                    # name is kept as written («سازمان آب و برق خوزستان»).
                    if (
                        title
                        and not squash(place_part).startswith("استان")
                        and not squash(middle).endswith("استانداری")
                    ):
                        place_part = "استان " + place_part
                    return mention(p.end, head_label + middle + place_part, pid)
            if self.keys[m] in _STOP:
                return None
        return None

    def _agency_after(self, k: int, j: int, head_label: str, pat: OrgPattern) -> OrgMention | None:
        text = self.text
        start = self.words[k][0]
        if j >= len(self.words) or "\n" in self._gap(j) or self._gap(j).strip():
            return None
        best: tuple[int, Agency] | None = None
        for key, ag in self.lex.agency_candidates(self.keys[j]):
            end_w = self._match_seq(j, key, frozenset({""}))
            if end_w is not None and (best is None or end_w > best[0]):
                best = (end_w, ag)
        if best is None:
            return None
        end_w, ag = best
        end = self.words[end_w - 1][1]
        place_id = self._branch(end_w)
        return OrgMention(
            start, end, _label(text[start:end]), pat.kind, place_id, text[start:end], "name", ag.id
        )

    def _branch(self, j: int) -> str | None:
        """«... استان همدان» / «... مرکز زنجان» / «... از قزوین» after an agency."""
        if j >= len(self.words):
            return None
        gap = self._gap(j)
        if "\n" in gap or gap.strip():
            return None
        p = self.place_at.get(self.words[j][0])
        if p is not None:
            return p.place_id
        if self.keys[j] in ("مرکز", "از") and j + 1 < len(self.words):
            found = self._place_after(j + 1, frozenset())
            if found is not None:
                p = found[0]
                return self._as_province(p) if self.keys[j] == "مرکز" else p.place_id
        return None

    def _standalone_agency(self, k: int) -> OrgMention | None:
        cands = self.lex.agency_candidates(self.keys[k])
        if not cands:
            return None
        prev = self.keys[k - 1] if k > 0 and not self._gap(k).strip() else ""
        best: tuple[int, Agency] | None = None
        for key, ag in cands:
            # «مهر», «فارس» are agencies only after «خبرگزاری» or «خبرنگار».
            if not ag.standalone and prev != "خبرنگار":
                continue
            end_w = self._match_seq(k, key, frozenset({""}))
            if end_w is not None and (best is None or end_w > best[0]):
                best = (end_w, ag)
        if best is None:
            return None
        end_w, ag = best
        start, end = self.words[k][0], self.words[end_w - 1][1]
        surface = self.text[start:end]
        return OrgMention(start, end, _label(surface), "NewsAgency", self._branch(end_w), surface, "name", ag.id)

    def _match_at(self, k: int, allow_org: bool = True) -> OrgMention | None:
        """The longest organisation starting at word k."""
        if k >= len(self.words):
            return None
        best: OrgMention | None = None
        for key, pat, title in self.lex.candidates(self.keys[k]):
            if pat.attach == "org" and not allow_org:
                continue
            j = self._match_seq(k, key)
            if j is None:
                continue
            m = self._attach(pat, k, j, title)
            if m is not None and (best is None or m.end > best.end or (m.end == best.end and best.via == "title")):
                best = m
        if best is None:
            best = self._standalone_agency(k)
        return best

    def run(self) -> list[OrgMention]:
        out: list[OrgMention] = []
        next_free = 0
        lookup, words, keys = self.lex.lookup, self.words, self.keys
        last = len(keys) - 1
        # Only where some pattern or agency form is spelled by this word, or by
        # it and the next, can _match_at find anything: skip the rest cheaply
        # (map/compress keep the per-word loop in C).
        for k in compress(count(), map(self.lex.first_words.__contains__, keys)):
            start = lookup(keys[k])
            if start is None or not (start.whole or (k < last and keys[k + 1] in start.nexts)):
                continue
            if words[k][0] < next_free:
                continue
            m = self._match_at(k)
            if m is not None:
                out.append(m)
                next_free = m.end
        return self._context(out)

    def _main_places(self) -> tuple[str | None, str | None]:
        """The city and the province mentioned most often (first on a tie)."""
        cities = Counter(p.place_id for p in self.places if p.kind == "City")
        provinces = Counter(p.place_id for p in self.places if p.kind == "Province")
        main_city = cities.most_common(1)[0][0] if cities else None
        main_prov = provinces.most_common(1)[0][0] if provinces else None
        if main_prov is None and main_city is not None:
            main_prov = self.g.get(main_city).province_id
        return main_city, main_prov

    def _context(self, orgs: list[OrgMention]) -> list[OrgMention]:
        """Link bare local heads («شهرداری», «استانداری») to the article's main
        city or province: the one mentioned most often (first on a tie)."""
        local = self.lex.local
        main: tuple[str | None, str | None] | None = None  # (city, province), when first needed
        out = []
        for m in orgs:
            pat = local.get(_key(m.surface))
            if m.place_id is None and m.via == "name" and pat is not None:
                if main is None:
                    main = self._main_places()
                pid = main[1] if pat.attach == "province" else main[0]
                if pid is not None:
                    m = OrgMention(
                        m.start, m.end, f"{m.label} {self.g.get(pid).name_fa}", m.kind, pid, m.surface, "context"
                    )
            out.append(m)
        return out


def find_organizations(text: str, places: list[PlaceMention] | None = None) -> list[OrgMention]:
    """Organisation mentions in normalised Persian `text`, in text order.

    `places` are the place mentions of the same text (computed when None).
    """
    if places is None:
        places = find_places(text)
    return _OrgFinder(org_lexicon(), gazetteer(), text, places).run()


def find_agency(text: str, orgs: list[OrgMention] | None = None) -> AgencyMention | None:
    """The agency behind the leading «به گزارش ...،» line, if any.

    «به گزارش خبرگزاری صدا و سیما استان همدان،» -> «خبرگزاری صدا و سیما»,
    province-hamedan; «به گزارش ایرنا،» -> «ایرنا»; «به گزارش روابط عمومی
    دانشگاه علوم پزشکی زاهدان،» -> that office, city-zahedan. An attribution
    naming no known organisation comes back whole with kind "Unknown".
    """
    m = _REPORT_RE.search(text)
    if m is None:
        return None
    ps = m.end()
    end_m = _PHRASE_END.search(text, ps)
    pe = end_m.start() if end_m else len(text)
    if pe - ps > 120 or pe <= ps:
        return None
    if orgs is None:
        orgs = find_organizations(text)
    inside = [o for o in orgs if ps <= o.start < pe]
    if inside:
        o = inside[0]
        place = o.place_id
        if place is None:
            # «خبرگزاری تسنیم از تبریز»: a place later in the phrase is the dateline.
            later = [p for p in find_places(text[ps:pe]) if p.start >= o.end - ps]
            place = later[0].place_id if later else None
        return AgencyMention(o.start, o.end, o.label, o.kind, place, o.surface, o.agency_id)
    surface = text[ps:pe].rstrip()
    return AgencyMention(ps, ps + len(surface), _label(surface), "Unknown", None, surface)
