//! mc2lint: lints medical-technology purchase agreements (DOCX) against the
//! HSCC Model Contract-language for Medtech Cybersecurity (MC²).
//!
//! Data flows one way: `docx` → `document` → `clauses` → `reference` →
//! `matcher` → `analysis` → `report` → `cli`.

pub mod analysis;
pub mod annotate;
pub mod audit;
pub mod baseline;
pub mod check;
pub mod clauses;
pub mod cli;
pub mod config;
pub mod diff;
pub mod document;
pub mod docx;
pub mod error;
pub mod matcher;
pub mod memo;
pub mod model;
pub mod normalize;
pub mod output;
pub mod parties;
mod provision;
pub mod reference;
pub mod repo;
pub mod report;
pub mod revisions_report;
mod selection;
pub mod serve;
mod startup;
pub mod suppress;
#[cfg(test)]
mod test_rng;
pub mod text;
mod verdict;
