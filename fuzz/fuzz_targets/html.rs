//! The HTML reader on arbitrary bytes: any page, any charset, any spans.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = nianbao::read::html::read(data) {
        // The grids it builds must be consistent.
        for t in doc.tables() {
            for r in 0..t.n_rows {
                let _ = t.row_cells(r);
            }
        }
    }
});
