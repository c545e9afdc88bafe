//! Replays every seed and every saved crash of the fuzz targets through the same checks, on stable
//! Rust with plain `cargo test`: a bug the fuzzer once found cannot come back unnoticed.
//!
//! Inputs live in `fuzz/corpus/<target>/` (seeds) and `fuzz/regressions/<target>/` (minimised
//! crashes, each fixed in the library). The checks are `canonym::checks::fuzz_<target>`.

use std::path::{Path, PathBuf};

fn inputs(target: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut files = Vec::new();
    for dir in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        files.extend(
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.is_file()
                        && !p
                            .file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                }),
        );
    }
    files.sort();
    files
}

/// Runs `check` on every input of `target`; reports every failing file at once.
fn replay(target: &str, min_seeds: usize, check: fn(&[u8])) {
    let files = inputs(target);
    assert!(
        files.len() >= min_seeds,
        "expected at least {min_seeds} inputs for the `{target}` fuzz target, found {}",
        files.len()
    );
    let mut failed = Vec::new();
    for f in &files {
        let data = std::fs::read(f).unwrap_or_else(|e| panic!("reading {}: {e}", f.display()));
        if let Err(p) = std::panic::catch_unwind(|| check(&data)) {
            let msg = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            failed.push(format!("{}: {msg}", f.display()));
        }
    }
    assert!(
        failed.is_empty(),
        "{} input(s) of `{target}` fail:\n{}",
        failed.len(),
        failed.join("\n")
    );
}

#[test]
fn fold_corpus_and_regressions_hold() {
    replay("fold", 10, canonym::checks::fuzz_fold);
}

#[test]
fn scan_corpus_and_regressions_hold() {
    replay("scan", 10, canonym::checks::fuzz_scan);
}

#[test]
fn normalize_corpus_and_regressions_hold() {
    replay("normalize", 10, canonym::checks::fuzz_normalize);
}

#[test]
fn lexicon_corpus_and_regressions_hold() {
    replay("lexicon", 5, canonym::checks::fuzz_lexicon);
}

#[test]
fn resolve_corpus_and_regressions_hold() {
    replay("resolve", 5, canonym::checks::fuzz_resolve);
}
