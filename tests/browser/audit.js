// Injected after the page's own script by tests/report_page.rs: once the
// page is ready, records what a reader would get from every filter, the
// surface drawer, the findings sort, the page's accessibility (table
// headers, focus, contrast), its print view and every resource it loaded,
// into <pre id="audit-results"> for the test to compare with the page data.
// Events are synthetic: the page's handlers run, default actions do not.
(function () {
  if (document.documentElement.getAttribute("data-ready")) audit();
  else document.addEventListener("parity:ready", audit);
})();

function audit() {
  var r = {};
  var all = function (sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); };
  var text = function (el) { return el.textContent; };
  function rows() { return all("table.heatmap tbody tr[data-surface]").map(function (tr) { return tr.getAttribute("data-surface"); }); }
  function set(id, value) {
    var el = document.getElementById(id);
    if (el.type === "checkbox") el.checked = value; else el.value = value;
    el.dispatchEvent(new Event("change", { bubbles: true }));
  }
  function key(target, name) {
    target.dispatchEvent(new KeyboardEvent("keydown", { key: name, bubbles: true, cancelable: true }));
  }

  // A shared link (the hash) sets the filters and may open a surface.
  r.hash = { rows: rows(), drawer: document.querySelector("[role=dialog]").hidden ? null : document.querySelector("[role=dialog]").getAttribute("data-surface"),
    problems: document.getElementById("filter-problems").checked, verdict: document.getElementById("filter-verdict").value };
  key(document, "Escape");
  set("filter-verdict", ""); set("filter-problems", false);

  // Every option of every filter, one at a time, then only problems.
  r.filters = {};
  ["status", "intent", "family", "verdict"].forEach(function (name) {
    r.filters[name] = {};
    all("#filter-" + name + " option").forEach(function (option) {
      if (!option.value) return;
      set("filter-" + name, option.value);
      r.filters[name][option.value] = rows();
    });
    set("filter-" + name, "");
  });
  set("filter-problems", true);
  r.problems = rows();
  set("filter-problems", false);
  r.groups = all("table.heatmap tbody th[scope=rowgroup]").map(function (th) { return th.firstChild.textContent.trim(); });

  // The heatmap's cells: a symbol and a word beside every colour.
  r.cells = all("table.heatmap tbody td.cell").map(function (td) {
    return [td.className, td.querySelector(".sym").textContent, td.querySelector(".sr").textContent, getComputedStyle(td).color];
  });

  // Visible focus: a focused row and a focused search field have an outline.
  function outline(el) { el.focus(); var s = getComputedStyle(el); return s.outlineStyle + " " + s.outlineWidth; }
  r.focus = { row: outline(document.querySelector("table.heatmap tbody tr[data-surface]")), search: outline(document.getElementById("filter-q")) };

  // The drawer of one surface, opened from the keyboard.
  var target = document.querySelector("table.heatmap tbody tr[data-surface=telemetry]");
  target.focus();
  key(target, "Enter");
  var drawer = document.querySelector("[role=dialog]");
  r.drawer = {
    open: !drawer.hidden,
    sections: all("h3", drawer).map(text),
    explained: all("li", drawer).filter(function (li) { return li.querySelector("details"); }).map(function (li) {
      return [li.querySelector("code").textContent, li.querySelector("details summary").textContent, li.querySelector("pre.explain").textContent];
    }),
    chains: all("ol li", drawer).map(text),
    verdicts: all("td[class^=v-]", drawer).map(text),
    links: all("a[href]", drawer).map(function (a) { return a.getAttribute("href"); }),
    shots: all(".shots figure", drawer).map(function (f) {
      var img = f.querySelector("img"), box = f.getBoundingClientRect();
      return { caption: f.querySelector("figcaption").textContent, src: img ? img.getAttribute("src").slice(0, 22) : null,
        alt: img ? img.alt : null, top: Math.round(box.top), left: Math.round(box.left) };
    })
  };
  // Focus stays in the open drawer: Tab on its last control goes to its
  // first, Shift+Tab on its first to its last.
  var controls = all("button, a[href], summary, [tabindex]", drawer);
  var last = controls[controls.length - 1];
  last.focus();
  key(last, "Tab");
  r.drawer.tab_wraps_to = document.activeElement.textContent;
  controls[0].dispatchEvent(new KeyboardEvent("keydown", { key: "Tab", shiftKey: true, bubbles: true, cancelable: true }));
  r.drawer.shift_tab_wraps_to_last = document.activeElement === last && last !== controls[0];
  // Images load after this task; the rest of the audit waits for them.
  var images = all("img", drawer);
  Promise.all(images.map(function (img) { return img.decode().then(function () { return img.naturalWidth; }, function () { return 0; }); }))
    .then(function (widths) { r.drawer.image_widths = widths; rest(r, drawer); });
}

function rest(r, drawer) {
  var all = function (sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); };
  // Real tables: column headers on every table, row headers in the heatmap.
  r.tables = all("table").map(function (t) {
    var firstRow = t.querySelector("tbody tr:not(:has(th[scope=rowgroup]))");
    return { cls: t.className, col_headers: t.querySelectorAll("thead th[scope=col]").length,
      columns: firstRow ? firstRow.children.length : 0, row_header: !!(firstRow && firstRow.querySelector("th[scope=row]")) };
  });
  r.landmarks = { main: !!document.querySelector("main#main"), nav: !!document.querySelector("nav[aria-label]"),
    skip: (document.querySelector("a.skip") || {}).hash || null };
  r.contrast = lowContrast();

  // The findings table, sorted by each column in turn.
  r.sorted = {};
  all("table.findings thead th").forEach(function (th, k) {
    th.querySelector("button").click();
    r.sorted[th.textContent] = { aria: th.getAttribute("aria-sort"),
      values: all("table.findings tbody tr").map(function (tr) { return tr.children[k].textContent; }) };
  });
  r.findings_sources = all("table.findings tbody tr").map(function (tr) { return tr.children[0].textContent; })
    .filter(function (s, i, list) { return list.indexOf(s) === i; }).sort();
  r.changes_first = (document.querySelector("#overview table tbody td") || {}).textContent || null;

  // Print: every row is drawn before printing, and the print rules hide
  // the controls and the drawer (applied here by widening their media).
  window.dispatchEvent(new Event("beforeprint"));
  r.print = { rows: all("table.heatmap tbody tr[data-surface]").length, findings: all("table.findings tbody tr").length };
  var printRules = [];
  Array.prototype.forEach.call(document.styleSheets, function (sheet) {
    Array.prototype.forEach.call(sheet.cssRules, function (rule) { if (rule.media && rule.media.mediaText === "print") printRules.push(rule); });
  });
  printRules.forEach(function (rule) { rule.media.mediaText = "all"; });
  r.print.hidden = ["form.filters", "nav.sections", "[role=dialog]", "button.more", "a.skip"].map(function (sel) {
    var el = document.querySelector(sel);
    return [sel, el ? getComputedStyle(el).display : "absent"];
  });
  r.print.rules = printRules.length;
  printRules.forEach(function (rule) { rule.media.mediaText = "print"; });

  // What the page loaded: nothing but itself (and images beside it).
  r.resources = performance.getEntriesByType("resource").map(function (e) { return e.name; });
  r.loads = all("[src], link[href]").map(function (el) { return el.getAttribute("src") || el.getAttribute("href"); })
    .map(function (u) { return u.slice(0, 40); });

  // More drawers: what each shows follows what the surface has.
  r.drawer.others = {};
  ["allocation-detail", "app-artifacts", "maas"].forEach(function (id) {
    var row = document.querySelector("table.heatmap tbody tr[data-surface=" + id + "]");
    row.focus();
    row.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true }));
    r.drawer.others[id] = { sections: all("h3", drawer).map(function (h) { return h.textContent; }),
      routes: all("table:first-of-type tbody tr", drawer).map(function (tr) { return tr.textContent; }),
      chains: all("ol li", drawer).map(function (li) { return li.textContent; }) };
  });

  r.errors = window.__errors;
  var out = document.createElement("pre");
  out.id = "audit-results";
  out.textContent = JSON.stringify(r);
  document.body.appendChild(out);
}

/** Every visible text whose colour is below WCAG AA against its background. */
function lowContrast() {
  function rgb(s) { var m = s.match(/[\d.]+/g).map(Number); return { c: m.slice(0, 3), a: m.length > 3 ? m[3] : 1 }; }
  function lum(c) {
    var v = c.map(function (x) { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
  }
  function background(el) {
    for (; el && el.nodeType === 1; el = el.parentNode) {
      var b = rgb(getComputedStyle(el).backgroundColor);
      if (b.a > 0) return b.c;
    }
    return [255, 255, 255];
  }
  var low = [];
  Array.prototype.forEach.call(document.querySelectorAll("body *"), function (el) {
    var own = Array.prototype.some.call(el.childNodes, function (n) { return n.nodeType === 3 && n.textContent.trim(); });
    if (!own || !el.getClientRects().length || el.closest("script, style, option")) return;
    var s = getComputedStyle(el);
    if (s.visibility !== "visible") return;
    var fg = rgb(s.color).c, bg = background(el);
    var a = lum(fg), b = lum(bg), ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    var size = parseFloat(s.fontSize), large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) low.push(el.tagName + "." + el.className + " '" + el.textContent.trim().slice(0, 20) + "' " + s.color + " on rgb(" + bg + ") " + ratio.toFixed(2));
  });
  return low;
}
