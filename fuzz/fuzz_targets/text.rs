//! The flattened-text reader on arbitrary bytes (UTF-8, UTF-16, GBK, junk).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = nianbao::read::text::read(data) {
        for t in doc.tables() {
            for r in 0..t.n_rows {
                let _ = t.row_cells(r);
            }
        }
    }
});
