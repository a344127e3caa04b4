//! The DOCX reader on arbitrary document.xml content and arbitrary zips.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Raw XML straight into the parser (the zip layer is fuzzed by `convert`).
    let _ = nianbao::read::docx::parse_document_xml(data);
    let _ = nianbao::read::docx::read(data);
});
