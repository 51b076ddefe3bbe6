//! Hostile input never panics or hangs: it gets a located error and exit 2.

use std::io::Write;

use crate::support::{parity, root};

fn validate_file(contents: &[u8]) -> crate::support::Run {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::File::create(dir.path().join("matrix.yaml")).and_then(|mut f| f.write_all(contents)).expect("write");
    let document = root().join("fixtures/validate/common/document.yaml");
    parity(dir.path(), &["validate", document.to_str().unwrap(), "matrix.yaml"])
}

#[test]
fn a_50_mib_file_is_refused_before_parsing() {
    let big = "# padding padding padding padding padding padding padding padding\n".repeat(50 * 1024 * 1024 / 66 + 1);
    let run = validate_file(big.as_bytes());
    assert_eq!(run.code, 2);
    assert!(run.stdout.contains("error[matrix-too-large]"), "{}", run.stdout);
    assert!(run.stdout.contains("is 50.0 MiB; parity reads matrix files of up to 16 MiB"), "{}", run.stdout);
    // The one input error without a committed case (a 50 MiB fixture would
    // bloat the repository): its diagnostic is snapshotted here instead.
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn deep_nesting_is_a_limits_error_not_a_stack_overflow() {
    let deep = format!("surfaces: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let run = validate_file(deep.as_bytes());
    assert_eq!(run.code, 2);
    assert!(run.stdout.contains("error[matrix-limits]"), "{}", run.stdout);
}

#[test]
fn deep_nesting_after_a_type_error_is_still_a_limits_error() {
    let deep = format!("surfaces:\n  - id: x\n    v1: {}{}\n", "{a: ".repeat(5_000), "}".repeat(5_000));
    let run = validate_file(deep.as_bytes());
    assert_eq!(run.code, 2);
    assert!(run.stdout.contains("error[matrix-"), "{}", run.stdout);
}

#[test]
fn a_merge_key_bomb_after_an_error_is_a_limits_error_not_a_blow_up() {
    // The typed parse stops at `statuz`; the structural check then meets
    // eight levels of `<<: [*a, *a, …]`, 3 × 10^8 merged keys if expanded.
    let mut bomb = String::from("surfaces:\n  - id: x\n    v1: [/x]\n    statuz: 1\n");
    bomb.push_str("  - &a0 {id: a, v1: [/a], status: covered}\n");
    bomb.extend((1..=8).map(|k| {
        let aliases = vec![format!("*a{}", k - 1); 10].join(", ");
        format!("  - &a{k} {{<<: [{aliases}]}}\n")
    }));
    assert!(bomb.len() < 700, "{}", bomb.len());
    let run = validate_file(bomb.as_bytes());
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert_eq!(run.stdout.matches("error[matrix-limits]").count(), 1, "{}", run.stdout);
    assert!(run.stdout.contains("more than 20000000 nodes once its merge keys (`<<`) are expanded"), "{}", run.stdout);
    assert!(run.stdout.contains("matrix.yaml:12:9"), "{}", run.stdout);
    // What was found before the limit is still reported.
    assert!(run.stdout.contains("unknown key `statuz`"), "{}", run.stdout);
}

#[test]
fn binary_junk_is_not_utf8() {
    let run = validate_file(&[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0xff, 0xfe]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.contains("error[matrix-not-utf8]"), "{}", run.stdout);
    assert!(run.stdout.contains("matrix.yaml:1:1"), "{}", run.stdout);
}

#[test]
fn a_bad_byte_after_non_ascii_text_is_located_in_characters() {
    let run = validate_file(
        "gaps: [\"é→\", ".as_bytes().iter().copied().chain([0xff, b']', b'\n']).collect::<Vec<_>>().as_slice(),
    );
    assert_eq!(run.code, 2);
    assert!(run.stdout.contains("matrix.yaml:1:14"), "{}", run.stdout);
}

#[test]
fn a_scalar_where_the_file_should_be_a_mapping() {
    let run = validate_file(b"just some words\n");
    assert_eq!(run.code, 2);
    assert!(run.stdout.contains("error[matrix-wrong-type]"), "{}", run.stdout);
    assert!(run.stdout.contains("must be a mapping"), "{}", run.stdout);
}

#[test]
fn wrong_types_everywhere_are_all_reported_in_one_run() {
    let run = validate_file(b"surfaces: {}\nfollow_ups: 3\ngaps: [1, 2]\nwaivers: nope\n");
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout.matches("error[matrix-wrong-type]").count(), 5, "{}", run.stdout);
}

#[test]
fn every_file_of_a_directory_is_checked_even_after_a_bad_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("a.yaml"), "surfaces: [\n").unwrap();
    std::fs::write(dir.path().join("b.yaml"), "gaps:\n  - id: g\n    txt: x\n").unwrap();
    std::fs::write(dir.path().join("c.yml"), "").unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not part of the matrix").unwrap();
    let run = parity(dir.path(), &["validate", "."]);
    assert_eq!(run.code, 2);
    for code in ["matrix-syntax", "matrix-unknown-key", "matrix-missing-key", "matrix-empty"] {
        assert!(run.stdout.contains(&format!("[{code}]")), "missing {code}:\n{}", run.stdout);
    }
    assert!(!run.stdout.contains("notes.txt"), "{}", run.stdout);
}

#[test]
fn an_empty_directory_is_an_input_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = parity(dir.path(), &["status", "."]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("holds no .yaml or .yml files"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn a_directory_link_loop_is_one_error_not_a_matrix_read_again_and_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    let matrix = dir.path().join("parity");
    std::fs::create_dir_all(matrix.join("family")).unwrap();
    std::fs::copy(root().join("fixtures/validate/common/document.yaml"), matrix.join("00-document.yaml")).unwrap();
    std::fs::write(matrix.join("family/10.yaml"), "surfaces:\n  - id: a\n    v1: [/a]\n    status: covered\n").unwrap();
    std::os::unix::fs::symlink(".", matrix.join("loop")).unwrap();
    let run = parity(dir.path(), &["validate", "parity"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert_eq!(run.stdout.matches("error[").count(), 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("error[matrix-unreadable]: `parity/loop` leads to `parity`, which is already read"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("checked 1 surface in 2 files"), "{}", run.stdout);
}

#[test]
fn a_path_named_twice_or_inside_another_is_read_once_without_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let matrix = dir.path().join("parity");
    std::fs::create_dir_all(matrix.join("family")).unwrap();
    std::fs::copy(root().join("fixtures/validate/common/document.yaml"), matrix.join("00-document.yaml")).unwrap();
    std::fs::write(matrix.join("family/10.yaml"), "surfaces:\n  - id: a\n    v1: [/a]\n    status: covered\n").unwrap();
    let named: [&[&str]; 5] = [
        &["parity", "parity"],
        &["parity", "parity/family"],
        &["parity/family", "parity"],
        &["./parity", "parity/"],
        &["parity/family/10.yaml", "parity", "parity/family/../family/10.yaml"],
    ];
    for paths in named {
        let run = parity(dir.path(), &[&["validate"], paths].concat());
        assert_eq!(run.code, 0, "{paths:?}: {}", run.transcript());
        assert!(run.stdout.contains("checked 1 surface in 2 files: 0 errors"), "{paths:?}: {}", run.stdout);
    }
}

#[cfg(unix)]
#[test]
fn a_link_read_before_the_directory_it_leads_to_is_still_the_one_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let matrix = dir.path().join("parity");
    std::fs::create_dir_all(matrix.join("family")).unwrap();
    std::fs::copy(root().join("fixtures/validate/common/document.yaml"), matrix.join("00-document.yaml")).unwrap();
    std::fs::write(matrix.join("family/10.yaml"), "surfaces:\n  - id: a\n    v1: [/a]\n    status: covered\n").unwrap();
    // `a-link` sorts before `family`, so its files are read first.
    std::os::unix::fs::symlink("family", matrix.join("a-link")).unwrap();
    for paths in [&["parity"][..], &["parity", "parity/family"]] {
        let run = parity(dir.path(), &[&["validate"], paths].concat());
        assert_eq!(run.code, 2, "{}", run.stdout);
        assert_eq!(run.stdout.matches("error[").count(), 1, "{}", run.stdout);
        let message = "error[matrix-unreadable]: `parity/a-link` leads to `parity/family`, which is already read";
        assert!(run.stdout.contains(message), "{}", run.stdout);
        assert!(run.stdout.contains("checked 1 surface in 2 files"), "{}", run.stdout);
    }
}

#[test]
fn a_nul_byte_is_a_syntax_error_at_its_place_not_the_end_of_the_file() {
    // The YAML parser stops at a NUL: without the check, the surfaces after
    // it would silently vanish and the file would validate.
    let run = validate_file(
        b"surfaces:\n  - id: a\n    v1: [/a]\n    status: deferred\n\0  - id: b\n    v1: [/b]\n    status: x\n",
    );
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stdout.contains("error[matrix-syntax]: a NUL byte (U+0000)"), "{}", run.stdout);
    assert!(run.stdout.contains("matrix.yaml:5:1"), "{}", run.stdout);
}

/// `diff` reads both sides through the same loader: a NUL before a surface
/// once dropped the surfaces after it and reported them `surface-removed`.
#[test]
fn a_nul_byte_in_a_side_of_diff_is_an_error_not_removed_surfaces() {
    let dir = tempfile::tempdir().expect("temp dir");
    let surfaces = "surfaces:\n  - id: a\n    v1: [/a]\n    status: deferred\n";
    let second = "  - id: b\n    v1: [/b]\n    status: deferred\n";
    let document = std::fs::read_to_string(root().join("fixtures/validate/common/document.yaml")).expect("read");
    std::fs::write(dir.path().join("before.yaml"), format!("{document}{surfaces}{second}")).expect("write");
    std::fs::write(dir.path().join("after.yaml"), format!("{document}{surfaces}\0{second}")).expect("write");
    let run = parity(dir.path(), &["diff", "before.yaml", "after.yaml"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.transcript().contains("matrix-syntax") && run.transcript().contains("NUL"), "{}", run.transcript());
    assert!(!run.transcript().contains("surface-removed"), "{}", run.transcript());
}

#[test]
fn every_control_character_yaml_forbids_is_an_error_and_tab_and_line_breaks_are_not() {
    for byte in (0u8..0x20).filter(|b| !matches!(b, b'\t' | b'\n' | b'\r')).chain([0x7f]) {
        let run = validate_file(&[b"gaps: [\"a".as_slice(), &[byte], b"\"]\n"].concat());
        assert_eq!(run.code, 2, "byte {byte:#04x}: {}", run.stdout);
        assert!(
            run.stdout.contains("which YAML does not allow") && run.stdout.contains("matrix.yaml:1:10"),
            "{byte:#04x}"
        );
    }
    let run = validate_file(b"gaps:\r\n\t[]\r\n");
    assert!(!run.stdout.contains("which YAML does not allow"), "{}", run.stdout);
}

/// A path that names something endless or blocking, in every place parity
/// reads a file: it is refused before it is opened, with exit 2.
#[cfg(unix)]
#[test]
fn a_device_or_a_fifo_is_refused_wherever_a_file_is_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let zero = dir.path().join("zero.yaml");
    std::os::unix::fs::symlink("/dev/zero", &zero).expect("link");
    let fifo = dir.path().join("fifo.yaml");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs").success());
    let report = dir.path().join("zero.json");
    std::os::unix::fs::symlink("/dev/zero", &report).expect("link");
    let document = root().join("fixtures/validate/common/document.yaml");
    let document = document.to_str().unwrap();
    for args in [
        vec!["validate", "zero.yaml"],
        vec!["validate", "fifo.yaml"],
        vec!["status", "fifo.yaml"],
        vec!["diff", "zero.yaml", "fifo.yaml"],
        vec!["diff", "zero.json", "zero.json"],
        vec!["check", "--v1", "http://127.0.0.1:9", "--baseline", "zero.json", document],
        vec!["check", "--config", "fifo.yaml", "--v1", "http://127.0.0.1:9", document],
    ] {
        let run = parity(dir.path(), &args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.transcript());
        assert!(run.transcript().contains("not a regular file"), "{args:?}: {}", run.transcript());
    }
}

#[test]
fn a_parity_toml_that_is_not_utf8_is_located() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("parity.toml"), b"[probe]\ntimeout = 2 # caf\xe9\n").expect("write");
    let run = parity(dir.path(), &["check", "--v1", "http://127.0.0.1:9"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("error[config-invalid]: `parity.toml` is not UTF-8 text"), "{}", run.stderr);
    assert!(run.stderr.contains("parity.toml:2:18"), "{}", run.stderr);
}

#[test]
fn ten_thousand_findings_print_in_linear_time() {
    // Quoting a line once re-split the whole file per finding: 40,000
    // findings took 46 s. Bounded generously, this guards the order of
    // growth, not a speed: the work is now one index of line starts.
    let surfaces = (0..10_000).map(|i| format!("  - id: s-{i}\n    v1: [/p{i}]\n    status: coverd\n"));
    let matrix = std::iter::once("surfaces:\n".to_owned()).chain(surfaces).collect::<String>();
    let started = std::time::Instant::now();
    let run = validate_file(matrix.as_bytes());
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout.matches("error[matrix-wrong-type]").count(), 10_000);
    assert!(started.elapsed() < std::time::Duration::from_secs(60), "{:?}", started.elapsed());
}

/// The place of a finding, as the human report (`--> m.yaml:L:C`) and the
/// JSON report give it: the two must always agree.
fn places(contents: &[u8]) -> (String, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("m.yaml"), contents).expect("write");
    let human = parity(dir.path(), &["validate", "m.yaml"]).stdout;
    let human = human.split_once("--> m.yaml:").map(|(_, rest)| rest.lines().next().unwrap_or_default().to_owned());
    let json: serde_json::Value =
        serde_json::from_str(&parity(dir.path(), &["validate", "m.yaml", "--format", "json"]).stdout).expect("json");
    let location = &json["findings"][0]["location"];
    (human.unwrap_or_default(), format!("{}:{}", location["line"], location["column"]))
}

#[test]
fn line_endings_and_a_missing_final_newline_give_one_place_in_every_report() {
    let status = b"surfaces:\n  - id: x\n    v1: [/x]\n    status: bogus\n".as_slice();
    for (what, contents, place) in [
        ("no final newline", b"a: 1\n42".to_vec(), "2:2"),
        ("a final newline", b"a: 1\n42\n".to_vec(), "2:2"),
        ("LF", status.to_vec(), "4:13"),
        ("CRLF", status.iter().flat_map(|&b| if b == b'\n' { vec![b'\r', b'\n'] } else { vec![b] }).collect(), "4:13"),
        (
            "CR only, after a comment",
            [b"# c\n".as_slice(), status].concat().iter().map(|&b| if b == b'\n' { b'\r' } else { b }).collect(),
            "5:13",
        ),
    ] {
        let (human, json) = places(&contents);
        assert_eq!((human.as_str(), json.as_str()), (place, place), "{what}");
    }
}

#[test]
fn an_over_long_word_in_a_note_or_a_route_is_cut_in_the_table_not_wrapped_for_minutes() {
    // One unbroken word of 80,000 characters took 8 s to wrap (160,000: 30 s),
    // and a route segment of 20,000 characters made 1.6 GB of table.
    let word = "x".repeat(80_000);
    let segment = "s".repeat(20_000);
    let matrix = format!(
        "surfaces:\n  - id: a\n    v1: [/a]\n    status: deferred\n    notes: {word}\n  - id: b\n    v1: [/{segment}]\n    status: deferred\n"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("m.yaml"), matrix).expect("write");
    let document = root().join("fixtures/validate/common/document.yaml");
    let run = parity(dir.path(), &["status", document.to_str().unwrap(), "m.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.len() < 10_000, "{} bytes", run.stdout.len());
    assert!(run.stdout.contains("xxx…") && run.stdout.contains("sss…"), "{}", run.stdout);
    let json = parity(dir.path(), &["status", document.to_str().unwrap(), "m.yaml", "--format", "json"]);
    assert!(json.stdout.contains(&word) && json.stdout.contains(&segment), "JSON keeps the whole text");
}

#[test]
fn a_route_of_65536_characters_is_listed_cut_not_a_panic_nor_padding_for_every_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("src")).expect("mkdir");
    std::fs::write(dir.path().join("package.json"), r#"{"dependencies": {"express": "^4"}}"#).expect("write");
    let route = format!("/{}", "a".repeat(65_536));
    let app = format!(
        "const express = require('express');\nconst app = express();\napp.get('{route}', h);\napp.get('/b', h);\n"
    );
    std::fs::write(dir.path().join("src/app.js"), app).expect("write");
    let run = parity(dir.path(), &["scan", "."]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stdout.len() < 2_000, "{} bytes", run.stdout.len());
    assert!(run.stdout.contains("aaa…") && run.stdout.contains("/b "), "{}", run.stdout);
    let json = parity(dir.path(), &["scan", ".", "--format", "json"]);
    assert!(json.stdout.contains(&route), "JSON keeps the whole route");

    // Against a matrix the long route is a finding (not in the matrix): its
    // message is cut too, and the run neither panics nor pads.
    let matrix = dir.path().join("matrix");
    std::fs::create_dir(&matrix).expect("mkdir");
    std::fs::copy(root().join("fixtures/validate/common/document.yaml"), matrix.join("00-document.yaml"))
        .expect("copy");
    std::fs::write(matrix.join("10-surfaces.yaml"), "surfaces:\n  - id: b\n    v1: [/b]\n    status: deferred\n")
        .expect("write");
    let run = parity(dir.path(), &["scan", "--matrix", "matrix", "--v1", "."]);
    assert!(
        run.code <= 1 && !run.stderr.contains("panicked"),
        "{}",
        run.transcript().chars().take(2_000).collect::<String>()
    );
    assert!(run.stdout.len() < 12_000, "{} bytes", run.stdout.len());
    assert!(run.stdout.contains("aaa…"), "{}", run.stdout);
    let json = parity(dir.path(), &["scan", "--matrix", "matrix", "--v1", ".", "--format", "json"]);
    assert!(json.stdout.contains(&route), "JSON keeps the whole route");
}
