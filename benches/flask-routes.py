"""The routes a Flask app serves, from Flask's own `app.url_map`.

Usage (the app's requirements installed from PyPI into a virtualenv):
    python3 -m venv /tmp/venv-flask
    /tmp/venv-flask/bin/pip install -r APP/requirements.txt
    cd APP && /tmp/venv-flask/bin/python BENCHES/flask-routes.py MODULE:ATTR
MODULE:ATTR names the app (`microblog:app`), or a factory to call
(`app:create_app()`). Environment variables the app needs to import are
the caller's to set (an address on 127.0.0.1 for a database that is never
connected). Prints one `METHOD /path` a line in parity's route syntax
(`<int:id>` `{id}`, `<path:p>` `{*p}`); `HEAD` and `OPTIONS`, which Flask
adds to every rule, are left out. Compare with
`parity scan APP --framework flask --format json` by
`benches/routes-vs-reference.py` (its header gives the options for Flask).
"""
import contextlib
import importlib
import re
import sys

sys.path.insert(0, ".")
target = sys.argv[1]
module_name, attr = target.split(":")
# What the app prints while it starts (CTFd names each plugin it loads) is
# not a route: it goes to standard error.
with contextlib.redirect_stdout(sys.stderr):
    module = importlib.import_module(module_name)
    if attr.endswith("()"):
        app = getattr(module, attr[:-2])()
    else:
        app = getattr(module, attr)


def canonical(rule):
    def param(match):
        converter, name = match.group(1), match.group(2)
        return "{*%s}" % name if converter == "path" else "{%s}" % name

    path = re.sub(r"<(?:([a-zA-Z_]+)(?:\([^)]*\))?:)?([A-Za-z_][A-Za-z0-9_]*)>", param, rule)
    path = "/" + "/".join(part for part in path.split("/") if part)
    return path


pairs = set()
for rule in app.url_map.iter_rules():
    for method in rule.methods - {"HEAD", "OPTIONS"}:
        pairs.add((method, canonical(rule.rule)))
for method, path in sorted(pairs, key=lambda p: (p[1], p[0])):
    print(method, path)
