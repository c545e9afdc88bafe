//! The keys grouped by first word, for the starts the gate lets through.
//!
//! At a start the gate passes, the text's word there is the first word of any key that can
//! yield a mention (see [`super::gate`]): a key with a shorter first word either is that word's
//! prefix, ending inside the text's word (never a valid occurrence), or does not match at all.
//! Most first words begin one to a few keys ("baghdad", "baghdad international airport"), so
//! comparing those keys with the text gives every occurrence that can count: one lookup in a
//! flat table and a comparison or two, with the group's keys side by side in memory, instead of
//! a walk down an automaton whose states are scattered over memory (and which must first be
//! built). Groups of many keys ("al", "abu" in a large lexicon) and keys without a first word
//! are left to the shard automata.
//!
//! Groups are by the gate's hash of the first word ([`Shard`]), not the word itself: a key of
//! another first word with the same hash only matches where it ends inside the text's word, and
//! is shorter than every key that begins with the text's word, so the occurrences that can
//! count, and their order, are the same as the automaton's.

use super::ShardAutomaton;
use super::gate::Shard;

/// Keys of a group compared one by one; larger groups use the automaton.
const MAX_GROUP: usize = 16;

#[derive(Debug, Default)]
pub(crate) struct Groups {
    /// Open addressing by the first-word hash, at most half full.
    slots: Vec<Slot>,
    /// Bits of a slot index.
    bits: u32,
    /// The keys of the small groups, end to end, group by group, each group's shortest first.
    text: Vec<u8>,
    /// Each of those keys' start in `text`, length and pattern.
    keys: Vec<(u32, u32, u32)>,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    /// The first-word hash; [`Shard::ODD`]'s (never grouped) in a free slot.
    shard: Shard,
    /// The group's keys, `keys[first..last]`; `first == BIG` for a group left to the
    /// automaton.
    first: u32,
    last: u32,
}

const BIG: u32 = u32::MAX;

impl Groups {
    /// Groups the keys of `shards` by the hash of their first word.
    pub fn new(shards: &[ShardAutomaton]) -> Groups {
        // Where each shard's keys start in the order of all keys, shard after shard.
        let mut offsets = Vec::with_capacity(shards.len() + 1);
        offsets.push(0u32);
        for sh in shards {
            offsets.push(offsets[offsets.len() - 1] + sh.patterns.len() as u32);
        }
        let key = |at: u32| -> (&str, u32) {
            let si = offsets.partition_point(|&o| o <= at) - 1;
            let i = (at - offsets[si]) as usize;
            (shards[si].key(i), shards[si].patterns[i])
        };
        // By group, shortest first, as one number per key: (hash, length, place) in 52 + 32 +
        // 32 bits. (Nothing else per key: a lexicon of half a million keys is sorted in 8 MB.)
        let mut order: Vec<u128> = Vec::new();
        for (sh, &start) in shards.iter().zip(&offsets) {
            for (i, (&first, k)) in sh.firsts.iter().zip(sh.keys()).enumerate() {
                if first != Shard::ODD {
                    let len = k.len() as u32;
                    order.push(
                        (u128::from(first.bits()) << 64)
                            | (u128::from(len) << 32)
                            | u128::from(start + i as u32),
                    );
                }
            }
        }
        order.sort_unstable();
        let bits_of = |o: u128| (o >> 64) as u64;
        let groups = order.chunk_by(|a, b| bits_of(*a) == bits_of(*b)).count();
        let bits = (groups * 2).max(2).next_power_of_two().trailing_zeros();
        let free = Slot {
            shard: Shard::ODD,
            first: 0,
            last: 0,
        };
        let mut g = Groups {
            slots: vec![free; 1 << bits],
            bits,
            text: Vec::new(),
            keys: Vec::new(),
        };
        for group in order.chunk_by(|a, b| bits_of(*a) == bits_of(*b)) {
            let shard = Shard::from_bits(bits_of(group[0]));
            let (first, last) = if group.len() > MAX_GROUP {
                (BIG, BIG)
            } else {
                let first = g.keys.len() as u32;
                for &o in group {
                    let (k, p) = key(o as u32);
                    g.keys.push((g.text.len() as u32, k.len() as u32, p));
                    g.text.extend_from_slice(k.as_bytes());
                }
                (first, g.keys.len() as u32)
            };
            let mut i = g.index(shard);
            while g.slots[i].shard != Shard::ODD {
                i = (i + 1) & (g.slots.len() - 1);
            }
            g.slots[i] = Slot { shard, first, last };
        }
        g
    }

    #[inline]
    fn index(&self, shard: Shard) -> usize {
        (shard.bits().wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - self.bits)) as usize
    }

    /// Every key of the group of first words hashed as `shard` that is a prefix of `text[s..]`,
    /// as (end in `text`, pattern), shortest first, into `out`. Returns `false`, and leaves
    /// `out` alone, for a large group and for keys without a first word: the automaton
    /// searches those.
    #[inline]
    pub fn prefix_keys(
        &self,
        shard: Shard,
        text: &[u8],
        s: usize,
        out: &mut Vec<(usize, u32)>,
    ) -> bool {
        if shard == Shard::ODD {
            return false;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.index(shard);
        let slot = loop {
            let slot = self.slots[i];
            if slot.shard == shard {
                break slot;
            }
            if slot.shard == Shard::ODD {
                // No key begins with this word.
                out.clear();
                return true;
            }
            i = (i + 1) & mask;
        };
        if slot.first == BIG {
            return false;
        }
        out.clear();
        let rest = &text[s..];
        for &(start, len, p) in &self.keys[slot.first as usize..slot.last as usize] {
            let key = &self.text[start as usize..(start + len) as usize];
            if rest.starts_with(key) {
                out.push((s + len as usize, p));
            }
        }
        true
    }
}
