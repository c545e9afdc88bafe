//! Hostile input through the real binary: bytes that are not UTF-8, NUL, CRLF, a 50 MB line,
//! combining marks, invisible characters inside names, lookalike letters, missing files, a reader
//! that goes away, and malformed lexicons of every kind. Nothing may be lost or garbled, and every
//! error names the file and line it concerns.
//!
//! The runs use `--no-default-lexicons` and the small lexicon of `canonym::checks::FIXTURE_TOML`,
//! so they do not depend on the built-in lexicons' content.

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

struct Run {
    status: ExitStatus,
    stdout: Vec<u8>,
    stderr: String,
}

impl Run {
    fn code(&self) -> i32 {
        self.status
            .code()
            .expect("canonym exits with a status, not a signal")
    }
    fn stdout_str(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
    /// The JSON Lines of `tag` or `resolve`.
    fn json(&self) -> Vec<Value> {
        self.stdout_str()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
            .collect()
    }
}

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_canonym"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

/// Runs canonym with `args`, writing `stdin` from another thread so a large input cannot
/// deadlock against a full stdout pipe.
fn canonym(args: &[&str], stdin: &[u8]) -> Run {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("canonym starts");
    let mut input = child.stdin.take().expect("stdin is piped");
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        // canonym may stop reading early (an error); that is the test's business, not a panic.
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().expect("canonym runs");
    writer.join().expect("stdin writer");
    Run {
        status: out.status,
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn temp_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("hostile-{}-{name}", std::process::id()))
}

/// The fixture lexicon as a file, written once per test process.
fn lexicon() -> &'static str {
    static PATH: OnceLock<String> = OnceLock::new();
    PATH.get_or_init(|| {
        let p = temp_path("fixture.toml");
        std::fs::write(&p, canonym::checks::FIXTURE_TOML).expect("write the fixture lexicon");
        p.to_string_lossy().into_owned()
    })
}

fn with_fixture<'a>(cmd: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec![cmd, "--no-default-lexicons", "--lexicon", lexicon()];
    v.extend_from_slice(extra);
    v
}

fn tag(input: &[u8]) -> Run {
    let r = canonym(&with_fixture("tag", &[]), input);
    assert_eq!(r.code(), 0, "tag failed: {}", r.stderr);
    r
}

fn normalize_to_id(input: &[u8]) -> Run {
    let r = canonym(&with_fixture("normalize", &["--to", "id"]), input);
    assert_eq!(r.code(), 0, "normalize failed: {}", r.stderr);
    r
}

/// (start, end, id) of every mention `tag` prints, checking that `text` is the input slice.
fn spans(input: &[u8], r: &Run) -> Vec<(usize, usize, String)> {
    let lines: Vec<&[u8]> = input.split(|&b| b == b'\n').collect();
    r.json()
        .into_iter()
        .map(|m| {
            let (s, e) = (
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            );
            let record = lines[m["record"].as_u64().unwrap() as usize - 1];
            let record = record.strip_suffix(b"\r").unwrap_or(record);
            assert_eq!(
                m["text"].as_str().unwrap().as_bytes(),
                &record[s..e],
                "`text` must be the record's bytes at start..end"
            );
            (s, e, m["id"].as_str().unwrap_or("").to_owned())
        })
        .collect()
}

#[test]
fn normalize_passes_invalid_utf8_through_byte_for_byte() {
    let input = b"\xffErbil \xfe\xfd said Aleppo\xc3\n\xed\xa0\x80 no names \x80\n";
    let r = normalize_to_id(input);
    assert_eq!(
        r.stdout,
        b"\xffplace:erbil \xfe\xfd said place:aleppo\xc3\n\xed\xa0\x80 no names \x80\n"
    );
    let plain = b"\xc3(\xa0\xa1 \xf0\x28\x8c\xbc only invalid bytes \xf8\xa1\xa1\xa1\xa1";
    assert_eq!(
        normalize_to_id(plain).stdout,
        plain,
        "a line without names comes back unchanged"
    );
}

#[test]
fn tag_offsets_are_byte_offsets_into_the_raw_record_around_invalid_utf8() {
    let input = b"\xff\xfeErbil\xc3 and \xe2\x82Aleppo\xed\xa0\x80\n";
    let r = tag(input);
    assert_eq!(
        spans(input, &r),
        [
            (2, 7, "place:erbil".into()),
            (15, 21, "place:aleppo".into())
        ]
    );
}

#[test]
fn nul_bytes_separate_names_and_pass_through_normalize() {
    let input = b"Erbil\0Aleppo\0\0Kata'ib Hezbollah\0\n";
    let r = tag(input);
    let ids: Vec<String> = spans(input, &r).into_iter().map(|m| m.2).collect();
    assert_eq!(ids, ["place:erbil", "place:aleppo", "org:kataib-hezbollah"]);
    assert_eq!(
        normalize_to_id(input).stdout,
        b"place:erbil\0place:aleppo\0\0org:kataib-hezbollah\0\n"
    );
}

#[test]
fn normalize_keeps_crlf_lf_and_a_missing_final_newline() {
    let input = b"Erbil\r\nAleppo\nno names\r\n\r\nHalab\rtrailing CR\r\nIraq";
    let r = normalize_to_id(input);
    assert_eq!(
        r.stdout,
        b"place:erbil\r\nplace:aleppo\nno names\r\n\r\nplace:aleppo\rtrailing CR\r\nplace:iraq"
            .to_vec()
    );
}

#[test]
fn tag_offsets_on_crlf_lines_exclude_the_line_ending() {
    let input = b"in Erbil\r\nAleppo\r\n";
    let r = tag(input);
    assert_eq!(
        spans(input, &r),
        [(3, 8, "place:erbil".into()), (0, 6, "place:aleppo".into())]
    );
}

/// One record of `total` bytes: blocks of `block` bytes, each with two names and a capitalised
/// non-name (which the later tiers look at), and Aleppo at the end. Tagging and normalizing it
/// must finish and be exact. Long lines used to be quadratic in the transliteration and
/// coreference tiers (every word was compared with every earlier mention).
fn tag_and_normalize_one_big_line(total: usize, block_len: usize, limit: Duration) {
    let filler = "the convoy moved on Tuesday and officials said ";
    let mut block = String::from("Kata\u{2019}ib Hezbollah ");
    while block.len() + filler.len() < block_len - 8 {
        block.push_str(filler);
    }
    while block.len() < block_len - 7 {
        block.push('x');
    }
    block.push_str(" Erbil ");
    assert_eq!(block.len(), block_len);
    let blocks = total / block_len;
    let mut input = block.repeat(blocks).into_bytes();
    input.extend_from_slice(b"Aleppo\n");

    let started = Instant::now();
    let r = tag(&input);
    let mentions: Vec<&[u8]> = r
        .stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(
        mentions.len(),
        2 * blocks + 1,
        "two names per block and Aleppo at the end"
    );
    let last: Value = serde_json::from_slice(mentions[mentions.len() - 1]).unwrap();
    let end = input.len() - 1;
    assert_eq!(
        (last["start"].as_u64(), last["end"].as_u64()),
        (Some(end as u64 - 6), Some(end as u64))
    );
    assert_eq!(last["id"], "place:aleppo");
    let middle: Value = serde_json::from_slice(mentions[blocks]).unwrap();
    let at = (blocks / 2) * block_len;
    assert_eq!(
        middle["start"].as_u64(),
        Some(at as u64),
        "offsets stay exact deep into the line"
    );
    assert_eq!(middle["id"], "org:kataib-hezbollah");

    let out = normalize_to_id(&input).stdout;
    let expected_block = block
        .replace("Kata\u{2019}ib Hezbollah", "org:kataib-hezbollah")
        .replace(" Erbil ", " place:erbil ");
    assert_eq!(
        out.len(),
        expected_block.len() * blocks + "place:aleppo\n".len()
    );
    assert!(
        out.starts_with(expected_block.as_bytes()) && out.ends_with(b"place:erbil place:aleppo\n")
    );
    assert!(
        started.elapsed() < limit,
        "{total} bytes took {:?}; the work is linear",
        started.elapsed()
    );
}

#[test]
fn a_5_mb_line_with_50000_names_is_tagged_and_normalized_completely() {
    tag_and_normalize_one_big_line(5_000_000, 200, Duration::from_secs(120));
}

#[test]
#[ignore = "about 45 s in a debug build; run with `cargo test --test hostile -- --ignored`"]
fn a_50_mb_line_is_tagged_and_normalized_completely() {
    tag_and_normalize_one_big_line(50_000_000, 1000, Duration::from_secs(600));
}

#[test]
fn long_words_with_many_apostrophes_fold_in_linear_time() {
    // French elision looked back over the whole word at each apostrophe: quadratic.
    let mut input = "a'".repeat(500_000).into_bytes();
    input.extend_from_slice(b" Erbil\n");
    let started = Instant::now();
    let r = tag(&input);
    assert_eq!(
        spans(&input, &r),
        [(1_000_001, 1_000_006, "place:erbil".into())]
    );
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn long_runs_of_combining_marks_stay_inside_the_name_they_decorate() {
    let marks = "\u{0301}".repeat(100_000);
    let input = format!(
        "E{marks}rbil and {marks} alone and حلب{}\n",
        "\u{064E}".repeat(50_000)
    );
    let r = tag(input.as_bytes());
    let found = spans(input.as_bytes(), &r);
    let erbil_end = 1 + marks.len() + 4;
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0], (0, erbil_end, "place:erbil".into()));
    assert_eq!(found[1].2, "place:aleppo");
    assert_eq!(
        found[1].1,
        input.len() - 1,
        "the Arabic name's span covers its vowel marks"
    );
    assert_eq!(
        normalize_to_id(marks.as_bytes()).stdout,
        marks.as_bytes(),
        "marks alone pass through"
    );
}

/// A mark after a name's last letter is part of that letter: normalize used to leave it behind,
/// stacked on the replacement ("place:hama\u{304}").
#[test]
fn a_combining_mark_after_the_last_letter_is_replaced_with_the_name() {
    let input = "Hama\u{0304} and \u{0627}\u{0644}\u{0639}\u{0631}\u{0627}\u{0642}\u{0650}.\n";
    let out = normalize_to_id(input.as_bytes()).stdout;
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "place:hama and place:iraq.\n"
    );
}

#[test]
fn zero_width_and_bidi_controls_inside_names_still_match_with_original_spans() {
    let input = "Kata\u{200B}ib Hezbollah and \u{202B}Erbil\u{202C} and Ale\u{00AD}ppo and \u{2066}حلب\u{2069}\n";
    let r = tag(input.as_bytes());
    let found: Vec<(&str, String)> = spans(input.as_bytes(), &r)
        .into_iter()
        .map(|(s, e, id)| (&input[s..e], id))
        .collect();
    assert_eq!(
        found,
        [
            (
                "Kata\u{200B}ib Hezbollah",
                "org:kataib-hezbollah".to_owned()
            ),
            ("Erbil", "place:erbil".to_owned()),
            ("Ale\u{00AD}ppo", "place:aleppo".to_owned()),
            ("حلب", "place:aleppo".to_owned()),
        ]
    );
    let out = String::from_utf8(normalize_to_id(input.as_bytes()).stdout).unwrap();
    assert_eq!(
        out,
        "org:kataib-hezbollah and \u{202B}place:erbil\u{202C} and place:aleppo and \u{2066}place:aleppo\u{2069}\n"
    );
}

/// Policy on lookalike letters: confusables are not folded. A Cyrillic а or е inside a Latin
/// name is a different letter, so "Аleppo" and "Alеppo" do not match Aleppo; folding them would
/// let crafted text impersonate any name. The other half of the policy is in the lint, which
/// rejects an alias that mixes Latin with Cyrillic or Greek letters
/// (`lint_rejects_an_alias_mixing_latin_and_cyrillic_letters`).
#[test]
fn homoglyphs_do_not_match_latin_names() {
    let input = "\u{0410}leppo, Al\u{0435}ppo, \u{0391}leppo, but Aleppo\n";
    let r = tag(input.as_bytes());
    let found: Vec<&str> = spans(input.as_bytes(), &r)
        .into_iter()
        .map(|(s, e, _)| &input[s..e])
        .collect();
    assert_eq!(found, ["Aleppo"]);
}

#[test]
fn empty_input_gives_empty_output_and_success() {
    for cmd in ["tag", "normalize", "resolve"] {
        let r = canonym(&with_fixture(cmd, &[]), b"");
        assert_eq!(
            (r.code(), r.stdout.as_slice(), r.stderr.as_str()),
            (0, &b""[..], ""),
            "{cmd}"
        );
    }
    let r = normalize_to_id(b"\n\n");
    assert_eq!(r.stdout, b"\n\n", "empty lines stay");
}

#[test]
fn a_missing_input_file_is_named_exit_2_and_the_other_files_are_still_processed() {
    let good = temp_path("good.txt");
    std::fs::write(&good, "Erbil\n").unwrap();
    let good = good.to_string_lossy().into_owned();
    let missing = temp_path("no-such-file.txt").to_string_lossy().into_owned();
    let r = canonym(
        &with_fixture("tag", &[missing.as_str(), good.as_str()]),
        b"",
    );
    assert_eq!(r.code(), 2);
    assert!(
        r.stderr.contains(&missing) && r.stderr.contains("No such file"),
        "stderr: {}",
        r.stderr
    );
    assert_eq!(r.stderr.lines().count(), 1, "one message: {}", r.stderr);
    let files: Vec<Value> = r.json().into_iter().map(|m| m["file"].clone()).collect();
    assert_eq!(files, [Value::from(good.as_str())]);

    let r = canonym(
        &with_fixture(
            "normalize",
            &["--to", "id", good.as_str(), missing.as_str()],
        ),
        b"",
    );
    assert_eq!((r.code(), r.stdout_str().as_str()), (2, "place:erbil\n"));
    assert!(r.stderr.contains(&missing), "stderr: {}", r.stderr);
}

/// `canonym tag < big | head -1`: the reader goes away; canonym stops quietly with status 0.
#[test]
fn closed_stdout_ends_quietly_with_status_0() {
    let input = "Kata'ib Hezbollah fighters entered Erbil and Aleppo.\n"
        .repeat(100_000)
        .into_bytes();
    for cmd in [
        with_fixture("tag", &[]),
        with_fixture("normalize", &["--to", "id"]),
    ] {
        let mut child = bin()
            .args(&cmd)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("canonym starts");
        let mut stdin = child.stdin.take().unwrap();
        let data = input.clone();
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(&data);
        });
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        stdout.read_line(&mut first).unwrap();
        assert!(first.contains("org:kataib-hezbollah"), "{first}");
        drop(stdout);
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = child.wait().unwrap();
        writer.join().unwrap();
        assert_eq!(
            (status.code(), stderr.as_str()),
            (Some(0), ""),
            "{}",
            cmd[0]
        );
    }
}

// Malformed lexicons: each error class reports file:line:col through `lint` (exit 1) and stops
// `tag` with one message (exit 2).

const BAD: &str = "tests/fixtures/bad";

/// Checks `canonym lint` and `canonym tag` on a bad lexicon: both name `file:line:col` and say
/// `what`.
fn rejects(file: &str, at: &str, what: &str) {
    let path = format!("{BAD}/{file}");
    let lint = canonym(&["lint", &path], b"");
    let out = lint.stdout_str();
    assert_eq!(lint.code(), 1, "lint {path}: {out}{}", lint.stderr);
    let expected = format!("{path}:{at}: error: ");
    assert!(
        out.lines()
            .any(|l| l.starts_with(&expected) && l.contains(what)),
        "lint {path} should report `{expected}...{what}...`, printed:\n{out}"
    );

    let tag = canonym(
        &["tag", "--no-default-lexicons", "--lexicon", &path],
        b"Erbil\n",
    );
    assert_eq!(tag.code(), 2, "tag with {path}: {}", tag.stderr);
    assert!(tag.stdout.is_empty(), "no output with a broken lexicon");
    let messages: Vec<&str> = tag
        .stderr
        .lines()
        .filter(|l| !l.starts_with("  help:"))
        .collect();
    assert_eq!(messages.len(), 1, "one message, got:\n{}", tag.stderr);
    assert!(
        messages[0].starts_with(&format!("canonym: {path}:{at}: error: "))
            && messages[0].contains(what),
        "tag with {path} said:\n{}",
        tag.stderr
    );
}

#[test]
fn bad_toml_syntax_is_reported_at_its_line() {
    rejects("bad_syntax.toml", "3:15", "invalid basic string");
}

#[test]
fn an_unknown_field_is_reported_with_the_fields_allowed() {
    rejects(
        "unknown_field.toml",
        "7:1",
        "unknown field `colour`, expected one of `id`",
    );
}

#[test]
fn a_duplicate_id_names_both_definitions() {
    rejects(
        "duplicate_id.toml",
        "8:1",
        "duplicate ID `org:twice` (first defined at tests/fixtures/bad/duplicate_id.toml:1)",
    );
}

#[test]
fn an_empty_alias_is_reported_with_its_entity() {
    rejects(
        "empty_alias.toml",
        "7:3",
        "alias is empty (entity `org:empty-alias-front`)",
    );
}

#[test]
fn a_tsv_row_with_the_wrong_number_of_columns_is_reported() {
    rejects(
        "bad_row.tsv",
        "3:1",
        "expected `alias<TAB>id[<TAB>name]`, found 1 column(s)",
    );
}

#[test]
fn a_non_nfc_alias_is_reported() {
    rejects("non_nfc_alias.toml", "5:32", "is not in Unicode NFC");
}

#[test]
fn a_bad_id_is_reported_with_an_example_of_a_good_one() {
    rejects(
        "bad_id.toml",
        "2:6",
        "ID `org:Badr Organization` is not a lowercase ASCII slug",
    );
}

#[test]
fn an_unknown_type_is_reported() {
    rejects("unknown_type.toml", "4:8", "unknown type `militia`");
}

#[test]
fn missing_sources_are_reported() {
    rejects(
        "missing_sources.toml",
        "2:1",
        "entity `place:tikrit` has no sources",
    );
}

#[test]
fn a_lexicon_that_is_not_utf8_is_reported_at_the_first_bad_line() {
    rejects("not_utf8.toml", "5:1", "lexicon is not valid UTF-8");
}

/// The TOML parser gives no message for this one; canonym names the character.
#[test]
fn a_control_character_in_a_toml_comment_is_named() {
    rejects(
        "control_char.toml",
        "1:37",
        "invalid TOML: unexpected character '\\u{1}'",
    );
}

#[test]
fn a_lexicon_path_that_does_not_exist_is_named() {
    let path = format!("{BAD}/no-such-dir/names.toml");
    // A missing lexicon is an error of the invocation (exit 2), not a lint finding (exit 1).
    let lint = canonym(&["lint", &path], b"");
    assert_eq!(lint.code(), 2);
    assert!(
        lint.stderr.starts_with(&format!("canonym: {path}: ")),
        "{}",
        lint.stderr
    );
    let tag = canonym(
        &["tag", "--no-default-lexicons", "--lexicon", &path],
        b"Erbil\n",
    );
    assert_eq!(tag.code(), 2);
    assert_eq!(tag.stderr.lines().count(), 1, "{}", tag.stderr);
    assert!(
        tag.stderr.starts_with(&format!(
            "canonym: {path}: error: cannot read: No such file"
        )),
        "{}",
        tag.stderr
    );
}

#[test]
fn lint_rejects_an_alias_mixing_latin_and_cyrillic_letters() {
    let path = format!("{BAD}/mixed_script.toml");
    let lint = canonym(&["lint", &path], b"");
    assert_eq!(lint.code(), 1);
    assert!(
        lint.stdout_str().starts_with(&format!(
            "{path}:5:1: error: alias `Al\u{0435}ppo` of `place:aleppo` mixes Latin and Cyrillic"
        )),
        "{}",
        lint.stdout_str()
    );
}

#[test]
fn lint_stats_and_fmt_name_a_missing_lexicon_and_exit_2() {
    let missing = temp_path("no-such-lexicon.toml")
        .to_string_lossy()
        .into_owned();
    for args in [
        vec!["lint", missing.as_str()],
        vec!["stats", missing.as_str()],
        vec!["fmt", "--check", missing.as_str()],
    ] {
        let r = canonym(&args, b"");
        assert_eq!(r.code(), 2, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains(&missing) && r.stderr.contains("No such file"),
            "{args:?}: {}",
            r.stderr
        );
    }
}
