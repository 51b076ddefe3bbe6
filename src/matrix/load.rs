//! Reading matrix files: one file or a directory of files in sorted order,
//! merged into one [`Matrix`]. Every problem of every file is collected; a
//! file that cannot be read never stops the others from being checked.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_saphyr::{Budget, Options};

use super::limits::{MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES};
use super::merged::Matrix;
use super::model::MatrixFile;
use super::problem::Problem;
use super::schema_walk;
use super::source::Sources;
use super::span::Pos;
use super::yaml_stream::{self, Stream};
use crate::file;
use crate::finding::{Code, Finding, Location};

/// A loaded matrix, the text of its files, and every input problem found.
/// When `problems` is not empty the matrix is incomplete and must not be
/// validated or rendered.
#[derive(Debug, Default)]
pub struct Loaded {
    pub matrix: Matrix,
    pub sources: Sources,
    pub problems: Vec<Finding>,
}

/// Loads and merges the matrix at `paths` (files or directories).
#[must_use]
pub fn load(paths: &[PathBuf]) -> Loaded {
    let mut loaded = Loaded::default();
    for path in matrix_files(paths, &mut loaded.problems) {
        load_file(&path, &mut loaded);
    }
    // The list grew by doubling: 30,000 surfaces had room for 32,768.
    loaded.matrix.surfaces.shrink_to_fit();
    loaded
}

fn parse_options() -> Options {
    Options {
        budget: Some(Budget {
            max_depth: MAX_DEPTH,
            max_events: 20_000_000,
            max_nodes: MAX_NODES,
            ..Budget::default()
        }),
        strict_booleans: true,
        with_snippet: false,
        ..Options::default()
    }
}

/// The files to read, in order: each path as given, directories expanded to
/// their `.yaml`/`.yml` files in sorted path order. A path named twice, or
/// inside a directory already named, is read once.
fn matrix_files(paths: &[PathBuf], problems: &mut Vec<Finding>) -> Vec<PathBuf> {
    let mut walk = Walk::default();
    for path in paths {
        let unreadable = |error: std::io::Error| {
            Finding::new(Code::MatrixUnreadable, format!("cannot read `{}`: {error}", path.display()))
                .help("pass a matrix file or a directory of .yaml files (the default is `parity/`)")
        };
        match std::fs::metadata(path).and_then(|meta| Ok((meta, std::fs::canonicalize(path)?))) {
            Err(error) => problems.push(unreadable(error)),
            Ok((_, canonical)) if walk.read.contains_key(&canonical) || walk.seen.contains(&canonical) => {}
            Ok((meta, _)) if meta.is_dir() => {
                let before = (walk.files.len(), walk.problems.len());
                if let Err(error) = walk.directory(path, false) {
                    problems.push(unreadable(error));
                } else if (walk.files.len(), walk.problems.len()) == before {
                    problems.push(
                        Finding::new(
                            Code::MatrixUnreadable,
                            format!("`{}` holds no .yaml or .yml files", path.display()),
                        )
                        .help("a matrix directory holds one or more .yaml files"),
                    );
                }
            }
            Ok((_, canonical)) => {
                walk.seen.insert(canonical);
                walk.files.push(path.clone());
            }
        }
        problems.append(&mut walk.problems);
    }
    walk.files
}

/// Whether a file in a matrix directory is read: `.yaml` and `.yml` files.
#[must_use]
pub fn is_matrix_file(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "yaml" || ext == "yml")
}

/// The matrix files under directories, each directory read once: a link
/// back to a directory already read (`ln -s . parity/loop`) would otherwise
/// read the matrix again and again.
#[derive(Default)]
struct Walk {
    files: Vec<PathBuf>,
    problems: Vec<Finding>,
    /// Each directory read, by its canonical path, with the path it was read
    /// as and whether that path was a link met while walking.
    read: HashMap<PathBuf, (PathBuf, bool)>,
    /// Each file named by the user or met while walking, by its canonical path.
    seen: HashSet<PathBuf>,
}

impl Walk {
    /// Reads `dir`, which is a link met while walking if `link`.
    fn directory(&mut self, dir: &Path, link: bool) -> std::io::Result<()> {
        self.read.insert(std::fs::canonicalize(dir)?, (dir.to_path_buf(), link));
        let mut entries: Vec<PathBuf> =
            std::fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
        entries.sort();
        for entry in entries {
            let link = entry.is_symlink();
            if entry.is_dir() {
                let canonical = std::fs::canonicalize(&entry)?;
                match self.read.get(&canonical) {
                    None => self.directory(&entry, link)?,
                    // A directory the user named too, or its link read first.
                    Some((first, first_link)) if link || *first_link => {
                        let (link, target) = if link { (&entry, first) } else { (first, &entry) };
                        let message =
                            format!("`{}` leads to `{}`, which is already read", link.display(), target.display());
                        let help = "a link to a directory of the matrix reads its files twice; remove the link";
                        self.problems.push(Finding::new(Code::MatrixUnreadable, message).help(help));
                    }
                    // Named by the user, and read then.
                    Some(_) => {}
                }
            } else if is_matrix_file(&entry) {
                // A file the user named is read once; a linked file is read as it is.
                if let Ok(canonical) = std::fs::canonicalize(&entry) {
                    if !self.seen.insert(canonical) && !link {
                        continue;
                    }
                }
                // `parity validate .` should report `a.yaml`, not `./a.yaml`.
                self.files.push(entry.strip_prefix(".").map(Path::to_path_buf).unwrap_or(entry));
            }
        }
        Ok(())
    }
}

fn load_file(path: &Path, loaded: &mut Loaded) {
    match read_text(path) {
        Ok(text) => parse_text(path, text, loaded),
        Err(error) => loaded.record(path, error),
    }
}

impl Loaded {
    /// Adds a matrix file that is not on disk (the demo's embedded part),
    /// as if it had been read from `path`.
    pub fn add_text(&mut self, path: &Path, text: &str) {
        parse_text(path, text.to_owned(), self);
    }

    /// Adds a matrix file read from elsewhere (a git revision) under the
    /// same limits as a file on disk: size, UTF-8, then YAML.
    pub fn add_bytes(&mut self, path: &Path, bytes: Vec<u8>) {
        match text_of(path, bytes) {
            Ok(text) => parse_text(path, text, self),
            Err(error) => self.record(path, error),
        }
    }

    fn record(&mut self, path: &Path, error: ReadError) {
        match error {
            ReadError::Unusable(finding) => self.problems.push(*finding),
            ReadError::NotUtf8(finding, lossy) => {
                self.sources.add(path.to_path_buf(), lossy);
                self.problems.push(*finding);
            }
        }
    }
}

/// Parses one file's text into the matrix, or records its problems.
fn parse_text(path: &Path, text: String, loaded: &mut Loaded) {
    let text = with_line_feeds(text);
    // The parser skips a byte-order mark; dropping it here too keeps the
    // parser's offsets valid in the stored text.
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    if let Some(problem) = forbidden_character(&text) {
        return add_with_problems(path, text, vec![problem], loaded);
    }
    let (document, first) = match yaml_stream::split(&text) {
        Stream::Empty => {
            let finding = Finding::new(Code::MatrixEmpty, format!("`{}` holds no YAML document", path.display()));
            return loaded.problems.push(finding.help(FILL_OR_DELETE));
        }
        Stream::One { text, first } => (text, first),
        Stream::Several(pos) => return add_with_problems(path, text, vec![second_document(pos)], loaded),
    };
    let problems = match serde_saphyr::from_str_with_options::<Option<MatrixFile>>(&document, parse_options()) {
        Ok(Some(part)) => {
            let file = loaded.sources.add(path.to_path_buf(), text);
            return loaded.matrix.merge(file, part);
        }
        Ok(None) => vec![only_null(path, first)],
        Err(error) => diagnose(&document, &error),
    };
    add_with_problems(path, text, problems, loaded);
}

/// The text with every line break (`\r\n`, or a lone `\r` as old Mac
/// editors write) as `\n`. YAML reads all three as one line break; turning
/// them into one form first means the stream splitter, the parser and the
/// quoted lines of diagnostics count the same lines.
fn with_line_feeds(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// The first character YAML does not allow in a stream (a NUL, another
/// control character, U+FFFE): the parser would silently stop reading
/// there, losing the rest of the file, so it is an error at its place.
fn forbidden_character(text: &str) -> Option<Problem> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
            || c >= '\u{10000}'
    };
    let (at, c) = text.char_indices().find(|&(_, c)| !allowed(c))?;
    let code = u32::from(c);
    let name = if c == '\0' { "a NUL byte (U+0000)".to_owned() } else { format!("the character U+{code:04X}") };
    let escape = if code < 0x100 { format!("\\x{code:02X}") } else { format!("\\u{code:04X}") };
    Some(Problem {
        code: Code::MatrixSyntax,
        pos: Pos::after(&text[..at], c.len_utf8()),
        message: format!("{name}, which YAML does not allow in a file"),
        label: "not allowed in YAML".into(),
        help: Some(format!("delete it; to mean that character, write `{escape}` inside a double-quoted string")),
    })
}

/// Keeps a file's text, to quote, and its problems, located in it.
fn add_with_problems(path: &Path, text: String, problems: Vec<Problem>, loaded: &mut Loaded) {
    let file = loaded.sources.add(path.to_path_buf(), text);
    for problem in problems {
        let location = loaded.sources.locate(file, problem.pos);
        loaded.problems.push(problem.at(location));
    }
}

/// A second document with content, starting at `pos`.
fn second_document(pos: Pos) -> Problem {
    Problem {
        code: Code::MatrixSyntax,
        pos,
        message: "a second YAML document: a matrix file holds one".into(),
        label: "the second document starts here".into(),
        help: Some("move what follows into a file of its own, or delete this `---` if it belongs to the first".into()),
    }
}

/// A file whose one document is a null, at `first`.
fn only_null(path: &Path, first: Pos) -> Problem {
    Problem {
        code: Code::MatrixEmpty,
        pos: first,
        message: format!("`{}` holds no matrix content, only a null value", path.display()),
        label: "null".into(),
        help: Some(FILL_OR_DELETE.into()),
    }
}

const FILL_OR_DELETE: &str = "add matrix content (`surfaces:`, `document:` …) or delete the file";

/// Why a file's text could not be used.
enum ReadError {
    Unusable(Box<Finding>),
    /// Not UTF-8: the finding, and the text with replacement characters so
    /// the caret can show the offending byte.
    NotUtf8(Box<Finding>, String),
}

/// Reads a matrix file as UTF-8 text: a regular file, within the size limit.
fn read_text(path: &Path) -> Result<String, ReadError> {
    let unreadable = |reason: String, help: &str| {
        let message = format!("cannot read `{}`: {reason}", path.display());
        ReadError::Unusable(Box::new(Finding::new(Code::MatrixUnreadable, message).help(help)))
    };
    match crate::file::read_bytes(path) {
        Ok(bytes) => text_of(path, bytes),
        Err(file::ReadError::TooLarge { size }) => Err(too_large(path, size)),
        Err(file::ReadError::NotAFile) => Err(unreadable(
            "it is not a regular file".into(),
            "a matrix is a .yaml file or a directory of them; a device, a pipe or a socket is never read",
        )),
        Err(error) => Err(unreadable(error.to_string(), "check the file's permissions")),
    }
}

/// A file too large to be a matrix, `size` bytes long when that is known.
fn too_large(path: &Path, size: Option<u64>) -> ReadError {
    let limit = MAX_FILE_BYTES / 1024 / 1024;
    let what = size.map_or_else(|| format!("larger than {limit} MiB"), |size| format!("{:.1} MiB", mib(size)));
    let message = format!("`{}` is {what}; parity reads matrix files of up to {limit} MiB", path.display());
    let finding =
        Finding::new(Code::MatrixTooLarge, message).help("split the matrix into several files in one directory");
    ReadError::Unusable(Box::new(finding))
}

/// A file's bytes as UTF-8 text, within the size limit.
fn text_of(path: &Path, bytes: Vec<u8>) -> Result<String, ReadError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(path, Some(bytes.len() as u64)));
    }
    String::from_utf8(bytes).map_err(|error| {
        let valid = error.utf8_error().valid_up_to();
        let lossy = String::from_utf8_lossy(error.as_bytes()).into_owned();
        // The bytes before the first bad one are the same in the lossy text,
        // and the bad one is there one replacement character.
        let pos = Pos::after(&lossy[..valid], 1).in_chars(&lossy);
        let finding = Finding::new(Code::MatrixNotUtf8, format!("`{}` is not UTF-8 text", path.display()))
            .at(Location::new(path.to_path_buf(), pos))
            .label("not UTF-8")
            .help("save the file as UTF-8");
        ReadError::NotUtf8(Box::new(finding), lossy)
    })
}

#[allow(clippy::cast_precision_loss)]
fn mib(bytes: u64) -> f64 {
    bytes as f64 / 1024.0 / 1024.0
}

/// Turns a failed typed parse into every problem the schema walk can find,
/// falling back to the parser's own message.
fn diagnose(text: &str, error: &serde_saphyr::Error) -> Vec<Problem> {
    let pos = error.location().map(Pos::from_saphyr).unwrap_or_default();
    let pos = Pos { len: pos.len.max(1), ..pos };
    if let serde_saphyr::Error::Budget { breach, .. } = error {
        let message = format!("this file exceeds parity's YAML limits ({breach:?})");
        let help = format!(
            "parity reads at most {MAX_DEPTH} levels of nesting and {MAX_NODES} nodes per file; \
             flatten the structure or split the file"
        );
        let label = "limit reached here".into();
        return vec![Problem { code: Code::MatrixLimits, pos, message, label, help: Some(help) }];
    }
    let problems = schema_walk::walk(text, schema_value());
    if problems.is_empty() {
        let message = saphyr_message(error);
        return vec![Problem { code: Code::MatrixInvalidValue, pos, message, label: "here".into(), help: None }];
    }
    problems
}

/// The parser's message without its own location suffix.
fn saphyr_message(error: &serde_saphyr::Error) -> String {
    use serde_saphyr::Error;
    match error.without_snippet() {
        Error::Message { msg, .. } | Error::HookError { msg, .. } => msg.clone(),
        Error::Eof { .. } => "unexpected end of input".into(),
        Error::Unexpected { expected, .. } => format!("expected {expected}"),
        other => other.to_string(),
    }
}

/// The matrix schema as JSON, generated once per process.
fn schema_value() -> &'static serde_json::Value {
    static SCHEMA: OnceLock<serde_json::Value> = OnceLock::new();
    SCHEMA.get_or_init(|| crate::schema::matrix_schema().to_value())
}
