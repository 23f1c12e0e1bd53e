//! A fixed-size set of small integers, the unit of the reachability computation.

use serde::{Deserialize, Serialize};

/// Serialised as its words, one bit a member.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BitSet {
    words: Vec<u64>,
}

impl BitSet {
    pub fn new(len: usize) -> Self {
        Self {
            words: vec![0; len.div_ceil(64)],
        }
    }

    pub fn insert(&mut self, i: usize) {
        if let Some(word) = self.words.get_mut(i / 64) {
            *word |= 1 << (i % 64);
        }
    }

    pub fn contains(&self, i: usize) -> bool {
        self.words
            .get(i / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    pub fn union_with(&mut self, other: &BitSet) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= b;
        }
    }

    /// Adds the members of `a ∩ b`.
    pub fn union_with_intersection(&mut self, a: &BitSet, b: &BitSet) {
        for ((out, a), b) in self.words.iter_mut().zip(&a.words).zip(&b.words) {
            *out |= a & b;
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(w, &word)| {
            (0..64)
                .filter(move |b| word & (1 << b) != 0)
                .map(move |b| w * 64 + b)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_hold_what_is_inserted() {
        let mut a = BitSet::new(130);
        a.insert(0);
        a.insert(129);
        a.insert(500);
        assert!(a.contains(0) && a.contains(129));
        assert!(!a.contains(1) && !a.contains(500));
        assert_eq!(a.iter().collect::<Vec<_>>(), [0, 129]);
        let mut b = BitSet::new(130);
        b.union_with_intersection(&a, &a.clone());
        assert_eq!(b, a);
        let mut d = BitSet::new(130);
        d.union_with_intersection(&a, &BitSet::new(130));
        assert_eq!(d.iter().count(), 0);
        let mut c = BitSet::new(130);
        c.insert(5);
        c.union_with(&a);
        assert_eq!(c.iter().count(), 3);
    }
}
