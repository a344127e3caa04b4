//! nianbao (年报): Chinese government information-disclosure annual reports
//! (政府信息公开工作年度报告) from DOCX, PDF, web pages and text into the
//! canonical data of the national format, with the tables' own sums checked.
//!
//! Data flows one way: bytes → [`read`] (sniffed format) → [`Document`] →
//! [`report`] (locate, map, checks) → [`Report`] → [`write`].

pub mod document;
pub mod error;
pub mod read;

pub use document::{Block, Cell, Document, Paragraph, Table};
pub use error::Error;
