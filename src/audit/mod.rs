//! Portfolio audits, apart from the command line: which files a folder holds
//! and what becomes of each (`files`), and how fast a run goes (`rate`).

pub mod files;
pub mod rate;
