//! What spans reports: organ keys, year pairs, the carry check, changes and
//! indicators. One home for cross-year logic, called by the batch runner,
//! `nianbao compare` and the writers alike.

pub mod carry;
pub mod changes;
pub mod compare;
pub mod indicators;
pub mod organ;
pub mod sections;
pub mod table;

pub use carry::{Carry, Entry, PanelWarning, check};
pub use compare::{Comparison, Notice, Year, compare_all, compare_pair};
pub use indicators::{INDICATORS, Indicators};
pub use organ::{OrganMap, OrganMapError, organ_key};
pub use table::{PanelRow, rows};
