//! Runs a check over many items on a bounded pool of threads and hands the results over
//! strictly in item order, holding only a bounded window of finished ones in memory.
//!
//! Kept rather than rayon: rayon's parallel iterators hand results back in order only
//! once they are all collected (or out of order as they finish), while `check` streams
//! each plan's report to stdout in file order as soon as the plans before it are done,
//! with memory bounded by a window however many plans there are; docs/performance.md
//! measures this pool.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};

use crate::outcome::Failure;

/// How many finished reports may wait for a slower one before workers pause.
const WINDOW: usize = 512;
/// How many consecutive plans a worker checks at a time.
const CHUNK: usize = 32;

/// Checks every item on a bounded pool and hands the reports to `deliver` in item order.
///
/// Workers take chunks of consecutive items, so that threads meet rarely; a worker stays
/// at most `WINDOW` items ahead of the last delivered one, so memory stays bounded
/// however slow one file is. There are twice as many workers as cores: reading many
/// small files waits on the file system as much as it computes.
///
/// A check that panics stops the other workers, so that the panic reaches the caller
/// rather than leaving them waiting for its chunk (release builds abort on a panic
/// anyway; this is for builds that unwind, tests among them).
pub fn in_order<T: Sync, R: Send>(
    items: &[T],
    check: &(dyn Fn(&T) -> R + Sync),
    deliver: &mut dyn FnMut(R) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let chunks = items.len().div_ceil(CHUNK);
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .saturating_mul(2)
        .clamp(2, 16)
        .min(chunks);
    if threads <= 1 {
        for item in items {
            deliver(check(item))?;
        }
        return Ok(());
    }
    let window = WINDOW / CHUNK;
    let next = AtomicUsize::new(0);
    // Chunks delivered so far; a worker waits while it is `window` chunks ahead.
    let delivered = AtomicUsize::new(0);
    let sleeping = AtomicUsize::new(0);
    let lock = Mutex::new(());
    let moved = Condvar::new();
    let stop = AtomicBool::new(false);
    let (tx, rx) = mpsc::sync_channel::<(usize, Vec<R>)>(window);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, delivered, sleeping, lock, moved, stop) =
                (&next, &delivered, &sleeping, &lock, &moved, &stop);
            scope.spawn(move || loop {
                let _stop_on_panic = StopOnPanic { stop, lock, moved };
                let c = next.fetch_add(1, Ordering::Relaxed);
                if c >= chunks || stop.load(Ordering::Relaxed) {
                    break;
                }
                if c >= delivered.load(Ordering::Acquire) + window {
                    let mut guard = lock.lock().unwrap_or_else(|e| e.into_inner());
                    sleeping.fetch_add(1, Ordering::SeqCst);
                    while c >= delivered.load(Ordering::SeqCst) + window
                        && !stop.load(Ordering::SeqCst)
                    {
                        guard = moved.wait(guard).unwrap_or_else(|e| e.into_inner());
                    }
                    sleeping.fetch_sub(1, Ordering::SeqCst);
                }
                let end = ((c + 1) * CHUNK).min(items.len());
                let reports = items[c * CHUNK..end].iter().map(check).collect();
                if tx.send((c, reports)).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let wake = || {
            if sleeping.load(Ordering::SeqCst) > 0 {
                let _guard = lock.lock().unwrap_or_else(|e| e.into_inner());
                moved.notify_all();
            }
        };
        let mut waiting: BTreeMap<usize, Vec<R>> = BTreeMap::new();
        let mut want = 0;
        let mut result = Ok(());
        for (c, reports) in rx.iter() {
            waiting.insert(c, reports);
            while let Some(reports) = waiting.remove(&want) {
                for report in reports {
                    if result.is_ok() {
                        result = deliver(report);
                    }
                }
                want += 1;
                delivered.store(want, Ordering::SeqCst);
                wake();
            }
            if result.is_err() {
                stop.store(true, Ordering::SeqCst);
                wake();
            }
        }
        result
    })
}

/// Tells the other workers to stop when the worker that holds it panics.
struct StopOnPanic<'a> {
    stop: &'a AtomicBool,
    lock: &'a Mutex<()>,
    moved: &'a Condvar,
}

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.stop.store(true, Ordering::SeqCst);
            let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
            self.moved.notify_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("{i:05}")).collect()
    }

    #[test]
    fn reports_arrive_in_item_order() {
        let items = items(5 * WINDOW + 7);
        let mut seen = Vec::new();
        in_order(&items, &|item: &String| item.clone(), &mut |name| {
            seen.push(name);
            Ok(())
        })
        .unwrap();
        let expected = items.clone();
        assert_eq!(seen, expected);
    }

    #[test]
    fn a_check_that_panics_ends_the_run_instead_of_hanging() {
        let (done, finished) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let items = items(5 * WINDOW);
            let outcome = std::panic::catch_unwind(|| {
                in_order(
                    &items,
                    &|item: &String| {
                        if item == "00100" {
                            panic!("a bug in one check");
                        }
                    },
                    &mut |()| Ok(()),
                )
            });
            let _ = done.send(outcome.is_err());
        });
        let panicked = finished
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("the pool hung after a worker panicked");
        assert!(panicked, "the worker's panic reached the caller");
    }
}
