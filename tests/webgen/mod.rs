//! Writes the project's own web-page and flattened-text sample reports
//! (samples/web_*.html, samples/flat_*.txt): the national table layouts with
//! their merges, rendered as a clean CMS page, a Word "save as web page" in
//! GBK inside a layout table, a 2019-template page with blank cells, and the
//! four flattenings of FORMAT.md §6.2 in UTF-8, UTF-8 with BOM, GBK and
//! UTF-16. Used by `cargo run --example make_web_samples` and by the tests
//! that check the committed samples are what this code makes.

#![allow(dead_code)]

/// One grid cell: text (`\n` = line break), row span, column span.
#[derive(Clone)]
pub struct C {
    pub text: String,
    pub rs: usize,
    pub cs: usize,
}

fn c(text: &str, rs: usize, cs: usize) -> C {
    C { text: text.to_string(), rs, cs }
}

/// A table as rows of the cells that start in them.
pub type Grid = Vec<Vec<C>>;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Render {
    /// A CMS article page: nav, share box, footer, scripts, title only in `<title>`.
    HtmlClean,
    /// Word "save as web page" in GBK, wrapped in a page-layout table.
    HtmlWordGbk,
    /// The 2019 template, zeros left blank (`&nbsp;`).
    Html2019,
    /// The article only as a JavaScript string (`\uXXXX` escapes) that a
    /// script writes into the page.
    HtmlScript,
    /// One cell per line with a tab prefix, UTF-8 with BOM.
    TextTabCells,
    /// Tab-separated rows with merges expanded, GBK.
    TextRows,
    /// One cell per line, no placeholders, UTF-16LE with BOM.
    TextLines,
    /// `cell |` lines, UTF-8.
    TextPipes,
    /// One line per row, cells separated by spaces (text laid out by a PDF
    /// or a browser's copy), UTF-8.
    TextSpaces,
}

pub struct Spec {
    pub name: &'static str,
    pub render: Render,
    pub title: &'static str,
    pub t2: Vec<&'static str>,
    /// 表三 rows in template order (25 for 2021, 23 for 2019).
    pub t3: Vec<[&'static str; 7]>,
    pub t4: [&'static str; 15],
}

impl Spec {
    pub fn is_2019(&self) -> bool {
        matches!(self.render, Render::Html2019 | Render::HtmlScript)
    }

    pub fn is_html(&self) -> bool {
        matches!(self.render, Render::HtmlClean | Render::HtmlWordGbk | Render::Html2019 | Render::HtmlScript)
    }

    pub fn file_name(&self) -> String {
        let ext = match self.render {
            Render::HtmlClean | Render::Html2019 | Render::HtmlScript => "html",
            Render::HtmlWordGbk => "htm",
            _ => "txt",
        };
        format!("{}.{ext}", self.name)
    }
}

// ------------------------------------------------------------ the tables

fn t2_grid(s: &Spec) -> Grid {
    let v = &s.t2;
    let head = |cols: &[&str]| -> Vec<C> {
        let mut row = vec![c("信息内容", 1, 1)];
        let n = cols.len();
        for (k, h) in cols.iter().enumerate() {
            row.push(c(h, 1, if k + 1 == n { 4 - n } else { 1 }));
        }
        row
    };
    let data = |label: &str, vals: &[&str]| -> Vec<C> {
        let mut row = vec![c(label, 1, 1)];
        let n = vals.len();
        for (k, x) in vals.iter().enumerate() {
            row.push(c(x, 1, if k + 1 == n { 4 - n } else { 1 }));
        }
        row
    };
    let title = |t: &str| vec![c(t, 1, 4)];
    if s.is_2019() {
        vec![
            title("第二十条第（一）项"),
            head(&["本年新\n制作数量", "本年新\n公开数量", "对外公开总数量"]),
            data("规章", &v[0..3]),
            data("规范性文件", &v[3..6]),
            title("第二十条第（五）项"),
            head(&["上一年项目数量", "本年增/减", "处理决定数量"]),
            data("行政许可", &v[6..9]),
            data("其他对外管理服务事项", &v[9..12]),
            title("第二十条第（六）项"),
            head(&["上一年项目数量", "本年增/减", "处理决定数量"]),
            data("行政处罚", &v[12..15]),
            data("行政强制", &v[15..18]),
            title("第二十条第（八）项"),
            head(&["上一年项目数量", "本年增/减"]),
            data("行政事业性收费", &v[18..20]),
            title("第二十条第（九）项"),
            head(&["采购项目数量", "采购总金额"]),
            data("政府集中采购", &v[20..22]),
        ]
    } else {
        vec![
            title("第二十条第（一）项"),
            head(&["本年制发件数", "本年废止件数", "现行有效件数"]),
            data("规章", &v[0..3]),
            data("行政规范性文件", &v[3..6]),
            title("第二十条第（五）项"),
            head(&["本年处理决定数量"]),
            data("行政许可", &v[6..7]),
            title("第二十条第（六）项"),
            head(&["本年处理决定数量"]),
            data("行政处罚", &v[7..8]),
            data("行政强制", &v[8..9]),
            title("第二十条第（八）项"),
            head(&["本年收费金额（单位：万元）"]),
            data("行政事业性收费", &v[9..10]),
        ]
    }
}

const DENIED: [&str; 8] = [
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
];
const UNABLE: [&str; 3] = ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"];
const REJECTED: [&str; 5] = [
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
];
const OTHER: [&str; 3] = [
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
];

fn t3_grid(s: &Spec) -> Grid {
    let mut g: Grid = vec![
        vec![c("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3), c("申请人情况", 1, 7)],
        vec![c("自然人", 2, 1), c("法人或其他组织", 1, 5), c("总计", 2, 1)],
        ["商业\n企业", "科研\n机构", "社会公益组织", "法律服务机构", "其他"].iter().map(|t| c(t, 1, 1)).collect(),
    ];
    let vals = |k: usize| -> Vec<C> { s.t3[k].iter().map(|v| c(v, 1, 1)).collect() };
    let with = |mut head: Vec<C>, k: usize| -> Vec<C> {
        head.extend(vals(k));
        head
    };
    let results = if s.is_2019() { 20 } else { 22 };
    g.push(with(vec![c("一、本年新收政府信息公开申请数量", 1, 3)], 0));
    g.push(with(vec![c("二、上年结转政府信息公开申请数量", 1, 3)], 1));
    g.push(with(vec![c("三、本年度办理结果", results, 1), c("（一）予以公开", 1, 2)], 2));
    g.push(with(vec![c("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1, 2)], 3));
    let mut k = 4;
    let mut groups: Vec<(&str, &[&str])> =
        vec![("（三）不予公开", &DENIED), ("（四）无法提供", &UNABLE), ("（五）不予处理", &REJECTED)];
    if !s.is_2019() {
        groups.push(("（六）其他处理", &OTHER));
    }
    for (label, items) in groups {
        for (m, item) in items.iter().enumerate() {
            let mut head = Vec::new();
            if m == 0 {
                head.push(c(label, items.len(), 1));
            }
            head.push(c(item, 1, 1));
            g.push(with(head, k));
            k += 1;
        }
    }
    if s.is_2019() {
        g.push(with(vec![c("（六）其他处理", 1, 2)], k));
        k += 1;
    }
    g.push(with(vec![c("（七）总计", 1, 2)], k));
    g.push(with(vec![c("四、结转下年度继续办理", 1, 3)], k + 1));
    g
}

fn t4_grid(s: &Spec) -> Grid {
    let fields = ["结果\n维持", "结果\n纠正", "其他\n结果", "尚未\n审结", "总计"];
    let mut second: Vec<C> = fields.iter().map(|f| c(f, 2, 1)).collect();
    second.push(c("未经复议直接起诉", 1, 5));
    second.push(c("复议后起诉", 1, 5));
    let third: Vec<C> = fields.iter().chain(fields.iter()).map(|f| c(f, 1, 1)).collect();
    vec![vec![c("行政复议", 1, 5), c("行政诉讼", 1, 10)], second, third, s.t4.iter().map(|v| c(v, 1, 1)).collect()]
}

// ------------------------------------------------------------ HTML

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn html_table(g: &Grid, word: bool, blank_nbsp: bool) -> String {
    let mut out = String::from(if word {
        "<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;mso-yfti-tbllook:1184'>\n"
    } else {
        "<table border=\"1\" cellspacing=\"0\" align=\"center\"><tbody>\n"
    });
    for (r, row) in g.iter().enumerate() {
        out.push_str(&format!("<tr style='mso-yfti-irow:{r}'>"));
        for cell in row {
            let mut attrs = String::new();
            if cell.rs > 1 {
                attrs.push_str(&format!(" rowspan=\"{}\"", cell.rs));
            }
            if cell.cs > 1 {
                attrs.push_str(&format!(" colspan=\"{}\"", cell.cs));
            }
            let body = if cell.text.is_empty() {
                if blank_nbsp { "<p align=\"center\">&nbsp;</p>".to_string() } else { String::new() }
            } else if word {
                // Word: one <p class=MsoNormal> per line, runs in spans, source wrapped mid-word.
                cell.text
                    .split('\n')
                    .map(|l| {
                        format!(
                            "<p class=MsoNormal align=center style='text-align:center'><span style='font-size:10.5pt;\r\nfont-family:宋体'>{}<span lang=EN-US><o:p></o:p></span></span></p>",
                            esc(l)
                        )
                    })
                    .collect()
            } else {
                format!("<p>{}</p>", cell.text.split('\n').map(esc).collect::<Vec<_>>().join("</p><p>"))
            };
            out.push_str(&format!("<td{attrs} valign=\"center\">{body}</td>"));
        }
        out.push_str("</tr>\n");
    }
    out.push_str(if word { "</table>\n" } else { "</tbody></table>\n" });
    out
}

const OVERVIEW: &str = "本年度，本机关坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，持续推进政务公开。";

fn body_sections(s: &Spec, p: &dyn Fn(&str) -> String, table: &dyn Fn(&Grid) -> String) -> String {
    let mut out = String::new();
    out.push_str(&p(&format!("本报告所列数据统计期限为{}年1月1日至12月31日。", year(s))));
    out.push_str(&p("一、总体情况"));
    out.push_str(&p(OVERVIEW));
    out.push_str(&p("二、主动公开政府信息情况"));
    out.push_str(&table(&t2_grid(s)));
    out.push_str(&p("三、收到和处理政府信息公开申请情况"));
    out.push_str(&table(&t3_grid(s)));
    out.push_str(&p("四、政府信息公开行政复议、行政诉讼情况"));
    out.push_str(&table(&t4_grid(s)));
    out.push_str(&p("五、存在的主要问题及改进情况"));
    out.push_str(&p("政策解读的形式还需进一步丰富。"));
    out.push_str(&p("六、其他需要报告的事项"));
    out.push_str(&p("本机关本年度未收取信息处理费。"));
    out
}

fn year(s: &Spec) -> &str {
    s.title.split('年').next().map_or("2023", |y| &y[y.len().saturating_sub(4)..])
}

fn html_clean(s: &Spec) -> String {
    let p = |t: &str| format!("<p style=\"text-indent:2em\"><span>{}</span>&nbsp;</p>\n", esc(t));
    let table = |g: &Grid| html_table(g, false, s.is_2019());
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}_示例市人民政府门户网站</title>\n\
         <script>var _hmt = _hmt || []; document.write('<p>统计代码</p>');</script>\n<style>.nav{{display:block}}</style>\n</head>\n<body>\n\
         <div class=\"top-nav\"><ul><li><a href=\"/\">首页</a></li><li><a>政务公开</a></li><li><a>互动交流</a></li></ul></div>\n\
         <div class=\"breadcrumb\">当前位置：首页 &gt; 政府信息公开 &gt; 年度报告</div>\n\
         <div class=\"article\">\n<div class=\"info\">发布时间：2024-01-20 信息来源：示例市人民政府办公室</div>\n<div class=\"TRS_Editor\">\n{body}</div>\n</div>\n\
         <div class=\"share\">分享到：<a>微信</a><a>微博</a></div>\n<p>扫一扫在手机打开当前页</p>\n<p>相关解读</p>\n\
         <div id=\"footer\">主办单位：示例市人民政府办公室 网站标识码：0000000000</div>\n</body>\n</html>\n",
        title = esc(s.title),
        body = body_sections(s, &p, &table),
    )
}

/// A JavaScript string literal of `s`, non-ASCII as `\uXXXX`.
fn js_string(s: &str) -> String {
    let mut out = String::from("\"");
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '/' => out.push_str("\\/"),
            '\n' => out.push_str("\\n\" +\n  \""),
            c if c.is_ascii() => out.push(c),
            c => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
    out
}

fn html_script(s: &Spec) -> String {
    let p = |t: &str| format!("<p>{}</p>\n", esc(t));
    let table = |g: &Grid| html_table(g, false, true);
    format!(
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n</head>\n<body>\n\
         <div class=\"main\"><div id=\"ivs_content\"></div></div>\n<script type=\"text/javascript\">\n\
         // The CMS writes the article in on load.\nvar ivs_content = {body};\n\
         document.getElementById('ivs_content').innerHTML = ivs_content;\n</script>\n</body>\n</html>\n",
        title = esc(s.title),
        body = js_string(&body_sections(s, &p, &table)),
    )
}

fn html_word(s: &Spec) -> String {
    let p = |t: &str| {
        format!(
            "<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0'><span style='font-family:仿宋_GB2312;\r\nmso-hansi-font-family:\"Times New Roman\"'>{}<span lang=EN-US><o:p></o:p></span></span></p>\r\n",
            esc(t)
        )
    };
    let table = |g: &Grid| html_table(g, true, false);
    let (organ, rest) = s.title.split_once('年').map_or((s.title, ""), |(y, r)| (y, r));
    format!(
        "<html xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\">\r\n<head>\r\n\
         <meta http-equiv=Content-Type content=\"text/html; charset=gb2312\">\r\n<meta name=ProgId content=Word.Document>\r\n\
         <!--[if gte mso 9]><xml><o:DocumentProperties><o:Author>办公室</o:Author></o:DocumentProperties></xml><![endif]-->\r\n\
         <style><!-- p.MsoNormal {{mso-style-parent:\"\"; margin:0cm; font-size:10.5pt;}} --></style>\r\n</head>\r\n\
         <body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>\r\n\
         <table width=\"100%\" border=0><tr><td width=\"20%\" valign=top><p>网站导航</p></td><td>\r\n<div class=WordSection1>\r\n\
         <p class=MsoNormal align=center style='text-align:center'><b><span style='font-size:22.0pt'>{organ}年<br>{rest}<o:p></o:p></span></b></p>\r\n\
         {body}\r\n<![if !supportLineBreakNewLine]><br><![endif]>\r\n</div>\r\n</td></tr></table>\r\n</body>\r\n</html>\r\n",
        organ = esc(organ),
        rest = esc(rest),
        body = body_sections(s, &p, &table),
    )
}

// ------------------------------------------------------------ flattened text

/// Grid positions → (row, col, cell) with spans, for flattening.
fn placed(g: &Grid) -> Vec<(usize, usize, C)> {
    let mut taken: Vec<Vec<bool>> = Vec::new();
    let mut out = Vec::new();
    for (r, row) in g.iter().enumerate() {
        let mut col = 0;
        for cell in row {
            while taken.get(r).is_some_and(|t| t.get(col).copied().unwrap_or(false)) {
                col += 1;
            }
            for rr in r..r + cell.rs {
                if taken.len() <= rr {
                    taken.resize(rr + 1, Vec::new());
                }
                let t = &mut taken[rr];
                if t.len() < col + cell.cs {
                    t.resize(col + cell.cs, false);
                }
                t[col..col + cell.cs].fill(true);
            }
            out.push((r, col, cell.clone()));
            col += cell.cs;
        }
    }
    out
}

fn width(g: &Grid) -> usize {
    placed(g).iter().map(|(_, col, cell)| col + cell.cs).max().unwrap_or(0)
}

/// Variant 1: `\tcell` lines, a lone `\t` for each cell a rowspan from above
/// covers, continuation lines without a tab, blank lines between rows.
fn flat_tab_cells(g: &Grid) -> String {
    let cells = placed(g);
    let mut out = String::new();
    for r in 0..g.len() {
        // Cells covering this row from above (one placeholder each), in column order.
        let mut line: Vec<(usize, String)> = cells
            .iter()
            .filter(|(rr, _, cell)| *rr < r && rr + cell.rs > r)
            .map(|(_, col, _)| (*col, "\t\n".to_string()))
            .collect();
        for (_, col, cell) in cells.iter().filter(|(rr, _, _)| *rr == r) {
            // Blank lines inside a header cell, as seed 000 has them.
            let text = cell.text.replace("\n审结", "\n\n审结");
            line.push((*col, format!("\t{text}\n")));
        }
        line.sort_by_key(|(col, _)| *col);
        out.extend(line.into_iter().map(|(_, s)| s));
        out.push('\n');
    }
    out
}

/// Variant 2: one line per row, merges expanded into empty cells, cell
/// line breaks as nothing; 表三's label area shifted on one row (the label in
/// column 0, an extra empty cell, a trailing tab), as seed 001 has it.
fn flat_rows(g: &Grid) -> String {
    let w = width(g);
    let cells = placed(g);
    let mut out = String::new();
    for r in 0..g.len() {
        let mut row = vec![String::new(); w];
        for (_, col, cell) in cells.iter().filter(|(rr, _, _)| *rr == r) {
            row[*col] = cell.text.replace('\n', "");
        }
        let line = row.join("\t");
        let shifted = row.get(2).is_some_and(|t| t.starts_with("5.要求"));
        if shifted {
            let label = row[2].clone();
            let values = row[3..].join("\t");
            out.push_str(&format!("{label}\t\t{values}\t\n"));
        } else {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// Variant 3: every non-empty cell on its own line.
fn flat_lines(g: &Grid) -> String {
    let mut out = String::new();
    for (_, _, cell) in placed(g) {
        if !cell.text.is_empty() {
            out.push_str(&cell.text.replace('\n', ""));
            out.push('\n');
        }
    }
    out
}

/// Variant 4: `cell |` lines, two-line headers cut to their first line
/// (`结果 |`), a row's last cell followed by a `||` run.
fn flat_pipes(g: &Grid) -> String {
    let mut out = String::new();
    for row in g {
        for (k, cell) in row.iter().enumerate() {
            let first = cell.text.split('\n').next().unwrap_or("");
            let first = if cell.text.starts_with("商业") || cell.text.starts_with("科研") {
                cell.text.replace('\n', " ")
            } else {
                first.to_string()
            };
            let tail = if k + 1 == row.len() { " ||" } else { "" };
            out.push_str(&format!("{first} |{tail}\n"));
        }
    }
    out
}

/// Variant "spaces": one line per row, non-empty cells joined by spaces.
fn flat_spaces(g: &Grid) -> String {
    let mut out = String::new();
    for row in g {
        let cells: Vec<String> = row.iter().filter(|c| !c.text.is_empty()).map(|c| c.text.replace('\n', "")).collect();
        out.push_str(&cells.join("  "));
        out.push('\n');
    }
    out
}

fn text_report(s: &Spec, flatten: fn(&Grid) -> String) -> String {
    let (organ, rest) = s.title.split_once('年').map_or((s.title, ""), |(y, r)| (y, r));
    let mut out = format!("索引号:000000000/{y}-00001 发布机构:示例局 发布目录:信息公开年度报告\n\n", y = year(s));
    out.push_str(&format!("{organ}年\n\n{rest}\n\n"));
    out.push_str(&format!("本报告所列数据统计期限为{}年1月1日至12月31日。\n\n一、总体情况\n\n{OVERVIEW}\n\n", year(s)));
    out.push_str("二、主动公开政府信息情况\n\n");
    out.push_str(&flatten(&t2_grid(s)));
    out.push_str("\n三、收到和处理政府信息公开申请情况\n\n");
    out.push_str(&flatten(&t3_grid(s)));
    out.push_str("\n四、政府信息公开行政复议、行政诉讼情况\n\n");
    out.push_str(&flatten(&t4_grid(s)));
    out.push_str("\n五、存在的主要问题及改进情况\n\n政策解读的形式还需进一步丰富。\n\n六、其他需要报告的事项\n\n");
    out.push_str("本机关本年度未收取信息处理费。\n\n下载:报告.docx\n\n扫一扫在手机打开当前页\n\n相关解读\n");
    out
}

/// The sample's bytes.
pub fn render(s: &Spec) -> Vec<u8> {
    match s.render {
        Render::HtmlClean | Render::Html2019 => html_clean(s).into_bytes(),
        Render::HtmlScript => html_script(s).into_bytes(),
        Render::HtmlWordGbk => encoding_rs::GBK.encode(&html_word(s)).0.into_owned(),
        Render::TextTabCells => {
            let mut v = b"\xEF\xBB\xBF".to_vec();
            v.extend(text_report(s, flat_tab_cells).into_bytes());
            v
        }
        Render::TextRows => encoding_rs::GBK.encode(&text_report(s, flat_rows).replace('\n', "\r\n")).0.into_owned(),
        Render::TextLines => {
            let mut v = vec![0xFF, 0xFE];
            v.extend(text_report(s, flat_lines).encode_utf16().flat_map(u16::to_le_bytes));
            v
        }
        Render::TextPipes => text_report(s, flat_pipes).into_bytes(),
        Render::TextSpaces => text_report(s, flat_spaces).into_bytes(),
    }
}

fn rows(v: &[[u32; 7]]) -> Vec<[&'static str; 7]> {
    // Leak is fine: a handful of tiny strings in a test helper.
    v.iter().map(|r| r.map(|x| &*Box::leak(x.to_string().into_boxed_str()))).collect()
}

/// 2021 表三 rows: new, carried, granted, partial, denied×8, unable×3,
/// rejected×5, other×3, total, forward. Every sum holds.
fn t3_2021() -> Vec<[u32; 7]> {
    let z = [0; 7];
    vec![
        [40, 3, 1, 0, 2, 0, 46],
        [2, 0, 0, 0, 0, 0, 2],
        [15, 2, 0, 0, 1, 0, 18],
        [4, 0, 0, 0, 0, 0, 4],
        [1, 0, 0, 0, 0, 0, 1],
        z,
        [2, 0, 0, 0, 0, 0, 2],
        [3, 1, 0, 0, 0, 0, 4],
        z,
        [1, 0, 0, 0, 0, 0, 1],
        z,
        z,
        [9, 0, 1, 0, 1, 0, 11],
        [1, 0, 0, 0, 0, 0, 1],
        [2, 0, 0, 0, 0, 0, 2],
        [1, 0, 0, 0, 0, 0, 1],
        [1, 0, 0, 0, 0, 0, 1],
        z,
        z,
        z,
        [1, 0, 0, 0, 0, 0, 1],
        z,
        [1, 0, 0, 0, 0, 0, 1],
        [42, 3, 1, 0, 2, 0, 48],
        z,
    ]
}

/// 2019 表三 rows (one （六） row), zeros to be printed blank.
fn t3_2019() -> Vec<[&'static str; 7]> {
    let z = [""; 7];
    let mut v = vec![
        ["120", "6", "", "", "1", "", "127"],
        ["5", "", "", "", "", "", "5"],
        ["60", "3", "", "", "1", "", ""],
        ["8", "", "", "", "", "", ""],
    ];
    v.extend([z; 8]);
    v[6] = ["4", "", "", "", "", "", ""];
    v.extend([["30", "2", "", "", "", "", ""], z, ["6", "", "", "", "", "", ""]]);
    v.extend([["3", "", "", "", "", "", ""], ["2", "", "", "", "", "", ""], z, z, z]);
    v.push(z);
    v.push(["113", "5", "", "", "1", "", "119"]);
    v.push(["12", "1", "", "", "", "", "13"]);
    v
}

pub fn specs() -> Vec<Spec> {
    let t2 = vec!["0", "0", "0", "9", "2", "61", "3210", "415", "27", "86.35"];
    let t4 = ["3", "1", "0", "1", "5", "2", "0", "1", "1", "4", "1", "0", "0", "0", "1"];
    let text = |name, render| Spec {
        name,
        render,
        title: "示例市统计局2023年政府信息公开工作年度报告",
        t2: t2.clone(),
        t3: rows(&t3_2021()),
        t4,
    };
    vec![
        Spec {
            name: "web_2021_clean",
            render: Render::HtmlClean,
            title: "示例市交通运输局2023年政府信息公开工作年度报告",
            t2: t2.clone(),
            t3: rows(&t3_2021()),
            t4,
        },
        Spec {
            name: "web_2022_word_gbk",
            render: Render::HtmlWordGbk,
            title: "示例县人民政府办公室2022年政府信息公开工作年度报告",
            t2: vec!["1", "0", "4", "12", "3", "88", "20451", "1203", "56", "0"],
            t3: rows(&t3_2021()),
            t4: ["0"; 15],
        },
        Spec {
            name: "web_2019_blanks",
            render: Render::Html2019,
            title: "示例市人民政府办公厅2019年政府信息公开工作年度报告",
            t2: vec![
                "2", "2", "118", "35", "35", "410", "512", "+13", "2018", "96", "-4", "733", "7", "0", "155", "3", "0",
                "12", "4", "-1", "5", "86400元",
            ],
            t3: t3_2019(),
            t4: ["1", "", "", "1", "2", "3", "", "", "", "3", "", "", "", "", ""],
        },
        Spec {
            name: "web_2020_script",
            render: Render::HtmlScript,
            title: "示例区人民政府2020年政府信息公开工作年度报告",
            t2: vec![
                "0",
                "0",
                "0",
                "4",
                "4",
                "37",
                "88",
                "+6",
                "1302",
                "12",
                "0",
                "96",
                "0",
                "0",
                "0",
                "1",
                "0",
                "3",
                "0",
                "0",
                "2",
                "12.5万元",
            ],
            t3: t3_2019(),
            t4: ["0", "", "", "0", "0", "1", "", "", "1", "2", "", "", "", "", ""],
        },
        text("flat_tab_cells", Render::TextTabCells),
        text("flat_rows_gbk", Render::TextRows),
        text("flat_lines_utf16", Render::TextLines),
        text("flat_pipes", Render::TextPipes),
        text("flat_spaces", Render::TextSpaces),
    ]
}
