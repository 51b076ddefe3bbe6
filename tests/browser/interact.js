// Injected after the page's own script: once the page is ready (a large
// page inflates its data first), uses the page as a reader would
// (filters, search, keyboard) and writes what it saw into
// <pre id="harness-results"> for the test to read from the dumped DOM.
// Events are synthetic, so handlers run but the browser's default actions
// (a native button's click on Enter) do not: the page handles its keys itself.
(function () {
  if (document.documentElement.getAttribute("data-ready")) run();
  else document.addEventListener("parity:ready", run);
})();

function run() {
  var r = {};
  function rows() {
    return Array.prototype.map.call(document.querySelectorAll("table.heatmap tbody tr[data-surface]"), function (tr) {
      return tr.getAttribute("data-surface");
    });
  }
  function set(id, value, type) {
    var el = document.getElementById(id);
    if (el.type === "checkbox") el.checked = value; else el.value = value;
    el.dispatchEvent(new Event(type, { bubbles: true }));
  }
  function key(target, name) {
    target.dispatchEvent(new KeyboardEvent("keydown", { key: name, bubbles: true, cancelable: true }));
  }
  r.ready = document.documentElement.getAttribute("data-ready");
  r.rows = rows();
  r.cells = document.querySelectorAll("table.heatmap tbody td.cell").length;
  r.cell_symbols = Array.prototype.map.call(document.querySelectorAll("table.heatmap tbody td.cell .sym"), function (s) {
    return s.textContent;
  }).filter(function (s, i, all) { return all.indexOf(s) === i; }).sort();
  r.headers = Array.prototype.map.call(document.querySelectorAll("table.heatmap thead th"), function (th) { return th.textContent; });
  r.initial_hash = window.location.hash;

  set("filter-status", "partial", "change");
  r.status_partial = rows();
  r.hash_after_status = window.location.hash;
  set("filter-status", "", "change");

  set("filter-q", "maas", "input");
  r.search_maas = rows();
  set("filter-problems", true, "change");
  r.search_maas_problems = rows();
  set("filter-problems", false, "change");
  set("filter-q", "", "input");
  r.rows_after_clear = rows().length;

  var first = document.querySelector("table.heatmap tbody tr[data-surface]");
  first.focus();
  key(first, "ArrowDown");
  r.focus_after_arrow = document.activeElement.getAttribute("data-surface");
  key(document.activeElement, "Enter");
  var drawer = document.querySelector("[role=dialog]");
  r.drawer_open = !drawer.hidden;
  r.drawer_title = drawer.querySelector("h2").textContent;
  r.drawer_focus = document.activeElement.textContent;
  r.drawer_sections = Array.prototype.map.call(drawer.querySelectorAll("h3"), function (h) { return h.textContent; });
  r.drawer_text = drawer.textContent;
  r.hash_with_drawer = window.location.hash;
  key(document.activeElement, "Escape");
  r.drawer_closed = drawer.hidden;
  r.focus_after_close = document.activeElement.getAttribute("data-surface");

  var sort = document.querySelector("table.findings thead th:nth-child(2) button");
  sort.click();
  r.findings_sorted = document.querySelector("table.findings thead th:nth-child(2)").getAttribute("aria-sort");
  r.first_finding_severity = document.querySelector("table.findings tbody td:nth-child(2)").textContent;

  r.errors = window.__errors;
  var out = document.createElement("pre");
  out.id = "harness-results";
  out.textContent = JSON.stringify(r);
  document.body.appendChild(out);
}
