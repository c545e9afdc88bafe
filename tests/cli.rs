//! The `canonym` binary: output formats, exit codes, options.

use serde::Deserialize;
use std::io::Write;
use std::process::{Command, Stdio};

struct Run {
    status: i32,
    stdout: Vec<u8>,
    stderr: String,
}

impl Run {
    fn out(&self) -> String {
        String::from_utf8(self.stdout.clone()).expect("utf-8 stdout")
    }
}

fn canonym(args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_canonym"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn canonym");
    let mut sin = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = sin.write_all(&data);
    });
    let out = child.wait_with_output().expect("wait");
    writer.join().unwrap();
    Run {
        status: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The `tag` wire format. Unknown fields fail the test, so any format change is deliberate.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct Tag {
    #[serde(default)]
    file: Option<String>,
    record: u64,
    start: usize,
    end: usize,
    text: String,
    id: Option<String>,
    name: Option<String>,
    #[serde(rename = "type")]
    kind_of: Option<String>,
    kind: String,
    score: f32,
    #[serde(default)]
    candidates: Vec<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct Resolved {
    input: String,
    id: Option<String>,
    name: Option<String>,
    #[serde(rename = "type")]
    kind_of: Option<String>,
    kind: Option<String>,
    score: Option<f32>,
    #[serde(default)]
    candidates: Vec<String>,
}

fn tags(run: &Run) -> Vec<Tag> {
    run.out()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn tag_prints_one_json_object_per_mention_with_record_and_byte_offsets() {
    let input = "intro line\nFaleh al-Fayyadh met Kata’ib Hezbollah in Erbil.\n";
    let run = canonym(&["tag"], input.as_bytes());
    assert_eq!(run.status, 0, "{}", run.stderr);
    let ts = tags(&run);
    assert_eq!(ts.len(), 3, "{ts:?}");
    let line2 = input.lines().nth(1).unwrap();
    for t in &ts {
        assert_eq!(t.record, 2);
        assert_eq!(&line2[t.start..t.end], t.text);
        assert!(t.file.is_none());
        assert!(t.candidates.is_empty());
        assert!(t.score > 0.0 && t.score <= 1.0);
        assert!(t.name.is_some() && t.kind_of.is_some());
    }
    let ids: Vec<_> = ts.iter().map(|t| t.id.as_deref().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "person:falih-al-fayyadh",
            "org:kataib-hezbollah",
            "place:erbil"
        ]
    );
    assert_eq!(ts[0].kind, "exact");
    assert_eq!(ts[1].kind, "folded");
}

#[test]
fn tag_whole_uses_offsets_into_the_file_and_names_files() {
    let dir = tempdir();
    let path = dir.join("a.txt");
    let text = "first line\nsecond: Erbil\n";
    std::fs::write(&path, text).unwrap();
    let p = path.to_str().unwrap();
    let run = canonym(&["tag", "--whole", p], b"");
    let ts = tags(&run);
    assert_eq!(ts.len(), 1);
    assert_eq!(ts[0].record, 1);
    assert_eq!(&text[ts[0].start..ts[0].end], "Erbil");
    assert_eq!(ts[0].file.as_deref(), Some(p));
}

#[test]
fn shared_alias_lists_every_candidate() {
    let lex = "Springfield\tplace:springfield-a\tSpringfield A\nSpringfield\tplace:springfield-b\tSpringfield B\n";
    let dir = tempdir();
    let path = dir.join("shared.tsv");
    std::fs::write(&path, lex).unwrap();
    let run = canonym(
        &[
            "tag",
            "--no-default-lexicons",
            "--lexicon",
            path.to_str().unwrap(),
        ],
        b"in Springfield today\n",
    );
    let ts = tags(&run);
    assert_eq!(ts.len(), 1);
    assert_eq!(ts[0].id, None);
    assert_eq!(
        ts[0].candidates,
        ["place:springfield-a", "place:springfield-b"]
    );
}

#[test]
fn normalize_rewrites_names_ids_and_templates_and_keeps_everything_else() {
    let input = b"Kataib Hizbollah near ERBIL\r\nno names \xff here\n";
    let run = canonym(&["normalize"], input);
    assert_eq!(run.status, 0);
    assert_eq!(
        run.stdout,
        b"Kata'ib Hezbollah near Erbil\r\nno names \xff here\n"
    );
    let run = canonym(&["normalize", "--to", "id"], input);
    assert_eq!(
        run.stdout,
        b"org:kataib-hezbollah near place:erbil\r\nno names \xff here\n"
    );
    let run = canonym(&["normalize", "--template", "{text} [{id}]"], b"ERBIL");
    assert_eq!(run.out(), "ERBIL [place:erbil]");
    let run = canonym(&["normalize", "--template", "{nope}"], b"ERBIL");
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("{nope}"), "{}", run.stderr);
}

#[test]
fn resolve_gives_one_object_per_line_with_null_for_unknown_names() {
    let run = canonym(
        &["resolve"],
        "FALIH AL-FAYYADH\nفالح الفياض\nno such person\n".as_bytes(),
    );
    assert_eq!(run.status, 0);
    let rs: Vec<Resolved> = run
        .out()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rs.len(), 3);
    assert_eq!(rs[0].id.as_deref(), Some("person:falih-al-fayyadh"));
    assert_eq!(rs[1].id.as_deref(), Some("person:falih-al-fayyadh"));
    assert_eq!(rs[2].input, "no such person");
    assert!(
        rs[2].id.is_none()
            && rs[2].name.is_none()
            && rs[2].kind.is_none()
            && rs[2].score.is_none()
            && rs[2].kind_of.is_none()
    );
    assert!(rs.iter().all(|r| r.candidates.is_empty()));
}

#[test]
fn help_shows_examples_and_version_works() {
    let run = canonym(&["--help"], b"");
    assert_eq!(run.status, 0);
    assert!(run.out().contains("Examples:") && run.out().contains("canonym tag"));
    let run = canonym(&["--version"], b"");
    assert_eq!(run.status, 0);
    assert!(run.out().starts_with("canonym "));
    let run = canonym(&["frobnicate"], b"");
    assert_eq!(run.status, 2);
}

#[test]
fn user_tsv_extends_builtin_entities_and_bad_lexicons_exit_2() {
    let dir = tempdir();
    let path = dir.join("extra.tsv");
    std::fs::write(&path, "Arbeel\tplace:erbil\n").unwrap();
    let run = canonym(
        &["tag", "--lexicon", path.to_str().unwrap()],
        b"in Arbeel\n",
    );
    assert_eq!(tags(&run)[0].id.as_deref(), Some("place:erbil"));
    std::fs::write(&path, "only one column\n").unwrap();
    let run = canonym(
        &["tag", "--lexicon", path.to_str().unwrap()],
        b"in Arbeel\n",
    );
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("extra.tsv:1"), "{}", run.stderr);
}

#[test]
fn lint_passes_on_the_builtin_lexicons() {
    let run = canonym(&["lint", "--errors-only"], b"");
    assert_eq!(run.status, 0, "{}{}", run.out(), run.stderr);
}

fn tempdir() -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let d = std::env::temp_dir().join(format!(
        "canonym-cli-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// With `--line-buffered`, each line's output comes out while the input is still open (as with
/// `tail -f`); without it, output to a pipe waits for a block or the end.
#[test]
fn line_buffered_output_arrives_before_the_input_ends() {
    use std::io::{BufRead, BufReader};
    use std::sync::mpsc;
    for (cmd, line, want) in [
        (
            ["tag", "--line-buffered", "-j1"],
            "Erbil\n",
            "\"id\":\"place:erbil\"",
        ),
        (["normalize", "--line-buffered", "-j1"], "Erbil\n", "Erbil"),
        // With more than one thread too: a worker's output must not wait for the next read.
        (
            ["tag", "--line-buffered", "-j2"],
            "Erbil\n",
            "\"id\":\"place:erbil\"",
        ),
        (["normalize", "--line-buffered", "-j2"], "Erbil\n", "Erbil"),
    ]
    .into_iter()
    .map(|(c, l, w)| (c.to_vec(), l, w))
    .chain([(
        vec!["resolve", "--line-buffered"],
        "Erbil\n",
        "\"id\":\"place:erbil\"",
    )]) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_canonym"))
            .args(&cmd)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(line.as_bytes()).unwrap();
        stdin.flush().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut first = String::new();
            let _ = BufReader::new(stdout).read_line(&mut first);
            let _ = tx.send(first);
        });
        // The input is still open: only a flush can have sent the line.
        let got = rx.recv_timeout(std::time::Duration::from_secs(20));
        drop(stdin);
        let _ = child.wait();
        let got = got.unwrap_or_else(|_| panic!("{cmd:?}: no output while the input was open"));
        assert!(got.contains(want), "{cmd:?}: {got}");
    }
}

/// Input of several blocks (with a line longer than a block, CRLF lines and no final newline)
/// gives the same output on any number of threads: every record once, in input order, with its
/// own record number.
#[test]
fn more_threads_give_the_same_output_in_input_order() {
    let mut input = String::new();
    let mut lines = 0u64;
    while input.len() < 5 << 19 {
        lines += 1;
        let line = match lines % 4 {
            0 => format!("{lines} Falih al-Fayyadh met officials in Erbil.\r\n"),
            1 => format!("{lines} Nothing to see here, only words about the weather.\n"),
            2 => format!(
                "{lines} Kataib Hezbollah and Abu Kamal {}\n",
                "x ".repeat(40)
            ),
            _ => format!("{lines} Mosul\n"),
        };
        input.push_str(&line);
        if lines == 5000 {
            // Longer than the 1 MiB block that a read fills.
            input.push_str(&"lorem ".repeat(200_000));
            input.push_str("Erbil\n");
            lines += 1;
        }
    }
    input.push_str("last line without a newline: Basra");
    lines += 1;
    let dir = tempdir();
    let path = dir.join("blocks.txt");
    std::fs::write(&path, &input).unwrap();
    let file = path.to_str().unwrap();
    for cmd in ["tag", "normalize", "resolve"] {
        // resolve on one thread per line is slow in a debug build with every tier.
        let tiers = if cmd == "resolve" {
            "none"
        } else {
            "translit,fuzzy,coref"
        };
        let canonym = |args: &[&str], stdin: &[u8]| {
            canonym(&[&[cmd, "--tiers", tiers], args].concat(), stdin)
        };
        let one = canonym(&["-j1", file], b"");
        assert_eq!(one.status, 0, "{}", one.stderr);
        if cmd == "normalize" {
            // Every byte comes back, each name rewritten.
            assert_eq!(one.out().lines().count() as u64, lines);
            assert!(one.out().ends_with("Basra"), "no newline added at the end");
        } else if cmd == "resolve" {
            // One object per line, the last line's too.
            assert_eq!(one.out().lines().count() as u64, lines);
            assert!(one.out().ends_with(
                "\"id\":null,\"name\":null,\"type\":null,\"kind\":null,\"score\":null}\n"
            ));
        } else {
            let tags = tags(&one);
            assert_eq!(tags.last().map(|t| t.record), Some(lines));
            assert!(tags.windows(2).all(|w| w[0].record <= w[1].record));
        }
        let many = canonym(&["-j3", file], b"");
        assert!(many.stdout == one.stdout, "{cmd} -j3 differs from -j1");
        let piped = canonym(&["-j2"], input.as_bytes());
        let one_piped = canonym(&["-j1"], input.as_bytes());
        assert!(
            piped.stdout == one_piped.stdout,
            "{cmd} -j2 on stdin differs"
        );
    }
    let _ = std::fs::remove_dir_all(dir);
}
