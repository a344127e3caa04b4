//! Printed text as both readers and the report layer need it: numbers in
//! value cells, and ideographs that fonts mislabel. Below both, so that a
//! reader never reaches into the report layer.

pub mod ideographs;
pub mod number;

/// Edit distance over characters (short strings: labels, organ names).
pub fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}
