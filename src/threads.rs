//! What each thread a build starts runs first: a hook the executable sets (`src/main.rs`, `heap`: its
//! allocator's per-thread cache, off while a short book is built, turned on for a longer one).

use std::sync::OnceLock;

/// The hook [`started`] runs.
static START: OnceLock<fn()> = OnceLock::new();

/// Sets the hook run first on every thread a build starts, beside rayon's global pool (whose threads the
/// caller reaches with `rayon::broadcast`): the threads that write the editions, the tag tree's, the
/// output's writers, and the threads of the pools a long story is set in. Once per process; a second
/// call is ignored.
pub fn on_thread_start(hook: fn()) {
    let _ = START.set(hook);
}

/// Runs the hook [`on_thread_start`] set, if any: called first thing on each thread the build starts.
pub(crate) fn started() {
    if let Some(hook) = START.get() {
        hook();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    static RUN: AtomicUsize = AtomicUsize::new(0);

    fn count() {
        RUN.fetch_add(1, Ordering::Relaxed);
    }

    #[test]
    fn each_started_thread_runs_the_hook() {
        super::on_thread_start(count);
        let before = RUN.load(Ordering::Relaxed);
        std::thread::spawn(super::started).join().unwrap();
        super::started();
        assert_eq!(RUN.load(Ordering::Relaxed), before + 2);
    }
}
