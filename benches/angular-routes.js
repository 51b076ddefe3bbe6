// The URLs an Angular app's route config serves, from the config itself:
// the routes module is bundled with esbuild (every import that is not a
// routes module, components, services, guards and packages, becomes a stub),
// evaluated with node, and every `loadChildren` is called and awaited, so
// lazy route files are read as the router loads them. The tree is then
// flattened with the recognizer's rules: a child path is relative to its
// parent, `''` adds nothing, a route with children is served itself too (no
// leftover segments), `**` is a catch-all. Usage:
//   npm install --prefix /tmp/ng esbuild
//   NODE_PATH=/tmp/ng/node_modules node benches/angular-routes.js ROUTES_FILE [EXPORT]
// (EXPORT defaults to `routes`, then `default`) prints one URL a line in
// parity's route syntax.
const path = require("path");
const esbuild = require("esbuild");

const entry = path.resolve(process.argv[2]);
const stub = {
  name: "stub",
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === "entry-point") return;
      const routes = args.path.startsWith(".") && /routes?$/.test(args.path);
      return routes ? undefined : { path: args.path, namespace: "stub" };
    });
    build.onLoad({ filter: /.*/, namespace: "stub" }, () => ({
      contents: "const s = new Proxy(function () {}, { get: (_, k) => (k === '__esModule' ? false : s) }); module.exports = s;",
      loader: "js",
    }));
  },
};
const load = (code) => {
  const module = { exports: {} };
  new Function("module", "exports", "require", code)(module, module.exports, require);
  return module.exports;
};
const canonical = (url) =>
  url.replace(/\/:([A-Za-z0-9_]+)/g, "/{$1}").replace(/\/\*\*$/, "/{*splat}");
async function walk(routes, parent, out) {
  for (const route of routes) {
    const full = route.path ? `${parent.replace(/\/$/, "")}/${route.path}` : parent;
    if (route.path !== undefined || !route.children) out.add(canonical(full || "/"));
    let children = route.children;
    if (!children && route.loadChildren) {
      const loaded = await route.loadChildren();
      children = Array.isArray(loaded) ? loaded : loaded.default || loaded.routes;
    }
    if (children) await walk(children, full || "/", out);
  }
}
esbuild
  .build({ entryPoints: [entry], bundle: true, write: false, format: "cjs", platform: "node", plugins: [stub], logLevel: "error", splitting: false })
  .then(async (result) => {
    const exports = load(result.outputFiles[0].text);
    const name = process.argv[3] || ("routes" in exports ? "routes" : "default");
    const out = new Set();
    await walk(exports[name], "", out);
    console.log([...out].sort().join("\n"));
  });
