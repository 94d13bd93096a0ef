"""One self-contained HTML page per projection: works offline, fetches nothing.

The page inlines the vendored cytoscape.js (``static/vendor/``, MIT licence, notice kept at the
top of the minified file), our ``view.css``/``view.js`` and the graph as a JSON block. A
Content-Security-Policy meta tag forbids every fetch, so a stray URL cannot phone home.

Layout: small graphs (≤ ``COSE_MAX_NODES``) are laid out in the browser by cytoscape's force
layout ``cose``; larger ones get positions computed here (communities as discs on a golden-angle
spiral, each disc a phyllotaxis of its nodes with the best connected at the centre), which is
O(n) and deterministic, whereas ``cose`` in the browser takes minutes beyond a few hundred nodes.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from importlib import resources
from typing import Any

from kg.export.projections import Projection
from kg.export.style import TYPE_LABELS_FA, TYPE_PRIORITY, colour_of

COSE_MAX_NODES = 300
CYTOSCAPE_VERSION = "3.35.0"  # of static/vendor/cytoscape.min.js (npm package cytoscape)
_GOLDEN = math.pi * (3 - math.sqrt(5))
_SPACING = 40.0
_VIEW_FA = {"people": "افراد و ارتباط‌هایشان", "topics": "چه کسی دربارهٔ چه گفت", "full": "گراف کامل"}
_NODE_KEYS = ("label", "label_en", "type", "posts", "statements", "articles", "degree", "weighted_degree",
              "betweenness", "community")
_EDGE_KEYS = ("relation", "weight", "post", "articles", "events")


def _static(name: str) -> str:
    return resources.files("kg.export").joinpath("static", name).read_text(encoding="utf-8")


def _script_safe(code: str) -> str:
    # inside <script>, "</script" would close the element early; "<\/" means the same to JS
    return re.sub(r"</(?=script)", r"<\\/", code, flags=re.IGNORECASE)


def _json_safe(data: str) -> str:
    # "<" only occurs inside JSON strings, where \u003c is the same character: no "</script",
    # no "<!--" can reach the HTML parser
    return data.replace("<", "\\u003c")


def community_layout(p: Projection) -> dict[Any, tuple[float, float]]:
    g = p.graph
    groups: dict[int, list] = defaultdict(list)
    for node, data in g.nodes(data=True):
        groups[data.get("community", 0)].append(node)
    ordered = sorted(groups.values(), key=lambda ns: -len(ns))
    pos: dict[Any, tuple[float, float]] = {}
    area = 0.0
    for k, members in enumerate(ordered):
        members.sort(key=lambda n: (-g.nodes[n].get("weighted_degree", 0.0), str(n)))
        radius = _SPACING * math.sqrt(len(members))
        area += (radius + 2 * _SPACING) ** 2
        # discs along a golden-angle spiral whose radius grows with the area used so far
        r = 0.0 if k == 0 else 1.1 * math.sqrt(area)
        cx, cy = r * math.cos(k * _GOLDEN), r * math.sin(k * _GOLDEN)
        for j, node in enumerate(members):
            rr = _SPACING * math.sqrt(j)
            pos[node] = (round(cx + rr * math.cos(j * _GOLDEN), 1), round(cy + rr * math.sin(j * _GOLDEN), 1))
    return pos


def page_data(p: Projection) -> dict[str, Any]:
    g = p.graph
    facts = p.facts
    index = {node: i for i, node in enumerate(g.nodes)}
    statements: dict[str, int] = {}
    articles: dict[str, int] = {}

    def st_index(iri: str) -> int | None:
        if iri not in facts.statements:
            return None
        if iri not in statements:
            statements[iri] = len(statements)
        return statements[iri]

    positions = community_layout(p) if g.number_of_nodes() > COSE_MAX_NODES else {}
    nodes = []
    counts: dict[str, int] = defaultdict(int)
    for node, data in g.nodes(data=True):
        item = {k: data[k] for k in _NODE_KEYS if k in data}
        item["iri"] = str(node)
        sts = [i for i in (st_index(s) for s in p.statements_of(node)) if i is not None]
        if sts:
            item["st"] = sts
        if node in positions:
            item["pos"] = positions[node]
        counts[data.get("type", "")] += 1
        nodes.append(item)
    edges = []
    for u, v, data in g.edges(data=True):
        item = {"s": index[u], "t": index[v], **{k: data[k] for k in _EDGE_KEYS if k in data}}
        sts = [i for i in (st_index(s) for s in str(data.get("statement_iris", "")).split()) if i is not None]
        if sts:
            item["st"] = sts
        edges.append(item)
    st_list: list[dict[str, Any]] = [{}] * len(statements)
    for iri, i in statements.items():
        info = facts.statements[iri]
        if info.article and info.article not in articles:
            articles[info.article] = len(articles)
        st_list[i] = {
            "iri": iri,
            "speaker": index.get(info.speaker),
            "article": articles.get(info.article),
            "start": info.start,
            "end": info.end,
            "content": info.content,
            "verb": info.verb,
            "direct": info.direct,
        }
    art_list: list[dict[str, str]] = [{}] * len(articles)
    for iri, i in articles.items():
        art_list[i] = {"iri": iri, **facts.articles.get(iri, {})}
    order = {t: i for i, t in enumerate(TYPE_PRIORITY)}
    types = [{"type": t, "label": TYPE_LABELS_FA.get(t, t), "colour": colour_of(t), "count": n}
             for t, n in sorted(counts.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))]
    return {
        "view": p.view,
        "directed": g.is_directed(),
        "layout": "preset" if positions else "cose",
        "types": types,
        "nodes": nodes,
        "edges": edges,
        "statements": st_list,
        "articles": art_list,
    }


def render(p: Projection) -> bytes:
    vendor = _static("vendor/cytoscape.min.js")
    heading = f"گراف مقام‌ها — {_VIEW_FA.get(p.view, p.view)}"
    data = json.dumps(page_data(p), ensure_ascii=False, separators=(",", ":"))
    page = _static("view.html")
    # one pass per marker, data last: nothing inserted is scanned for markers again
    for marker, value in (
        ("@@TITLE@@", _html_text(heading)),
        ("@@HEADING@@", _html_text(heading)),
        ("@@CSS@@", _static("view.css")),
        ("@@CYTOSCAPE_VERSION@@", CYTOSCAPE_VERSION),
        ("@@APP@@", _script_safe(_static("view.js"))),
    ):
        page = page.replace(marker, value)
    head, tail = page.split("@@CYTOSCAPE@@")
    page = head + _script_safe(vendor) + tail
    head, tail = page.split("@@DATA@@")
    return (head + _json_safe(data) + tail).encode("utf-8")


def _html_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
