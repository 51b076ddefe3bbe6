#!/usr/bin/env python3
"""Recall and precision of `parity scan` against a route list the app ships.

Used for the Spring and ASP.NET Core rows of "Proof on real apps" in
docs/scan.md, where the framework cannot run here (Maven Central and NuGet
are out of reach), so the reference is an OpenAPI document the app itself
ships, or a route list written down from its code (one `METHOD /path` a line).

    parity scan DIR --framework NAME --format json > scan.json
    python3 benches/routes-vs-reference.py scan.json REF [REF ...] \
        [--framework NAME] [--base /prefix] [--show]

REF is an OpenAPI/Swagger document (`.json`, `.yaml`, `.yml`; every
operation under `paths`, behind `servers[0]`'s path or `basePath`), or a
text file of `METHOD /path` lines (`#` comments). Several REFs are one
list (an app's v1 and v2 documents). `--base` puts a prefix the document
leaves out (a context path) in front of its paths.

Compared as (method, path) pairs; parameter names are ignored (`{id}` and
`{petId}` are one shape), an optional parameter `{x?}` matches the path
with or without it, a trailing `/` is dropped on both sides, and a route
answering any method (`*`) matches every method of its path. Routes parity
lists `unresolved` count as not found (their path lacks the prefix).
"""

import json
import re
import sys
from urllib.parse import urlparse

METHODS = {"get", "post", "put", "patch", "delete", "head", "options", "trace"}


def shape(path):
    path = path.rstrip("/") or "/"
    return re.sub(r"\{\*?[^}/?]*\??\}", "{}", path)


def variants(path):
    """A path with each trailing optional parameter present or not."""
    out = {path}
    while re.search(r"/\{[^}]*\?\}$", path):
        path = re.sub(r"/\{[^}]*\?\}$", "", path) or "/"
        out.add(path)
    return out


def reference(files, base):
    pairs = set()
    for name in files:
        text = open(name, encoding="utf-8-sig").read()
        if name.endswith((".json", ".yaml", ".yml")):
            if name.endswith(".json"):
                doc = json.loads(text)
            else:
                import yaml

                doc = yaml.safe_load(text)
            prefix = doc.get("basePath", "")
            if doc.get("servers"):
                prefix = urlparse(doc["servers"][0]["url"]).path
            for path, ops in doc.get("paths", {}).items():
                for method in ops:
                    if method.lower() in METHODS:
                        pairs.add((method.upper(), shape(base + prefix.rstrip("/") + path)))
        else:
            for line in text.splitlines():
                line = line.split("#")[0].strip()
                if line:
                    method, path = line.split()
                    pairs.add((method.upper(), shape(base + path)))
    return pairs


def scanned(report, framework):
    """Each (method, pattern) parity lists, with the shapes it answers."""
    trees = report["trees"] if "trees" in report else [report]
    out = {}
    for tree in trees:
        for route in tree["routes"]:
            if framework and route["framework"] != framework:
                continue
            unresolved = route["confidence"] == "unresolved"
            shapes = set() if unresolved else {shape(p) for p in variants(route["pattern"])}
            for method in route["methods"]:
                out[(method, route["pattern"], unresolved)] = shapes
    return out


def main(argv):
    show = "--show" in argv
    argv = [a for a in argv if a != "--show"]
    framework = base = ""
    if "--framework" in argv:
        at = argv.index("--framework")
        framework = argv[at + 1]
        del argv[at : at + 2]
    if "--base" in argv:
        at = argv.index("--base")
        base = argv[at + 1].rstrip("/")
        del argv[at : at + 2]
    report = json.load(open(argv[0]))
    ref = reference(argv[1:], base)
    found = scanned(report, framework)

    def answers(route, pair):
        (method, _, _), shapes = route
        return (method == pair[0] or method == "*") and pair[1] in shapes

    hit = {pair for pair in ref if any(answers(route, pair) for route in found.items())}
    listed = [route for route in found.items() if not route[0][2]]
    right = [route for route in listed if any(answers(route, pair) for pair in ref)]
    unresolved = len(found) - len(listed)
    print(f"reference: {len(ref)} (method, path) pairs; parity: {len(listed)} (+{unresolved} unresolved)")
    print(f"recall: {len(hit)}/{len(ref)} = {100 * len(hit) / max(len(ref), 1):.1f}%")
    print(f"precision: {len(right)}/{len(listed)} = {100 * len(right) / max(len(listed), 1):.1f}%")
    if show:
        for pair in sorted(ref - hit):
            print("missed:", *pair)
        for route in sorted(set(r[0] for r in listed) - set(r[0] for r in right)):
            print("extra: ", route[0], route[1])
        for route in sorted(r for r in found if r[2]):
            print("unresolved:", route[0], route[1])


if __name__ == "__main__":
    main(sys.argv[1:])
