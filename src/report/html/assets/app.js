// parity report: renders the page from its JSON island. Hand-written, no
// dependencies, no requests. Every string from the data goes in through
// textContent (never innerHTML), so a note cannot inject markup.
"use strict";
(function () {
  // The data is JSON, or for a large page deflated JSON in base64, which the
  // browser inflates itself (DecompressionStream): no library, no request.
  var island = document.getElementById("parity-data");
  if (island.getAttribute("data-encoding") === "deflate-base64") {
    var binary = atob(island.textContent.trim());
    var bytes = new Uint8Array(binary.length);
    for (var b = 0; b < binary.length; b++) bytes[b] = binary.charCodeAt(b);
    var inflated = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
    new Response(inflated).text().then(function (text) { start(JSON.parse(text)); }).catch(function (error) {
      document.body.appendChild(document.createElement("p")).textContent = "This page's data could not be read: " + error;
      console.error(error);
    });
  } else {
    start(JSON.parse(island.textContent));
  }

  function start(DATA) {
    if (DATA.version !== 1) {
      throw new Error("parity report: page data version " + DATA.version + " is not supported");
    }
    var BATCH = 200; // rows rendered at a time; more as the reader scrolls
    var CELL = {
      landed: { sym: "\u25CF", word: "landed" },
      partly: { sym: "\u25D0", word: "partly" },
      missing: { sym: "\u25CB", word: "missing" },
      none: { sym: "\u00B7", word: "none" }
    };
    var BAD_VERDICTS = { missing: 1, "soft-missing": 1, error: 1 };

    // ---- small helpers -------------------------------------------------------
    function h(tag, attrs) {
      var el = document.createElement(tag);
      if (attrs) {
        for (var key in attrs) {
          if (attrs[key] === null || attrs[key] === undefined || attrs[key] === false) continue;
          if (key === "text") el.textContent = attrs[key];
          else if (key === "class") el.className = attrs[key];
          else if (key.slice(0, 2) === "on") el.addEventListener(key.slice(2), attrs[key]);
          else el.setAttribute(key, attrs[key] === true ? "" : attrs[key]);
        }
      }
      for (var i = 2; i < arguments.length; i++) add(el, arguments[i]);
      return el;
    }
    function add(el, child) {
      if (child === null || child === undefined || child === false) return;
      if (Array.isArray(child)) { child.forEach(function (c) { add(el, c); }); return; }
      el.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
    }
    function label(word) { return word ? String(word).replace(/-/g, " ") : "\u2014"; }
    function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }
    function table(caption, headings, rows, cls) {
      return h("table", { class: cls || null },
        caption ? h("caption", { text: caption }) : null,
        h("thead", null, h("tr", null, headings.map(function (t) { return h("th", { scope: "col", text: t }); }))),
        h("tbody", null, rows));
    }
    function empty(text) { return h("p", { class: "empty", text: text }); }

    /** A matrix location: a link when --link gave a template, else path:line. */
    function where(at) {
      if (!at) return "";
      var path = DATA.files[at[0]], text = path + ":" + at[1];
      if (!DATA.link) return h("code", { text: text });
      var href = DATA.link.template.split("{rev}").join(DATA.link.rev)
        .split("{path}").join(path).split("{line}").join(String(at[1]));
      return h("a", { href: href }, h("code", { text: text }));
    }

    // ---- indexes -------------------------------------------------------------
    var surfaces = DATA.surfaces;
    var byId = {};
    var probesOf = {}, findingsOf = {};
    surfaces.forEach(function (s, i) { byId[s.id] = i; probesOf[s.id] = []; findingsOf[s.id] = []; });
    var probes = DATA.check ? DATA.check.probes : [];
    probes.forEach(function (p) {
      p.surfaces.forEach(function (id) { if (probesOf[id]) probesOf[id].push(p); });
    });
    DATA.findings.forEach(function (f) { if (f.surface && findingsOf[f.surface]) findingsOf[f.surface].push(f); });
    var followUps = {}, gaps = {};
    DATA.follow_ups.forEach(function (f) { followUps[f.number] = f; });
    DATA.gaps.forEach(function (g) { gaps[g.id] = g; });

    // What search and the filters read, computed once per surface.
    var facts = surfaces.map(function (s) {
      var words = [s.id].concat(s.v1);
      s.v3.forEach(function (t) { words.push(t.route, t.resolves_to || "", t.note || ""); });
      s.actions.forEach(function (a) { words.push(a.verb, a.v1 || "", a.v3 || ""); });
      words.push(s.notes || "");
      var verdicts = {};
      probesOf[s.id].forEach(function (p) { verdicts[p.verdict] = 1; });
      var badCell = s.cells.some(function (c) { return c[0] === "missing" || c[0] === "partly"; });
      var badVerdict = Object.keys(verdicts).some(function (v) { return BAD_VERDICTS[v]; });
      var problem = !!s.overclaim || badCell || badVerdict || findingsOf[s.id].length > 0;
      return { text: words.join("\n").toLowerCase(), verdicts: verdicts, problem: problem };
    });

    // ---- layout --------------------------------------------------------------
    var main = h("main", { id: "main" });
    var drawer = h("div", { class: "drawer", role: "dialog", "aria-modal": "true", "aria-labelledby": "drawer-title", hidden: true });
    function layout() {
      var h1 = document.querySelector("h1");
      var sub = [plural(surfaces.length, "surface", "surfaces") + " in " + plural(DATA.families.length, "family", "families")];
      if (DATA.check) sub.push("check: " + DATA.check.reports.join(", "));
      if (DATA.since) sub.push("changes since " + DATA.since.base);
      h1.parentNode.insertBefore(h("a", { class: "skip", href: "#main", text: "Skip to content" }), h1);
      h1.insertAdjacentElement("afterend", h("p", { class: "sub", text: sub.join(" \u00B7 ") }));
      var nav = h("nav", { class: "sections", "aria-label": "Sections" }, h("ul", null,
        [["#overview", "Overview"], ["#heatmap", "Heatmap"], ["#findings", "Findings"]].map(function (l) {
          return h("li", null, h("a", { href: l[0], text: l[1] }));
        })));
      document.body.insertBefore(nav, document.getElementById("parity-data"));
      document.body.insertBefore(main, document.getElementById("parity-data"));
      document.body.appendChild(drawer);
    }

    // ---- overview ------------------------------------------------------------
    function overview() {
      var section = h("section", { id: "overview", "aria-labelledby": "overview-h" }, h("h2", { id: "overview-h", text: "Overview" }));
      if (DATA.since) section.appendChild(changes());
      section.appendChild(statusBar());
      var overclaims = surfaces.filter(function (s) { return s.overclaim; });
      var cards = h("div", { class: "cards" },
        card("Overclaims", overclaims.length, overclaims.map(function (s) {
          return h("li", null, surfaceLink(s.id), " declares ", label(s.declared), ", computes ", label(s.computed));
        }), "No declared status is better than its coverage."),
        card("Open follow-ups", DATA.follow_ups.length, DATA.follow_ups.map(function (f) {
          return h("li", null, f.number + ". " + f.title);
        }), "None."),
        card("Backend/contract gaps", DATA.gaps.length, DATA.gaps.map(function (g) {
          return h("li", { title: g.text }, h("code", { text: g.id }), " \u2014 ", g.text.length > 90 ? g.text.slice(0, 88) + "\u2026" : g.text);
        }), "None."),
        card("Findings", DATA.findings.length, severityCounts(), "None."));
      section.appendChild(cards);
      section.appendChild(verdictTable());
      main.appendChild(section);
    }
    function card(title, n, items, none) {
      return h("div", { class: "card" }, h("h3", { text: title + " (" + n + ")" }),
        items.length ? h("ul", null, items.slice(0, 12)) : empty(none),
        items.length > 12 ? h("p", { class: "muted", text: "\u2026 and " + (items.length - 12) + " more" }) : null);
    }
    function severityCounts() {
      var counts = {};
      DATA.findings.forEach(function (f) { var k = f.source + ": " + f.severity; counts[k] = (counts[k] || 0) + 1; });
      return Object.keys(counts).sort().map(function (k) { return h("li", null, k + " \u00D7 " + counts[k]); });
    }
    function statusBar() {
      var counts = {}, order = DATA.levels.concat(["none"]);
      surfaces.forEach(function (s) { var k = s.computed || "none"; counts[k] = (counts[k] || 0) + 1; });
      var total = surfaces.length || 1;
      var bar = h("div", { class: "bar", role: "img", "aria-label": order.filter(function (k) { return counts[k]; })
        .map(function (k) { return counts[k] + " " + levelName(k); }).join(", ") });
      order.forEach(function (k) {
        if (!counts[k]) return;
        var pct = (100 * counts[k] / total);
        bar.appendChild(h("span", { class: "lvl-" + k, style: "width:" + pct.toFixed(3) + "%", title: counts[k] + " " + levelName(k) },
          pct >= 6 ? String(counts[k]) : ""));
      });
      var legend = h("ul", { class: "legend" }, order.filter(function (k) { return counts[k]; }).map(function (k) {
        return h("li", null, h("span", { class: "swatch lvl-" + k, "aria-hidden": "true" }), levelName(k) + ": " + counts[k]);
      }));
      return h("div", null, h("h3", { text: "Surfaces by computed status" }), bar, legend);
    }
    function levelName(k) { return k === "none" ? "no actions recorded" : label(k); }
    function verdictTable() {
      var wrap = h("div", null, h("h3", { text: "Live check: verdicts per deployment" }));
      if (!DATA.check) { wrap.appendChild(empty("No check report given (parity report --check REPORT.json).")); return wrap; }
      var verdicts = [];
      DATA.check.deployments.forEach(function (d) {
        Object.keys(d.verdicts).forEach(function (v) { if (verdicts.indexOf(v) < 0) verdicts.push(v); });
      });
      verdicts.sort();
      var rows = DATA.check.deployments.map(function (d) {
        return h("tr", null, h("th", { scope: "row", text: d.name }), verdicts.map(function (v) {
          return h("td", { class: "num", text: String(d.verdicts[v] || 0) });
        }));
      });
      wrap.appendChild(h("table", null,
        h("thead", null, h("tr", null, h("th", { scope: "col", text: "deployment" }),
          verdicts.map(function (v) { return h("th", { scope: "col", class: "num v-" + v, text: label(v) }); }))),
        h("tbody", null, rows)));
      return wrap;
    }
    function changes() {
      var diff = DATA.since;
      var wrap = h("div", null, h("h3", { text: "Changes since " + diff.base + " (" + diff.changes.length + ")" }));
      if (!diff.changes.length) { wrap.appendChild(empty("No changes.")); return wrap; }
      // The diff lists regressions first, then improvements, then other changes.
      wrap.appendChild(table(null, ["direction", "code", "surface", "change", "location"], diff.changes.map(function (c) {
        return h("tr", null, h("td", { class: "dir-" + c.direction, text: c.direction }), h("td", null, h("code", { text: c.code })),
          h("td", null, c.surface ? surfaceLink(c.surface) : ""), h("td", { text: c.message }),
          h("td", null, c.location ? h("code", { text: c.location.path + ":" + c.location.line }) : ""));
      })));
      return wrap;
    }
    function surfaceLink(id) {
      if (byId[id] === undefined) return h("code", { text: id });
      return h("button", { type: "button", class: "linkish", "data-surface": id, onclick: function (e) { openDrawer(id, e.currentTarget); } },
        h("code", { text: id }));
    }

    // ---- heatmap -------------------------------------------------------------
    var state = { status: "", intent: "", family: "", verdict: "", problems: false, q: "" };
    var controls = {};
    var heat = { rows: [], shown: 0, table: null, count: null, more: null, groups: {} };

    function heatmap() {
      var section = h("section", { id: "heatmap", "aria-labelledby": "heatmap-h" }, h("h2", { id: "heatmap-h", text: "Heatmap: surfaces \u00D7 intents" }));
      section.appendChild(filters());
      section.appendChild(h("p", { class: "muted" }, "Cells: ",
        ["landed", "partly", "missing", "none"].map(function (k) {
          return h("span", { class: "c-" + k }, h("span", { class: "sym", "aria-hidden": "true", text: CELL[k].sym }), CELL[k].word + "  ");
        }),
        "\u2014 actions landed with evidence / actions of the intent. Arrow keys move between rows; Enter opens a surface."));
      heat.count = h("p", { class: "count", role: "status", "aria-live": "polite" });
      section.appendChild(heat.count);
      heat.table = h("table", { class: "heatmap" }, h("caption", { text: "Lifecycle coverage by intent, grouped by family" }),
        h("thead", null, h("tr", null,
          h("th", { scope: "col", text: "surface" }), h("th", { scope: "col", text: "V1 routes" }),
          h("th", { scope: "col", text: "declared" }), h("th", { scope: "col", text: "computed" }),
          DATA.intents.map(function (i) { return h("th", { scope: "col", class: "intent", text: label(i) }); }))));
      heat.table.addEventListener("keydown", rowKeys);
      heat.table.addEventListener("click", function (e) {
        var row = e.target.closest("tr[data-surface]");
        if (row && !e.target.closest("a")) openDrawer(row.getAttribute("data-surface"), row);
      });
      section.appendChild(heat.table);
      heat.more = h("button", { type: "button", class: "more", onclick: function () { renderMore(BATCH * 5); } });
      section.appendChild(heat.more);
      main.appendChild(section);
      if ("IntersectionObserver" in window) {
        new IntersectionObserver(function (entries) {
          if (entries[0].isIntersecting && heat.shown < heat.rows.length) renderMore(BATCH);
        }, { rootMargin: "600px" }).observe(heat.more);
      }
    }
    function filters() {
      function select(name, title, options) {
        var el = h("select", { name: name, id: "filter-" + name }, h("option", { value: "", text: "any" }),
          options.map(function (o) { return h("option", { value: o[0], text: o[1] }); }));
        controls[name] = el;
        return h("label", { for: "filter-" + name }, title, el);
      }
      var verdicts = [];
      probes.forEach(function (p) { if (verdicts.indexOf(p.verdict) < 0) verdicts.push(p.verdict); });
      verdicts.sort();
      controls.q = h("input", { type: "search", id: "filter-q", name: "q", placeholder: "route, verb or note" });
      controls.problems = h("input", { type: "checkbox", id: "filter-problems", name: "problems" });
      var form = h("form", { class: "filters", role: "search", "aria-label": "Filter surfaces", onsubmit: function (e) { e.preventDefault(); } },
        h("label", { for: "filter-q" }, "Search", controls.q),
        select("status", "Computed status", DATA.levels.map(function (l) { return [l, label(l)]; }).concat([["none", "no actions"]])),
        select("intent", "Has intent", DATA.intents.map(function (i) { return [i, label(i)]; })),
        select("family", "Family", DATA.families.map(function (f, i) { return [String(i), f]; })),
        select("verdict", "Check verdict", verdicts.map(function (v) { return [v, label(v)]; })),
        h("label", { class: "check", for: "filter-problems" }, controls.problems, "Only problems"),
        h("button", { type: "button", onclick: function () { setState({}); apply(true); }, text: "Clear filters" }));
      form.addEventListener("input", function () { readControls(); apply(true); });
      form.addEventListener("change", function () { readControls(); apply(true); });
      return form;
    }
    function readControls() {
      state = { status: controls.status.value, intent: controls.intent.value, family: controls.family.value,
        verdict: controls.verdict.value, problems: controls.problems.checked, q: controls.q.value };
    }
    function setState(next) {
      state = { status: next.status || "", intent: next.intent || "", family: next.family || "",
        verdict: next.verdict || "", problems: !!next.problems, q: next.q || "" };
      ["status", "intent", "family", "verdict", "q"].forEach(function (k) { controls[k].value = state[k]; });
      controls.problems.checked = state.problems;
    }
    function keeps(s, i) {
      var f = facts[i];
      if (state.status && (s.computed || "none") !== state.status) return false;
      if (state.intent) {
        var cell = s.cells[DATA.intents.indexOf(state.intent)];
        if (!cell || cell[0] === "none") return false;
      }
      if (state.family !== "" && String(s.family) !== state.family) return false;
      if (state.verdict && !f.verdicts[state.verdict]) return false;
      if (state.problems && !f.problem) return false;
      if (state.q) {
        var words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
        for (var w = 0; w < words.length; w++) if (f.text.indexOf(words[w]) < 0) return false;
      }
      return true;
    }
    /** Filters, groups by family (matrix order within), and renders the first batch. */
    function apply(updateHash) {
      var kept = [];
      surfaces.forEach(function (s, i) { if (keeps(s, i)) kept.push(i); });
      kept.sort(function (a, b) { return (surfaces[a].family - surfaces[b].family) || (a - b); });
      heat.rows = kept;
      heat.shown = 0;
      heat.groups = {};
      Array.prototype.slice.call(heat.table.tBodies).forEach(function (b) { b.remove(); });
      heat.count.textContent = "Showing " + kept.length + " of " + plural(surfaces.length, "surface", "surfaces") + ".";
      renderMore(BATCH);
      if (updateHash) writeHash();
    }
    function renderMore(n) {
      var end = Math.min(heat.rows.length, heat.shown + n);
      for (var k = heat.shown; k < end; k++) groupBody(surfaces[heat.rows[k]].family).appendChild(row(heat.rows[k]));
      heat.shown = end;
      var left = heat.rows.length - end;
      heat.more.hidden = left === 0;
      heat.more.textContent = "Show more (" + left + " not shown yet)";
    }
    function groupBody(family) {
      if (heat.groups[family]) return heat.groups[family];
      var n = heat.rows.filter(function (i) { return surfaces[i].family === family; }).length;
      var body = h("tbody", null, h("tr", null, h("th", { scope: "rowgroup", colspan: String(4 + DATA.intents.length) },
        DATA.families[family] + " ", h("span", { class: "muted", text: "(" + plural(n, "surface", "surfaces") + ")" }))));
      heat.table.appendChild(body);
      heat.groups[family] = body;
      return body;
    }
    function row(i) {
      var s = surfaces[i];
      return h("tr", { tabindex: "0", "data-surface": s.id, "aria-label": s.id + ", computed " + label(s.computed) + (s.overclaim ? ", overclaims" : "") },
        h("th", { scope: "row" }, h("code", { text: s.id })),
        h("td", null, h("span", { class: "route", text: s.v1.join(", ") })),
        h("td", null, label(s.declared), s.overclaim ? [" ", h("span", { class: "badge overclaim", title: "the declared status is better than the computed one", text: "\u26A0 overclaims" })] : null),
        h("td", null, h("span", { class: "swatch lvl-" + (s.computed || "none"), "aria-hidden": "true" }), label(s.computed)),
        s.cells.map(function (c, k) {
          var word = CELL[c[0]].word;
          return h("td", { class: "cell c-" + c[0], title: label(DATA.intents[k]) + ": " + word + (c[2] ? " (" + c[1] + " of " + c[2] + " landed)" : "") },
            h("span", { class: "sym", "aria-hidden": "true", text: CELL[c[0]].sym }),
            h("span", { class: "word", text: c[2] ? c[1] + "/" + c[2] : "" }),
            h("span", { class: "sr", text: word }));
        }));
    }
    /** Arrow keys move between rows; Enter or Space opens the focused row's surface. */
    function rowKeys(e) {
      var row = e.target.closest ? e.target.closest("tr[data-surface]") : null;
      if (!row || e.target !== row) return;
      var rows = Array.prototype.slice.call(heat.table.querySelectorAll("tr[data-surface]"));
      var at = rows.indexOf(row);
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        if (e.key === "ArrowDown" && at === rows.length - 1 && heat.shown < heat.rows.length) {
          renderMore(BATCH);
          rows = Array.prototype.slice.call(heat.table.querySelectorAll("tr[data-surface]"));
        }
        var next = rows[at + (e.key === "ArrowDown" ? 1 : -1)];
        if (next) next.focus();
      } else if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        openDrawer(row.getAttribute("data-surface"), row);
      }
    }

    // ---- URL hash: #heatmap?status=partial&q=nodes[&surface=id] ---------------
    function writeHash() {
      var params = [];
      ["status", "intent", "family", "verdict", "q"].forEach(function (k) {
        if (state[k]) params.push(k + "=" + encodeURIComponent(state[k]));
      });
      if (state.problems) params.push("problems=1");
      if (drawer.getAttribute("data-surface")) params.push("surface=" + encodeURIComponent(drawer.getAttribute("data-surface")));
      var hash = params.length ? "#heatmap?" + params.join("&") : "";
      if (hash !== window.location.hash) history.replaceState(null, "", hash || window.location.pathname + window.location.search);
    }
    function readHash() {
      var hash = window.location.hash;
      if (hash.indexOf("#heatmap?") !== 0) return null;
      var next = {};
      hash.slice("#heatmap?".length).split("&").forEach(function (pair) {
        var kv = pair.split("=");
        if (kv[0]) next[kv[0]] = decodeURIComponent((kv[1] || "").replace(/\+/g, " "));
      });
      return next;
    }

    // ---- surface drawer --------------------------------------------------------
    var opener = null;
    function openDrawer(id, from) {
      var s = surfaces[byId[id]];
      if (!s) return;
      opener = from || null;
      drawer.textContent = "";
      drawer.setAttribute("data-surface", id);
      var close = h("button", { type: "button", class: "close", "aria-label": "Close " + id, text: "Close \u2715", onclick: closeDrawer });
      drawer.appendChild(h("header", null, h("h2", { id: "drawer-title" }, h("code", { text: s.id })), close));
      drawer.appendChild(h("p", null, DATA.families[s.family], " \u00B7 declared ", h("strong", { text: label(s.declared) }),
        " \u00B7 computed ", h("strong", { text: label(s.computed) }),
        s.overclaim ? [" ", h("span", { class: "badge overclaim", text: "\u26A0 overclaims" })] : null, " \u00B7 ", where(s.at)));
      drawerRoutes(s);
      drawerActions(s);
      if (s.notes) drawer.appendChild(h("div", null, h("h3", { text: "Notes" }), h("p", { text: s.notes })));
      drawerTracking(s);
      drawerProbes(s);
      drawerFindings(s);
      drawerShots(s);
      drawer.hidden = false;
      close.focus();
      writeHash();
    }
    function closeDrawer() {
      drawer.hidden = true;
      drawer.removeAttribute("data-surface");
      writeHash();
      if (opener && document.body.contains(opener)) opener.focus();
    }
    function drawerRoutes(s) {
      drawer.appendChild(h("h3", { text: "Routes" }));
      var rows = [];
      var n = Math.max(s.v1.length, s.v3.length);
      for (var i = 0; i < n; i++) {
        var t = s.v3[i];
        rows.push(h("tr", null, h("td", null, s.v1[i] ? h("code", { text: s.v1[i] }) : ""),
          h("td", null, t ? h("code", { text: t.route }) : ""),
          h("td", null, t && t.resolves_to ? ["\u2192 ", h("code", { text: t.resolves_to })] : ""),
          h("td", { text: t && t.note ? t.note : "" })));
      }
      drawer.appendChild(table(null, ["V1 route", "V3 target", "resolves to", "note"], rows));
    }
    function drawerActions(s) {
      drawer.appendChild(h("h3", { text: "Actions by intent" }));
      if (!s.actions.length) { drawer.appendChild(empty("No actions recorded.")); return; }
      var order = DATA.intents;
      var actions = s.actions.slice().sort(function (a, b) { return order.indexOf(a.intent) - order.indexOf(b.intent); });
      drawer.appendChild(table(null, ["intent", "verb", "state", "V3 landing", "evidence", "line"],
        actions.map(function (a) {
          var evidence = a.evidence || (a.pattern && s.progress) || [];
          var pending = a.pending ? [": " + label(a.pending.reason),
            a.pending.follow_up ? " (follow-up " + a.pending.follow_up + ")" : "",
            a.pending.gap ? [" (gap ", h("code", { text: a.pending.gap }), ")"] : ""] : "";
          return h("tr", null, h("th", { scope: "row", text: label(a.intent) }),
            h("td", null, a.verb, a.v1 ? [h("br"), h("code", { class: "muted", text: a.v1 })] : null),
            h("td", { class: "c-" + actionClass(a.state) }, a.state === "unproven" ? "landed, no evidence" : a.state, pending),
            h("td", null, a.pattern || "", a.v3 ? [h("br"), h("code", { text: a.v3 })] : null),
            h("td", { text: (evidence || []).join(", ") + (a.evidence ? "" : evidence.length ? " (surface)" : "") }),
            h("td", { class: "num" }, line(a.at)));
        })));
    }
    /** A line of the surface's own file: the drawer's header names the file. */
    function line(at) {
      var el = where(at);
      var code = el.querySelector ? el.querySelector("code") || el : el;
      code.textContent = String(at[1]);
      el.setAttribute("title", DATA.files[at[0]] + ":" + at[1]);
      return el;
    }
    function actionClass(state) { return state === "landed" ? "landed" : state === "unproven" ? "partly" : "missing"; }
    function drawerTracking(s) {
      if (s.follow_ups) {
        drawer.appendChild(h("h3", { text: "Follow-ups" }));
        drawer.appendChild(h("ul", null, s.follow_ups.map(function (n) {
          var f = followUps[n];
          return h("li", null, h("strong", { text: n + ". " + (f ? f.title : "") }), f ? [" \u2014 ", f.body, " ", where(f.at)] : "");
        })));
      }
      if (s.gaps) {
        drawer.appendChild(h("h3", { text: "Backend/contract gaps" }));
        drawer.appendChild(h("ul", null, s.gaps.map(function (id) {
          var g = gaps[id];
          return h("li", null, h("code", { text: id }), g ? [" \u2014 ", g.text, " ", where(g.at)] : "");
        })));
      }
      if (s.waivers) {
        drawer.appendChild(h("h3", { text: "Waivers" }));
        drawer.appendChild(table(null, ["code", "reason", "expires", "at"], s.waivers.map(function (i) {
          var w = DATA.waivers[i];
          return h("tr", null, h("td", null, h("code", { text: w.code })), h("td", { text: w.reason }), h("td", { text: w.expires }), h("td", null, where(w.at)));
        })));
      }
    }
    function drawerProbes(s) {
      if (!DATA.check) return;
      drawer.appendChild(h("h3", { text: "Live check" }));
      var list = probesOf[s.id];
      if (!list.length) { drawer.appendChild(empty("No probe of this surface in the check reports.")); return; }
      drawer.appendChild(table(null, ["deployment", "request", "verdict", "status", "redirect chain", "detail"], list.map(function (p) {
        var chain = (p.chain || []).map(function (hop) { return hop.status + " " + hop.url; });
        if (p.final_url && chain.length) chain.push("\u2192 " + p.final_url);
        return h("tr", null, h("th", { scope: "row", text: p.deployment }),
          h("td", null, h("code", { text: p.method + " " + p.route }), h("br"), h("span", { class: "muted route", text: p.url })),
          h("td", { class: "v-" + p.verdict, text: label(p.verdict) }), h("td", { class: "num", text: p.status ? String(p.status) : "\u2014" }),
          h("td", null, chain.length ? h("ol", null, chain.map(function (c) { return h("li", null, h("span", { class: "route", text: c })); })) : ""),
          h("td", { text: p.detail || "" }));
      })));
    }
    function drawerFindings(s) {
      var list = findingsOf[s.id];
      drawer.appendChild(h("h3", { text: "Findings (" + list.length + ")" }));
      if (!list.length) { drawer.appendChild(empty("None.")); return; }
      drawer.appendChild(h("ul", null, list.map(function (f) {
        var why = DATA.explanations[f.code];
        return h("li", null, h("span", { class: "sev-" + f.severity + " dir-" + f.severity, text: f.severity }), " ",
          h("code", { text: f.code }), " ", f.message, " ", where(f.at),
          f.help ? h("p", { class: "muted", text: "help: " + f.help }) : null,
          why ? h("details", null, h("summary", { text: "What " + f.code + " means" }), h("pre", { class: "explain", text: why })) : null);
      })));
    }
    function drawerShots(s) {
      if (!s.screenshots) return;
      drawer.appendChild(h("h3", { text: "Screenshots" }));
      drawer.appendChild(h("div", { class: "shots" }, ["v1", "v3"].map(function (side) {
        var src = s.screenshots[side];
        return h("figure", null, src ? h("img", { src: src, alt: side.toUpperCase() + " page of " + s.id, loading: "lazy" }) : empty("no " + side.toUpperCase() + " screenshot"),
          h("figcaption", { text: side.toUpperCase() }));
      })));
    }
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && !drawer.hidden) { e.preventDefault(); closeDrawer(); }
    });
    // The drawer is a modal dialog: Tab and Shift+Tab cycle inside it.
    drawer.addEventListener("keydown", function (e) {
      if (e.key !== "Tab") return;
      var focusable = drawer.querySelectorAll("button, a[href], summary, [tabindex]");
      var first = focusable[0], last = focusable[focusable.length - 1];
      if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
      else if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
    });

    // ---- findings table ----------------------------------------------------------
    var findingsView = { key: "", asc: true, body: null, heads: {}, shown: 0, rows: [], more: null };
    var RANK = { error: 0, regression: 1, warning: 2, other: 3, note: 4, improvement: 5 };
    var COLUMNS = [
      ["source", "source", function (f) { return f.source; }],
      ["severity", "severity", function (f) { return RANK[f.severity] === undefined ? 9 : RANK[f.severity]; }],
      ["code", "code", function (f) { return f.code; }],
      ["surface", "surface", function (f) { return f.surface || ""; }],
      ["message", "message", function (f) { return f.message; }],
      ["at", "location", function (f) { return f.at ? DATA.files[f.at[0]] + ":" + String(f.at[1]).padStart(7, "0") : "~"; }]
    ];
    function findings() {
      var section = h("section", { id: "findings", "aria-labelledby": "findings-h" }, h("h2", { id: "findings-h", text: "Findings (" + DATA.findings.length + ")" }));
      if (!DATA.findings.length) { section.appendChild(empty("No findings from validation, check or diff.")); main.appendChild(section); return; }
      section.appendChild(h("p", { class: "muted", text: "Validation, check and diff findings in one list. Sort by a column with its heading's button." }));
      var heads = COLUMNS.map(function (c) {
        var btn = h("button", { type: "button", class: "linkish", text: c[1], onclick: function () { sortFindings(c[0]); } });
        var th = h("th", { scope: "col", "aria-sort": "none" }, btn);
        findingsView.heads[c[0]] = th;
        return th;
      });
      findingsView.body = h("tbody");
      section.appendChild(h("table", { class: "findings" }, h("thead", null, h("tr", null, heads)), findingsView.body));
      findingsView.more = h("button", { type: "button", class: "more", onclick: function () { moreFindings(BATCH * 5); } });
      section.appendChild(findingsView.more);
      main.appendChild(section);
      findingsView.rows = DATA.findings.slice();
      moreFindings(BATCH);
    }
    function sortFindings(key) {
      findingsView.asc = findingsView.key === key ? !findingsView.asc : true;
      findingsView.key = key;
      var get = COLUMNS.filter(function (c) { return c[0] === key; })[0][2];
      var dir = findingsView.asc ? 1 : -1;
      findingsView.rows = DATA.findings.map(function (f, i) { return [get(f), i]; }).sort(function (a, b) {
        return (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0) * dir || a[1] - b[1];
      }).map(function (p) { return DATA.findings[p[1]]; });
      COLUMNS.forEach(function (c) {
        findingsView.heads[c[0]].setAttribute("aria-sort", c[0] === key ? (findingsView.asc ? "ascending" : "descending") : "none");
      });
      findingsView.body.textContent = "";
      findingsView.shown = 0;
      moreFindings(BATCH);
    }
    function moreFindings(n) {
      var end = Math.min(findingsView.rows.length, findingsView.shown + n);
      for (var k = findingsView.shown; k < end; k++) {
        var f = findingsView.rows[k];
        findingsView.body.appendChild(h("tr", null, h("td", { text: f.source }),
          h("td", { class: "sev-" + f.severity + " dir-" + f.severity, text: f.severity }), h("td", null, h("code", { text: f.code })),
          h("td", null, f.surface ? surfaceLink(f.surface) : ""), h("td", { text: f.message + (f.subject ? " \u2014 " + f.subject : "") }),
          h("td", null, where(f.at))));
      }
      findingsView.shown = end;
      findingsView.more.hidden = end >= findingsView.rows.length;
      findingsView.more.textContent = "Show more findings (" + (findingsView.rows.length - end) + " not shown yet)";
    }

    // ---- start -----------------------------------------------------------------
    layout();
    overview();
    heatmap();
    findings();
    var fromHash = readHash();
    if (fromHash) setState(fromHash);
    apply(false);
    if (fromHash && fromHash.surface) openDrawer(fromHash.surface, null);
    else if (fromHash) document.getElementById("heatmap").scrollIntoView();
    // Printing shows every row, not just those rendered so far.
    window.addEventListener("beforeprint", function () {
      renderMore(heat.rows.length);
      moreFindings(findingsView.rows.length);
    });
    document.documentElement.setAttribute("data-ready", "true");
    document.dispatchEvent(new Event("parity:ready"));
  }
})();
