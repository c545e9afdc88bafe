//! Where in a folded record an alias can start: the word gate in front of the automaton.
//!
//! A valid occurrence of a key starts at a word start (or right after Arabic proclitics) and ends
//! on a word boundary. So the word of the text that starts where the occurrence starts is exactly
//! the key's *first word* (its longest prefix of word characters): if the key is one word, the
//! end boundary closes the text's word right there; if not, the key's next character is not a
//! word character and the text has that same character there. The gate therefore hashes each
//! word of the record (and, for Arabic words, what follows each possible proclitic prefix) and
//! asks a Bloom filter of the keys' first words. Only the positions that pass are searched with
//! the automaton, anchored. English news has few words that begin an alias, so most of the
//! record is looked at once, a word at a time, and never walked through the automaton.
//!
//! Many first words of long names are ordinary English ("joint", "supporters", "lebanese"). A
//! first word that ends no key passes only when the text's next word completes one of the
//! keys' first *pairs* of words (a second filter): for the same reason as above, the text's
//! second word must equal the key's second word.
//!
//! Words come from [`super::words::Words`] (64 bytes at a time where the text is ASCII), and
//! each is hashed from its first eight bytes and its length with one load.
//!
//! Keys that start with a character that is not a word character (rare: `(`, `#`) have no first
//! word; their first characters are kept in a short list, and every such character that follows
//! a non-word character is a candidate start too.
//!
//! The filter may let through a word that begins no key (a false positive costs one anchored
//! search); it never stops a word that does.

use super::words::{Words, word_len};
use crate::fold::{arabic, is_word_char};
use crate::swar;

/// Bloom filters over the first words of the keys (and the first two words of keys that have
/// more), plus the first characters of keys that do not start with a word character.
#[derive(Debug)]
pub(crate) struct Gate {
    /// The first word of every key.
    firsts: Bloom,
    /// First words that end a key, or are followed in it by something other than one space and
    /// a word: they pass on their own.
    singles: Bloom,
    /// The first two words of the other keys: their first word passes only when the text's next
    /// word completes a pair. English words that only begin long names ("joint", "supporters")
    /// then cost no anchored search.
    pairs: Bloom,
    odd_starts: Vec<char>,
}

/// Words of a text as [`Gate::starts_recording`] walks them.
#[derive(Debug, Clone, Copy)]
pub(crate) enum WordRun {
    /// The words of a chunk of ASCII text that starts at `base`: one starts at `base + k` for
    /// each bit `k` of `starts`, and its length is the run of bits of `chars` from `k`.
    Chunk {
        base: usize,
        starts: u64,
        chars: u64,
    },
    /// One word, `s..s + n`, found a character at a time.
    Word { s: usize, n: usize },
}

/// A blocked Bloom filter over 64-bit hashes: one memory access per lookup, two bits per item.
#[derive(Debug)]
struct Bloom {
    bits: Vec<u64>,
    /// `bits.len() - 1`; the length is a power of two.
    mask: u64,
}

impl Bloom {
    /// A filter holding `hashes`, with about 16 bits per distinct hash (a few false positives
    /// per thousand lookups), so that the filter of first words, which every word of the text
    /// probes, stays small enough for the fastest cache.
    fn of(mut hashes: Vec<u64>) -> Bloom {
        hashes.sort_unstable();
        hashes.dedup();
        let nbits = (hashes.len() * 16).next_power_of_two().max(1 << 12);
        let mut bloom = Bloom {
            bits: vec![0; nbits / 64],
            mask: (nbits / 64) as u64 - 1,
        };
        for h in hashes {
            let (w, bits) = bloom.probe(h);
            bloom.bits[w] |= bits;
        }
        bloom
    }

    /// The filter word for hash `h` and the two bits it sets there, from its high bits: those
    /// of a product are mixed well enough without a final step ([`raw_word_hash`]).
    #[inline]
    fn probe(&self, h: u64) -> (usize, u64) {
        let word = ((h >> 40) & self.mask) as usize;
        (word, (1 << ((h >> 28) & 63)) | (1 << ((h >> 34) & 63)))
    }

    #[inline]
    fn contains(&self, h: u64) -> bool {
        let (w, bits) = self.probe(h);
        self.bits[w] & bits == bits
    }
}

/// The hash of a pair of words from the hashes of each.
#[inline]
fn pair_hash(first: u64, second: u64) -> u64 {
    let h = (first.rotate_left(21) ^ second).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    h ^ (h >> 29)
}

/// Hashes the word `b[i..i + len]` from its first eight bytes and its length: one load per word
/// and no branch on the length (word lengths in text are too irregular to predict). Words that
/// agree on those collide, which only costs an anchored search.
#[inline]
fn word_hash(b: &[u8], i: usize, len: usize) -> u64 {
    finish(word_raw(b, i, len))
}

/// The [`raw_word_hash`] of the word `b[i..i + len]`.
#[inline]
fn word_raw(b: &[u8], i: usize, len: usize) -> u64 {
    raw_word_hash(swar::load(b, i), len.clamp(1, 8), len)
}

/// The product [`word_hash`] finishes, for a word of `len` bytes whose first eight bytes (and
/// what follows them) are `first`, `n` being `len` clamped to `1..=8`. The filter of first
/// words, which every word of the text probes, takes it as it is.
#[inline]
fn raw_word_hash(first: u64, n: usize, len: usize) -> u64 {
    let first = first & (u64::MAX >> (64 - 8 * n));
    (first ^ (len as u64).wrapping_mul(0xA076_1D64_78BD_642F)).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// A [`raw_word_hash`] with its low bits mixed too.
#[inline]
fn finish(h: u64) -> u64 {
    h ^ (h >> 29)
}

/// Which group of keys a start can begin, from the hash of its first word: keys are split into
/// groups that way so that each group's automaton can be built when first needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Shard(u64);

impl Shard {
    /// Keys without a first word.
    pub const ODD: Shard = Shard(u64::MAX);

    #[inline]
    fn of(h: u64) -> Shard {
        Shard(h >> 12)
    }

    /// The shard of a key.
    pub fn of_key(key: &str) -> Shard {
        let w = first_word(key);
        if w.is_empty() {
            Shard::ODD
        } else {
            Shard::of(word_hash(w.as_bytes(), 0, w.len()))
        }
    }

    /// The hash bits that name it.
    #[inline]
    pub fn bits(self) -> u64 {
        self.0
    }

    /// The shard named by `bits` (from [`Shard::bits`]).
    pub fn from_bits(bits: u64) -> Shard {
        Shard(bits)
    }

    /// Its index among `n` shards (a power of two) plus one for [`Shard::ODD`], which is `n`.
    #[inline]
    pub fn index(self, n: usize) -> usize {
        if self == Shard::ODD {
            n
        } else {
            (self.0 as usize) & (n - 1)
        }
    }
}

/// The first word of a key: its longest prefix of word characters.
fn first_word(key: &str) -> &str {
    // A byte at a time over ASCII, where a word character is a letter or digit.
    let b = key.as_bytes();
    let mut end = 0;
    while let Some(&x) = b.get(end) {
        if x < 0x80 {
            if !x.is_ascii_alphanumeric() {
                break;
            }
            end += 1;
        } else {
            match key[end..].chars().next() {
                Some(c) if is_word_char(c) => end += c.len_utf8(),
                _ => break,
            }
        }
    }
    &key[..end]
}

impl Gate {
    pub fn new<'k>(keys: impl Iterator<Item = &'k str>) -> Gate {
        let mut firsts = Vec::new();
        let mut singles = Vec::new();
        let mut pairs = Vec::new();
        let mut odd_starts = Vec::new();
        for key in keys {
            let w = first_word(key);
            if w.is_empty() {
                if let Some(c) = key.chars().next() {
                    if !odd_starts.contains(&c) {
                        odd_starts.push(c);
                    }
                }
                continue;
            }
            let raw = word_raw(w.as_bytes(), 0, w.len());
            firsts.push(raw);
            let h = finish(raw);
            let second = key[w.len()..].strip_prefix(' ').map_or("", first_word);
            if second.is_empty() {
                singles.push(h);
            } else {
                pairs.push(pair_hash(h, word_hash(second.as_bytes(), 0, second.len())));
            }
        }
        Gate {
            firsts: Bloom::of(firsts),
            singles: Bloom::of(singles),
            pairs: Bloom::of(pairs),
            odd_starts,
        }
    }

    /// The shard of the keys that may start with the word `b[s..s + n]` of `text`, if any may.
    #[inline(always)]
    fn may_start(&self, words: &Words, s: usize, n: usize) -> Option<Shard> {
        let raw = word_raw(words.text().as_bytes(), s, n);
        if !self.firsts.contains(raw) {
            return None;
        }
        let h = finish(raw);
        self.completes(words, s + n, h).then(|| Shard::of(h))
    }

    /// Whether a key can start with a first word hashed `h` that ends at `e`: either it is
    /// one on its own, or the text's next word completes one of the pairs that begin with it.
    #[inline(never)]
    fn completes(&self, words: &Words, e: usize, h: u64) -> bool {
        if self.singles.contains(h) {
            return true;
        }
        let text = words.text();
        if text.as_bytes().get(e) != Some(&b' ') {
            return false;
        }
        let n2 = words.len_at(e + 1).unwrap_or_else(|| word_len(text, e + 1));
        n2 > 0
            && self
                .pairs
                .contains(pair_hash(h, word_hash(text.as_bytes(), e + 1, n2)))
    }

    /// Calls `f` with every folded offset where a key may start, in increasing order. `f`
    /// returns the offset before which later starts are of no interest (the end of a mention
    /// it took), so the gate skips over them.
    pub fn starts(&self, text: &str, f: impl FnMut(usize, Shard) -> usize) {
        self.starts_recording(text, f, |_| {});
    }

    /// [`Gate::starts`], also giving `record` the words it walks, in order ([`WordRun`]): every
    /// word of the text but those it skips, which lie inside the mentions `f` took. The later
    /// tiers read these instead of walking the words again.
    pub fn starts_recording(
        &self,
        text: &str,
        mut f: impl FnMut(usize, Shard) -> usize,
        mut record: impl FnMut(WordRun),
    ) {
        let b = text.as_bytes();
        let mut skip_to = 0;
        let mut words = Words::new(text);
        // Where the non-word characters before the next word begin.
        let mut gap = 0;
        loop {
            if self.odd_starts.is_empty() {
                if let Some((base, inner, chars)) = words.take_inner() {
                    record(WordRun::Chunk {
                        base,
                        starts: inner,
                        chars,
                    });
                    skip_to = self.chunk(&words, base, inner, chars, skip_to, &mut f);
                    words.skip_to(skip_to);
                    continue;
                }
                if words.refill() {
                    continue;
                }
            }
            let Some((s, n)) = words.next() else { break };
            record(WordRun::Word { s, n });
            if !self.odd_starts.is_empty() {
                skip_to = self.odd(text, gap..s, skip_to, &mut f);
                words.skip_to(skip_to);
                gap = s + n;
            }
            if s >= skip_to {
                if let Some(shard) = self.may_start(&words, s, n) {
                    skip_to = f(s, shard);
                    words.skip_to(skip_to);
                }
            }
            if b[s] >= 0x80
                && text[s..]
                    .chars()
                    .next()
                    .is_some_and(arabic::is_arabic_letter)
            {
                // After proclitics: the rest of the word may begin a key.
                for off in arabic::proclitic_splits(&text[s..s + n]) {
                    let p = s + off;
                    if p >= skip_to {
                        if let Some(shard) = self.may_start(&words, p, n - off) {
                            skip_to = f(p, shard);
                            words.skip_to(skip_to);
                        }
                    }
                }
            }
        }
        if !self.odd_starts.is_empty() {
            self.odd(text, gap..b.len(), skip_to, &mut f);
        }
    }

    /// The gate over the words of a chunk that start at `base + k` for the bits `k` of
    /// `starts` and end inside it (their lengths are the runs of bits of `chars`): every word
    /// is probed in the first-word filter without a branch, and only those that pass (a few in
    /// a hundred) go on, in order, as in [`Gate::starts`]. Returns the new `skip_to`.
    #[inline(always)]
    fn chunk(
        &self,
        words: &Words,
        base: usize,
        starts: u64,
        chars: u64,
        mut skip_to: usize,
        f: &mut impl FnMut(usize, Shard) -> usize,
    ) -> usize {
        let b = words.text().as_bytes();
        let len = |k: usize| (!(chars >> k)).trailing_zeros() as usize;
        let mut pass = 0u64;
        let mut rest = starts;
        while rest != 0 {
            let k = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            // A word here has at least one byte.
            let (n, first) = (len(k), words.load_in_chunk(k));
            let h = raw_word_hash(first, n.min(8), n);
            pass |= u64::from(self.firsts.contains(h)) << k;
        }
        while pass != 0 {
            let k = pass.trailing_zeros() as usize;
            pass &= pass - 1;
            let (s, n) = (base + k, len(k));
            if s < skip_to {
                continue;
            }
            let h = word_hash(b, s, n);
            if self.completes(words, s + n, h) {
                skip_to = f(s, Shard::of(h));
            }
        }
        skip_to
    }

    /// Calls `f` at the characters of `gap` (non-word characters between two words) that begin
    /// a key without a first word and follow another non-word character; returns the new
    /// `skip_to`.
    fn odd(
        &self,
        text: &str,
        gap: std::ops::Range<usize>,
        mut skip_to: usize,
        f: &mut impl FnMut(usize, Shard) -> usize,
    ) -> usize {
        for (k, c) in text[gap.clone()].char_indices() {
            let p = gap.start + k;
            if (k > 0 || p == 0) && p >= skip_to && self.odd_starts.contains(&c) {
                skip_to = f(p, Shard::ODD);
            }
        }
        skip_to
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts(gate: &Gate, text: &str) -> Vec<usize> {
        let mut v = Vec::new();
        gate.starts(text, |s, _| {
            v.push(s);
            0
        });
        v
    }

    #[test]
    fn chunks_pass_the_same_starts_as_a_word_at_a_time() {
        // Words of every length around the chunk size, so that chunks end inside words, on
        // them and between them; non-ASCII text and Arabic proclitics in between.
        let long = "kataibhezbollah".repeat(5);
        let pieces = [
            "al",
            "fayyadh",
            "kataib",
            "hezbollah",
            "the",
            " ",
            "  ",
            ", ",
            "“",
            "وبغداد",
            "x",
            &long[..63],
            &long[..64],
            &long[..70],
            "9",
        ];
        let keys = [
            "al fayyadh",
            "kataib hezbollah",
            "kataib",
            "بغداد",
            &long[..63],
            &long[..64],
            "x",
        ];
        let gate = Gate::new(keys.iter().copied());
        for (i, text) in
            super::super::words::random_texts(&pieces, 0x5851_F42D_4C95_7F2D, 3, 3000).enumerate()
        {
            // Half the time a start takes its word, as a mention would.
            let take = |s: usize| {
                if i % 2 == 0 {
                    0
                } else {
                    s + word_len(&text, s)
                }
            };
            let mut got = Vec::new();
            gate.starts(&text, |s, shard| {
                got.push((s, shard));
                take(s)
            });
            let mut want = Vec::new();
            let mut skip_to = 0;
            let mut words = Words::new(&text);
            while let Some((s, n)) = words.next() {
                let mut at = vec![(s, n)];
                if text[s..]
                    .chars()
                    .next()
                    .is_some_and(arabic::is_arabic_letter)
                {
                    at.extend(arabic::proclitic_splits(&text[s..s + n]).map(|o| (s + o, n - o)));
                }
                for (p, m) in at {
                    if p >= skip_to {
                        if let Some(shard) = gate.may_start(&words, p, m) {
                            want.push((p, shard));
                            skip_to = take(p);
                        }
                    }
                }
            }
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn lets_through_words_that_begin_a_key() {
        let keys = ["al fayyadh", "erbil", "kataib hezbollah", "kataib"];
        let gate = Gate::new(keys.iter().copied());
        let text = "the envoy met al fayyadh in erbil, not kataib.";
        let got = starts(&gate, text);
        for w in ["al fayyadh", "erbil", "kataib."] {
            assert!(got.contains(&text.find(w).unwrap()), "{w}: {got:?}");
        }
        // "the", "envoy", "met", "in", "not" begin no key (barring a rare false positive).
        assert!(got.len() <= 4, "{got:?}");
    }

    #[test]
    fn a_word_that_only_begins_longer_keys_needs_the_next_word() {
        let gate = Gate::new(
            ["kataib hezbollah", "joint operations command"]
                .iter()
                .copied(),
        );
        let text = "kataib hezbollah and kataib sayyid, joint operations and joint staff";
        assert_eq!(starts(&gate, text), vec![0, 36]);
        // The second word must be a whole word, and follow after exactly one space.
        assert_eq!(
            starts(&gate, "kataib hezbollahs kataib  hezbollah"),
            Vec::<usize>::new()
        );
    }

    #[test]
    fn arabic_starts_after_proclitics() {
        let keys = ["فياض", "بغداد"];
        let gate = Gate::new(keys.iter().copied());
        let text = "وبغداد بالفياض";
        let got = starts(&gate, text);
        assert!(got.contains(&"و".len()), "{got:?}");
        assert!(got.contains(&text.find("فياض").unwrap()), "{got:?}");
    }

    #[test]
    fn keys_without_a_first_word() {
        let gate = Gate::new(["#iraq"].iter().copied());
        assert_eq!(starts(&gate, "a #iraq b#iraq"), vec![2]);
    }

    #[test]
    fn skips_starts_inside_a_taken_mention() {
        let gate = Gate::new(["al", "fayyadh"].iter().copied());
        let mut v = Vec::new();
        gate.starts("al fayyadh", |s, _| {
            v.push(s);
            10
        });
        assert_eq!(v, vec![0]);
    }
}
