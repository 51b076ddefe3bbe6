#!/usr/bin/env python3
"""Recall and precision of `parity scan` against a framework's own route list.

Run: parity scan APP --format json > scan.json
     python3 benches/compare-routes.py REFERENCE.txt scan.json FRAMEWORK
REFERENCE.txt holds one `METHOD PATH` a line in parity's route syntax (as
benches/nuxt-routes.mjs and benches/astro-routes.mjs print them). Pairs are
compared exactly, except parameter names (`{id}` and `{slug}` are the same
segment shape). Prints the pairs missing on each side, then the numbers.
"""
import json
import re
import sys


def shape(line):
    method, path = line.split(" ", 1)
    return method, re.sub(r"\{(\*?)[A-Za-z0-9_]+(\??)\}", r"{\1x\2}", path)


reference = {shape(l) for l in open(sys.argv[1]).read().splitlines() if l.strip()}
scan = json.load(open(sys.argv[2]))
routes = scan["routes"] if "routes" in scan else scan["trees"][0]["routes"]
found = set()
for route in routes:
    if route["framework"] != sys.argv[3]:
        continue
    for method in route["methods"]:
        found.add(shape(f"{method} {route['pattern']}"))
for pair in sorted(reference - found):
    print("missed", *pair)
for pair in sorted(found - reference):
    print("extra ", *pair)
hits = len(reference & found)
print(f"reference {len(reference)}, parity {len(found)}, recall {hits}/{len(reference)} "
      f"({100 * hits / max(len(reference), 1):.1f}%), precision {hits}/{len(found)} "
      f"({100 * hits / max(len(found), 1):.1f}%)")
