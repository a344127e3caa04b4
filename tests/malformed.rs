//! Bad input: every case is a typed error naming the reason, never a panic.

mod samplegen;

use std::io::Write;

use nianbao::Error;

fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in members {
        zip.start_file(*name, opts).expect("entry");
        zip.write_all(data).expect("write");
    }
    zip.finish().expect("finish");
    buf.into_inner()
}

fn basic_docx() -> Vec<u8> {
    std::fs::read("samples/basic_2021.docx").expect("sample")
}

fn convert(bytes: &[u8]) -> Result<nianbao::Report, Error> {
    nianbao::convert_bytes("input", bytes)
}

#[test]
fn empty_file() {
    assert!(matches!(convert(b""), Err(Error::Empty)));
}

#[test]
fn random_bytes() {
    // A fixed pseudo-random sequence (xorshift), binary with NULs.
    let mut x: u32 = 0x9E37_79B9;
    let bytes: Vec<u8> = (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x & 0xff) as u8
        })
        .collect();
    let err = convert(&bytes).expect_err("not a document");
    assert_eq!(err.code(), "not_a_document", "{err}");
}

#[test]
fn truncated_docx() {
    let bytes = basic_docx();
    for cut in [10, bytes.len() / 3, bytes.len() / 2, bytes.len() - 30] {
        let err = convert(&bytes[..cut]).expect_err("truncated");
        assert!(err.to_string().contains("truncated") || matches!(err, Error::Zip(_)), "cut at {cut}: {err}");
    }
}

#[test]
fn docx_without_document_xml() {
    let bytes = zip_of(&[("word/styles.xml", b"<w:styles/>"), ("[Content_Types].xml", b"<Types/>")]);
    let err = convert(&bytes).expect_err("no main part");
    assert_eq!(err.code(), "not_docx");
    assert!(err.to_string().contains("word/document.xml"), "{err}");
}

#[test]
fn zip_bomb_is_refused_at_the_cap() {
    // word/document.xml inflating past the 256 MiB cap from about 260 KB.
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        zip.start_file("word/document.xml", opts).expect("entry");
        let block = vec![b' '; 1 << 20];
        for _ in 0..257 {
            zip.write_all(&block).expect("write");
        }
        zip.finish().expect("finish");
    }
    let err = convert(&buf.into_inner()).expect_err("bomb");
    assert!(err.to_string().contains("zip bomb"), "{err}");
}

#[test]
fn xlsx_renamed_docx() {
    let bytes = zip_of(&[("xl/workbook.xml", b"<workbook/>"), ("[Content_Types].xml", b"<Types/>")]);
    let err = convert(&bytes).expect_err("xlsx");
    assert!(err.to_string().contains("XLSX"), "{err}");
}

#[test]
fn docx_without_tables() {
    let xml = r#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>通知</w:t></w:r></w:p></w:body></w:document>"#;
    let err = convert(&samplegen::docx_bytes(xml)).expect_err("no tables");
    assert!(matches!(err, Error::NotAReport(_)), "{err}");
    assert!(err.to_string().contains("no tables"), "{err}");
}

#[test]
fn docx_with_malformed_xml() {
    let err = convert(&samplegen::docx_bytes("<w:document><w:body><w:p></w:body")).expect_err("bad xml");
    // Either a typed XML error or a document without tables: never a panic.
    assert!(matches!(err, Error::Docx(_) | Error::NotAReport(_)), "{err}");
}

#[test]
fn absurd_spans_are_clamped() {
    let xml = r#"<w:document xmlns:w="w"><w:body><w:tbl><w:tr><w:trPr><w:gridBefore w:val="99999999"/></w:trPr>
        <w:tc><w:tcPr><w:gridSpan w:val="4294967295"/></w:tcPr><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"#;
    let (_, doc) = nianbao::read::read(&samplegen::docx_bytes(xml)).expect("reads");
    let t = doc.tables().next().expect("table");
    assert!(t.n_cols <= 512, "{}", t.n_cols);
}

#[test]
fn deeply_nested_tables_do_not_overflow() {
    let depth = 5000;
    let open = "<w:tbl><w:tr><w:tc>".repeat(depth);
    let close = "<w:p/></w:tc></w:tr></w:tbl>".repeat(depth);
    let xml = format!(
        r#"<w:document xmlns:w="w"><w:body>{open}<w:p><w:r><w:t>deep</w:t></w:r></w:p>{close}</w:body></w:document>"#
    );
    let (_, doc) = nianbao::read::read(&samplegen::docx_bytes(&xml)).expect("reads");
    assert!(doc.tables().count() <= 33);
}
