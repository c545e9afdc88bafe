//! The keys of a shard grouped by first word, for the starts the gate lets through.
//!
//! At a start the gate passes, the text's word there is the first word of any key that can
//! yield a mention (see [`super::gate`]): a key with a shorter first word either is that word's
//! prefix, ending inside the text's word (never a valid occurrence), or does not match at all.
//! Most first words begin one to a few keys ("baghdad", "baghdad international airport"), so
//! comparing those keys with the text gives every occurrence that can count, with a comparison
//! or two, instead of a walk down an automaton whose states are scattered over memory (and
//! which must first be built). Groups of many keys ("al", "abu" in a large lexicon) are left to
//! the shard's automaton.
//!
//! Groups are by the gate's hash of the first word ([`Shard`]), not the word itself: a key of
//! another first word with the same hash only matches where it ends inside the text's word, and
//! is shorter than every key that begins with the text's word, so the occurrences that can
//! count, and their order, are the same as the automaton's.

use super::gate::Shard;

/// Keys of a group compared one by one; larger groups use the automaton.
const MAX_GROUP: usize = 16;

/// The groups of one shard's keys, built the first time a start needs the shard.
#[derive(Debug, Default)]
pub(crate) struct Groups {
    /// Each group's first-word hash and its keys, `order[start..end]`, sorted by hash;
    /// `start == BIG` for a group left to the automaton.
    groups: Vec<(u64, u32, u32)>,
    /// Key indices in the shard, group by group, each group's shortest first.
    order: Vec<u32>,
}

const BIG: u32 = u32::MAX;

impl Groups {
    /// Groups a shard's keys by the hash of their first word (`firsts`); `ends` are where the
    /// keys end in the shard's text (so their lengths). Keys without a first word are not
    /// grouped.
    pub fn new(firsts: &[Shard], ends: &[u32]) -> Groups {
        let mut all: Vec<(u64, u32, u32)> = firsts
            .iter()
            .zip(ends)
            .enumerate()
            .filter(|&(_, (&s, _))| s != Shard::ODD)
            .map(|(i, (s, &end))| {
                let start = if i == 0 { 0 } else { ends[i - 1] };
                (s.bits(), end - start, i as u32)
            })
            .collect();
        // By group, shortest first.
        all.sort_unstable();
        let mut g = Groups::default();
        for group in all.chunk_by(|a, b| a.0 == b.0) {
            if group.len() > MAX_GROUP {
                g.groups.push((group[0].0, BIG, BIG));
            } else {
                let start = g.order.len() as u32;
                g.order.extend(group.iter().map(|&(_, _, i)| i));
                g.groups.push((group[0].0, start, g.order.len() as u32));
            }
        }
        g
    }

    /// The indices of the keys whose first word has the hash of `shard`, shortest first (none
    /// when no key begins with it); `None` for a large group, which the automaton searches.
    #[inline]
    pub fn keys(&self, shard: Shard) -> Option<&[u32]> {
        let Ok(k) = self.groups.binary_search_by_key(&shard.bits(), |g| g.0) else {
            return Some(&[]);
        };
        let (_, start, end) = self.groups[k];
        (start != BIG).then(|| &self.order[start as usize..end as usize])
    }
}
