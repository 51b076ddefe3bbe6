#!/usr/bin/env python3
"""What PHP's built-in server serves for every PHP file of a plain PHP site.

Run (Debian: apt-get install php-cli):
  python3 benches/php-builtin-server.py DOCROOT > served.txt
  parity scan DOCROOT --framework php --format json > scan.json
  python3 benches/routes-vs-reference.py scan.json <(grep ' page$' served.txt | cut -d' ' -f1,2) \
      --framework php --params exact --keep-slash --any-method expand --count-unresolved --show

Starts `php -S 127.0.0.1:PORT -t DOCROOT` (a free loopback port), requests
with GET every `*.php` file under DOCROOT (not under vendor/ or hidden
folders) and every folder holding an `index.php`, and prints one line per
URL: `GET /path STATUS BYTES page|empty|error`. A URL is a page when the
server answers 2xx with a body, or a redirect (3xx); `empty` is a 2xx with
no body (a file that only declares, or an include's guard), `error` any
other status (a file that fails when requested on its own).

Every file is run: on a repository whose command-line tools write files
when run (adminer's compile.php and lang.php), use a throwaway clone and
`git checkout . && git clean -fdX` it after. Why a file fails is in the
server's error log (stderr, discarded here: run `php -S` by hand to read it).
"""
import http.client
import os
import socket
import subprocess
import sys
import time
import urllib.parse


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def urls(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "vendor")
        rel = os.path.relpath(dirpath, root)
        base = "" if rel == "." else "/" + rel.replace(os.sep, "/")
        for name in sorted(filenames):
            if name.endswith(".php"):
                yield f"{base}/{name}"
        if "index.php" in filenames:
            yield base or "/"


def main():
    root = sys.argv[1]
    port = free_port()
    server = subprocess.Popen(
        ["php", "-S", f"127.0.0.1:{port}", "-t", root],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(0.5)
        for path in urls(root):
            quoted = urllib.parse.quote(path, safe="/-._~!$&'()*+,;=@")
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
            conn.request("GET", quoted)
            response = conn.getresponse()
            body = response.read()
            conn.close()
            status = response.status
            kind = "page" if (200 <= status < 300 and body.strip()) or 300 <= status < 400 else (
                "empty" if 200 <= status < 300 else "error")
            print("GET", quoted if quoted == "/" else quoted.rstrip("/"), status, len(body), kind, flush=True)
    finally:
        server.terminate()
        server.wait()


main()
