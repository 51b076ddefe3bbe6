//! The C# conditional compilation symbols a .NET project's default build
//! (`dotnet build`: the Debug configuration) defines, read from its `MSBuild`
//! files the way `MSBuild` evaluates `DefineConstants`:
//!
//! 1. `Directory.Build.props` (the nearest one at or above the project's
//!    folder), imported before the project;
//! 2. the SDK's C# props append `TRACE`;
//! 3. the `*.csproj` body;
//! 4. after it, the configuration's symbol (`DEBUG`) unless
//!    `DisableImplicitConfigurationDefines`, and the target framework's
//!    (`NET`, `NETCOREAPP`, `NET8_0`, `NET8_0_OR_GREATER`, …, from
//!    `TargetFramework`, or the first of `TargetFrameworks`) unless
//!    `DisableImplicitFrameworkDefines`; `DisableDiagnosticTracing` drops
//!    `TRACE`.
//!
//! A `<DefineConstants>` replaces the value unless it names
//! `$(DefineConstants)`, as in `MSBuild`; `Condition`s on a property or its
//! `PropertyGroup` are evaluated with `Configuration` `Debug` and
//! `Platform` `AnyCPU` (comparisons of quoted strings with `==`/`!=`,
//! `and`, `or`, `!`, parentheses); a condition calling a function
//! (`Exists(…)`) is taken as false. An undefined property is empty, as in
//! `MSBuild`. XML comments are no elements (a `dotnet new` template's
//! `<!--#if (X)-->` says nothing to the build).

use std::collections::HashMap;

/// The properties read; every other one is empty when referenced.
const TRACKED: &[&str] = &[
    "DefineConstants",
    "TargetFramework",
    "TargetFrameworks",
    "Configuration",
    "Platform",
    "DisableImplicitConfigurationDefines",
    "DisableImplicitFrameworkDefines",
    "DisableDiagnosticTracing",
];

/// The symbols of a project whose `MSBuild` files are `props` (the
/// `Directory.Build.props` imported, if any) and `project` (its `*.csproj`).
#[must_use]
pub fn symbols(props: Option<&str>, project: Option<&str>) -> Vec<String> {
    let mut values: HashMap<&str, String> = HashMap::new();
    values.insert("Configuration", "Debug".to_owned());
    values.insert("Platform", "AnyCPU".to_owned());
    if let Some(props) = props {
        evaluate(props, &mut values);
    }
    let traced = append(values.get("DefineConstants").map_or("", String::as_str), "TRACE");
    values.insert("DefineConstants", traced);
    if let Some(project) = project {
        evaluate(project, &mut values);
    }
    let on = |name: &str| values.get(name).is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    let mut out: Vec<String> = split(values.get("DefineConstants").map_or("", String::as_str));
    if on("DisableDiagnosticTracing") {
        out.retain(|s| s != "TRACE");
    }
    if !on("DisableImplicitConfigurationDefines") {
        let configuration = values.get("Configuration").map_or("Debug", String::as_str);
        out.push(configuration.to_uppercase().replace(['-', '.', ' '], "_"));
    }
    if !on("DisableImplicitFrameworkDefines") {
        let framework = values.get("TargetFramework").filter(|f| !f.trim().is_empty());
        let first = values.get("TargetFrameworks").and_then(|f| split(f).into_iter().next());
        if let Some(framework) = framework.cloned().or(first) {
            out.extend(framework_symbols(framework.trim()));
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|s| seen.insert(s.clone()));
    out
}

fn append(value: &str, symbol: &str) -> String {
    if value.is_empty() { symbol.to_owned() } else { format!("{value};{symbol}") }
}

fn split(value: &str) -> Vec<String> {
    value.split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

/// The symbols a target framework moniker defines (`net8.0-windows`: the
/// .NET 8 ones and `WINDOWS`).
fn framework_symbols(moniker: &str) -> Vec<String> {
    const CORE: &[&str] = &["1.0", "1.1", "2.0", "2.1", "2.2", "3.0", "3.1"];
    const STANDARD: &[&str] = &["1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.0", "2.1"];
    const FRAMEWORK: &[&str] =
        &["20", "30", "35", "40", "45", "451", "452", "46", "461", "462", "47", "471", "472", "48", "481"];
    let lower = moniker.to_ascii_lowercase();
    let (framework, platform) = lower.split_once('-').unwrap_or((&lower, ""));
    let mut out = Vec::new();
    let versions = |family: &str, known: &[&str], upto: &str, out: &mut Vec<String>| {
        let at = known.iter().position(|v| *v == upto);
        for version in &known[..=at.unwrap_or(known.len() - 1)] {
            out.push(format!("{family}{}_OR_GREATER", version.replace('.', "_")));
        }
    };
    if let Some(version) = framework.strip_prefix("netcoreapp") {
        out.extend(["NETCOREAPP".to_owned(), format!("NETCOREAPP{}", version.replace('.', "_"))]);
        versions("NETCOREAPP", CORE, version, &mut out);
    } else if let Some(version) = framework.strip_prefix("netstandard") {
        out.extend(["NETSTANDARD".to_owned(), format!("NETSTANDARD{}", version.replace('.', "_"))]);
        versions("NETSTANDARD", STANDARD, version, &mut out);
    } else if let Some(version) = framework.strip_prefix("net") {
        if let Some((major, _)) = version.split_once('.') {
            // .NET 5 and later: every major version from 5 up to this one.
            let Ok(major) = major.parse::<u32>() else { return out };
            out.extend(["NET".to_owned(), "NETCOREAPP".to_owned(), format!("NET{}", version.replace('.', "_"))]);
            out.extend((5..=major).map(|v| format!("NET{v}_0_OR_GREATER")));
            versions("NETCOREAPP", CORE, "3.1", &mut out);
        } else if FRAMEWORK.contains(&version) {
            out.extend(["NETFRAMEWORK".to_owned(), format!("NET{version}")]);
            versions("NET", FRAMEWORK, version, &mut out);
        }
    }
    let platform: String = platform.chars().take_while(char::is_ascii_alphabetic).collect();
    if !platform.is_empty() {
        out.push(platform.to_uppercase());
    }
    out
}

/// Applies the tracked properties of one `MSBuild` file, in document order.
fn evaluate(xml: &str, values: &mut HashMap<&'static str, String>) {
    let xml = without_comments(xml);
    // Open elements, and whether each one's condition holds.
    let mut open: Vec<(String, bool)> = Vec::new();
    let mut rest = xml.as_str();
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let Some(close) = rest.find('>') else { break };
        let tag = &rest[..close];
        rest = &rest[close + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim();
            if let Some(at) = open.iter().rposition(|(n, _)| n == name) {
                open.truncate(at);
            }
            continue;
        }
        if tag.starts_with(['?', '!']) {
            continue;
        }
        let name: &str = tag.split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or_default();
        let holds = attribute(tag, "Condition").is_none_or(|c| condition(&c, values));
        let applies = holds && open.iter().all(|(_, held)| *held);
        if tag.ends_with('/') {
            continue;
        }
        if let Some(&tracked) = TRACKED.iter().find(|t| **t == name) {
            let end = format!("</{name}>");
            let Some(text_end) = rest.find(&end) else { break };
            if applies {
                let value = expand(&unescape(&rest[..text_end]), values);
                values.insert(tracked, value);
            }
            rest = &rest[text_end + end.len()..];
            continue;
        }
        open.push((name.to_owned(), holds));
    }
}

fn without_comments(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(at) = rest.find("<!--") {
        out.push_str(&rest[..at]);
        rest = rest[at..].find("-->").map_or("", |end| &rest[at + end + 3..]);
    }
    out.push_str(rest);
    out
}

/// An attribute's value, unescaped.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let at = tag.match_indices(name).find(|(at, _)| tag[..*at].ends_with(char::is_whitespace))?.0;
    let rest = tag[at + name.len()..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = rest[1..].split(quote).next()?;
    Some(unescape(value))
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

/// `$(Name)` replaced by the property's value, empty when it has none.
fn expand(text: &str, values: &HashMap<&str, String>) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("$(") {
        out.push_str(&rest[..at]);
        let Some(end) = rest[at..].find(')') else { break };
        let name = rest[at + 2..at + end].trim();
        out.push_str(values.get(name).map_or("", String::as_str));
        rest = &rest[at + end + 1..];
    }
    out.push_str(rest);
    out.trim().to_owned()
}

/// Whether an `MSBuild` condition holds; one the reader cannot evaluate does not.
fn condition(text: &str, values: &HashMap<&str, String>) -> bool {
    let expanded = expand(text, values);
    let tokens = condition_tokens(&expanded);
    let mut parser = Condition { tokens: &tokens, at: 0 };
    parser.or().filter(|_| parser.at == tokens.len()).unwrap_or(false)
}

/// Quoted strings (kept with their quote), operators, words.
fn condition_tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            c if c.is_whitespace() => {}
            '\'' => {
                let end = text[at + 1..].find('\'').map_or(text.len(), |e| at + 1 + e);
                out.push(text[at..end].to_owned());
                while chars.peek().is_some_and(|(i, _)| *i <= end) {
                    chars.next();
                }
            }
            '=' | '!' if chars.peek().is_some_and(|(_, n)| *n == '=') => {
                chars.next();
                out.push(format!("{c}="));
            }
            c if c.is_alphanumeric() || c == '_' => {
                let mut word = c.to_string();
                while let Some((_, n)) = chars.peek().filter(|(_, n)| n.is_alphanumeric() || *n == '_' || *n == '.') {
                    word.push(*n);
                    chars.next();
                }
                out.push(word.to_ascii_lowercase());
            }
            c => out.push(c.to_string()),
        }
    }
    out
}

/// `MSBuild`'s condition grammar, the part of it a property group uses.
struct Condition<'t> {
    tokens: &'t [String],
    at: usize,
}

/// A value in a condition: a string, or a boolean.
enum Value {
    Text(String),
    Bool(bool),
}

impl Condition<'_> {
    fn eat(&mut self, token: &str) -> bool {
        let found = self.tokens.get(self.at).is_some_and(|t| t == token);
        self.at += usize::from(found);
        found
    }

    fn or(&mut self) -> Option<bool> {
        let mut value = self.and()?;
        while self.eat("or") {
            value |= self.and()?;
        }
        Some(value)
    }

    fn and(&mut self) -> Option<bool> {
        let mut value = self.comparison()?;
        while self.eat("and") {
            value &= self.comparison()?;
        }
        Some(value)
    }

    fn comparison(&mut self) -> Option<bool> {
        if self.eat("!") {
            return self.comparison().map(|v| !v);
        }
        let left = self.operand()?;
        let equal = if self.eat("==") {
            true
        } else if self.eat("!=") {
            false
        } else {
            return match left {
                Value::Bool(b) => Some(b),
                Value::Text(t) => boolean(&t),
            };
        };
        let right = self.operand()?;
        let text = |v: Value| match v {
            Value::Text(t) => t.to_lowercase(),
            Value::Bool(b) => b.to_string(),
        };
        Some((text(left) == text(right)) == equal)
    }

    fn operand(&mut self) -> Option<Value> {
        if self.eat("(") {
            let value = self.or()?;
            return self.eat(")").then_some(Value::Bool(value));
        }
        let token = self.tokens.get(self.at)?;
        self.at += 1;
        if let Some(text) = token.strip_prefix('\'') {
            return Some(Value::Text(text.to_owned()));
        }
        // A bare word: a boolean or a number; a function call is not read.
        if self.tokens.get(self.at).is_some_and(|t| t == "(") {
            return None;
        }
        Some(Value::Text(token.clone()))
    }
}

fn boolean(text: &str) -> Option<bool> {
    match text.to_lowercase().as_str() {
        "true" | "on" | "yes" => Some(true),
        "false" | "off" | "no" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::symbols;

    #[test]
    fn a_default_build_defines_debug_trace_and_the_frameworks_symbols() {
        let props = "<Project><PropertyGroup><TargetFramework>net10.0</TargetFramework>\
                     <!--#if (UsePostgreSQL)--><!-- <DefineConstants>NOT_READ</DefineConstants> --><!--#endif-->\
                     </PropertyGroup></Project>";
        let project = r#"<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><RootNamespace>X</RootNamespace></PropertyGroup></Project>"#;
        let found = symbols(Some(props), Some(project));
        assert_eq!(found[..5], ["TRACE", "DEBUG", "NET", "NETCOREAPP", "NET10_0"]);
        assert!(found.contains(&"NET5_0_OR_GREATER".to_owned()) && found.contains(&"NET10_0_OR_GREATER".to_owned()));
        assert!(
            found.contains(&"NETCOREAPP3_1_OR_GREATER".to_owned()) && !found.contains(&"NET11_0_OR_GREATER".to_owned())
        );
        assert!(!found.contains(&"NOT_READ".to_owned()));
    }

    #[test]
    fn define_constants_appends_or_replaces_under_conditions_that_hold() {
        let project = r#"<Project>
          <PropertyGroup><TargetFrameworks>netcoreapp3.1;net8.0</TargetFrameworks>
            <DefineConstants>$(DefineConstants);USE_API</DefineConstants></PropertyGroup>
          <PropertyGroup Condition=" '$(Configuration)|$(Platform)' == 'Debug|AnyCPU' ">
            <DefineConstants>$(DefineConstants);LOCAL</DefineConstants></PropertyGroup>
          <PropertyGroup Condition="'$(Configuration)' == 'Release'"><DefineConstants>SHIP</DefineConstants></PropertyGroup>
          <PropertyGroup><DefineConstants Condition="Exists('x.txt')">ODD</DefineConstants></PropertyGroup>
          <PropertyGroup Condition="'$(UseX)' != 'true' and !('$(Configuration)' == 'Release')">
            <DefineConstants>$(DefineConstants);NO_X</DefineConstants></PropertyGroup>
        </Project>"#;
        let found = symbols(None, Some(project));
        assert_eq!(found[..5], ["TRACE", "USE_API", "LOCAL", "NO_X", "DEBUG"]);
        assert!(found.contains(&"NETCOREAPP3_1".to_owned()) && !found.contains(&"NET".to_owned()));
        let replaced = "<Project><PropertyGroup><DefineConstants>ONLY</DefineConstants>\
                        <DisableImplicitConfigurationDefines>true</DisableImplicitConfigurationDefines>\
                        <TargetFramework>net8.0-windows10.0.19041</TargetFramework></PropertyGroup></Project>";
        let found = symbols(None, Some(replaced));
        assert_eq!(found[..4], ["ONLY", "NET", "NETCOREAPP", "NET8_0"]);
        assert_eq!(found.last().map(String::as_str), Some("WINDOWS"));
        assert_eq!(symbols(None, None), ["TRACE", "DEBUG"]);
    }
}
