//! The matcher: Aho-Corasick over folded text, word boundaries, Arabic proclitics, acronym case,
//! short forms that need an earlier full mention, and shared aliases.
//!
//! Matching runs in three steps over one record:
//! 1. every occurrence of every alias key in the folded record is found (overlapping search), and
//!    kept only when it starts and ends on a word boundary, or starts right after Arabic proclitics;
//! 2. candidates are ordered leftmost first, longest first;
//! 3. a greedy pass takes, at each start, the longest candidate that is valid there (an acronym
//!    in its exact case, a short form whose entity was already mentioned), and skips what overlaps.
//!
//! Because boundaries are checked on all overlapping occurrences before choosing, a longer
//! candidate rejected for a boundary never hides a shorter valid one.

pub(crate) mod tiers;

use crate::fold::{Folded, arabic, fold_str, is_word_char};
use crate::lexicon::{AliasClass, Lexicon};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind as AcMatchKind};
use once_cell::sync::OnceCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Input scanned with the NFA before the DFA is built.
const DFA_AFTER_BYTES: usize = 4 << 20;
/// Largest pattern set compiled to a DFA.
const MAX_DFA_PATTERNS: usize = 20_000;

fn build_automaton(keys: &[String], kind: AhoCorasickKind) -> Option<AhoCorasick> {
    let b = |k: Option<AhoCorasickKind>| {
        AhoCorasick::builder()
            .match_kind(AcMatchKind::Standard)
            .kind(k)
            .build(keys)
            .ok()
    };
    b(Some(kind)).or_else(|| b(None))
}

/// One way a pattern key names an entity.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    pub entity: u32,
    pub alias: u32,
    pub class: AliasClass,
    /// The key is the alias with its Arabic article removed; only valid after ال or لل.
    pub article_stripped: bool,
    pub primary: bool,
}

#[derive(Debug, Default)]
pub(crate) struct Pattern {
    pub entries: Vec<Entry>,
}

/// Where a candidate starts relative to the word it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StartContext {
    /// At a word boundary.
    Boundary,
    /// After Arabic proclitics such as و or بـ.
    Proclitic,
    /// After the article or proclitics ending in the article (ال, بال, لل).
    Article,
}

#[derive(Debug, Clone, Copy)]
struct Candidate {
    start: usize,
    end: usize,
    pattern: u32,
    ctx: StartContext,
}

/// How a mention matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MatchKind {
    /// The text equals a listed alias byte for byte.
    Exact,
    /// The text equals a listed alias after folding.
    Folded,
    /// A spelling no lexicon lists, equal to an alias under the transliteration rules.
    Translit,
    /// An Arabic-script name matched to Latin-script aliases (or the reverse) through the
    /// transliteration key.
    CrossScript,
    /// Within one or two letter edits of an alias (string similarity on folded forms).
    Fuzzy,
    /// A short form or bare surname resolved to an entity named in full earlier in the same
    /// record.
    Coref,
}

impl MatchKind {
    /// The name used in output (`exact`, `folded`, `translit`, `cross-script`, `fuzzy`, `coref`).
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Folded => "folded",
            MatchKind::Translit => "translit",
            MatchKind::CrossScript => "cross-script",
            MatchKind::Fuzzy => "fuzzy",
            MatchKind::Coref => "coref",
        }
    }

    /// Confidence of a mention matched this way, in 0..=1.
    pub fn score(self) -> f64 {
        match self {
            MatchKind::Exact => 1.0,
            MatchKind::Folded => 0.95,
            MatchKind::Translit => 0.85,
            MatchKind::CrossScript => 0.8,
            MatchKind::Fuzzy => 0.75,
            MatchKind::Coref => 0.9,
        }
    }
}

/// A match found in a record, before it is tied to a lexicon reference.
#[derive(Debug, Clone)]
pub(crate) struct RawMention {
    pub start: usize,
    pub end: usize,
    /// The span in the folded record.
    pub fstart: usize,
    pub fend: usize,
    /// The chosen entity; `None` when the mention is ambiguous without a preferred reading.
    pub entity: Option<u32>,
    /// All candidate entities when several fit (empty otherwise).
    pub candidates: Vec<u32>,
    pub kind: MatchKind,
}

/// The compiled matcher for a lexicon.
#[derive(Debug)]
pub(crate) struct Matcher {
    ac: Option<AhoCorasick>,
    dfa: OnceCell<Option<AhoCorasick>>,
    dfa_keys: Vec<String>,
    scanned: AtomicUsize,
    pub patterns: Vec<Pattern>,
    pub by_key: HashMap<String, u32>,
}

impl Matcher {
    pub fn new(lex: &Lexicon) -> Matcher {
        let mut by_key: HashMap<String, u32> = HashMap::new();
        let mut keys: Vec<String> = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut add = |key: &str, entry: Entry| {
            let id = *by_key.entry(key.to_owned()).or_insert_with(|| {
                keys.push(key.to_owned());
                patterns.push(Pattern::default());
                (keys.len() - 1) as u32
            });
            let entries = &mut patterns[id as usize].entries;
            // Spellings that differ only in case stay apart: each can be the exact one (and an
            // acronym matches only in its own case).
            let text = |e: &Entry| &lex.entities[e.entity as usize].aliases[e.alias as usize].text;
            if !entries.iter().any(|e| {
                e.entity == entry.entity
                    && e.class == entry.class
                    && e.article_stripped == entry.article_stripped
                    && text(e) == text(&entry)
            }) {
                entries.push(entry);
            }
        };
        for (ei, e) in lex.entities.iter().enumerate() {
            for (ai, a) in e.aliases.iter().enumerate() {
                let key = fold_str(&a.text);
                let key = key.trim();
                if key.is_empty() {
                    continue;
                }
                let entry = Entry {
                    entity: ei as u32,
                    alias: ai as u32,
                    class: a.class,
                    article_stripped: false,
                    primary: a.primary,
                };
                add(key, entry);
                if let Some(rest) = key.strip_prefix(arabic::ARTICLE) {
                    if rest
                        .chars()
                        .take_while(|c| arabic::is_arabic_letter(*c))
                        .count()
                        >= 2
                    {
                        add(
                            rest,
                            Entry {
                                article_stripped: true,
                                ..entry
                            },
                        );
                    }
                }
            }
        }
        let ac = if keys.is_empty() {
            None
        } else {
            build_automaton(&keys, AhoCorasickKind::ContiguousNFA)
        };
        // A DFA scans faster but takes long to build (about 0.1 s for the built-in lexicons):
        // short runs (`echo name | canonym resolve`) keep the NFA, long ones switch after
        // DFA_AFTER_BYTES of input. Huge lexicons stay on the NFA (a DFA would need gigabytes).
        let dfa_keys = if keys.len() <= MAX_DFA_PATTERNS {
            keys
        } else {
            Vec::new()
        };
        Matcher {
            ac,
            dfa: OnceCell::new(),
            dfa_keys,
            scanned: AtomicUsize::new(0),
            patterns,
            by_key,
        }
    }

    /// The automaton to use for the next record: the DFA once enough input has gone through.
    fn automaton(&self, len: usize) -> Option<&AhoCorasick> {
        let nfa = self.ac.as_ref()?;
        if self.dfa_keys.is_empty() {
            return Some(nfa);
        }
        if let Some(dfa) = self.dfa.get() {
            return dfa.as_ref().or(Some(nfa));
        }
        let seen = self.scanned.fetch_add(len, Ordering::Relaxed) + len;
        if seen < DFA_AFTER_BYTES {
            return Some(nfa);
        }
        self.dfa
            .get_or_init(|| build_automaton(&self.dfa_keys, AhoCorasickKind::DFA))
            .as_ref()
            .or(Some(nfa))
    }

    pub fn scan_folded(&self, lex: &Lexicon, record: &[u8], folded: &Folded) -> Vec<RawMention> {
        let Some(ac) = self.automaton(record.len()) else {
            return Vec::new();
        };
        let text = folded.as_str();
        let mut cands: Vec<Candidate> = Vec::new();
        for m in ac.find_overlapping_iter(text) {
            let (s, e) = (m.start(), m.end());
            if text[e..].chars().next().is_some_and(is_word_char) {
                continue;
            }
            let Some(ctx) = start_context(text, s) else {
                continue;
            };
            cands.push(Candidate {
                start: s,
                end: e,
                pattern: m.pattern().as_u32(),
                ctx,
            });
        }
        if cands.is_empty() {
            return Vec::new();
        }
        cands.sort_unstable_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));

        let mut out = Vec::new();
        let mut seen: Vec<u32> = Vec::new();
        let mut last_end = 0;
        let mut valid: Vec<(Entry, bool)> = Vec::new();
        for c in &cands {
            if c.start < last_end {
                continue;
            }
            let (os, oe) = folded.original_span(c.start, c.end);
            let original = &record[os..oe];
            valid.clear();
            let mut exact = false;
            for en in &self.patterns[c.pattern as usize].entries {
                let ok_ctx = if en.article_stripped {
                    c.ctx == StartContext::Article
                } else {
                    c.ctx != StartContext::Article
                };
                if !ok_ctx {
                    continue;
                }
                let alias_text = lex.entities[en.entity as usize].aliases[en.alias as usize]
                    .text
                    .as_bytes();
                let is_exact = alias_text == original;
                let ok = match en.class {
                    AliasClass::Name => true,
                    AliasClass::Acronym => is_exact,
                    AliasClass::Short => seen.contains(&en.entity),
                };
                if ok {
                    exact |= is_exact;
                    valid.push((*en, is_exact));
                }
            }
            if valid.is_empty() {
                continue;
            }
            let mut ents: Vec<u32> = valid.iter().map(|(e, _)| e.entity).collect();
            ents.sort_unstable();
            ents.dedup();
            let coref = valid.iter().all(|(e, _)| e.class == AliasClass::Short);
            let kind = if coref {
                MatchKind::Coref
            } else if exact {
                MatchKind::Exact
            } else {
                MatchKind::Folded
            };
            let (entity, candidates) = if ents.len() == 1 {
                (Some(ents[0]), Vec::new())
            } else {
                let mut primary: Vec<u32> = valid
                    .iter()
                    .filter(|(e, _)| e.primary)
                    .map(|(e, _)| e.entity)
                    .collect();
                primary.sort_unstable();
                primary.dedup();
                let chosen = if primary.len() == 1 {
                    Some(primary[0])
                } else {
                    None
                };
                (chosen, ents)
            };
            if let Some(e) = entity {
                if !seen.contains(&e) {
                    seen.push(e);
                }
            }
            out.push(RawMention {
                start: os,
                end: oe,
                fstart: c.start,
                fend: c.end,
                entity,
                candidates,
                kind,
            });
            last_end = c.end;
        }
        out
    }
}

/// Whether a match starting at folded offset `s` starts a word, and how.
fn start_context(text: &str, s: usize) -> Option<StartContext> {
    let before = &text[..s];
    let Some(prev) = before.chars().next_back() else {
        return Some(StartContext::Boundary);
    };
    if !is_word_char(prev) {
        return Some(StartContext::Boundary);
    }
    // Inside a word: only Arabic proclitics may stand before an Arabic-script name.
    if !text[s..]
        .chars()
        .next()
        .is_some_and(arabic::is_arabic_letter)
    {
        return None;
    }
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word_char(*c))
        .last()
        .map_or(s, |(i, _)| i);
    let prefix = &before[word_start..];
    if prefix.chars().count() > 4 {
        return None;
    }
    if arabic::is_article_proclitic(prefix) {
        Some(StartContext::Article)
    } else if arabic::is_proclitic(prefix) {
        Some(StartContext::Proclitic)
    } else {
        None
    }
}
