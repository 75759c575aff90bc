// mimalloc instead of the system allocator: a document makes about ten
// thousand short-lived allocations, and glibc's malloc/free (with its
// consolidation passes) took about a tenth of the CPU of a bulk audit.
// Measured on the 1,000 bench contracts: about 7% less CPU, for a larger but
// still flat resident set (about 105 MiB on two threads; glibc's, about 70).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc v2's `mi_option_e` (libmimalloc-sys
/// names no constant for it; a test checks the number against its default).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Freed memory stays with the process (-1: mimalloc never hands it back to
/// the OS). Its default (after 10 ms) returned and re-faulted about 350 MiB
/// over the 1,000 bench contracts: a document's memory is freed and needed
/// again by the next one milliseconds later, and each fault zeroes a fresh
/// page. Kept, the audit's system time fell from 0.2–0.5 s to under 0.1 s for
/// about 10 MiB more resident. A delay of one or ten seconds still returned
/// 90–160 MiB (mimalloc also purges when a thread ends). The cost: a `serve`
/// process keeps its high-water mark (about that of the largest contract).
const PURGE_DELAY_MS: std::ffi::c_long = -1;

fn main() {
    // SAFETY: an allocator option set first thing in `main`, before any other
    // thread exists to read it; 15 is checked to be that option (tests).
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
    std::process::exit(mc2lint::cli::main());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_option_is_the_one_named() {
        // mimalloc v2's defaults: eager_commit_delay 1, purge_delay 10, use_numa_nodes 0.
        // A renumbered enum would set some other option; this catches it.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            eprintln!("skipped: MIMALLOC_PURGE_DELAY is set in the environment");
            return;
        }
        let get = |o| unsafe { libmimalloc_sys::mi_option_get(o) };
        assert_eq!(get(MI_OPTION_PURGE_DELAY), 10);
        assert_eq!(get(MI_OPTION_PURGE_DELAY - 1), 1);
    }
}
