//! What the worker keeps from one request to the next of an exchange: the
//! menus chips opened, the keys offered for saving, the advice for revoke
//! dialogs, the fields a key went into. Few at a time and only in the
//! worker's memory (Chrome stopping the worker forgets them); past a bound
//! the oldest goes, so no page can grow them without end.
//!
//! A list searched from the end rather than a map: a handful of entries,
//! and each kind of map is its own copy of the B-tree code in the wasm file.

/// How many entries of one kind are kept.
const LIMIT: usize = 64;

#[derive(Debug)]
pub struct Recent<K, V> {
    /// Oldest first.
    entries: Vec<(K, V)>,
}

impl<K, V> Default for Recent<K, V> {
    fn default() -> Self {
        Recent { entries: Vec::new() }
    }
}

impl<K: PartialEq, V> Recent<K, V> {
    /// Keeps `value` under `key`, in place of what it held; the oldest entry
    /// goes when the list is full.
    pub fn insert(&mut self, key: K, value: V) {
        self.remove(&key);
        if self.entries.len() == LIMIT {
            self.entries.remove(0);
        }
        self.entries.push((key, value));
    }

    pub fn get(&self, key: &K) -> Option<&V> {
        self.entries.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn remove(&mut self, key: &K) -> Option<V> {
        let at = self.entries.iter().rposition(|(k, _)| k == key)?;
        Some(self.entries.remove(at).1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_replaces_removes_and_forgets_the_oldest() {
        let mut recent = Recent::default();
        recent.insert("a", 1);
        recent.insert("b", 2);
        recent.insert("a", 3);
        assert_eq!((recent.get(&"a"), recent.get(&"b")), (Some(&3), Some(&2)));
        assert_eq!(recent.remove(&"b"), Some(2));
        assert_eq!(recent.get(&"b"), None);
        assert_eq!(recent.remove(&"b"), None);
        for i in 0..LIMIT {
            recent.insert(["x", "y"][i % 2], i);
            recent.insert(Box::leak(format!("k{i}").into_boxed_str()), i);
        }
        assert_eq!(recent.entries.len(), LIMIT);
        assert_eq!(recent.get(&"a"), None, "the oldest went first");
        assert_eq!(recent.get(&"k63"), Some(&63));
    }
}
