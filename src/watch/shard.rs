//! Splitting repos between replicas: `--shard K/N` makes this process reconcile the repos
//! whose name hashes to K modulo N (K from 0 to N-1). The hash is the first eight bytes of
//! the SHA-256 of the repo's name, so every replica, of any version, on any machine, agrees
//! without talking to the others; the comment being the state, no coordination is needed.

use sha2::{Digest, Sha256};

/// This replica's part of the repos.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl Shard {
    /// Whether this shard reconciles the repo named `name`.
    pub fn owns(&self, name: &str) -> bool {
        stable_hash(name) % self.count == self.index
    }
}

/// A hash of `name` that never changes between runs, builds or machines.
pub(crate) fn stable_hash(name: &str) -> u64 {
    let digest = Sha256::digest(name.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(first)
}

impl std::str::FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("--shard expects K/N with 0 <= K < N (such as 0/3), got \"{s}\"");
        let (k, n) = s.trim().split_once('/').ok_or_else(bad)?;
        let index: u64 = k.trim().parse().map_err(|_| bad())?;
        let count: u64 = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index >= count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_repo_has_exactly_one_shard() {
        let shards: Vec<Shard> = (0..3).map(|k| format!("{k}/3").parse().unwrap()).collect();
        for i in 0..200 {
            let name = format!("repo-{i}");
            assert_eq!(shards.iter().filter(|s| s.owns(&name)).count(), 1);
        }
        let per_shard: Vec<usize> = shards
            .iter()
            .map(|s| (0..300).filter(|i| s.owns(&format!("repo-{i}"))).count())
            .collect();
        assert!(
            per_shard.iter().all(|n| (70..130).contains(n)),
            "{per_shard:?}"
        );
    }

    #[test]
    fn the_hash_is_stable() {
        // The first 8 bytes of SHA-256("infra"), fixed forever: replicas must agree.
        assert_eq!(stable_hash("infra"), 0xeb0d_e251_ac21_fb67);
        for bad in ["3/3", "1", "a/2", "0/0"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }
}
