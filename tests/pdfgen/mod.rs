//! A tiny PDF writer for the project's hand-built PDF samples: reports drawn
//! with ruled tables in fonts that use the predefined Chinese CMaps
//! (GBK-EUC-H, UniGB-UCS2-H) and no ToUnicode, in Type 3 fonts whose
//! ToUnicode gives radicals and compatibility ideographs, on a rotated page
//! with an offset crop box, with a borderless 表三 below a ruled 表二, plus
//! malformed files (cyclic page trees and forms, image-only pages).

#![allow(dead_code)]

/// A PDF built object by object; `finish` writes the xref and trailer.
pub struct Pdf {
    objects: Vec<Vec<u8>>,
}

impl Pdf {
    pub fn new() -> Self {
        Pdf { objects: Vec::new() }
    }

    /// Adds an object; returns its number.
    pub fn add(&mut self, body: Vec<u8>) -> usize {
        self.objects.push(body);
        self.objects.len()
    }

    pub fn set(&mut self, n: usize, body: Vec<u8>) {
        self.objects[n - 1] = body;
    }

    pub fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
        let mut v = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
        v.extend_from_slice(data);
        v.extend_from_slice(b"\nendstream");
        v
    }

    pub fn finish(&self, root: usize) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in self.objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n", i + 1).bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", self.objects.len() + 1).bytes());
        for o in offsets {
            out.extend(format!("{o:010} 00000 n \n").bytes());
        }
        out.extend(
            format!("trailer\n<< /Size {} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n", self.objects.len() + 1)
                .bytes(),
        );
        out
    }
}

/// How text is encoded in the content stream.
#[derive(Clone, Copy, PartialEq)]
pub enum Cmap {
    Gbk,
    Ucs2,
    /// Identity-H with Adobe-GB1 CIDs and no ToUnicode.
    IdentityGb1,
    /// One-byte Type 3 fonts (`/T0`, `/T1`, …, 200 glyphs each) with a
    /// FontMatrix of 1/2000 em, built from the characters shown (see
    /// `type3_page`).
    Type3,
}

thread_local! {
    /// The characters shown in Type 3 fonts so far, in code order.
    static TYPE3: std::cell::RefCell<Vec<char>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// What a Type 3 font's ToUnicode says a character is: the radical or
/// compatibility ideograph some fonts' maps give instead of the ideograph.
fn type3_unicode(c: char) -> char {
    match c {
        '人' => '\u{2F08}',
        '民' => '\u{2EA0}',
        '工' => '\u{2F2F}',
        '不' => '\u{F967}',
        '年' => '\u{F98E}',
        other => other,
    }
}

/// The Adobe-GB1 CID of a character (the first CID whose text it is).
fn gb1_cid(c: char) -> u16 {
    static TABLE: &[u8] = include_bytes!("../../src/read/pdf/adobe_gb1.bin");
    TABLE.chunks(2).position(|p| u16::from_be_bytes([p[0], p[1]]) as u32 == c as u32).unwrap_or(0) as u16
}

impl Cmap {
    fn name(self) -> &'static str {
        match self {
            Cmap::Gbk => "GBK-EUC-H",
            Cmap::Ucs2 => "UniGB-UCS2-H",
            Cmap::IdentityGb1 | Cmap::Type3 => "Identity-H",
        }
    }

    fn encode(self, s: &str) -> String {
        let bytes: Vec<u8> = match self {
            Cmap::Gbk => encoding_rs::GBK.encode(s).0.into_owned(),
            Cmap::Ucs2 | Cmap::Type3 => s.encode_utf16().flat_map(|u| u.to_be_bytes()).collect(),
            Cmap::IdentityGb1 => s.chars().flat_map(|c| gb1_cid(c).to_be_bytes()).collect(),
        };
        bytes.iter().map(|b| format!("{b:02X}")).collect()
    }

    /// The operators that show `s` at `size` from the current point.
    fn show(self, s: &str, size: f32) -> String {
        if self != Cmap::Type3 {
            return format!("/F1 {size} Tf <{}> Tj", self.encode(s));
        }
        let mut out = String::new();
        let mut font = usize::MAX;
        for c in s.chars() {
            let index = TYPE3.with(|t| {
                let mut t = t.borrow_mut();
                t.iter().position(|&k| k == c).unwrap_or_else(|| {
                    t.push(c);
                    t.len() - 1
                })
            });
            if index / 200 != font {
                font = index / 200;
                out += &format!(" /T{font} {size} Tf");
            }
            out += &format!(" <{:02X}> Tj", index % 200 + 1);
        }
        out
    }
}

/// A cell to draw: grid position, spans, text.
pub struct Cell<'a>(pub usize, pub usize, pub usize, pub usize, pub &'a str);

const ROW_H: f32 = 16.0;
const FONT: f32 = 7.0;

/// Draws a ruled table with its top-left at (x, y); returns the content and
/// the y below it. Each cell is outlined: shared edges are drawn twice, as
/// real producers often do.
pub fn table(cells: &[Cell], widths: &[f32], x: f32, y: f32, cmap: Cmap) -> (String, f32) {
    let col_x: Vec<f32> = std::iter::once(x)
        .chain(widths.iter().scan(x, |acc, w| {
            *acc += w;
            Some(*acc)
        }))
        .collect();
    let rows = cells.iter().map(|c| c.0 + c.2).max().unwrap_or(0);
    let mut out = String::from("0.5 w\n");
    for c in cells {
        let (x0, x1) = (col_x[c.1], col_x[c.1 + c.3]);
        let (top, bottom) = (y - c.0 as f32 * ROW_H, y - (c.0 + c.2) as f32 * ROW_H);
        out.push_str(&format!("{x0} {bottom} {} {} re S\n", x1 - x0, top - bottom));
        if !c.4.is_empty() {
            out.push_str(&format!("BT {} {} Td {} ET\n", x0 + 1.5, top - 10.0, cmap.show(c.4, FONT)));
        }
    }
    (out, y - rows as f32 * ROW_H)
}

pub fn text(s: &str, x: f32, y: f32, size: f32, cmap: Cmap) -> String {
    format!("BT {x} {y} Td {} ET\n", cmap.show(s, size))
}

/// The numbered sub-items of 表三 （三）–（六）, in order.
const SUB_ITEMS: [&str; 19] = [
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "1.申请人无正当理由逾期不补正",
    "2.申请人逾期未按收费通知要求缴纳费用",
    "3.其他",
];

/// 表三 as cells: the 2021 grid with its official merges.
pub fn t3_cells(values: &[[&'static str; 7]; 25]) -> Vec<Cell<'static>> {
    let mut c = vec![
        Cell(0, 0, 3, 3, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),
        Cell(0, 3, 1, 7, "申请人情况"),
        Cell(1, 3, 2, 1, "自然人"),
        Cell(1, 4, 1, 5, "法人或其他组织"),
        Cell(1, 9, 2, 1, "总计"),
        Cell(2, 4, 1, 1, "商业企业"),
        Cell(2, 5, 1, 1, "科研机构"),
        Cell(2, 6, 1, 1, "社会公益组织"),
        Cell(2, 7, 1, 1, "法律服务机构"),
        Cell(2, 8, 1, 1, "其他"),
        Cell(3, 0, 1, 3, "一、本年新收政府信息公开申请数量"),
        Cell(4, 0, 1, 3, "二、上年结转政府信息公开申请数量"),
        Cell(5, 0, 22, 1, "三、本年度办理结果"),
        Cell(5, 1, 1, 2, "（一）予以公开"),
        Cell(6, 1, 1, 2, "（二）部分公开"),
        Cell(7, 1, 8, 1, "（三）不予公开"),
        Cell(15, 1, 3, 1, "（四）无法提供"),
        Cell(18, 1, 5, 1, "（五）不予处理"),
        Cell(23, 1, 3, 1, "（六）其他处理"),
        Cell(26, 1, 1, 2, "（七）总计"),
        Cell(27, 0, 1, 3, "四、结转下年度继续办理"),
    ];
    let subs = &SUB_ITEMS;
    for (i, s) in subs.iter().enumerate() {
        c.push(Cell(7 + i, 2, 1, 1, s));
    }
    for (i, row) in values.iter().enumerate() {
        for (j, v) in row.iter().enumerate() {
            c.push(Cell(3 + i, 3 + j, 1, 1, v));
        }
    }
    c
}

/// 表四 as cells.
pub fn t4_cells(values: &[&'static str; 15]) -> Vec<Cell<'static>> {
    let fields = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
    let mut c = vec![
        Cell(0, 0, 1, 5, "行政复议"),
        Cell(0, 5, 1, 10, "行政诉讼"),
        Cell(1, 5, 1, 5, "未经复议直接起诉"),
        Cell(1, 10, 1, 5, "复议后起诉"),
    ];
    for (i, f) in fields.iter().enumerate() {
        c.push(Cell(1, i, 2, 1, f));
        c.push(Cell(2, 5 + i, 1, 1, f));
        c.push(Cell(2, 10 + i, 1, 1, f));
    }
    for (i, v) in values.iter().enumerate() {
        c.push(Cell(3, i, 1, 1, v));
    }
    c
}

/// 表二 as cells (2021).
pub fn t2_cells(v: &[&'static str; 10]) -> Vec<Cell<'static>> {
    vec![
        Cell(0, 0, 1, 4, "第二十条第（一）项"),
        Cell(1, 0, 1, 1, "信息内容"),
        Cell(1, 1, 1, 1, "本年制发件数"),
        Cell(1, 2, 1, 1, "本年废止件数"),
        Cell(1, 3, 1, 1, "现行有效件数"),
        Cell(2, 0, 1, 1, "规章"),
        Cell(2, 1, 1, 1, v[0]),
        Cell(2, 2, 1, 1, v[1]),
        Cell(2, 3, 1, 1, v[2]),
        Cell(3, 0, 1, 1, "行政规范性文件"),
        Cell(3, 1, 1, 1, v[3]),
        Cell(3, 2, 1, 1, v[4]),
        Cell(3, 3, 1, 1, v[5]),
        Cell(4, 0, 1, 4, "第二十条第（五）项"),
        Cell(5, 0, 1, 1, "信息内容"),
        Cell(5, 1, 1, 3, "本年处理决定数量"),
        Cell(6, 0, 1, 1, "行政许可"),
        Cell(6, 1, 1, 3, v[6]),
        Cell(7, 0, 1, 4, "第二十条第（六）项"),
        Cell(8, 0, 1, 1, "信息内容"),
        Cell(8, 1, 1, 3, "本年处理决定数量"),
        Cell(9, 0, 1, 1, "行政处罚"),
        Cell(9, 1, 1, 3, v[7]),
        Cell(10, 0, 1, 1, "行政强制"),
        Cell(10, 1, 1, 3, v[8]),
        Cell(11, 0, 1, 4, "第二十条第（八）项"),
        Cell(12, 0, 1, 1, "信息内容"),
        Cell(12, 1, 1, 3, "本年收费金额（单位：万元）"),
        Cell(13, 0, 1, 1, "行政事业性收费"),
        Cell(13, 1, 1, 3, v[9]),
    ]
}

/// How a sample page is set: its media box and extra page entries.
pub struct Page<'a> {
    pub media: [f32; 4],
    pub extra: &'a str,
}

/// One page drawing `content` with font F1: STSong-Light (Adobe-GB1, not
/// embedded, no ToUnicode) through the CMap `encoding`, or with the Type 3
/// fonts `content` used.
fn one_page(content: &str, cmap: Cmap, page: Page) -> Vec<u8> {
    let encoding = cmap.name();
    let mut pdf = Pdf::new();
    let catalog = pdf.add(Vec::new());
    let pages = pdf.add(Vec::new());
    let fonts = if cmap == Cmap::Type3 {
        type3_fonts(&mut pdf)
    } else {
        let cid = pdf.add(
            b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /DW 1000 >>".to_vec(),
        );
        let font = pdf.add(
            format!("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-{encoding} /Encoding /{encoding} /DescendantFonts [{cid} 0 R] >>")
                .into_bytes(),
        );
        format!("/F1 {font} 0 R")
    };
    let stream = pdf.add(Pdf::stream("", content.as_bytes()));
    let [a, b, c, d] = page.media;
    let page = pdf.add(
        format!(
            "<< /Type /Page /Parent {pages} 0 R /MediaBox [{a} {b} {c} {d}] {} /Contents {stream} 0 R /Resources << /Font << {fonts} >> >> >>",
            page.extra
        )
        .into_bytes(),
    );
    pdf.set(catalog, format!("<< /Type /Catalog /Pages {pages} 0 R >>").into_bytes());
    pdf.set(pages, format!("<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>").into_bytes());
    pdf.finish(catalog)
}

/// The Type 3 fonts for the characters shown so far (and forgets them):
/// glyph procedures that draw nothing, widths of one em (half for ASCII)
/// in units of 1/2000 em, and a ToUnicode that gives radicals for some.
fn type3_fonts(pdf: &mut Pdf) -> String {
    let chars = TYPE3.with(|t| std::mem::take(&mut *t.borrow_mut()));
    let glyph = pdf.add(Pdf::stream("", b"2000 0 d0"));
    let mut names = Vec::new();
    for (k, chunk) in chars.chunks(200).enumerate() {
        let n = chunk.len();
        let widths: Vec<String> =
            chunk.iter().map(|c| if c.is_ascii() { "1000" } else { "2000" }.to_string()).collect();
        let diffs: String = (1..=n).map(|i| format!("/g{i} ")).collect();
        let procs: String = (1..=n).map(|i| format!("/g{i} {glyph} 0 R ")).collect();
        let map: String = chunk
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                let u: String = type3_unicode(c).encode_utf16(&mut [0; 2]).iter().map(|u| format!("{u:04X}")).collect();
                format!("<{:02X}> <{u}>\n", i + 1)
            })
            .collect();
        let cmap = format!(
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <01> <FF> endcodespacerange\n{n} beginbfchar\n{map}endbfchar endcmap CMapName currentdict /CMap defineresource pop end end"
        );
        let to_unicode = pdf.add(Pdf::stream("", cmap.as_bytes()));
        let font = pdf.add(
            format!(
                "<< /Type /Font /Subtype /Type3 /FontBBox [0 -240 2000 1760] /FontMatrix [0.0005 0 0 0.0005 0 0] /FirstChar 1 /LastChar {n} /Widths [{}] /Encoding << /Type /Encoding /Differences [1 {diffs}] >> /CharProcs << {procs}>> /Resources << >> /ToUnicode {to_unicode} 0 R >>",
                widths.join(" ")
            )
            .into_bytes(),
        );
        names.push(format!("/T{k} {font} 0 R"));
    }
    names.join(" ")
}

const PORTRAIT: Page = Page { media: [0.0, 0.0, 640.0, 1220.0], extra: "" };

/// A report's three tables and title, drawn for a 640 × 1220 page.
fn report_content(
    cmap: Cmap,
    organ: &str,
    year: u32,
    t2: &[&'static str; 10],
    t3: &[[&'static str; 7]; 25],
    t4: &[&'static str; 15],
) -> String {
    let mut content = text(&format!("{organ}{year}年政府信息公开工作年度报告"), 60.0, 1180.0, 14.0, cmap);
    content += &text("二、主动公开政府信息情况", 40.0, 1150.0, 9.0, cmap);
    let (t, y) = table(&t2_cells(t2), &[120.0, 100.0, 100.0, 100.0], 40.0, 1140.0, cmap);
    content += &t;
    content += &text("三、收到和处理政府信息公开申请情况", 40.0, y - 14.0, 9.0, cmap);
    let (t, y) =
        table(&t3_cells(t3), &[50.0, 60.0, 170.0, 40.0, 40.0, 40.0, 40.0, 40.0, 40.0, 40.0], 20.0, y - 20.0, cmap);
    content += &t;
    content += &text("四、政府信息公开行政复议、行政诉讼情况", 40.0, y - 14.0, 9.0, cmap);
    let (t, _) = table(&t4_cells(t4), &[37.0; 15], 20.0, y - 20.0, cmap);
    content += &t;
    content
}

/// A one-page report in `cmap`, with a CID font that has no ToUnicode: the
/// reader must decode the text from the CMap alone.
pub fn report(
    cmap: Cmap,
    organ: &str,
    year: u32,
    t2: &[&'static str; 10],
    t3: &[[&'static str; 7]; 25],
    t4: &[&'static str; 15],
) -> Vec<u8> {
    one_page(&report_content(cmap, organ, year, t2, t3, t4), cmap, PORTRAIT)
}

/// The same report stored sideways: a landscape media box whose corner is
/// not the origin, `/Rotate 90`, and the content turned to match, so that
/// it shows upright only once the rotation is applied.
pub fn rotated_report(
    organ: &str,
    t2: &[&'static str; 10],
    t3: &[[&'static str; 7]; 25],
    t4: &[&'static str; 15],
) -> Vec<u8> {
    // Shown (x, y) is stored at (1220 - y, x), then moved by the box corner.
    let content =
        format!("1 0 0 1 100 50 cm 0 1 -1 0 1220 0 cm\n{}", report_content(Cmap::Ucs2, organ, 2023, t2, t3, t4));
    one_page(&content, Cmap::Ucs2, Page { media: [100.0, 50.0, 1320.0, 690.0], extra: "/Rotate 90" })
}

/// A ruled 表二 and 四 with 表三 between them set by alignment alone, on one
/// page (GBK-EUC-H).
pub fn mixed_ruled_borderless(
    organ: &str,
    t2: &[&'static str; 10],
    t3: &[[&'static str; 7]; 25],
    t4: &[&'static str; 15],
) -> Vec<u8> {
    let cmap = Cmap::Gbk;
    let mut content = text(&format!("{organ}2023年政府信息公开工作年度报告"), 60.0, 1180.0, 14.0, cmap);
    content += &text("二、主动公开政府信息情况", 40.0, 1150.0, 9.0, cmap);
    let (t, y) = table(&t2_cells(t2), &[120.0, 100.0, 100.0, 100.0], 40.0, 1140.0, cmap);
    content += &t;
    let (t, y) = borderless_t3_content(y - 14.0, t3, cmap);
    content += &t;
    content += &text("四、政府信息公开行政复议、行政诉讼情况", 40.0, y - 20.0, 9.0, cmap);
    let (t, _) = table(&t4_cells(t4), &[37.0; 15], 20.0, y - 26.0, cmap);
    content += &t;
    one_page(&content, cmap, PORTRAIT)
}

/// One line of text in an embedded TrueType font (Identity-H, glyph ids as
/// codes, no ToUnicode): the reader must read the font's own cmap.
pub fn truetype_line(font_program: &[u8], line: &str) -> Option<Vec<u8>> {
    let face = ttf_parser::Face::parse(font_program, 0).ok()?;
    let hex: String = line.chars().map(|c| format!("{:04X}", face.glyph_index(c).map_or(0, |g| g.0))).collect();
    let mut pdf = Pdf::new();
    let catalog = pdf.add(Vec::new());
    let pages = pdf.add(Vec::new());
    let file = pdf.add(Pdf::stream(&format!("/Length1 {}", font_program.len()), font_program));
    let descriptor = pdf.add(
        format!("<< /Type /FontDescriptor /FontName /Embedded /Flags 32 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 {file} 0 R >>").into_bytes(),
    );
    let cid = pdf.add(
        format!("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Embedded /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor {descriptor} 0 R /DW 600 >>").into_bytes(),
    );
    let font = pdf.add(
        format!(
            "<< /Type /Font /Subtype /Type0 /BaseFont /Embedded /Encoding /Identity-H /DescendantFonts [{cid} 0 R] >>"
        )
        .into_bytes(),
    );
    let stream = pdf.add(Pdf::stream("", format!("BT /F1 12 Tf 50 700 Td <{hex}> Tj ET").as_bytes()));
    let page = pdf.add(
        format!("<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 600 800] /Contents {stream} 0 R /Resources << /Font << /F1 {font} 0 R >> >> >>").into_bytes(),
    );
    pdf.set(catalog, format!("<< /Type /Catalog /Pages {pages} 0 R >>").into_bytes());
    pdf.set(pages, format!("<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>").into_bytes());
    Some(pdf.finish(catalog))
}

/// A page tree whose Kids point back at itself, and a form that draws itself.
pub fn cyclic() -> Vec<u8> {
    let mut pdf = Pdf::new();
    let catalog = pdf.add(Vec::new());
    let pages = pdf.add(Vec::new());
    let form = pdf.add(Vec::new());
    let stream = pdf.add(Pdf::stream("", b"/X0 Do 0 0 m 10 10 l S"));
    let page = pdf.add(
        format!("<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 600 800] /Contents {stream} 0 R /Resources << /XObject << /X0 {form} 0 R >> >> >>").into_bytes(),
    );
    pdf.set(
        form,
        Pdf::stream(
            &format!("/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X0 {form} 0 R >> >>"),
            b"/X0 Do",
        ),
    );
    pdf.set(catalog, format!("<< /Type /Catalog /Pages {pages} 0 R >>").into_bytes());
    pdf.set(pages, format!("<< /Type /Pages /Kids [{page} 0 R {pages} 0 R] /Count 2 >>").into_bytes());
    pdf.finish(catalog)
}

/// Two pages that only paint an image: a scan.
pub fn image_only() -> Vec<u8> {
    let mut pdf = Pdf::new();
    let catalog = pdf.add(Vec::new());
    let pages = pdf.add(Vec::new());
    let image = pdf.add(Pdf::stream(
        "/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8",
        &[0, 255, 255, 0],
    ));
    let stream = pdf.add(Pdf::stream("", b"q 600 0 0 800 0 0 cm /Im0 Do Q"));
    let mut kids = Vec::new();
    for _ in 0..2 {
        kids.push(pdf.add(
            format!("<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 600 800] /Contents {stream} 0 R /Resources << /XObject << /Im0 {image} 0 R >> >> >>").into_bytes(),
        ));
    }
    let kids: Vec<String> = kids.iter().map(|k| format!("{k} 0 R")).collect();
    pdf.set(catalog, format!("<< /Type /Catalog /Pages {pages} 0 R >>").into_bytes());
    pdf.set(pages, format!("<< /Type /Pages /Kids [{}] /Count 2 >>", kids.join(" ")).into_bytes());
    pdf.finish(catalog)
}

/// 表三 set by alignment alone from `top` down: its heading, header line
/// and rows; returns the content and the y below it.
fn borderless_t3_content(top: f32, values: &[[&'static str; 7]; 25], cmap: Cmap) -> (String, f32) {
    let labels: Vec<&str> =
        ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开", "（二）部分公开"]
            .into_iter()
            .chain(SUB_ITEMS)
            .chain(["（七）总计", "四、结转下年度继续办理"])
            .collect();
    let xs = [260.0, 310.0, 360.0, 410.0, 460.0, 510.0, 560.0];
    let heads = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"];
    let mut content = text("三、收到和处理政府信息公开申请情况", 40.0, top, 9.0, cmap);
    let mut y = top - 20.0;
    for (x, h) in xs.iter().zip(heads) {
        content += &text(h, *x, y, 6.0, cmap);
    }
    for (label, row) in labels.iter().zip(values) {
        y -= 16.0;
        content += &text(label, 20.0, y, 6.0, cmap);
        for (x, v) in xs.iter().zip(row) {
            content += &text(v, *x, y, 6.0, cmap);
        }
    }
    (content, y)
}

/// 表三 set by alignment alone, without a single ruling line (UCS-2 text).
pub fn borderless_t3(organ: &str, values: &[[&'static str; 7]; 25]) -> Vec<u8> {
    let cmap = Cmap::Ucs2;
    let mut content = text(&format!("{organ}2023年政府信息公开工作年度报告"), 60.0, 780.0, 14.0, cmap);
    content += &borderless_t3_content(750.0, values, cmap).0;
    one_page(&content, cmap, Page { media: [0.0, 0.0, 600.0, 800.0], extra: "" })
}

/// 表三 values of the hand-built samples.
pub fn t3_values() -> [[&'static str; 7]; 25] {
    let mut rows = [["0"; 7]; 25];
    rows[0] = ["12", "3", "0", "0", "1", "0", "16"];
    rows[2] = ["8", "2", "0", "0", "1", "0", "11"];
    rows[12] = ["4", "1", "0", "0", "0", "0", "5"];
    rows[23] = ["12", "3", "0", "0", "1", "0", "16"];
    rows
}

pub const T2: [&str; 10] = ["0", "0", "2", "5", "1", "30", "1024", "7", "0", "3.5"];
pub const T4: [&str; 15] = ["1", "0", "0", "1", "2", "0", "0", "0", "0", "0", "1", "0", "0", "0", "1"];

/// The hand-built PDF samples (samples/<name>.pdf): (name, organ, bytes).
pub fn samples() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    let t3 = t3_values();
    vec![
        ("cmap_gbk_euc", "示例县审计局", report(Cmap::Gbk, "示例县审计局", 2023, &T2, &t3, &T4)),
        ("cmap_unigb_ucs2", "示例市统计局", report(Cmap::Ucs2, "示例市统计局", 2023, &T2, &t3, &T4)),
        ("cmap_identity_gb1", "示例区民政局", report(Cmap::IdentityGb1, "示例区民政局", 2023, &T2, &t3, &T4)),
        ("borderless_t3", "示例县商务局", borderless_t3("示例县商务局", &t3)),
        ("type3_radicals", "示例市人民政府", report(Cmap::Type3, "示例市人民政府", 2023, &T2, &t3, &T4)),
        ("rotated_offset", "示例县民政局", rotated_report("示例县民政局", &T2, &t3, &T4)),
        ("ruled_and_borderless", "示例区工信局", mixed_ruled_borderless("示例区工信局", &T2, &t3, &T4)),
    ]
}

/// Pages of UCS-2 text lines: (text, x, y, size) per page.
pub fn text_pages(pages: &[Vec<(&str, f32, f32, f32)>]) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let catalog = pdf.add(Vec::new());
    let tree = pdf.add(Vec::new());
    let cid = pdf.add(
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /DW 1000 >>".to_vec(),
    );
    let font = pdf.add(format!("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-UniGB-UCS2-H /Encoding /UniGB-UCS2-H /DescendantFonts [{cid} 0 R] >>").into_bytes());
    let mut kids = Vec::new();
    for lines in pages {
        let content: String = lines.iter().map(|(t, x, y, size)| text(t, *x, *y, *size, Cmap::Ucs2)).collect();
        let stream = pdf.add(Pdf::stream("", content.as_bytes()));
        kids.push(pdf.add(
            format!("<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 600 800] /Contents {stream} 0 R /Resources << /Font << /F1 {font} 0 R >> >> >>").into_bytes(),
        ));
    }
    let kids: Vec<String> = kids.iter().map(|k| format!("{k} 0 R")).collect();
    pdf.set(catalog, format!("<< /Type /Catalog /Pages {tree} 0 R >>").into_bytes());
    pdf.set(tree, format!("<< /Type /Pages /Kids [{}] /Count {} >>", kids.join(" "), pages.len()).into_bytes());
    pdf.finish(catalog)
}
