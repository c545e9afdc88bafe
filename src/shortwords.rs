//! Sets of a few short ASCII words (articles, particles) asked about for every word of a text:
//! each word is packed into a `u64`, so a lookup is a few integer comparisons instead of a
//! string comparison (and a `memcmp` call) per listed word.

/// Up to `N` words of one to eight ASCII bytes, none of them NUL.
#[derive(Debug)]
pub(crate) struct ShortWords<const N: usize>([u64; N]);

/// `word` packed into a `u64` (zero-padded), if it is one to eight bytes long and holds no
/// NUL byte (which the padding could not tell apart).
#[inline]
const fn pack(word: &[u8]) -> Option<u64> {
    if word.is_empty() || word.len() > 8 {
        return None;
    }
    let mut packed = 0u64;
    let mut i = 0;
    while i < word.len() {
        if word[i] == 0 {
            return None;
        }
        packed |= (word[i] as u64) << (8 * i);
        i += 1;
    }
    Some(packed)
}

impl<const N: usize> ShortWords<N> {
    /// The set of `words`; a word that does not fit stops the build (at compile time for a
    /// constant).
    pub const fn new(words: [&str; N]) -> ShortWords<N> {
        let mut packed = [0u64; N];
        let mut i = 0;
        while i < N {
            packed[i] = match pack(words[i].as_bytes()) {
                Some(p) => p,
                None => panic!("not a short word"),
            };
            i += 1;
        }
        ShortWords(packed)
    }

    /// Whether `word` is one of the set.
    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        pack(word.as_bytes()).is_some_and(|p| self.0.contains(&p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contains_exactly_the_listed_words() {
        const SET: ShortWords<4> = ShortWords::new(["al", "a", "abdullah", "el"]);
        for w in ["al", "a", "abdullah", "el"] {
            assert!(SET.contains(w), "{w}");
        }
        for w in [
            "",
            "l",
            "alx",
            "a\0",
            "al\0",
            "abdullahs",
            "abdulla",
            "e",
            "AL",
            "ال",
        ] {
            assert!(!SET.contains(w), "{w:?}");
        }
    }
}
