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
//! Words are found 64 bytes at a time from a mask of ASCII word characters ([`crate::swar`]);
//! a chunk with non-ASCII bytes (Arabic, other scripts) goes a character at a time.
//!
//! Keys that start with a character that is not a word character (rare: `(`, `#`) have no first
//! word; their first characters are kept in a short list, and every such character that follows
//! a non-word character is a candidate start too.
//!
//! The filter may let through a word that begins no key (a false positive costs one anchored
//! search); it never stops a word that does.

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

    /// The filter word for hash `h` and the two bits it sets there.
    #[inline]
    fn probe(&self, h: u64) -> (usize, u64) {
        let word = ((h >> 32) & self.mask) as usize;
        (word, (1 << (h & 63)) | (1 << ((h >> 6) & 63)))
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
    let first = swar::load(b, i) & (u64::MAX >> (64 - 8 * len.clamp(1, 8)));
    let h = (first ^ (len as u64).wrapping_mul(0xA076_1D64_78BD_642F))
        .wrapping_mul(0x9E37_79B9_7F4A_7C15);
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
    let end = key
        .char_indices()
        .find(|(_, c)| !is_word_char(*c))
        .map_or(key.len(), |(i, _)| i);
    &key[..end]
}

const NON_WORD: u8 = 0;
const WORD: u8 = 1;
const NON_ASCII: u8 = 2;

/// Each byte's class: an ASCII word character (letter or digit), another ASCII character, or a
/// byte of a longer UTF-8 sequence (decoded to decide).
static ASCII_CLASS: [u8; 256] = {
    let mut t = [NON_ASCII; 256];
    let mut b = 0;
    while b < 0x80 {
        t[b] = if (b as u8).is_ascii_alphanumeric() {
            WORD
        } else {
            NON_WORD
        };
        b += 1;
    }
    t
};

/// Byte length of the word starting at `i` (a word character) in `text`.
#[inline]
fn word_len(text: &str, i: usize) -> usize {
    let b = text.as_bytes();
    let mut j = i;
    loop {
        // ASCII letters and digits eight at a time; past the end, zero bytes stop the run.
        loop {
            let stop = swar::not(swar::alnum(swar::load(b, j)));
            if stop != 0 {
                j += swar::first(stop);
                break;
            }
            j += 8;
        }
        if j >= b.len() || b[j] < 0x80 {
            return j - i;
        }
        match text[j..].chars().next() {
            Some(c) if is_word_char(c) => j += c.len_utf8(),
            _ => return j - i,
        }
    }
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
            let h = word_hash(w.as_bytes(), 0, w.len());
            firsts.push(h);
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

    /// Whether a key may start with the word `b[s..s + n]` of `text`, whose hash is `h`.
    #[inline(always)]
    fn may_start(&self, text: &str, s: usize, n: usize, h: u64) -> bool {
        self.firsts.contains(h) && self.completes(text, s + n, h)
    }

    /// Whether a key can start with a first word hashed `h` that ends at `e`: either it is
    /// one on its own, or the text's next word completes one of the pairs that begin with it.
    #[inline(never)]
    fn completes(&self, text: &str, e: usize, h: u64) -> bool {
        if self.singles.contains(h) {
            return true;
        }
        if text.as_bytes().get(e) != Some(&b' ') {
            return false;
        }
        let n2 = word_len(text, e + 1);
        n2 > 0
            && self
                .pairs
                .contains(pair_hash(h, word_hash(text.as_bytes(), e + 1, n2)))
    }

    /// Asks the filters about the word `text[s..s + n]` and calls `f` if it passes and is not
    /// before `skip_to`.
    #[inline(always)]
    fn word(
        &self,
        text: &str,
        s: usize,
        n: usize,
        skip_to: &mut usize,
        f: &mut impl FnMut(usize, Shard) -> usize,
    ) {
        if s >= *skip_to {
            let h = word_hash(text.as_bytes(), s, n);
            if self.may_start(text, s, n, h) {
                *skip_to = f(s, Shard::of(h));
            }
        }
    }

    /// Calls `f` with every folded offset where a key may start, in increasing order. `f`
    /// returns the offset before which later starts are of no interest (the end of a mention
    /// it took), so the gate skips over them.
    pub fn starts(&self, text: &str, mut f: impl FnMut(usize, Shard) -> usize) {
        let b = text.as_bytes();
        let mut i = 0;
        let mut prev_word = false;
        let mut skip_to = 0;
        while i < b.len() {
            if self.odd_starts.is_empty() && i + 64 <= b.len() {
                // The common case, 64 bytes at a time: the word starts come from a mask of ASCII
                // word characters, with no branch per byte, up to the first non-ASCII byte
                // (curly quotes, Arabic), from where one step goes a character at a time.
                let (words, ascii_end) = chunk_masks(b, i);
                let mut starts = words & !((words << 1) | u64::from(prev_word));
                starts &= not_before(skip_to, i) & !u64::MAX.checked_shl(ascii_end).unwrap_or(0);
                let ascii_end = ascii_end as usize;
                let mut next = i + ascii_end;
                prev_word = ascii_end == 64 && words >> 63 == 1;
                while starts != 0 {
                    let k = starts.trailing_zeros() as usize;
                    let mut n = (!(words >> k)).trailing_zeros() as usize;
                    if k + n >= ascii_end {
                        if ascii_end < 64 {
                            // The word touches a non-ASCII character: it goes a character at a
                            // time, with what follows.
                            next = i + k;
                            prev_word = false;
                            break;
                        }
                        // The word runs on past the chunk (perhaps into non-ASCII letters).
                        n = word_len(text, i + k);
                        next = i + k + n;
                    }
                    starts &= starts - 1;
                    let h = word_hash(b, i + k, n);
                    if self.may_start(text, i + k, n, h) {
                        skip_to = f(i + k, Shard::of(h));
                        starts &= not_before(skip_to, i);
                    }
                }
                i = next;
                if ascii_end == 64 {
                    continue;
                }
            }
            // One run of non-word characters or one word, a character at a time.
            let c = b[i];
            if ASCII_CLASS[c as usize] == NON_WORD && self.odd_starts.is_empty() {
                // ASCII punctuation and spaces between words.
                i += 1;
                while i < b.len() && ASCII_CLASS[b[i] as usize] == NON_WORD {
                    i += 1;
                }
                prev_word = false;
                continue;
            }
            let non_word = if c < 0x80 {
                (ASCII_CLASS[c as usize] == NON_WORD).then_some((c as char, 1))
            } else {
                let ch = text[i..].chars().next().unwrap_or('\u{FFFD}');
                (!is_word_char(ch)).then_some((ch, ch.len_utf8()))
            };
            if let Some((ch, len)) = non_word {
                if !prev_word && i >= skip_to && self.odd_starts.contains(&ch) {
                    skip_to = f(i, Shard::ODD);
                }
                prev_word = false;
                i += len;
                continue;
            }
            let n = word_len(text, i);
            let end = i + n;
            self.word(text, i, n, &mut skip_to, &mut f);
            if c >= 0x80
                && text[i..]
                    .chars()
                    .next()
                    .is_some_and(arabic::is_arabic_letter)
            {
                // After proclitics: the rest of the word may begin a key.
                for off in arabic::proclitic_splits(&text[i..end]) {
                    self.word(text, i + off, end - i - off, &mut skip_to, &mut f);
                }
            }
            prev_word = true;
            i = end;
        }
    }
}

/// The bits of a chunk starting at `i` for the offsets from `skip_to` on.
#[inline]
fn not_before(skip_to: usize, i: usize) -> u64 {
    u64::MAX
        .checked_shl(skip_to.saturating_sub(i) as u32)
        .unwrap_or(0)
}

/// The ASCII word characters among `b[i..i + 64]` (bit `k` for byte `i + k`), and how many
/// bytes from `i` are ASCII (64 when all are).
#[inline]
fn chunk_masks(b: &[u8], i: usize) -> (u64, u32) {
    let mut words = 0u64;
    let mut high = 0u64;
    for k in 0..8 {
        let x = swar::load(b, i + 8 * k);
        words |= u64::from(swar::bits(swar::alnum(x))) << (8 * k);
        high |= x;
    }
    if swar::ascii(high) == swar::HIGH {
        return (words, 64);
    }
    let mut end = 0;
    loop {
        let high = swar::load(b, i + end as usize) & swar::HIGH;
        if high != 0 {
            return (words, end + swar::first(high) as u32);
        }
        end += 8;
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
