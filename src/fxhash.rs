//! A small, fast, non-cryptographic hasher for short keys (words, folded names) in tables that
//! the input cannot grow: the multiply-rotate scheme of rustc's FxHasher. SipHash, the standard
//! library's default, is built to resist flooding attacks on tables filled from untrusted input,
//! and costs several times more per short word.

use std::hash::{BuildHasherDefault, Hasher};

const K: u64 = 0xF135_7AEA_2E62_A9C5;

/// Multiply-rotate hasher, eight bytes at a time.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl FxHasher {
    #[inline]
    fn add(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(26) ^ v).wrapping_mul(K);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap_or([0; 8])));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
        self.add(bytes.len() as u64);
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // A final avalanche, so that the high bits (a directory index in the fuzzy index)
        // depend on every input byte.
        let mut x = self.0;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x
    }
}

/// Builds [`FxHasher`]s, for `HashMap<K, V, FxBuild>`.
/// Where each of the `1 << bits` buckets starts in a list sorted by bucket (and, last, the end),
/// from the bucket of each item: the directory of a table of hashes kept sorted.
pub(crate) fn bucket_starts(buckets: impl Iterator<Item = usize>, bits: u32) -> Vec<u32> {
    let mut starts = vec![0u32; (1usize << bits) + 1];
    for b in buckets {
        starts[b + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    starts
}

pub(crate) type FxBuild = BuildHasherDefault<FxHasher>;
/// A hash map with [`FxHasher`].
pub(crate) type FxMap<K, V> = std::collections::HashMap<K, V, FxBuild>;
/// A hash set with [`FxHasher`].
pub(crate) type FxSet<K> = std::collections::HashSet<K, FxBuild>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn tells_short_words_apart() {
        let words = [
            "a", "al", "la", "ab", "ba", "abu", "abū", "", "said", "saïd",
        ];
        let hashes: HashSet<u64> = words
            .iter()
            .map(|w| {
                let mut h = FxHasher::default();
                h.write(w.as_bytes());
                h.finish()
            })
            .collect();
        assert_eq!(hashes.len(), words.len());
    }
}
