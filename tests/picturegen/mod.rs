//! Reports whose statistical tables are pasted as pictures: some offices
//! type the report in Word but paste a screenshot of each table. The
//! screenshots are made from samples/pdf_basic_2021.pdf (LibreOffice's PDF of
//! samples/basic_2021.docx): its pages rendered grey by pdftoppm, each
//! table cropped to the box nianbao reads for its cells, one PNG per table
//! and page (a table across a page break is two screenshots, pasted one
//! after the other). `pictured_docx` puts them in place of the body-level
//! tables of the sample's document.xml; `pdf_of` exports that DOCX through
//! LibreOffice, a text PDF whose tables are images.
//!
//! Needs `mod pdfgen; mod samplegen; mod scangen;` beside it.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use crate::samplegen;
use crate::scangen;

/// Pixels kept around a table's cells so that its outer rules are whole.
const PAD: usize = 3;

/// A grey 8-bit PNG of `width` × `height` pixels, made at `dpi`.
pub struct Png {
    pub width: u32,
    pub height: u32,
    pub dpi: u32,
    pub data: Vec<u8>,
}

/// The screenshots of each table of `pdf` rendered at `dpi`, in document
/// order, each table's in page order. `None` when pdftoppm is missing.
pub fn table_pictures(pdf: &Path, dpi: u32) -> Option<Vec<Vec<Png>>> {
    let pages = scangen::render(pdf, dpi)?;
    let bytes = std::fs::read(pdf).expect("the PDF to screenshot");
    let (_, doc) = nianbao::read::read(&bytes).expect("a PDF nianbao reads");
    let scale = dpi as f32 / 72.0;
    let mut out = Vec::new();
    for table in doc.tables() {
        // The union of the table's cells on each page it lies on.
        let mut boxes: BTreeMap<u32, [f32; 4]> = BTreeMap::new();
        for cell in &table.cells {
            let (Some(page), Some([x0, y0, x1, y1])) = (cell.page, cell.bbox) else { continue };
            let b = [x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)];
            boxes
                .entry(page)
                .and_modify(|u| *u = [u[0].min(b[0]), u[1].min(b[1]), u[2].max(b[2]), u[3].max(b[3])])
                .or_insert(b);
        }
        let pngs = boxes
            .into_iter()
            .map(|(page, b)| {
                let (w, h, px) = pages.get(page as usize - 1).expect("the table's page was rendered");
                // PDF y grows upwards; the rendered page's rows go down.
                let left = ((b[0] * scale).floor() as usize).saturating_sub(PAD);
                let right = ((b[2] * scale).ceil() as usize + PAD).min(*w);
                let top = ((*h as f32 - b[3] * scale).floor().max(0.0) as usize).saturating_sub(PAD);
                let bottom = ((*h as f32 - b[1] * scale).ceil().max(0.0) as usize + PAD).min(*h);
                let crop: Vec<u8> = (top..bottom).flat_map(|y| &px[y * w + left..y * w + right]).copied().collect();
                encode(&crop, (right - left) as u32, (bottom - top) as u32, dpi)
            })
            .collect();
        out.push(pngs);
    }
    Some(out)
}

/// Grey samples as a PNG: no time or text chunks, so the bytes depend on
/// the pixels alone.
fn encode(px: &[u8], width: u32, height: u32, dpi: u32) -> Png {
    let mut data = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut data, width, height);
        enc.set_color(png::ColorType::Grayscale);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::High);
        let mut writer = enc.write_header().expect("PNG header");
        writer.write_image_data(px).expect("PNG data");
    }
    Png { width, height, dpi, data }
}

/// A paragraph holding picture `n` (1-based), shown at its true size.
fn picture_paragraph(n: usize, png: &Png) -> String {
    // 914400 EMU to the inch.
    let cx = u64::from(png.width) * 914_400 / u64::from(png.dpi);
    let cy = u64::from(png.height) * 914_400 / u64::from(png.dpi);
    format!(
        r#"<w:p><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{n}" name="Picture {n}"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="{n}" name="image{n}.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rIdImg{n}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"#
    )
}

/// Byte ranges of the body-level `<w:tbl>` elements of `xml` (nested
/// tables stay inside their outer table's range).
fn body_tables(xml: &str) -> Vec<(usize, usize)> {
    const OPEN: &str = "<w:tbl>";
    const CLOSE: &str = "</w:tbl>";
    let mut out = Vec::new();
    let (mut depth, mut start, mut i) = (0, 0, 0);
    while let Some(off) = xml[i..].find(OPEN).into_iter().chain(xml[i..].find(CLOSE)).min() {
        let at = i + off;
        if xml[at..].starts_with(OPEN) {
            if depth == 0 {
                start = at;
            }
            depth += 1;
            i = at + OPEN.len();
        } else {
            depth -= 1;
            i = at + CLOSE.len();
            if depth == 0 {
                out.push((start, i));
            }
        }
    }
    out
}

/// document.xml of `spec` with each body-level table replaced by its
/// pictures (`pictures[i]` for the i-th table), numbered from 1.
pub fn pictured_xml(spec: &samplegen::Spec, pictures: &[Vec<Png>]) -> String {
    let xml = samplegen::document_xml(spec);
    let tables = body_tables(&xml);
    assert_eq!(tables.len(), pictures.len(), "one list of pictures per body-level table of {}", spec.name);
    let mut out = String::with_capacity(xml.len());
    let (mut last, mut n) = (0, 0);
    for ((start, end), pngs) in tables.into_iter().zip(pictures) {
        out.push_str(&xml[last..start]);
        for png in pngs {
            n += 1;
            out.push_str(&picture_paragraph(n, png));
        }
        last = end;
    }
    out.push_str(&xml[last..]);
    // The picture markup's prefixes, declared on the root as Word does.
    let root = r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
    assert!(out.contains(root) && !out.contains("xmlns:wp="), "samplegen's root element changed");
    out.replacen(
        root,
        &format!(
            r#"{root} xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#
        ),
        1,
    )
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// The DOCX of `spec` with its tables as `pictures` (see `pictured_xml`).
pub fn pictured_docx(spec: &samplegen::Spec, pictures: &[Vec<Png>]) -> Vec<u8> {
    let xml = pictured_xml(spec, pictures);
    let pngs: Vec<&Png> = pictures.iter().flatten().collect();
    let rels: String = (1..=pngs.len())
        .map(|n| {
            format!(
                r#"<Relationship Id="rIdImg{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image{n}.png"/>"#
            )
        })
        .collect();
    let doc_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
    );
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        // A fixed timestamp keeps the bytes reproducible.
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default());
        for (name, data) in [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", RELS),
            ("word/document.xml", &xml),
            ("word/_rels/document.xml.rels", &doc_rels),
        ] {
            zip.start_file(name, opts).expect("zip entry");
            zip.write_all(data.as_bytes()).expect("zip write");
        }
        // PNG is compressed already.
        let stored = opts.compression_method(zip::CompressionMethod::Stored);
        for (i, png) in pngs.iter().enumerate() {
            zip.start_file(format!("word/media/image{}.png", i + 1), stored).expect("zip entry");
            zip.write_all(&png.data).expect("zip write");
        }
        zip.finish().expect("zip finish");
    }
    buf.into_inner()
}

/// `docx` exported to PDF by LibreOffice. `None` when soffice is missing.
pub fn pdf_of(docx: &Path) -> Option<Vec<u8>> {
    let soffice = nianbao::read::legacy::find_soffice()?;
    let tmp = tempfile::tempdir().expect("a temporary directory");
    // A profile of its own: a running LibreOffice would take the job otherwise.
    let status = std::process::Command::new(soffice)
        .arg("--headless")
        .arg(format!("-env:UserInstallation=file://{}/profile", tmp.path().display()))
        .args(["--convert-to", "pdf", "--outdir"])
        .arg(tmp.path())
        .arg(docx)
        .status()
        .expect("soffice runs");
    assert!(status.success(), "soffice failed on {}", docx.display());
    let stem = docx.file_stem().expect("a file name").to_string_lossy();
    Some(std::fs::read(tmp.path().join(format!("{stem}.pdf"))).expect("soffice's PDF"))
}
