/* ActorGraph network page: legend, filters, search and side panels over vis-network.
 *
 * The page holds two JSON blocks with the same node and edge ids: "drawing" is what
 * pyvis built (vis-network's node and edge items and options, drawn as they are), and
 * "data" is what the legend, filters, search and panels read (see graph/render.py).
 *
 * Safety rule: every string that comes from the data is put in the page with
 * textContent or as a DOM property, never as HTML. Links are built only from
 * validated Wikidata ids.
 */
(function (global) {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";

  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) {
      if (k === "text") node.textContent = props[k];
      else if (k === "cls") node.className = props[k];
      else if (k === "on") Object.keys(props.on).forEach(function (ev) { node.addEventListener(ev, props.on[ev]); });
      else node.setAttribute(k, props[k]);
    });
    (children || []).forEach(function (c) {
      if (c === null || c === undefined || c === "") return;
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function svg(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function polygon(points) {
    return svg("polygon", { points: points.map(function (p) { return p.join(","); }).join(" ") });
  }

  var SHAPES = {
    dot: function () { return svg("circle", { cx: 8, cy: 8, r: 6 }); },
    square: function () { return svg("rect", { x: 2.5, y: 2.5, width: 11, height: 11 }); },
    diamond: function () { return polygon([[8, 1], [15, 8], [8, 15], [1, 8]]); },
    triangle: function () { return polygon([[8, 1.5], [15, 14], [1, 14]]); },
    triangleDown: function () { return polygon([[1, 2], [15, 2], [8, 14.5]]); },
    hexagon: function () { return polygon([[4, 2], [12, 2], [15.5, 8], [12, 14], [4, 14], [0.5, 8]]); },
    star: function () {
      var pts = [];
      for (var i = 0; i < 10; i++) {
        var r = i % 2 ? 3.2 : 7.5, a = Math.PI / 2 + i * Math.PI / 5;
        pts.push([8 + r * Math.cos(a), 8.5 - r * Math.sin(a)]);
      }
      return polygon(pts);
    }
  };

  function shapeSwatch(shape, color, dashed) {
    var s = svg("svg", { width: 16, height: 16, viewBox: "0 0 16 16", "class": "ag-swatch", "aria-hidden": "true" });
    var mark = (SHAPES[shape] || SHAPES.dot)();
    mark.setAttribute("fill", color);
    mark.setAttribute("stroke", dashed ? "#212529" : color);
    if (dashed) mark.setAttribute("stroke-dasharray", "2,2");
    s.appendChild(mark);
    return s;
  }

  function lineSwatch(color, dash, bar) {
    var s = svg("svg", { width: 30, height: 12, viewBox: "0 0 30 12", "class": "ag-swatch", "aria-hidden": "true" });
    var line = svg("line", { x1: 1, y1: 6, x2: bar ? 25 : 29, y2: 6, stroke: color, "stroke-width": 2.5 });
    if (dash) line.setAttribute("stroke-dasharray", dash.join(","));
    s.appendChild(line);
    if (bar) s.appendChild(svg("line", { x1: 27, y1: 1, x2: 27, y2: 11, stroke: color, "stroke-width": 2.5 }));
    return s;
  }

  function plural(n, word) { return n.toLocaleString("en") + " " + word + (n === 1 ? "" : "s"); }

  function nameKey(s) {
    var k = String(s).replace(/\u2019/g, "'").replace(/\s+/g, " ").trim().toLowerCase();
    return k.indexOf("the ") === 0 ? k.slice(4) : k;
  }

  function yearOf(when) {
    var y = parseInt(String(when || "").slice(0, 4), 10);
    return isNaN(y) ? null : y;
  }

  function Page(root, vis) {
    this.root = root;
    this.vis = vis;
    this.part = function (role) { return root.querySelector('[data-role="' + role + '"]'); };
    this.data = JSON.parse(this.part("data").textContent);
    var d = this.data;
    this.classes = {};
    d.classes.forEach(function (c) { this.classes[c.name] = c; }, this);
    this.relations = {};
    d.relations.forEach(function (r) { this.relations[r.name] = r; }, this);
    this.incident = d.nodes.map(function () { return []; });
    d.edges.forEach(function (e) { this.incident[e.from].push(e.id); if (e.to !== e.from) this.incident[e.to].push(e.id); }, this);
    this.years = this.yearSpan();
    this.state = {
      cls: {}, rel: {}, doc: d.documents.map(function () { return true; }),
      from: this.years[0], to: this.years[1], connectedOnly: false, sizeBy: "src"
    };
    d.classes.forEach(function (c) { this.state.cls[c.name] = true; }, this);
    d.relations.forEach(function (r) { this.state.rel[r.name] = true; }, this);
    this.nodeOn = d.nodes.map(function () { return true; });
    this.edgeOn = d.edges.map(function () { return true; });
    this.edgeShown = this.edgeOn.slice();
    this.edgeGate = function (id) { return this.edgeOn[id]; };
  }

  Page.prototype.yearSpan = function () {
    var years = [];
    this.data.documents.forEach(function (doc) { var y = yearOf(doc.date); if (y !== null) years.push(y); });
    this.data.edges.forEach(function (e) {
      e.sources.forEach(function (s) { var y = yearOf(s.date); if (y !== null) years.push(y); });
    });
    if (!years.length) return [null, null];
    return [Math.min.apply(null, years), Math.max.apply(null, years)];
  };

  /* ---- drawing ---- */

  /* Draw pyvis's items as they are; the filters only choose which of them are shown. */
  Page.prototype.draw = function () {
    var self = this, vis = this.vis, d = this.data;
    var drawing = JSON.parse(this.part("drawing").textContent);
    this.nodes = new vis.DataSet(drawing.nodes);
    this.edges = new vis.DataSet(drawing.edges);
    this.nodeView = new vis.DataView(this.nodes, { filter: function (item) { return self.nodeOn[item.id]; } });
    this.edgeView = new vis.DataView(this.edges, { filter: function (item) { return self.edgeGate(item.id); } });
    this.network = new vis.Network(this.part("canvas"), { nodes: this.nodeView, edges: this.edgeView }, drawing.options);
    this.network.on("click", function (p) {
      if (p.nodes.length) self.showNode(p.nodes[0]);
      else if (p.edges.length) self.showEdge(p.edges[0]);
    });
    var ready = function () {
      if (self.root.dataset.state === "ready") return;
      if (!d.physics) self.network.fit();
      self.root.dataset.state = "ready";
      self.root.dataset.readyMs = String(Math.round(global.performance.now()));
      self.updateStatus();
    };
    if (d.physics) {
      this.network.once("stabilizationIterationsDone", function () {
        self.network.setOptions({ physics: { enabled: false } });
        self.fitLinked(self.tidyLoners());
        self.network.once("afterDrawing", ready);
        self.network.redraw();
      });
    } else {
      this.network.once("afterDrawing", ready);
      this.network.redraw();
    }
  };

  /* Physics moved the connected nodes; put the unconnected ones (kept out of physics) back in
   * their grid, centred just below the rest. */
  Page.prototype.tidyLoners = function () {
    var d = this.data, net = this.network;
    var loners = this.nodes.get(d.nodes.filter(function (n) { return n.deg === 0; }).map(function (n) { return n.id; }));
    var linked = d.nodes.filter(function (n) { return n.deg > 0; }).map(function (n) { return n.id; });
    if (!loners.length || !linked.length) return linked;
    var pos = net.getPositions(linked), xs = [], ys = [];
    linked.forEach(function (id) { xs.push(pos[id].x); ys.push(pos[id].y); });
    var lx = loners.map(function (n) { return n.x; }), ly = loners.map(function (n) { return n.y; });
    var dx = (Math.min.apply(null, xs) + Math.max.apply(null, xs)) / 2 - (Math.min.apply(null, lx) + Math.max.apply(null, lx)) / 2;
    var dy = Math.max.apply(null, ys) + 140 - Math.min.apply(null, ly);
    loners.forEach(function (n) { net.moveNode(n.id, n.x + dx, n.y + dy); });
    return linked;
  };

  /* The first view shows the nodes that have relations; "Fit" shows everything. */
  Page.prototype.fitLinked = function (linked) {
    this.network.fit(linked.length ? { nodes: linked, animation: false } : { animation: false });
    if (linked.length < this.data.nodes.length) this.network.moveTo({ scale: this.network.getScale() * 0.92 });
  };

  /* ---- filters ---- */

  Page.prototype.narrowed = function () {
    var s = this.state, self = this;
    var relOff = Object.keys(s.rel).some(function (r) { return !s.rel[r]; });
    var datesOff = this.years[0] !== null && (s.from > this.years[0] || s.to < this.years[1]);
    var docsOff = s.doc.some(function (on) { return !on; });
    return { rel: relOff, dates: datesOff, docs: docsOff, any: relOff || datesOff || docsOff || s.connectedOnly ||
      Object.keys(s.cls).some(function (c) { return !self.state.cls[c]; }) };
  };

  Page.prototype.sourceOn = function (src, narrowed) {
    if (src.doc !== null && src.doc !== undefined && !this.state.doc[src.doc]) return false;
    if (!narrowed.dates) return true;
    var y = yearOf(src.date) || yearOf(src.published);
    return y !== null && y >= this.state.from && y <= this.state.to;
  };

  Page.prototype.applyFilters = function () {
    var s = this.state, d = this.data, self = this, narrowed = this.narrowed();
    var live = d.nodes.map(function () { return 0; });
    d.edges.forEach(function (e) {
      var on = s.rel[e.rel] && s.cls[d.nodes[e.from].cls] && s.cls[d.nodes[e.to].cls] &&
        (!(narrowed.docs || narrowed.dates) || e.sources.some(function (src) { return self.sourceOn(src, narrowed); }));
      self.edgeOn[e.id] = !!on;
      if (on) { live[e.from]++; live[e.to]++; }
    });
    d.nodes.forEach(function (n) {
      var inDocs = !narrowed.docs || n.docs.some(function (i) { return s.doc[i]; });
      var alone = !(narrowed.rel || narrowed.dates || s.connectedOnly) && inDocs;
      self.nodeOn[n.id] = !!s.cls[n.cls] && (live[n.id] > 0 || alone);
    });
    this.refreshViews();
    this.updateStatus();
  };

  /* Remove edges before their nodes and add nodes before their edges: vis-network is
   * very slow (minutes at 5,000 nodes) when a node leaves while its edges are drawn. */
  Page.prototype.refreshViews = function () {
    var self = this, shown = this.edgeShown.slice();
    this.edgeGate = function (id) { return self.edgeOn[id] && shown[id]; };
    this.edgeView.refresh();
    this.nodeView.refresh();
    this.edgeGate = function (id) { return self.edgeOn[id]; };
    this.edgeView.refresh();
    this.edgeShown = this.edgeOn.slice();
  };

  Page.prototype.updateStatus = function () {
    var count = function (a) { return a.filter(Boolean).length; };
    var d = this.data, n = count(this.nodeOn), e = count(this.edgeOn);
    var text = n === d.nodes.length && e === d.edges.length ?
      plural(n, "node") + " \u00b7 " + plural(e, "relation") + " \u00b7 " + plural(d.documents.length, "document") :
      "Showing " + n.toLocaleString("en") + " of " + plural(d.nodes.length, "node") + " \u00b7 " + e.toLocaleString("en") + " of " + plural(d.edges.length, "relation");
    this.part("status").textContent = text;
  };

  Page.prototype.checkRow = function (label, count, swatch, checked, onChange, extraCls) {
    var box = el("input", { type: "checkbox" });
    box.checked = checked;
    box.addEventListener("change", function () { onChange(box.checked); });
    return el("label", { cls: "ag-row" + (extraCls ? " " + extraCls : "") },
      [box, swatch, el("span", { cls: "ag-name", text: label }), count === null ? null : el("span", { cls: "ag-n", text: String(count) })]);
  };

  Page.prototype.section = function (title, allToggle) {
    var head = el("h2", {}, [el("span", { text: title })]);
    if (allToggle) {
      head.appendChild(el("button", { type: "button", cls: "ag-link ag-all", text: "all / none", on: { click: allToggle } }));
    }
    return head;
  };

  Page.prototype.buildFilters = function () {
    var self = this, s = this.state, d = this.data, box = this.part("filters");
    var toggleAll = function (map, boxes) {
      return function () {
        var keys = Object.keys(map), allOn = keys.every(function (k) { return map[k]; });
        keys.forEach(function (k) { map[k] = !allOn; });
        boxes().forEach(function (b) { b.checked = !allOn; });
        self.applyFilters();
      };
    };
    var group = function (cls) { return function () { return Array.prototype.slice.call(box.querySelectorAll("." + cls + " input")); }; };

    box.appendChild(this.section("Classes", toggleAll(s.cls, group("ag-cls"))));
    d.classes.forEach(function (c) {
      box.appendChild(self.checkRow(c.name, c.count, shapeSwatch(c.shape, c.color), true,
        function (on) { s.cls[c.name] = on; self.applyFilters(); }, "ag-cls"));
    });
    if (d.relations.length) {
      box.appendChild(this.section("Relations", toggleAll(s.rel, group("ag-relrow"))));
      d.relations.forEach(function (r) {
        box.appendChild(self.checkRow(r.name, r.count, lineSwatch(r.color, r.name === "rejected" ? d.dashes.rejected : null, r.name === "rejected"),
          true, function (on) { s.rel[r.name] = on; self.applyFilters(); }, "ag-relrow"));
      });
      box.appendChild(this.section("Line style"));
      [["completed, ongoing or unstated", null, false], ["planned", d.dashes.planned, false], ["rejected", d.dashes.rejected, true]]
        .forEach(function (row) {
          box.appendChild(el("div", { cls: "ag-style-row" }, [lineSwatch("#495057", row[1], row[2]), el("span", { text: row[0] })]));
        });
      box.appendChild(el("div", { cls: "ag-style-row" }, [shapeSwatch("diamond", "#0ca678", true), el("span", { text: "agreement rejected or cancelled" })]));
    }
    if (d.documents.length) {
      var docs = el("div", { cls: "ag-doclist" });
      var docMap = {};
      d.documents.forEach(function (doc, i) { docMap[i] = true; });
      box.appendChild(this.section("Source documents", function () {
        toggleAll(docMap, group("ag-doc"))();
        d.documents.forEach(function (doc, i) { s.doc[i] = docMap[i]; });
        self.applyFilters();
      }));
      d.documents.forEach(function (doc, i) {
        var label = (doc.title || doc.id) + (doc.date ? " (" + doc.date + ")" : "");
        var row = self.checkRow(label, null, null, true, function (on) { s.doc[i] = on; docMap[i] = on; self.applyFilters(); }, "ag-doc");
        row.setAttribute("title", doc.id);
        docs.appendChild(row);
      });
      box.appendChild(docs);
    }
    if (this.years[0] !== null) {
      box.appendChild(this.section("Dates (years)"));
      var from = el("input", { type: "number", "aria-label": "From year", min: this.years[0], max: this.years[1], step: 1 });
      var to = el("input", { type: "number", "aria-label": "To year", min: this.years[0], max: this.years[1], step: 1 });
      from.value = this.years[0];
      to.value = this.years[1];
      var onDates = function () {
        var a = parseInt(from.value, 10), b = parseInt(to.value, 10);
        s.from = isNaN(a) ? self.years[0] : a;
        s.to = isNaN(b) ? self.years[1] : b;
        self.applyFilters();
      };
      from.addEventListener("change", onDates);
      to.addEventListener("change", onDates);
      box.appendChild(el("div", { cls: "ag-dates", "data-role": "dates" }, [from, el("span", { text: "to" }), to]));
    }
    var connected = this.checkRow("only nodes with a shown relation", null, null, false,
      function (on) { s.connectedOnly = on; self.applyFilters(); });
    var size = el("select", { "aria-label": "Node size" }, [
      el("option", { value: "src", text: "supporting sentences" }), el("option", { value: "deg", text: "relations (degree)" })]);
    size.addEventListener("change", function () {
      s.sizeBy = size.value;
      self.nodes.update(d.nodes.map(function (n) { return { id: n.id, size: n.sizes[s.sizeBy] }; }));
    });
    box.appendChild(this.section("View"));
    box.appendChild(connected);
    box.appendChild(el("div", { cls: "ag-style-row" }, [el("span", { text: "Size by" }), size]));
    box.appendChild(el("div", { cls: "ag-controls" }, [
      el("button", { type: "button", "data-role": "reset", text: "Reset filters", on: { click: function () { self.reset(); } } })]));
  };

  Page.prototype.reset = function () {
    var box = this.part("filters");
    box.textContent = "";
    var d = this.data, s = this.state;
    d.classes.forEach(function (c) { s.cls[c.name] = true; });
    d.relations.forEach(function (r) { s.rel[r.name] = true; });
    s.doc = d.documents.map(function () { return true; });
    s.from = this.years[0];
    s.to = this.years[1];
    s.connectedOnly = false;
    this.buildFilters();
    this.applyFilters();
  };

  /* ---- search ---- */

  Page.prototype.buildSearch = function () {
    var self = this, list = this.part("names"), seen = {};
    this.data.nodes.forEach(function (n) {
      [n.label].concat(n.aliases).forEach(function (name) {
        if (seen[name]) return;
        seen[name] = true;
        var opt = document.createElement("option");
        opt.value = name;
        list.appendChild(opt);
      });
    });
    this.part("search").addEventListener("submit", function (ev) {
      ev.preventDefault();
      self.find(self.part("query").value);
    });
  };

  Page.prototype.match = function (query) {
    var key = nameKey(query), nodes = this.data.nodes;
    if (!key) return null;
    var tests = [
      function (name) { return nameKey(name) === key; },
      function (name) { return nameKey(name).indexOf(key) === 0; },
      function (name) { return nameKey(name).indexOf(key) >= 0; }
    ];
    for (var t = 0; t < tests.length; t++) {
      var hits = nodes.filter(function (n) { return [n.label].concat(n.aliases).some(tests[t]); });
      if (hits.length) {
        hits.sort(function (a, b) { return (b.src - a.src) || (a.id - b.id); });
        return hits[0];
      }
    }
    return null;
  };

  Page.prototype.find = function (query) {
    var n = this.match(query);
    if (!n) return this.say("No node is called \u201c" + query.trim() + "\u201d.");
    if (!this.nodeOn[n.id]) {
      this.say("\u201c" + n.label + "\u201d is hidden by the filters; Reset filters to show it.");
    } else {
      this.say("");
      this.network.selectNodes([n.id]);
      this.network.focus(n.id, { scale: Math.max(this.network.getScale(), 1.1), animation: this.data.large ? false : { duration: 300 } });
    }
    this.showNode(n.id);
  };

  Page.prototype.say = function (text) {
    var box = this.part("message");
    box.textContent = text;
    box.hidden = !text;
  };

  /* ---- panels ---- */

  Page.prototype.openPanel = function (title, kind) {
    var self = this, panel = this.part("panel");
    panel.textContent = "";
    panel.hidden = false;
    panel.dataset.kind = kind;
    panel.appendChild(el("div", { cls: "ag-panel-head" }, [
      el("h2", { text: title }),
      el("button", { type: "button", "aria-label": "Close details", text: "\u00d7", on: { click: function () { self.closePanel(); } } })]));
    return panel;
  };

  Page.prototype.closePanel = function () {
    var panel = this.part("panel");
    panel.hidden = true;
    panel.textContent = "";
    this.network.unselectAll();
  };

  function facts(pairs) {
    var dl = el("dl");
    pairs.forEach(function (p) {
      if (p[1] === null || p[1] === undefined || p[1] === "") return;
      dl.appendChild(el("dt", { text: p[0] }));
      dl.appendChild(el("dd", {}, [typeof p[1] === "object" ? p[1] : String(p[1])]));
    });
    return dl;
  }

  function qualifiers(x) {
    return [x.quantity !== null && x.quantity !== undefined ? x.quantity.toLocaleString("en") : null, x.date, x.status]
      .filter(function (v) { return v !== null && v !== undefined && v !== ""; }).join(" \u00b7 ");
  }

  Page.prototype.nodeLink = function (id) {
    var self = this, n = this.data.nodes[id];
    return el("button", { type: "button", cls: "ag-link", text: n.label, on: { click: function () { self.showNode(id); } } });
  };

  Page.prototype.showNode = function (id) {
    var self = this, n = this.data.nodes[id], d = this.data;
    var c = this.classes[n.cls] || { color: "#adb5bd", shape: "dot" };
    var panel = this.openPanel(n.label, "node");
    panel.appendChild(el("div", { cls: "ag-kind" }, [shapeSwatch(c.shape, c.color), el("span", { text: n.cls })]));
    var wd = null;
    if (n.wikidata && /^Q[0-9]+$/.test(n.wikidata)) {
      wd = el("a", { href: "https://www.wikidata.org/wiki/" + n.wikidata, target: "_blank", rel: "noopener noreferrer", text: n.wikidata });
    }
    panel.appendChild(facts([
      ["Also called", n.aliases.join("; ")],
      ["Wikidata", wd],
      ["Agreement", n.lifecycle ? n.lifecycle + (n.lifecycleDate ? " (" + n.lifecycleDate + ")" : "") : null],
      ["Relations", n.deg], ["Sentences", n.src]
    ]));
    var rels = this.incident[id];
    panel.appendChild(el("h3", { text: "Facts (" + rels.length + ")" }));
    var list = el("ul", { "data-role": "facts" });
    rels.forEach(function (eid) {
      var e = d.edges[eid];
      var out = e.from === id;
      var other = out ? e.to : e.from;
      var open = el("button", { type: "button", cls: "ag-link ag-rel", text: out ? e.rel + " \u2192" : "\u2190 " + e.rel,
        on: { click: function () { self.showEdge(eid); } } });
      var q = qualifiers(e);
      list.appendChild(el("li", {}, [open, " ", self.nodeLink(other),
        q ? el("span", { cls: "ag-quals", text: " (" + q + ")" }) : null,
        el("span", { cls: "ag-quals", text: " \u00b7 " + plural(e.sources.length, "source") })]));
    });
    if (!rels.length) list.appendChild(el("li", { cls: "ag-quals", text: "No relation extracted yet." }));
    panel.appendChild(list);
    if (n.docs.length) {
      panel.appendChild(el("h3", { text: "Mentioned in" }));
      var docs = el("ul");
      n.docs.forEach(function (i) {
        var doc = d.documents[i];
        docs.appendChild(el("li", { cls: "ag-cite" }, [doc.title || doc.id, doc.date ? el("span", { cls: "ag-date", text: " \u00b7 " + doc.date }) : null,
          el("div", { cls: "ag-iri", text: doc.id })]));
      });
      panel.appendChild(docs);
    }
    panel.appendChild(el("h3", { text: "IRI" }));
    panel.appendChild(el("div", { cls: "ag-iri", text: n.iri }));
  };

  Page.prototype.showEdge = function (id) {
    var e = this.data.edges[id], d = this.data;
    var r = this.relations[e.rel] || { color: "#868e96" };
    var panel = this.openPanel(d.nodes[e.from].label + " \u2192 " + e.rel + " \u2192 " + d.nodes[e.to].label, "edge");
    panel.appendChild(el("div", { cls: "ag-kind" }, [lineSwatch(r.color, e.rel === "rejected" ? d.dashes.rejected : (e.status === "Planned" ? d.dashes.planned : null), e.rel === "rejected"),
      el("span", { text: "relation " + e.rel })]));
    panel.appendChild(facts([
      ["From", this.nodeLink(e.from)], ["To", this.nodeLink(e.to)],
      ["Quantity", e.quantity !== null && e.quantity !== undefined ? e.quantity.toLocaleString("en") : null],
      ["Date", e.date], ["Status", e.status || "not stated"],
      ["Confidence", typeof e.confidence === "number" ? e.confidence.toFixed(2) : null]
    ]));
    panel.appendChild(el("h3", { text: "Evidence (" + plural(e.sources.length, "sentence") + ")" }));
    e.sources.forEach(function (s) {
      var q = qualifiers(s);
      panel.appendChild(el("div", { cls: "ag-source" }, [
        el("blockquote", { text: s.evidence }),
        el("div", { cls: "ag-cite" }, [s.title || s.docId, s.published ? el("span", { cls: "ag-date", text: " \u00b7 " + s.published }) : null]),
        el("div", { cls: "ag-iri", text: s.docId }),
        s.says ? el("div", { cls: "ag-quals", text: "according to " + s.says }) : null,
        q ? el("div", { cls: "ag-quals", text: q + (typeof s.confidence === "number" ? " \u00b7 confidence " + s.confidence.toFixed(2) : "") }) : null
      ]));
    });
  };

  /* ---- mounting ---- */

  Page.prototype.wire = function () {
    var self = this, root = this.root;
    this.part("fit").addEventListener("click", function () { self.network.fit({ animation: self.data.large ? false : { duration: 300 } }); });
    this.part("toggle-filters").addEventListener("click", function (ev) {
      var narrow = global.matchMedia && global.matchMedia("(max-width: 820px)").matches;
      var open = narrow ? root.classList.toggle("ag-show-filters") : !root.classList.toggle("ag-no-filters");
      ev.currentTarget.setAttribute("aria-expanded", String(open));
      self.network.redraw();
    });
    root.addEventListener("keydown", function (ev) { if (ev.key === "Escape") self.closePanel(); });
    if (this.data.subtitle) this.part("subtitle").textContent = this.data.subtitle;
  };

  function mount(root) {
    if (!root || root.agNetwork) return root && root.agNetwork;
    var vis = global.vis;
    if (!vis || !vis.Network) {
      root.querySelector('[data-role="status"]').textContent = "vis-network did not load; the page cannot draw the network.";
      root.dataset.state = "failed";
      return null;
    }
    var page = new Page(root, vis);
    page.buildFilters();
    page.buildSearch();
    page.draw();
    page.wire();
    page.applyFilters();
    if (!page.data.nodes.length) page.say("Nothing to draw: this graph has no entities yet.");
    root.agNetwork = page;
    return page;
  }

  global.ActorGraphNetwork = { mount: mount };
})(window);
