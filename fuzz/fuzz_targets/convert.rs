//! The whole path: sniff, read, map, check, on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(report) = nianbao::convert_bytes("fuzz", data) {
        let _ = serde_json::to_string(&report);
    }
});
