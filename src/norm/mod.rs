//! Printed text as both readers and the report layer need it: numbers in
//! value cells, and ideographs that fonts mislabel. Below both, so that a
//! reader never reaches into the report layer.

pub mod ideographs;
pub mod number;
