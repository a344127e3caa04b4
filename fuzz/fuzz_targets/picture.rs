//! The picture decoders (PNG, JPEG: a DOCX's `word/media/`) on arbitrary
//! bytes (seeded with the pictured sample's screenshots).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = nianbao::read::scan::decode_picture(data);
});
