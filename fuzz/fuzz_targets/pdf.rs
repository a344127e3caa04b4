//! The PDF reader on arbitrary bytes (seeded with the project's PDF samples).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = nianbao::read::pdf::read(data) {
        let _ = nianbao::report::build(&doc, nianbao::Source::default());
    }
});
