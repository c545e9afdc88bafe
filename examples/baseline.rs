//! The baseline that `canonym tag` is measured against: a plain `aho-corasick` automaton over the
//! aliases as written, ASCII case-insensitive, leftmost-longest, with a word-boundary check.
//!
//! ```text
//! cargo run --release --example baseline -- bench-data/lex-100000.tsv bench-data/corpus.txt > /dev/null
//! ```
//!
//! LEXICON is a TSV lexicon (`alias<TAB>id[<TAB>name]`, `#` comments), or `builtin` for the
//! names and acronyms of canonym's built-in lexicons (short forms, which need an earlier mention,
//! are left out; acronyms must match in their exact case, checked after the search). It reads the corpus one line
//! (record) at a time like `canonym tag`, prints one line per match (`record<TAB>start<TAB>end<TAB>id`)
//! on stdout, and a summary with build time, scan time and MB/s (10^6 bytes) on stderr.
//!
//! What it does not do, on purpose: no Unicode folding (diacritics, curly apostrophes, Arabic vowel
//! marks and non-ASCII case all defeat it), no offset map, no Arabic proclitics, no shared aliases.
//!
//! Word boundaries: a match counts when the byte before it and the byte after it are not word
//! bytes. Word bytes are ASCII letters and digits and every non-ASCII byte (any byte >= 0x80), so a
//! match never starts or ends inside a multi-byte character or next to a non-ASCII letter; the price
//! is that a name next to non-ASCII punctuation (“Erbil”) is missed. Matches are filtered after the
//! leftmost-longest search, so a longer match that fails the boundary test can hide a shorter valid
//! one: this is the simple approach canonym improves on, not a second implementation of it.

use aho_corasick::{AhoCorasick, MatchKind};
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::time::Instant;

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [lexicon, corpus] = args.as_slice() else {
        eprintln!(
            "usage: baseline LEXICON.tsv|builtin CORPUS.txt  (`-` reads the corpus from stdin)"
        );
        std::process::exit(2);
    };

    let started = Instant::now();
    let mut patterns: Vec<String> = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    let mut exact_case: Vec<bool> = Vec::new();
    if lexicon == "builtin" {
        let c = canonym::Canonym::try_new().map_err(io::Error::other)?;
        for e in c.lexicon().entities() {
            for a in e
                .aliases()
                .iter()
                .filter(|a| a.class() != canonym::AliasClass::Short)
            {
                patterns.push(a.text().to_owned());
                ids.push(e.id().to_owned());
                exact_case.push(a.class() == canonym::AliasClass::Acronym);
            }
        }
    } else {
        for row in std::fs::read_to_string(lexicon)?.lines() {
            if row.trim().is_empty() || row.starts_with('#') {
                continue;
            }
            let mut cols = row.split('\t');
            if let (Some(alias), Some(id)) = (cols.next(), cols.next()) {
                patterns.push(alias.to_owned());
                ids.push(id.to_owned());
                exact_case.push(false);
            }
        }
    }
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .build(&patterns)
        .map_err(io::Error::other)?;
    let built = started.elapsed();

    let input: Box<dyn BufRead> = if corpus == "-" {
        Box::new(BufReader::with_capacity(1 << 16, io::stdin().lock()))
    } else {
        Box::new(BufReader::with_capacity(
            1 << 16,
            std::fs::File::open(corpus)?,
        ))
    };
    let mut input = input;
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let scan_started = Instant::now();
    let (mut bytes, mut records, mut matches, mut rejected) = (0u64, 0u64, 0u64, 0u64);
    let mut line = Vec::with_capacity(1 << 12);
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        bytes += line.len() as u64;
        records += 1;
        if line.ends_with(b"\n") {
            line.pop();
        }
        for m in ac.find_iter(&line) {
            let before_ok = m.start() == 0 || !is_word_byte(line[m.start() - 1]);
            let after_ok = m.end() == line.len() || !is_word_byte(line[m.end()]);
            let p = m.pattern().as_usize();
            let case_ok = !exact_case[p] || &line[m.start()..m.end()] == patterns[p].as_bytes();
            if !(before_ok && after_ok && case_ok) {
                rejected += 1;
                continue;
            }
            matches += 1;
            writeln!(out, "{records}\t{}\t{}\t{}", m.start(), m.end(), ids[p])?;
        }
    }
    out.flush()?;
    let scanned = scan_started.elapsed();
    let mb = bytes as f64 / 1e6;
    eprintln!(
        "baseline: {} patterns, {:?} automaton ({} bytes of heap), built in {:.3} s",
        patterns.len(),
        ac.kind(),
        ac.memory_usage(),
        built.as_secs_f64()
    );
    eprintln!(
        "baseline: {records} records, {mb:.1} MB, {matches} matches ({rejected} rejected at a word boundary or for acronym case), scanned in {:.3} s = {:.1} MB/s",
        scanned.as_secs_f64(),
        mb / scanned.as_secs_f64()
    );
    Ok(())
}
