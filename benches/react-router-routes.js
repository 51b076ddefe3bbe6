// The URLs of an app's React Router route objects (`createBrowserRouter`,
// `createHashRouter`, `createMemoryRouter`), with React Router's own
// matcher: the module that creates the router is bundled with esbuild
// (JSX compiled; every other import a stub, `react-router-dom` a stub whose
// router calls record their routes), evaluated with node, and the routes
// flattened as React Router nests them (a child path is joined to its
// parent's unless absolute, an index route is its parent's path, a route
// without a path adds nothing). Each flattened path is then filled in and
// handed to `matchRoutes` of the `react-router` package: only paths whose
// deepest match is that same route are printed. Usage:
//   npm install --prefix /tmp/rr esbuild react-router@6
//   NODE_PATH=/tmp/rr/node_modules node benches/react-router-routes.js ROUTER_MODULE
// prints one path a line in parity's route syntax.
const path = require("path");
const esbuild = require("esbuild");
const { matchRoutes } = require("react-router");

const recorded = [];
globalThis.__recordRoutes = (routes) => (recorded.push(routes), globalThis.__stub);
const stubSource =
  "const s = new Proxy(function () {}, { get: (_, k) => (k === '__esModule' ? false : k === Symbol.toPrimitive ? () => '' : s), apply: () => s, construct: () => s });" +
  "globalThis.__stub = s; module.exports = s;";
const routerSource =
  "const r = globalThis.__recordRoutes, s = require('stub:x');" +
  "module.exports = { createBrowserRouter: r, createHashRouter: r, createMemoryRouter: r, RouterProvider: s, Navigate: s, Outlet: s, Link: s };";
const plugin = {
  name: "stub",
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === "entry-point") return;
      if (/^react-router(-dom)?$/.test(args.path)) return { path: "router", namespace: "router" };
      return { path: args.path, namespace: "stub" };
    });
    build.onLoad({ filter: /.*/, namespace: "stub" }, () => ({ contents: stubSource, loader: "js" }));
    build.onLoad({ filter: /.*/, namespace: "router" }, () => ({ contents: routerSource, loader: "js" }));
  },
};
esbuild
  .build({
    entryPoints: [path.resolve(process.argv[2])],
    bundle: true,
    write: false,
    format: "cjs",
    platform: "node",
    plugins: [plugin],
    logLevel: "error",
    define: { "import.meta.env": "{}" },
    loader: { ".js": "jsx" },
  })
  .then((result) => {
    const stub = new Proxy(function () {}, { get: () => stub, apply: () => stub });
    globalThis.document = globalThis.window = stub;
    const module = { exports: {} };
    new Function("module", "exports", "require", result.outputFiles[0].text)(module, module.exports, (id) =>
      id === "stub:x" ? globalThis.__stub : require(id),
    );
    const out = new Set();
    for (const routes of recorded) {
      const flat = [];
      const walk = (list, parent) => {
        for (const route of list) {
          const full =
            route.path === undefined ? parent : route.path.startsWith("/") ? route.path : `${parent.replace(/\/$/, "")}/${route.path}`;
          if (route.path !== undefined || route.index) flat.push([full || "/", route]);
          if (route.children) walk(route.children, full);
        }
      };
      walk(routes, "");
      for (const [pattern, route] of flat) {
        const url = pattern.replace(/:(\w+)\??/g, "x$1").replace(/\*$/, "a/b");
        const matches = matchRoutes(routes, url) || [];
        const deepest = matches.length && matches[matches.length - 1].route;
        const same = deepest === route || (route.children || []).some((c) => c.index && c === deepest);
        if (same) out.add(pattern.replace(/:(\w+)\?/g, "{$1?}").replace(/:(\w+)/g, "{$1}").replace(/\/\*$/, "/{*splat}"));
        else console.error(`not matched by matchRoutes: ${pattern}`);
      }
    }
    console.log([...out].sort().join("\n"));
  });
