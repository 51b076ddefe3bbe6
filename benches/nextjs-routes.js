// The routes Next.js computes for an app directory, with Next.js's own
// helpers: which files are routes (page/route modules and metadata files,
// private folders skipped) and their URL (normalizeMetadataRoute then
// normalizeAppPath, which drop groups, slots and the page/route segment).
// Interception routes are left out: they define no URL of their own.
// With `--pages`, the routes of a pages directory: every file whose
// extension is one of the page extensions (the default four, or those
// given), named by Next.js's `absolutePathToPage` (`index` dropped), less
// what Next.js serves itself (`/_app`, `/_document`, `/_error`, `/404`,
// `/500`), API routes included.
// Usage, with the `next` package installed from npm (no `next build` needed):
//   npm install --prefix /tmp/next next@15
//   NODE_PATH=/tmp/next/node_modules node benches/nextjs-routes.js APP_DIR
//   NODE_PATH=/tmp/next/node_modules node benches/nextjs-routes.js --pages PAGES_DIR [EXT,...]
// prints one URL a line in parity's route syntax; docs/scan.md compares it
// with `parity scan`.
const fs = require("fs");
const path = require("path");
const { normalizeAppPath } = require("next/dist/shared/lib/router/utils/app-paths");
const { normalizeMetadataRoute, normalizeMetadataPageToRoute } = require("next/dist/lib/metadata/get-metadata-route");
const { isMetadataRouteFile } = require("next/dist/lib/metadata/is-metadata-route");
const { isInterceptionRouteAppPath } = require("next/dist/shared/lib/router/utils/interception-routes");

const exts = ["tsx", "ts", "jsx", "js"];
const appDir = process.argv[2];
const out = new Set();
// `[x]`, `[...x]`, `[[...x]]` as `{x}`, `{*x}`, `{*x?}`, names made valid.
const canonical = (url) =>
  url
    .replace(/\[\[\.\.\.([^\]]+)\]\]/g, "{*$1?}")
    .replace(/\[\.\.\.([^\]]+)\]/g, "{*$1}")
    .replace(/\[([^\]]+)\]/g, "{$1}")
    .replace(/\{(\*?)([^}?]+)(\??)\}/g, (_, s, n, q) => `{${s}${n.replace(/[^A-Za-z0-9_]/g, "_")}${q}}`);
function walk(dir, rel) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const r = rel + "/" + entry.name;
    if (entry.isDirectory()) {
      if (entry.name.startsWith("_")) continue; // private folder
      walk(path.join(dir, entry.name), r);
      continue;
    }
    const m = entry.name.match(/^(page|route)\.(\w+)$/);
    let page;
    if (m && exts.includes(m[2])) page = rel + "/" + m[1];
    else if (isMetadataRouteFile(r, exts, true)) {
      const noExt = exts.some((e) => r.endsWith("." + e)) ? r.replace(/\.\w+$/, "") : r;
      page = normalizeMetadataRoute(noExt);
      let text = exts.some((e) => r.endsWith("." + e)) ? fs.readFileSync(path.join(dir, entry.name), "utf8") : "";
      page = page.replace(/\/route$/, "");
      if (/(^|\/)sitemap$/.test(page)) page += text.includes("generateSitemaps") ? "/[id].xml" : ".xml";
      else if (text.includes("generateImageMetadata")) page += "/[id]";
      page += "/route";
    } else continue;
    if (isInterceptionRouteAppPath(page)) continue;
    const url = canonical(normalizeAppPath(page) || "/");
    out.add(url.replace(/%5F/g, "_"));
  }
}
function walkPages(dir, pageExts) {
  const { absolutePathToPage } = require("next/dist/shared/lib/page-path/absolute-path-to-page");
  const own = new Set(["/_app", "/_document", "/_error", "/404", "/500"]);
  const visit = (d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (pageExts.some((e) => entry.name.endsWith("." + e))) {
        const page = absolutePathToPage(full, { extensions: pageExts, keepIndex: false, dir });
        if (!own.has(page)) out.add(canonical(page));
      }
    }
  };
  visit(dir);
}
if (appDir === "--pages") walkPages(path.resolve(process.argv[3]), process.argv[4] ? process.argv[4].split(",") : exts);
else walk(appDir, "");
console.log([...out].sort().join("\n"));
