//! Output formats. Each renderer takes finished results and only formats them.

pub mod dump;
pub mod github;
pub mod html;
pub mod human;
pub mod sarif;
pub mod table;
