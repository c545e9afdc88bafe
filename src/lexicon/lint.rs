//! Checks across entities that `canonym lint` runs on top of the loader's own checks.
//!
//! The loader (shared with the runtime) already reports schema errors, bad IDs and types, empty,
//! padded or non-NFC aliases and missing sources. This module adds what needs the whole set:
//! duplicate IDs, aliases of different entities that fold to one key, shared-alias marks,
//! aliases nested inside another entity's alias, common English words, mixed scripts, and the
//! per-entity examples.

use super::{AliasClass, Diagnostic, Entity, Loaded, Severity};
use crate::fold::fold_str;
use std::collections::HashMap;
use std::sync::Arc;

/// Lowercase English words that must not be an alias or acronym on their own.
const COMMON_WORDS: &str = include_str!("common_words.txt");

static COMMON: once_cell::sync::Lazy<
    std::collections::HashSet<&'static str, crate::fxhash::FxBuild>,
> = once_cell::sync::Lazy::new(|| {
    COMMON_WORDS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// Whether a folded word is a common English word: never an alias on its own (lint), never the
/// start of a transliteration window or a bare surname (the later tiers).
pub fn is_common_word(folded: &str) -> bool {
    COMMON.contains(folded)
}

/// Summary counts for `canonym lint` and `canonym stats`.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    /// Number of entities.
    pub entities: usize,
    /// Number of alias entries (aliases, acronyms and short forms).
    pub aliases: usize,
    /// Entities per type.
    pub per_type: Vec<(String, usize)>,
    /// Aliases per script (`latin`, `arabic`, `other`).
    pub per_script: Vec<(String, usize)>,
    /// Entities with at least one source.
    pub with_sources: usize,
    /// Entities with at least one Arabic-script alias.
    pub with_arabic: usize,
}

/// Which script a text is mostly written in.
pub fn script_of(text: &str) -> &'static str {
    let (mut latin, mut arabic, mut other) = (0, 0, 0);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if crate::fold::arabic::is_arabic_letter(c) || ('\u{0600}'..='\u{06FF}').contains(&c) {
            arabic += 1;
        } else if c.is_ascii_alphabetic()
            || ('\u{00C0}'..='\u{024F}').contains(&c)
            || ('\u{1E00}'..='\u{1EFF}').contains(&c)
        {
            latin += 1;
        } else {
            other += 1;
        }
    }
    if arabic >= latin && arabic >= other && arabic > 0 {
        "arabic"
    } else if latin >= other && latin > 0 {
        "latin"
    } else {
        "other"
    }
}

/// Counts entities and aliases.
pub fn stats(entities: &[Entity]) -> Stats {
    let mut per_type: HashMap<String, usize> = HashMap::new();
    let mut per_script: HashMap<String, usize> = HashMap::new();
    let mut s = Stats {
        entities: entities.len(),
        ..Stats::default()
    };
    for e in entities {
        *per_type.entry(e.kind.as_str().to_owned()).or_default() += 1;
        s.aliases += e.aliases.len();
        s.with_sources += usize::from(!e.sources.is_empty());
        let mut arabic = false;
        for a in &e.aliases {
            let sc = script_of(&a.text);
            arabic |= sc == "arabic";
            *per_script.entry(sc.to_owned()).or_default() += 1;
        }
        s.with_arabic += usize::from(arabic);
    }
    s.per_type = per_type.into_iter().collect();
    s.per_type.sort();
    s.per_script = per_script.into_iter().collect();
    s.per_script.sort();
    s
}

/// Letters of a script that a Latin name should not contain (confusables such as Cyrillic а).
fn confusable_script(c: char) -> Option<&'static str> {
    match c {
        '\u{0370}'..='\u{03FF}' => Some("Greek"),
        '\u{0400}'..='\u{04FF}' => Some("Cyrillic"),
        _ => None,
    }
}

/// Runs every check. Returns the loader's diagnostics plus the cross-entity ones, sorted by
/// file and line.
pub fn lint(loaded: &Loaded) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = loaded.diagnostics.clone();
    let ents = &loaded.entities;

    // Duplicate IDs, retired IDs in use or redirecting nowhere: the same check the runtime
    // applies when it builds a lexicon.
    out.extend(loaded.id_problems());

    // Alias keys: (key, exact text for acronyms) -> users.
    struct Use<'a> {
        e: &'a Entity,
        a: &'a super::Alias,
    }
    let mut by_key: HashMap<String, Vec<Use>> = HashMap::new();
    for e in ents {
        for a in &e.aliases {
            let key = fold_str(&a.text).trim().to_owned();
            if a.class == AliasClass::Name && is_common_word(&key) {
                out.push(
                    Diagnostic::error(
                        &e.file,
                        a.line,
                        1,
                        format!("alias `{}` of `{}` is a common English word", a.text, e.id),
                    )
                    .with_help("move it to `short` (matched only after the full name) or drop it"),
                );
            }
            for word in a.text.split(|c: char| !c.is_alphanumeric()) {
                let latin = word.chars().any(|c| c.is_ascii_alphabetic());
                if let Some(sc) = word.chars().find_map(confusable_script).filter(|_| latin) {
                    out.push(
                        Diagnostic::error(&e.file, a.line, 1, format!("alias `{}` of `{}` mixes Latin and {sc} letters in `{word}`", a.text, e.id))
                            .with_help("retype the word in one script; lookalike letters are a common copy-paste accident"),
                    );
                }
            }
            by_key.entry(key).or_default().push(Use { e, a });
        }
    }
    let mut keys: Vec<&String> = by_key.keys().collect();
    keys.sort();
    for key in keys {
        let uses = &by_key[key];
        let mut ids: Vec<&str> = uses.iter().map(|u| u.e.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        if ids.len() < 2 {
            if let Some(u) = uses.iter().find(|u| u.a.shared) {
                out.push(Diagnostic::warning(
                    &u.e.file,
                    u.a.line,
                    1,
                    format!(
                        "alias `{}` is marked shared but only `{}` uses it",
                        u.a.text, u.e.id
                    ),
                ));
            }
            continue;
        }
        // Acronyms in different letter cases do not collide with each other.
        let standalone: Vec<&Use> = uses
            .iter()
            .filter(|u| u.a.class != AliasClass::Short)
            .collect();
        let mut clash = false;
        for (i, x) in standalone.iter().enumerate() {
            for y in &standalone[i + 1..] {
                if x.e.id == y.e.id {
                    continue;
                }
                let both_acr = x.a.class == AliasClass::Acronym && y.a.class == AliasClass::Acronym;
                if both_acr && x.a.text != y.a.text {
                    continue;
                }
                clash = true;
                if !(x.a.shared && y.a.shared) {
                    out.push(
                        Diagnostic::error(&y.e.file, y.a.line, 1, format!("alias `{}` of `{}` folds to `{key}`, like `{}` of `{}` ({}:{})", y.a.text, y.e.id, x.a.text, x.e.id, x.e.file, x.a.line))
                            .with_help("if both entities are really named this way, mark the alias `shared = true` in both; otherwise remove it from the wrong one"),
                    );
                }
            }
        }
        if clash {
            let primaries: Vec<&Use> = uses.iter().filter(|u| u.a.primary).collect();
            if primaries.len() > 1 {
                let u = primaries[1];
                out.push(
                    Diagnostic::error(
                        &u.e.file,
                        u.a.line,
                        1,
                        format!(
                            "shared alias `{}` has more than one `primary` entity",
                            u.a.text
                        ),
                    )
                    .with_help("keep `primary = true` on at most one entity"),
                );
            }
        }
        for u in uses.iter().filter(|u| u.a.class == AliasClass::Short) {
            if let Some(o) = standalone.iter().find(|o| o.e.id != u.e.id) {
                out.push(Diagnostic::warning(&u.e.file, u.a.line, 1, format!("short form `{}` of `{}` is also an alias of `{}`; after a full mention it will be ambiguous", u.a.text, u.e.id, o.e.id)));
            }
        }
    }

    // Different entities whose names are one name under the transliteration rules: unlisted
    // spellings of either will be ambiguous between them.
    {
        use crate::translit::{Rules, distance, form, max_distance};
        let mut by_tkey: HashMap<String, Vec<(&Entity, &super::Alias, crate::translit::Form)>> =
            HashMap::new();
        for e in ents {
            for a in e
                .aliases
                .iter()
                .filter(|a| a.class == AliasClass::Name && !a.shared)
            {
                if let Some(f) = form(fold_str(&a.text).trim(), Rules::all()) {
                    if f.key().len() >= 3 {
                        by_tkey
                            .entry(f.key().to_owned())
                            .or_default()
                            .push((e, a, f));
                    }
                }
            }
        }
        let mut keys: Vec<&String> = by_tkey.keys().collect();
        keys.sort();
        for k in keys {
            let group = &by_tkey[k];
            for (i, (e1, a1, f1)) in group.iter().enumerate() {
                if let Some((e2, a2, _)) = group[i + 1..].iter().find(|(e2, a2, f2)| {
                    e2.id != e1.id
                        && fold_str(&a2.text) != fold_str(&a1.text)
                        && f1.is_arabic() == f2.is_arabic()
                        && distance(f1, f2).is_some_and(|d| d <= max_distance(f1, f2))
                }) {
                    out.push(Diagnostic::warning(&e2.file, a2.line, 1, format!(
                        "alias `{}` of `{}` and `{}` of `{}` ({}:{}) are one name under the transliteration rules (key {k}); unlisted spellings of either will be ambiguous",
                        a2.text, e2.id, a1.text, e1.id, e1.file, a1.line
                    )));
                }
            }
        }
    }

    // Aliases nested inside another entity's alias, as whole words.
    for e in ents {
        for a in e.aliases.iter().filter(|a| a.class == AliasClass::Name) {
            let key = fold_str(&a.text);
            let words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
            for i in 0..words.len() {
                for j in i + 1..=words.len() {
                    if j - i == words.len() {
                        continue;
                    }
                    let sub = words[i..j].join(" ");
                    if let Some(inner) = by_key.get(&sub).and_then(|us| {
                        us.iter()
                            .find(|u| u.e.id != e.id && u.a.class == AliasClass::Name)
                    }) {
                        out.push(Diagnostic::warning(&e.file, a.line, 1, format!(
                            "alias `{}` of `{}` contains `{}`, an alias of `{}`; the longer name wins where it appears in full",
                            a.text, e.id, inner.a.text, inner.e.id
                        )));
                    }
                }
            }
        }
    }

    out.sort_by(|a, b| (&a.file, a.line, a.col).cmp(&(&b.file, b.line, b.col)));
    out.dedup();
    out
}

/// Runs each entity's `examples` through a matcher built from the same entities.
pub fn check_examples(canonym: &crate::Canonym) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for e in canonym.lexicon().entities() {
        let file: Arc<str> = e.file.clone();
        for s in &e.examples_match {
            if !canonym.find_iter(s).any(|m| {
                m.entity().is_some_and(|x| x.id == e.id) || m.candidates().any(|x| x.id == e.id)
            }) {
                out.push(Diagnostic::error(&file, e.line, 1, format!("example `{s}` must produce `{}` but does not", e.id)).with_help("check the aliases, or run `canonym tag` on the sentence to see what it finds"));
            }
        }
        for s in &e.examples_no_match {
            if canonym
                .find_iter(s)
                .any(|m| m.entity().is_some_and(|x| x.id == e.id))
            {
                out.push(
                    Diagnostic::error(
                        &file,
                        e.line,
                        1,
                        format!("example `{s}` must not produce `{}` but does", e.id),
                    )
                    .with_help("an alias is too broad: move it to `short` or remove it"),
                );
            }
        }
    }
    out
}

/// Whether any diagnostic is an error.
pub fn has_errors(ds: &[Diagnostic]) -> bool {
    ds.iter().any(|d| d.severity == Severity::Error)
}
