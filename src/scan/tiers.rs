//! The tiers after exact and folded matching, over running text: transliteration keys,
//! cross-script keys, fuzzy similarity, and coreference of bare surnames.
//!
//! Candidate windows are runs of one to several name-like tokens (capitalised Latin words, with
//! lowercase articles such as `al` inside, or Arabic-script words) that exact matching left
//! untouched. At each window start the longest window with an accepted candidate wins, exact
//! before fuzzy. Then every remaining name-like token is compared with the surnames of the
//! entities already mentioned earlier in the record.

use super::WordRun;
use super::{MatchKind, RawMention};
use crate::fold::{Folded, OffsetCursor, arabic::is_arabic_letter};
use crate::fxhash::FxMap;
use crate::lexicon::lint::is_common_word;
use crate::shortwords::ShortWords;
use crate::swar;
use crate::translit::index::{Candidate, FuzzyMemo, Hide, Index, Tier, sort_candidates};
use crate::translit::{
    Form, Rule, Rules, Written, alternatives, distance, form, is_article, max_distance,
};
use std::cell::RefCell;
use std::rc::Rc;

/// Which tiers run after exact and folded matching.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tiers {
    /// Transliteration and cross-script keys.
    pub translit: bool,
    /// String similarity within one or two letter edits.
    pub fuzzy: bool,
    /// Bare surnames of entities named in full earlier in the record.
    pub coref: bool,
}

impl Default for Tiers {
    fn default() -> Tiers {
        Tiers {
            translit: true,
            fuzzy: true,
            coref: true,
        }
    }
}

impl Tiers {
    /// Exact and folded matching only.
    pub fn exact_only() -> Tiers {
        Tiers {
            translit: false,
            fuzzy: false,
            coref: false,
        }
    }
    fn any(self) -> bool {
        self.translit || self.fuzzy || self.coref
    }
}

/// Lowercase words that may stand inside a Latin name (with the Persian and Kurdish ezafe of
/// Sepah-e Pasdaran).
#[inline(always)]
fn is_particle(word: &str) -> bool {
    // Every particle is short and begins with one of these letters: most words stop here.
    if word.len() > 5 || (PARTICLE_FIRST >> (word.as_bytes()[0] & 0x7F)) & 1 == 0 {
        return false;
    }
    is_listed_particle(word)
}

/// The letters [`is_particle`] words begin with, as bits of ASCII codes.
const PARTICLE_FIRST: u128 = {
    let mut bits = 0u128;
    let letters = *b"abeiuwy";
    let mut i = 0;
    while i < letters.len() {
        bits |= 1 << letters[i];
        i += 1;
    }
    bits
};

/// The list part of [`is_particle`], out of line: few words get this far.
#[inline(never)]
fn is_listed_particle(word: &str) -> bool {
    PARTICLES.contains(word)
}

const PARTICLES: ShortWords<30> = ShortWords::new([
    "al", "el", "ul", "ad", "ar", "as", "ash", "at", "az", "an", "ed", "er", "es", "et", "ez",
    "en", "bin", "ibn", "bint", "abu", "abou", "abd", "abdul", "abdel", "wa", "wal", "e", "ye",
    "i", "yi",
]);

/// Longest window, in tokens.
const MAX_WINDOW: usize = 6;

#[derive(Debug, Clone, Copy)]
struct Token {
    fs: usize,
    fe: usize,
    /// Starts with an uppercase letter in the original, or is Arabic script.
    name_like: bool,
    particle: bool,
    taken: bool,
}

fn first_char(record: &[u8], at: usize) -> Option<char> {
    let b = *record.get(at)?;
    if b < 0x80 {
        return Some(b as char);
    }
    let end = (at + 4).min(record.len());
    record
        .get(at..end)?
        .utf8_chunks()
        .next()?
        .valid()
        .chars()
        .next()
}

/// The name-like words and particles of a folded record, with what the windows need to know
/// about each, from the words of `runs` (as the gate walked them: a word inside a mention may
/// be missing, which changes nothing, since a window neither starts at nor crosses a taken
/// word, and the two words either side of a mention are never neighbours).
fn tokens(
    folded: &Folded,
    record: &[u8],
    runs: &[WordRun],
    taken: &[(usize, usize)],
    out: &mut Vec<Token>,
) {
    let text = folded.as_str();
    let b = text.as_bytes();
    out.clear();
    let mut cursor = folded.map().cursor();
    // `taken` is sorted and without overlap, so one cursor finds the spans a token may overlap;
    // testing every span for every token made long lines quadratic.
    let mut next_taken = 0;
    // Keeps the word `s..s + n` if it is name-like or a particle. Windows and surnames never
    // use other words; leaving them out keeps the gap between two kept tokens a single space
    // only when they are neighbours.
    let mut keep = |s: usize, n: usize, arabic: bool, upper: bool| {
        let i = s + n;
        let particle = !upper && !arabic && is_particle(&text[s..i]);
        if !(arabic || upper || particle) {
            return;
        }
        while next_taken < taken.len() && taken[next_taken].1 <= s {
            next_taken += 1;
        }
        let is_taken = taken.get(next_taken).is_some_and(|&(a, _)| a < i);
        out.push(Token {
            fs: s,
            fe: i,
            name_like: arabic || upper,
            particle,
            taken: is_taken,
        });
    };
    // Whether the word at `s` is Arabic, and whether its first letter is a capital in the
    // original, a character at a time.
    let script_case = |cursor: &mut OffsetCursor, s: usize| {
        let arabic = b[s] >= 0x80 && text[s..].chars().next().is_some_and(is_arabic_letter);
        let upper = !arabic && first_char(record, cursor.start(s)).is_some_and(char::is_uppercase);
        (arabic, upper)
    };
    for run in runs {
        let (base, mut starts, chars) = match *run {
            WordRun::Chunk {
                base,
                starts,
                chars,
            } => (base, starts, chars),
            WordRun::Word { s, n } => {
                let (arabic, upper) = script_case(&mut cursor, s);
                keep(s, n, arabic, upper);
                continue;
            }
        };
        // The chunk's words are ASCII. Where the chunk was copied byte for byte from the
        // original from its first word on (most English text), the case of every word's first
        // letter is in the original's bytes at the same offsets, read 64 at a time.
        let k0 = starts.trailing_zeros() as usize;
        let upper = cursor
            .linear(base + k0, 64 - k0)
            .and_then(|o| record.get(o..o + 64 - k0))
            .map(|orig| ascii_upper_bits(orig) << k0);
        if let Some(upper) = upper {
            // Only the words with a capital, and the short ones that begin as a particle does,
            // go on: the others are left out with no branch per word.
            let long = chars & chars >> 1 & chars >> 2 & chars >> 3 & chars >> 4 & chars >> 5;
            let mut particle_like = 0u64;
            let mut rest = starts & !long;
            while rest != 0 {
                let k = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                let first = b.get(base + k).map_or(0, |&c| c & 0x7F);
                particle_like |= ((PARTICLE_FIRST >> first) as u64 & 1) << k;
            }
            starts &= upper | particle_like;
        }
        while starts != 0 {
            let k = starts.trailing_zeros() as usize;
            starts &= starts - 1;
            let (s, n) = (base + k, (!(chars >> k)).trailing_zeros() as usize);
            let (arabic, upper) = match upper {
                Some(bits) => (false, (bits >> k) & 1 == 1),
                None => script_case(&mut cursor, s),
            };
            keep(s, n, arabic, upper);
        }
    }
}

/// Whether `s` has fewer than `n` characters, counted only when its length does not tell (a
/// character takes one to four bytes).
fn fewer_chars(s: &str, n: usize) -> bool {
    s.len() < n || (s.len() < 4 * n && s.chars().count() < n)
}

/// Bit `k` for each ASCII capital letter `bytes[k]` (at most 64 bytes).
fn ascii_upper_bits(bytes: &[u8]) -> u64 {
    let mut padded = [0u8; 64];
    padded[..bytes.len()].copy_from_slice(bytes);
    let mut bits = 0;
    for (k, eight) in padded.chunks_exact(8).enumerate() {
        let mut w = [0u8; 8];
        w.copy_from_slice(eight);
        let x = u64::from_le_bytes(w);
        bits |= u64::from(swar::bits(swar::ascii_in(x, b'A', b'Z'))) << (8 * k);
    }
    bits
}

/// What the windows and coreference need to know about a token's word, worked out once per
/// word ([`Memo::word`]).
struct Word {
    form: Option<Form>,
    /// A common English word: never starts a window or names an entity on its own.
    common: bool,
    /// Its form's key begins some alias's signature: a window may start with it.
    begins: bool,
}

/// Each token's [`Word`] (its number in the memo, [`NO_WORD`] until first needed), looked up
/// once: window signatures and surname coreference look at the same capitalised words.
struct TokenWords(Vec<u32>);

/// A token whose word is not looked up yet.
const NO_WORD: u32 = u32::MAX;

impl TokenWords {
    fn get<'m>(&mut self, i: usize, word: &str, memo: &'m mut Memo, index: &Index) -> &'m Word {
        if self.0[i] == NO_WORD {
            self.0[i] = memo.word(word, index);
        }
        &memo.word_list[self.0[i] as usize]
    }
}

/// A lookup's answer: the entity (or none when ambiguous), the candidates, how it matched.
type Hit = (Option<u32>, Vec<u32>, MatchKind);

/// Most strings the memo keeps in each table before it starts afresh.
const MEMO_MAX: usize = 1 << 16;

/// What the later tiers worked out on this thread for the strings of one matcher, kept from
/// record to record: news repeats its capitalised words and names (people, places, the first
/// words of sentences), and a form or a lookup costs far more to make than to find again.
#[derive(Default)]
struct Memo {
    /// The matcher it belongs to ([`new_memo_id`]); another starts it afresh.
    owner: u64,
    /// Each word's number in `word_list`, and what is known of it there: a token's word is
    /// read from the list by number, not cloned out of the table.
    words: FxMap<Box<str>, u32>,
    word_list: Vec<Word>,
    /// Forms of windows of several words.
    forms: FxMap<Box<str>, Option<Rc<Form>>>,
    /// Window lookups in the transliteration tiers, and in the fuzzy tier.
    translit: FxMap<Box<str>, Option<Hit>>,
    fuzzy: FxMap<Box<str>, Option<Hit>>,
    /// What the fuzzy search keeps from one window to the next.
    fuzzy_search: FuzzyMemo,
    /// Buffers of one record, kept for the next (a record allocated several before).
    scratch: Scratch,
}

#[derive(Default)]
struct Scratch {
    taken: Vec<(usize, usize)>,
    toks: Vec<Token>,
    info: Vec<u32>,
    added: Vec<RawMention>,
    sig: String,
    ends: Vec<usize>,
    seen: Vec<(usize, u32)>,
    seen_before: Vec<u32>,
}

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::default();
}

/// A new owner ID for the per-thread memo: one per matcher.
pub(crate) fn new_memo_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Memo {
    /// Runs `f` with this thread's memo for matcher `owner` (a fresh one if it is in use).
    fn with<R>(owner: u64, f: impl FnOnce(&mut Memo) -> R) -> R {
        MEMO.with(|cell| match cell.try_borrow_mut() {
            Ok(mut memo) => {
                if memo.owner != owner {
                    *memo = Memo {
                        owner,
                        ..Memo::default()
                    };
                }
                f(&mut memo)
            }
            Err(_) => f(&mut Memo::default()),
        })
    }

    /// The number of `word` in `word_list`, worked out if new. (The list starts afresh only
    /// between records, [`Memo::start_record`]: tokens hold numbers into it.)
    fn word(&mut self, word: &str, index: &Index) -> u32 {
        if let Some(&n) = self.words.get(word) {
            return n;
        }
        let form = form(word, index.rules);
        let n = self.word_list.len() as u32;
        self.word_list.push(Word {
            common: is_common_word(word),
            begins: form.as_ref().is_some_and(|f| index.has_sig_prefix(f.key())),
            form,
        });
        self.words.insert(word.into(), n);
        n
    }

    /// Lets the words go once there are too many, before a record looks any up.
    fn start_record(&mut self) {
        if self.words.len() >= MEMO_MAX {
            self.words.clear();
            self.word_list.clear();
        }
    }

    fn form(&mut self, text: &str, rules: Rules) -> Option<Rc<Form>> {
        if let Some(f) = self.forms.get(text) {
            return f.clone();
        }
        if self.forms.len() >= MEMO_MAX {
            self.forms.clear();
        }
        let f = form(text, rules).map(Rc::new);
        self.forms.insert(text.into(), f.clone());
        f
    }

    /// [`lookup`] of a window of running text in the fuzzy tier, if its form has two name
    /// words or more.
    fn fuzzy(&mut self, index: &Index, tiers: Tiers, window: &str) -> Option<Hit> {
        if let Some(hit) = self.fuzzy.get(window) {
            return hit.clone();
        }
        // Most such windows are the names of other people and meet no alias. The form only
        // orders the fuzzy hits and rules some out, so a search without it tells first, and
        // the form is made only for the few windows with hits.
        let hit = if index
            .fuzzy_in(window, None, None, false, &mut self.fuzzy_search)
            .is_empty()
        {
            None
        } else {
            let t = Tiers {
                translit: false,
                ..tiers
            };
            self.form(window, index.rules)
                .filter(|f| f.tokens() > 1)
                .and_then(|f| lookup(index, t, window, None, Some(&f), None, false))
        };
        if self.fuzzy.len() >= MEMO_MAX {
            self.fuzzy.clear();
        }
        self.fuzzy.insert(window.into(), hit.clone());
        hit
    }

    /// [`lookup`] of a window of running text with form `f` in the transliteration tiers.
    fn translit(&mut self, index: &Index, tiers: Tiers, window: &str, f: &Form) -> Option<Hit> {
        if let Some(hit) = self.translit.get(window) {
            return hit.clone();
        }
        let t = Tiers {
            fuzzy: false,
            ..tiers
        };
        let hit = lookup(index, t, window, None, Some(f), None, false);
        if self.translit.len() >= MEMO_MAX {
            self.translit.clear();
        }
        self.translit.insert(window.into(), hit.clone());
        hit
    }
}

/// Picks the best accepted candidate; ties between entities make the result ambiguous, and so
/// does a shared alias among the best ([`Rule::SharedAlias`]).
fn choose(index: &Index, cands: &[Candidate]) -> Option<(Option<u32>, Vec<u32>, Tier)> {
    let best = cands.iter().find(|c| c.accepted)?;
    let tied = || {
        cands
            .iter()
            .filter(|c| c.accepted && c.tier == best.tier && c.distance <= best.distance + 0.05)
    };
    let mut ents: Vec<u32> = tied()
        .map(|c| index.entries[c.entry as usize].entity)
        .collect();
    ents.sort_unstable();
    ents.dedup();
    let shared = index.rules.has(Rule::SharedAlias) && tied().any(|c| index.is_shared(c.entry));
    match ents.len() {
        1 if !shared => Some((Some(ents[0]), Vec::new(), best.tier)),
        // A shared alias of which only one holder is in reach (the others hidden, or a lexicon
        // that marks an alias shared that one entity has): no answer, rather than an
        // "ambiguous" answer with one candidate.
        1 => None,
        _ => Some((None, ents, best.tier)),
    }
}

/// Turns down cross-script candidates whose alias has another number of words than every name
/// of its entity in the script of the name looked up ([`Rule::NameShape`]): such an alias is
/// not a spelling of a name the lexicon lists in that script. Only when no same-script
/// candidate was accepted, which is when cross-script ones decide.
fn name_shape(index: &Index, f: &Form, cands: &mut [Candidate], hide: Hide) {
    if !index.rules.has(Rule::NameShape)
        || cands.iter().any(|c| c.accepted && c.tier == Tier::Translit)
    {
        return;
    }
    for c in cands.iter_mut() {
        if !(c.accepted && c.tier == Tier::CrossScript) {
            continue;
        }
        let alias = &index.entries[c.entry as usize];
        let mut own = index
            .entity_entries(alias.entity)
            .iter()
            .filter(|x| x.form.is_arabic() == f.is_arabic() && !hide.is_some_and(|h| h(x)))
            .peekable();
        if own.peek().is_some() && own.all(|x| x.form.tokens() != alias.form.tokens()) {
            c.accepted = false;
        }
    }
}

pub(crate) fn kind_of(t: Tier) -> MatchKind {
    match t {
        Tier::Translit => MatchKind::Translit,
        Tier::CrossScript => MatchKind::CrossScript,
        Tier::Fuzzy => MatchKind::Fuzzy,
    }
}

/// Looks a name up in the translit tiers, then fuzzy. Shared by `resolve` and the text pass
/// (which leaves out the slower fuzzy search by key, `thorough`). `written` is the name before
/// folding, when known, for the letters folding merges ([`Rule::Cedilla`]).
pub(crate) fn lookup(
    index: &Index,
    tiers: Tiers,
    folded: &str,
    written: Option<&str>,
    f: Option<&Form>,
    hide: Hide,
    thorough: bool,
) -> Option<(Option<u32>, Vec<u32>, MatchKind)> {
    if let (true, Some(f)) = (tiers.translit, f) {
        let mut cands = index.translit(f, hide);
        // Letters read the other way (Turkish c = j, German ch = kh), only when the usual
        // reading finds nothing.
        if !cands.iter().any(|c| c.accepted) {
            for alt in alternatives(folded, f.key(), index.rules, written.map(Written::Query)) {
                cands.extend(index.translit(&alt, hide));
            }
            sort_candidates(&mut cands);
        }
        // An alias's other readings are for a name the usual readings do not find: when an
        // alias is found as it reads, one found only as it might read (Haditha as Hadita) is not
        // a rival (Hadita).
        if cands
            .iter()
            .any(|c| c.accepted && !index.is_other_reading(c.entry))
        {
            for c in cands.iter_mut() {
                if index.is_other_reading(c.entry) {
                    c.accepted = false;
                }
            }
        }
        name_shape(index, f, &mut cands, hide);
        if let Some((e, c, t)) = choose(index, &cands) {
            return Some((e, c, kind_of(t)));
        }
    }
    if tiers.fuzzy {
        if let Some((e, c, t)) = choose(index, &index.fuzzy(folded, f, hide, thorough)) {
            return Some((e, c, kind_of(t)));
        }
    }
    None
}

/// Adds the mentions of the later tiers to `ms` (exact and folded mentions), keeping order.
/// `memo` is the matcher's [`new_memo_id`].
/// `runs` are the words of the folded record as the exact scan's gate walked them
/// ([`super::Matcher::scan_folded_recording`]): every word but some inside the mentions of
/// `ms`, which the tiers leave alone anyway.
pub(crate) fn extend(
    index: &Index,
    tiers: Tiers,
    memo: u64,
    record: &[u8],
    folded: &Folded,
    runs: &[WordRun],
    ms: &mut Vec<RawMention>,
) {
    if !tiers.any() || index.entries.is_empty() {
        return;
    }
    Memo::with(memo, |memo| {
        extend_with(index, tiers, memo, record, folded, runs, ms)
    });
}

fn extend_with(
    index: &Index,
    tiers: Tiers,
    memo: &mut Memo,
    record: &[u8],
    folded: &Folded,
    runs: &[WordRun],
    ms: &mut Vec<RawMention>,
) {
    let text = folded.as_str();
    let Scratch {
        mut taken,
        mut toks,
        info,
        mut added,
        mut sig,
        mut ends,
        mut seen,
        mut seen_before,
    } = std::mem::take(&mut memo.scratch);
    taken.clear();
    taken.extend(ms.iter().map(|m| (m.fstart, m.fend)));
    tokens(folded, record, runs, &taken, &mut toks);
    memo.start_record();
    let mut info = TokenWords(info);
    info.0.clear();
    info.0.resize(toks.len(), NO_WORD);
    added.clear();

    if tiers.translit || tiers.fuzzy {
        let max = index.max_tokens.clamp(1, MAX_WINDOW);
        // The window's signature so far (`sig`) and the tokens where it is an alias's (`ends`),
        // for each start.
        let mut i = 0;
        while i < toks.len() {
            if toks[i].taken
                || !toks[i].name_like
                || info
                    .get(i, &text[toks[i].fs..toks[i].fe], memo, index)
                    .common
            {
                i += 1;
                continue;
            }
            let mut found = None;
            let mut end = i;
            // The furthest token the window may reach: name-like or particle, joined by one space;
            // particles (al, the ezafe e) do not count towards the longest alias's word count.
            let mut words = 1;
            while end + 1 < toks.len()
                && words + usize::from(!toks[end + 1].particle) <= max
                && end + 1 - i < 2 * MAX_WINDOW
                && !toks[end + 1].taken
                && (toks[end + 1].name_like || toks[end + 1].particle)
                && toks[end + 1].fs == toks[end].fe + 1
                && text.as_bytes()[toks[end].fe] == b' '
            {
                end += 1;
                words += usize::from(!toks[end].particle);
            }
            // Grow the window word by word while its signature is a prefix of some alias's;
            // remember where it is a whole alias signature. Only those windows get a full form.
            sig.clear();
            ends.clear();
            let mut first_ok = false;
            for j in i..=end {
                let word = &text[toks[j].fs..toks[j].fe];
                if is_article(word) {
                    continue;
                }
                let w = info.get(j, word, memo, index);
                let Some(f) = w.form.as_ref() else {
                    break;
                };
                let first = sig.is_empty();
                sig.push_str(f.key());
                if !(if first {
                    w.begins
                } else {
                    index.has_sig_prefix(&sig)
                }) {
                    break;
                }
                first_ok = true;
                if toks[j].name_like && index.has_sig(&sig) {
                    ends.push(j);
                }
            }
            for &j in ends.iter().rev() {
                let window = &text[toks[i].fs..toks[j].fe];
                let Some(f) = memo.form(window, index.rules) else {
                    continue;
                };
                if f.tokens() == 1 && (f.key().len() < 4 || fewer_chars(window, 6)) {
                    continue;
                }
                if let Some(hit) = memo.translit(index, tiers, window, &f) {
                    found = Some((j, hit));
                    break;
                }
            }
            // Fuzzy: once per start, on the longest window of two or more name words whose first
            // word begins some alias.
            let end_name = (i..=end).rev().find(|&j| toks[j].name_like).unwrap_or(i);
            if found.is_none() && tiers.fuzzy && first_ok && end_name > i {
                let window = &text[toks[i].fs..toks[end_name].fe];
                if let Some(hit) = memo.fuzzy(index, tiers, window) {
                    found = Some((end_name, hit));
                }
            }
            match found {
                Some((j, (entity, candidates, kind))) => {
                    let (os, oe) = folded.original_span(toks[i].fs, toks[j].fe);
                    added.push(RawMention {
                        start: os,
                        end: oe,
                        fstart: toks[i].fs,
                        fend: toks[j].fe,
                        entity,
                        candidates,
                        kind,
                    });
                    for t in &mut toks[i..=j] {
                        t.taken = true;
                    }
                    i = j + 1;
                }
                None => i += 1,
            }
        }
    }

    if tiers.coref {
        seen.clear();
        seen.extend(
            ms.iter()
                .chain(added.iter())
                .filter_map(|m| m.entity.map(|e| (m.fstart, e))),
        );
        // The first mention of each entity is enough; keeping every mention made a long record
        // quadratic (each later word was compared with all of them).
        seen.sort_unstable_by_key(|&(s, e)| (e, s));
        seen.dedup_by_key(|&mut (_, e)| e);
        seen.sort_unstable();
        let mut seen_cursor = 0;
        seen_before.clear();
        for (j, t) in toks
            .iter()
            .enumerate()
            .filter(|(_, t)| !t.taken && t.name_like && !t.particle)
        {
            while seen_cursor < seen.len() && seen[seen_cursor].0 < t.fs {
                seen_before.push(seen[seen_cursor].1);
                seen_cursor += 1;
            }
            if seen_before.is_empty() {
                continue;
            }
            let word = &text[t.fs..t.fe];
            if fewer_chars(word, 4) {
                continue;
            }
            let w = info.get(j, word, memo, index);
            let Some(f) = w.form.as_ref().filter(|_| !w.common) else {
                continue;
            };
            let mut hits: Vec<u32> = Vec::new();
            for (e, s) in index.surnames(f.key()) {
                if !hits.contains(e)
                    && seen_before.contains(e)
                    && distance(f, s).is_some_and(|d| d <= max_distance(f, s))
                {
                    hits.push(*e);
                }
            }
            if hits.is_empty() {
                continue;
            }
            let (os, oe) = folded.original_span(t.fs, t.fe);
            let (entity, candidates) = if hits.len() == 1 {
                (Some(hits[0]), Vec::new())
            } else {
                (None, hits)
            };
            added.push(RawMention {
                start: os,
                end: oe,
                fstart: t.fs,
                fend: t.fe,
                entity,
                candidates,
                kind: MatchKind::Coref,
            });
        }
    }

    if !added.is_empty() {
        ms.append(&mut added);
        ms.sort_by_key(|m| m.start);
    }
    memo.scratch = Scratch {
        taken,
        toks,
        info: info.0,
        added,
        sig,
        ends,
        seen,
        seen_before,
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold::is_word_char;
    use crate::scan::words::Words;

    /// [`tokens`] a word at a time, as it was written before its fast path for chunks of
    /// ASCII copied byte for byte.
    fn tokens_slowly(folded: &Folded, record: &[u8], taken: &[(usize, usize)]) -> Vec<Token> {
        let text = folded.as_str();
        let mut cursor = folded.map().cursor();
        let mut out = Vec::new();
        for (s, n) in Words::new(text) {
            let t = &text[s..s + n];
            let arabic = t.chars().next().is_some_and(is_arabic_letter);
            let upper =
                !arabic && first_char(record, cursor.start(s)).is_some_and(char::is_uppercase);
            let particle = !upper && !arabic && is_particle(t);
            if arabic || upper || particle {
                out.push(Token {
                    fs: s,
                    fe: s + n,
                    name_like: arabic || upper,
                    particle,
                    taken: taken.iter().any(|&(a, e)| a < s + n && s < e),
                });
            }
        }
        out
    }

    #[test]
    fn tokens_agree_with_a_word_at_a_time() {
        let long = "Administration".repeat(6);
        let pieces = [
            "Al",
            "al",
            "bin",
            "Falih",
            " ",
            "  ",
            ", ",
            "Kata'ib",
            "’s",
            "“",
            "—",
            "-",
            "Ünal",
            "Дмитрий",
            "بغداد",
            "x",
            "X",
            "ʿAli",
            "l'Irak",
            &long[..63],
            &long[..65],
            "9",
            "\u{200B}",
            "e",
            "Abu",
        ];
        // A gate with no keys skips nothing: its walk has every word.
        let none = crate::scan::gate::Gate::new(std::iter::empty());
        // A gate that reports starts at these words; the test then takes the word there (and
        // the next, every other time) as a mention, so the gate skips the words inside it.
        let some = crate::scan::gate::Gate::new(["falih", "al", "bin", "abu x", "x"].into_iter());
        let key = |t: &Token| (t.fs, t.fe, t.name_like, t.particle, t.taken);
        let mut skipped = 0;
        for text in crate::scan::words::random_texts(&pieces, 0x94D0_49BB_1331_11EB, 11, 3000) {
            let folded = crate::fold::fold(&text);
            let t = folded.as_str();
            let n = t.len();
            // A span taken by the exact tier, somewhere in the middle.
            let taken = [(n / 3, n / 2)];
            let mut runs = Vec::new();
            none.starts_recording(t, |s, _| s, |r| runs.push(r));
            let mut got = Vec::new();
            tokens(&folded, text.as_bytes(), &runs, &taken, &mut got);
            let want = tokens_slowly(&folded, text.as_bytes(), &taken);
            assert_eq!(
                got.iter().map(key).collect::<Vec<_>>(),
                want.iter().map(key).collect::<Vec<_>>(),
                "{text:?}"
            );

            // With mentions skipped by the gate: the same words outside them.
            let word_end = |mut e: usize| {
                while let Some(c) = t[e..].chars().next().filter(|&c| is_word_char(c)) {
                    e += c.len_utf8();
                }
                e
            };
            let mut mentions: Vec<(usize, usize)> = Vec::new();
            let mut runs = Vec::new();
            some.starts_recording(
                t,
                |s, _| {
                    let mut e = word_end(s);
                    if mentions.len() % 2 == 1 && t[e..].starts_with(' ') {
                        e = word_end(e + 1);
                    }
                    if e == s {
                        return s;
                    }
                    mentions.push((s, e));
                    e
                },
                |r| runs.push(r),
            );
            let mut got = Vec::new();
            tokens(&folded, text.as_bytes(), &runs, &mentions, &mut got);
            let want = tokens_slowly(&folded, text.as_bytes(), &mentions);
            let free = |v: &[Token]| v.iter().filter(|t| !t.taken).map(key).collect::<Vec<_>>();
            assert_eq!(free(&got), free(&want), "{text:?} {mentions:?}");
            skipped += usize::from(got.len() < want.len());
        }
        // The gate did skip words inside mentions, in many of the texts.
        assert!(skipped > 100, "{skipped}");
    }
}
