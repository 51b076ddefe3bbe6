// Astro's own route list for an Astro app, to compare with `parity scan`.
//
// Run (Node 20, packages from the npm registry):
//   npm install --prefix /tmp/astro-ref astro@5 && \
//   NODE_PATH=/tmp/astro-ref/node_modules node benches/astro-routes.mjs APP_DIR > astro.txt
// Prints one `METHOD PATH` a line, in parity's route syntax (`[id]` is
// `{id}`, a standalone `[...slug]` `{*slug?}`).
//
// The app's astro.config is not loaded (it imports integrations that are not
// installed here): its literal `base`, `srcDir` and `redirects` are passed
// as BASE, SRC_DIR and REDIRECTS (JSON) when it has them. Astro itself then
// lists the routes: `createRoutesList` (the route manifest `astro build` and
// `astro dev` use) with the page extensions of the MDX and Markdoc
// integrations added; only the project's routes (`origin: "project"`, and
// the redirects) are printed, not Astro's own (`/_image`, server islands).
// A page answers GET; an endpoint answers the HTTP methods its module
// exports, read the way Astro's runtime sees them (`mod[method] ?? mod.ALL`):
// the module is compiled with esbuild and its exports listed by
// es-module-lexer; `ALL` is `*`. A redirect answers any method (`*`).
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

const modules = resolve(process.env.NODE_PATH)
const load = (file) => import(pathToFileURL(join(modules, file)).href)
const app = resolve(process.argv[2])
const { validateConfig } = await load('astro/dist/core/config/validate.js')
const { createSettings } = await load('astro/dist/core/config/settings.js')
const { createRoutesList } = await load('astro/dist/core/routing/manifest/create.js')
const { transformSync } = await load('esbuild/lib/main.js')
const lexer = await load('es-module-lexer/dist/lexer.js')
await lexer.init

const user = { root: app, base: process.env.BASE ?? '/', redirects: JSON.parse(process.env.REDIRECTS ?? '{}') }
if (process.env.SRC_DIR) user.srcDir = process.env.SRC_DIR
const config = await validateConfig(user, app, 'build')
const settings = await createSettings(config, app)
settings.pageExtensions.push('.mdx', '.mdoc')
const logger = { warn() {}, info() {}, debug() {}, error: console.error, options: { level: 'error' } }
const { routes } = await createRoutesList({ settings, cwd: app }, logger)

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE']
const syntax = (segments) =>
  '/' +
  segments
    .map((parts) =>
      parts
        .map((p) => (!p.dynamic ? p.content : p.spread ? `{*${p.content.slice(3)}${parts.length === 1 ? '?' : ''}}` : `{${p.content}}`))
        .join(''),
    )
    .join('/')
const base = config.base.replace(/\/$/, '')
const out = new Set()
for (const route of routes) {
  if (route.origin !== 'project' && route.type !== 'redirect') continue
  const path = `${base}${syntax(route.segments)}`.replace(/(.)\/$/, '$1') || '/'
  let methods = ['GET']
  if (route.type === 'redirect') methods = ['*']
  if (route.type === 'endpoint') {
    const source = readFileSync(join(app, route.component), 'utf8')
    const code = transformSync(source, { loader: route.component.endsWith('.ts') ? 'ts' : 'js', format: 'esm' }).code
    const names = lexer.parse(code)[1].map((e) => e.n)
    methods = names.includes('ALL') ? ['*'] : METHODS.filter((m) => names.includes(m))
  }
  for (const method of methods) out.add(`${method} ${path}`)
}
for (const line of [...out].sort()) console.log(line)
