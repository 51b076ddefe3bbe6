#!/usr/bin/env python3
"""Recall and precision of `parity scan` against a framework's own route list.

The one script behind every row of "Proof on real apps" in docs/scan.md
that compares with a reference list (Django, Flask, Laravel, plain PHP,
Nuxt, Astro, Spring, ASP.NET Core). Run:

    parity scan APP --format json > scan.json
    python3 benches/routes-vs-reference.py scan.json REF [REF ...] \
        [--framework NAME] [--base /prefix] [--params any|marked|exact] \
        [--keep-slash] [--any-method match|expand|literal] \
        [--ignore-methods HEAD,OPTIONS] [--count-unresolved] [--show]

REF is what the framework itself lists: a text file of `METHOD /path` lines
in parity's route syntax (what benches/django-routes.py, flask-routes.py,
laravel-routes.php, nuxt-routes.mjs and astro-routes.mjs print, or a route
list written down from the code; `#` starts a comment, words after the
path are ignored), or an OpenAPI/Swagger document (`.json`, `.yaml`,
`.yml`: every operation under `paths`, behind `servers[0]`'s path or
`basePath`). Several REFs are one list (an app's v1 and v2 documents).

Both sides become (method, path) pairs; recall is the share of the
reference's pairs some route of parity answers, precision the share of
parity's routes that answer some reference pair. Normalisation rules:

- `--framework NAME`: only parity routes of that framework count (every
  tree of the report is read).
- `--base /prefix`: put in front of every reference path (a context path
  the document leaves out).
- Routes parity lists `unresolved` count as not found (their path lacks a
  prefix) and are not in precision's count; they are printed apart. With
  `--count-unresolved` they are compared at the pattern parity lists, like
  any other (a reference made by running the routes file with an unset
  variable prefix has the same path).
- `--params any` (the default): parameter names, the optional mark `?` and
  the rest mark `*` are all set aside (`{id}`, `{petId}`, `{id?}` are one
  segment shape), and a parity route whose last parameters are optional
  `{x?}` answers its path with and without them (OpenAPI writes `{brandId}`
  where the route is `{brandId?}`).
  `--params marked`: names set aside, marks kept (`{id}` = `{slug}`, but
  `{id?}` and `{*id}` are other shapes; no optional expansion).
  `--params exact`: paths compared as written, names included.
- A trailing `/` is dropped on both sides (`/` stays), unless
  `--keep-slash` (Django and Flask serve `/a` and `/a/` apart).
- `--any-method` is what parity's `*` (a route answering any method) means:
  `match` (the default) answers every method of its path; `expand` stands
  for the methods Laravel's `Route::any` registers (GET, POST, PUT, PATCH,
  DELETE, OPTIONS), each a pair of its own; `literal` answers a reference
  `*` only (Django's resolver, which has no methods, says `*`). A reference
  `*` is answered by parity's `*` only (by nothing with `expand`).
- `--ignore-methods LIST`: these methods are compared on neither side
  (Django and Flask answer HEAD and OPTIONS on every route).
- Pairs that normalise to the same pair are one (in healthchecks,
  `<uuid:code>` and `<sha1:unique_key>` at one place are one route once
  names are set aside).

The options each comparison of docs/scan.md uses (they are the rules of
the four scripts this one replaced, which gave the same numbers):

| frameworks | options |
| --- | --- |
| Spring, ASP.NET Core (OpenAPI documents, code readings) | (defaults) |
| Django, Flask | `--params marked --keep-slash --any-method literal --ignore-methods HEAD,OPTIONS --count-unresolved` |
| Laravel, plain PHP | `--params exact --keep-slash --any-method expand --count-unresolved` |
| Nuxt, Astro | `--params marked --keep-slash --any-method literal --count-unresolved` |

`--show` prints every pair on one side only (`missed`: in the reference,
not answered; `extra`: listed by parity, answering nothing) and every
unresolved route.
"""

import argparse
import json
import re
from urllib.parse import urlparse

OPENAPI_METHODS = {"get", "post", "put", "patch", "delete", "head", "options", "trace"}
LARAVEL_ANY = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


class Rules:
    def __init__(self, args):
        self.params = args.params
        self.keep_slash = args.keep_slash
        self.any_method = args.any_method
        self.ignored = {m.strip().upper() for m in args.ignore_methods.split(",") if m.strip()}

    def path(self, path):
        """A path's shape under the rules."""
        if not self.keep_slash:
            path = path.rstrip("/") or "/"
        if self.params == "any":
            return re.sub(r"\{\*?[^}/?]*\??\}", "{}", path)
        if self.params == "marked":
            return re.sub(r"\{(\*?)[^}?]*(\??)\}", r"{\1\2}", path)
        return path

    def shapes(self, pattern):
        """The shapes a parity pattern answers."""
        out = {pattern}
        if self.params == "any":
            while re.search(r"/\{[^}]*\?\}$", pattern):
                pattern = re.sub(r"/\{[^}]*\?\}$", "", pattern) or "/"
                out.add(pattern)
        return frozenset(self.path(p) for p in out)

    def methods(self, method):
        """The methods a parity route's method stands for."""
        listed = LARAVEL_ANY if method == "*" and self.any_method == "expand" else [method]
        return [m for m in listed if m not in self.ignored]


def reference(files, base, rules):
    pairs = set()

    def add(method, path):
        method = method.upper()
        if method not in rules.ignored:
            pairs.add((method, rules.path(base + path)))

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
                    if method.lower() in OPENAPI_METHODS:
                        add(method, prefix.rstrip("/") + path)
        else:
            for line in text.splitlines():
                words = re.split(r"(?:^|\s)#", line)[0].split()
                if words:
                    add(words[0], words[1])
    return pairs


def scanned(report, framework, rules, count_unresolved):
    """Each route parity lists, as {(method, shapes, unresolved pattern): pattern}."""
    trees = report["trees"] if "trees" in report else [report]
    out = {}
    for tree in trees:
        for route in tree["routes"]:
            if framework and route["framework"] != framework:
                continue
            unresolved = route["confidence"] == "unresolved" and not count_unresolved
            shapes = frozenset() if unresolved else rules.shapes(route["pattern"])
            for listed in route["methods"]:
                for method in rules.methods(listed):
                    key = (method, shapes, route["pattern"] if unresolved else None)
                    out.setdefault(key, route["pattern"])
    return out


def main():
    cli = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    cli.add_argument("scan", help="parity scan APP --format json")
    cli.add_argument("refs", nargs="+", metavar="REF")
    cli.add_argument("--framework", default="")
    cli.add_argument("--base", default="")
    cli.add_argument("--params", choices=["any", "marked", "exact"], default="any")
    cli.add_argument("--keep-slash", action="store_true")
    cli.add_argument("--any-method", choices=["match", "expand", "literal"], default="match")
    cli.add_argument("--ignore-methods", default="")
    cli.add_argument("--count-unresolved", action="store_true")
    cli.add_argument("--show", action="store_true")
    args = cli.parse_args()
    rules = Rules(args)
    ref = reference(args.refs, args.base.rstrip("/"), rules)
    found = scanned(json.load(open(args.scan)), args.framework, rules, args.count_unresolved)

    by_path = {}
    for method, path in ref:
        by_path.setdefault(path, set()).add(method)

    def answered(key):
        """The reference pairs one route of parity answers."""
        method, shapes, _ = key
        out = set()
        for shape in shapes:
            for wanted in by_path.get(shape, ()):
                if wanted == method or (method == "*" and rules.any_method == "match"):
                    out.add((wanted, shape))
        return out

    answers = {key: answered(key) for key in found}
    hit = set().union(*answers.values()) if answers else set()
    listed = [key for key in found if key[2] is None]
    right = [key for key in listed if answers[key]]
    unresolved = len(found) - len(listed)
    print(f"reference: {len(ref)} (method, path) pairs; parity: {len(listed)} (+{unresolved} unresolved)")
    print(f"recall: {len(hit)}/{len(ref)} = {100 * len(hit) / max(len(ref), 1):.1f}%")
    print(f"precision: {len(right)}/{len(listed)} = {100 * len(right) / max(len(listed), 1):.1f}%")
    if args.show:
        for method, path in sorted(ref - hit, key=lambda p: (p[1], p[0])):
            print("missed:", method, path)
        for key in sorted(set(listed) - set(right), key=lambda k: (found[k], k[0])):
            print("extra: ", key[0], found[key])
        for key in sorted((k for k in found if k[2] is not None), key=lambda k: (found[k], k[0])):
            print("unresolved:", key[0], found[key])


if __name__ == "__main__":
    main()
