//! A stable sort that is small in the wasm file.
//!
//! The standard library's stable sort is generic: each type it sorts adds
//! its own copy, about 4 KB of wasm each. Here the comparison is done once,
//! on `i64` keys by index (a bottom-up merge sort, not generic), and only
//! the short permutation is per type.

/// `items` ordered by `key`, ascending; items with equal keys keep their order.
pub fn sorted_by_key<T>(items: Vec<T>, key: impl Fn(&T) -> i64) -> Vec<T> {
    let keys: Vec<i64> = items.iter().map(key).collect();
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    stable_order(&keys).into_iter().filter_map(|i| slots[i].take()).collect()
}

/// The indices of `keys` in ascending order of key, equal keys in index order.
fn stable_order(keys: &[i64]) -> Vec<usize> {
    let len = keys.len();
    let mut order: Vec<usize> = (0..len).collect();
    let mut merged = order.clone();
    let mut width = 1;
    while width < len {
        for start in (0..len).step_by(2 * width) {
            let mid = (start + width).min(len);
            let end = (start + 2 * width).min(len);
            let (mut left, mut right) = (start, mid);
            for slot in &mut merged[start..end] {
                // `<=`: on a tie the left run's item, which came first, goes first.
                let take_left = right >= end || (left < mid && keys[order[left]] <= keys[order[right]]);
                if take_left {
                    *slot = order[left];
                    left += 1;
                } else {
                    *slot = order[right];
                    right += 1;
                }
            }
        }
        std::mem::swap(&mut order, &mut merged);
        width *= 2;
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_like_the_standard_stable_sort() {
        let cases: Vec<Vec<i64>> = vec![
            vec![],
            vec![7],
            vec![2, 1],
            vec![1, 1, 1],
            vec![3, 1, 2, 1, 3, 0, i64::MAX, i64::MIN, 2],
            (0..100).rev().collect(),
            (0..257).map(|i| (i * 7919) % 13).collect(),
        ];
        for keys in cases {
            // Each item carries its first position, so stability shows.
            let items: Vec<(i64, usize)> = keys.iter().copied().zip(0..).collect();
            let mut expected = items.clone();
            expected.sort_by_key(|item| item.0);
            assert_eq!(sorted_by_key(items, |item| item.0), expected, "{keys:?}");
        }
    }
}
