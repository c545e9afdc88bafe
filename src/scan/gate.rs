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
//! Keys that start with a character that is not a word character (rare: `(`, `#`) have no first
//! word; their first characters are kept in a short list, and every such character that follows
//! a non-word character is a candidate start too.
//!
//! The filter may let through a word that begins no key (a false positive costs one anchored
//! search); it never stops a word that does.

use crate::fold::{arabic, is_word_char};

/// A Bloom filter over the first words of the keys, plus the first characters of keys that do
/// not start with a word character.
#[derive(Debug)]
pub(crate) struct Gate {
    bits: Vec<u64>,
    /// `bits.len() - 1`; the length is a power of two.
    mask: u64,
    odd_starts: Vec<char>,
}

/// Up to eight bytes of `b` from `i` as a little-endian integer, zero-padded.
#[inline]
fn load(b: &[u8], i: usize, len: usize) -> u64 {
    match b.get(i..i + 8) {
        Some(w) if len >= 8 => u64::from_le_bytes(w.try_into().unwrap_or([0; 8])),
        Some(w) => u64::from_le_bytes(w.try_into().unwrap_or([0; 8])) & ((1u64 << (8 * len)) - 1),
        None => {
            let mut buf = [0u8; 8];
            let n = len.min(8);
            buf[..n].copy_from_slice(&b[i..i + n]);
            u64::from_le_bytes(buf)
        }
    }
}

/// Hashes the word `b[i..i + len]` from its first and last eight bytes and its length: one or
/// two loads per word whatever its length. Words that agree on those collide, which only costs
/// an anchored search.
#[inline]
fn word_hash(b: &[u8], i: usize, len: usize) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = load(b, i, len) ^ (len as u64).wrapping_mul(0xA076_1D64_78BD_642F);
    if len > 8 {
        h = h.wrapping_mul(K).rotate_left(31) ^ load(b, i + len - 8, 8);
    }
    h = h.wrapping_mul(K);
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
        while j < b.len() && ASCII_CLASS[b[j] as usize] == WORD {
            j += 1;
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
    pub fn new<'k>(keys: impl Iterator<Item = &'k str> + Clone) -> Gate {
        let words = keys.clone().count();
        // About 16 bits per key and two probes: a few false positives per thousand words.
        let nbits = (words * 16).next_power_of_two().max(1 << 12);
        let mut gate = Gate {
            bits: vec![0; nbits / 64],
            mask: (nbits / 64) as u64 - 1,
            odd_starts: Vec::new(),
        };
        for key in keys {
            let w = first_word(key);
            if w.is_empty() {
                if let Some(c) = key.chars().next() {
                    if !gate.odd_starts.contains(&c) {
                        gate.odd_starts.push(c);
                    }
                }
            } else {
                let (w, bits) = gate.probe(word_hash(w.as_bytes(), 0, w.len()));
                gate.bits[w] |= bits;
            }
        }
        gate
    }

    /// The filter word for hash `h` and the two bits it sets there (a blocked Bloom filter:
    /// one memory access per lookup).
    #[inline]
    fn probe(&self, h: u64) -> (usize, u64) {
        let word = ((h >> 32) & self.mask) as usize;
        (word, (1 << (h & 63)) | (1 << ((h >> 6) & 63)))
    }

    #[inline]
    fn may_start(&self, h: u64) -> bool {
        let (w, bits) = self.probe(h);
        self.bits[w] & bits == bits
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
            let c = b[i];
            if ASCII_CLASS[c as usize] == NON_WORD && self.odd_starts.is_empty() {
                // The common case: ASCII punctuation and spaces between words.
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
            if i >= skip_to {
                let h = word_hash(b, i, n);
                if self.may_start(h) {
                    skip_to = f(i, Shard::of(h));
                }
            }
            if c >= 0x80
                && text[i..]
                    .chars()
                    .next()
                    .is_some_and(arabic::is_arabic_letter)
            {
                // After proclitics: the rest of the word may begin a key.
                for off in arabic::proclitic_splits(&text[i..end]) {
                    let s = i + off;
                    if s >= skip_to {
                        let h = word_hash(b, s, end - s);
                        if self.may_start(h) {
                            skip_to = f(s, Shard::of(h));
                        }
                    }
                }
            }
            prev_word = true;
            i = end;
        }
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
        let keys = ["al fayyadh", "erbil", "kataib hezbollah"];
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
