//! Embeds every lexicon under `lexicons/` into the crate, with a parsed snapshot of each TOML
//! file so that start-up skips the TOML parse (see `src/lexicon/snapshot.rs`).

use std::path::{Path, PathBuf};

// The loader's own schema and snapshot encoder: the same code parses at build time and at run
// time.
#[allow(dead_code)]
#[path = "src/lexicon/schema.rs"]
mod schema;
#[allow(dead_code)]
#[path = "src/lexicon/snapshot.rs"]
mod snapshot;
// The runtime's folding code, so that each built-in alias's key (its folded text) is made here,
// once, by the same function that folds text at run time.
#[allow(dead_code)]
#[path = "src/fold/mod.rs"]
mod fold;
#[allow(dead_code)]
#[path = "src/swar.rs"]
mod swar;

/// Gives every alias of `doc` its key: the text folded and trimmed, as the loader's `alias_key`
/// makes it. The loader still checks each alias; only the folding is done here, once.
fn add_keys(doc: &mut schema::FileDoc) {
    let mut scratch = fold::Folded::default();
    for a in doc.aliases_mut() {
        fold::fold_str_into(&a.text, &mut scratch);
        a.key = Some(scratch.as_str().trim().to_owned());
    }
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "toml" || e == "tsv") {
            out.push(p);
        }
    }
}

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let lex = root.join("lexicons");
    println!("cargo:rerun-if-changed=lexicons");
    println!("cargo:rerun-if-changed=src/lexicon/schema.rs");
    println!("cargo:rerun-if-changed=src/lexicon/snapshot.rs");
    println!("cargo:rerun-if-changed=src/fold");
    println!("cargo:rerun-if-changed=src/swar.rs");
    let mut files = Vec::new();
    collect(&lex, &mut files);
    let mut code = String::from("&[\n");
    let mut snaps = String::from("&[\n");
    for (i, f) in files.iter().enumerate() {
        let rel = f
            .strip_prefix(&root)
            .unwrap_or(f)
            .to_string_lossy()
            .replace('\\', "/");
        code.push_str(&format!(
            "    ({rel:?}, include_str!({:?})),\n",
            f.display().to_string()
        ));
        // A file that does not parse gets no snapshot: the run-time loader parses it and
        // reports the error with its position, as for any lexicon.
        let doc = (f.extension().is_some_and(|e| e == "toml"))
            .then(|| std::fs::read_to_string(f).ok())
            .flatten()
            .and_then(|text| toml::from_str::<schema::FileDoc>(&text).ok());
        match doc {
            Some(mut doc) => {
                add_keys(&mut doc);
                let bin = out_dir.join(format!("lexicon-{i}.bin"));
                std::fs::write(&bin, snapshot::encode(&doc)).expect("write snapshot");
                snaps.push_str(&format!(
                    "    Some(include_bytes!({:?})),\n",
                    bin.display().to_string()
                ));
            }
            None => snaps.push_str("    None,\n"),
        }
    }
    code.push_str("]\n");
    snaps.push_str("]\n");
    std::fs::write(out_dir.join("builtin_lexicons.rs"), code).expect("write builtin_lexicons.rs");
    std::fs::write(out_dir.join("builtin_snapshots.rs"), snaps)
        .expect("write builtin_snapshots.rs");
}
