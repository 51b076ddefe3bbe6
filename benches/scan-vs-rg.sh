#!/usr/bin/env bash
# Route discovery benchmark: `parity scan` vs `rg --files` (the walk alone)
# over the same generated tree, in the same run. See docs/benchmarks.md.
#
#   benches/scan-vs-rg.sh [FILES] [RUNS]
#
# Generates a monorepo of FILES files (default 100,000) in a temporary
# directory (removed at the end): a Next.js app router app, a SvelteKit app,
# a flat-routes app, an Express API whose routers are mounted from one app
# file (routes in code: every file lexed) and an OpenAPI document, with the rest plain TypeScript
# packages, their tests and a gitignored build folder. Needs ripgrep
# (apt-get install ripgrep) and python3. Times are the median of RUNS
# (default 7) warm runs.
set -euo pipefail
cd "$(dirname "$0")/.."

files=${1:-100000}
runs=${2:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

command -v rg >/dev/null || { echo "ripgrep is needed: apt-get install ripgrep" >&2; exit 2; }
cargo build --release --locked --quiet --bin parity
parity=$PWD/target/release/parity

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
