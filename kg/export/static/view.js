/* officials-kg graph view: search, type filter, legend and a side panel of statements.
 * Data comes from the JSON block #kg-data written by kg/export/html.py; text from the graph
 * is only ever put into the page with textContent (never innerHTML), so article text cannot
 * inject markup. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var typeInfo = {};
  data.types.forEach(function (t) { typeInfo[t.type] = t; });

  // Persian text is typed with Arabic or Persian forms of some letters, with or without
  // ZWNJ and diacritics; search compares a folded form of both sides.
  function fold(text) {
    return (text || "")
      .normalize("NFKC")
      .replace(/[\u064A\u0649]/g, "\u06CC")
      .replace(/\u0643/g, "\u06A9")
      .replace(/[\u064B-\u065F\u0670]/g, "")
      .replace(/[\u200C\u200D\u200E\u200F]/g, "")
      .replace(/\s+/g, " ")
      .toLowerCase()
      .trim();
  }

  var maxWeighted = 1;
  data.nodes.forEach(function (n) { maxWeighted = Math.max(maxWeighted, n.weighted_degree || 0); });
  var maxEdge = 1;
  data.edges.forEach(function (e) { maxEdge = Math.max(maxEdge, e.weight || 1); });

  var elements = [];
  data.nodes.forEach(function (n, i) {
    var el = {
      group: "nodes",
      data: {
        id: "n" + i,
        idx: i,
        label: n.label,
        colour: (typeInfo[n.type] || {}).colour || "#b0b0b0",
        size: 16 + 44 * Math.sqrt((n.weighted_degree || 0) / maxWeighted)
      }
    };
    if (n.pos) { el.position = { x: n.pos[0], y: n.pos[1] }; }
    elements.push(el);
  });
  data.edges.forEach(function (e, i) {
    elements.push({
      group: "edges",
      data: { id: "e" + i, idx: i, source: "n" + e.s, target: "n" + e.t,
              width: 1 + 6 * Math.sqrt((e.weight || 1) / maxEdge) }
    });
  });

  var fonts = getComputedStyle(document.body).fontFamily;
  var big = data.nodes.length > 300;
  var cy = cytoscape({
    container: document.getElementById("cy"),
    elements: elements,
    minZoom: 0.02,
    maxZoom: 8,
    // large graphs: draw a bitmap while panning instead of every edge
    hideEdgesOnViewport: big,
    textureOnViewport: big,
    style: [
      { selector: "node", style: {
        "background-color": "data(colour)",
        "width": "data(size)",
        "height": "data(size)",
        "label": "data(label)",
        "font-family": fonts,
        "font-size": 13,
        "min-zoomed-font-size": 7,
        "text-valign": "bottom",
        "text-margin-y": 3,
        "text-wrap": "ellipsis",
        "text-max-width": 180,
        // an outline rather than a background box: the box is measured left-to-right and
        // sits off-centre under right-to-left labels
        "text-outline-color": "#ffffff",
        "text-outline-width": 2,
        "border-width": 1,
        "border-color": "#00000033"
      } },
      { selector: "edge", style: {
        "width": "data(width)",
        "line-color": "#9aa5b1",
        "opacity": 0.6,
        "curve-style": "haystack"
      } },
      { selector: "edge.directed", style: {
        "curve-style": "bezier",
        "target-arrow-shape": "triangle",
        "target-arrow-color": "#9aa5b1",
        "arrow-scale": 0.8
      } },
      { selector: ".faded", style: { "opacity": 0.12, "text-opacity": 0 } },
      { selector: "node.match", style: {
        "border-width": 5, "border-color": "#ffbf00", "font-weight": "bold", "z-index": 20
      } },
      { selector: "node:selected", style: { "border-width": 5, "border-color": "#0b63c5", "z-index": 30 } },
      { selector: "edge:selected", style: { "line-color": "#0b63c5", "target-arrow-color": "#0b63c5", "opacity": 1 } }
    ],
    layout: { name: "preset" }
  });
  if (data.directed) { cy.edges().addClass("directed"); }

  if (data.layout === "cose") {
    cy.layout({ name: "cose", animate: false, randomize: true, nodeDimensionsIncludeLabels: true,
                idealEdgeLength: function () { return 90; }, nodeRepulsion: function () { return 60000; },
                padding: 40 }).run();
  }
  function fitAll() {
    cy.fit(undefined, 40);
    if (cy.zoom() > 1.5) { cy.zoom(1.5); cy.center(); }  // a few nodes should not fill the screen
  }
  fitAll();

  // --- header -------------------------------------------------------------------------------
  document.getElementById("stats").textContent =
    data.nodes.length.toLocaleString("fa-IR") + " گره، " +
    data.edges.length.toLocaleString("fa-IR") + " یال";

  // --- legend with the type filter ------------------------------------------------------------
  var hidden = {};
  var typesList = document.getElementById("types");
  data.types.forEach(function (t) {
    var li = document.createElement("li");
    var label = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = t.type;
    box.addEventListener("change", function () {
      hidden[t.type] = !box.checked;
      applyFilter();
    });
    var swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.backgroundColor = t.colour;
    var name = document.createElement("span");
    name.textContent = t.label;
    var en = document.createElement("span");
    en.className = "en";
    en.textContent = t.type;
    en.dir = "ltr";
    var count = document.createElement("span");
    count.className = "count";
    count.textContent = "(" + t.count.toLocaleString("fa-IR") + ")";
    label.append(box, swatch, name, en, count);
    li.appendChild(label);
    typesList.appendChild(li);
  });

  function applyFilter() {
    cy.batch(function () {
      cy.nodes().forEach(function (node) {
        var n = data.nodes[node.data("idx")];
        node.style("display", hidden[n.type] ? "none" : "element");
      });
    });
  }

  // --- search -----------------------------------------------------------------------------
  var searchText = data.nodes.map(function (n) {
    return fold([n.label, n.label_en, n.posts].filter(Boolean).join(" "));
  });
  var input = document.getElementById("search");
  var results = document.getElementById("results");

  function search(query) {
    var q = fold(query);
    var matches = [];
    cy.batch(function () {
      cy.elements().removeClass("match faded");
      if (!q) { return; }
      cy.nodes().forEach(function (node) {
        if (searchText[node.data("idx")].indexOf(q) >= 0) { matches.push(node); }
      });
      var hit = cy.collection(matches);
      hit.addClass("match");
      cy.elements().difference(hit.union(hit.connectedEdges())).addClass("faded");
    });
    results.replaceChildren();
    matches.slice(0, 50).forEach(function (node) {
      var n = data.nodes[node.data("idx")];
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = n.label;
      button.addEventListener("click", function () {
        select(node);
        results.replaceChildren();  // the match stays highlighted; the list closes
      });
      li.appendChild(button);
      results.appendChild(li);
    });
    if (matches.length) {
      cy.fit(cy.collection(matches), 120);
      if (cy.zoom() > 1.5) { cy.zoom(1.5); cy.center(cy.collection(matches)); }
    }
    return matches.map(function (node) { return node.id(); });
  }
  input.addEventListener("input", function () { search(input.value); });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      var first = cy.nodes(".match")[0];
      if (first) { select(first); }
    } else if (ev.key === "Escape") {
      input.value = "";
      search("");
    }
  });

  // --- side panel ------------------------------------------------------------------------------
  var details = document.getElementById("details");

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }

  function fa(num, digits) {
    return Number(num).toLocaleString("fa-IR", { maximumFractionDigits: digits === undefined ? 2 : digits });
  }

  function short(text, n) { return text.length > n ? text.slice(0, n - 1) + "…" : text; }

  function statementItem(i) {
    var s = data.statements[i];
    var li = el("li", null, "statement");
    li.appendChild(el("blockquote", s.content));
    var meta = el("div", null, "meta");
    // every view keeps the speakers as nodes (speaker: their index)
    var speaker = s.speaker === null ? null : data.nodes[s.speaker];
    var who = speaker ? speaker.label : "";
    meta.appendChild(el("span", who + (s.verb ? " — " + s.verb : "")));
    var art = data.articles[s.article];
    if (art) {
      meta.appendChild(document.createTextNode(" · خبر: "));
      var link;
      if (art.url && /^https?:\/\//.test(art.url)) {
        link = el("a", short(art.label || art.url, 60));
        link.href = art.url;
        link.rel = "noopener noreferrer";
        link.target = "_blank";
      } else {
        link = el("span", short(art.label || art.iri, 60));
      }
      link.title = art.iri;
      meta.appendChild(link);
      if (art.date) {
        var day = el("bdi", art.date, "date");
        day.dir = "ltr";
        meta.append(" (", day, ")");
      }
    }
    if (s.start !== null && s.end !== null) {
      meta.appendChild(document.createTextNode(" · نویسه‌های "));
      var span = el("bdi", s.start + "–" + s.end, "offsets");
      span.dir = "ltr";
      meta.appendChild(span);
    }
    li.appendChild(meta);
    li.appendChild(el("div", s.iri, "iri"));
    return li;
  }

  function showStatements(list, title) {
    details.appendChild(el("h3", title + " (" + fa(list.length) + ")"));
    var ol = el("ol", null, "statements");
    list.forEach(function (i) { ol.appendChild(statementItem(i)); });
    details.appendChild(ol);
  }

  function row(dl, key, value) {
    if (value === undefined || value === null || value === "") { return; }
    dl.appendChild(el("dt", key));
    dl.appendChild(el("dd", value));
  }

  function showNode(node) {
    var n = data.nodes[node.data("idx")];
    details.replaceChildren();
    details.appendChild(el("h2", n.label));
    var dl = el("dl");
    row(dl, "نوع", ((typeInfo[n.type] || {}).label || n.type) + " (" + n.type + ")");
    if (n.label_en) { var en = el("dd", n.label_en); en.dir = "ltr"; dl.append(el("dt", "نام لاتین"), en); }
    row(dl, "سمت", n.posts);
    row(dl, "گفته‌ها", fa(n.statements));
    row(dl, "خبرها", fa(n.articles));
    row(dl, "درجه", fa(n.degree));
    row(dl, "درجهٔ وزن‌دار", fa(n.weighted_degree));
    row(dl, "میانیت", fa(n.betweenness, 4));
    row(dl, "جامعه", fa(n.community));
    details.appendChild(dl);
    details.appendChild(el("div", n.iri, "iri"));
    showStatements(n.st || [], "گفته‌ها");
  }

  function showEdge(edge) {
    var e = data.edges[edge.data("idx")];
    details.replaceChildren();
    details.appendChild(el("h2", data.nodes[e.s].label + " ← " + data.nodes[e.t].label));
    var dl = el("dl");
    row(dl, "رابطه", e.relation);
    row(dl, "وزن", fa(e.weight || 1));
    row(dl, "سمت", e.post);
    details.appendChild(dl);
    if (e.st && e.st.length) { showStatements(e.st, "گفته‌ها"); }
  }

  function select(node) {
    cy.elements(":selected").unselect();
    node.select();
    showNode(node);
    return (data.nodes[node.data("idx")].st || []).length;
  }

  cy.on("tap", "node", function (ev) { select(ev.target); });
  cy.on("tap", "edge", function (ev) { showEdge(ev.target); });

  // a small, stable handle for tests and for the browser console
  window.kgView = {
    cy: cy,
    data: data,
    search: search,
    nodeId: function (label) {
      var i = data.nodes.findIndex(function (n) { return n.label === label; });
      return i < 0 ? null : "n" + i;
    },
    select: function (id) { return select(cy.getElementById(id)); },
    ready: true
  };
})();
