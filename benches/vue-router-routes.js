// The routes Vue Router computes from an app's route records, with Vue
// Router's own matcher: the router module is bundled with esbuild (every
// import outside the router's folder, components and layouts, becomes an
// empty stub; `vue` and `vue-router` are the real packages), every exported
// array of route records and the default export's records are handed to
// the router (`new VueRouter({ routes })` for Vue Router 3,
// `createRouter({ history: createMemoryHistory(), routes })` for 4), and
// `router.getRoutes()` lists every record at its full path: nested paths
// joined as Vue Router joins them.
// Usage:
//   npm install --prefix /tmp/vr esbuild vue@2 vue-router@3   (or vue@3 vue-router@4)
//   NODE_PATH=/tmp/vr/node_modules node benches/vue-router-routes.js ROUTER_FILE
// prints one path a line in parity's route syntax (`:id` `{id}`, `:id?`
// `{id?}`, `:x(.*)` `{*x}`, `*` and `:x(.*)*` `{*x?}`); docs/scan.md
// compares it with `parity scan`.
const path = require("path");
const esbuild = require("esbuild");

const entry = path.resolve(process.argv[2]);
const folder = path.dirname(entry);
const stub = {
  name: "stub",
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (/^vue(-router)?$/.test(args.path)) return { external: true };
      if (args.kind === "entry-point") return;
      const inside = args.path.startsWith(".") && path.resolve(args.resolveDir, args.path).startsWith(folder);
      return inside ? undefined : { path: args.path, namespace: "stub" };
    });
    build.onLoad({ filter: /.*/, namespace: "stub" }, () => ({ contents: "export default {}", loader: "js" }));
  },
};
esbuild
  .build({ entryPoints: [entry], bundle: true, write: false, format: "cjs", platform: "node", plugins: [stub], logLevel: "error", resolveExtensions: [".ts", ".js", ".mjs", ".vue"] })
  .then((result) => {
    const module = { exports: {} };
    new Function("module", "exports", "require", result.outputFiles[0].text)(module, module.exports, require);
    const routes = [];
    const seen = new Set();
    const add = (records) => records.forEach((r) => seen.has(r) || (seen.add(r), routes.push(r)));
    for (const value of Object.values(module.exports)) {
      if (Array.isArray(value) && value.every((r) => r && typeof r.path === "string")) add(value);
      else if (value && value.options && Array.isArray(value.options.routes)) add(value.options.routes);
    }
    const VueRouter = require("vue-router");
    const router = VueRouter.createRouter
      ? VueRouter.createRouter({ history: VueRouter.createMemoryHistory(), routes })
      : new (VueRouter.default || VueRouter)({ mode: "abstract", routes });
    const paths = new Set(
      router.getRoutes().map((r) =>
        (r.path || "/")
          .replace(/\/\*$/, "/:pathMatch(.*)*")
          .replace(/^\*$/, "/:pathMatch(.*)*")
          .replace(/:(\w+)\(\.\*\)\*/g, "{*$1?}")
          .replace(/:(\w+)\(\.\*\)/g, "{*$1}")
          .replace(/:(\w+)(\([^)]*\))?\?/g, "{$1?}")
          .replace(/:(\w+)(\([^)]*\))?/g, "{$1}"),
      ),
    );
    console.log([...paths].sort().join("\n"));
  });
