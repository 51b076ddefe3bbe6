"""Recall and precision of `parity scan` against a framework's own list.

Usage:
    parity scan APP --framework NAME --format json > parity.json
    python3 benches/python-routes-compare.py parity.json reference.txt NAME
reference.txt holds one `METHOD /path` a line (benches/flask-routes.py,
benches/django-routes.py). Pairs are (method, path), parameter names
aside; parity's `*` (any method) matches a reference `*` only, and a
reference `*` is matched by parity's `*` only. HEAD and OPTIONS are not
compared (both frameworks answer them wherever GET is). Prints the counts
and every pair found on one side only.
"""
import json
import re
import sys

scan_file, reference_file, framework = sys.argv[1:4]


def shape(path):
    return re.sub(r"\{(\*?)[^}?]*(\??)\}", r"{\1\2}", path)


scan = json.load(open(scan_file))
routes = [route for tree in scan["trees"] for route in tree["routes"]]
found = set()
for route in routes:
    if route["framework"] != framework:
        continue
    for method in route["methods"]:
        if method not in ("HEAD", "OPTIONS"):
            found.add((method, shape(route["pattern"])))
reference = set()
for line in open(reference_file):
    if line.strip():
        method, path = line.split(None, 1)
        if method not in ("HEAD", "OPTIONS"):
            reference.add((method, shape(path.strip())))
hit = found & reference
print(f"reference {len(reference)}  parity {len(found)}  common {len(hit)}")
print(f"recall {100 * len(hit) / max(len(reference), 1):.1f}%  precision {100 * len(hit) / max(len(found), 1):.1f}%")
for pair in sorted(reference - found, key=lambda p: p[1]):
    print("missed  ", *pair)
for pair in sorted(found - reference, key=lambda p: p[1]):
    print("extra   ", *pair)
