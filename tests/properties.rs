//! Property tests: the scanner against a naive reference matcher on random small lexicons and
//! texts, and the shared checks of `canonym::checks` on random input.
//!
//! The reference matcher is written to be obviously right rather than fast: fold the text, try
//! every alias key at every word start, keep those that end at a word end, take the leftmost
//! longest without overlap, map the spans back with the offset map. It knows nothing of Arabic
//! proclitics, acronyms or short forms, so the lexicons here are Latin-script names only.

use canonym::{Canonym, Tiers, checks, fold};
use proptest::prelude::*;

/// Words of the aliases, each with spellings that fold to the same key (case, diacritics,
/// apostrophes).
const WORDS: &[&[&str]] = &[
    &["falih", "Falih", "FALIH", "Fālih"],
    &["fayyadh", "Fayyadh", "FAYYADH", "Fayyādh"],
    &["kataib", "Kataib", "Kata'ib", "Kata’ib", "KATAIB"],
    &["hezbollah", "Hezbollah", "HEZBOLLAH", "Hezbolláh"],
    &["erbil", "Erbil", "ERBIL", "Érbil"],
    &["al", "Al", "AL"],
    &["abu", "Abu", "ABU", "Abū"],
    &["sham", "Sham", "Şham"],
    // A key that starts with punctuation has no first word: the scanner's word gate must still
    // let it through (after a non-word character only).
    &["@sham", "@Sham", "@SHAM"],
];

/// Spellings that only the text uses: decomposed diacritics and a zero-width space.
const TEXT_ONLY: &[&str] = &[
    "Fa\u{0304}lih",
    "Kata\u{200B}ib",
    "E\u{0301}rbil",
    "A\u{0301}bu",
];

/// Words that are in no alias (some longer than a word of the aliases, some in other scripts,
/// so that texts cross the scanner's 64-byte chunks in every way).
const OTHER: &[&str] = &[
    "the",
    "met",
    "in",
    "and",
    "Fal",
    "Erbils",
    "bu",
    "x",
    "Ωmega",
    "東京",
    "administration",
];

const SEPARATORS: &[&str] = &[
    " ", " ", " ", "  ", ", ", ". ", "-", " - ", "_", "/", "'", "’", "\t", "(", ") ", "\n", "",
    " — ", " “", "” ",
];

fn alias() -> impl Strategy<Value = String> {
    let word =
        (0..WORDS.len(), 0..8usize).prop_map(|(w, v)| WORDS[w][v % WORDS[w].len()].to_owned());
    let joiner = prop::sample::select(vec![" ", "-", " "]);
    (word.clone(), prop::collection::vec((joiner, word), 0..3)).prop_map(|(first, rest)| {
        let mut s = first;
        for (j, w) in rest {
            s.push_str(j);
            s.push_str(&w);
        }
        s
    })
}

/// Up to six aliases spread over up to four entities.
fn lexicon() -> impl Strategy<Value = Vec<(String, usize)>> {
    prop::collection::vec((alias(), 0..4usize), 1..7)
}

fn text_word() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => (0..WORDS.len(), 0..8usize).prop_map(|(w, v)| WORDS[w][v % WORDS[w].len()].to_owned()),
        1 => prop::sample::select(TEXT_ONLY).prop_map(str::to_owned),
        2 => prop::sample::select(OTHER).prop_map(str::to_owned),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec((text_word(), prop::sample::select(SEPARATORS)), 0..40).prop_map(
        |parts| {
            let mut s = String::new();
            for (w, sep) in parts {
                s.push_str(&w);
                s.push_str(sep);
            }
            s
        },
    )
}

fn tsv(lex: &[(String, usize)]) -> String {
    lex.iter()
        .map(|(a, e)| format!("{a}\torg:e{e}\tEntity {e}\n"))
        .collect()
}

fn build(lex: &[(String, usize)], tiers: Tiers) -> Canonym {
    Canonym::builder()
        .no_default_lexicons()
        .tiers(tiers)
        .lexicon_str("t.tsv", &tsv(lex))
        .build()
        .expect("random lexicons of well-formed aliases load")
}

/// A mention as both matchers report it: span, the IDs it names, kind.
type Found = (usize, usize, Vec<String>, &'static str);

fn reference(lex: &[(String, usize)], text: &str) -> Vec<Found> {
    let folded = fold::fold(text);
    let t = folded.as_str();
    let is_word = |c: char| c.is_alphanumeric();
    let keys: Vec<(String, usize, &str)> = lex
        .iter()
        .map(|(a, e)| (fold::fold_str(a).trim().to_owned(), *e, a.as_str()))
        .collect();

    let mut cands: Vec<(usize, usize)> = Vec::new();
    for (p, _) in t.char_indices() {
        if t[..p].chars().next_back().is_some_and(is_word) {
            continue;
        }
        for (key, _, _) in &keys {
            let end = p + key.len();
            if t[p..].starts_with(key.as_str()) && !t[end..].chars().next().is_some_and(is_word) {
                cands.push((p, end));
            }
        }
    }
    cands.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));

    let mut out = Vec::new();
    let mut last_end = 0;
    for (s, e) in cands {
        if s < last_end {
            continue;
        }
        last_end = e;
        let (os, oe) = folded.original_span(s, e);
        let original = &text[os..oe];
        let users: Vec<&(String, usize, &str)> =
            keys.iter().filter(|(k, _, _)| k == &t[s..e]).collect();
        let mut ids: Vec<String> = users.iter().map(|(_, e, _)| format!("org:e{e}")).collect();
        ids.sort();
        ids.dedup();
        let exact = users.iter().any(|(_, _, a)| *a == original);
        out.push((os, oe, ids, if exact { "exact" } else { "folded" }));
    }
    out
}

fn actual(c: &Canonym, text: &str) -> Vec<Found> {
    c.find_iter(text)
        .map(|m| {
            let mut ids: Vec<String> = m.candidates().map(|e| e.id().to_owned()).collect();
            if ids.is_empty() {
                ids.extend(m.entity().map(|e| e.id().to_owned()));
            }
            ids.sort();
            (m.start(), m.end(), ids, m.kind().as_str())
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn scanner_agrees_with_the_naive_reference_on_exact_and_folded_matches(lex in lexicon(), text in text()) {
        let c = build(&lex, Tiers::exact_only());
        let expected = reference(&lex, &text);
        let got = actual(&c, &text);
        prop_assert_eq!(got, expected, "lexicon:\n{}text: {:?}", tsv(&lex), text);
    }

    #[test]
    fn scan_normalize_and_resolve_properties_hold_with_every_tier(lex in lexicon(), text in text()) {
        let c = build(&lex, Tiers::default());
        checks::check_normalize(&c, text.as_bytes());
        checks::check_resolve(&c);
    }

    #[test]
    fn fold_properties_hold_on_any_string(s in any::<String>()) {
        checks::check_fold(s.as_bytes());
    }

    /// The lexicon loader relies on it to skip folding an alias to see it keeps a letter.
    #[test]
    fn folding_keeps_a_word_character_for_every_ascii_letter_or_digit(s in any::<String>(), c in "[a-zA-Z0-9]", at in any::<prop::sample::Index>()) {
        let mut s = s;
        let mut i = at.index(s.len() + 1);
        while !s.is_char_boundary(i) {
            i -= 1;
        }
        s.insert_str(i, &c);
        prop_assert!(fold::fold_str(&s).chars().any(fold::is_word_char));
    }

    #[test]
    fn fold_properties_hold_on_any_bytes(b in prop::collection::vec(any::<u8>(), 0..200)) {
        checks::check_fold(&b);
    }

    #[test]
    fn fold_properties_hold_on_news_like_text(text in text()) {
        checks::check_fold(text.as_bytes());
    }

    #[test]
    fn scan_properties_hold_on_any_bytes_with_the_fixture_lexicon(b in prop::collection::vec(any::<u8>(), 0..64)) {
        checks::check_normalize(checks::fixture(), &b);
    }
}

/// The reference itself must find what a person would: a quick sanity check so that a broken
/// reference cannot make the property above vacuous.
#[test]
fn reference_finds_names_across_case_diacritics_and_apostrophes() {
    let lex = vec![
        ("Kata'ib Hezbollah".to_owned(), 0),
        ("Hezbollah".to_owned(), 1),
        ("Fālih".to_owned(), 2),
    ];
    let text = "KATAIB HEZBOLLAH, Hezbolláh and Fa\u{0304}lih.";
    let found = reference(&lex, text);
    let spans: Vec<&str> = found.iter().map(|f| &text[f.0..f.1]).collect();
    assert_eq!(spans, ["KATAIB HEZBOLLAH", "Hezbolláh", "Fa\u{0304}lih"]);
    assert_eq!(found[0].2, ["org:e0"]);
    assert_eq!(
        found.iter().map(|f| f.3).collect::<Vec<_>>(),
        ["folded", "folded", "folded"]
    );
    assert_eq!(actual(&build(&lex, Tiers::exact_only()), text), found);
}

/// Found by the property above: of two spellings of one entity that differ only in case, the
/// second was dropped from the matcher, so text written exactly like it was reported `folded`.
#[test]
fn every_listed_spelling_is_an_exact_match_even_when_another_differs_only_in_case() {
    let lex = vec![("ERBIL".to_owned(), 1), ("Erbil".to_owned(), 1)];
    let c = build(&lex, Tiers::exact_only());
    let kinds: Vec<&str> = actual(&c, "Erbil, ERBIL, erbil")
        .into_iter()
        .map(|m| m.3)
        .collect();
    assert_eq!(kinds, ["exact", "exact", "folded"]);
}

/// The same bug made the second case of an acronym unmatchable.
#[test]
fn an_acronym_listed_in_two_cases_matches_in_both() {
    let toml = r#"
[[entity]]
id = "org:kataib-hezbollah"
name = "Kata'ib Hezbollah"
type = "armed-group"
aliases = ["Kata'ib Hezbollah"]
acronyms = ["KH", "Kh"]
sources = ["https://example.org/kh"]
"#;
    let c = Canonym::builder()
        .no_default_lexicons()
        .tiers(Tiers::exact_only())
        .lexicon_str("kh.toml", toml)
        .build()
        .unwrap();
    let text = "KH, Kh and kh";
    let found: Vec<&str> = c.find_iter(text).map(|m| &text[m.span()]).collect();
    assert_eq!(found, ["KH", "Kh"]);
}
