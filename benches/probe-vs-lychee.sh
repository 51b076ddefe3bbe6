#!/usr/bin/env bash
# Probe throughput benchmark: parity check vs lychee on the same URL list,
# against the same local nginx, at the same concurrency; wrk gives the
# server's ceiling. See docs/benchmarks.md.
#
#   benches/probe-vs-lychee.sh [URLS] [CONCURRENCY]
#
# Needs nginx and wrk (Debian packages) and lychee 0.24 (cargo install
# lychee --version ^0.24, or LYCHEE=/path/to/lychee). Everything listens on
# 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."

urls=${1:-10000}
concurrency=${2:-128}
lychee=${LYCHEE:-$(command -v lychee || echo /tmp/lychee/bin/lychee)}
work=$(mktemp -d)
chmod 755 "$work" # nginx workers run as another user
trap 'kill $(cat "$work/nginx.pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT

command -v nginx >/dev/null || { echo "nginx is needed: apt-get install nginx" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }
[ -x "$lychee" ] || { echo "lychee is needed: cargo install lychee --version ^0.24" >&2; exit 2; }

cargo build --release --locked --quiet
parity=${CARGO_TARGET_DIR:-target}/release/parity

# A site of $urls pages; any other path is a real 404.
mkdir -p "$work/site/bench"
for ((i = 0; i < urls; i++)); do printf '<html><head><title>page %d</title></head><body>page %d</body></html>\n' "$i" "$i" >"$work/site/bench/p$i.html"; done
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$work/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/error.log;
daemon on;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:$port;
    root $work/site;
    location / { try_files \$uri \$uri.html =404; }
  }
}
CONF
nginx -c "$work/nginx.conf"
sleep 0.5

# The same URL list for both tools: a matrix for parity, a text file for lychee.
mkdir -p "$work/matrix"
cp fixtures/validate/common/document.yaml "$work/matrix/00-document.yaml"
{
  echo "surfaces:"
  for ((i = 0; i < urls; i++)); do printf '  - id: page-%d\n    v1: [/bench/p%d]\n    status: deferred\n' "$i" "$i"; done
} >"$work/matrix/10-pages.yaml"
for ((i = 0; i < urls; i++)); do echo "http://127.0.0.1:$port/bench/p$i"; done >"$work/urls.txt"
cat >"$work/parity.toml" <<TOML
[deployments.v1]
base_url = "http://127.0.0.1:$port"
role = "v1"
[probe]
concurrency = $concurrency
per_host_concurrency = $concurrency
retries = 0
TOML

measure() { # name, command...
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/$name.out" 2>"$work/$name.err" || true
  if ! read -r seconds kib < <(tail -n 1 "$work/time") || [ -z "${kib:-}" ]; then
    echo "$name failed:" >&2; tail -n 5 "$work/$name.err" >&2; return
  fi
  printf '%-8s %8.2f s %10.0f URLs/s %8.1f MiB peak RSS\n' "$name" "$seconds" "$(echo "$urls / $seconds" | bc -l)" "$(echo "$kib / 1024" | bc -l)"
}

echo "$urls URLs on nginx at 127.0.0.1:$port, concurrency $concurrency"
measure parity "$parity" check --config "$work/parity.toml" --format json --output "$work/report.json" "$work/matrix"
# lychee limits one host to 10 requests at once, 50 ms apart, by default: lift
# both so that the two tools run at the same concurrency.
measure lychee "$lychee" --no-progress --max-concurrency "$concurrency" --host-concurrency "$concurrency" \
  --host-request-interval 0ms --max-retries 0 "$work/urls.txt"
python3 - "$work/report.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
print("parity verdicts:", report["summary"]["verdicts"])
PY
grep -E "Total|OK|Errors" "$work/lychee.out" | tail -n 1 | sed 's/^/lychee   /' || true
wrk -t2 -c"$concurrency" -d5s "http://127.0.0.1:$port/bench/p1" | awk '/Requests\/sec/ {print "wrk      " $2 " requests/s (the server'"'"'s ceiling)"}'
