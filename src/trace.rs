//! Stage timings for measuring the build (docs/speed.md): with `HUOZI_TRACE` set in the environment, each
//! stage's end is printed to standard error as milliseconds since the first mark, with the thread that
//! reached it. Without it nothing is printed and a mark costs one environment look-up, made once.

use std::sync::OnceLock;
use std::time::Instant;

/// The first mark's time, or `None` when `HUOZI_TRACE` is not set.
fn origin() -> Option<Instant> {
    static ORIGIN: OnceLock<Option<Instant>> = OnceLock::new();
    *ORIGIN.get_or_init(|| std::env::var_os("HUOZI_TRACE").map(|_| Instant::now()))
}

/// Marks the end of stage `what`: prints `   12.34 ms ThreadId(2) what` to standard error when tracing.
pub(crate) fn mark(what: &str) {
    if let Some(origin) = origin() {
        let ms = origin.elapsed().as_secs_f64() * 1e3;
        eprintln!("{ms:9.2} ms {:?} {what}", std::thread::current().id());
    }
}
