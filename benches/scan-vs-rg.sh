#!/usr/bin/env bash
# Route discovery benchmark: `parity scan` vs `rg --files` (the walk alone)
# over the same generated tree, in the same run. See docs/benchmarks.md.
#
#   benches/scan-vs-rg.sh [FILES] [RUNS] [SHAPE]
#
# SHAPE `synthetic` (the default) generates a monorepo of FILES files
# (default 100,000) in a temporary directory (removed at the end): a
# Next.js app router app, a SvelteKit app,
# a flat-routes app, an Express API whose routers are mounted from one app
# file (routes in code: every file lexed) and an OpenAPI document, with the rest plain TypeScript
# packages, their tests and a gitignored build folder. Needs ripgrep
# (apt-get install ripgrep) and python3. Times are the median of RUNS
# (default 7) warm runs.
#
# SHAPE `monorepo` generates the shape of a real pnpm/turbo monorepo
# (modelled on a public Next.js SaaS app of 4,409 files): FILES tracked
# files (use 4450), one Next.js app router app holding most of them
# (~700 page and route modules in route groups and dynamic folders, route
# handlers re-exporting others with `export * from`, a tsconfig with
# aliases, metadata files, a next.config with redirects, components and
# lib code), ten packages each with its own package.json and tsconfig, and
# what a checkout holds but git ignores: node_modules in the root and every
# package (listed in .gitignore, three times as many files as are tracked),
# and .next/ and dist/ build output.
#
# SHAPE `backends` generates the V1 stacks of issue 16, one project each
# beside the others (FILES tracked files in all): a Django project
# (ROOT_URLCONF, an app per include() with path()/re_path() and
# converters, a DRF DefaultRouter, the admin; models, forms, services,
# templates, tests and migrations beside), a Flask app factory with
# blueprints, a Laravel 11 app (bootstrap/app.php, routes/web.php and
# api.php with resources, prefix groups and {id?}; controllers, requests,
# models, migrations, Blade views, tests), a plain PHP site, a Spring Boot
# app (pom.xml, a context path, @RestController and @Controller classes
# among services, repositories, entities, DTOs and tests), an ASP.NET Core
# app (.csproj, attribute-routed controllers, minimal APIs in MapGroup
# extension methods, Razor Pages, EF migrations, a test project), a Nuxt
# app (pages/, server/api handlers) and an Astro site (src/pages with
# endpoints, content collections). About 16% of the files define routes;
# ignored vendor/, node_modules/, bin/, obj/, target/ and .nuxt/ folders
# too. The generator writes down every path the tree serves, and the
# script prints, per framework, how many of them parity found.
#
# SCAN_BENCH_KEEP=DIR keeps the tree in DIR (a new directory) for perf.
set -euo pipefail
cd "$(dirname "$0")/.."

files=${1:-100000}
runs=${2:-7}
shape=${3:-synthetic}
if [[ -n ${SCAN_BENCH_KEEP:-} ]]; then # keep the tree (for perf): a new directory
    work=$SCAN_BENCH_KEEP
    mkdir "$work"
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi

command -v rg >/dev/null || { echo "ripgrep is needed: apt-get install ripgrep" >&2; exit 2; }
cargo build --release --locked --quiet --bin parity
parity=${CARGO_TARGET_DIR:-$PWD/target}/release/parity

if [[ $shape == monorepo ]]; then
python3 - "$work/tree" "$files" <<'PY'
import json, os, sys
root, total = sys.argv[1], int(sys.argv[2])
count = 0
def write(path, text="export const x = 1;\n", tracked=True):
    global count
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(text)
    count += tracked
write("package.json", json.dumps({"name": "mono", "private": True, "devDependencies": {"turbo": "1"}}))
write("pnpm-workspace.yaml", "packages:\n  - apps/*\n  - packages/*\n")
write(".gitignore", "node_modules/\n.next/\ndist/\n.env\n")
write("apps/web/package.json", json.dumps({"name": "web", "dependencies": {"next": "15.5.0", "react": "19"}}))
write("apps/web/tsconfig.json", '{\n  // aliases\n  "compilerOptions": { "baseUrl": ".", "paths": { "@/lib/*": ["lib/*"] } },\n}\n')
write("apps/web/next.config.js", "module.exports = { async redirects() { return [\n" + "".join(
    f"  {{ source: '/old{i}', destination: '/new{i}', permanent: true }},\n" for i in range(20)) + "]; } };\n")
for name in ["robots.ts", "sitemap.ts", "manifest.ts"]:
    write(f"apps/web/app/{name}", "export default function m() { return {}; }\n")
pages = routes = 0
for i in range(350):
    group = ["(dashboard)", "(auth)", "(marketing)", "(ee)"][i % 4]
    write(f"apps/web/app/{group}/[slug]/s{i % 40}/p{i}/page.tsx", "export default function P() { return null; }\n")
    write(f"apps/web/app/{group}/[slug]/s{i % 40}/p{i}/page-client.tsx", "'use client';\nexport function C() {}\n")
    write(f"apps/web/app/{group}/[slug]/s{i % 40}/p{i}/layout.tsx", "export default function L({ children }) { return children; }\n")
for i in range(330):
    write(f"apps/web/app/api/r{i % 60}/[id]/h{i}/route.ts",
          "export async function GET() {}\nexport async function POST() {}\n")
for i in range(20):
    write(f"apps/web/app/api/(old)/v{i}/route.ts", f'export * from "@/lib/api/h{i}";\n')
    write(f"apps/web/lib/api/h{i}.ts", "export async function GET() {}\nexport const DELETE = () => null;\n")
i = 0
while count < total * 0.6:
    write(f"apps/web/{['ui', 'lib', 'components'][i % 3]}/d{i % 30}/m{i}.tsx")
    i += 1
packages = ["ui", "utils", "email", "cli", "embeds", "tinybird", "prisma", "tailwind-config", "tsconfig", "stripe-app"]
for name in packages:
    write(f"packages/{name}/package.json", json.dumps({"name": f"@mono/{name}", "dependencies": {"react": "19"}}))
    write(f"packages/{name}/tsconfig.json", '{ "extends": "../tsconfig/base.json" }\n')
i = 0
while count < total:
    write(f"packages/{packages[i % len(packages)]}/src/d{i % 20}/m{i}.ts")
    i += 1
# Ignored: dependencies, a build, package builds.
ignored = 30 * total // 100 * 10
for j in range(ignored):
    where = ["node_modules"] + [f"packages/{p}/node_modules" for p in packages] + ["apps/web/node_modules"]
    write(f"{where[j % len(where)]}/pkg{j % 300}/lib/f{j}.js", "module.exports = 1;\n", tracked=False)
for j in range(total // 4):
    write(f"apps/web/.next/server/app/c{j}.js", "x\n", tracked=False)
    write(f"packages/{packages[j % len(packages)]}/dist/c{j}.js", "x\n", tracked=False)
print(f"generated {count} tracked files (+{ignored + total // 2} ignored)", file=sys.stderr)
PY
elif [[ $shape == backends ]]; then
python3 - "$work/tree" "$files" <<'PY'
import json, os, sys
root, total = sys.argv[1], int(sys.argv[2])
count = 0
expected = []  # (framework, pattern) the tree serves, in parity's route syntax


def write(path, text, tracked=True):
    global count
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(text)
    count += tracked


def route(framework, *patterns):
    expected.extend((framework, p) for p in patterns)


def lines(template, n):
    """n lines of code from a template holding {k}: real modules are kilobytes, not one line."""
    return "".join(template.format(k=k) for k in range(n))


# Shares of FILES: most of each app is not routes (models, services,
# templates, tests, migrations), as in real apps.
shares = [("django", 0.20), ("flask", 0.08), ("laravel", 0.17), ("php", 0.04),
          ("spring", 0.17), ("aspnet", 0.15), ("nuxt", 0.09), ("astro", 0.10)]
budget, end = {}, 0
for name, share in shares:
    end += share * total
    budget[name] = end
write(".gitignore", "__pycache__/\nvendor/\nnode_modules/\ntarget/\nbin/\nobj/\n.nuxt/\n.output/\ndist/\n")
# What a checkout holds but git ignores (dependencies, builds): walked by neither.
for j in range(total // 20):
    where = ["laravel/vendor/pkg", "nuxt/node_modules/pkg", "astro/node_modules/pkg", "spring/target/classes",
             "aspnet/bin/Debug", "aspnet/obj", "nuxt/.nuxt/dist", "django/app0/__pycache__"][j % 8]
    write(f"{where}/p{j % 50}/f{j}.txt", "x\n", tracked=False)

# Django: ROOT_URLCONF, include() of every app, converters, re_path, a DRF router, the admin.
write("django/requirements.txt", "Django>=5.0\ndjangorestframework>=3.15\npsycopg[binary]>=3.1\n")
write("django/manage.py", "#!/usr/bin/env python\nimport os\nimport sys\n\nif __name__ == \"__main__\":\n"
      "    os.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"config.settings\")\n"
      "    from django.core.management import execute_from_command_line\n\n    execute_from_command_line(sys.argv)\n")
write("django/config/__init__.py", "")
write("django/config/wsgi.py", "from django.core.wsgi import get_wsgi_application\n\napplication = get_wsgi_application()\n")
apps = []
i = 0
while count < budget["django"] - 3:
    a = f"app{i}"
    apps.append(a)
    write(f"django/{a}/__init__.py", "")
    write(f"django/{a}/apps.py", f"from django.apps import AppConfig\n\n\nclass App{i}Config(AppConfig):\n    name = \"{a}\"\n")
    write(f"django/{a}/models.py", "from django.db import models\n\n\n" + "".join(
        f"class Item{k}(models.Model):\n    \"\"\"A record of {a}.\"\"\"\n\n"
        + lines("    field{k} = models.CharField(max_length=80, blank=True)\n", 8)
        + "\n    class Meta:\n        ordering = [\"-id\"]\n\n    def __str__(self):\n        return self.field0\n\n\n"
        for k in range(3)))
    write(f"django/{a}/admin.py", "from django.contrib import admin\n\nfrom .models import Item0, Item1\n\n"
          "admin.site.register(Item0)\nadmin.site.register(Item1)\n")
    write(f"django/{a}/forms.py", "from django import forms\n\nfrom .models import Item0\n\n\nclass ItemForm(forms.ModelForm):\n"
          "    class Meta:\n        model = Item0\n        fields = [" + ", ".join(f'"field{k}"' for k in range(8)) + "]\n")
    write(f"django/{a}/services.py", "from .models import Item0\n\n\n" + lines(
        "def compute_{k}(items, factor=1):\n    total = 0\n    for item in items:\n"
        "        total += len(item.field0) * factor\n    return total\n\n\n", 10))
    write(f"django/{a}/views.py", "from django.shortcuts import get_object_or_404, render\n"
          "from django.views.generic import DetailView\n\nfrom .forms import ItemForm\nfrom .models import Item0\n\n\n"
          "def index(request):\n    return render(request, \"index.html\", {\"items\": Item0.objects.all()})\n\n\n"
          "def edit(request, slug):\n    form = ItemForm(request.POST or None)\n    return render(request, \"edit.html\", {\"form\": form})\n\n\n"
          "def archive(request, year):\n    return render(request, \"archive.html\", {\"year\": year})\n\n\n"
          "class ItemDetail(DetailView):\n    model = Item0\n    template_name = \"detail.html\"\n")
    write(f"django/{a}/urls.py", "from django.urls import path, re_path\n\nfrom . import views\n\n"
          f"app_name = \"{a}\"\nurlpatterns = [\n    path(\"\", views.index, name=\"index\"),\n"
          "    path(\"<int:pk>/\", views.ItemDetail.as_view(), name=\"detail\"),\n"
          "    path(\"<slug:slug>/edit/\", views.edit, name=\"edit\"),\n"
          "    re_path(r\"^archive/(?P<year>[0-9]{4})/$\", views.archive, name=\"archive\"),\n]\n")
    route("django", f"/{a}", f"/{a}/{{pk}}", f"/{a}/{{slug}}/edit", f"/{a}/archive/{{year}}")
    if i % 4 == 0:  # a REST API for every fourth app
        write(f"django/{a}/serializers.py", "from rest_framework import serializers\n\nfrom .models import Item0\n\n\n"
              "class ItemSerializer(serializers.ModelSerializer):\n    class Meta:\n        model = Item0\n        fields = \"__all__\"\n")
        write(f"django/{a}/api.py", "from rest_framework import viewsets\n\nfrom .models import Item0\n"
              f"from .serializers import ItemSerializer\n\n\nclass Thing{i}ViewSet(viewsets.ModelViewSet):\n"
              "    queryset = Item0.objects.all()\n    serializer_class = ItemSerializer\n")
        route("django", f"/api/things{i}", f"/api/things{i}.{{format}}", f"/api/things{i}/{{pk}}", f"/api/things{i}/{{pk}}.{{format}}")
    write(f"django/{a}/tests/__init__.py", "")
    for t in ["views", "models", "forms"]:
        write(f"django/{a}/tests/test_{t}.py", "from django.test import TestCase\n\n\n" + lines(
            f"class {t.title()}Test{{k}}(TestCase):\n    def test_it(self):\n        self.assertTrue(True)\n\n\n", 6))
    write(f"django/{a}/migrations/__init__.py", "")
    for m in range(1, 4):
        write(f"django/{a}/migrations/000{m}_auto.py", "from django.db import migrations, models\n\n\n"
              "class Migration(migrations.Migration):\n    operations = [\n" + lines(
                  "        migrations.AddField(model_name=\"item0\", name=\"f{k}\", field=models.IntegerField(default=0)),\n", 12) + "    ]\n")
    for page in ["index", "detail", "edit", "archive"]:
        write(f"django/{a}/templates/{a}/{page}.html", "{% extends \"base.html\" %}\n{% block content %}<h1>" + page + "</h1>{% endblock %}\n")
    i += 1
write("django/config/settings.py", "from pathlib import Path\n\nBASE_DIR = Path(__file__).resolve().parent.parent\n"
      "ROOT_URLCONF = \"config.urls\"\nINSTALLED_APPS = [\n    \"django.contrib.admin\",\n    \"rest_framework\",\n"
      + "".join(f"    \"{a}\",\n" for a in apps) + "]\n")
write("django/api/__init__.py", "")
api_apps = [n for n, a in enumerate(apps) if n % 4 == 0]
write("django/api/urls.py", "from django.urls import include, path\nfrom rest_framework.routers import DefaultRouter\n\n"
      + "".join(f"from app{n}.api import Thing{n}ViewSet\n" for n in api_apps) + "\nrouter = DefaultRouter()\n"
      + "".join(f"router.register(r\"things{n}\", Thing{n}ViewSet)\n" for n in api_apps)
      + "\nurlpatterns = [\n    path(\"\", include(router.urls)),\n]\n")
route("django", "/api", "/api/.{format}", "/admin/{*path?}")
write("django/config/urls.py", "from django.contrib import admin\nfrom django.urls import include, path\n\nurlpatterns = [\n"
      "    path(\"admin/\", admin.site.urls),\n    path(\"api/\", include(\"api.urls\")),\n"
      + "".join(f"    path(\"{a}/\", include(\"{a}.urls\")),\n" for a in apps) + "]\n")

# Flask: an app factory registering blueprints with url_prefix, decorators, add_url_rule.
write("flask/requirements.txt", "Flask>=3.0\nFlask-SQLAlchemy>=3.1\nFlask-WTF>=1.2\n")
write("flask/config.py", "import os\n\n\nclass Config:\n    SECRET_KEY = os.environ.get(\"SECRET_KEY\", \"dev\")\n")
write("flask/app/models.py", "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n")
bps = []
i = 0
while count < budget["flask"] - 2:
    b = f"bp{i}"
    bps.append(b)
    write(f"flask/app/{b}/__init__.py", f"from flask import Blueprint\n\nbp = Blueprint(\"{b}\", __name__)\n\nfrom app.{b} import routes  # noqa: E402\n")
    write(f"flask/app/{b}/routes.py", "from flask import redirect, render_template, request, url_for\n\n"
          f"from app.{b} import bp\nfrom app.{b}.forms import ItemForm\n\n\n"
          "@bp.route(\"/\", methods=[\"GET\", \"POST\"])\ndef index():\n    form = ItemForm()\n"
          "    if form.validate_on_submit():\n        return redirect(url_for(\".index\"))\n    return render_template(\"index.html\", form=form)\n\n\n"
          "@bp.get(\"/<int:item_id>\")\ndef show(item_id):\n    return render_template(\"show.html\", item_id=item_id)\n\n\n"
          "@bp.post(\"/<int:item_id>/delete\")\ndef delete(item_id):\n    return redirect(url_for(\".index\"))\n\n\n"
          "def export():\n    return {\"format\": request.args.get(\"format\", \"csv\")}\n\n\n"
          "bp.add_url_rule(\"/export\", view_func=export)\n")
    route("flask", f"/{b}", f"/{b}/{{item_id}}", f"/{b}/{{item_id}}/delete", f"/{b}/export")
    write(f"flask/app/{b}/forms.py", "from flask_wtf import FlaskForm\nfrom wtforms import StringField\n\n\n"
          "class ItemForm(FlaskForm):\n" + lines("    field{k} = StringField(\"Field {k}\")\n", 8))
    write(f"flask/app/{b}/models.py", "from app.models import db\n\n\n" + "".join(
        f"class Item{k}(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n"
        + lines("    field{k} = db.Column(db.String(80))\n", 8) + "\n\n" for k in range(2)))
    write(f"flask/app/{b}/services.py", lines("def compute_{k}(items):\n    return sum(len(i.field0) for i in items)\n\n\n", 10))
    for page in ["index", "show"]:
        write(f"flask/app/templates/{b}/{page}.html", "{% extends \"base.html\" %}\n{% block content %}{{ form }}{% endblock %}\n")
    write(f"flask/tests/test_{b}.py", lines(f"def test_{b}_{{k}}(client):\n    assert client.get(\"/{b}/\").status_code == 200\n\n\n", 8))
    write(f"flask/migrations/versions/{i:06x}_{b}.py", "from alembic import op\nimport sqlalchemy as sa\n\n\n"
          "def upgrade():\n" + lines(f"    op.add_column(\"item\", sa.Column(\"c{{k}}\", sa.Integer()))\n", 10))
    i += 1
write("flask/app/__init__.py", "from flask import Flask\n\nfrom config import Config\n\n\ndef create_app(config_class=Config):\n"
      "    app = Flask(__name__)\n    app.config.from_object(config_class)\n\n"
      + "".join(f"    from app.{b} import bp as {b}_bp\n    app.register_blueprint({b}_bp, url_prefix=\"/{b}\")\n" for b in bps)
      + "\n    return app\n")
route("flask", "/static/{*filename}")  # Flask serves the app's static folder
write("flask/wsgi.py", "from app import create_app\n\napp = create_app()\n")

# Laravel: routes/web.php and routes/api.php (under /api), resources, groups, {id?}.
write("laravel/composer.json", json.dumps({"name": "acme/shop", "require": {"php": "^8.2", "laravel/framework": "^11.0"}}))
write("laravel/artisan", "#!/usr/bin/env php\n<?php\nrequire __DIR__.'/vendor/autoload.php';\n")
write("laravel/public/index.php", "<?php\nrequire __DIR__.'/../vendor/autoload.php';\n$app = require_once __DIR__.'/../bootstrap/app.php';\n")
write("laravel/bootstrap/app.php", "<?php\n\nuse Illuminate\\Foundation\\Application;\n\nreturn Application::configure(basePath: dirname(__DIR__))\n"
      "    ->withRouting(\n        web: __DIR__.'/../routes/web.php',\n        api: __DIR__.'/../routes/api.php',\n"
      "        commands: __DIR__.'/../routes/console.php',\n        health: '/up',\n    )\n    ->create();\n")
write("laravel/routes/console.php", "<?php\n\nuse Illuminate\\Support\\Facades\\Artisan;\n\nArtisan::command('inspire', function () {});\n")
for name in ["app", "auth", "cache", "database", "filesystems", "logging", "mail", "queue", "services", "session"]:
    write(f"laravel/config/{name}.php", "<?php\n\nreturn [\n" + lines("    'key{k}' => env('KEY_{k}', 'value'),\n", 12) + "];\n")
route("laravel", "/", "/up")
web = ["<?php\n\nuse App\\Http\\Controllers\\HomeController;\nuse Illuminate\\Support\\Facades\\Route;\n\n",
       "Route::get('/', [HomeController::class, 'index']);\n\n"]
api = ["<?php\n\nuse Illuminate\\Support\\Facades\\Route;\n\nRoute::prefix('v1')->group(function () {\n"]
i = 0
while count < budget["laravel"] - 2:
    m = f"M{i}"
    ns = f"App\\Http\\Controllers\\{m}"
    web.append(f"Route::prefix('m{i}')->middleware('auth')->group(function () {{\n"
               f"    Route::resource('posts', \\{ns}\\PostController::class);\n"
               f"    Route::get('/reports/{{year}}/{{month?}}', [\\{ns}\\ReportController::class, 'show']);\n"
               f"    Route::resource('tags', \\{ns}\\TagController::class)->only(['index', 'show']);\n}});\n\n")
    route("laravel", f"/m{i}/posts", f"/m{i}/posts/create", f"/m{i}/posts/{{post}}", f"/m{i}/posts/{{post}}/edit",
          f"/m{i}/reports/{{year}}/{{month?}}", f"/m{i}/tags", f"/m{i}/tags/{{tag}}")
    api.append(f"    Route::apiResource('m{i}/posts', \\App\\Http\\Controllers\\Api\\{m}PostController::class);\n")
    route("laravel", f"/api/v1/m{i}/posts", f"/api/v1/m{i}/posts/{{post}}")
    for c in ["Post", "Report", "Tag"]:
        write(f"laravel/app/Http/Controllers/{m}/{c}Controller.php", f"<?php\n\nnamespace {ns};\n\nuse App\\Http\\Controllers\\Controller;\n"
              f"use Illuminate\\Http\\Request;\n\nclass {c}Controller extends Controller\n{{\n" + lines(
                  "    public function action{k}(Request $request)\n    {{\n        $items = $request->user()->posts()->latest()->paginate(20);\n"
                  "        return view('posts.index', ['items' => $items]);\n    }}\n\n", 6) + "}\n")
    write(f"laravel/app/Http/Controllers/Api/{m}PostController.php", "<?php\n\nnamespace App\\Http\\Controllers\\Api;\n\n"
          f"class {m}PostController\n{{\n    public function index() {{ return []; }}\n}}\n")
    for r in ["Store", "Update"]:
        write(f"laravel/app/Http/Requests/{m}/{r}PostRequest.php", f"<?php\n\nnamespace App\\Http\\Requests\\{m};\n\n"
              f"use Illuminate\\Foundation\\Http\\FormRequest;\n\nclass {r}PostRequest extends FormRequest\n{{\n"
              "    public function rules(): array\n    {\n        return [\n" + lines("            'field{k}' => 'required|string|max:255',\n", 8)
              + "        ];\n    }\n}\n")
    for kind, body in [("Models", "use Illuminate\\Database\\Eloquent\\Model;\n\nclass {m}Post extends Model\n{{\n    protected $fillable = ['title', 'body'];\n}}\n"),
                       ("Policies", "class {m}PostPolicy\n{{\n    public function view($user, $post): bool\n    {{\n        return $user->id === $post->user_id;\n    }}\n}}\n"),
                       ("Services", "class {m}PostService\n{{\n    public function publish($post): void\n    {{\n        $post->published_at = now();\n        $post->save();\n    }}\n}}\n")]:
        write(f"laravel/app/{kind}/{m}Post{'' if kind == 'Models' else kind[:-1].replace('ie', 'y')}.php",
              f"<?php\n\nnamespace App\\{kind};\n\n" + body.format(m=m))
    write(f"laravel/database/migrations/2024_01_01_{i:06d}_create_m{i}_posts_table.php", "<?php\n\nuse Illuminate\\Database\\Migrations\\Migration;\n"
          "use Illuminate\\Database\\Schema\\Blueprint;\nuse Illuminate\\Support\\Facades\\Schema;\n\nreturn new class extends Migration\n{\n"
          "    public function up(): void\n    {\n        Schema::create('posts', function (Blueprint $table) {\n"
          + lines("            $table->string('field{k}');\n", 10) + "        });\n    }\n};\n")
    write(f"laravel/database/factories/{m}PostFactory.php", "<?php\n\nnamespace Database\\Factories;\n\n"
          f"class {m}PostFactory\n{{\n    public function definition(): array\n    {{\n        return ['title' => 'x'];\n    }}\n}}\n")
    for page in ["index", "create", "show", "edit"]:
        write(f"laravel/resources/views/m{i}/posts/{page}.blade.php", "@extends('layouts.app')\n\n@section('content')\n"
              + lines("    <p>{{{{ $post->field{k} }}}}</p>\n", 6) + "@endsection\n")
    write(f"laravel/tests/Feature/{m}PostTest.php", "<?php\n\nnamespace Tests\\Feature;\n\nuse Tests\\TestCase;\n\n"
          f"class {m}PostTest extends TestCase\n{{\n" + lines(
              f"    public function test_{{k}}(): void\n    {{{{\n        $this->get('/m{i}/posts')->assertOk();\n    }}}}\n\n", 5) + "}\n")
    i += 1
write("laravel/routes/web.php", "".join(web))
write("laravel/routes/api.php", "".join(api) + "});\n")

# A plain PHP site: every page under the document root is a GET route; includes and classes are not.
write("php-site/composer.json", json.dumps({"require": {"php": ">=8.1", "phpmailer/phpmailer": "^6.9"}}))
write("php-site/index.php", "<?php\ndefine('APP', true);\nrequire_once __DIR__ . '/lib/bootstrap.php';\n?>\n<h1>Home</h1>\n")
write("php-site/lib/bootstrap.php", "<?php\ndefined('APP') or die;\nsession_start();\nrequire_once __DIR__ . '/db.php';\n")
write("php-site/lib/db.php", "<?php\n\nfunction db(): PDO\n{\n    static $pdo;\n    return $pdo ??= new PDO('sqlite::memory:');\n}\n")
route("php", "/", "/index.php")
i = 0
while count < budget["php"]:
    s = f"s{i}"
    for page in ["index", "list", "edit", "view"]:
        write(f"php-site/{s}/{page}.php", "<?php\ndefine('APP', true);\nrequire_once __DIR__ . '/../lib/bootstrap.php';\n"
              f"require_once __DIR__ . '/includes/{s}.inc.php';\n$rows = db()->query('SELECT * FROM {s}')->fetchAll();\n?>\n"
              "<table>\n<?php foreach ($rows as $row): ?>\n" + lines("  <tr><td><?= htmlspecialchars($row['c{k}']) ?></td></tr>\n", 8)
              + "<?php endforeach; ?>\n</table>\n")
        route("php", f"/{s}/{page}.php")
    route("php", f"/{s}")
    write(f"php-site/{s}/includes/{s}.inc.php", "<?php\n" + lines("function {s}_helper{k}($x) {{ return $x; }}\n".replace("{s}", s), 6))
    write(f"php-site/lib/{s.upper()}Repository.php", f"<?php\n\nclass {s.upper()}Repository\n{{\n    public function all(): array\n    {{\n        return [];\n    }}\n}}\n")
    write(f"php-site/assets/{s}.js", "document.querySelectorAll('tr').forEach((tr) => tr.classList.add('row'));\n")
    write(f"php-site/assets/{s}.css", "table { border-collapse: collapse; }\n")
    i += 1

# Spring Boot: controllers with a class-level @RequestMapping, many plain classes, a context path.
write("spring/pom.xml", "<project>\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>com.example</groupId>\n  <artifactId>shop</artifactId>\n"
      "  <parent>\n    <groupId>org.springframework.boot</groupId>\n    <artifactId>spring-boot-starter-parent</artifactId>\n"
      "    <version>3.3.0</version>\n  </parent>\n  <dependencies>\n    <dependency>\n      <groupId>org.springframework.boot</groupId>\n"
      "      <artifactId>spring-boot-starter-web</artifactId>\n    </dependency>\n  </dependencies>\n</project>\n")
write("spring/src/main/resources/application.properties", "server.servlet.context-path=/shop\nspring.jpa.open-in-view=false\n")
write("spring/src/main/java/com/example/shop/ShopApplication.java", "package com.example.shop;\n\n"
      "import org.springframework.boot.SpringApplication;\nimport org.springframework.boot.autoconfigure.SpringBootApplication;\n\n"
      "@SpringBootApplication\npublic class ShopApplication {\n    public static void main(String[] args) {\n"
      "        SpringApplication.run(ShopApplication.class, args);\n    }\n}\n")
i = 0
while count < budget["spring"]:
    d, D = f"d{i}", f"D{i}"
    pkg = f"com.example.shop.{d}"
    base = f"spring/src/main/java/com/example/shop/{d}"
    head = f"package {pkg};\n\nimport java.util.List;\nimport java.util.Optional;\n\n"
    write(f"{base}/{D}Controller.java", head + "import org.springframework.http.ResponseEntity;\n"
          "import org.springframework.web.bind.annotation.*;\n\n@RestController\n"
          f"@RequestMapping(\"/api/{d}/items\")\npublic class {D}Controller {{\n    private final {D}Service service;\n\n"
          f"    public {D}Controller({D}Service service) {{\n        this.service = service;\n    }}\n\n"
          f"    @GetMapping\n    public List<{D}Dto> list() {{\n        return service.findAll();\n    }}\n\n"
          f"    @GetMapping(\"/{{id}}\")\n    public ResponseEntity<{D}Dto> get(@PathVariable Long id) {{\n"
          "        return ResponseEntity.of(service.find(id));\n    }\n\n"
          f"    @PostMapping\n    public {D}Dto create(@RequestBody {D}Dto dto) {{\n        return service.save(dto);\n    }}\n\n"
          f"    @PutMapping(\"/{{id}}\")\n    public {D}Dto update(@PathVariable Long id, @RequestBody {D}Dto dto) {{\n        return service.save(dto);\n    }}\n\n"
          "    @DeleteMapping(\"/{id}\")\n    public void delete(@PathVariable Long id) {\n        service.delete(id);\n    }\n}\n")
    route("spring", f"/shop/api/{d}/items", f"/shop/api/{d}/items/{{id}}")
    if i % 4 == 0:
        write(f"{base}/{D}PageController.java", head + "import org.springframework.stereotype.Controller;\n"
              "import org.springframework.web.bind.annotation.*;\n\n@Controller\n"
              f"@RequestMapping(\"/{d}\")\npublic class {D}PageController {{\n"
              "    @GetMapping\n    public String list() {\n        return \"list\";\n    }\n\n"
              "    @RequestMapping(value = \"/{id:\\\\d+}\", method = RequestMethod.GET)\n    public String show(@PathVariable Long id) {\n        return \"show\";\n    }\n}\n")
        route("spring", f"/shop/{d}", f"/shop/{d}/{{id}}")
        for page in ["list", "show"]:
            write(f"spring/src/main/resources/templates/{d}/{page}.html", "<!DOCTYPE html>\n<html xmlns:th=\"http://www.thymeleaf.org\"><body></body></html>\n")
    write(f"{base}/{D}Service.java", head + f"public interface {D}Service {{\n    List<{D}Dto> findAll();\n\n"
          f"    Optional<{D}Dto> find(Long id);\n\n    {D}Dto save({D}Dto dto);\n\n    void delete(Long id);\n}}\n")
    write(f"{base}/{D}ServiceImpl.java", head + "import org.springframework.stereotype.Service;\n\n@Service\n"
          f"class {D}ServiceImpl implements {D}Service {{\n    private final {D}Repository repository;\n    private final {D}Mapper mapper;\n\n"
          f"    {D}ServiceImpl({D}Repository repository, {D}Mapper mapper) {{\n        this.repository = repository;\n        this.mapper = mapper;\n    }}\n\n"
          f"    public List<{D}Dto> findAll() {{\n        return repository.findAll().stream().map(mapper::toDto).toList();\n    }}\n\n"
          f"    public Optional<{D}Dto> find(Long id) {{\n        return repository.findById(id).map(mapper::toDto);\n    }}\n\n"
          f"    public {D}Dto save({D}Dto dto) {{\n        return mapper.toDto(repository.save(mapper.toEntity(dto)));\n    }}\n\n"
          "    public void delete(Long id) {\n        repository.deleteById(id);\n    }\n}\n")
    write(f"{base}/{D}Repository.java", head + "import org.springframework.data.jpa.repository.JpaRepository;\n\n"
          f"public interface {D}Repository extends JpaRepository<{D}, Long> {{\n    List<{D}> findByNameContaining(String name);\n}}\n")
    write(f"{base}/{D}.java", head + "import jakarta.persistence.*;\n\n@Entity\n" f"public class {D} {{\n    @Id\n    @GeneratedValue\n    private Long id;\n"
          + lines("    private String field{k};\n", 10) + "\n" + lines(
              "    public String getField{k}() {{\n        return field{k};\n    }}\n\n    public void setField{k}(String value) {{\n        this.field{k} = value;\n    }}\n\n", 10) + "}\n")
    write(f"{base}/{D}Dto.java", head + f"public record {D}Dto(Long id, " + ", ".join(f"String field{k}" for k in range(10)) + ") {}\n")
    write(f"{base}/{D}Mapper.java", head + f"@org.springframework.stereotype.Component\nclass {D}Mapper {{\n"
          f"    {D}Dto toDto({D} e) {{\n        return new {D}Dto(e.getId(), " + ", ".join(f"e.getField{k}()" for k in range(10)) + ");\n    }\n\n"
          f"    {D} toEntity({D}Dto dto) {{\n        return new {D}();\n    }}\n}}\n")
    write(f"{base}/{D}NotFoundException.java", head + f"public class {D}NotFoundException extends RuntimeException {{\n"
          f"    public {D}NotFoundException(Long id) {{\n        super(\"{D} \" + id + \" not found\");\n    }}\n}}\n")
    write(f"{base}/{D}Validator.java", head + f"class {D}Validator {{\n" + lines(
        "    boolean check{k}(String value) {{\n        return value != null && !value.isBlank();\n    }}\n\n", 6) + "}\n")
    for t in ["Controller", "Service"]:
        write(f"spring/src/test/java/com/example/shop/{d}/{D}{t}Test.java", f"package {pkg};\n\nimport org.junit.jupiter.api.Test;\n\n"
              f"class {D}{t}Test {{\n" + lines("    @Test\n    void case{k}() {{\n    }}\n\n", 6) + "}\n")
    i += 1

# ASP.NET Core: attribute-routed controllers, minimal APIs in MapGroup extension methods, Razor Pages.
write("aspnet/Shop.Web.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n"
      "  </PropertyGroup>\n</Project>\n")
write("aspnet/Shop.Tests/Shop.Tests.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <ItemGroup>\n"
      "    <ProjectReference Include=\"../Shop.Web.csproj\" />\n  </ItemGroup>\n</Project>\n")
write("aspnet/appsettings.json", json.dumps({"Logging": {"LogLevel": {"Default": "Information"}}}))
for page in ["Index", "Error", "Privacy"]:
    write(f"aspnet/Pages/{page}.cshtml", f"@page\n@model {page}Model\n<h1>{page}</h1>\n")
    write(f"aspnet/Pages/{page}.cshtml.cs", f"namespace Shop.Web.Pages;\n\npublic class {page}Model : PageModel\n{{\n    public void OnGet() {{ }}\n}}\n")
for part in ["_Layout", "_ViewImports", "_ViewStart"]:
    write(f"aspnet/Pages/{'Shared/' if part == '_Layout' else ''}{part}.cshtml", "@using Shop.Web\n")
route("aspnetcore", "/", "/Error", "/Privacy")
maps = []
i = 0
while count < budget["aspnet"] - 1:
    C = f"C{i}"
    write(f"aspnet/Controllers/{C}Controller.cs", "using Microsoft.AspNetCore.Mvc;\n\nnamespace Shop.Web.Controllers;\n\n"
          f"[ApiController]\n[Route(\"api/[controller]\")]\npublic class {C}Controller : ControllerBase\n{{\n"
          f"    private readonly I{C}Service _service;\n\n    public {C}Controller(I{C}Service service) => _service = service;\n\n"
          "    [HttpGet]\n    public IActionResult List() => Ok(_service.All());\n\n"
          "    [HttpGet(\"{id:int}\")]\n    public IActionResult Get(int id) => Ok(_service.Find(id));\n\n"
          f"    [HttpPost]\n    public IActionResult Create({C}Dto dto) => Ok(_service.Save(dto));\n\n"
          f"    [HttpPut(\"{{id:int}}\")]\n    public IActionResult Update(int id, {C}Dto dto) => Ok(_service.Save(dto));\n\n"
          "    [HttpDelete(\"{id:int}\")]\n    public IActionResult Delete(int id) => NoContent();\n}\n")
    route("aspnetcore", f"/api/{C}", f"/api/{C}/{{id}}")
    if i % 3 == 0:
        maps.append(f"Map{C}Endpoints")
        write(f"aspnet/Endpoints/{C}Endpoints.cs", "namespace Shop.Web.Endpoints;\n\n"
              f"public static class {C}Endpoints\n{{\n    public static IEndpointRouteBuilder Map{C}Endpoints(this IEndpointRouteBuilder app)\n    {{\n"
              f"        var group = app.MapGroup(\"/minimal/{C.lower()}\");\n        group.MapGet(\"/\", () => Results.Ok());\n"
              "        group.MapGet(\"/{id:int}\", (int id) => Results.Ok(id));\n        group.MapPost(\"/\", () => Results.Created());\n"
              "        return app;\n    }\n}\n")
        route("aspnetcore", f"/minimal/{C.lower()}", f"/minimal/{C.lower()}/{{id}}")
    if i % 2 == 0:
        for page, directive in [("Index", "@page"), ("Details", "@page \"{id:int}\"")]:
            write(f"aspnet/Pages/{C}/{page}.cshtml", f"{directive}\n@model {page}Model\n" + lines("<p>@Model.Field{k}</p>\n", 6))
            write(f"aspnet/Pages/{C}/{page}.cshtml.cs", f"namespace Shop.Web.Pages.{C};\n\npublic class {page}Model : PageModel\n{{\n"
                  + lines("    public string Field{k} {{ get; set; }} = \"\";\n", 6) + "\n    public void OnGet() { }\n}\n")
        route("aspnetcore", f"/{C}", f"/{C}/Details/{{id}}")
        write(f"aspnet/wwwroot/js/{C.lower()}.js", "export function init() {}\n")
    write(f"aspnet/Models/{C}.cs", f"namespace Shop.Web.Models;\n\npublic class {C}\n{{\n    public int Id {{ get; set; }}\n"
          + lines("    public string Field{k} {{ get; set; }} = \"\";\n", 10) + "}\n")
    write(f"aspnet/Dtos/{C}Dto.cs", f"namespace Shop.Web.Dtos;\n\npublic record {C}Dto(int Id, " + ", ".join(f"string Field{k}" for k in range(10)) + ");\n")
    write(f"aspnet/Services/I{C}Service.cs", f"namespace Shop.Web.Services;\n\npublic interface I{C}Service\n{{\n"
          f"    IEnumerable<{C}Dto> All();\n    {C}Dto? Find(int id);\n    {C}Dto Save({C}Dto dto);\n}}\n")
    write(f"aspnet/Services/{C}Service.cs", f"namespace Shop.Web.Services;\n\npublic class {C}Service : I{C}Service\n{{\n"
          f"    private readonly ShopDbContext _db;\n\n    public {C}Service(ShopDbContext db) => _db = db;\n\n"
          f"    public IEnumerable<{C}Dto> All() => _db.Set<{C}>().Select(x => new {C}Dto(x.Id, "
          + ", ".join(f"x.Field{k}" for k in range(10)) + "));\n\n"
          f"    public {C}Dto? Find(int id) => All().FirstOrDefault(x => x.Id == id);\n\n    public {C}Dto Save({C}Dto dto) => dto;\n}}\n")
    write(f"aspnet/Data/Configurations/{C}Configuration.cs", f"namespace Shop.Web.Data.Configurations;\n\n"
          f"public class {C}Configuration : IEntityTypeConfiguration<{C}>\n{{\n    public void Configure(EntityTypeBuilder<{C}> builder)\n    {{\n"
          + lines("        builder.Property(x => x.Field{k}).HasMaxLength(200);\n", 10) + "    }\n}\n")
    write(f"aspnet/Data/Migrations/2024010100{i:04d}_Add{C}.cs", "using Microsoft.EntityFrameworkCore.Migrations;\n\n"
          f"public partial class Add{C} : Migration\n{{\n    protected override void Up(MigrationBuilder migrationBuilder)\n    {{\n"
          + lines(f"        migrationBuilder.AddColumn<string>(name: \"Field{{k}}\", table: \"{C}\", nullable: true);\n", 12) + "    }\n}\n")
    write(f"aspnet/Shop.Tests/{C}ControllerTests.cs", f"namespace Shop.Tests;\n\npublic class {C}ControllerTests\n{{\n"
          + lines("    [Fact]\n    public void Case{k}() {{ }}\n\n", 6) + "}\n")
    i += 1
write("aspnet/Program.cs", "var builder = WebApplication.CreateBuilder(args);\nbuilder.Services.AddControllers();\n"
      "builder.Services.AddRazorPages();\n\nvar app = builder.Build();\n\napp.UseStaticFiles();\napp.MapControllers();\napp.MapRazorPages();\n"
      + "".join(f"app.{m}();\n" for m in maps) + "\napp.Run();\n")

# Nuxt: pages/ (index, [id], [...slug]), server/api handlers with method suffixes.
write("nuxt/package.json", json.dumps({"name": "shop-nuxt", "private": True, "dependencies": {"nuxt": "^3.12.0", "vue": "^3.4.0"}}))
write("nuxt/nuxt.config.ts", "export default defineNuxtConfig({\n  devtools: { enabled: true },\n});\n")
write("nuxt/app.vue", "<template>\n  <NuxtLayout><NuxtPage /></NuxtLayout>\n</template>\n")
write("nuxt/layouts/default.vue", "<template>\n  <main><slot /></main>\n</template>\n")
write("nuxt/pages/index.vue", "<template>\n  <h1>Shop</h1>\n</template>\n")
write("nuxt/server/routes/sitemap.xml.ts", "export default defineEventHandler(() => '<urlset/>');\n")
route("nuxt", "/", "/sitemap.xml")
vue = "<script setup lang=\"ts\">\nconst props = defineProps<{ id?: string }>();\n" + lines("const value{k} = ref(props.id ?? '{k}');\n", 6) + "</script>\n\n<template>\n" + lines("  <p>{{{{ value{k} }}}}</p>\n", 6) + "</template>\n"
i = 0
while count < budget["nuxt"]:
    n = f"n{i}"
    write(f"nuxt/pages/{n}/index.vue", vue)
    write(f"nuxt/pages/{n}/[id].vue", vue)
    route("nuxt", f"/{n}", f"/{n}/{{id}}")
    if i % 4 == 0:
        write(f"nuxt/pages/{n}/[...slug].vue", vue)
        route("nuxt", f"/{n}/{{*slug?}}")
    for h in ["index.get", "index.post", "[id].get", "[id].delete"]:
        write(f"nuxt/server/api/{n}/{h}.ts", "export default defineEventHandler(async (event) => {\n"
              "  const id = getRouterParam(event, 'id');\n  return { id };\n});\n")
    route("nuxt", f"/api/{n}", f"/api/{n}/{{id}}")
    for c in ["Card", "List", "Form"]:
        write(f"nuxt/components/{n}/{n.upper()}{c}.vue", vue)
    write(f"nuxt/composables/use{n.upper()}.ts", f"export function use{n.upper()}() {{\n  return useFetch('/api/{n}');\n}}\n")
    write(f"nuxt/stores/{n}.ts", f"export const use{n.upper()}Store = defineStore('{n}', {{ state: () => ({{ items: [] }}) }});\n")
    write(f"nuxt/server/utils/{n}.ts", "export function load(id: string) {\n  return { id };\n}\n")
    write(f"nuxt/tests/{n}.spec.ts", "import { describe, it } from 'vitest';\n\ndescribe('page', () => { it('renders', () => {}); });\n")
    i += 1

# Astro: src/pages (index, [slug], endpoints exporting GET/POST), content collections, components.
write("astro/package.json", json.dumps({"name": "shop-astro", "type": "module", "dependencies": {"astro": "^4.15.0"}}))
write("astro/astro.config.mjs", "import { defineConfig } from 'astro/config';\n\nexport default defineConfig({ site: 'https://example.com' });\n")
write("astro/src/layouts/Base.astro", "---\nconst { title } = Astro.props;\n---\n<html><head><title>{title}</title></head><body><slot /></body></html>\n")
write("astro/src/pages/index.astro", "---\nimport Base from '../layouts/Base.astro';\n---\n<Base title=\"Home\"><h1>Home</h1></Base>\n")
write("astro/src/pages/404.astro", "<h1>Not found</h1>\n")
write("astro/src/pages/rss.xml.ts", "export async function GET() {\n  return new Response('<rss/>');\n}\n")
route("astro", "/", "/404", "/rss.xml")
i = 0
while count < budget["astro"]:
    a = f"a{i}"
    write(f"astro/src/pages/{a}/index.astro", "---\nimport Base from '../../layouts/Base.astro';\n"
          f"import {{ getCollection }} from 'astro:content';\nconst posts = await getCollection('{a}');\n---\n"
          "<Base title=\"List\"><ul>{posts.map((p) => <li><a href={p.slug}>{p.data.title}</a></li>)}</ul></Base>\n")
    write(f"astro/src/pages/{a}/[slug].astro", "---\nimport { getCollection } from 'astro:content';\n"
          f"export async function getStaticPaths() {{\n  const posts = await getCollection('{a}');\n"
          "  return posts.map((post) => ({ params: { slug: post.slug }, props: { post } }));\n}\n"
          "const { post } = Astro.props;\nconst { Content } = await post.render();\n---\n<Content />\n")
    write(f"astro/src/pages/api/{a}.ts", "import type { APIRoute } from 'astro';\n\n"
          "export const GET: APIRoute = async () => new Response(JSON.stringify([]));\n\n"
          "export const POST: APIRoute = async ({ request }) => new Response(await request.text());\n")
    route("astro", f"/{a}", f"/{a}/{{slug}}", f"/api/{a}")
    for k in range(6):
        write(f"astro/src/content/{a}/post-{k}.md", f"---\ntitle: Post {k}\n---\n\n" + lines("Paragraph {k} of the post, with some words.\n\n", 8))
    for c in ["Card", "Hero"]:
        write(f"astro/src/components/{a.upper()}{c}.astro", "---\nconst { title } = Astro.props;\n---\n<section><h2>{title}</h2><slot /></section>\n")
    write(f"astro/public/{a}/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n")
    i += 1

with open(os.path.join(os.path.dirname(root), "expected.txt"), "w") as f:
    f.writelines(f"{fw} {p}\n" for fw, p in expected)
print(f"generated {count} tracked files (+{total // 20} ignored), {len(expected)} route patterns", file=sys.stderr)
PY
else
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
fi
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
"$parity" scan . --format json >"$work/scan.json"
echo "tree: $(rg --files | wc -l) files rg lists; $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["routes"])' "$work/scan.json") routes parity finds"
# Per framework: the routes parity lists and, where the generator wrote
# down what the tree serves (`backends`), how many of those paths it found.
python3 - "$work/scan.json" "$work/expected.txt" <<'PY'
import collections, json, os, sys
found = collections.defaultdict(set)
routes = collections.Counter()
for tree in json.load(open(sys.argv[1]))["trees"]:
    for r in tree["routes"]:
        found[r["framework"]].add(r["pattern"])
        routes[r["framework"]] += 1
expected = collections.defaultdict(set)
if os.path.exists(sys.argv[2]):
    for line in open(sys.argv[2]):
        framework, pattern = line.split()
        expected[framework].add(pattern)
for framework in sorted(set(found) | set(expected)):
    line = f"  {framework}: {routes[framework]} routes, {len(found[framework])} paths"
    if expected:
        want = expected[framework]
        line += f"; {len(want & found[framework])} of the {len(want)} paths the tree serves"
        line += f", {len(found[framework] - want)} others"
    print(line)
PY
rg_ms=$(bench rg --files)
scan_ms=$(bench "$parity" scan . --format json)
echo "rg --files: ${rg_ms} ms; parity scan: ${scan_ms} ms; ratio $(python3 -c "print(round($scan_ms / max($rg_ms, 1), 2))")"
