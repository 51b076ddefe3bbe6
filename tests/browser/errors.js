// Injected before the page's own script: records every console error and
// uncaught exception, so the test can assert there were none.
window.__errors = [];
(function () {
  var original = console.error;
  console.error = function () {
    window.__errors.push(Array.prototype.map.call(arguments, String).join(" "));
    return original.apply(console, arguments);
  };
  window.addEventListener("error", function (e) { window.__errors.push("uncaught: " + e.message); });
  window.addEventListener("unhandledrejection", function (e) { window.__errors.push("unhandled: " + e.reason); });
})();
