"""The routes a Django project serves, from Django's own URL resolver.

Usage (the app's requirements installed from PyPI into a virtualenv):
    python3 -m venv /tmp/venv-django
    /tmp/venv-django/bin/pip install -r APP/requirements.txt
    cd APP && /tmp/venv-django/bin/python BENCHES/django-routes.py SETTINGS_MODULE
`get_resolver()` (the URLconf of `ROOT_URLCONF`) is walked recursively,
each include's pattern joined in front of its children's, as Django joins
them. Nothing is served or connected: `django.setup()` only imports the
URLconfs and views (a settings module that wants a database URL gets one
on 127.0.0.1, never opened). Prints one `METHOD /path` a line in parity's
route syntax: `<int:pk>` `{pk}`, `<path:p>` `{*p}`, DRF's format suffix
converter `.{format}`; a regex's named group
`{name}` (`{*name}` when it can match `/`), escapes unescaped, `^`, `$`
and a trailing `/?` dropped; a trailing `/` dropped. The admin
(`admin.site.urls`, app `admin`) is one line `* /admin/{*path?}`, as
parity lists it, and so is an `include()` of a package's URLconf (a module
outside the current directory, such as `allauth.headless.urls`). A group
that matches the empty text and fills its segments is optional (`{x?}`,
`{*x?}`), `(?:/(?P<x>…))?` is the optional segment `/{x?}`, and a bare
`.*` (`.+`) filling its segments is `{*_?}` (`{*_}`). Methods: a class-based view's handlers among its
`http_method_names` (HEAD and OPTIONS left out), a DRF ViewSet's mapped
`actions` (within its `http_method_names`), a function view's `require_http_methods` list (read from the
decorator's closure), else `*`. Compare with
`benches/routes-vs-reference.py` (its header gives the options for Django).
"""
import inspect
import os
import re
import sys

sys.path.insert(0, ".")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", sys.argv[1])
import django  # noqa: E402

django.setup()
from django.urls import get_resolver  # noqa: E402


def route_piece(route):
    def param(match):
        converter, name = match.group(1) or "", match.group(2)
        if converter.startswith("drf_format_suffix"):  # its regex is `\.[a-z0-9]+/?`
            return ".{%s}" % name
        return "{*%s}" % name if converter == "path" else "{%s}" % name

    return re.sub(r"<(?:(\w+):)?(\w+)>", param, route)


def regex_piece(regex):
    body = regex[1:] if regex.startswith("^") else regex
    body = body[:-2] if body.endswith("\\Z") else body[:-1] if body.endswith("$") else body

    def whole(match):  # the group fills its segments: `/` or the start before, `/` or the end after
        before, after = body[: match.start()], body[match.end():]
        return (before == "" or before.endswith("/")) and (after in ("", "/?") or after.startswith("/"))

    def group(match):
        name, inner = match.group(1), match.group(2)
        classes = re.findall(r"\[[^\]]*\]", inner)
        dot = "." in re.sub(r"\[[^\]]*\]", "", inner).replace("\\.", "")
        negated = any(c.startswith("[^") and "/" not in c for c in classes)
        star = "*" if dot or negated else ""
        # Python's own answer to "can it be empty?": the group's pattern matches "".
        empty = whole(match) and re.fullmatch(inner, "") is not None
        return "{%s%s%s}" % (star, name, "?" if empty else "")

    # `(?:/(?P<name>…))?`: an optional segment.
    body = re.sub(r"\(\?:/\(\?P<(\w+)>([^()]*)\)\)\?", lambda m: "/{%s%s?}" % ("*" if "." in m.group(2) else "", m.group(1)), body)
    out = re.sub(r"\(\?P<(\w+)>((?:[^()\\]|\\.|\([^()]*\))*)\)", group, body)
    # `.*` / `.+` alone in its segments: a catch-all (`.*` also matches nothing).
    out = re.sub(r"(?:(?<=/)|^)\.([*+])(?=/|$)", lambda m: "{*_%s}" % ("?" if m.group(1) == "*" else ""), out)
    out = re.sub(r"/\?$", "/", out)
    if re.search(r"\\[A-Za-z]|[\[\]()*+?|^$]", re.sub(r"\{[^}]*\}", "", out)):
        print("# not a plain regex:", regex, file=sys.stderr)
    return re.sub(r"\\(.)", r"\1", out)


def piece(entry):
    pattern = getattr(entry, "pattern", None)
    if pattern is None:  # Django 1.x: RegexURLPattern, RegexURLResolver
        return regex_piece(entry.regex.pattern)
    if hasattr(pattern, "_route"):
        return route_piece(str(pattern._route))
    if hasattr(pattern, "_regex"):
        return regex_piece(str(pattern._regex))
    return ""


def function_methods(view):
    seen = 0
    while view is not None and seen < 10:
        seen += 1
        try:
            names = inspect.getclosurevars(view).nonlocals
        except (TypeError, ValueError):
            return None
        if "request_method_list" in names:
            return [m.upper() for m in names["request_method_list"]]
        view = names.get("func") or names.get("view_func") or getattr(view, "__wrapped__", None)
    return None


def methods(callback):
    actions = getattr(callback, "actions", None)
    cls = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if actions:  # a ViewSet answers 405 to a method its http_method_names leaves out
        allowed = getattr(cls, "http_method_names", actions)
        return sorted(m.upper() for m in actions if m in allowed)
    if cls is not None:
        found = [m.upper() for m in cls.http_method_names if m not in ("head", "options") and hasattr(cls, m)]
        return found or ["*"]
    return function_methods(callback) or ["*"]


def clean(path):
    return "/" + "/".join(part for part in path.split("/") if part)


pairs = set()
APP = os.path.abspath(".") + os.sep


def walk(resolver, prefix, depth=0):
    for entry in resolver.url_patterns:
        here = prefix + piece(entry)
        if hasattr(entry, "url_patterns"):
            module = getattr(entry.urlconf_module, "__file__", None) or ""
            # The admin, and a URLconf of an installed package (outside the app's tree), are one
            # catch-all each: parity reads the project, not site-packages.
            if getattr(entry, "app_name", None) == "admin" or (module and not os.path.abspath(module).startswith(APP)):
                pairs.add(("*", clean(here) + "/{*path?}" if clean(here) != "/" else "/{*path?}"))
                continue
            walk(entry, here, depth + 1)
        else:
            for method in methods(entry.callback):
                pairs.add((method, clean(here)))


walk(get_resolver(), "")
for method, path in sorted(pairs, key=lambda p: (p[1], p[0])):
    print(method, path)
