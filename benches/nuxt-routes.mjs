// Nuxt's own route list for a Nuxt 3/4 app, to compare with `parity scan`.
//
// Run (Node 20, packages from the npm registry):
//   npm install --prefix /tmp/nuxt-ref nuxt@4 && \
//   NODE_PATH=/tmp/nuxt-ref/node_modules node benches/nuxt-routes.mjs APP_DIR > nuxt.txt
// Prints one `METHOD PATH` a line, in parity's route syntax: every page route (children flattened to
// their full path, and each `alias`) as GET, and each server handler Nitro
// scans (`server/api`, `server/routes`; `*` without a method suffix).
//
// The app's own nuxt.config is not loaded: it imports the app's modules,
// which are not installed here. Instead a throw-away project links the app's
// pages folder (`app/pages` or `pages`) and `server/` folder and has an empty
// config (pass SRC_DIR / PAGES_DIR / BASE_URL to reproduce literal config
// values), then Nuxt itself runs: `loadNuxt` + `buildNuxt` in `_prepare` mode
// (what `nuxi prepare` does: templates, no bundling) resolves the pages with
// Nuxt's page scanner (`pages:resolved`, after `definePageMeta` is read),
// and nitropack's `scanHandlers`, on a Nitro made with Nuxt's `ignore`
// and the server folder, lists the handlers. Routes that modules add
// at build time (`pages:extend`) are not in this list.
import { mkdtempSync, symlinkSync, writeFileSync, existsSync, mkdirSync, readdirSync, realpathSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const modules = resolve(process.env.NODE_PATH)
const load = (file) => import(pathToFileURL(join(modules, file)).href)
const app = realpathSync(resolve(process.argv[2]))
const src = process.env.SRC_DIR ?? (existsSync(join(app, 'app/pages')) ? 'app' : '.')
const pagesDir = process.env.PAGES_DIR ?? 'pages'
const work = mkdtempSync(join(tmpdir(), 'nuxt-ref-'))
mkdirSync(join(work, 'app'), { recursive: true })
symlinkSync(join(app, src, pagesDir), join(work, 'app/pages'))
const server = [join(app, 'server'), join(app, src, 'server')].find(existsSync)
if (server) symlinkSync(server, join(work, 'server'))
symlinkSync(modules, join(work, 'node_modules'))
// Layers Nuxt registers by itself (`layers/*`), linked the same way, each
// with an empty config.
const layers = join(app, 'layers')
for (const name of existsSync(layers) ? readdirSync(layers) : []) {
  const layer = join(layers, name)
  const into = join(work, 'layers', name)
  mkdirSync(join(into, 'app'), { recursive: true })
  writeFileSync(join(into, 'nuxt.config.mjs'), 'export default {}\n')
  const pages = [join(layer, 'app/pages'), join(layer, 'pages')].find(existsSync)
  if (pages) symlinkSync(pages, join(into, 'app/pages'))
  if (existsSync(join(layer, 'server'))) symlinkSync(join(layer, 'server'), join(into, 'server'))
}
writeFileSync(join(work, 'app/app.vue'), '<template><NuxtPage /></template>\n')
writeFileSync(join(work, 'nuxt.config.mjs'), `export default { app: { baseURL: ${JSON.stringify(process.env.BASE_URL ?? '/')} } }\n`)

const { loadNuxt, build: buildNuxt } = await load('nuxt/dist/index.mjs')
const { createNitro, scanHandlers } = await load('nitropack/dist/core/index.mjs')
const nuxt = await loadNuxt({ cwd: work, dev: false, overrides: { _prepare: true, modules: [], telemetry: false } })
const out = new Set()
const base = (nuxt.options.app.baseURL || '/').replace(/\/$/, '')
// Written in parity's route syntax: Vue Router's `:id()` is `{id}`, `:id?`
// `{id?}`, `:slug(.*)*` `{*slug?}`, `:slug(.*)+` `{*slug}`; Nitro's `:id` is
// `{id}`, `**:slug` `{*slug}`, `**` `{*splat}`.
const syntax = (path) =>
  path
    .replace(/\*\*:(\w+)/g, '{*$1}')
    .replace(/\*\*/g, '{*splat}')
    .replace(/:(\w+)(\([^)]*\))?([?*+]?)/g, (_, name, regex, mod) =>
      mod === '*' ? `{*${name}?}` : mod === '+' || (regex ?? '').includes('.*') ? `{*${name}}` : `{${name}${mod}}`)
const add = (method, path) => out.add(`${method} ${syntax(`${base}${path === '/' && base ? '' : path}`)}`)
nuxt.hook('pages:resolved', (pages) => {
  const walk = (routes, parent) => {
    for (const route of routes) {
      const full = route.path.startsWith('/') ? route.path : `${parent.replace(/\/$/, '')}/${route.path}`
      add('GET', full === '' ? '/' : full.replace(/(.)\/$/, '$1'))
      for (const alias of [route.alias ?? []].flat()) add('GET', alias.startsWith('/') ? alias : `${parent}/${alias}`)
      walk(route.children ?? [], full)
    }
  }
  walk(pages, '')
})
await buildNuxt(nuxt)
// Nitro as Nuxt configures it: every layer's server folder scanned, Nuxt's `ignore`.
const scanDirs = nuxt.options._layers.map((layer) => join(layer.config.rootDir, 'server'))
const nitro = await createNitro({ rootDir: work, srcDir: join(work, 'server'), scanDirs, ignore: nuxt.options.ignore, dev: false, compatibilityDate: '2025-07-15' })
for (const h of await scanHandlers(nitro)) {
  if (h.env === 'dev') continue
  add((h.method ?? '*').toUpperCase(), h.route)
}
await nitro.close()
await nuxt.close()
for (const line of [...out].sort()) console.log(line)
