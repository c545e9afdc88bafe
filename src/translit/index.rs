//! Candidate lookup for the transliteration and fuzzy tiers.
//!
//! Aliases are indexed by their transliteration key (exact key lookup for the translit and
//! cross-script tiers) and, for the fuzzy tier, as sequences of word ids over the lexicon's
//! vocabulary of folded words. A misspelling of an alias keeps its words (edits change letters,
//! not word boundaries), so every alias within two letter edits of a name agrees with it on all
//! words but the one or two that were edited. The fuzzy index holds each alias once per word
//! with that word replaced by a wildcard; a lookup fixes the name's other words (as they are, or
//! replaced by a vocabulary word one edit away) and verifies the wildcard word with a bounded
//! edit distance. Recall is complete for up to two edits within the words; lookups touch only
//! aliases that share all but one word with the name, never the whole lexicon.

use super::{
    Form, Rule, Rules, Slot, Written, alternatives_into, distance, form, form_into, max_distance,
};
use crate::fold::{Folded, fold_str_into};
use crate::fxhash::{FxHasher, FxMap, FxSet};
use crate::lexicon::{AliasClass, EntityType, Lexicon};
use crate::scan::Matcher;
use std::hash::Hasher;

/// One indexed alias.
#[derive(Debug)]
pub(crate) struct Entry {
    pub entity: u32,
    pub alias: u32,
    /// The folded alias: a span of [`Index::names`] (shared by the entries of one alias).
    folded: (u32, u32),
    /// The alias's form, packed (its key and slots are in the index's tables; see
    /// [`Index::form_into`]).
    pub form: Packed,
}

/// A [`Form`] kept in the index's tables instead of two allocations of its own: its key is a
/// key id of [`Keys`], its slots a span of [`Index::slot_ids`]. Its rules are the index's.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Packed {
    key: u32,
    slots: u32,
    len: u32,
    tokens: u32,
    arabic: bool,
    open_end: bool,
    vowel_end: bool,
    /// [`Form`]'s `article`: written with an article as a word of its own (Al-Kut).
    article: bool,
}

impl Packed {
    /// Whether the alias is written in Arabic script ([`Form::is_arabic`]).
    pub fn is_arabic(&self) -> bool {
        self.arabic
    }

    /// How many name tokens the form has ([`Form::tokens`]).
    pub fn tokens(&self) -> usize {
        self.tokens as usize
    }
}

/// Hashes a [`Slot`] (a few small fields, each written as a byte) with a rotation and an xor
/// per field and one multiplication: building the index interns millions of slots.
#[derive(Default)]
struct SlotHasher(u64);

impl Hasher for SlotHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u8(b);
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.0 = self.0.rotate_left(5) ^ u64::from(i);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }
}

/// Slots to their index in [`Index::slot_table`], while building: a map, and in front of it a
/// small cache by hash that holds nearly every slot of a lexicon (a few dozen are distinct).
struct SlotMap {
    map: std::collections::HashMap<Slot, u32, std::hash::BuildHasherDefault<SlotHasher>>,
    cache: [Option<(Slot, u32)>; 64],
}

impl Default for SlotMap {
    fn default() -> SlotMap {
        SlotMap {
            map: Default::default(),
            cache: [None; 64],
        }
    }
}

impl SlotMap {
    /// The index of `s`, or `next` (which the caller then gives it) when it has none yet.
    #[inline]
    fn get_or_insert(&mut self, s: Slot, next: u32) -> u32 {
        let h = std::hash::BuildHasher::hash_one(self.map.hasher(), s);
        let c = &mut self.cache[(h >> 58) as usize];
        match c {
            Some((x, id)) if *x == s => *id,
            _ => {
                let id = *self.map.entry(s).or_insert(next);
                *c = Some((s, id));
                id
            }
        }
    }
}

/// Indexes into a table, one byte each while the table is small enough, then two, then four.
#[derive(Debug)]
enum Ids {
    U8(Vec<u8>),
    U16(Vec<u16>),
    U32(Vec<u32>),
}

impl Default for Ids {
    fn default() -> Ids {
        Ids::U8(Vec::new())
    }
}

impl Ids {
    fn push(&mut self, v: u32) {
        match self {
            Ids::U8(ids) => match u8::try_from(v) {
                Ok(v) => ids.push(v),
                Err(_) => {
                    *self = Ids::U16(ids.iter().map(|&x| u16::from(x)).collect());
                    self.push(v);
                }
            },
            Ids::U16(ids) => match u16::try_from(v) {
                Ok(v) => ids.push(v),
                Err(_) => {
                    *self = Ids::U32(ids.iter().map(|&x| u32::from(x)).collect());
                    self.push(v);
                }
            },
            Ids::U32(ids) => ids.push(v),
        }
    }

    #[inline]
    fn get(&self, i: usize) -> usize {
        match self {
            Ids::U8(ids) => usize::from(ids[i]),
            Ids::U16(ids) => usize::from(ids[i]),
            Ids::U32(ids) => ids[i] as usize,
        }
    }

    fn len(&self) -> usize {
        match self {
            Ids::U8(ids) => ids.len(),
            Ids::U16(ids) => ids.len(),
            Ids::U32(ids) => ids.len(),
        }
    }

    fn shrink_to_fit(&mut self) {
        match self {
            Ids::U8(ids) => ids.shrink_to_fit(),
            Ids::U16(ids) => ids.shrink_to_fit(),
            Ids::U32(ids) => ids.shrink_to_fit(),
        }
    }
}

/// The transliteration keys of the entries, each once and end to end in one string, with the
/// entries that have each key (for the exact key lookup of the translit tiers).
#[derive(Debug, Default)]
struct Keys {
    text: String,
    /// Key `k` is `text[bounds[k]..bounds[k + 1]]`.
    bounds: Vec<u32>,
    /// Key ids by the hash of the key.
    ids: MultiMap,
    /// The entries of key `k`, in the order they were indexed: `postings[starts[k]..starts[k + 1]]`.
    postings: Vec<u32>,
    starts: Vec<u32>,
    /// One bit per key hash, set for the hashes of the keys (eight to sixteen bits per key): most
    /// keys a lookup tries are not there (the fuzzy search by key tries hundreds of one-letter
    /// variants of a name's key), and one load from this small table tells most of them so,
    /// where `ids` takes two cache misses.
    filter: Vec<u64>,
    filter_shift: u32,
    /// Each key id under the hash of its key and of the key with each letter deleted
    /// ([`del_hashes`]): the keys one letter edit from a name's key share one of these hashes
    /// with it, so the fuzzy search by key looks up the name's key and its deletions (a dozen
    /// or two lookups) where it would try every letter at every place (hundreds). Built on the
    /// first such search: tagging never makes one, and does not pay for it.
    dels: std::sync::OnceLock<MultiMap>,
}

/// The bit of [`Keys::filter`] for hash `h`.
#[inline]
fn filter_bit(h: u64, shift: u32) -> usize {
    ((h ^ h >> 32).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> shift) as usize
}

impl Keys {
    fn key(&self, k: u32) -> &str {
        let k = k as usize;
        &self.text[self.bounds[k] as usize..self.bounds[k + 1] as usize]
    }

    /// The entries of key `k`.
    fn postings(&self, k: u32) -> &[u32] {
        let k = k as usize;
        &self.postings[self.starts[k] as usize..self.starts[k + 1] as usize]
    }

    /// Ids of the keys within one letter edit of `name` (deleted, inserted, replaced, or two
    /// adjacent letters swapped), `name` itself included, sorted.
    fn near(&self, name: &[char], out: &mut Vec<u32>) {
        out.clear();
        let mut hashes = Vec::new();
        let dels = self.dels.get_or_init(|| {
            let mut pairs = Vec::with_capacity(self.text.len() + self.bounds.len());
            let mut chars = Vec::new();
            for k in 0..self.bounds.len().saturating_sub(1) as u32 {
                chars.clear();
                chars.extend(self.key(k).chars());
                del_hashes(&chars, &mut hashes);
                for (skip, &h) in hashes.iter().enumerate() {
                    // Deleting either of two equal letters gives the same string.
                    if skip == 0 || skip == chars.len() || chars[skip] != chars[skip - 1] {
                        pairs.push((key(h), k));
                    }
                }
            }
            // `near` sorts the key ids it gets: no need to sort each slot here.
            MultiMap::scattered(pairs)
        });
        del_hashes(name, &mut hashes);
        for (skip, &h) in hashes.iter().enumerate() {
            if skip > 0 && skip < name.len() && name[skip] == name[skip - 1] {
                continue; // deleting either of two equal letters gives the same string
            }
            out.extend(dels.get(h));
        }
        out.sort_unstable();
        out.dedup();
        // Sharing a deletion also lets through keys two edits apart (a letter deleted from each
        // at different places), and hashes may collide.
        let mut chars = Vec::new();
        out.retain(|&k| {
            chars.clear();
            chars.extend(self.key(k).chars());
            one_edit_apart(name, &chars)
        });
    }

    fn entries(&self, key: &str) -> &[u32] {
        let h = hash(key);
        if self.filter.is_empty() {
            return &[];
        }
        let b = filter_bit(h, self.filter_shift);
        if self.filter[b / 64] >> (b % 64) & 1 == 0 {
            return &[];
        }
        match self.ids.get(h).find(|&k| self.key(k) == key) {
            Some(k) => {
                let k = k as usize;
                &self.postings[self.starts[k] as usize..self.starts[k + 1] as usize]
            }
            None => &[],
        }
    }
}

/// What [`Keys`] is built from.
#[derive(Default)]
struct KeysBuilder {
    keys: Keys,
    ids: FxMap<Box<str>, u32>,
    /// (key id, entry), in the order entries were added.
    pairs: Vec<(u32, u32)>,
}

impl KeysBuilder {
    fn id(&mut self, key: &str) -> u32 {
        if let Some(&k) = self.ids.get(key) {
            return k;
        }
        let k = self.ids.len() as u32;
        if self.keys.bounds.is_empty() {
            self.keys.bounds.push(0);
        }
        self.keys.text.push_str(key);
        self.keys.bounds.push(self.keys.text.len() as u32);
        self.ids.insert(key.into(), k);
        k
    }

    fn add(&mut self, key: &str, entry: u32) -> u32 {
        let k = self.id(key);
        self.pairs.push((k, entry));
        k
    }

    fn finish(self) -> Keys {
        let KeysBuilder {
            mut keys,
            ids,
            pairs,
        } = self;
        let n = ids.len();
        let bits = (n * 8).next_power_of_two().max(64).trailing_zeros();
        keys.filter_shift = 64 - bits;
        keys.filter = vec![0u64; (1usize << bits) / 64];
        let hashed: Vec<(u32, u32)> = (0..n as u32)
            .map(|k| {
                let h = hash(keys.key(k));
                let b = filter_bit(h, keys.filter_shift);
                keys.filter[b / 64] |= 1 << (b % 64);
                (key(h), k)
            })
            .collect();
        drop(ids);
        keys.ids = MultiMap::scattered(hashed);
        // The postings by key id, a counting sort: key ids are dense, and a key's entries stay
        // in the order they were added (numbered so), as a sort of the pairs would leave them.
        keys.starts = vec![0; n + 1];
        for &(k, _) in &pairs {
            keys.starts[k as usize + 1] += 1;
        }
        for k in 0..n {
            keys.starts[k + 1] += keys.starts[k];
        }
        let mut next = keys.starts.clone();
        keys.postings = vec![0; pairs.len()];
        for &(k, e) in &pairs {
            let at = &mut next[k as usize];
            keys.postings[*at as usize] = e;
            *at += 1;
        }
        keys.text.shrink_to_fit();
        keys.bounds.shrink_to_fit();
        keys
    }
}

/// Entries to leave out of a lookup (the eval hides a spelling to test it as unlisted).
pub(crate) type Hide<'a> = Option<&'a dyn Fn(&Entry) -> bool>;

/// A candidate found for a name, with how it compares.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub entry: u32,
    pub tier: Tier,
    /// Transliteration distance (translit tiers), or letter edits (fuzzy; plus 0.5 when the
    /// transliteration keys differ).
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

fn hash(s: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(s.as_bytes());
    h.finish()
}

/// A multimap from 64-bit hashes to values: pairs grouped by the top bits of the hash's high
/// half (which a directory gives the range of), each key's in the order they were given. Different keys may share a slot; callers verify what they get.
#[derive(Debug)]
struct MultiMap<V = u32> {
    dir: Vec<u32>,
    shift: u32,
    items: Vec<(u32, V)>,
}

impl<V> Default for MultiMap<V> {
    fn default() -> Self {
        MultiMap {
            dir: Vec::new(),
            shift: 0,
            items: Vec::new(),
        }
    }
}

/// Where each bucket of keys sorted by their top `bits` bits starts (and, last, the end): the
/// directory of a [`MultiMap`].
fn bucket_starts<V>(items: &[(u32, V)], bits: u32) -> Vec<u32> {
    crate::fxhash::bucket_starts(items.iter().map(|(k, _)| (k >> (32 - bits)) as usize), bits)
}

/// The part of a hash a [`MultiMap`] keeps.
#[inline]
fn key(h: u64) -> u32 {
    (h >> 32) as u32
}

impl<V: Copy> MultiMap<V> {
    /// The map of `(key(h), value)` pairs, each slot's pairs in the order given, duplicates
    /// kept: one counting pass and one scattering pass, where sorting the pairs took several
    /// times as long (the map of a large lexicon's words and their deletions has millions).
    /// A key's values come in the order given, which is all that the lookups need: the search
    /// by key sorts the key ids it gets, a key's lookup verifies each id, the neighbours of a
    /// word skip the ids they have, and an entry is under a wildcard hash once, entries in
    /// order (about two pairs per directory slot: the directory is half the size of one slot
    /// per pair, and a lookup still compares only a few keys).
    fn scattered(items: Vec<(u32, V)>) -> MultiMap<V> {
        let bits = (items.len().max(1).next_power_of_two().trailing_zeros()).clamp(2, 25) - 1;
        let shift = 32 - bits;
        let dir = bucket_starts(&items, bits);
        let mut next = dir.clone();
        let mut out = match items.first() {
            Some(&first) => vec![first; items.len()],
            None => Vec::new(),
        };
        for it in items {
            let b = &mut next[(it.0 >> shift) as usize];
            out[*b as usize] = it;
            *b += 1;
        }
        MultiMap {
            dir,
            shift,
            items: out,
        }
    }

    #[inline]
    fn get(&self, h: u64) -> impl Iterator<Item = V> + '_ {
        let k = key(h);
        let (lo, hi) = if self.items.is_empty() {
            (0, 0)
        } else {
            let d = (k >> self.shift) as usize;
            (self.dir[d] as usize, self.dir[d + 1] as usize)
        };
        self.items[lo..hi]
            .iter()
            .filter(move |(x, _)| *x == k)
            .map(|(_, v)| *v)
    }
}

/// The folded words of the indexed aliases.
#[derive(Debug, Default)]
struct Vocab {
    ids: FxMap<Box<str>, u32>,
    words: Vec<Box<str>>,
    /// Each word's letters, and the set of its letters (a bit per letter modulo 64).
    chars: Vec<Box<[char]>>,
    masks: Vec<u64>,
    /// Hashes of each word and of the word with one letter deleted ([`del_hashes`]), to its id.
    dels: MultiMap,
}

/// Sentinel for a wildcard word in a sequence hash.
const WILD: u32 = u32::MAX;

#[derive(Debug, Default)]
pub(crate) struct Index {
    pub rules: Rules,
    pub entries: Vec<Entry>,
    /// The folded aliases of all entries, end to end (one allocation instead of one per entry).
    names: String,
    keys: Keys,
    /// The distinct slots of all forms, and the slots of every entry's form as indexes into it
    /// (some 60 distinct slots stand for millions).
    slot_table: Vec<Slot>,
    slot_ids: Ids,
    vocab: Vocab,
    /// Word ids of every entry: entry `i` has `words[starts[i]..starts[i + 1]]`.
    words: Vec<u32>,
    starts: Vec<u32>,
    /// Each entry under the hash of its word ids with one word replaced by a wildcard (a
    /// single-word entry under the hash of its word), with the word in the wildcard's place and
    /// that place (`u8::MAX` for none). A lookup compares that word, read here rather than from
    /// `words`: a large bucket is read in order, not entry by entry from all over `words`.
    wild: MultiMap<(u32, u32, u8)>,
    /// Most tokens in any indexed alias.
    pub max_tokens: usize,
    /// Hashes of the word-key signatures of indexed aliases, and of their word-boundary prefixes.
    sigs: FxSet<u64>,
    sig_prefixes: FxSet<u64>,
    /// Last words of multi-word names and short forms, by key: what a bare surname can refer to.
    /// Values: the entity, and the word (whose form is in `word_forms`).
    surnames: FxMap<String, Vec<(u32, u32)>>,
    /// The form of each vocabulary word.
    word_forms: Vec<Option<Form>>,
    /// The entries of entity `e` are `entries[entity_starts[e]..entity_starts[e + 1]]`.
    entity_starts: Vec<u32>,
    /// Entries of aliases the lexicon marks as shared, sorted ([`Rule::SharedAlias`]).
    shared: Vec<u32>,
}

/// Shortest key the translit tiers act on; shorter keys are too common to mean one name.
pub(crate) const MIN_KEY: usize = 2;
/// Longest word that [`Rule::ShortWords`] allows one letter edit only (when it is the shorter
/// of the two compared).
const SHORT_WORD: usize = 5;
/// Shortest key the fuzzy tier acts on.
const MIN_FUZZY_KEY: usize = 5;
/// Longest word, in characters, that the fuzzy tier compares letter by letter.
const MAX_WORD: usize = 40;
/// Most words in a name the fuzzy tier looks up.
const MAX_WORDS: usize = 12;
/// Largest wildcard bucket the search by key compares.
const MAX_WILDCARD_BUCKET: usize = 64;

fn words_of(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !crate::fold::is_word_char(c))
        .filter(|w| !w.is_empty())
}

/// Hash of a word sequence with position `wild` replaced by a wildcard (`usize::MAX`: none),
/// word `at` replaced by `with`.
fn seq_hash(ids: &[u32], wild: usize, at: usize, with: u32) -> u64 {
    let mut h = FxHasher::default();
    h.write_u32(ids.len() as u32);
    for (j, &w) in ids.iter().enumerate() {
        h.write_u32(if j == wild {
            WILD
        } else if j == at {
            with
        } else {
            w
        });
    }
    h.finish()
}

/// Hashes of `w` with each letter deleted in turn, then of `w` itself, into `out`: the same
/// string hashes the same whichever string it was cut from. A polynomial in the letters
/// (modulo 2^64), so that all of them take two passes over `w`, where hashing each from scratch
/// takes one per letter: the index of the keys makes some millions, and the vocabulary's a
/// million more for a large lexicon.
fn del_hashes(w: &[char], out: &mut Vec<u64>) {
    out.clear();
    out.resize(w.len() + 1, 0);
    del_hashes_into(w, out);
}

/// [`del_hashes`] into `out`, which has room for exactly `w.len() + 1` hashes (a buffer on the
/// stack for a vocabulary word's).
fn del_hashes_into(w: &[char], out: &mut [u64]) {
    const B: u64 = 0x100_0000_01b3; // odd, and more than any letter
    let n = w.len();
    debug_assert_eq!(out.len(), n + 1);
    // The hash of `s` is the sum of `s[j] * B^(len - 1 - j)`: first the prefix before each
    // letter, then (right to left) the prefix shifted past the deleted letter plus the suffix.
    let mut prefix = 0u64;
    for (i, &c) in w.iter().enumerate() {
        out[i] = prefix;
        prefix = prefix.wrapping_mul(B).wrapping_add(u64::from(c));
    }
    let (mut suffix, mut power) = (0u64, 1u64);
    for i in (0..n).rev() {
        out[i] = out[i].wrapping_mul(power).wrapping_add(suffix);
        suffix = suffix.wrapping_add(u64::from(w[i]).wrapping_mul(power));
        power = power.wrapping_mul(B);
    }
    out[n] = prefix;
    for (i, h) in out.iter_mut().enumerate() {
        // The length, and a final mix so that the high half kept depends on every letter.
        let len = if i < n { n - 1 } else { n } as u64;
        let mut x = *h ^ len.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        *h = x;
    }
}

/// Whether `a` and `b` are at most one letter edit apart (a deletion, insertion, substitution,
/// or transposition of adjacent letters), however long they are.
fn one_edit_apart(a: &[char], b: &[char]) -> bool {
    let (a, b) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if b.len() - a.len() > 1 {
        return false;
    }
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if a.len() < b.len() {
        return a[p..] == b[p + 1..];
    }
    p == a.len()
        || a[p + 1..] == b[p + 1..]
        || (p + 1 < a.len() && a[p] == b[p + 1] && a[p + 1] == b[p] && a[p + 2..] == b[p + 2..])
}

/// Optimal string alignment distance between `a` and `b` (an adjacent transposition is one
/// edit), or `None` when it exceeds `max`.
///
/// Words of up to [`MAX_WORD`] letters fit one 64-bit word a letter a bit: the distance is
/// computed a letter of `b` at a time over all of `a` at once (Hyyrö's bit-vector algorithm for
/// the OSA distance, 2003), which takes fewer steps than even a band of the table for the
/// short words compared here.
pub(crate) fn edit_distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > max {
        return None;
    }
    if n == 0 || m == 0 {
        return Some(n.max(m));
    }
    if n > MAX_WORD || m > MAX_WORD {
        return None;
    }
    // The vertical differences of the current column (positive, negative), the diagonal
    // zeros, and the positions of `a` that hold the previous letter of `b`.
    let (mut vp, mut vn, mut d0, mut pm_old) = (!0u64, 0u64, 0u64, 0u64);
    let mut dist = n;
    let last = 1u64 << (n - 1);
    for &c in b {
        let pm = a
            .iter()
            .enumerate()
            .fold(0u64, |m, (i, &x)| m | u64::from(x == c) << i);
        let tr = ((!d0 & pm) << 1) & pm_old;
        d0 = ((pm & vp).wrapping_add(vp) ^ vp) | pm | vn | tr;
        let hp = vn | !(d0 | vp);
        let hn = d0 & vp;
        if hp & last != 0 {
            dist += 1;
        } else if hn & last != 0 {
            dist -= 1;
        }
        let hp = (hp << 1) | 1;
        let hn = hn << 1;
        vp = hn | !(d0 | hp);
        vn = hp & d0;
        pm_old = pm;
    }
    (dist <= max).then_some(dist)
}

/// Most edits that turn the word `alias` into `q`: a misspelling changes letters, not a whole
/// word (Saraya al-Zahra is not Saraya al-Dafa), so at most half of the longer word. A word the
/// lexicon knows is a name of its own: it may stand for another in one letter if it has up to
/// seven (Hasan, Hassan), a third of a longer one (Palestine, Palestinian), but Masoud is not
/// Masrour, nor Babil Erbil. An article says nothing about who is named: an unknown short word
/// in its place may differ in two letters (`car-Qahtani` for al-Qahtani). With `short`
/// ([`Rule::ShortWords`]) a word takes one edit when it or the word it would stand for has
/// up to [`SHORT_WORD`] letters: two would change too much of the shorter one (Babil is not
/// Erbil even when Babil is not in the lexicon, Ahrar not Tahrir).
fn word_cap(q: &[char], known: bool, alias: &[char], short: bool) -> usize {
    let n = alias.len().max(q.len());
    if !known && q.len() <= 3 && alias.len() <= 3 && {
        let a: String = alias.iter().collect();
        super::is_article(&a)
    } {
        2
    } else if known && n <= 7 || short && alias.len().min(q.len()) <= SHORT_WORD {
        usize::from(n >= 2)
    } else if known {
        n / 3
    } else {
        n / 2
    }
}

/// How many times each letter occurs in `s`, letters grouped by their code modulo 64 (which
/// keeps the Latin letters apart).
fn letter_counts(s: &str) -> [i32; 64] {
    let mut counts = [0; 64];
    for c in s.chars() {
        counts[c as usize % 64] += 1;
    }
    counts
}

/// A lower bound on the Damerau-Levenshtein distance between a string with the letter counts
/// `counts` ([`letter_counts`]) and `b`: an edit takes at most one letter out of either
/// string's letters and puts at most one in (a transposition none), so the letters of one that
/// the other lacks each take an edit. Grouping letters only lowers those counts.
fn letters_apart(counts: &[i32; 64], b: &str) -> usize {
    let mut d = *counts;
    for c in b.chars() {
        d[c as usize % 64] -= 1;
    }
    let (mut more, mut fewer) = (0, 0);
    for n in d {
        if n > 0 {
            more += n;
        } else {
            fewer -= n;
        }
    }
    more.max(fewer) as usize
}

/// The Damerau-Levenshtein distance (transpositions of letters apart counted too), as
/// `strsim::normalized_damerau_levenshtein` computes it (the same linear-space algorithm of
/// Zhao and Sahni), on names already split into characters and with buffers kept from one
/// comparison to the next: `fuzzy_by_key` compares a name with every alias that its bounds
/// let through, and strsim decoded both strings again and allocated its rows each time.
struct Similarity {
    fr: Vec<isize>,
    r: Vec<isize>,
    r1: Vec<isize>,
    /// The last row of each character below 256 (`-1` when not seen yet); back to `-1` after
    /// each comparison.
    narrow: [isize; 256],
    /// The same for the other characters.
    wide: Vec<(char, isize)>,
}

impl Default for Similarity {
    fn default() -> Similarity {
        Similarity {
            fr: Vec::new(),
            r: Vec::new(),
            r1: Vec::new(),
            narrow: [-1; 256],
            wide: Vec::new(),
        }
    }
}

impl Similarity {
    fn last_row(&self, c: char) -> isize {
        match self.narrow.get(c as usize) {
            Some(&row) => row,
            None => self
                .wide
                .iter()
                .find(|&&(x, _)| x == c)
                .map_or(-1, |&(_, row)| row),
        }
    }

    fn set_last_row(&mut self, c: char, row: isize) {
        match self.narrow.get_mut(c as usize) {
            Some(slot) => *slot = row,
            None => match self.wide.iter_mut().find(|(x, _)| *x == c) {
                Some((_, slot)) => *slot = row,
                None => self.wide.push((c, row)),
            },
        }
    }

    /// The Damerau-Levenshtein distance between `s1` and `s2`.
    #[cfg(test)]
    fn distance(&mut self, s1: &[char], s2: &[char]) -> usize {
        self.distance_within(s1, s2, usize::MAX)
            .expect("no distance is over usize::MAX")
    }

    /// The Damerau-Levenshtein distance between `s1` and `s2` if it is at most `max`.
    ///
    /// The smallest value of a row of the table (prefixes of `s1` against those of `s2`) never
    /// falls from one row to the next, so once it is over `max` the distance is too, and the
    /// rows left need not be computed. (Each entry of row `i` comes from row `i - 1` plus 0
    /// or 1, from its left neighbour plus 1, or from a transposition with an entry of some
    /// row `k - 1 < i - 1` plus `i - k` or more; and smallest values rise by at most 1 a row.)
    ///
    /// Only the band of cells within `max` of the diagonal is computed: a cell `(i, j)` is at
    /// least `|i - j|` (the prefixes differ that much in length), and whatever is computed from
    /// a cell over `max` is over `max` too. The cells read beside the band hold `max_val` (the
    /// one left of it is set so each row; those right of it were never written, or hold row 0,
    /// `j` for column `j`, over `max` there), so a cell within `max` is computed as the full
    /// table has it, and one over `max` stays over. A transposition reaches back to a cell of
    /// row `k - 1` kept when `s1[k]` met `s2[j]`: the band of row `k` held column `j` whenever
    /// the band of a later row does, and a cell outside it is over `max`.
    fn distance_within(&mut self, s1: &[char], s2: &[char], max: usize) -> Option<usize> {
        let len2 = s2.len();
        if s1.len().abs_diff(len2) > max {
            return None;
        }
        let max_val = s1.len().max(len2) as isize + 1;
        // Past the longer length the band is the whole row.
        let band = max.min(s1.len().max(len2));
        let size = len2 + 2;
        let mut fr = std::mem::take(&mut self.fr);
        let mut r = std::mem::take(&mut self.r);
        let mut r1 = std::mem::take(&mut self.r1);
        fr.clear();
        fr.resize(size, max_val);
        r1.clear();
        r1.resize(size, max_val);
        r.clear();
        r.push(max_val);
        r.extend(0..(size - 1) as isize);
        let max = isize::try_from(max).unwrap_or(isize::MAX);
        let mut over = false;
        for (i, &ch1) in s1.iter().enumerate() {
            let i = i + 1;
            std::mem::swap(&mut r, &mut r1);
            // Columns `lo..=hi` (1-based), at `r[lo + 1..=hi + 1]`.
            let lo = i.saturating_sub(band).max(1);
            let hi = (i + band).min(len2);
            let mut last_col_id: isize = -1;
            let mut last_i2l1 = r[lo];
            let mut row_min = if lo == 1 {
                r[1] = i as isize;
                r[1]
            } else {
                // The cell left of the band, read as the left neighbour of its first cell.
                r[lo] = max_val;
                max_val
            };
            let mut t = max_val;
            for j in lo..=hi {
                let ch2 = s2[j - 1];
                let diag = r1[j] + isize::from(ch1 != ch2);
                let left = r[j] + 1;
                let up = r1[j + 1] + 1;
                let mut temp = diag.min(left.min(up));
                if ch1 == ch2 {
                    last_col_id = j as isize;
                    fr[j + 1] = r1[j - 1];
                    t = last_i2l1;
                } else {
                    let k = self.last_row(ch2);
                    let l = last_col_id;
                    if j as isize - l == 1 {
                        temp = temp.min(fr[j + 1] + (i as isize - k));
                    } else if i as isize - k == 1 {
                        temp = temp.min(t + (j as isize - l));
                    }
                }
                last_i2l1 = r[j + 1];
                r[j + 1] = temp;
                row_min = row_min.min(temp);
            }
            self.set_last_row(ch1, i as isize);
            if row_min > max {
                over = true;
                break;
            }
        }
        let d = r[len2 + 1];
        for &c in s1 {
            if let Some(slot) = self.narrow.get_mut(c as usize) {
                *slot = -1;
            }
        }
        self.wide.clear();
        (self.fr, self.r, self.r1) = (fr, r, r1);
        (!over && d <= max).then_some(d as usize)
    }

    /// `strsim::normalized_damerau_levenshtein` of the strings of `a` and `b` (1 less the
    /// distance over the longer length, the same float) if it is at least `need`; `None`
    /// when it is less.
    fn normalized_at_least(&mut self, a: &[char], b: &[char], need: f64) -> Option<f64> {
        if a.is_empty() && b.is_empty() {
            return (1.0 >= need).then_some(1.0);
        }
        let longer = a.len().max(b.len());
        let sim = |d: usize| 1.0 - (d as f64) / (longer as f64);
        // The most edits that leave the similarity at `need` or more (it falls as they rise).
        let max = (0..=longer).take_while(|&d| sim(d) >= need).last()?;
        self.distance_within(a, b, max).map(sim)
    }
}

/// Whether two names with the same number of words are alike word by word: a misspelling
/// changes letters, not a whole word (Saraya al-Zahra is not Saraya al-Dafa).
/// `a` and `b` are the names' characters; their words are compared with `similarity` (as
/// `strsim::normalized_damerau_levenshtein` compares them: see [`Similarity`]).
fn words_alike(a: &[char], b: &[char], similarity: &mut Similarity) -> bool {
    let words = |s: &[char]| s.iter().filter(|&&c| c == ' ').count() + 1;
    words(a) != words(b)
        || a.split(|&c| c == ' ')
            .zip(b.split(|&c| c == ' '))
            .all(|(x, y)| similarity.normalized_at_least(x, y, 0.5).is_some())
}

/// Similarity of whole folded names that a match by key needs, by the name's length in
/// characters: one edit in a short name, two in a long one.
fn similarity_needed(len: usize) -> f64 {
    match len {
        0..=7 => 1.1,
        8..=11 => 0.87,
        12..=17 => 0.85,
        _ => 0.88,
    }
}

/// Letter edits a fuzzy match may take, by the name's length in characters: none in a short
/// name, one in a medium one, two in a long one, and 12% of a very long one.
pub(crate) fn fuzzy_budget(len: usize) -> usize {
    match len {
        0..=7 => 0,
        8..=11 => 1,
        12..=24 => 2,
        // 12% of the longer name, taken as two letters longer.
        _ => (len + 2) * 12 / 100,
    }
}

/// The characters of `s`, in a vector allocated once with room for them all (`collect` starts
/// from the iterator's lower bound, a quarter of the bytes, and grows two or three times).
fn chars_of(s: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(s.len());
    out.extend(s.chars());
    out
}

/// The set of letters of a word, a bit per letter modulo 64.
fn mask(w: impl Iterator<Item = char>) -> u64 {
    w.fold(0, |m, c| m | 1 << (c as u32 % 64))
}

impl Vocab {
    fn intern(&mut self, w: &str) -> (u32, bool) {
        if let Some(&id) = self.ids.get(w) {
            return (id, false);
        }
        let id = self.words.len() as u32;
        self.words.push(w.into());
        // Sized at once: collecting grows the vector from a quarter of the bytes, then shrinks
        // it to a boxed slice.
        let mut chars = Vec::with_capacity(w.chars().count());
        chars.extend(w.chars());
        self.chars.push(chars.into_boxed_slice());
        self.masks.push(mask(w.chars()));
        self.ids.insert(w.into(), id);
        (id, true)
    }

    fn finish(&mut self) {
        let mut pairs = Vec::new();
        let mut hashes = [0u64; MAX_WORD + 1];
        for (id, chars) in self.chars.iter().enumerate() {
            if chars.len() > MAX_WORD {
                continue;
            }
            let hashes = &mut hashes[..=chars.len()];
            del_hashes_into(chars, hashes);
            for &h in hashes.iter() {
                pairs.push((key(h), id as u32));
            }
        }
        self.dels = MultiMap::scattered(pairs);
    }

    fn id(&self, w: &str) -> Option<u32> {
        self.ids.get(w).copied()
    }

    /// Vocabulary words exactly one edit from `w` that a word may become (see [`word_cap`]),
    /// added to the end of `out`.
    fn neighbours(&self, w: &[char], out: &mut Vec<u32>) {
        let start = out.len();
        if w.len() > MAX_WORD {
            return;
        }
        // The hashes of `w` with each letter deleted, then of `w` (all in two passes over it).
        let mut hashes = [0u64; MAX_WORD + 1];
        let hashes = &mut hashes[..=w.len()];
        del_hashes_into(w, hashes);
        for (skip, &h) in hashes.iter().enumerate() {
            if skip > 0 && skip < w.len() && w[skip] == w[skip - 1] {
                continue; // deleting either of two equal letters gives the same string
            }
            for id in self.dels.get(h) {
                if out[start..].contains(&id) {
                    continue;
                }
                let v = &self.chars[id as usize];
                if word_cap(w, true, v, false) >= 1 && edit_distance(w, v, 1) == Some(1) {
                    out.push(id);
                }
            }
        }
    }
}

/// A fuzzy hit: an entry and its letter edits.
struct Hit {
    entry: u32,
    edits: usize,
}

/// What the fuzzy search keeps from one lookup to the next ([`Index::fuzzy_in`]): running text
/// repeats its unknown words (a first name, a nisba) in name after name, and finding a word's
/// [`Vocab::neighbours`] again takes a dozen hash lookups and as many edit distances.
/// (`Default` keeps the neighbours; [`FuzzyMemo::once`] is for one lookup.)
#[derive(Default)]
pub(crate) struct FuzzyMemo {
    neighbours: NeighbourMemo,
    /// The letters of the name being looked up, a buffer kept for the next.
    letters: Vec<char>,
}

/// Words already looked up and their [`Vocab::neighbours`] (a span of `ids`).
#[derive(Default)]
struct NeighbourMemo {
    spans: FxMap<Box<str>, (u32, u32)>,
    ids: Vec<u32>,
    /// Keeps nothing: a single lookup (`resolve`) would pay for a table it never reads again.
    forget: bool,
}

impl FuzzyMemo {
    /// A memo for a single lookup, which keeps no neighbours.
    fn once() -> FuzzyMemo {
        FuzzyMemo {
            neighbours: NeighbourMemo {
                forget: true,
                ..NeighbourMemo::default()
            },
            letters: Vec::new(),
        }
    }
}

/// Most words a [`NeighbourMemo`] keeps before it starts afresh.
const NEIGHBOUR_MEMO_MAX: usize = 1 << 14;

impl NeighbourMemo {
    /// The vocabulary words one edit from `w`.
    fn of(&mut self, vocab: &Vocab, w: &QWord) -> &[u32] {
        if self.forget {
            self.ids.clear();
            vocab.neighbours(w.chars, &mut self.ids);
            return &self.ids;
        }
        if let Some(&(start, end)) = self.spans.get(w.text) {
            return &self.ids[start as usize..end as usize];
        }
        if self.spans.len() >= NEIGHBOUR_MEMO_MAX {
            self.spans.clear();
            self.ids.clear();
        }
        let start = self.ids.len();
        vocab.neighbours(w.chars, &mut self.ids);
        self.spans
            .insert(w.text.into(), (start as u32, self.ids.len() as u32));
        &self.ids[start..]
    }
}

/// One word of the name being looked up.
#[derive(Clone, Copy, Default)]
struct QWord<'a> {
    /// The word as folded.
    text: &'a str,
    /// Its characters, in one buffer shared by the name's words (one allocation per name
    /// rather than one per word).
    chars: &'a [char],
    mask: u64,
    id: Option<u32>,
}

impl Index {
    /// The index of the aliases of `lex`, whose matcher `matcher` is: it has every alias
    /// folded.
    pub fn new(lex: &Lexicon, matcher: &Matcher, rules: Rules) -> Index {
        let mut ix = Index {
            rules,
            ..Index::default()
        };
        // The form of each vocabulary word, computed once (names share most of their words).
        let mut word_forms: Vec<Option<Form>> = Vec::new();
        let mut keys = KeysBuilder::default();
        let mut slot_map: SlotMap = SlotMap::default();
        // Whether each vocabulary word is an article.
        let mut articles: Vec<bool> = Vec::new();
        let mut named: Vec<u32> = Vec::new();
        let mut ids: Vec<u32> = Vec::new();
        let mut pairs: Vec<(u32, (u32, u32, u8))> = Vec::new();
        let mut sig = String::new();
        // The form of the alias being indexed, when it has several words, and its fold: one
        // of each, reused from alias to alias.
        let mut alias_form = Form::default();
        let mut fold_buf = Folded::default();
        // The alias's other readings ([`alternatives_into`]), in forms reused likewise.
        let mut alts: Vec<Form> = Vec::new();
        let aliases: usize = lex.entities.iter().map(|e| e.aliases.len()).sum();
        ix.entries.reserve(aliases);
        // Most aliases have a signature of their own, and one more prefix.
        ix.sigs.reserve(aliases / 2);
        ix.sig_prefixes.reserve(aliases / 2);
        ix.starts.reserve(aliases + 1);
        ix.words.reserve(aliases * 5);
        ix.starts.push(0);
        ix.entity_starts.reserve(lex.entities.len() + 1);
        // Each alias's pattern in the matcher, whose key is the alias folded and trimmed.
        let patterns = matcher.alias_patterns(lex);
        let mut patterns = patterns.iter();
        for (ei, e) in lex.entities.iter().enumerate() {
            ix.entity_starts.push(ix.entries.len() as u32);
            for (ai, a) in e.aliases.iter().enumerate() {
                let pattern = patterns.next().copied().unwrap_or(u32::MAX);
                if a.class == AliasClass::Acronym {
                    continue;
                }
                let folded = if pattern == u32::MAX {
                    fold_str_into(&a.text, &mut fold_buf);
                    fold_buf.as_str().trim()
                } else {
                    matcher.key(pattern)
                };
                debug_assert_eq!(folded, crate::fold::fold_str(&a.text).trim());
                ids.clear();
                for w in words_of(folded) {
                    let (id, new) = ix.vocab.intern(w);
                    if new {
                        word_forms.push(form(w, rules));
                        articles.push(super::is_article(w));
                    }
                    ids.push(id);
                }
                // Articles aside, each word's form: the signature, the surname.
                named.clear();
                named.extend(ids.iter().copied().filter(|&id| !articles[id as usize]));
                // Surnames are for people: the last word of an organisation's or a place's
                // name is a generic word (Province, Army, Forces) that would corefer with any
                // later mention of it.
                if e.kind == EntityType::Person
                    && (named.len() >= 2 || a.class == AliasClass::Short)
                {
                    let last_word = named.last().copied();
                    if let Some((w, Some(last))) = last_word.map(|w| (w, &word_forms[w as usize])) {
                        if last.key.len() >= 2 {
                            let list = match ix.surnames.get_mut(&last.key) {
                                Some(list) => list,
                                None => ix.surnames.entry(last.key.clone()).or_default(),
                            };
                            // Entities come in order: this one's words are at the end of the list.
                            let ent = ei as u32;
                            let seen = list.iter().rev().take_while(|(x, _)| *x == ent);
                            if !seen
                                .into_iter()
                                .any(|&(_, g)| word_forms[g as usize].as_ref() == Some(last))
                            {
                                list.push((ent, w));
                            }
                        }
                    }
                }
                if a.class != AliasClass::Name {
                    continue;
                }
                // The form of a name of one word is that word's form, already read: the name
                // is split into the same single token, and read alike. Others are read into
                // one reused form, whose key and slots are copied into the index's tables.
                let f = if let [id] = ids[..] {
                    debug_assert_eq!(form(folded, rules), word_forms[id as usize]);
                    match &word_forms[id as usize] {
                        Some(f) => f,
                        None => continue,
                    }
                } else if form_into(folded, rules, &mut alias_form) {
                    &alias_form
                } else {
                    continue;
                };
                if f.key.len() < MIN_KEY {
                    continue;
                }
                let id = ix.entries.len() as u32;
                ix.max_tokens = ix.max_tokens.max(f.tokens);
                sig.clear();
                let mut whole = true;
                for &w in named.iter() {
                    match &word_forms[w as usize] {
                        Some(wf) => {
                            sig.push_str(&wf.key);
                            ix.sig_prefixes.insert(hash(&sig));
                        }
                        None => {
                            whole = false;
                            break;
                        }
                    }
                }
                if whole {
                    ix.sigs.insert(hash(&sig));
                }
                if ids.len() == 1 {
                    let k = key(seq_hash(&ids, usize::MAX, 0, ids[0]));
                    pairs.push((k, (id, ids[0], u8::MAX)));
                } else if ids.len() <= MAX_WORDS {
                    let first = pairs.len();
                    for i in 0..ids.len() {
                        let k = key(seq_hash(&ids, i, usize::MAX, 0));
                        // An entry is in a slot once, even if two of its places share it.
                        if pairs[first..].iter().all(|&(x, _)| x != k) {
                            pairs.push((k, (id, ids[i], i as u8)));
                        }
                    }
                }
                ix.words.extend_from_slice(&ids);
                ix.starts.push(ix.words.len() as u32);
                // The other readings of a Latin alias's letters (Cemcemal also as Jemjemal) are
                // extra entries for the key lookup only, so that the usual spelling finds them.
                let n_alts = alternatives_into(
                    folded,
                    &f.key,
                    rules,
                    Some(Written::Alias(&a.text, a.lang.as_deref())),
                    &mut alts,
                );
                let span = (
                    ix.names.len() as u32,
                    (ix.names.len() + folded.len()) as u32,
                );
                ix.names.push_str(folded);
                // The usual reading (entry `id`, whose words are in place), then the others.
                for (k, reading) in std::iter::once(f).chain(&alts[..n_alts]).enumerate() {
                    let id = ix.entries.len() as u32;
                    if k > 0 {
                        ix.words.extend_from_slice(&ids);
                        ix.starts.push(ix.words.len() as u32);
                    }
                    if a.shared {
                        ix.shared.push(id);
                    }
                    let form = ix.pack(reading, id, &mut keys, &mut slot_map);
                    ix.entries.push(Entry {
                        entity: ei as u32,
                        alias: ai as u32,
                        folded: span,
                        form,
                    });
                }
            }
        }
        ix.entity_starts.push(ix.entries.len() as u32);
        drop(slot_map);
        ix.keys = keys.finish();
        ix.wild = MultiMap::scattered(pairs);
        ix.vocab.finish();
        ix.word_forms = word_forms;
        // Entries and their words outgrew the reservation (alternative readings): no spare
        // capacity in a large lexicon's index.
        ix.entries.shrink_to_fit();
        ix.words.shrink_to_fit();
        ix.starts.shrink_to_fit();
        ix.names.shrink_to_fit();
        ix.slot_ids.shrink_to_fit();
        ix
    }

    /// Keeps `f`, the form of entry `entry`, in the index's tables.
    fn pack(
        &mut self,
        f: &Form,
        entry: u32,
        keys: &mut KeysBuilder,
        slot_map: &mut SlotMap,
    ) -> Packed {
        // Every field, so that a new one cannot be left out.
        let Form {
            key,
            slots,
            arabic,
            tokens,
            open_end,
            vowel_end,
            rules,
            article,
        } = f;
        debug_assert!(*rules == self.rules);
        let start = self.slot_ids.len() as u32;
        for s in slots {
            let next = self.slot_table.len() as u32;
            let id = slot_map.get_or_insert(*s, next);
            if id == next {
                self.slot_table.push(*s);
            }
            self.slot_ids.push(id);
        }
        Packed {
            key: keys.add(key, entry),
            slots: start,
            len: slots.len() as u32,
            tokens: *tokens as u32,
            arabic: *arabic,
            open_end: *open_end,
            vowel_end: *vowel_end,
            article: *article,
        }
    }

    /// Writes the form of an entry into `out` (whose allocations are reused).
    fn form_into(&self, e: &Entry, out: &mut Form) {
        let p = &e.form;
        out.key.clear();
        out.key.push_str(self.keys.key(p.key));
        out.slots.clear();
        let start = p.slots as usize;
        out.slots
            .extend((start..start + p.len as usize).map(|i| self.slot_table[self.slot_ids.get(i)]));
        out.arabic = p.arabic;
        out.tokens = p.tokens as usize;
        out.open_end = p.open_end;
        out.vowel_end = p.vowel_end;
        out.rules = self.rules;
        out.article = p.article;
    }

    /// The transliteration form of an entry.
    #[cfg(test)]
    fn form_of(&self, e: &Entry) -> Form {
        let mut f = Form::default();
        self.form_into(e, &mut f);
        f
    }

    /// The folded alias of an entry.
    pub fn folded(&self, e: &Entry) -> &str {
        self.names
            .get(e.folded.0 as usize..e.folded.1 as usize)
            .unwrap_or("")
    }

    /// The entries of entity `e` (its names and their other readings).
    pub fn entity_entries(&self, e: u32) -> &[Entry] {
        let (a, b) = (
            self.entity_starts[e as usize] as usize,
            self.entity_starts[e as usize + 1] as usize,
        );
        &self.entries[a..b]
    }

    /// Whether entry `id` is an alias under another reading of its letters (Cemcemal read as
    /// Jemjemal), not its usual one: entries of one alias are consecutive, the usual first.
    pub fn is_other_reading(&self, id: u32) -> bool {
        let i = id as usize;
        i > 0
            && self.entries[i - 1].entity == self.entries[i].entity
            && self.entries[i - 1].alias == self.entries[i].alias
    }

    /// Whether entry `id` is an alias the lexicon marks as shared by several entities.
    pub fn is_shared(&self, id: u32) -> bool {
        self.shared.binary_search(&id).is_ok()
    }

    /// Entities whose surname or short form has key `key`, with that word's form.
    pub fn surnames(&self, key: &str) -> impl Iterator<Item = (&u32, &Form)> {
        self.surnames
            .get(key)
            .map_or(&[][..], |v| v.as_slice())
            .iter()
            .filter_map(|(e, w)| Some((e, self.word_forms[*w as usize].as_ref()?)))
    }

    /// Whether some indexed alias's signature starts with `sig` at a word boundary.
    pub fn has_sig_prefix(&self, sig: &str) -> bool {
        self.sig_prefixes.contains(&hash(sig))
    }

    /// Whether some indexed alias has signature `sig`.
    pub fn has_sig(&self, sig: &str) -> bool {
        self.sigs.contains(&hash(sig))
    }

    /// Whether some entry that `hide` leaves in has the word `id`: a word only hidden aliases
    /// have is not known to the lookup, as it would not be were they not in the lexicon (a
    /// linear search; hiding is for evaluations).
    fn word_visible(&self, id: u32, hide: Hide) -> bool {
        (0..self.entries.len() as u32).any(|e| {
            self.entry_words(e).contains(&id) && !hide.is_some_and(|h| h(&self.entries[e as usize]))
        })
    }

    fn entry_words(&self, id: u32) -> &[u32] {
        let i = id as usize;
        &self.words[self.starts[i] as usize..self.starts[i + 1] as usize]
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
        let mut ef = Form::default();
        for &id in self.keys.entries(&f.key) {
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
            if (f.tokens == 1) != (e.form.tokens == 1) {
                continue;
            }
            self.form_into(e, &mut ef);
            if f.key.len() == 2 && !(ef.short_ok() || f.by_article()) {
                continue;
            }
            match distance(f, &ef) {
                Some(d) => out.push(Candidate {
                    entry: id,
                    tier,
                    distance: d,
                    accepted: d <= max_distance(f, &ef),
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

    /// Aliases within a few letter edits of the folded name (see [`fuzzy_budget`]), word by word,
    /// fewest edits first, then those whose transliteration key agrees with `f`.
    /// A name without a form (a letter the rules do not key, as in a misspelt `yl-Basri`) is
    /// still compared letter by letter.
    ///
    /// When no alias is that close word by word and `thorough` is set, aliases whose key is one
    /// letter edit from the name's (words joined or split: Kafr Anbel, Kafranbel) are compared
    /// by string similarity of the whole folded names.
    pub fn fuzzy(
        &self,
        folded: &str,
        f: Option<&Form>,
        hide: Hide,
        thorough: bool,
    ) -> Vec<Candidate> {
        self.fuzzy_in(folded, f, hide, thorough, &mut FuzzyMemo::once())
    }

    /// [`Index::fuzzy`] with what earlier lookups on this thread left in `memo`.
    pub(crate) fn fuzzy_in<'a>(
        &self,
        folded: &'a str,
        f: Option<&Form>,
        hide: Hide,
        thorough: bool,
        memo: &mut FuzzyMemo,
    ) -> Vec<Candidate> {
        let mut out: Vec<Candidate> = Vec::new();
        let budget = fuzzy_budget(folded.chars().count());
        if f.is_some_and(|f| f.key.len() < MIN_FUZZY_KEY) || budget == 0 {
            return out;
        }
        let FuzzyMemo {
            neighbours,
            letters,
        } = memo;
        // The words as spans of `letters`, the first `MAX_WORDS` on the stack (the most the
        // search word by word takes; a name of more goes only to the search by key).
        letters.clear();
        let mut spans: [(&'a str, usize, usize); MAX_WORDS] = [("", 0, 0); MAX_WORDS];
        let mut n = 0;
        let mut more: Vec<(&'a str, usize, usize)> = Vec::new();
        for w in words_of(folded) {
            let start = letters.len();
            letters.extend(w.chars());
            if n < MAX_WORDS {
                spans[n] = (w, start, letters.len());
                n += 1;
            } else {
                more.push((w, start, letters.len()));
            }
        }
        let letters = &letters[..];
        let word =
            |&(w, start, end): &(&'a str, usize, usize)| self.q_word(w, &letters[start..end], hide);
        let mut q = [QWord::default(); MAX_WORDS];
        for (slot, span) in q.iter_mut().zip(&spans[..n]) {
            *slot = word(span);
        }
        let q = &q[..n];
        // In running text a capitalised phrase is more often another name than a misspelling:
        // every word is held to the rule for known words there.
        let hits = if q.is_empty() || !more.is_empty() {
            Vec::new()
        } else {
            self.fuzzy_hits(q, budget, hide, !thorough, neighbours)
        };
        let Some(best) = hits.iter().map(|h| h.edits).min() else {
            return match f {
                Some(f) if thorough && more.is_empty() => self.fuzzy_by_key(folded, f, q, hide),
                Some(f) if thorough => {
                    let all: Vec<QWord> = spans[..n].iter().chain(&more).map(word).collect();
                    self.fuzzy_by_key(folded, f, &all, hide)
                }
                _ => out,
            };
        };
        for h in hits.iter().filter(|h| h.edits == best) {
            if out.iter().any(|c| c.entry == h.entry) {
                continue;
            }
            let e = &self.entries[h.entry as usize];
            let agree = f.is_some_and(|f| self.keys.key(e.form.key) == f.key);
            out.push(Candidate {
                entry: h.entry,
                tier: Tier::Fuzzy,
                distance: h.edits as f64 + if agree { 0.0 } else { 0.5 },
                accepted: true,
            });
        }
        sort_by_distance(&mut out);
        out
    }

    /// Word `w` of a name looked up, whose letters are `chars`.
    fn q_word<'w>(&self, w: &'w str, chars: &'w [char], hide: Hide) -> QWord<'w> {
        QWord {
            text: w,
            chars,
            mask: mask(w.chars()),
            id: self
                .vocab
                .id(w)
                .filter(|&id| hide.is_none() || self.word_visible(id, hide)),
        }
    }

    /// Aliases whose key is within one letter edit of the key of `f`, similar enough to `folded`
    /// as whole strings (see [`similarity_needed`]), most similar first.
    /// Names of three words or more (articles aside) also meet the aliases that agree with them on every word but
    /// one, however that one differs (Nahiyat Saddat al Hindiyah, Qaryat Saddat al Hindiyah).
    fn fuzzy_by_key(&self, folded: &str, f: &Form, q: &[QWord], hide: Hide) -> Vec<Candidate> {
        let mut out: Vec<Candidate> = Vec::new();
        let len = folded.chars().count();
        let need = similarity_needed(len);
        if need > 1.0 {
            // A short name must be spelt as listed: no alias is similar enough.
            return out;
        }
        let key: Vec<char> = chars_of(&f.key);
        let mut ids: Vec<u32> = Vec::new();
        let mut near: Vec<u32> = Vec::new();
        self.keys.near(&key, &mut near);
        for &k in &near {
            ids.extend_from_slice(self.keys.postings(k));
        }
        let named = q.iter().filter(|w| !super::is_article(w.text)).count();
        if named >= 3 {
            let qids: Vec<u32> = q.iter().map(|w| w.id.unwrap_or(WILD)).collect();
            for i in 0..q.len() {
                let bucket: Vec<u32> = self
                    .wild
                    .get(seq_hash(&qids, i, usize::MAX, 0))
                    .map(|(entry, _, _)| entry)
                    .take(MAX_WILDCARD_BUCKET + 1)
                    .collect();
                // A bucket shared by very many names (a common surname) says too little.
                if bucket.len() <= MAX_WILDCARD_BUCKET {
                    ids.extend(bucket);
                }
            }
        }
        ids.sort_unstable();
        ids.dedup();
        let letters = letter_counts(folded);
        let name: Vec<char> = chars_of(folded);
        let mut alias_chars: Vec<char> = Vec::new();
        let mut similarity = Similarity::default();
        for id in ids {
            let e = &self.entries[id as usize];
            if e.form.arabic != f.arabic || hide.is_some_and(|h| h(e)) {
                continue;
            }
            let alias = self.folded(e);
            // The edit distance is at least the difference in length: an alias too much longer
            // or shorter cannot be similar enough, and the distance need not be computed.
            let alias_len = alias.chars().count();
            if 1.0 - (len.abs_diff(alias_len) as f64) / (len.max(alias_len) as f64) < need {
                continue;
            }
            // So is the count of letters that one name has and the other lacks; the edit
            // distance (a table of `len` by `alias_len`) is only computed when that is close.
            let apart = letters_apart(&letters, alias);
            if 1.0 - (apart as f64) / (len.max(alias_len) as f64) < need {
                continue;
            }
            alias_chars.clear();
            alias_chars.extend(alias.chars());
            let Some(sim) = similarity.normalized_at_least(&name, &alias_chars, need) else {
                continue;
            };
            if words_alike(&name, &alias_chars, &mut similarity)
                && self.word_caps_hold(q, named, alias)
            {
                out.push(Candidate {
                    entry: id,
                    tier: Tier::Fuzzy,
                    distance: 1.0 - sim,
                    accepted: true,
                });
            }
        }
        sort_by_distance(&mut out);
        out
    }

    /// Whether each word of `q` (a name of `named` words, articles aside) is within the edits
    /// [`word_cap`] allows of the word of `alias` in its place ([`Rule::FuzzyWords`]). Names of
    /// another word count (joined or split words) and of three words or more (which may differ
    /// in one whole word) are left to the similarity of the whole names.
    fn word_caps_hold(&self, q: &[QWord], named: usize, alias: &str) -> bool {
        if !self.rules.has(Rule::FuzzyWords) || named >= 3 {
            return true;
        }
        let words: Vec<&str> = words_of(alias).collect();
        words.len() != q.len()
            || q.iter().zip(&words).all(|(w, a)| {
                let a: Vec<char> = chars_of(a);
                let short = self.rules.has(Rule::ShortWords);
                let cap = word_cap(w.chars, w.id.is_some(), &a, short);
                edit_distance(w.chars, &a, cap).is_some()
            })
    }

    /// Every alias with as many words as `q` within `budget` edits, searched by fewest edits.
    fn fuzzy_hits(
        &self,
        q: &[QWord],
        budget: usize,
        hide: Hide,
        strict: bool,
        neighbours: &mut NeighbourMemo,
    ) -> Vec<Hit> {
        let mut hits: Vec<Hit> = Vec::new();
        // The words' IDs and the places of the unknown ones, on the stack: a name looked up
        // has at most `MAX_WORDS` words (the caller's bound).
        if q.len() > MAX_WORDS {
            return hits;
        }
        let mut id_buf = [WILD; MAX_WORDS];
        let mut missing_buf = [0; MAX_WORDS];
        let mut n_missing = 0;
        for (i, w) in q.iter().enumerate() {
            match w.id {
                Some(id) => id_buf[i] = id,
                None => {
                    missing_buf[n_missing] = i;
                    n_missing += 1;
                }
            }
        }
        let ids = &id_buf[..q.len()];
        let missing = &missing_buf[..n_missing];
        if missing.len() > budget {
            return hits;
        }
        // Entries in the bucket of `q` with word `wild` open and word `at` replaced by `with`,
        // whose open word is within `left` edits (at least `min`).
        let probe =
            |wild: usize, at: usize, with: u32, spent: usize, min: usize, hits: &mut Vec<Hit>| {
                let left = budget - spent;
                let h = seq_hash(ids, wild, at, with);
                // The edits of the last open word compared: the aliases of an entity come
                // together, and often share it.
                let mut last: Option<(u32, Option<usize>)> = None;
                for (entry, word, place) in self.wild.get(h) {
                    let edits = if wild < q.len() {
                        let open = if usize::from(place) == wild {
                            word
                        } else {
                            // Indexed with another place open: a slot shared by different keys.
                            match self.entry_words(entry).get(wild) {
                                Some(&open) => open,
                                None => continue,
                            }
                        };
                        let edits = match last {
                            Some((w, edits)) if w == open => edits,
                            _ => {
                                let w = open as usize;
                                let aw = &self.vocab.chars[w];
                                let qw = q[wild].chars;
                                let known = strict || q[wild].id.is_some();
                                let short = self.rules.has(Rule::ShortWords);
                                let cap = left.min(word_cap(qw, known, aw, short));
                                // An edit changes at most two letters of the set of letters.
                                let letters = (q[wild].mask ^ self.vocab.masks[w]).count_ones();
                                let edits = if letters as usize > 2 * cap {
                                    None
                                } else {
                                    edit_distance(qw, aw, cap)
                                };
                                last = Some((open, edits));
                                edits
                            }
                        };
                        match edits {
                            Some(d) if d >= min => d,
                            _ => continue,
                        }
                    } else {
                        0
                    };
                    let words = self.entry_words(entry);
                    // The entry's other words, checked only now: different keys may share a slot.
                    let fixed = words.len() == q.len()
                        && words
                            .iter()
                            .enumerate()
                            .all(|(j, &w)| j == wild || w == if j == at { with } else { ids[j] });
                    if !fixed || hits.iter().any(|h| h.entry == entry) {
                        continue;
                    }
                    let e = &self.entries[entry as usize];
                    if hide.is_some_and(|h| h(e)) {
                        continue;
                    }
                    hits.push(Hit {
                        entry,
                        edits: spent + edits,
                    });
                }
            };
        let none = usize::MAX;
        let found_one = |hits: &[Hit]| hits.iter().any(|h| h.edits <= 1);
        if q.len() == 1 {
            // One word: its neighbours one edit away name single-word aliases.
            for &v in neighbours.of(&self.vocab, &q[0]) {
                probe(none, 0, v, 1, 0, &mut hits);
            }
            return hits;
        }
        match missing {
            [a] => {
                let a = *a;
                probe(a, none, 0, 0, 1, &mut hits);
                if budget >= 2 && !found_one(&hits) {
                    // One edit in `a`, one in another word.
                    for &v in neighbours.of(&self.vocab, &q[a]) {
                        for j in (0..q.len()).filter(|&j| j != a) {
                            probe(j, a, v, 1, 1, &mut hits);
                        }
                    }
                }
            }
            [a, b] => {
                // One edit in each: the longer word has fewer neighbours.
                let (a, b) = if q[*a].chars.len() >= q[*b].chars.len() {
                    (*a, *b)
                } else {
                    (*b, *a)
                };
                for &v in neighbours.of(&self.vocab, &q[a]) {
                    probe(b, a, v, 1, 1, &mut hits);
                }
            }
            _ => {
                // Every word is known: one of them was misspelt into another. Two known words
                // that both differ from an alias make another name (Abi al-Khasib is not Abu
                // al-Kahsib).
                for j in 0..q.len() {
                    probe(j, none, 0, 0, 1, &mut hits);
                }
            }
        }
        hits
    }
}

/// Orders fuzzy candidates: closest first, then by entry (a deterministic tie-break).
fn sort_by_distance(out: &mut [Candidate]) {
    out.sort_by(|a, b| {
        a.distance
            .total_cmp(&b.distance)
            .then(a.entry.cmp(&b.entry))
    });
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold::fold_str;
    use crate::translit::alternatives;

    #[test]
    fn similarity_is_strsims() {
        // `Similarity` replaces strsim in `fuzzy_by_key`: the same distance, and the same float
        // whenever it is at least the similarity needed (none when it is less), for strings
        // with letters below 256 and above, repeated letters, transpositions, empty strings,
        // and one `Similarity` reused throughout as `fuzzy_by_key` does.
        let letters: Vec<char> = "abcdeab hisk\u{e9}\u{ff}\u{100}\u{627}\u{644}\u{628}"
            .chars()
            .collect();
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15);
        let mut sim = Similarity::default();
        let mut words: Vec<String> = vec![
            String::new(),
            "ca".into(),
            "abc".into(),
            "kafr anbel".into(),
            "kafranbel".into(),
            "levenshtein".into(),
            "l\u{f6}wenbr\u{e4}u".into(),
        ];
        for _ in 0..3000 {
            let len = next(14);
            words.push((0..len).map(|_| letters[next(letters.len())]).collect());
        }
        for (k, a) in words.iter().enumerate() {
            // Each word with a few others, and with itself shuffled a little.
            let mut b: Vec<char> = a.chars().collect();
            if b.len() >= 2 {
                let i = next(b.len() - 1);
                b.swap(i, i + 1);
            }
            let b: String = b.into_iter().collect();
            let others = [
                &words[(k * 7 + 3) % words.len()],
                &words[(k + 1) % words.len()],
                &b,
            ];
            for o in others {
                let (ac, oc): (Vec<char>, Vec<char>) = (a.chars().collect(), o.chars().collect());
                let want = strsim::normalized_damerau_levenshtein(a, o);
                let d = strsim::damerau_levenshtein(a, o);
                assert_eq!(sim.distance(&ac, &oc), d, "{a:?} {o:?}");
                for max in 0..8 {
                    let within = sim.distance_within(&ac, &oc, max);
                    assert_eq!(within, (d <= max).then_some(d), "{a:?} {o:?} {max}");
                }
                for need in [0.0, 0.5, 0.85, 0.87, 0.88, 1.0, 1.1] {
                    let got = sim.normalized_at_least(&ac, &oc, need);
                    let want = (want >= need).then_some(want.to_bits());
                    assert_eq!(got.map(f64::to_bits), want, "{a:?} {o:?} {need}");
                }
            }
        }
    }

    #[test]
    fn similarity_within_is_strsims_on_long_names() {
        // Names as long as `fuzzy_by_key` compares (most far longer than the band of cells
        // within `max` of the diagonal that `distance_within` computes), each against a few
        // edits of itself (letters changed, dropped, added, swapped, moved further) and against
        // another name, at every bound; and `words_alike` against strsim word by word.
        let letters: Vec<char> = "aaeiklmnrs \u{e9}\u{627}".chars().collect();
        let mut next = xorshift(0x51a7_e0c3_2b8d_44f1);
        let mut sim = Similarity::default();
        let mut names: Vec<Vec<char>> = Vec::new();
        for _ in 0..600 {
            let len = 10 + next(30);
            names.push((0..len).map(|_| letters[next(letters.len())]).collect());
        }
        for k in 0..names.len() {
            let a = names[k].clone();
            let mut others = vec![names[(k * 5 + 1) % names.len()].clone()];
            let mut b = a.clone();
            for _ in 0..1 + next(6) {
                let i = next(b.len());
                match next(5) {
                    0 => b[i] = letters[next(letters.len())],
                    1 if b.len() > 1 => {
                        b.remove(i);
                    }
                    2 => b.insert(i, letters[next(letters.len())]),
                    3 if i + 1 < b.len() => b.swap(i, i + 1),
                    _ => {
                        let c = b.remove(i);
                        let to = next(b.len() + 1);
                        b.insert(to, c);
                    }
                }
                others.push(b.clone());
            }
            let sa: String = a.iter().collect();
            for o in &others {
                let so: String = o.iter().collect();
                let d = strsim::damerau_levenshtein(&sa, &so);
                for max in 0..12 {
                    let within = sim.distance_within(&a, o, max);
                    assert_eq!(within, (d <= max).then_some(d), "{sa:?} {so:?} {max}");
                }
                let want = sa.split(' ').count() != so.split(' ').count()
                    || sa
                        .split(' ')
                        .zip(so.split(' '))
                        .all(|(x, y)| strsim::normalized_damerau_levenshtein(x, y) >= 0.5);
                assert_eq!(words_alike(&a, o, &mut sim), want, "{sa:?} {so:?}");
            }
        }
    }

    /// A deterministic source of numbers below `n` (xorshift), for the randomized tests.
    fn xorshift(mut seed: u64) -> impl FnMut(usize) -> usize {
        move |n| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        }
    }

    fn d(a: &str, b: &str, max: usize) -> Option<usize> {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        edit_distance(&a, &b, max)
    }

    #[test]
    fn near_keys_are_the_keys_one_edit_away() {
        // Random keys over a few letters (one of them not ASCII), so that many are close, and
        // queries that are keys, edits of keys, or neither: `near` must find exactly the keys
        // that a brute-force comparison with each key finds.
        let letters = ['a', 'b', 'c', 'ş'];
        let mut rand = xorshift(0x2545_f491_4f6c_dd1du64);
        let word = |rand: &mut dyn FnMut(usize) -> usize| -> String {
            let len = 1 + rand(7);
            (0..len).map(|_| letters[rand(letters.len())]).collect()
        };
        let mut b = KeysBuilder::default();
        let mut all: Vec<String> = Vec::new();
        for e in 0..400 {
            let w = word(&mut rand);
            b.add(&w, e);
            all.push(w);
        }
        let keys = b.finish();
        let mut near = Vec::new();
        let mut found = 0;
        for i in 0..600 {
            let q: String = if i % 2 == 0 {
                word(&mut rand)
            } else {
                // A key with one random edit.
                let mut c: Vec<char> = all[rand(all.len())].chars().collect();
                let at = rand(c.len() + 1);
                match rand(3) {
                    0 if at < c.len() => drop(c.remove(at)),
                    1 => c.insert(at, letters[rand(letters.len())]),
                    _ if at + 1 < c.len() => c.swap(at, at + 1),
                    _ => {}
                }
                c.into_iter().collect()
            };
            let chars: Vec<char> = q.chars().collect();
            keys.near(&chars, &mut near);
            let mut want: Vec<u32> = (0..keys.bounds.len() as u32 - 1)
                .filter(|&k| strsim::osa_distance(&q, keys.key(k)) <= 1)
                .collect();
            want.sort_unstable();
            assert_eq!(near, want, "{q}");
            found += near.len();
        }
        assert!(found > 1000, "{found}");
    }

    #[test]
    fn letters_apart_is_at_most_the_edit_distance() {
        let names = [
            "hashimi",
            "hshimi",
            "ihsahim",
            "abdul",
            "abdlu",
            "kafr anbel",
            "kafranbel",
            "ba",
            "ab",
            "",
            "saïd",
            "said",
            "sa'id",
            "عزيز",
            "عزهيز",
            "nahiyat saddat al hindiyah",
        ];
        for a in names {
            for b in names {
                let dl = strsim::damerau_levenshtein(a, b);
                assert!(letters_apart(&letter_counts(a), b) <= dl, "{a} {b}");
            }
        }
        assert_eq!(letters_apart(&letter_counts("abc"), "cab"), 0);
        assert_eq!(letters_apart(&letter_counts("hashimi"), "hshimi"), 1);
        assert_eq!(letters_apart(&letter_counts("abdul"), "abxyz"), 3);
    }

    #[test]
    fn edit_distance_is_the_osa_distance_within_max() {
        // Random words over three letters, so that many are close, compared with strsim's
        // optimal string alignment distance at every bound.
        let mut rand = xorshift(0x9E37_79B9_7F4A_7C15u64);
        for _ in 0..5000 {
            let mut word =
                || -> String { (0..rand(12)).map(|_| ['a', 'b', 'ç'][rand(3)]).collect() };
            let (a, b) = (word(), word());
            let osa = strsim::osa_distance(&a, &b);
            for max in [0, 1, 2, 3, 5, 40, usize::MAX] {
                assert_eq!(d(&a, &b, max), (osa <= max).then_some(osa), "{a} {b} {max}");
            }
        }
    }

    #[test]
    fn edit_distance_is_the_osa_distance_on_long_words() {
        // Words up to and past `MAX_WORD` letters (the bit-vector algorithm keeps a letter a
        // bit), each against a few edits of itself and another word, at every bound.
        let letters = ['a', 'b', 'c', 'ç', 'ي'];
        let mut rand = xorshift(0x2f6b_4a1d_c3e5_9087u64);
        for _ in 0..3000 {
            let len = rand(MAX_WORD + 3);
            let a: Vec<char> = (0..len).map(|_| letters[rand(letters.len())]).collect();
            let mut b = a.clone();
            for _ in 0..rand(4) {
                let i = rand(b.len() + 1);
                match rand(4) {
                    0 if i < b.len() => b[i] = letters[rand(letters.len())],
                    1 if i < b.len() => {
                        b.remove(i);
                    }
                    2 if i + 1 < b.len() => b.swap(i, i + 1),
                    _ => b.insert(i, letters[rand(letters.len())]),
                }
            }
            let other: Vec<char> = (0..rand(MAX_WORD + 3))
                .map(|_| letters[rand(letters.len())])
                .collect();
            for o in [&b, &other] {
                let (sa, so): (String, String) = (a.iter().collect(), o.iter().collect());
                let osa = strsim::osa_distance(&sa, &so);
                for max in [0, 1, 2, 3, 4, 6, 40, usize::MAX] {
                    let want = if a.len().abs_diff(o.len()) > max {
                        None
                    } else if a.is_empty() || o.is_empty() {
                        Some(osa)
                    } else if a.len() > MAX_WORD || o.len() > MAX_WORD {
                        None
                    } else {
                        (osa <= max).then_some(osa)
                    };
                    assert_eq!(edit_distance(&a, o, max), want, "{sa} {so} {max}");
                }
            }
        }
    }

    #[test]
    fn edit_distance_counts_transpositions_once_and_stops_early() {
        assert_eq!(d("hashimi", "hashimi", 2), Some(0));
        assert_eq!(d("hashimi", "hshimi", 2), Some(1));
        assert_eq!(d("abdul", "abdlu", 2), Some(1));
        assert_eq!(d("al", "la", 1), Some(1));
        assert_eq!(d("bakri", "bakrri", 2), Some(1));
        assert_eq!(d("muhammad", "mahmoud", 2), None);
        assert_eq!(d("hussein", "hassan", 2), None);
        assert_eq!(d("sudan", "sudanese", 2), None);
        assert_eq!(d("عزيز", "عزهيز", 1), Some(1));
    }

    #[test]
    fn packed_forms_are_the_forms_indexed() {
        let c = crate::Canonym::new();
        let rules = Rules::all();
        let ix = Index::new(c.lexicon(), &c.inner.matcher, rules);
        assert!(ix.entries.len() > 1000);
        let mut alts = 0;
        for (id, e) in ix.entries.iter().enumerate() {
            let folded = ix.folded(e);
            let got = ix.form_of(e);
            let usual = form(folded, rules).expect("indexed aliases have a form");
            if got != usual {
                let alias = &c.lexicon().entities[e.entity as usize].aliases[e.alias as usize];
                let written = Written::Alias(&alias.text, alias.lang.as_deref());
                assert!(alternatives(folded, &usual.key, rules, Some(written)).contains(&got));
                alts += 1;
            }
            assert!(ix.keys.entries(&got.key).contains(&(id as u32)));
        }
        assert!(alts > 0);
        assert!(ix.keys.entries("no such key").is_empty());
    }

    #[test]
    fn pack_then_form_into_gives_back_the_form() {
        // Latin and Arabic names, with glides (Diyala, Hawija, Qayyarah), an article written
        // apart (Al-Kut, El Bab), an ezafe, and the alternative readings of each.
        let names = [
            "Diyala",
            "Hawija",
            "Qayyarah",
            "Al-Kut",
            "El Bab",
            "Sepah-e Pasdaran",
            "Cemcemal",
            "Fouad Hassan",
            "ديالى",
            "الدالي",
            "عباس عراقجي",
            "خامنه\u{200c}ای",
            "بەرھەم",
            "كربلاء",
            "جبلة",
        ];
        let rules = Rules::all();
        let mut forms: Vec<Form> = Vec::new();
        for n in names {
            let folded = fold_str(n);
            let f = form(folded.trim(), rules).expect("a form");
            forms.extend(alternatives(folded.trim(), &f.key, rules, None));
            forms.push(f);
        }
        assert!(forms.iter().any(|f| f.slots.iter().any(|s| s.glide != 0)));
        assert!(forms.iter().any(|f| f.article && f.by_article()));
        assert!(forms.iter().any(|f| f.arabic) && forms.iter().any(|f| !f.arabic));
        let mut ix = Index {
            rules,
            ..Index::default()
        };
        let (mut keys, mut slot_map) = (KeysBuilder::default(), SlotMap::default());
        let packed: Vec<Packed> = (0..forms.len())
            .map(|i| ix.pack(&forms[i], i as u32, &mut keys, &mut slot_map))
            .collect();
        ix.keys = keys.finish();
        // One form reused for all, as the lookups do: nothing of the one before may remain.
        let mut out = Form::default();
        for (i, (f, p)) in forms.iter().zip(&packed).enumerate() {
            assert_eq!(p.is_arabic(), f.is_arabic());
            assert_eq!(p.tokens(), f.tokens());
            let e = Entry {
                entity: 0,
                alias: 0,
                folded: (0, 0),
                form: *p,
            };
            ix.form_into(&e, &mut out);
            assert_eq!(&out, f, "form {i}");
            assert!(ix.keys.entries(&f.key).contains(&(i as u32)));
        }
        // The slots are interned: fewer distinct ones than slots.
        assert!(ix.slot_table.len() < ix.slot_ids.len());
    }

    #[test]
    fn multimap_finds_every_value_of_a_key() {
        let k = |s: &str| key(hash(s));
        let m = MultiMap::scattered(vec![(k("a"), 3), (k("b"), 2), (k("a"), 1), (k("a"), 3)]);
        // In the order given, duplicates kept.
        assert_eq!(m.get(hash("a")).collect::<Vec<u32>>(), [3, 1, 3]);
        assert_eq!(m.get(hash("b")).collect::<Vec<u32>>(), [2]);
        assert_eq!(m.get(hash("c")).count(), 0);
        assert_eq!(
            MultiMap::<u32>::scattered(Vec::new())
                .get(hash("a"))
                .count(),
            0
        );
    }

    #[test]
    fn ids_widen_as_values_grow() {
        let mut ids = Ids::default();
        let values = [3, 255, 256, 65_535, 65_536, 7, u32::MAX];
        for (n, &v) in values.iter().enumerate() {
            ids.push(v);
            assert_eq!(ids.len(), n + 1);
            for (i, &w) in values[..=n].iter().enumerate() {
                assert_eq!(ids.get(i), w as usize);
            }
        }
        assert!(matches!(ids, Ids::U32(_)));
    }
}
