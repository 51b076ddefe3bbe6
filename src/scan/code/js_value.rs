//! The value of a JS/TS mount prefix written as a constant: `const
//! API_PREFIX = process.env.API_PREFIX || '/api'`, `module.exports.prefix =
//! '/api/v1'` required from another file, `config.api.prefix` of an object
//! literal, `` `${API_PREFIX}/auth` ``. The value is the one the app has
//! when the environment sets nothing; whatever needs a call or run-time
//! state stays unknown, and its routes stay `prefix-unresolved`.

use super::Files;
use super::js::{self, Module};
use super::lex::{Kind, Lang};
use super::tree::{self, Group, Tree};

/// Names followed through more assignments than this are a cycle.
const MAX_HOPS: usize = 12;

/// Resolves constant expressions across the modules of one project.
pub struct Values<'m, 'a> {
    pub modules: &'m [Module<'a>],
    pub files: &'m Files<'a>,
}

impl Values<'_, '_> {
    /// The string `expr` of `module` has when the environment sets nothing.
    #[must_use]
    pub fn value(&self, module: &Module, expr: &[Tree]) -> Option<String> {
        self.eval(module, expr, 0)
    }

    fn eval(&self, module: &Module, expr: &[Tree], hops: usize) -> Option<String> {
        if hops > MAX_HOPS {
            return None;
        }
        let expr = strip_type_assertion(expr);
        if let Some(fallback) = env_fallback(expr) {
            return self.eval(module, fallback, hops);
        }
        let terms = tree::split(expr, '+');
        if terms.len() > 1 {
            return terms.iter().map(|term| self.eval(module, term, hops)).collect();
        }
        match expr {
            [Tree::Tok(t)] if t.kind == Kind::Str => Some(t.text.clone()),
            [Tree::Tok(t)] if t.kind == Kind::Template => self.template(module, &t.text, hops),
            [Tree::Group(g)] if g.open == '(' => self.eval(module, &g.items, hops),
            [name] => self.name(module, name.ident()?, hops + 1),
            [owner, rest @ ..] => {
                let fields = field_path(rest)?;
                let (home, mut object) = self.object(module, owner.ident()?, hops + 1)?;
                let (last, path) = fields.split_last()?;
                for field in path {
                    object = match tree::field(object, field)? {
                        [Tree::Group(inner)] if inner.open == '{' => inner,
                        _ => return None,
                    };
                }
                self.eval(home, tree::field(object, last)?, hops + 1)
            }
            _ => None,
        }
    }

    /// `` `${API_PREFIX}/auth` ``: every placeholder must resolve.
    fn template(&self, module: &Module, raw: &str, hops: usize) -> Option<String> {
        let body = raw.strip_prefix('`')?.strip_suffix('`')?;
        super::interpolate(body, "${", Lang::Js, &mut |placeholder| self.eval(module, placeholder, hops))
    }

    /// A `const` of `module`, or a name it imports from another file.
    fn name(&self, module: &Module, name: &str, hops: usize) -> Option<String> {
        let (home, value) = self.binding(module, name)?;
        self.eval(home, value, hops + 1)
    }

    /// The object literal `name` is, in `module` or the module it comes from.
    fn object<'s>(&'s self, module: &'s Module, name: &str, hops: usize) -> Option<(&'s Module<'s>, &'s Group)> {
        if hops > MAX_HOPS {
            return None;
        }
        let (home, value) = self.binding(module, name)?;
        match strip_type_assertion(value) {
            [Tree::Group(object)] if object.open == '{' => Some((home, object)),
            [other] => self.object(home, other.ident()?, hops + 1),
            _ => None,
        }
    }

    /// Where `name` gets its value: an import (`const x = require(…)` is
    /// one), else a `const` of `module`.
    fn binding<'s>(&'s self, module: &'s Module, name: &str) -> Option<(&'s Module<'s>, &'s [Tree])> {
        self.imported(module, name).or_else(|| Some((module, js::const_value(&module.trees, name)?)))
    }

    /// The module and initialiser of a name `module` imports.
    fn imported<'s>(&'s self, module: &Module, name: &str) -> Option<(&'s Module<'s>, &'s [Tree])> {
        let (file, export) = js::imports(module, self.files).remove(name)?;
        let home = self.modules.iter().find(|m| m.file.path == file)?;
        if let Some(value) = exported_value(home, &export) {
            return Some((home, value));
        }
        let local = js::exports(home).remove(&export)?;
        Some((home, js::const_value(&home.trees, &local)?))
    }
}

/// `.a.b` → `["a", "b"]`.
fn field_path(items: &[Tree]) -> Option<Vec<&str>> {
    let fields: Vec<&str> = items
        .chunks(2)
        .map(|pair| match pair {
            [dot, name] if dot.is_punct('.') => name.ident(),
            _ => None,
        })
        .collect::<Option<_>>()?;
    (!fields.is_empty()).then_some(fields)
}

/// `x as string` (TypeScript) is `x`.
fn strip_type_assertion(expr: &[Tree]) -> &[Tree] {
    expr.iter().position(|t| t.is_ident("as")).map_or(expr, |at| &expr[..at])
}

/// `process.env.X || '/api'`, `process.env.X ?? '/api'`: the fallback.
fn env_fallback(expr: &[Tree]) -> Option<&[Tree]> {
    let is_or = |w: &[Tree]| matches!(w, [a, b] if (a.is_punct('|') && b.is_punct('|')) || (a.is_punct('?') && b.is_punct('?')));
    let at = expr.windows(2).position(is_or)?;
    let reads_env =
        expr[..at].windows(3).any(|w| w[0].is_ident("process") && w[1].is_punct('.') && w[2].is_ident("env"));
    reads_env.then(|| &expr[at + 2..])
}

/// `module.exports.NAME = value`, `exports.NAME = value`, the field `NAME`
/// of `module.exports = { … }`, or the value of `export default …` and
/// `module.exports = …`: what a module exports without naming a local.
fn exported_value<'t>(module: &'t Module, name: &str) -> Option<&'t [Tree]> {
    let items = &module.trees;
    for i in 0..items.len() {
        if let [export, default, value @ ..] = &items[i..] {
            if export.is_ident("export") && default.is_ident("default") && name == "default" && !value.is_empty() {
                return Some(statement(value));
            }
        }
        let rest = match &items[i..] {
            [m, dot, e, rest @ ..] if m.is_ident("module") && dot.is_punct('.') && e.is_ident("exports") => rest,
            [e, rest @ ..] if e.is_ident("exports") && (i == 0 || !items[i - 1].is_punct('.')) => rest,
            _ => continue,
        };
        match rest {
            [dot, field, eq, value @ ..] if dot.is_punct('.') && field.is_ident(name) && eq.is_punct('=') => {
                return Some(statement(value));
            }
            [eq, value @ ..] if eq.is_punct('=') && name == "default" => return Some(statement(value)),
            [eq, Tree::Group(object), ..] if eq.is_punct('=') && object.open == '{' => {
                if let Some(value) = tree::field(object, name) {
                    return Some(value);
                }
            }
            _ => {}
        }
    }
    None
}

/// `value` up to the end of its statement: a `;` or the next line's start.
fn statement(value: &[Tree]) -> &[Tree] {
    let end = value.iter().skip(1).position(|t| t.is_punct(';') || t.tok().is_some_and(|t| t.first_on_line));
    &value[..end.map_or(value.len(), |e| e + 1)]
}
