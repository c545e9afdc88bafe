//! The words of a folded record, found fast: the word gate looks at every one of them, and so
//! does the token pass of the later tiers.
//!
//! A word is a maximal run of word characters ([`is_word_char`]). ASCII text goes 64 bytes at a
//! time: a mask of word characters ([`crate::swar`]) gives every word start and length with no
//! branch per byte, up to the first non-ASCII byte of the chunk (curly quotes, Arabic); from
//! there one word or one non-word character goes a character at a time.

use crate::fold::is_word_char;
use crate::swar;

/// Byte length of the word starting at `i` (a word character) in `text`.
#[inline]
pub(crate) fn word_len(text: &str, i: usize) -> usize {
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

/// The words of `text` as `(start, len)` in byte offsets, in order.
pub(crate) struct Words<'t> {
    text: &'t str,
    /// Where the search goes on when the chunk's words are used up; never inside a word.
    next: usize,
    /// The chunk being read: its offset, its word characters, the starts not yet returned, and
    /// how many of its bytes are ASCII.
    base: usize,
    words: u64,
    starts: u64,
    ascii_end: usize,
    /// The chunk's bytes and the eight after them (zeros past the end of the text), so that
    /// the first eight bytes of any of its words load with no bounds check and no branch.
    bytes: [u8; CHUNK_BYTES],
}

/// A chunk and the eight bytes after it.
const CHUNK_BYTES: usize = 64 + 8;

impl<'t> Words<'t> {
    pub fn new(text: &'t str) -> Words<'t> {
        Words {
            text,
            next: 0,
            base: 0,
            words: 0,
            starts: 0,
            // No chunk read yet: nothing is known.
            ascii_end: 0,
            bytes: [0; CHUNK_BYTES],
        }
    }

    /// The text the words are of.
    pub fn text(&self) -> &'t str {
        self.text
    }

    /// The length of the word at `pos` (0 when none starts there), when the chunk being read
    /// tells it: `pos` and the end of its word are in the chunk's ASCII part.
    #[inline]
    pub fn len_at(&self, pos: usize) -> Option<usize> {
        let k = pos.checked_sub(self.base)?;
        if k >= self.ascii_end {
            return None;
        }
        let n = (!(self.words >> k)).trailing_zeros() as usize;
        (k + n < self.ascii_end).then_some(n)
    }

    /// Takes the starts of the chunk's words that end inside its ASCII part, all at once, as
    /// `(offset of the chunk, starts, word characters)`: bit `k` of `starts` is a word at
    /// offset + k whose length is the run of set bits of the word characters from `k`. What
    /// is left (a last word that runs on) comes from [`Iterator::next`] as before.
    #[inline]
    pub fn take_inner(&mut self) -> Option<(usize, u64, u64)> {
        let mut inner = self.starts;
        if inner == 0 {
            return None;
        }
        if self.ascii_end > 0 && (self.words >> (self.ascii_end - 1)) & 1 == 1 {
            // The last word reaches the end of the ASCII part, and perhaps goes on.
            inner &= !(1u64 << (63 - inner.leading_zeros()));
            if inner == 0 {
                return None;
            }
        }
        self.starts &= !inner;
        Some((self.base, inner, self.words))
    }

    /// Loads the next chunk once [`Words::take_inner`] has nothing left to take: from the start
    /// of the chunk's last word when that word runs on to its end, so that the word is whole
    /// in the new chunk, else from where the search goes on. Every word of ASCII text then
    /// comes out of `take_inner`. Returns `false`, and changes nothing, where words must come
    /// from [`Iterator::next`]: at the end of the text, at a non-ASCII byte, and for a word
    /// that fills a whole chunk.
    #[inline]
    pub fn refill(&mut self) -> bool {
        let mut at = self.next;
        if self.starts != 0 {
            let k = self.starts.trailing_zeros() as usize;
            // Only the last word can be left, and only one that reaches the chunk's end
            // (`ascii_end` would stop it earlier) and does not begin it.
            if self.starts & (self.starts - 1) != 0 || self.ascii_end != 64 || k == 0 {
                return false;
            }
            at = self.base + k;
        }
        if self.text.as_bytes().get(at).is_none_or(|&b| b >= 0x80) {
            return false;
        }
        self.next = at;
        self.load_chunk();
        true
    }

    /// The first eight bytes at offset `k` of the chunk that [`Words::take_inner`] last
    /// returned, little-endian, as [`crate::swar::load`] reads them from the text.
    #[inline]
    pub fn load_in_chunk(&self, k: usize) -> u64 {
        let k = k & 63;
        let mut w = [0u8; 8];
        w.copy_from_slice(&self.bytes[k..k + 8]);
        u64::from_le_bytes(w)
    }

    /// Leaves out the words that start before `pos`, which is not inside a word.
    #[inline]
    pub fn skip_to(&mut self, pos: usize) {
        self.starts &= u64::MAX
            .checked_shl(pos.saturating_sub(self.base) as u32)
            .unwrap_or(0);
        self.next = self.next.max(pos);
    }

    /// Reads the 64 bytes at `next` into the chunk.
    ///
    /// Never inlined: copies inlined into some callers were compiled with a call to `memcpy`
    /// per eight bytes, and which callers got them changed from build to build (callgrind,
    /// `tag --tiers none` on 10 MB: 367M instructions or 416M for the same source). A call per
    /// 64 bytes costs little.
    #[inline(never)]
    fn load_chunk(&mut self) {
        let b = self.text.as_bytes();
        let i = self.next;
        let mut words = 0u64;
        let mut high = 0u8;
        // One bounds check for the whole chunk (or a copy of the text's last bytes). The
        // byte classes are written byte by byte, which the compiler turns into a few vector
        // operations; each eight of them are then gathered into eight bits.
        let chunk = &mut self.bytes;
        if let Some(c) = b.get(i..i + CHUNK_BYTES) {
            chunk.copy_from_slice(c);
        } else {
            // The end of the text: the zeros after it are not word characters, so its last
            // word ends there (a record's last 64 bytes went a character at a time before).
            let tail = b.get(i..).unwrap_or(&[]);
            chunk[..tail.len()].copy_from_slice(tail);
            chunk[tail.len()..].fill(0);
        }
        let mut class = [0u8; 64];
        for (c, &x) in class.iter_mut().zip(&chunk[..64]) {
            *c = u8::from(x.is_ascii_alphanumeric()) << 7;
            high |= x;
        }
        for (k, eight) in class.chunks_exact(8).enumerate() {
            let mut w = [0u8; 8];
            w.copy_from_slice(eight);
            words |= u64::from(swar::bits(u64::from_le_bytes(w))) << (8 * k);
        }
        let mut ascii_end = 64;
        if high >= 0x80 {
            ascii_end = 0;
            loop {
                let high = swar::load(b, i + ascii_end) & swar::HIGH;
                if high != 0 {
                    ascii_end += swar::first(high);
                    break;
                }
                ascii_end += 8;
            }
        }
        // `next` is never inside a word, so a word character at its offset starts a word.
        let starts = words & !(words << 1);
        self.base = i;
        self.words = words;
        self.ascii_end = ascii_end;
        self.starts = starts & !u64::MAX.checked_shl(ascii_end as u32).unwrap_or(0);
        self.next = i + ascii_end;
    }
}

impl Words<'_> {
    /// Everything but the common case of [`Iterator::next`]: the chunk's last word when it runs
    /// on, a new chunk, or a step a character at a time.
    #[inline(never)]
    fn next_slow(&mut self) -> Option<(usize, usize)> {
        let b = self.text.as_bytes();
        loop {
            if self.starts != 0 {
                let k = self.starts.trailing_zeros() as usize;
                self.starts &= self.starts - 1;
                let n = (!(self.words >> k)).trailing_zeros() as usize;
                if k + n < self.ascii_end {
                    return Some((self.base + k, n));
                }
                let s = self.base + k;
                let end = self.base + 64;
                if k + n == 64 && end < b.len() && b[end] < 0x80 {
                    // The word runs on past the chunk: the next chunk, read right after this
                    // one, says how far. Its first bits are the rest of this word, not a start.
                    self.next = end;
                    self.load_chunk();
                    let m = (!self.words).trailing_zeros() as usize;
                    if m < self.ascii_end {
                        self.starts &= !1;
                        return Some((s, n + m));
                    }
                }
                // The word runs on to a non-ASCII character, and perhaps on into non-ASCII
                // letters, or through a whole chunk: it is measured a character at a time.
                let n = word_len(self.text, s);
                self.starts = 0;
                self.next = s + n;
                return Some((s, n));
            }
            let i = self.next;
            if i >= b.len() {
                return None;
            }
            if i < b.len() && b[i] < 0x80 {
                self.load_chunk();
                continue;
            }
            // A character at a time: skip one non-word character, or take one word.
            let n = word_len(self.text, i);
            if n > 0 {
                self.next = i + n;
                return Some((i, n));
            }
            self.next += self.text[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
}

impl Iterator for Words<'_> {
    type Item = (usize, usize);

    #[inline(always)]
    fn next(&mut self) -> Option<(usize, usize)> {
        // The common case, kept small enough to inline: the next word of the chunk, which ends
        // inside it.
        if self.starts != 0 {
            let k = self.starts.trailing_zeros() as usize;
            let n = (!(self.words >> k)).trailing_zeros() as usize;
            if k + n < self.ascii_end {
                self.starts &= self.starts - 1;
                return Some((self.base + k, n));
            }
        }
        self.next_slow()
    }
}

#[cfg(test)]
/// Texts for randomized tests: `count` texts of up to 127 of `pieces` each, from an LCG seeded with `seed` (`turn`
/// varies how each text's pieces are drawn from its state).
pub(crate) fn random_texts<'p>(
    pieces: &'p [&'p str],
    mut seed: u64,
    turn: u32,
    count: usize,
) -> impl Iterator<Item = String> + 'p {
    (0..count).map(move |_| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
        (0..(seed >> 57) as u32)
            .map(|k| pieces[(seed.rotate_left(turn * k) >> 40) as usize % pieces.len()])
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words, a character at a time.
    fn reference(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (is_word_char(c), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    out.push((s, i - s));
                    start = None;
                }
                _ => {}
            }
        }
        out
    }

    #[test]
    fn agrees_with_a_character_at_a_time() {
        let pieces = [
            "al",
            "fayyadh",
            " ",
            "  ",
            ", ",
            "“",
            "”",
            "بغداد",
            "و",
            "x",
            "administration",
            "ωmega",
            "9",
            "-",
            "東京",
            "\u{301}",
        ];
        for text in random_texts(&pieces, 0x9E37_79B9_7F4A_7C15, 5, 3000) {
            assert_eq!(
                Words::new(&text).collect::<Vec<_>>(),
                reference(&text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn len_at_agrees_with_word_len() {
        let pieces = [
            "al",
            "fayyadh",
            " ",
            "  ",
            "“",
            "بغداد",
            "x",
            "administration",
            "9",
            "-",
        ];
        for text in random_texts(&pieces, 0x2545_F491_4F6C_DD1D, 7, 2000) {
            let mut words = Words::new(&text);
            let at = |words: &Words, pos: usize| {
                if let Some(n) = words.len_at(pos) {
                    assert_eq!(n, word_len(&text, pos), "{pos} in {text:?}");
                }
            };
            at(&words, 0);
            while let Some((s, n)) = words.next() {
                for pos in [s, s + n, s + n + 1] {
                    if text.is_char_boundary(pos.min(text.len())) {
                        at(&words, pos);
                    }
                }
            }
        }
    }

    #[test]
    fn skip_to_leaves_out_earlier_words() {
        let text = "one two three four ".repeat(10);
        let mut words = Words::new(&text);
        let mut got = Vec::new();
        while let Some((s, n)) = words.next() {
            got.push(&text[s..s + n]);
            if got.len() == 1 {
                // Skip "two" (4..7): the next word is "three".
                words.skip_to(8);
            }
            if got.len() == 3 {
                // Well past the first chunk.
                words.skip_to(text.len() - 5);
            }
        }
        assert_eq!(got, ["one", "three", "four", "four"]);
    }
}
