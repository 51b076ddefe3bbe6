//! The methods a Django view answers, as far as its code says: a
//! class-based view's handlers (`def get`, `def post`) and those of its
//! bases (the project's own, and Django's and Django REST Framework's
//! generic views by name), limited by `http_method_names`; a function
//! view's `@require_http_methods([…])`, `@require_GET`/`POST`/`safe` or
//! DRF's `@api_view([…])`. A view nothing narrows answers any method
//! (`*`), as Django calls it for every method.
//!
//! The same reading of classes gives a DRF `ViewSet` its actions (`list`,
//! `retrieve`, … from its mixins) and its `@action`s, for `drf`.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::django::Project;
use super::python::{self, Module, Target};
use super::tree::{self, Tree};

/// The HTTP handlers a class-based view may define.
const HANDLERS: &[&str] = &["get", "post", "put", "patch", "delete", "head", "options", "trace"];

/// Django's and DRF's classes by name: the handlers (or `ViewSet`
/// actions) they define (Django's form views answer `PUT` as `POST`). A
/// base not here and not in the project is unknown.
const KNOWN: &[(&str, &[&str])] = &[
    ("object", &[]),
    ("View", &[]),
    ("APIView", &[]),
    ("GenericAPIView", &[]),
    ("ViewSet", &[]),
    ("GenericViewSet", &[]),
    ("ViewSetMixin", &[]),
    ("MethodView", &[]),
    ("LoginRequiredMixin", &[]),
    ("PermissionRequiredMixin", &[]),
    ("UserPassesTestMixin", &[]),
    ("AccessMixin", &[]),
    ("ContextMixin", &[]),
    ("TemplateResponseMixin", &[]),
    ("SingleObjectMixin", &[]),
    ("MultipleObjectMixin", &[]),
    ("FormMixin", &[]),
    ("TemplateView", &["get"]),
    ("ListView", &["get"]),
    ("DetailView", &["get"]),
    ("PasswordResetDoneView", &["get"]),
    ("PasswordResetCompleteView", &["get"]),
    ("PasswordChangeDoneView", &["get"]),
    ("RedirectView", &["get", "post", "put", "patch", "delete"]),
    ("FormView", &["get", "post", "put"]),
    ("CreateView", &["get", "post", "put"]),
    ("UpdateView", &["get", "post", "put"]),
    ("LoginView", &["get", "post", "put"]),
    ("PasswordChangeView", &["get", "post", "put"]),
    ("PasswordResetView", &["get", "post", "put"]),
    ("PasswordResetConfirmView", &["get", "post", "put"]),
    ("DeleteView", &["get", "post", "delete"]),
    ("LogoutView", &["post"]),
    ("ListAPIView", &["get"]),
    ("CreateAPIView", &["post"]),
    ("RetrieveAPIView", &["get"]),
    ("DestroyAPIView", &["delete"]),
    ("UpdateAPIView", &["put", "patch"]),
    ("ListCreateAPIView", &["get", "post"]),
    ("RetrieveUpdateAPIView", &["get", "put", "patch"]),
    ("RetrieveDestroyAPIView", &["get", "delete"]),
    ("RetrieveUpdateDestroyAPIView", &["get", "put", "patch", "delete"]),
    ("ListModelMixin", &["list"]),
    ("CreateModelMixin", &["create"]),
    ("RetrieveModelMixin", &["retrieve"]),
    ("UpdateModelMixin", &["update", "partial_update"]),
    ("DestroyModelMixin", &["destroy"]),
    ("ModelViewSet", &["list", "create", "retrieve", "update", "partial_update", "destroy"]),
    ("ReadOnlyModelViewSet", &["list", "retrieve"]),
];

/// A DRF `@action` (or the older `@detail_route`/`@list_route`).
#[derive(Clone, Debug)]
pub struct Action {
    pub detail: bool,
    pub methods: Vec<String>,
    pub url_path: String,
    pub name: String,
    pub file: PathBuf,
    pub line: u32,
}

/// What a class and its bases define.
#[derive(Debug, Default)]
pub struct Class {
    /// Every method name defined (handlers, `ViewSet` actions, helpers).
    pub defined: BTreeSet<String>,
    /// A base that neither the project nor [`KNOWN`] defines.
    pub unknown_base: bool,
    /// `http_method_names`, the nearest class's.
    pub allowed: Option<Vec<String>>,
    /// `lookup_url_kwarg` or `lookup_field`, the nearest class's.
    pub lookup: Option<String>,
    pub actions: Vec<Action>,
}

impl Class {
    /// Reads class `name` as `module` sees it, with its bases.
    #[must_use]
    pub fn read(project: &Project, module: &Module, name: &str) -> Self {
        let mut class = Class::default();
        class.collect(project, module, name, 0);
        class
    }

    fn collect(&mut self, project: &Project, module: &Module, name: &str, depth: usize) {
        let Some((home, class)) = project.constants.class(module, name).filter(|_| depth < 12) else {
            match KNOWN.iter().find(|(known, _)| *known == name) {
                Some((_, defined)) => self.defined.extend(defined.iter().map(|d| (*d).to_owned())),
                None => self.unknown_base = true,
            }
            return;
        };
        let attr = |attr: &str| python::assignment(home, attr, Some(&class));
        if self.allowed.is_none() {
            self.allowed = attr("http_method_names").and_then(python::strings);
        }
        if self.lookup.is_none() {
            let lookup = attr("lookup_url_kwarg").or_else(|| attr("lookup_field"));
            self.lookup = lookup.and_then(|value| project.constants.value(home, value));
        }
        if let Some((body, indent)) = python::class_body(home, &class) {
            for def in python::defs(home, body, indent) {
                self.defined.insert(def.name.to_owned());
                self.read_action(home, &def);
            }
        }
        for base in python::class_bases(home, &class) {
            if let Some(base) = python::base_name(base) {
                self.collect(project, home, base, depth + 1);
            }
        }
    }

    /// `@action(detail=…, methods=[…], url_path=…)` and `@x.mapping.post`.
    fn read_action(&mut self, module: &Module, def: &python::Def) {
        for decorator in &def.decorators {
            match decorator {
                [name, Tree::Group(args)] if matches!(name.ident(), Some("action" | "detail_route" | "list_route")) => {
                    let args = tree::split(&args.items, ',');
                    let kwargs = tree::keyword_args(&args);
                    let kwarg = |k: &str| kwargs.iter().find(|(key, _)| *key == k).map(|(_, v)| *v);
                    let detail = match name.ident() {
                        Some("detail_route") => true,
                        Some("list_route") => false,
                        _ => kwarg("detail").is_some_and(|v| v.first().is_some_and(|t| t.is_ident("True"))),
                    };
                    let methods = kwarg("methods").and_then(python::strings).unwrap_or_else(|| vec!["get".to_owned()]);
                    let url_path = kwarg("url_path").and_then(tree::string).map_or(def.name, |t| t.text.as_str());
                    self.actions.push(Action {
                        detail,
                        methods: methods.iter().map(|m| m.to_uppercase()).collect(),
                        url_path: url_path.to_owned(),
                        name: def.name.to_owned(),
                        file: module.file.path.clone(),
                        line: def.line,
                    });
                }
                [action, dot, mapping, dot2, method]
                    if dot.is_punct('.') && dot2.is_punct('.') && mapping.is_ident("mapping") =>
                {
                    let (Some(action), Some(method)) = (action.ident(), method.ident()) else { continue };
                    if let Some(found) = self.actions.iter_mut().find(|a| a.name == action) {
                        found.methods.push(method.to_uppercase());
                    }
                }
                _ => {}
            }
        }
    }

    /// The HTTP methods of a class-based view; `*` when nothing is known.
    #[must_use]
    pub fn view_methods(&self) -> Vec<String> {
        let methods: Vec<String> = self
            .defined
            .iter()
            .filter(|d| HANDLERS.contains(&d.as_str()))
            .filter(|d| self.allowed.as_ref().is_none_or(|allowed| allowed.iter().any(|a| a.eq_ignore_ascii_case(d))))
            .map(|d| d.to_uppercase())
            .collect();
        if methods.is_empty() { vec!["*".to_owned()] } else { methods }
    }
}

/// The methods the view expression of a URL pattern answers.
#[must_use]
pub fn methods(project: &Project, module: &Module, view: &[Tree]) -> Vec<String> {
    view_methods(project, module, view, 0).unwrap_or_else(|| vec!["*".to_owned()])
}

fn view_methods(project: &Project, module: &Module, view: &[Tree], depth: usize) -> Option<Vec<String>> {
    if depth > 4 {
        return None;
    }
    match view {
        // `SomeView.as_view(…)`, `views.SomeView.as_view(…)`; a ViewSet's
        // `as_view({"get": "list"})` names its methods.
        [class @ .., dot, as_view, Tree::Group(args)] if dot.is_punct('.') && as_view.is_ident("as_view") => {
            if let Some(Tree::Group(map)) = args.items.first().filter(|g| g.group('{').is_some()) {
                let keys = tree::fields(map).into_iter().map(|(key, _)| key.to_uppercase()).collect();
                return Some(keys);
            }
            let (home, name) = owner(project, module, class)?;
            Some(Class::read(project, home, name).view_methods())
        }
        // A wrapper: `csrf_exempt(view)`, `require_POST(view)`, `cache_page(60)(view)`.
        [wrapper @ .., Tree::Group(args)] if args.open == '(' && !wrapper.is_empty() => {
            if let Some(methods) = restriction(wrapper) {
                return Some(methods);
            }
            let inner = tree::split(&args.items, ',').into_iter().next()?;
            view_methods(project, module, inner, depth + 1)
        }
        _ => {
            let (home, name) = owner(project, module, view)?;
            let def = python::def_named(home, &home.trees, 0, name)?;
            def.decorators.iter().find_map(|d| restriction(d)).or_else(|| Some(vec!["*".to_owned()]))
        }
    }
}

/// The module that defines a name written `name` or `module.name`, and the
/// name there.
#[must_use]
pub fn owner<'b>(project: &'b Project, module: &'b Module, expr: &'b [Tree]) -> Option<(&'b Module<'b>, &'b str)> {
    match expr {
        [name] => {
            let name = name.ident()?;
            match module.imports.get(name) {
                Some(Target { file, attr: Some(attr) }) => Some((project.module(file)?, attr.as_str())),
                _ => Some((module, name)),
            }
        }
        [.., owner, dot, name] if dot.is_punct('.') => match module.imports.get(owner.ident()?) {
            Some(Target { file, attr: None }) => Some((project.module(file)?, name.ident()?)),
            _ => Some((module, name.ident()?)),
        },
        _ => None,
    }
}

/// The methods a decorator (or wrapper call) lets through:
/// `require_http_methods([…])`, `require_GET`, `require_POST`,
/// `require_safe`, `api_view([…])` (GET without a list).
fn restriction(decorator: &[Tree]) -> Option<Vec<String>> {
    let (name, args) = match decorator {
        [.., name, Tree::Group(args)] if args.open == '(' => (name.ident()?, Some(&args.items[..])),
        [.., name] => (name.ident()?, None),
        [] => return None,
    };
    let listed = || {
        let first = tree::split(args?, ',').into_iter().next()?;
        python::strings(first).map(|list| list.iter().map(|m| m.to_uppercase()).collect::<Vec<_>>())
    };
    match name {
        "require_http_methods" => listed(),
        "require_GET" | "require_safe" => Some(vec!["GET".to_owned()]),
        "require_POST" => Some(vec!["POST".to_owned()]),
        "api_view" => Some(listed().unwrap_or_else(|| vec!["GET".to_owned()])),
        _ => None,
    }
}
