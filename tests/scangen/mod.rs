//! Image-only PDFs for the OCR tests: a text PDF rendered by pdftoppm and
//! wrapped back as 1-bit Flate images (what a scanner's "PDF, black and
//! white" mode writes), the same as ocrmypdf leaves it (JPEG behind Flate
//! under an invisible text layer), a page of noise, and an image in a
//! filter nianbao does not decode.

#![allow(dead_code)]

use std::io::Write;

use crate::pdfgen::Pdf;

/// One page image: width, height, the image dictionary's entries, data.
pub struct PageImage {
    pub width: usize,
    pub height: usize,
    pub dict: String,
    pub data: Vec<u8>,
}

/// A PDF whose pages are these images, each filling an A4 page.
pub fn image_pdf(images: &[PageImage]) -> Vec<u8> {
    image_pdf_with(images, "")
}

/// The same with more content drawn over each image (a text layer).
pub fn image_pdf_with(images: &[PageImage], over: &str) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let catalog = pdf.add(Vec::new());
    let pages = pdf.add(Vec::new());
    let mut kids = Vec::new();
    for im in images {
        let dict = format!("/Type /XObject /Subtype /Image /Width {} /Height {} {}", im.width, im.height, im.dict);
        let image = pdf.add(Pdf::stream(&dict, &im.data));
        let content = format!("q 595 0 0 842 0 0 cm /Im0 Do Q {over}");
        let stream = pdf.add(Pdf::stream("", content.as_bytes()));
        kids.push(
            pdf.add(
                format!(
                    "<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 595 842] /Contents {stream} 0 R \
                 /Resources << /XObject << /Im0 {image} 0 R >> /Font << /F1 << /Type /Font \
                 /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>"
                )
                .into_bytes(),
            ),
        );
    }
    let kids: Vec<String> = kids.iter().map(|k| format!("{k} 0 R")).collect();
    pdf.set(catalog, format!("<< /Type /Catalog /Pages {pages} 0 R >>").into_bytes());
    pdf.set(pages, format!("<< /Type /Pages /Kids [{}] /Count {} >>", kids.join(" "), kids.len()).into_bytes());
    pdf.finish(catalog)
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(data).expect("in memory");
    z.finish().expect("in memory")
}

/// A binary PGM (P5) as width, height and grey samples.
fn parse_pgm(bytes: &[u8]) -> Option<(usize, usize, &[u8])> {
    let mut fields = Vec::new();
    let mut i = 2;
    while fields.len() < 3 {
        while bytes.get(i)?.is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !bytes.get(i)?.is_ascii_whitespace() {
            i += 1;
        }
        fields.push(std::str::from_utf8(&bytes[start..i]).ok()?.parse::<usize>().ok()?);
    }
    let (w, h) = (fields[0], fields[1]);
    bytes.get(i + 1..i + 1 + w * h).map(|px| (w, h, px))
}

/// The pages of a PDF rendered grey by pdftoppm at `dpi`: width, height,
/// samples. `None` when pdftoppm is missing.
pub fn render(pdf: &std::path::Path, dpi: u32) -> Option<Vec<(usize, usize, Vec<u8>)>> {
    let dir = tempfile::tempdir().ok()?;
    let status = std::process::Command::new("pdftoppm")
        .args(["-gray", "-r", &dpi.to_string()])
        .arg(pdf)
        .arg(dir.path().join("p"))
        .status()
        .ok()?;
    if !status.success() {
        return None;
    }
    let mut files: Vec<_> = std::fs::read_dir(dir.path()).ok()?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    let mut pages = Vec::new();
    for f in files {
        let bytes = std::fs::read(&f).ok()?;
        let (w, h, px) = parse_pgm(&bytes)?;
        pages.push((w, h, px.to_vec()));
    }
    Some(pages)
}

/// Renders a PDF with pdftoppm at `dpi` and wraps each page as a 1-bit
/// Flate image. `None` when pdftoppm is missing.
pub fn scan_of(pdf: &std::path::Path, dpi: u32) -> Option<Vec<u8>> {
    let mut images = Vec::new();
    for (w, h, px) in render(pdf, dpi)? {
        let row = w.div_ceil(8);
        let mut bits = vec![0u8; row * h];
        for y in 0..h {
            for x in 0..w {
                // 1 is white in DeviceGray.
                if px[y * w + x] >= 160 {
                    bits[y * row + x / 8] |= 0x80 >> (x % 8);
                }
            }
        }
        images.push(PageImage {
            width: w,
            height: h,
            dict: "/ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /FlateDecode".into(),
            data: deflate(&bits),
        });
    }
    Some(image_pdf(&images))
}

/// A page of grey noise (deterministic), 150 dpi.
pub fn noise() -> Vec<u8> {
    let (w, h) = (1240, 1754);
    let mut state: u32 = 12345;
    let px: Vec<u8> = (0..w * h)
        .map(|_| {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (state >> 24) as u8
        })
        .collect();
    image_pdf(&[PageImage {
        width: w,
        height: h,
        dict: "/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode".into(),
        data: deflate(&px),
    }])
}

/// A page image in JPEG 2000 (behind Flate, as a filter chain), which
/// nianbao does not decode.
pub fn jpx() -> Vec<u8> {
    image_pdf(&[PageImage {
        width: 1240,
        height: 1754,
        dict: "/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter [/FlateDecode /JPXDecode]".into(),
        data: deflate(&[0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a]),
    }])
}

/// What `ocrmypdf` makes of a scan: each page a grey JPEG behind Flate
/// (`/Filter [/FlateDecode /DCTDecode]`) under an invisible text layer
/// (render mode 3) that here says something else, so that a reader that
/// took the layer would be caught. `None` when pdftoppm is missing.
pub fn ocrmypdf_of(pdf: &std::path::Path, dpi: u32) -> Option<Vec<u8>> {
    let mut images = Vec::new();
    for (w, h, px) in render(pdf, dpi)? {
        let mut jpeg = Vec::new();
        let encoder = jpeg_encoder::Encoder::new(&mut jpeg, 85);
        encoder.encode(&px, u16::try_from(w).ok()?, u16::try_from(h).ok()?, jpeg_encoder::ColorType::Luma).ok()?;
        images.push(PageImage {
            width: w,
            height: h,
            dict: "/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter [/FlateDecode /DCTDecode]".into(),
            data: deflate(&jpeg),
        });
    }
    Some(image_pdf_with(&images, "BT 3 Tr /F1 12 Tf 72 720 Td (Invisible 9999 8888 7777) Tj ET"))
}
