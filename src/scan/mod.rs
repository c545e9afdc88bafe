//! The matcher: Aho-Corasick over folded text, word boundaries, Arabic proclitics, acronym case,
//! short forms that need an earlier full mention, and shared aliases.
//!
//! An occurrence of an alias key in the folded record is *valid* when it starts and ends on a
//! word boundary (or starts right after Arabic proclitics) and one of its entries holds there: an
//! acronym in its exact case, a short form whose entity was already mentioned. The mentions are
//! the greedy leftmost-longest choice among valid occurrences: at each position, the longest
//! valid occurrence, skipping what overlaps it. [`Matcher::scan_folded`] computes that choice:
//! the word gate ([`gate`]) names the positions where a key can start; there, the keys that
//! begin with the text's word give every key that is a prefix of the text ([`groups`]: compared
//! one by one when the word begins few keys, else an anchored leftmost-longest automaton, one per
//! shard of keys, built on first use); the longest is tried first, and the shorter ones at a
//! position are looked at only when the longest is not valid, so a longer candidate rejected for
//! a boundary never hides a shorter valid one.

mod gate;
mod groups;
pub(crate) mod tiers;
mod words;

use crate::fold::{Folded, arabic, is_word_char};
use crate::fxhash::FxBuild;
use crate::lexicon::{AliasClass, Lexicon};
use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous;
use aho_corasick::{Anchored, MatchKind as AcMatchKind};
pub(crate) use gate::WordRun;
use gate::{Gate, Shard};
use groups::Groups;
use once_cell::sync::OnceCell;
use std::collections::HashMap;

/// One way a pattern key names an entity.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    pub entity: u32,
    pub alias: u32,
    /// Where the alias's text is in [`Matcher`]'s `texts` (its length is `text_len`): the
    /// texts of a pattern's entries sit together there, so telling an exact match from a
    /// folded one reads one place rather than the entity's alias list and the alias's string.
    text: u32,
    text_len: u32,
    pub class: AliasClass,
    /// The key is the alias with its Arabic article removed; only valid after ال or لل.
    pub article_stripped: bool,
    pub primary: bool,
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

/// What the mentions taken so far in a record leave for the next: the entities they named (a
/// short form needs its entity named first), and a buffer reused from one candidate to the next.
#[derive(Default)]
struct Seen {
    entities: Vec<u32>,
    valid: Vec<(Entry, bool)>,
    /// Where in the offset map the last candidate's span was found.
    hint: usize,
}

/// The buffers of a scan, kept from one record to the next so that a record costs no
/// allocation but its result.
#[derive(Default)]
struct Scratch {
    seen: Seen,
    group: Vec<Candidate>,
    prefixes: Vec<(usize, u32)>,
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

impl RawMention {
    /// What a taken mention leaves in its buffer.
    pub const TAKEN: RawMention = RawMention {
        start: 0,
        end: 0,
        fstart: 0,
        fend: 0,
        entity: None,
        candidates: Vec::new(),
        kind: MatchKind::Exact,
    };
}

thread_local! {
    /// A buffer of mentions given back ([`give_back`]) for the next record on this thread.
    static SPARE: std::cell::Cell<Vec<RawMention>> = const { std::cell::Cell::new(Vec::new()) };
}

/// An empty buffer for a record's mentions: the one given back last on this thread, or a new one
/// sized for a typical news record (so that pushes do not regrow it mention by mention).
fn take_buffer() -> Vec<RawMention> {
    let mut v = SPARE.with(|s| s.take());
    if v.capacity() == 0 {
        v.reserve(16);
    }
    v
}

/// Keeps `v`'s allocation for the next record on this thread (unless it grew large).
pub(crate) fn give_back(mut v: Vec<RawMention>) {
    if v.capacity() <= 1024 {
        v.clear();
        SPARE.with(|s| s.set(v));
    }
}

fn key_hash(key: &str) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = FxBuild::default().build_hasher();
    h.write(key.as_bytes());
    h.finish()
}

/// The keys of one shard and their automaton, built on first use.
#[derive(Debug, Default)]
struct ShardAutomaton {
    /// The keys end to end (one allocation per shard, not per key) and where each ends.
    text: String,
    ends: Vec<u32>,
    /// Global pattern ID of each key.
    patterns: Vec<u32>,
    /// The hash of each key's first word, as the gate has it: kept while the matcher is built,
    /// for grouping the keys ([`Groups::new`]), then dropped.
    firsts: Vec<Shard>,
    automaton: OnceCell<Option<contiguous::NFA>>,
}

impl ShardAutomaton {
    fn with_capacity(keys: usize, bytes: usize) -> ShardAutomaton {
        ShardAutomaton {
            text: String::with_capacity(bytes),
            ends: Vec::with_capacity(keys),
            patterns: Vec::with_capacity(keys),
            firsts: Vec::with_capacity(keys),
            automaton: OnceCell::new(),
        }
    }

    fn push(&mut self, key: &str, pattern: u32, first: Shard) {
        self.text.push_str(key);
        self.ends.push(self.text.len() as u32);
        self.patterns.push(pattern);
        self.firsts.push(first);
    }

    fn key(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.text.get(start..self.ends[i] as usize).unwrap_or("")
    }

    fn keys(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .map(|(s, &e)| self.text.get(s as usize..e as usize).unwrap_or(""))
    }

    fn automaton(&self) -> Option<&contiguous::NFA> {
        self.automaton
            .get_or_init(|| {
                if self.ends.is_empty() {
                    return None;
                }
                contiguous::Builder::new()
                    .match_kind(AcMatchKind::LeftmostLongest)
                    // Searches are anchored at the gate's starts: nothing for a prefilter to skip.
                    .prefilter(false)
                    .build(self.keys())
                    .ok()
            })
            .as_ref()
    }

    /// Every key that is a prefix of `text[s..]`, as (end in `text`, global pattern), shortest
    /// first: one walk down the automaton from its anchored start. (A search through the
    /// `AhoCorasick` front end costs more per call than the walk itself, and the shorter keys
    /// would need a search each.)
    fn walk(&self, text: &[u8], s: usize, out: &mut Vec<(usize, u32)>) {
        out.clear();
        let Some(nfa) = self.automaton() else {
            return;
        };
        let Ok(mut sid) = nfa.start_state(Anchored::Yes) else {
            return;
        };
        for (i, &b) in text[s..].iter().enumerate() {
            sid = nfa.next_state(Anchored::Yes, sid, b);
            if nfa.is_dead(sid) {
                return;
            }
            if nfa.is_match(sid) {
                // The state's own key is the one as long as the walk; others it lists (if any)
                // are suffixes of it, which do not start at `s`.
                let len = i + 1;
                if let Some(p) = (0..nfa.match_len(sid))
                    .map(|k| nfa.match_pattern(sid, k))
                    .find(|&p| nfa.pattern_len(p) == len)
                {
                    out.push((s + len, self.patterns[p.as_usize()]));
                }
            }
        }
    }
}

/// The compiled matcher for a lexicon.
#[derive(Debug)]
pub(crate) struct Matcher {
    /// Anchored leftmost-longest search from the positions the gate lets through, one
    /// automaton per shard of keys (by first word), each built when first needed.
    shards: Vec<ShardAutomaton>,
    gate: Gate,
    /// The keys by first word, for the first words that begin few keys: most starts need no
    /// automaton.
    groups: Groups,

    /// The entries of every pattern, pattern after pattern: pattern `p` has
    /// `entries[starts[p]..starts[p + 1]]` (one vector, not one per key).
    entries: Vec<Entry>,
    starts: Vec<u32>,
    /// The alias text of each entry, end to end ([`Entry`]'s `text`).
    texts: String,
    /// Where each pattern's key sits (shard, position in the shard).
    key_loc: Vec<(u32, u32)>,
    /// The table for exact lookups of a whole name ([`Matcher::pattern_of`]), made on first
    /// use: `resolve` needs it, `tag` does not, and start-up is serial in a `tag -j N` run.
    key_index: OnceCell<KeyIndex>,
}

/// Every key's hash and pattern, sorted, and where the hashes with each value of their top
/// `bits` bits start: a lookup reads one or two entries instead of searching the whole table.
/// A hash match is confirmed against the key itself.
#[derive(Debug)]
struct KeyIndex {
    hashes: Vec<(u64, u32)>,
    dir: Vec<u32>,
    bits: u32,
}

impl Matcher {
    /// Compiles the lexicon's keys. The keys were folded by the loader ([`Alias`]'s `key`);
    /// they are taken from the lexicon here, not folded again.
    ///
    /// [`Alias`]: crate::lexicon::Alias
    pub fn new(lex: &mut Lexicon) -> Matcher {
        let aliases: usize = lex.entities.iter().map(|e| e.aliases.len()).sum();
        // Each key numbered in order of first appearance (its pattern), and every entry with
        // its pattern, in one vector rather than one per pattern.
        let mut by_key: HashMap<Box<str>, u32, FxBuild> = HashMap::default();
        by_key.reserve(aliases);
        let mut tagged: Vec<(u32, Entry)> = Vec::with_capacity(aliases + aliases / 8);
        let mut add = |key: Box<str>, entry: Entry| {
            let next = by_key.len() as u32;
            tagged.push((*by_key.entry(key).or_insert(next), entry));
        };
        for ei in 0..lex.entities.len() {
            for ai in 0..lex.entities[ei].aliases.len() {
                let key = std::mem::take(&mut lex.entities[ei].aliases[ai].key);
                if key.is_empty() {
                    continue;
                }
                let a = &lex.entities[ei].aliases[ai];
                let entry = Entry {
                    entity: ei as u32,
                    alias: ai as u32,
                    text: 0,
                    text_len: 0,
                    class: a.class,
                    article_stripped: false,
                    primary: a.primary,
                };
                let stripped = key.strip_prefix(arabic::ARTICLE).filter(|rest| {
                    rest.chars()
                        .take_while(|c| arabic::is_arabic_letter(*c))
                        .count()
                        >= 2
                });
                let stripped: Option<Box<str>> = stripped.map(Into::into);
                add(key, entry);
                if let Some(rest) = stripped {
                    let entry = Entry {
                        article_stripped: true,
                        ..entry
                    };
                    add(rest, entry);
                }
            }
        }
        let patterns = by_key.len();
        // The entries pattern by pattern, each pattern's in the order they came (a counting
        // sort), less those that an earlier entry of the same alias text already says: spellings
        // that differ only in case stay apart, as each can be the exact one (and an acronym
        // matches only in its own case).
        let mut starts = vec![0u32; patterns + 1];
        for &(p, _) in &tagged {
            starts[p as usize + 1] += 1;
        }
        for p in 0..patterns {
            starts[p + 1] += starts[p];
        }
        let mut fill = starts.clone();
        let mut slots: Vec<Option<Entry>> = vec![None; tagged.len()];
        for (p, e) in tagged {
            slots[fill[p as usize] as usize] = Some(e);
            fill[p as usize] += 1;
        }
        let text = |e: &Entry| &lex.entities[e.entity as usize].aliases[e.alias as usize].text;
        let mut entries: Vec<Entry> = Vec::with_capacity(slots.len());
        let mut texts = String::new();
        for p in 0..patterns {
            let from = entries.len();
            for e in slots[starts[p] as usize..starts[p + 1] as usize]
                .iter()
                .flatten()
            {
                if !entries[from..].iter().any(|x| {
                    x.entity == e.entity
                        && x.class == e.class
                        && x.article_stripped == e.article_stripped
                        && text(x) == text(e)
                }) {
                    entries.push(Entry {
                        text: texts.len() as u32,
                        text_len: text(e).len() as u32,
                        ..*e
                    });
                    texts.push_str(text(e));
                }
            }
            starts[p] = from as u32;
        }
        starts[patterns] = entries.len() as u32;
        // The keys in pattern order.
        let mut keys: Vec<Box<str>> = vec![Box::default(); patterns];
        for (key, id) in by_key {
            keys[id as usize] = key;
        }
        let gate = Gate::new(keys.iter().map(|k| &**k));
        // About 32 keys per shard: small automata build in microseconds, so a short run (one
        // name to resolve) builds only the few it needs, and a long one builds each once.
        let n = (keys.len() / 32).next_power_of_two().clamp(1, 1 << 14);
        let placed: Vec<(usize, Shard)> = keys
            .iter()
            .map(|k| {
                let shard = Shard::of_key(k);
                (shard.index(n), shard)
            })
            .collect();
        // Each shard's vectors sized once.
        let mut sizes = vec![(0usize, 0usize); n + 1];
        for (key, &(si, _)) in keys.iter().zip(&placed) {
            sizes[si].0 += 1;
            sizes[si].1 += key.len();
        }
        let mut shards: Vec<ShardAutomaton> = sizes
            .iter()
            .map(|&(count, bytes)| ShardAutomaton::with_capacity(count, bytes))
            .collect();
        let mut key_loc = Vec::with_capacity(keys.len());
        for (id, (key, (si, shard))) in keys.into_iter().zip(placed).enumerate() {
            key_loc.push((si as u32, shards[si].patterns.len() as u32));
            shards[si].push(&key, id as u32, shard);
        }
        let groups = Groups::new(&shards);
        // The first words' hashes were only for grouping.
        for sh in &mut shards {
            sh.firsts = Vec::new();
        }
        Matcher {
            shards,
            gate,
            groups,
            entries,
            starts,
            texts,
            key_loc,
            key_index: OnceCell::new(),
        }
    }

    /// Makes now what is otherwise made on first use: the table for exact lookups of a whole
    /// name.
    pub(crate) fn warm_up(&self) {
        self.key_index();
    }

    fn key_index(&self) -> &KeyIndex {
        self.key_index.get_or_init(|| {
            let mut hashes: Vec<(u64, u32)> = (0..self.key_loc.len() as u32)
                .map(|p| (key_hash(self.key(p)), p))
                .collect();
            hashes.sort_unstable();
            let bits = hashes.len().max(2).next_power_of_two().trailing_zeros();
            let dir = crate::fxhash::bucket_starts(
                hashes.iter().map(|&(h, _)| (h >> (64 - bits)) as usize),
                bits,
            );
            KeyIndex { hashes, dir, bits }
        })
    }

    /// The entries of pattern `p`.
    pub fn entries(&self, p: u32) -> &[Entry] {
        let p = p as usize;
        &self.entries[self.starts[p] as usize..self.starts[p + 1] as usize]
    }

    /// The alias text of entry `e`, as the lexicon has it.
    fn text(&self, e: &Entry) -> &[u8] {
        let at = e.text as usize;
        self.texts
            .as_bytes()
            .get(at..at + e.text_len as usize)
            .unwrap_or_default()
    }

    /// The key of pattern `p`.
    pub(crate) fn key(&self, p: u32) -> &str {
        let (si, i) = self.key_loc[p as usize];
        self.shards[si as usize].key(i as usize)
    }

    /// The pattern of each alias of `lex`, the lexicon this matcher was built from, entity
    /// after entity and alias after alias (`u32::MAX` for an alias left out of its pattern's
    /// entries, being the same text as another alias of its entity). The keys were taken from
    /// the lexicon to build the matcher: the transliteration index reads an alias's folded
    /// text here ([`Matcher::key`]) rather than folding every alias again.
    pub(crate) fn alias_patterns(&self, lex: &Lexicon) -> Vec<u32> {
        let mut first = Vec::with_capacity(lex.entities.len());
        let mut n = 0;
        for e in &lex.entities {
            first.push(n);
            n += e.aliases.len();
        }
        let mut out = vec![u32::MAX; n];
        for p in 0..self.starts.len().saturating_sub(1) as u32 {
            for e in self.entries(p) {
                if !e.article_stripped {
                    out[first[e.entity as usize] + e.alias as usize] = p;
                }
            }
        }
        out
    }

    /// The pattern whose key is `key` exactly, if any.
    pub fn pattern_of(&self, key: &str) -> Option<u32> {
        let ki = self.key_index();
        let h = key_hash(key);
        let b = (h >> (64 - ki.bits)) as usize;
        let bucket = &ki.hashes[ki.dir[b] as usize..ki.dir[b + 1] as usize];
        let from = bucket.partition_point(|&(x, _)| x < h);
        bucket[from..]
            .iter()
            .take_while(|&&(x, _)| x == h)
            .map(|&(_, p)| p)
            .find(|&p| self.key(p) == key)
    }

    /// Finds the exact and folded mentions in a folded record.
    ///
    /// The result is the greedy leftmost-longest choice among all *valid* occurrences (word
    /// boundaries, acronym case, short forms after their entity). The [`gate`] names the
    /// positions where a key can start; at each, in order, an anchored leftmost-longest search
    /// gives the longest occurrence. When it is not valid, every shorter occurrence starting
    /// there is examined, longest first, before moving on. So a longer candidate rejected for a
    /// boundary never hides a shorter valid one, and ordinary text pays only for the gate.
    pub fn scan_folded(&self, record: &[u8], folded: &Folded) -> Vec<RawMention> {
        self.scan_folded_recording(record, folded, None)
    }

    /// [`Matcher::scan_folded`], also appending to `runs`, when given, the words the gate
    /// walked ([`Gate::starts_recording`]) for the later tiers.
    pub fn scan_folded_recording(
        &self,
        record: &[u8],
        folded: &Folded,
        runs: Option<&mut Vec<WordRun>>,
    ) -> Vec<RawMention> {
        thread_local! {
            /// Buffers reused from one record to the next on this thread.
            static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
        }
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => self.scan_with(record, folded, &mut scratch, runs),
            Err(_) => self.scan_with(record, folded, &mut Scratch::default(), runs),
        })
    }

    fn scan_with(
        &self,
        record: &[u8],
        folded: &Folded,
        scratch: &mut Scratch,
        runs: Option<&mut Vec<WordRun>>,
    ) -> Vec<RawMention> {
        let text = folded.as_str();
        let mut out = take_buffer();
        let Scratch {
            seen,
            group,
            prefixes,
        } = scratch;
        seen.entities.clear();
        seen.hint = 0;
        let n = self.shards.len() - 1;
        let at_start = |s: usize, shard: Shard| {
            if !self.groups.prefix_keys(shard, text.as_bytes(), s, prefixes) {
                self.shards[shard.index(n)].walk(text.as_bytes(), s, prefixes);
            }
            let Some(&(m_end, pat)) = prefixes.last() else {
                return s;
            };
            if let Some(c) = candidate(text, folded, s, m_end, pat) {
                if let Some(mention) = self.select(record, folded, &c, seen) {
                    out.push(mention);
                    return c.end;
                }
            }
            // The longest occurrence spans only word characters and does not end the word:
            // every shorter one ends inside the word too.
            if text[m_end..].chars().next().is_some_and(is_word_char)
                && text[s..m_end].chars().all(is_word_char)
            {
                return s;
            }
            // Every shorter occurrence at `s`, longest first.
            group.clear();
            group.extend(
                prefixes
                    .iter()
                    .rev()
                    .skip(1)
                    .filter_map(|&(end, pat)| candidate(text, folded, s, end, pat)),
            );
            let taken = group.iter().find_map(|c| {
                self.select(record, folded, c, seen)
                    .map(|mention| (mention, c.end))
            });
            match taken {
                Some((mention, e)) => {
                    out.push(mention);
                    e
                }
                None => s,
            }
        };
        match runs {
            Some(runs) => self.gate.starts_recording(text, at_start, |r| runs.push(r)),
            None => self.gate.starts(text, at_start),
        }
        out
    }

    /// The mention an occurrence yields, if any of its pattern's entries is valid here.
    fn select(
        &self,
        record: &[u8],
        folded: &Folded,
        c: &Candidate,
        seen: &mut Seen,
    ) -> Option<RawMention> {
        let (os, oe) = folded.map().span_near(&mut seen.hint, c.start, c.end);
        let original = &record[os..oe];
        let Seen {
            entities: seen,
            valid,
            ..
        } = seen;
        valid.clear();
        let mut exact = false;
        for en in self.entries(c.pattern) {
            let ok_ctx = if en.article_stripped {
                c.ctx == StartContext::Article
            } else {
                c.ctx != StartContext::Article
            };
            if !ok_ctx {
                continue;
            }
            let is_exact = self.text(en) == original;
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
        let first = valid.first()?.0.entity;
        let coref = valid.iter().all(|(e, _)| e.class == AliasClass::Short);
        let kind = if coref {
            MatchKind::Coref
        } else if exact {
            MatchKind::Exact
        } else {
            MatchKind::Folded
        };
        let (entity, candidates) = if valid.iter().all(|(e, _)| e.entity == first) {
            (Some(first), Vec::new())
        } else {
            let mut ents: Vec<u32> = valid.iter().map(|(e, _)| e.entity).collect();
            ents.sort_unstable();
            ents.dedup();
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
        Some(RawMention {
            start: os,
            end: oe,
            fstart: c.start,
            fend: c.end,
            entity,
            candidates,
            kind,
        })
    }
}

/// An occurrence of a key at folded `s..e`, if it ends on a word boundary and starts on one or
/// after Arabic proclitics.
fn candidate(text: &str, folded: &Folded, s: usize, e: usize, pattern: u32) -> Option<Candidate> {
    if text[e..].chars().next().is_some_and(is_word_char) {
        return None;
    }
    let ctx = start_context(text, s)?;
    // After a proclitic a match may start inside one original character (ﻻ folds to
    // لا); its span would take in the whole character, proclitic included.
    if ctx != StartContext::Boundary && !cuts_cleanly(folded, s) {
        return None;
    }
    Some(Candidate {
        start: s,
        end: e,
        pattern,
        ctx,
    })
}

/// Whether folded offset `o` falls between two original characters rather than inside one.
fn cuts_cleanly(folded: &Folded, o: usize) -> bool {
    let map = folded.map();
    o == 0 || o >= folded.as_str().len() || map.end(o) <= map.start(o)
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
    if prefix.chars().count() > arabic::MAX_PROCLITIC_CHARS {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys that the grouped lookup and the automaton give at every word start of random
    /// texts agree on every key that ends where a word ends (the only ones that can make an
    /// occurrence), in the same order.
    #[test]
    fn grouped_keys_agree_with_the_automaton() {
        let words = [
            "al",
            "abu",
            "bakr",
            "baghdad",
            "bagh",
            "international",
            "airport",
            "kataib",
            "hezbollah",
            "kataiba",
            "x",
            "البوكمال",
            "ال",
        ];
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        // Starts looked up in a group, and left to the automaton.
        let (mut compared, mut automaton) = (0, 0);
        for round in 0..200 {
            // Keys of one to three words, many sharing a first word: few keys (small groups)
            // or many (large ones).
            let mut shard = ShardAutomaton::default();
            let mut keys: Vec<String> = Vec::new();
            let n = if round % 2 == 0 { 20 } else { 400 };
            for _ in 0..next(n) + 1 {
                // First words from a few, so that some groups are larger than `MAX_GROUP`.
                let key: Vec<&str> = (0..next(3) + 1)
                    .map(|k| words[next(if k == 0 { 5 } else { words.len() })])
                    .collect();
                let key = key.join(" ");
                if !keys.contains(&key) {
                    shard.push(&key, keys.len() as u32, Shard::of_key(&key));
                    keys.push(key);
                }
            }
            let groups = Groups::new(std::slice::from_ref(&shard));
            let text: Vec<&str> = (0..30).map(|_| words[next(words.len())]).collect();
            let text = text.join(" ");
            let b = text.as_bytes();
            let (mut grouped, mut walked) = (Vec::new(), Vec::new());
            let mut s = 0;
            while s < b.len() {
                let n = b[s..]
                    .iter()
                    .position(|&c| c == b' ')
                    .unwrap_or(b.len() - s);
                let shard_of = Shard::of_key(&text[s..s + n]);
                if groups.prefix_keys(shard_of, b, s, &mut grouped) {
                    compared += 1;
                } else {
                    automaton += 1;
                    shard.walk(b, s, &mut grouped);
                }
                shard.walk(b, s, &mut walked);
                let ends_word = |&&(e, _): &&(usize, u32)| e == b.len() || b[e] == b' ';
                let g: Vec<_> = grouped.iter().filter(ends_word).collect();
                let w: Vec<_> = walked.iter().filter(ends_word).collect();
                assert_eq!(g, w, "at {s} in {text:?}, keys {keys:?}");
                s += n + 1;
            }
        }
        assert!(compared > 500 && automaton > 500, "{compared} {automaton}");
    }
}
