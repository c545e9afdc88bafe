//! Candidate lookup for the transliteration and fuzzy tiers.
//!
//! Aliases are indexed by their transliteration key (exact key lookup for the translit and
//! cross-script tiers) and by the hashes of every key with one letter deleted (a deletion
//! neighbourhood, for the fuzzy tier: two keys within one letter edit share an entry). Lookups
//! touch only the candidates that share a key, never the whole lexicon.

use super::{Form, Rules, alternatives, distance, form, max_distance};
use crate::fold::fold_str;
use crate::lexicon::{AliasClass, EntityType, Lexicon};
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

/// One indexed alias.
#[derive(Debug)]
pub(crate) struct Entry {
    pub entity: u32,
    pub alias: u32,
    pub folded: String,
    pub form: Form,
}

/// Entries to leave out of a lookup (the eval hides a spelling to test it as unlisted).
pub(crate) type Hide<'a> = Option<&'a dyn Fn(&Entry) -> bool>;

/// A candidate found for a name, with how it compares.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub entry: u32,
    pub tier: Tier,
    /// Transliteration distance (translit tiers) or 1 - similarity (fuzzy).
    pub distance: f64,
    pub accepted: bool,
}

/// Which tier produced a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tier {
    Translit,
    CrossScript,
    Fuzzy,
}

#[derive(Debug, Default)]
pub(crate) struct Index {
    pub rules: Rules,
    pub entries: Vec<Entry>,
    by_key: HashMap<String, Vec<u32>>,
    /// (hash of a key with one letter deleted, entry), sorted.
    deletions: Vec<(u64, u32)>,
    /// (hash of the word keys with one word replaced by a wildcard, entry), sorted: names that
    /// agree on every word but one, however that one is misspelled.
    wildcards: Vec<(u64, u32)>,
    /// Most tokens in any indexed alias.
    pub max_tokens: usize,
    /// Hashes of the word-key signatures of indexed aliases, and of their word-boundary prefixes.
    sigs: std::collections::HashSet<u64>,
    sig_prefixes: std::collections::HashSet<u64>,
    /// Last words of multi-word names and short forms, by key: what a bare surname can refer to.
    surnames: HashMap<String, Vec<(u32, Form)>>,
}

/// Shortest key the translit tiers act on; shorter keys are too common to mean one name.
pub(crate) const MIN_KEY: usize = 2;
/// Largest wildcard bucket the fuzzy tier compares.
const MAX_WILDCARD_BUCKET: usize = 64;
/// Shortest key the fuzzy tier acts on.
const MIN_FUZZY_KEY: usize = 5;

fn hash(s: &str) -> u64 {
    // Fixed keys: the index must hash the same way in every process.
    let mut h =
        std::hash::BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default()
            .build_hasher();
    h.write(s.as_bytes());
    h.finish()
}

fn deletions(key: &str) -> impl Iterator<Item = String> + '_ {
    (0..key.len()).map(move |i| {
        let mut s = String::with_capacity(key.len() - 1);
        s.push_str(&key[..i]);
        s.push_str(&key[i + 1..]);
        s
    })
}

impl Index {
    pub fn new(lex: &Lexicon, rules: Rules) -> Index {
        let mut ix = Index {
            rules,
            ..Index::default()
        };
        for (ei, e) in lex.entities.iter().enumerate() {
            for (ai, a) in e.aliases.iter().enumerate() {
                if a.class == AliasClass::Acronym {
                    continue;
                }
                let folded = fold_str(&a.text).trim().to_owned();
                // Each word is keyed once; the signature, the wildcards and the surname reuse it.
                let words: Vec<&str> = folded
                    .split(|c: char| !crate::fold::is_word_char(c))
                    .filter(|w| !w.is_empty() && !super::is_article(w))
                    .collect();
                let word_forms: Vec<Option<Form>> = words.iter().map(|w| form(w, rules)).collect();
                // Surnames are for people: the last word of an organisation's or a place's
                // name is a generic word (Province, Army, Forces) that would corefer with any
                // later mention of it.
                if e.kind == EntityType::Person
                    && (words.len() >= 2 || a.class == AliasClass::Short)
                {
                    if let Some(Some(last)) = word_forms.last() {
                        if last.key.len() >= 2 {
                            let list = ix.surnames.entry(last.key.clone()).or_default();
                            if !list.iter().any(|(x, g)| *x == ei as u32 && g == last) {
                                list.push((ei as u32, last.clone()));
                            }
                        }
                    }
                }
                if a.class != AliasClass::Name {
                    continue;
                }
                let Some(f) = form(&folded, rules) else {
                    continue;
                };
                if f.key.len() < MIN_KEY {
                    continue;
                }
                let id = ix.entries.len() as u32;
                ix.max_tokens = ix.max_tokens.max(f.tokens);
                let keys: Vec<&str> = word_forms
                    .iter()
                    .map(|w| w.as_ref().map_or("", |w| w.key.as_str()))
                    .collect();
                let mut sig = String::new();
                for k in &keys {
                    if k.is_empty() {
                        break;
                    }
                    sig.push_str(k);
                    ix.sig_prefixes.insert(hash(&sig));
                }
                if keys.iter().all(|k| !k.is_empty()) {
                    ix.sigs.insert(hash(&sig));
                }
                for h in wildcard_hashes(&keys) {
                    ix.wildcards.push((h, id));
                }
                ix.by_key.entry(f.key.clone()).or_default().push(id);
                if f.key.len() >= MIN_FUZZY_KEY {
                    ix.deletions.push((hash(&f.key), id));
                    for d in deletions(&f.key) {
                        ix.deletions.push((hash(&d), id));
                    }
                }
                // The other readings of a Latin alias's letters (Cemcemal also as Jemjemal) are
                // extra entries for the key lookup only, so that the usual spelling finds them.
                let alts = alternatives(&folded, &f.key, rules);
                ix.entries.push(Entry {
                    entity: ei as u32,
                    alias: ai as u32,
                    folded: folded.clone(),
                    form: f,
                });
                for alt in alts {
                    let id = ix.entries.len() as u32;
                    ix.by_key.entry(alt.key.clone()).or_default().push(id);
                    ix.entries.push(Entry {
                        entity: ei as u32,
                        alias: ai as u32,
                        folded: folded.clone(),
                        form: alt,
                    });
                }
            }
        }
        ix.deletions.sort_unstable();
        ix.wildcards.sort_unstable();
        ix.wildcards.dedup();
        ix.deletions.dedup();
        ix
    }

    /// Entities whose surname or short form has key `key`, with that word's form.
    pub fn surnames(&self, key: &str) -> &[(u32, Form)] {
        self.surnames.get(key).map_or(&[], |v| v.as_slice())
    }

    /// Whether some indexed alias's signature starts with `sig` at a word boundary.
    pub fn has_sig_prefix(&self, sig: &str) -> bool {
        self.sig_prefixes.contains(&hash(sig))
    }

    /// Whether some indexed alias has signature `sig`.
    pub fn has_sig(&self, sig: &str) -> bool {
        self.sigs.contains(&hash(sig))
    }

    /// Candidates sharing the key of `f` (translit and cross-script tiers), closest first.
    pub fn translit(&self, f: &Form, hide: Hide) -> Vec<Candidate> {
        let mut out = Vec::new();
        // Two consonants are enough only for a single word with two written vowels (Samawah),
        // or one long vowel or diphthong (Kuwait, Dawr), which `max_distance` then wants exact;
        // in Arabic script, two long vowels (ديالى). The alias must say as much.
        if f.key.len() < MIN_KEY || f.key.len() == 2 && (f.tokens > 1 || !f.short_ok()) {
            return out;
        }
        for &id in self.by_key.get(&f.key).map_or(&[][..], |v| v.as_slice()) {
            let e = &self.entries[id as usize];
            if hide.is_some_and(|h| h(e)) {
                continue;
            }
            let tier = if e.form.arabic == f.arabic {
                Tier::Translit
            } else {
                Tier::CrossScript
            };
            // A single-token name must meet a single-token alias: "Sudani" is not "Sudan Ali".
            if (f.tokens == 1) != (e.form.tokens == 1) || f.key.len() == 2 && !e.form.short_ok() {
                continue;
            }
            match distance(f, &e.form) {
                Some(d) => out.push(Candidate {
                    entry: id,
                    tier,
                    distance: d,
                    accepted: d <= max_distance(f, &e.form),
                }),
                None => out.push(Candidate {
                    entry: id,
                    tier,
                    distance: f64::INFINITY,
                    accepted: false,
                }),
            }
        }
        sort_candidates(&mut out);
        out
    }

    /// Candidates within one key edit of `f`, verified by string similarity of the folded names.
    pub fn fuzzy(&self, folded: &str, f: &Form, hide: Hide) -> Vec<Candidate> {
        let mut out: Vec<Candidate> = Vec::new();
        if f.key.len() < MIN_FUZZY_KEY {
            return out;
        }
        let mut ids: Vec<u32> = Vec::new();
        let lookup = |table: &[(u64, u32)], h: u64, ids: &mut Vec<u32>| {
            let start = table.partition_point(|(x, _)| *x < h);
            ids.extend(
                table[start..]
                    .iter()
                    .take_while(|(x, _)| *x == h)
                    .map(|(_, id)| *id),
            );
        };
        for h in std::iter::once(hash(&f.key)).chain(deletions(&f.key).map(|d| hash(&d))) {
            lookup(&self.deletions, h, &mut ids);
        }
        let keys = word_keys(folded, self.rules);
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        for h in wildcard_hashes(&keys) {
            // A bucket shared by very many names (a common surname) says too little to be worth
            // comparing them all.
            let start = self.wildcards.partition_point(|(x, _)| *x < h);
            let n = self.wildcards[start..]
                .iter()
                .take_while(|(x, _)| *x == h)
                .count();
            if n <= MAX_WILDCARD_BUCKET {
                lookup(&self.wildcards, h, &mut ids);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        let need = fuzzy_threshold(folded.chars().count());
        for id in ids {
            let e = &self.entries[id as usize];
            if e.form.arabic != f.arabic || hide.is_some_and(|h| h(e)) {
                continue;
            }
            let sim = strsim::normalized_damerau_levenshtein(folded, &e.folded);
            out.push(Candidate {
                entry: id,
                tier: Tier::Fuzzy,
                distance: 1.0 - sim,
                accepted: sim >= need && words_alike(folded, &e.folded),
            });
        }
        out.sort_by(|a, b| a.distance.total_cmp(&b.distance));
        out
    }
}

/// Orders translit candidates: same-script evidence first (vowels can be compared there, not
/// across scripts), then by distance.
pub(crate) fn sort_candidates(out: &mut [Candidate]) {
    out.sort_by(|a, b| {
        (a.tier != Tier::Translit)
            .cmp(&(b.tier != Tier::Translit))
            .then(a.distance.total_cmp(&b.distance))
    });
}

/// Hashes of a name's word keys with each word in turn replaced by a wildcard (names of three
/// or more words, so that two words still agree).
fn wildcard_hashes(keys: &[&str]) -> Vec<u64> {
    if keys.len() < 3 {
        return Vec::new();
    }
    (0..keys.len())
        .map(|i| {
            let mut s = String::new();
            for (j, k) in keys.iter().enumerate() {
                s.push_str(if i == j { "*" } else { k });
                s.push('|');
            }
            hash(&s)
        })
        .collect()
}

/// The word keys of a folded name, articles skipped ("" for a word with nothing to key on).
fn word_keys(folded: &str, rules: Rules) -> Vec<String> {
    folded
        .split(|c: char| !crate::fold::is_word_char(c))
        .filter(|w| !w.is_empty() && !super::is_article(w))
        .map(|w| super::word_key(w, rules).unwrap_or_default())
        .collect()
}

/// Whether two names with the same number of words are alike word by word: a misspelling
/// changes letters, not a whole word (Saraya al-Zahra is not Saraya al-Dafa).
fn words_alike(a: &str, b: &str) -> bool {
    let (wa, wb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    wa.len() != wb.len()
        || wa
            .iter()
            .zip(&wb)
            .all(|(x, y)| strsim::normalized_damerau_levenshtein(x, y) >= 0.5)
}

/// Similarity a fuzzy match needs, by the name's length in characters: one edit in a short name,
/// two in a long one.
pub(crate) fn fuzzy_threshold(len: usize) -> f64 {
    match len {
        0..=7 => 1.1,
        8..=11 => 0.87,
        12..=17 => 0.85,
        _ => 0.88,
    }
}
