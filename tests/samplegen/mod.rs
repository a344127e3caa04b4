//! Writes the project's own sample DOCX reports (samples/*.docx): real
//! WordprocessingML with the official merges, plus the variants real files
//! show (label typos, split tables, tracked changes, content controls, null
//! cells, a one-row （六）, an inconsistent report). Used by
//! `cargo run --example make_samples` and by the tests that check the
//! committed samples are what this code makes.

#![allow(dead_code)]

use std::io::Write;

/// What a sample report contains and which quirks it is written with.
#[derive(Clone)]
pub struct Spec {
    pub name: &'static str,
    pub title: [&'static str; 2],
    pub signature: &'static str,
    pub t2: [&'static str; 10],
    /// 表三 rows in document order: 25 (2021) or 23 (single （六）).
    pub t3: Vec<[&'static str; 7]>,
    pub t4: [&'static str; 15],
    pub single_other: bool,
    /// 表二 as four tables with captions instead of one grid.
    pub split_t2: bool,
    /// 表三 cut in two by a paragraph after row （四）2.
    pub split_t3: bool,
    /// Label typos and variants of FORMAT.md §6.1.
    pub variants: bool,
    /// Tracked changes, content controls, smart tags, alternate content.
    pub markup: bool,
    /// An unrelated contact table after 表四.
    pub contact_table: bool,
    /// Paragraphs of 一、总体情况 and of 五、存在的主要问题及改进情况.
    pub overview: &'static [&'static str],
    pub problems: &'static [&'static str],
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn run(text: &str) -> String {
    format!(r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r>"#, esc(text))
}

fn para(text: &str) -> String {
    format!("<w:p>{}</w:p>", run(text))
}

/// A cell; `\n` in the text starts a new paragraph.
fn tc(text: &str, props: &str) -> String {
    let paras: String = text.split('\n').map(para).collect();
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{paras}</w:tc>")
}

fn span(n: usize) -> String {
    format!(r#"<w:gridSpan w:val="{n}"/>"#)
}

const RESTART: &str = r#"<w:vMerge w:val="restart"/>"#;
const CONT: &str = "<w:vMerge/>";

fn table(widths: &[u32], rows: &[String]) -> String {
    let grid: String = widths.iter().map(|w| format!(r#"<w:gridCol w:w="{w}"/>"#)).collect();
    let borders: String = ["top", "left", "bottom", "right", "insideH", "insideV"]
        .iter()
        .map(|b| format!(r#"<w:{b} w:val="single" w:sz="4" w:space="0" w:color="000000"/>"#))
        .collect();
    let rows: String = rows.iter().map(|r| format!("<w:tr>{r}</w:tr>")).collect();
    format!(
        r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>{borders}</w:tblBorders></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>"#
    )
}

fn t2_tables(s: &Spec) -> Vec<String> {
    let v = &s.t2;
    let h = |cols: &[&str]| -> String {
        if cols.len() == 1 {
            format!("{}{}", tc("信息内容", ""), tc(cols[0], &span(3)))
        } else {
            cols.iter().fold(tc("信息内容", ""), |acc, c| acc + &tc(c, ""))
        }
    };
    let one = |label: &str, value: &str| format!("{}{}", tc(label, ""), tc(value, &span(3)));
    let three =
        |label: &str, a: &str, b: &str, c: &str| format!("{}{}{}{}", tc(label, ""), tc(a, ""), tc(b, ""), tc(c, ""));
    let title = |t: &str| tc(t, &span(4));
    let (repealed, fee, normative) = if s.variants {
        ("本年度止件数", "本年收费金额(单位:万元)", "规范性文件")
    } else {
        ("本年废止件数", "本年收费金额（单位：万元）", "行政规范性文件")
    };
    let blocks: Vec<(&str, Vec<String>)> = vec![
        (
            "第二十条第（一）项",
            vec![
                h(&["本年制发件数", repealed, "现行有效件数"]),
                three("规章", v[0], v[1], v[2]),
                three(normative, v[3], v[4], v[5]),
            ],
        ),
        ("第二十条第（五）项", vec![h(&["本年处理决定数量"]), one("行政许可", v[6])]),
        ("第二十条第（六）项", vec![h(&["本年处理决定数量"]), one("行政处罚", v[7]), one("行政强制", v[8])]),
        ("第二十条第（八）项", vec![h(&[fee]), one("行政事业性收费", v[9])]),
    ];
    let widths = [2400, 2200, 2200, 2200];
    if s.split_t2 {
        blocks.into_iter().flat_map(|(t, rows)| [para(t), table(&widths, &rows)]).collect()
    } else {
        let rows: Vec<String> =
            blocks.into_iter().flat_map(|(t, rows)| std::iter::once(title(t)).chain(rows)).collect();
        vec![table(&widths, &rows)]
    }
}

/// 表三 label cells, row by row, for the 2021 grid (or the one-row （六）).
fn t3_labels(s: &Spec) -> Vec<String> {
    let results = if s.variants { "三、本 年 度办 理 结果" } else { "三、本年度办理结果" };
    let n_results = if s.single_other { 20 } else { 22 };
    let mut rows = Vec::new();
    let top = |label: &str| tc(label, &span(3));
    rows.push(top(if s.variants {
        "一、本年度新收政府信息公开申请数量"
    } else {
        "一、本年新收政府信息公开申请数量"
    }));
    rows.push(top(if s.variants {
        "二、上年度结转政府信息公开申请数量"
    } else {
        "二、上年结转政府信息公开申请数量"
    }));
    let partial = if s.variants {
        "(二) 部分公开(区分处理的, 只计这一情形, 不计其他情形)"
    } else {
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    };
    let mut group: Vec<(&str, Vec<&str>)> = vec![
        ("（一）予以公开", vec![]),
        (partial, vec![]),
        (
            "（三）不予公开",
            vec![
                "1.属于国家秘密",
                if s.variants { "2.其他法律行政止公开" } else { "2.其他法律行政法规禁止公开" },
                if s.variants { "3.危及\"三安全一稳定\"" } else { "3.危及“三安全一稳定”" },
                "4.保护第三方合法权益",
                "5.属于三类内部事务信息",
                "6.属于四类过程性信息",
                "7.属于行政执法案卷",
                "8.属于行政查询事项",
            ],
        ),
        (
            "（四）无法提供",
            vec!["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"],
        ),
        (
            "（五）不予处理",
            vec![
                "1.信访举报投诉类申请",
                "2.重复申请",
                "3.要求提供公开出版物",
                if s.variants { "4.无正当理由大量反复 申请" } else { "4.无正当理由大量反复申请" },
                "5.要求行政机关确认或重新出具已获取信息",
            ],
        ),
    ];
    if s.single_other {
        group.push(("（六）其他处理", vec![]));
    } else {
        group.push((
            "（六）其他处理",
            vec![
                if s.variants {
                    "1. 申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
                } else {
                    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
                },
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                "3.其他",
            ],
        ));
    }
    group.push((if s.variants { "（七）总 计" } else { "（七）总计" }, vec![]));
    let mut first = true;
    for (label, subs) in group {
        let lead = if first { tc(results, RESTART) } else { tc("", CONT) };
        first = false;
        if subs.is_empty() {
            rows.push(format!("{lead}{}", tc(label, &span(2))));
        } else {
            for (i, sub) in subs.iter().enumerate() {
                let mid = if i == 0 { tc(label, RESTART) } else { tc("", CONT) };
                let lead = if i == 0 { lead.clone() } else { tc("", CONT) };
                rows.push(format!("{lead}{mid}{}", tc(sub, "")));
            }
        }
    }
    rows.push(top(if s.variants {
        "四、结转下一年度继续办理"
    } else {
        "四、结转下年度继续办理"
    }));
    assert_eq!(rows.len(), n_results + 3);
    rows
}

fn t3_tables(s: &Spec) -> Vec<String> {
    let corner = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
    let (business, research) =
        if s.variants { ("商业\n企业", "科研\n机构") } else { ("商业企业", "科研机构") };
    let header = vec![
        format!("{}{}", tc(corner, &format!("{}{RESTART}", span(3))), tc("申请人情况", &span(7))),
        format!(
            "{}{}{}{}",
            tc("", &format!("{}{CONT}", span(3))),
            tc("自然人", RESTART),
            tc("法人或其他组织", &span(5)),
            tc("总计", RESTART)
        ),
        format!(
            "{}{}{}{}{}{}{}{}",
            tc("", &format!("{}{CONT}", span(3))),
            tc("", CONT),
            tc(business, ""),
            tc(research, ""),
            tc("社会公益组织", ""),
            tc("法律服务机构", ""),
            tc("其他", ""),
            tc("", CONT)
        ),
    ];
    let labels = t3_labels(s);
    assert_eq!(labels.len(), s.t3.len());
    let data: Vec<String> =
        labels.iter().zip(&s.t3).map(|(l, vals)| vals.iter().fold(l.clone(), |acc, v| acc + &tc(v, ""))).collect();
    let widths = [900, 1300, 2600, 700, 700, 700, 700, 700, 700, 700];
    if s.split_t3 {
        // Cut after （四）2: the second part has no header and starts inside
        // the rowspans (as a page break leaves a Word table).
        let cut = 2 + 2 + 8 + 2;
        let first: Vec<String> = header.into_iter().chain(data[..cut].iter().cloned()).collect();
        vec![table(&widths, &first), para("（续表）"), table(&widths, &data[cut..])]
    } else {
        vec![table(&widths, &header.into_iter().chain(data).collect::<Vec<_>>())]
    }
}

fn t4_table(s: &Spec) -> String {
    let fields = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
    let split = |f: &str| if s.variants && f != "总计" { format!("{}\n{}", &f[..6], &f[6..]) } else { f.to_string() };
    let row0 = format!("{}{}", tc("行政复议", &span(5)), tc("行政诉讼", &span(10)));
    let row1 = fields.iter().fold(String::new(), |acc, f| acc + &tc(&split(f), RESTART))
        + &tc("未经复议直接起诉", &span(5))
        + &tc("复议后起诉", &span(5));
    let row2 = (0..5).fold(String::new(), |acc, _| acc + &tc("", CONT))
        + &fields.iter().chain(fields.iter()).fold(String::new(), |acc, f| acc + &tc(&split(f), ""));
    let mut row3 = s.t4.iter().fold(String::new(), |acc, v| acc + &tc(v, ""));
    if s.markup {
        // A tracked edit in the last value cell: the deleted old value must not be read.
        let last = tc(s.t4[14], "");
        let edited = format!(
            "<w:tc><w:tcPr></w:tcPr><w:p>{}<w:del w:id=\"9\" w:author=\"x\"><w:r><w:delText>99</w:delText></w:r></w:del></w:p></w:tc>",
            run(s.t4[14])
        );
        if let Some(pos) = row3.rfind(&last) {
            row3.replace_range(pos..pos + last.len(), &edited);
        }
    }
    table(&[600; 15], &[row0, row1, row2, row3])
}

/// Tracked changes and wrappers around body text, read as Word shows it.
fn markup_paragraphs() -> Vec<String> {
    vec![
        "<w:p><w:r><w:t>本年度</w:t></w:r><w:del w:id=\"1\" w:author=\"x\"><w:r><w:delText>未</w:delText></w:r></w:del>\
         <w:ins w:id=\"2\" w:author=\"x\"><w:r><w:t>按时</w:t></w:r></w:ins><w:r><w:t>完成年度报告编制。</w:t></w:r></w:p>"
            .to_string(),
        "<w:sdt><w:sdtPr><w:alias w:val=\"摘要\"/></w:sdtPr><w:sdtContent><w:p><w:smartTag w:uri=\"u\" w:element=\"place\">\
         <w:r><w:t>内容控件中的段落。</w:t></w:r></w:smartTag></w:p></w:sdtContent></w:sdt>"
            .to_string(),
        "<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:t>文本框</w:t></mc:Choice>\
         <mc:Fallback><w:t>文本框</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>"
            .to_string(),
    ]
}

pub fn document_xml(s: &Spec) -> String {
    let mut body: Vec<String> = vec![para(s.title[0])];
    if !s.title[1].is_empty() {
        body.push(para(s.title[1]));
    }
    body.push(para("本报告根据《中华人民共和国政府信息公开条例》编制。"));
    body.push(para("一、总体情况"));
    body.extend(s.overview.iter().map(|p| para(p)));
    if s.markup {
        body.extend(markup_paragraphs());
    }
    body.push(para("二、主动公开政府信息情况"));
    body.extend(t2_tables(s));
    body.push(para("三、收到和处理政府信息公开申请情况"));
    body.extend(t3_tables(s));
    body.push(para("四、政府信息公开行政复议、行政诉讼情况"));
    body.push(t4_table(s));
    body.push(para("五、存在的主要问题及改进情况"));
    body.extend(s.problems.iter().map(|p| para(p)));
    body.push(para("六、其他需要报告的事项"));
    body.push(para("本年度未收取信息处理费。"));
    if s.contact_table {
        body.push(para("联系方式"));
        body.push(table(
            &[3000, 3000],
            &[
                format!("{}{}", tc("联系人", ""), tc("电话", "")),
                format!("{}{}", tc("王某", ""), tc("0000-1234567", "")),
            ],
        ));
    }
    body.push(para(s.signature));
    let body: String = body.concat();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1000" w:bottom="1440" w:left="1000" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>"#
    )
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// A DOCX package holding `document_xml`.
pub fn docx_bytes(document_xml: &str) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        // A fixed timestamp keeps the bytes reproducible.
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default());
        for (name, data) in
            [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELS), ("word/document.xml", document_xml)]
        {
            zip.start_file(name, opts).expect("zip entry");
            zip.write_all(data.as_bytes()).expect("zip write");
        }
        zip.finish().expect("zip finish");
    }
    buf.into_inner()
}

fn rows(spec: &[(u32, u32, u32, u32, u32, u32)]) -> Vec<[&'static str; 7]> {
    spec.iter()
        .map(|&(a, b, c, d, e, f)| {
            let t = a + b + c + d + e + f;
            [a, b, c, d, e, f, t].map(|n| &*Box::leak(n.to_string().into_boxed_str()))
        })
        .collect()
}

/// The samples: each exercises a different part of the reader and mapper.
pub fn specs() -> Vec<Spec> {
    let zero = (0, 0, 0, 0, 0, 0);
    // 2021 rows: new, carried, granted, partial, denied×8, unable×3, rejected×5, other×3, total, forward.
    let mut basic = vec![(30, 4, 0, 0, 1, 0), (2, 0, 0, 0, 0, 0), (12, 2, 0, 0, 1, 0), (3, 1, 0, 0, 0, 0)];
    basic.extend([(1, 0, 0, 0, 0, 0), zero, zero, (2, 0, 0, 0, 0, 0), zero, (1, 0, 0, 0, 0, 0), zero, zero]);
    basic.extend([(6, 1, 0, 0, 0, 0), (1, 0, 0, 0, 0, 0), zero]);
    basic.extend([(2, 0, 0, 0, 0, 0), (1, 0, 0, 0, 0, 0), zero, zero, zero]);
    basic.extend([zero, zero, (1, 0, 0, 0, 0, 0)]);
    basic.extend([(30, 4, 0, 0, 1, 0), (2, 0, 0, 0, 0, 0)]);
    let mut single = vec![(8, 1, 0, 0, 0, 0), (1, 0, 0, 0, 0, 0), (5, 1, 0, 0, 0, 0), zero];
    single.extend([zero; 8]);
    single.extend([(2, 0, 0, 0, 0, 0), zero, zero]);
    single.extend([(1, 0, 0, 0, 0, 0), zero, zero, zero, zero]);
    single.extend([(1, 0, 0, 0, 0, 0), (9, 1, 0, 0, 0, 0), zero]);

    let mut single_rows = rows(&single);
    // Null cells as reports print them: a dash, 无, a blank.
    single_rows[4][2] = "—";
    single_rows[5][3] = "无";
    single_rows[6][4] = "";

    let mut bad_rows = rows(&basic);
    bad_rows[0][6] = "36"; // 一: 30+4+1 = 35, printed 36
    bad_rows[23][0] = "29"; // （七）总计 natural_person: results sum to 30

    let mut variant_rows = rows(&basic);
    variant_rows[0] = ["1,230", "４", "0", "0", "1", "0", "1,235"];
    variant_rows[23] = ["1,230", "４", "0", "0", "1", "0", "1,235"];
    variant_rows[2] = ["1,212件", "2", "0", "0", "1", "0", "1,215"];

    let basic = Spec {
        name: "basic_2021",
        title: ["示例市人民政府办公室", "2023年政府信息公开工作年度报告"],
        signature: "示例市人民政府办公室",
        t2: ["0", "0", "3", "12", "2", "45", "1520", "38", "4", "12.5"],
        t3: rows(&basic),
        t4: ["2", "1", "0", "1", "4", "1", "0", "0", "0", "1", "0", "0", "1", "0", "1"],
        single_other: false,
        split_t2: false,
        split_t3: false,
        variants: false,
        markup: false,
        contact_table: false,
        overview: &["本机关认真贯彻落实《条例》要求，扎实做好政府信息公开各项工作。"],
        problems: &["政务公开的深度和广度还需进一步拓展。"],
    };
    let variants = Spec {
        name: "variants_split",
        title: ["2022年示例县教育局政府信息公开工作年度报告", ""],
        signature: "示例县教育局",
        t2: ["/", "/", "/", "7", "1", "66", "２,４０１", "0", "0", "0.8"],
        t3: variant_rows,
        t4: ["0", "0", "0", "0", "0", "3", "1", "0", "0", "4", "0", "0", "0", "0", "0"],
        split_t2: true,
        split_t3: true,
        variants: true,
        markup: true,
        contact_table: true,
        ..basic.clone()
    };
    let single = Spec {
        name: "single_other_nulls",
        title: ["示例镇人民政府", "2024年度政府信息公开工作年度报告"],
        signature: "示例镇人民政府",
        t2: ["—", "—", "—", "0", "0", "5", "", "16", "无", "0"],
        t3: single_rows,
        t4: ["0"; 15],
        single_other: true,
        ..basic.clone()
    };
    let inconsistent = Spec {
        name: "inconsistent",
        title: ["示例区财政局2023年政府信息公开工作年度报告", ""],
        signature: "示例区财政局",
        t2: ["0", "0", "0", "2", "0", "20", "100", "3", "0", "0"],
        t3: bad_rows,
        t4: ["1", "0", "0", "0", "2", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"],
        ..basic.clone()
    };
    vec![basic, variants, single, inconsistent]
}

/// A distinct report per `i` (organ 示例{i}号局, 行政许可 = i, year 2021 + i % 4),
/// for batch tests that need many different files.
pub fn numbered(i: usize) -> Spec {
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    let mut spec = specs().swap_remove(0);
    spec.name = leak(format!("report_{i:04}"));
    spec.title = [leak(format!("示例{i}号局")), leak(format!("{}年政府信息公开工作年度报告", 2021 + i % 4))];
    spec.signature = spec.title[0];
    spec.t2[6] = leak(i.to_string());
    spec
}
