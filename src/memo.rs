//! Per-thread memos of pure functions of text. Contracts share vocabulary and
//! boilerplate (the same limitation-of-liability sentence recurs across a
//! vendor's agreements), so a bulk audit computes each distinct input once
//! per worker thread instead of once per document.

use std::borrow::Borrow;
use std::cell::RefCell;
use std::hash::Hash;
use std::thread::LocalKey;

use rustc_hash::FxHashMap;

/// A thread's memo: declare with `thread_local!` and read with `cached`.
pub type Memo<K, V> = RefCell<FxHashMap<K, V>>;

/// A thread's memo keyed by a number that stands for its input (a term's
/// `uid`): read with `cached_by_id`, which neither hashes nor compares text.
pub type IdMemo<V> = RefCell<FxHashMap<u64, V>>;

/// `compute()` for `key`, from `memo` when this thread has seen `key` before.
/// The memo is emptied when it passes `limit` entries, which bounds memory
/// without the bookkeeping of an LRU (a long audit just warms it again).
pub fn cached<K, V>(memo: &'static LocalKey<Memo<K, V>>, key: &str, limit: usize, compute: impl FnOnce() -> V) -> V
where
    K: Borrow<str> + for<'a> From<&'a str> + Hash + Eq + 'static,
    V: Clone + 'static,
{
    memo.with(|cell| cached_cell(cell, key, || K::from(key), limit, compute))
}

/// `cached` for an input known by its number `id`. Facts about a pack's terms
/// are asked for every clause judged, and hashing the reference wording and
/// comparing it with the memo's copy read two cold strings each time.
pub fn cached_by_id<V: Clone + 'static>(
    memo: &'static LocalKey<IdMemo<V>>,
    id: u64,
    limit: usize,
    compute: impl FnOnce() -> V,
) -> V {
    memo.with(|cell| cached_cell(cell, &id, || id, limit, compute))
}

/// The lookup of `cached` and `cached_by_id`: `owned` makes the memo's key
/// from `key` when the value is new. No borrow is held while `compute` runs:
/// it may ask this memo too.
fn cached_cell<K, Q, V>(
    cell: &RefCell<FxHashMap<K, V>>,
    key: &Q,
    owned: impl FnOnce() -> K,
    limit: usize,
    compute: impl FnOnce() -> V,
) -> V
where
    K: Borrow<Q> + Hash + Eq,
    Q: Hash + Eq + ?Sized,
    V: Clone,
{
    if let Some(v) = cell.borrow().get(key) {
        return v.clone();
    }
    let value = compute();
    remember(&mut cell.borrow_mut(), owned(), limit, value.clone());
    value
}

/// `cached` on a memo the caller holds: a loop that asks for many keys
/// borrows its thread's memo once instead of once per key (`compute` must
/// not ask the same memo).
pub fn cached_in<K, V>(map: &mut FxHashMap<K, V>, key: &str, limit: usize, compute: impl FnOnce() -> V) -> V
where
    K: Borrow<str> + for<'a> From<&'a str> + Hash + Eq,
    V: Clone,
{
    if let Some(v) = map.get(key) {
        return v.clone();
    }
    let value = compute();
    remember(map, K::from(key), limit, value.clone());
    value
}

fn remember<K: Hash + Eq, V>(map: &mut FxHashMap<K, V>, key: K, limit: usize, value: V) {
    if map.len() >= limit {
        map.clear();
    }
    map.insert(key, value);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    thread_local! {
        static SQUARES: Memo<Box<str>, usize> = RefCell::new(FxHashMap::default());
    }

    #[test]
    fn computes_once_per_key_and_stays_bounded() {
        let calls = Cell::new(0);
        let len = |s: &str| {
            cached(&SQUARES, s, 2, || {
                calls.set(calls.get() + 1);
                s.len() * s.len()
            })
        };
        assert_eq!(len("abc"), 9);
        assert_eq!(len("abc"), 9);
        assert_eq!(calls.get(), 1);
        len("de");
        len("f");
        assert_eq!(SQUARES.with(|m| m.borrow().len()), 1, "cleared at the limit");
        assert_eq!(len("abc"), 9);
        assert_eq!(calls.get(), 4);
    }

    #[test]
    fn a_held_memo_also_computes_once_per_key_and_stays_bounded() {
        let mut map: FxHashMap<Box<str>, usize> = FxHashMap::default();
        let mut calls = 0;
        let mut len = |map: &mut FxHashMap<Box<str>, usize>, s: &str| {
            cached_in(map, s, 2, || {
                calls += 1;
                s.len()
            })
        };
        assert_eq!(len(&mut map, "abc"), 3);
        assert_eq!(len(&mut map, "abc"), 3);
        len(&mut map, "de");
        len(&mut map, "f");
        assert_eq!(map.len(), 1, "cleared at the limit");
        assert_eq!(len(&mut map, "abc"), 3);
        assert_eq!(calls, 4);
    }

    thread_local! {
        static DOUBLED: IdMemo<u64> = IdMemo::default();
    }

    #[test]
    fn an_id_memo_computes_once_per_id_and_stays_bounded() {
        let calls = Cell::new(0);
        let double = |id: u64| {
            cached_by_id(&DOUBLED, id, 2, || {
                calls.set(calls.get() + 1);
                id * 2
            })
        };
        assert_eq!(double(7), 14);
        assert_eq!(double(7), 14);
        assert_eq!(calls.get(), 1);
        double(8);
        double(9);
        assert_eq!(DOUBLED.with(|m| m.borrow().len()), 1, "cleared at the limit");
        assert_eq!(double(7), 14);
        assert_eq!(calls.get(), 4);
    }
}
