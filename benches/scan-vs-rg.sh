#!/usr/bin/env bash
# Route discovery benchmark: `parity scan` vs `rg --files` (the walk alone)
# over the same generated tree, in the same run. See docs/benchmarks.md.
#
#   benches/scan-vs-rg.sh [FILES] [RUNS] [SHAPE]
#
# SHAPE `synthetic` (the default) generates a monorepo of FILES files
# (default 100,000) in a temporary directory (removed at the end): a
# Next.js app router app, a SvelteKit app,
# a flat-routes app, an Express API whose routers are mounted from one app
# file (routes in code: every file lexed) and an OpenAPI document, with the rest plain TypeScript
# packages, their tests and a gitignored build folder. Needs ripgrep
# (apt-get install ripgrep) and python3. Times are the median of RUNS
# (default 7) warm runs.
#
# SHAPE `monorepo` generates the shape of a real pnpm/turbo monorepo
# (modelled on a public Next.js SaaS app of 4,409 files): FILES tracked
# files (use 4450), one Next.js app router app holding most of them
# (~700 page and route modules in route groups and dynamic folders, route
# handlers re-exporting others with `export * from`, a tsconfig with
# aliases, metadata files, a next.config with redirects, components and
# lib code), ten packages each with its own package.json and tsconfig, and
# what a checkout holds but git ignores: node_modules in the root and every
# package (listed in .gitignore, three times as many files as are tracked),
# and .next/ and dist/ build output.
set -euo pipefail
cd "$(dirname "$0")/.."

files=${1:-100000}
runs=${2:-7}
shape=${3:-synthetic}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

command -v rg >/dev/null || { echo "ripgrep is needed: apt-get install ripgrep" >&2; exit 2; }
cargo build --release --locked --quiet --bin parity
parity=${CARGO_TARGET_DIR:-$PWD/target}/release/parity

if [[ $shape == monorepo ]]; then
python3 - "$work/tree" "$files" <<'PY'
import json, os, sys
root, total = sys.argv[1], int(sys.argv[2])
count = 0
def write(path, text="export const x = 1;\n", tracked=True):
    global count
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(text)
    count += tracked
write("package.json", json.dumps({"name": "mono", "private": True, "devDependencies": {"turbo": "1"}}))
write("pnpm-workspace.yaml", "packages:\n  - apps/*\n  - packages/*\n")
write(".gitignore", "node_modules/\n.next/\ndist/\n.env\n")
write("apps/web/package.json", json.dumps({"name": "web", "dependencies": {"next": "15.5.0", "react": "19"}}))
write("apps/web/tsconfig.json", '{\n  // aliases\n  "compilerOptions": { "baseUrl": ".", "paths": { "@/lib/*": ["lib/*"] } },\n}\n')
write("apps/web/next.config.js", "module.exports = { async redirects() { return [\n" + "".join(
    f"  {{ source: '/old{i}', destination: '/new{i}', permanent: true }},\n" for i in range(20)) + "]; } };\n")
for name in ["robots.ts", "sitemap.ts", "manifest.ts"]:
    write(f"apps/web/app/{name}", "export default function m() { return {}; }\n")
pages = routes = 0
for i in range(350):
    group = ["(dashboard)", "(auth)", "(marketing)", "(ee)"][i % 4]
    write(f"apps/web/app/{group}/[slug]/s{i % 40}/p{i}/page.tsx", "export default function P() { return null; }\n")
    write(f"apps/web/app/{group}/[slug]/s{i % 40}/p{i}/page-client.tsx", "'use client';\nexport function C() {}\n")
    write(f"apps/web/app/{group}/[slug]/s{i % 40}/p{i}/layout.tsx", "export default function L({ children }) { return children; }\n")
for i in range(330):
    write(f"apps/web/app/api/r{i % 60}/[id]/h{i}/route.ts",
          "export async function GET() {}\nexport async function POST() {}\n")
for i in range(20):
    write(f"apps/web/app/api/(old)/v{i}/route.ts", f'export * from "@/lib/api/h{i}";\n')
    write(f"apps/web/lib/api/h{i}.ts", "export async function GET() {}\nexport const DELETE = () => null;\n")
i = 0
while count < total * 0.6:
    write(f"apps/web/{['ui', 'lib', 'components'][i % 3]}/d{i % 30}/m{i}.tsx")
    i += 1
packages = ["ui", "utils", "email", "cli", "embeds", "tinybird", "prisma", "tailwind-config", "tsconfig", "stripe-app"]
for name in packages:
    write(f"packages/{name}/package.json", json.dumps({"name": f"@mono/{name}", "dependencies": {"react": "19"}}))
    write(f"packages/{name}/tsconfig.json", '{ "extends": "../tsconfig/base.json" }\n')
i = 0
while count < total:
    write(f"packages/{packages[i % len(packages)]}/src/d{i % 20}/m{i}.ts")
    i += 1
# Ignored: dependencies, a build, package builds.
ignored = 30 * total // 100 * 10
for j in range(ignored):
    where = ["node_modules"] + [f"packages/{p}/node_modules" for p in packages] + ["apps/web/node_modules"]
    write(f"{where[j % len(where)]}/pkg{j % 300}/lib/f{j}.js", "module.exports = 1;\n", tracked=False)
for j in range(total // 4):
    write(f"apps/web/.next/server/app/c{j}.js", "x\n", tracked=False)
    write(f"packages/{packages[j % len(packages)]}/dist/c{j}.js", "x\n", tracked=False)
print(f"generated {count} tracked files (+{ignored + total // 2} ignored)", file=sys.stderr)
PY
else
python3 - "$work/tree" "$files" <<'PY'
import json, os, sys
root, total = sys.argv[1], int(sys.argv[2])
count = 0
def write(path, text="export const x = 1;\n"):
    global count
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(text)
    count += 1
write("package.json", json.dumps({"name": "mono", "private": True}))
write(".gitignore", "dist/\n")
write("apps/web/package.json", json.dumps({"dependencies": {"next": "15"}}))
write("apps/kit/package.json", json.dumps({"devDependencies": {"@sveltejs/kit": "2"}}))
write("apps/remix/package.json", json.dumps({"devDependencies": {"@remix-run/dev": "2"}}))
write("apps/api/package.json", json.dumps({"dependencies": {"express": "5"}}))
paths = {f"/r{i}/{{id}}": {"get": {}, "post": {}} for i in range(500)}
write("services/api/openapi.json", json.dumps({"openapi": "3.0.0", "servers": [{"url": "/api"}], "paths": paths}))
# Routes: about 10% of the files.
routes = total // 10
for i in range(routes // 4):
    write(f"apps/web/app/(shop)/s{i % 50}/p{i}/[id]/page.tsx", "export default function P() {}\n")
    write(f"apps/web/app/api/a{i}/route.ts", "export async function GET() {}\nexport async function POST() {}\n")
for i in range(routes // 4):
    write(f"apps/kit/src/routes/k{i % 40}/[slug]/p{i}/+page.svelte", "<h1>p</h1>\n")
for i in range(routes // 4):
    write(f"apps/remix/app/routes/f{i % 30}.$id.p{i}.tsx", "export default function R() {}\n")
routers = routes // 8
for i in range(routers):
    write(f"apps/api/src/routes/r{i}.ts", "import { Router } from 'express';\nconst router = Router();\n"
          f"router.get('/items{i}/:id', (req, res) => res.json({{}}));\nrouter.post('/items{i}', (req, res) => res.end());\n"
          "export default router;\n")
imports = "".join(f"import r{i} from './routes/r{i}';\n" for i in range(routers))
mounts = "".join(f"app.use('/api/v{i % 3}', r{i});\n" for i in range(routers))
write("apps/api/src/app.ts", "import express from 'express';\n" + imports + "const app = express();\n" + mounts)
# The rest: packages with sources and tests, and a gitignored build output.
i = 0
while count < total:
    pkg, mod = i % 200, i
    write(f"packages/p{pkg}/src/m{mod}.ts")
    if count < total:
        write(f"packages/p{pkg}/test/m{mod}.test.ts", "test('x', () => {});\n")
    i += 1
for j in range(2000):
    os.makedirs(os.path.join(root, "apps/web/dist"), exist_ok=True)
    with open(os.path.join(root, f"apps/web/dist/chunk{j}.js"), "w") as f:
        f.write("x\n")
print(f"generated {count} files (+2000 gitignored)", file=sys.stderr)
PY
fi
git -C "$work/tree" init -q # rg honours .gitignore only in a git repository

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
time_ms() { # command... → milliseconds of one run
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null
    end=$(date +%s%N)
    echo $(((end - start) / 1000000))
}
bench() { # command... → the median milliseconds of $runs warm runs
    "$@" >/dev/null # warm the cache
    for ((r = 0; r < runs; r++)); do time_ms "$@"; done | median
}

cd "$work/tree"
echo "tree: $(rg --files | wc -l) files rg lists; $("$parity" scan . --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["routes"])') routes parity finds"
rg_ms=$(bench rg --files)
scan_ms=$(bench "$parity" scan . --format json)
echo "rg --files: ${rg_ms} ms; parity scan: ${scan_ms} ms; ratio $(python3 -c "print(round($scan_ms / max($rg_ms, 1), 2))")"
