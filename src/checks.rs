//! Property checks shared by the fuzz targets and the tests that replay the fuzz corpus.
//! Not part of the stable API.
//!
//! Each `check_*` function panics with a message that names the property and the input when the
//! property does not hold. Each `fuzz_*` function is the whole body of one fuzz target: it reads
//! the raw input the way the target does and runs the checks, so `tests/fuzz_replay.rs` replays a
//! corpus file exactly as the fuzzer saw it.
//!
//! # Input format of the `scan`, `normalize` and `resolve` targets
//!
//! An input is either plain text, scanned with the small [`fixture`] lexicon, or a lexicon spec and
//! a text separated by a line `---`:
//!
//! ```text
//! 0Kata'ib Hezbollah
//! 0!KH
//! 0~Kataib
//! 1Hezbollah
//! ---
//! KH and Kata’ib Hezbollah; later Kataib and Hezbollah said
//! ```
//!
//! Each spec line is one alias: an optional digit picks the entity (`org:e0` .. `org:e9`; by default
//! the line number modulo 3), then an optional mark picks the class or flags (`!` acronym, `~` short
//! form, `*` shared, `^` shared and primary), then the alias text. Aliases the loader would reject
//! are dropped, and so is an entity left without a plain alias, so any input gives a lexicon (or
//! none, and the input is skipped).

use crate::fold;
use crate::lexicon::{self, Diagnostic, lint};
use crate::{AliasClass, Canonym, Entity, MatchKind, Mention, Replacement, Template};
use std::fmt::Write as _;
use std::sync::OnceLock;

/// Byte offsets of `input` where a span may start or end: every character boundary of the valid
/// parts, anywhere inside or around an invalid sequence, and the end. Never inside a valid
/// multi-byte character.
fn boundaries(input: &[u8]) -> Vec<bool> {
    let mut ok = vec![false; input.len() + 1];
    let mut base = 0;
    for chunk in input.utf8_chunks() {
        for (i, _) in chunk.valid().char_indices() {
            ok[base + i] = true;
        }
        base += chunk.valid().len();
        for i in 0..=chunk.invalid().len() {
            ok[base + i] = true;
        }
        base += chunk.invalid().len();
    }
    ok[input.len()] = true;
    ok
}

fn show(input: &[u8]) -> String {
    const MAX: usize = 600;
    let mut s = String::new();
    match std::str::from_utf8(input) {
        Ok(t) => {
            let _ = write!(s, "{t:?}");
        }
        Err(_) => {
            let _ = write!(s, "b\"{}\"", input.escape_ascii());
        }
    }
    if s.len() > MAX {
        let mut cut = MAX;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
        s.push_str("...");
    }
    s
}

/// Folding: `fold_str` is idempotent and agrees with `fold_bytes`; the offset map is monotonic;
/// every mapped offset is in bounds and a character boundary of the input; every folded character
/// maps back to a span of whole original characters.
pub fn check_fold(input: &[u8]) {
    let f = fold::fold_bytes(input);
    let text = f.as_str();
    let again = fold::fold_str(text);
    assert!(
        again == text,
        "folding is not idempotent: {} folds to {:?}, which folds to {:?}",
        show(input),
        text,
        again
    );
    if let Ok(s) = std::str::from_utf8(input) {
        let by_str = fold::fold_str(s);
        assert!(
            by_str == text,
            "fold_str and fold_bytes disagree on {}: {by_str:?} vs {text:?}",
            show(input)
        );
    }

    let ok = boundaries(input);
    let in_input = |o: usize| o <= input.len() && ok[o];
    let mut prev: Option<(usize, usize)> = None;
    for (fo, or) in f.map().anchors() {
        assert!(
            fo <= text.len() && text.is_char_boundary(fo),
            "offset map anchor at folded {fo} is not a character boundary of {text:?} (input {})",
            show(input)
        );
        assert!(
            in_input(or),
            "offset map anchor at original {or} is out of bounds or inside a character of {}",
            show(input)
        );
        if let Some((pf, po)) = prev {
            assert!(
                fo >= pf && or >= po,
                "offset map is not monotonic: anchor ({pf}, {po}) is followed by ({fo}, {or}) for {}",
                show(input)
            );
        }
        prev = Some((fo, or));
    }

    let map = f.map();
    let mut last = (0, 0);
    for (i, c) in text.char_indices() {
        let (s, e) = f.original_span(i, i + c.len_utf8());
        assert!(
            s <= e && in_input(s) && in_input(e),
            "folded char {c:?} at {i} maps to {s}..{e}, which does not slice {} on character boundaries",
            show(input)
        );
        assert!(
            s >= last.0 && e >= last.1,
            "folded char {c:?} at {i} maps to {s}..{e}, before the previous char's {}..{} in {}",
            last.0,
            last.1,
            show(input)
        );
        last = (s, e);
        for o in [map.start(i), map.end(i)] {
            assert!(
                in_input(o),
                "folded offset {i} maps to {o}, not a character boundary of {}",
                show(input)
            );
        }
    }
    for o in [map.start(text.len()), map.end(text.len())] {
        assert!(
            in_input(o),
            "the folded end maps to {o}, not a character boundary of {}",
            show(input)
        );
    }
}

/// The folded matching key of an alias, as the scanner builds it.
fn key_of(alias: &str) -> String {
    fold::fold_str(alias).trim().to_owned()
}

/// Whether the original text of a mention can come from `key`: it folds to the key, or to the key
/// without its leading Arabic article (a mention after ال, بال, لل ... covers only the name).
fn folds_to(folded_mention: &str, key: &str) -> bool {
    key == folded_mention || key.strip_prefix(fold::arabic::ARTICLE) == Some(folded_mention)
}

fn listed<'c>(m: &Mention<'c>) -> Vec<&'c Entity> {
    let mut v: Vec<&Entity> = m.candidates().collect();
    if v.is_empty() {
        v.extend(m.entity());
    }
    v
}

/// Scanning: every span is in bounds, on character boundaries and valid UTF-8; spans are sorted
/// and do not overlap; the original text of an `exact` or `folded` mention folds to the key of an
/// alias of every entity it lists (or to that key without its leading Arabic article, for a name
/// after ال, بال, لل ...), an acronym only when the text is exact; an `exact` mention equals an
/// alias byte for byte; the entities of a `coref` mention were named earlier in the record.
pub fn check_scan<'c>(canonym: &'c Canonym, text: &[u8]) -> Vec<Mention<'c>> {
    let mentions: Vec<Mention<'c>> = canonym.find_bytes(text).collect();
    let ok = boundaries(text);
    let mut prev_end = 0;
    let mut named: Vec<&str> = Vec::new();
    for m in &mentions {
        let (s, e) = (m.start(), m.end());
        let what = || format!("mention {s}..{e} ({:?}) in {}", m.kind(), show(text));
        assert!(
            s < e && e <= text.len(),
            "{} is empty or out of bounds",
            what()
        );
        assert!(ok[s] && ok[e], "{} is not on character boundaries", what());
        assert!(
            s >= prev_end,
            "{} overlaps or precedes the previous mention ending at {prev_end}",
            what()
        );
        prev_end = e;
        let Ok(original) = std::str::from_utf8(&text[s..e]) else {
            panic!("{} contains bytes that are not valid UTF-8", what());
        };

        let ents = listed(m);
        assert!(!ents.is_empty(), "{} names no entity", what());
        if m.is_ambiguous() {
            let mut ids: Vec<&str> = ents.iter().map(|e| e.id()).collect();
            ids.sort_unstable();
            ids.dedup();
            assert!(
                ids.len() >= 2,
                "{} is ambiguous with fewer than two candidates: {ids:?}",
                what()
            );
            if let Some(chosen) = m.entity() {
                assert!(
                    ids.contains(&chosen.id()),
                    "{}: chosen `{}` is not a candidate",
                    what(),
                    chosen.id()
                );
            }
        }

        let folded = fold::fold_str(original);
        for ent in &ents {
            let fits = |class_ok: &dyn Fn(&crate::Alias) -> bool| {
                ent.aliases()
                    .iter()
                    .any(|a| class_ok(a) && folds_to(&folded, &key_of(a.text())))
            };
            let ok = match m.kind() {
                // Acronyms match only in their exact case.
                MatchKind::Exact => {
                    fits(&|a| a.class() != AliasClass::Acronym || a.text() == original)
                }
                MatchKind::Folded => fits(&|a| a.class() != AliasClass::Acronym),
                // The later tiers match spellings no lexicon lists: no key to compare with.
                _ => true,
            };
            assert!(
                ok,
                "{}: its text {original:?} folds to {folded:?}, which is no {} alias key of `{}` (aliases {:?})",
                what(),
                m.kind().as_str(),
                ent.id(),
                ent.aliases().iter().map(|a| a.text()).collect::<Vec<_>>()
            );
            if m.kind() == MatchKind::Coref {
                assert!(
                    named.contains(&ent.id()),
                    "{}: short form of `{}` before any full mention",
                    what(),
                    ent.id()
                );
            }
        }
        if m.kind() == MatchKind::Exact {
            assert!(
                ents.iter()
                    .any(|e| e.aliases().iter().any(|a| a.text() == original)),
                "{}: kind exact but {original:?} is no alias text",
                what()
            );
        }
        if let Some(e) = m.entity() {
            named.push(e.id());
        }
    }
    mentions
}

/// Normalizing: the output is the input with each unambiguous (or preferred) mention replaced and
/// every other byte unchanged and in order; with no mentions it is the input byte for byte; a
/// `{text}` template gives the input back.
pub fn check_normalize(canonym: &Canonym, text: &[u8]) {
    let mentions = check_scan(canonym, text);
    let out = canonym.normalize_bytes(text, &Replacement::Id);
    if mentions.is_empty() {
        assert!(
            out == text,
            "normalize changed {} without a mention: {}",
            show(text),
            show(&out)
        );
    }
    let mut expected = Vec::with_capacity(text.len());
    let mut pos = 0;
    for m in &mentions {
        let Some(e) = m.entity() else { continue };
        expected.extend_from_slice(&text[pos..m.start()]);
        expected.extend_from_slice(e.id().as_bytes());
        pos = m.end();
    }
    expected.extend_from_slice(&text[pos..]);
    assert!(
        out == expected,
        "normalize --to id of {} gave {}, expected {} (bytes outside mentions must pass unchanged)",
        show(text),
        show(&out),
        show(&expected)
    );
    let template = Template::parse("{text}").expect("`{text}` is a valid template");
    let same = canonym.normalize_bytes(text, &Replacement::Template(template));
    assert!(
        same == text,
        "normalize with template {{text}} changed {} into {}",
        show(text),
        show(&same)
    );
    if let Ok(s) = std::str::from_utf8(text) {
        let by_str = canonym.normalize(s, &Replacement::Id);
        assert!(
            by_str.as_bytes() == out,
            "normalize and normalize_bytes disagree on {}",
            show(text)
        );
    }
}

fn check_diagnostics(what: &str, file: &str, text: &str, diags: &[Diagnostic]) {
    for d in diags {
        assert!(
            !d.file.is_empty() && d.line >= 1 && !d.message.is_empty(),
            "{what} gave a diagnostic without a file, line or message: {d:?} for {}",
            show(text.as_bytes())
        );
        assert!(
            &*d.file == file,
            "{what} names file {:?}, expected {file:?}: {d}",
            d.file
        );
    }
}

/// Lexicon parsing: the TOML and TSV loaders, the lint and compiling never panic on any text, and
/// every diagnostic names the file and a line >= 1. A lexicon that compiles scans its own text
/// and runs its examples under the scan checks.
pub fn check_lexicon_text(text: &str) {
    for (file, loaded) in [
        ("fuzz.toml", lexicon::load_toml("fuzz.toml", text)),
        ("fuzz.tsv", lexicon::load_tsv("fuzz.tsv", text)),
    ] {
        check_diagnostics(&format!("loading {file}"), file, text, loaded.diagnostics());
        check_diagnostics(&format!("linting {file}"), file, text, &lint::lint(&loaded));
        let built = Canonym::builder()
            .no_default_lexicons()
            .lexicon_str(file, text)
            .build();
        match built {
            Ok(c) => {
                check_scan(&c, text.as_bytes());
                for e in c.lexicon().entities() {
                    for s in e.examples_match().iter().chain(e.examples_no_match()) {
                        check_scan(&c, s.as_bytes());
                    }
                }
                check_diagnostics(
                    &format!("examples of {file}"),
                    file,
                    text,
                    &lint::check_examples(&c),
                );
            }
            Err(e) => {
                assert!(
                    !e.diagnostics().is_empty(),
                    "building {file} failed without a diagnostic: {e}"
                );
                check_diagnostics(&format!("compiling {file}"), file, text, e.diagnostics());
            }
        }
    }
}

/// Resolving: every `Name` alias of every entity resolves to that entity, or to an ambiguous
/// result that lists it.
pub fn check_resolve(canonym: &Canonym) {
    for e in canonym.lexicon().entities() {
        for a in e.aliases().iter().filter(|a| a.class() == AliasClass::Name) {
            let r = canonym.resolve(a.text());
            let Some(r) = r else {
                panic!("alias {:?} of `{}` does not resolve", a.text(), e.id());
            };
            let hit = r.entity().is_some_and(|x| x.id() == e.id())
                || r.candidates().any(|x| x.id() == e.id());
            assert!(
                hit,
                "alias {:?} of `{}` resolves to {:?} (candidates {:?})",
                a.text(),
                e.id(),
                r.entity().map(|x| x.id()),
                r.candidates().map(|x| x.id()).collect::<Vec<_>>()
            );
        }
    }
}

/// A small lexicon in the spirit of the built-in ones, for the fuzz targets and replay tests: names
/// with apostrophes and diacritics, Arabic names with the article, acronyms, short forms, nested
/// names and a shared alias with a preferred reading.
pub const FIXTURE_TOML: &str = r#"
[[entity]]
id = "person:falih-al-fayyadh"
name = "Falih al-Fayyadh"
type = "person"
aliases = ["Falih al-Fayyadh", "Faleh al-Fayyadh", "Fālih al-Fayyāḍ", "فالح الفياض"]
short = ["Fayyadh", "الفياض"]
sources = ["https://example.org/fayyadh"]

[[entity]]
id = "org:kataib-hezbollah"
name = "Kata'ib Hezbollah"
type = "armed-group"
aliases = ["Kata'ib Hezbollah", "Kataib Hizbollah", "Hezbollah Brigades", "كتائب حزب الله"]
acronyms = ["KH"]
sources = ["https://example.org/kh"]

[[entity]]
id = "org:hezbollah"
name = "Hezbollah"
type = "armed-group"
aliases = ["Hezbollah", "Hizballah", "حزب الله"]
sources = ["https://example.org/hezbollah"]

[[entity]]
id = "org:popular-mobilization-forces"
name = "Popular Mobilization Forces"
type = "armed-group"
aliases = ["Popular Mobilization Forces", "al-Hashd al-Shaabi", "Hashd", "الحشد الشعبي"]
acronyms = ["PMF", "PMU"]
sources = ["https://example.org/pmf"]

[[entity]]
id = "place:iraq"
name = "Iraq"
type = "place"
aliases = ["Iraq", "العراق", "عراق"]
sources = ["https://example.org/iraq"]

[[entity]]
id = "place:erbil"
name = "Erbil"
type = "place"
aliases = ["Erbil", "Arbil", "Hewlêr", "أربيل"]
sources = ["https://example.org/erbil"]

[[entity]]
id = "place:aleppo"
name = "Aleppo"
type = "place"
aliases = ["Aleppo", "Halab", "حلب"]
sources = ["https://example.org/aleppo"]

[[entity]]
id = "place:al-mayadeen"
name = "Al-Mayadeen"
type = "place"
aliases = [{ text = "Al Mayadeen", shared = true, primary = true }, "الميادين"]
sources = ["https://example.org/mayadeen-town"]

[[entity]]
id = "media:al-mayadeen"
name = "Al Mayadeen (TV)"
type = "media"
aliases = [{ text = "Al Mayadeen", shared = true }, "Al Mayadeen TV"]
sources = ["https://example.org/mayadeen-tv"]

[[entity]]
id = "place:hama"
name = "Hama"
type = "place"
aliases = ["Hama", "حماة"]
sources = ["https://example.org/hama"]

[[entity]]
id = "org:hamas"
name = "Hamas"
type = "armed-group"
aliases = ["Hamas", "حماس"]
sources = ["https://example.org/hamas"]

[[entity]]
id = "person:ali-al-sistani"
name = "Ali al-Sistani"
type = "person"
aliases = ["Ali al-Sistani", "ʿAlī al-Sīstānī", "علي السيستاني"]
short = ["Sistani", "السيستاني"]
sources = ["https://example.org/sistani"]

[[entity]]
id = "place:deir-ez-zor"
name = "Deir ez-Zor"
type = "place"
aliases = ["Deir ez-Zor", "Dayr az Zawr", "Deir al-Zour", "دير الزور"]
sources = ["https://example.org/deir"]
"#;

/// The [`FIXTURE_TOML`] lexicon, compiled once.
pub fn fixture() -> &'static Canonym {
    static FIXTURE: OnceLock<Canonym> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        Canonym::builder()
            .no_default_lexicons()
            .lexicon_str("fixture.toml", FIXTURE_TOML)
            .build()
            .unwrap_or_else(|e| panic!("the checks fixture lexicon must load: {e}"))
    })
}

fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Builds a lexicon from a spec (see the module documentation). `None` when no alias survives.
pub fn lexicon_from_spec(spec: &str) -> Option<Canonym> {
    #[derive(Default)]
    struct Ent {
        aliases: Vec<String>,
        acronyms: Vec<String>,
        short: Vec<String>,
    }
    let mut ents: Vec<Ent> = (0..10).map(|_| Ent::default()).collect();
    for (n, line) in spec.lines().enumerate() {
        let mut rest = line;
        let mut ent = n % 3;
        if let Some(d) = rest.chars().next().and_then(|c| c.to_digit(10)) {
            ent = d as usize;
            rest = &rest[1..];
        }
        let mark = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '!' | '~' | '*' | '^'));
        if let Some(m) = mark {
            rest = &rest[m.len_utf8()..];
        }
        // The loader's own alias checks decide what is kept (a TSV row starting with `#` is a
        // comment, and its trailing CR is a line ending: those are no aliases).
        let row = lexicon::load_tsv("a.tsv", &format!("{rest}\tx\tX"));
        let kept = row.diagnostics().is_empty()
            && row.entities().len() == 1
            && row.entities()[0]
                .aliases()
                .iter()
                .map(|a| a.text())
                .eq([rest]);
        if !kept {
            continue;
        }
        let quoted = toml_string(rest);
        let e = &mut ents[ent];
        match mark {
            Some('!') => e.acronyms.push(quoted),
            Some('~') => e.short.push(quoted),
            Some('*') => e
                .aliases
                .push(format!("{{ text = {quoted}, shared = true }}")),
            Some('^') => e.aliases.push(format!(
                "{{ text = {quoted}, shared = true, primary = true }}"
            )),
            _ => e.aliases.push(quoted),
        }
    }
    let mut toml = String::new();
    for (i, e) in ents
        .iter()
        .enumerate()
        .filter(|(_, e)| !e.aliases.is_empty())
    {
        let _ = writeln!(
            toml,
            "[[entity]]\nid = \"org:e{i}\"\nname = \"E{i}\"\ntype = \"organization\""
        );
        let _ = writeln!(toml, "sources = [\"https://example.org/e{i}\"]");
        for (field, list) in [
            ("aliases", &e.aliases),
            ("acronyms", &e.acronyms),
            ("short", &e.short),
        ] {
            let _ = writeln!(toml, "{field} = [\n{}\n]", list.join(",\n"));
        }
    }
    if toml.is_empty() {
        return None;
    }
    let built = Canonym::builder()
        .no_default_lexicons()
        .lexicon_str("spec.toml", &toml)
        .build();
    match built {
        Ok(c) => Some(c),
        Err(e) => panic!("aliases that the TSV loader accepts were rejected in TOML: {e}\n{toml}"),
    }
}

/// Splits a fuzz input into the lexicon to use and the text.
fn canonym_for(data: &[u8]) -> Option<(Canonym, &[u8])> {
    const SEP: &[u8] = b"\n---\n";
    match data.windows(SEP.len()).position(|w| w == SEP) {
        Some(i) => {
            let spec = String::from_utf8_lossy(&data[..i]);
            Some((lexicon_from_spec(&spec)?, &data[i + SEP.len()..]))
        }
        None => Some((fixture().clone(), data)),
    }
}

/// The `fold` fuzz target.
pub fn fuzz_fold(data: &[u8]) {
    check_fold(data);
}

/// The `scan` fuzz target.
pub fn fuzz_scan(data: &[u8]) {
    if let Some((c, text)) = canonym_for(data) {
        check_scan(&c, text);
        // Lines as separate records, as `canonym tag` reads them.
        for line in text.split(|&b| b == b'\n') {
            check_scan(&c, line);
        }
    }
}

/// The `normalize` fuzz target.
pub fn fuzz_normalize(data: &[u8]) {
    if let Some((c, text)) = canonym_for(data) {
        check_normalize(&c, text);
    }
}

/// The `lexicon` fuzz target.
pub fn fuzz_lexicon(data: &[u8]) {
    check_lexicon_text(&String::from_utf8_lossy(data));
}

/// The `resolve` fuzz target.
pub fn fuzz_resolve(data: &[u8]) {
    if let Some((c, text)) = canonym_for(data) {
        check_resolve(&c);
        for line in String::from_utf8_lossy(text).lines() {
            if let Some(r) = c.resolve(line) {
                assert!(
                    r.entity().is_some() || r.is_ambiguous(),
                    "resolve({line:?}) returned a result without an entity or candidates"
                );
                assert!(
                    r.end() <= line.len()
                        && line.is_char_boundary(r.start())
                        && line.is_char_boundary(r.end())
                );
            }
        }
    }
}
