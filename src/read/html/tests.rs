use super::*;
use crate::document::{Block, Table};

fn doc(html: &str) -> Document {
    match read(html.as_bytes()) {
        Ok(d) => d,
        Err(e) => panic!("read failed: {e}"),
    }
}

fn paras(d: &Document) -> Vec<&str> {
    d.paragraphs().map(|p| p.text.as_str()).collect()
}

fn tables(d: &Document) -> Vec<&Table> {
    d.tables().collect()
}

fn at(t: &Table, r: usize, c: usize) -> &str {
    t.at(r, c).map_or("<none>", |c| c.text.as_str())
}

#[test]
fn paragraphs_and_table_in_document_order() {
    let d = doc("<html><head><title>某局2023年政府信息公开工作年度报告_某市人民政府</title></head><body>\
        <div class=nav><a>首页</a><a>政务公开</a></div>\
        <p>一、总体情况</p><p>2023年，<span>我局</span>认真贯彻。</p>\
        <table><tr><td>信息内容</td><td>本年制发件数</td></tr><tr><td>规章</td><td>3</td></tr></table>\
        <p>六、其他需要报告的事项</p><p>扫一扫在手机打开当前页</p><div class=footer>版权所有 主办单位</div>\
        <script>var x = '<p>not text</p>';</script></body></html>");
    assert_eq!(paras(&d), ["一、总体情况", "2023年，我局认真贯彻。", "六、其他需要报告的事项"]);
    assert_eq!(d.meta_title.as_deref(), Some("某局2023年政府信息公开工作年度报告"));
    assert!(matches!(d.blocks[2], Block::Table(_)));
    let t = tables(&d)[0];
    assert_eq!((t.n_rows, t.n_cols), (2, 2));
    assert_eq!(at(t, 1, 1), "3");
}

#[test]
fn spans_breaks_and_fragments_in_cells() {
    let d = doc("<table>\
        <tr><td colspan=3 rowspan=3><p>（本列数据的勾稽关系为：…）</p></td><td colspan=7>申请人情况</td></tr>\
        <tr><td rowspan=2>自然人</td><td colspan=5>法人或其他组织</td><td rowspan=2>总计</td></tr>\
        <tr><td><p>商业</p><p>企业</p></td><td>科研<br/>机构</td><td><p>社会</p><p><span>公益</span>\n &nbsp; &nbsp;</p><p>组织</p></td>\
        <td>法律<p>服<span>务</span></p>机构</td><td>其他</td></tr>\
        <tr><td colspan=3>一、本年新收政府信息公开申请数量</td><td>&nbsp;217&nbsp;</td><td>1</td><td>&nbsp;</td><td></td><td>0</td><td>0</td><td>218</td></tr>\
        </table>");
    let t = tables(&d)[0];
    assert_eq!((t.n_rows, t.n_cols), (4, 10));
    assert_eq!(at(t, 2, 4), "商业\n企业");
    assert_eq!(at(t, 2, 5), "科研\n机构");
    assert_eq!(at(t, 2, 6), "社会\n公益\n组织");
    assert_eq!(at(t, 2, 7), "法律\n服务\n机构");
    assert_eq!(at(t, 2, 9), "总计");
    assert_eq!(at(t, 3, 3), "217");
    assert_eq!(at(t, 3, 5), "");
    assert_eq!(at(t, 3, 9), "218");
    assert_eq!(t.at(2, 0).map(|c| (c.row, c.row_span, c.col_span)), Some((0, 3, 3)));
}

#[test]
fn nested_tables_are_tables_of_their_own() {
    // A data table with a small table inside one cell.
    let d = doc("<table><tr><td>a</td><td>b</td><td><table><tr><td>x</td><td>y</td></tr></table></td></tr>\
        <tr><td>1</td><td>2</td><td>3</td></tr></table>");
    let ts = tables(&d);
    assert_eq!(ts.len(), 2);
    // The outer table first, then the nested one (as the DOCX reader does).
    assert_eq!(at(ts[0], 0, 2), "");
    assert_eq!(at(ts[0], 1, 2), "3");
    assert_eq!((ts[1].n_rows, ts[1].n_cols), (1, 2));
    assert_eq!(at(ts[1], 0, 1), "y");
}

#[test]
fn layout_tables_are_transparent() {
    let body = "2023年，本机关坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实政府信息公开条例。".repeat(8);
    let html = format!(
        "<table><tr><td class=left>栏目</td><td><p>某局2023年政府信息公开工作年度报告</p><p>{body}</p>\
         <table><tr><td>行政复议</td><td>行政诉讼</td></tr><tr><td>1</td><td>2</td></tr></table>\
         <p>五、存在的主要问题及改进情况</p></td></tr></table>"
    );
    let d = doc(&html);
    let ps = paras(&d);
    assert!(ps.contains(&"某局2023年政府信息公开工作年度报告"), "{ps:?}");
    assert!(ps.contains(&"五、存在的主要问题及改进情况"));
    let ts = tables(&d);
    assert_eq!(ts.len(), 1);
    assert_eq!(at(ts[0], 1, 1), "2");
    // Document order: the table sits between the body text and section 五.
    let kinds: Vec<bool> = d.blocks.iter().map(|b| matches!(b, Block::Table(_))).collect();
    assert_eq!(kinds, [false, false, false, true, false]);
}

#[test]
fn word_exported_html() {
    let html = "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><head>\
        <meta http-equiv=Content-Type content=\"text/html; charset=utf-8\">\
        <!--[if gte mso 9]><xml><o:DocumentProperties><o:Author>x</o:Author></o:DocumentProperties></xml><![endif]-->\
        <style>p.MsoNormal {mso-style-parent:\"\"; margin:0cm;}</style></head>\
        <body lang=ZH-CN style='tab-interval:21.0pt'><div class=WordSection1>\
        <p class=MsoNormal align=center style='text-align:center'><b><span style='font-size:22.0pt;\r\n\
        font-family:方正小标宋简体'>某县人民政府办公室<br>2022年政府信息公开工作年度报告<o:p></o:p></span></b></p>\
        <table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0>\
        <tr style='mso-yfti-irow:0'><td width=100 colspan=5 style='mso-border-alt:solid windowtext .5pt'>\
        <p class=MsoNormal align=center><span style='font-family:宋体'>行政复议<o:p></o:p></span></p></td></tr>\
        <tr><td><p class=MsoNormal>结果<br>维持</p></td><td><p class=MsoNormal>结果<o:p></o:p></p><p class=MsoNormal>纠正</p></td>\
        <td><p class=MsoNormal>其他<span lang=EN-US><o:p>&nbsp;</o:p></span>结果</p></td><td>尚未审\r\n结</td><td>总计</td></tr>\
        <![if !supportMisalignedColumns]><tr height=0><td width=100 style='border:none'></td></tr><![endif]>\
        </table><p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p></div></body></html>";
    let d = doc(html);
    assert_eq!(paras(&d), ["某县人民政府办公室", "2022年政府信息公开工作年度报告"]);
    let t = tables(&d)[0];
    assert_eq!(at(t, 0, 0), "行政复议");
    assert_eq!(at(t, 1, 0), "结果\n维持");
    assert_eq!(at(t, 1, 1), "结果\n纠正");
    assert_eq!(at(t, 1, 2), "其他 结果");
    assert_eq!(at(t, 1, 3), "尚未审结");
}

#[test]
fn gbk_pages_with_and_without_declaration() {
    let page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\
        <title>某局2021年政府信息公开工作年度报告</title></head><body><p>三、收到和处理政府信息公开申请情况</p></body></html>";
    let (gbk, _, _) = encoding_rs::GBK.encode(page);
    let d = read(&gbk).map_err(|e| e.to_string());
    assert_eq!(d.as_ref().map(|d| paras(d)).ok(), Some(vec!["三、收到和处理政府信息公开申请情况"]));
    let undeclared = page.replace("; charset=gb2312", "");
    let (gbk, _, _) = encoding_rs::GBK.encode(&undeclared);
    let d = read(&gbk).map_err(|e| e.to_string());
    assert_eq!(d.ok().and_then(|d| d.meta_title), Some("某局2021年政府信息公开工作年度报告".to_string()));
}

#[test]
fn publisher_metadata_goes_with_the_title() {
    let d = doc(
        "<title>报告</title><table><tr><td>索引号</td><td>0142768-8/2022-00185</td><td>发布机构</td><td>宁国市商务局</td></tr></table>\
        <p>湘乡市信访局2022年政府信息公开工作年度报告</p>",
    );
    assert_eq!(d.meta_title.as_deref(), Some("报告\n发布机构:宁国市商务局"));
    let d = doc("<p>索引号:4303000006/2023-1193064 发布机构:市信访局 发布目录:信息公开年度报告</p>");
    assert_eq!(d.meta_title.as_deref(), Some("发布机构:市信访局"));
}

#[test]
fn hidden_and_chrome_blocks_are_dropped() {
    let d = doc("<div class=\"bread-crumb\">当前位置：首页 &gt; 政务公开</div>\
        <div style=\"display: none\">隐藏</div><p>正文</p>\
        <div class=share>分享到：微信 微博</div><p>相关解读</p><p>下载：某局2022年报告.docx</p>\
        <div id=footer><table><tr><td>规章</td><td>1</td></tr></table></div>");
    assert_eq!(paras(&d), ["正文"]);
    // A "footer" that holds a table is kept: the table may be the report's.
    assert_eq!(tables(&d).len(), 1);
}

#[test]
fn empty_pages_are_errors() {
    assert!(matches!(read(b"<html><script>x()</script></html>"), Err(HtmlError::NoContent)));
}

#[test]
fn binary_garbage_and_invalid_utf8_do_not_panic() {
    let mut state = 0x2545F4914F6CDD1Du64;
    let mut junk = b"<html><table><tr><td rowspan=0 colspan=0>".to_vec();
    for _ in 0..200_000 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        junk.push((state >> 24) as u8);
    }
    let _ = read(&junk);
    let _ = read(b"<p>\xff\xfe\xc3\x28 \xe2\x82 valid</p>");
}

#[test]
fn a_50_mb_line_is_read() {
    let mut s = String::from("<html><body><p>");
    s.push_str(&"政务公开".repeat(50 * 1024 * 1024 / 12));
    s.push_str("</p><table><tr><td>规章</td><td>7</td></tr></table></body></html>");
    let d = doc(&s);
    assert_eq!(d.paragraphs().count(), 1);
    assert_eq!(at(tables(&d)[0], 0, 1), "7");
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    for tag in ["div", "span", "table", "td", "b", "p"] {
        let mut s = String::new();
        for _ in 0..10_000 {
            s.push_str(&format!("<{tag}>"));
        }
        s.push_str("深处");
        // Past the nesting bound the rest of the page is left out, and the
        // error says why.
        match read(s.as_bytes()) {
            Ok(_) => {}
            Err(e) => assert!(matches!(e, HtmlError::TooComplex(ref m) if m.contains("deeper")), "{tag}: {e}"),
        }
    }
    // Nested tables, each a real table.
    let mut s = String::new();
    for _ in 0..10_000 {
        s.push_str("<table><tr><td>x</td><td>");
    }
    s.push('1');
    assert!(read(s.as_bytes()).is_ok());
}

#[test]
fn absurd_spans_are_bounded() {
    let mut s = String::from("<table>");
    for _ in 0..3000 {
        s.push_str("<tr><td rowspan=99999999 colspan=99999999>x</td><td colspan=1000>y</td></tr>");
    }
    s.push_str("</table>");
    let d = doc(&s);
    let t = tables(&d)[0];
    assert!(t.n_rows * t.n_cols <= grid::MAX_TABLE_GRID);
    assert_eq!(t.at(0, 0).map(|c| c.col_span), Some(1000));
    assert!(d.notes.iter().any(|(code, _)| code == "table_truncated"));
}

#[test]
fn a_long_note_row_does_not_make_a_layout_table() {
    let note = "统计时间截至12月31日，12月31日前收到申请未办结的申请件列入第四项统计。".repeat(9);
    let mut rows = String::new();
    for k in 0..20 {
        rows.push_str(&format!(
            "<tr><td>第{k}行标签文字较长的一个单元格内容</td><td>{k}</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>{k}</td></tr>"
        ));
    }
    let d = doc(&format!("<table>{rows}<tr><td>备注</td><td colspan=7>{note}</td></tr></table>"));
    let t = tables(&d)[0];
    assert_eq!((t.n_rows, t.n_cols), (21, 8));
    assert_eq!(at(t, 3, 1), "3");
}

#[test]
fn a_page_rendered_by_javascript() {
    let d = doc("<html><head><title>某局2019年政府信息公开工作年度报告</title></head><body><div id=content></div>\
        <script>var content = \"<p>\\u4e00\\u3001\\u603b\\u4f53\\u60c5\\u51b5<\\/p>\" +\n\
        \"<table><tr><td colspan=\\\"2\\\">第二十条第（一）项<\\/td><\\/tr><tr><td>规章<\\/td><td>13<\\/td><\\/tr><\\/table>\";\n\
        document.getElementById('content').innerHTML = content;</script></body></html>");
    assert_eq!(paras(&d), ["一、总体情况"]);
    let t = tables(&d)[0];
    assert_eq!(at(t, 0, 0), "第二十条第（一）项");
    assert_eq!(at(t, 1, 1), "13");
    assert!(d.notes.iter().any(|(code, _)| code == "script_markup"));
}

#[test]
fn empty_spacer_tables_are_left_out() {
    let d = doc("<table><tr><td>&nbsp;</td><td><img src=a.gif></td></tr></table><p>正文</p>\
        <table><tr><td>规章</td><td></td></tr></table>");
    assert_eq!(tables(&d).len(), 1);
    assert_eq!(at(tables(&d)[0], 0, 0), "规章");
}
