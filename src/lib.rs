//! mc2lint: lints medical-technology purchase agreements (DOCX) against the
//! HSCC Model Contract-language for Medtech Cybersecurity (MC²).
//!
//! Data flows one way: `docx` → `document` → `clauses` → `reference` →
//! `matcher` → `analysis` → `report` → `cli`.

pub mod cli;
pub mod document;
pub mod docx;
pub mod error;
pub mod normalize;
pub mod report;
