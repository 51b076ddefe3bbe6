#!/usr/bin/env python3
"""Recall and precision of `parity scan` against a framework's own route list.

Run:
  parity scan APP --format json > scan.json
  php benches/laravel-routes.php APP … > reference.txt   (or any `METHOD /path` list)
  python3 benches/compare-laravel-routes.py scan.json reference.txt [FRAMEWORK]

Both sides become (method, path) pairs: parity's `*` stands for every method
Laravel's `Route::any` registers (GET, POST, PUT, PATCH, DELETE, OPTIONS;
HEAD is left out on both sides); only routes of FRAMEWORK count when named.
Prints the counts, recall, precision and every pair found on one side only.
"""
import json
import sys

ANY = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def scanned(path, framework):
    pairs = set()
    for route in json.load(open(path))["trees"][0]["routes"]:
        if framework and route["framework"] != framework:
            continue
        for method in route["methods"]:
            for m in ANY if method == "*" else [method]:
                pairs.add((m, route["pattern"]))
    return pairs


def reference(path):
    return {tuple(line.split()[:2]) for line in open(path) if line.strip()}


def main():
    found = scanned(sys.argv[1], sys.argv[3] if len(sys.argv) > 3 else None)
    expected = reference(sys.argv[2])
    both = found & expected
    print(f"reference {len(expected)}, scanned {len(found)}, both {len(both)}")
    print(f"recall {100 * len(both) / max(len(expected), 1):.1f}%  precision {100 * len(both) / max(len(found), 1):.1f}%")
    for pair in sorted(expected - found):
        print("missed  ", *pair)
    for pair in sorted(found - expected):
        print("extra   ", *pair)


main()
