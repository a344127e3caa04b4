use super::*;
use crate::document::Table;

fn doc(src: &str) -> Document {
    match read(src.as_bytes()) {
        Ok(d) => d,
        Err(e) => panic!("read failed: {e}"),
    }
}

fn at(t: &Table, r: usize, c: usize) -> &str {
    t.at(r, c).map_or("<none>", |c| c.text.as_str())
}

/// The row of `t` whose cells include `label`, as texts left to right.
fn row_of<'a>(t: &'a Table, label: &str) -> Vec<&'a str> {
    (0..t.n_rows)
        .map(|r| t.row_cells(r))
        .find(|cells| cells.iter().any(|c| c.row_span == 1 && c.text == label))
        .map(|cells| cells.iter().map(|c| c.text.as_str()).collect())
        .unwrap_or_default()
}

fn values(t: &Table, label: &str) -> Vec<String> {
    let r = (0..t.n_rows).find(|&r| t.row_cells(r).iter().any(|c| c.row == r && c.text == label));
    r.map(|r| (3..10).map(|c| at(t, r, c).to_string()).collect()).unwrap_or_default()
}

const T3_TAB_CELLS: &str = "三、收到和处理政府信息公开申请情况\n\n\
\t（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\n\t申请人情况\n\n\
\t\n\t自然人\n\t法人或其他组织\n\t总计\n\n\
\t\n\t\n\t商业\n企业\n\t科研\n机构\n\t社会公益组织\n\t法律服务机构\n\t其他\n\t\n\n\
\t一、本年新收政府信息公开申请数量\n\t29\n\t1\n\t0\n\t0\n\t0\n\t0\n\t30\n\n\
\t三、本年度办理结果\n\t（一）予以公开\n\t4\n\t1\n\t0\n\t0\n\t0\n\t0\n\t5\n\n\
\t\n\t（三）不予公开\n\t1.属于国家秘密\n\t2\n\t0\n\t0\n\t0\n\t0\n\t0\n\t2\n\n\
\t\n\t\n\t2.其他法律行政法规禁止公开\n\t\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\n\
\t\n\t（七）总计\n\t29\n\t0\n\t0\n\t0\n\t0\n\t0\n\t29\n\n\
\t四、结转下年度继续办理\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\n\n\
四、政府信息公开行政复议、行政诉讼情况\n\n\
\t行政复议\n\t行政诉讼\n\n\t结果维持\n\t结果\n\n纠正\n\t其他\n\n结果\n\t尚未\n\n审结\n\t总计\n\t未经复议直接起诉\n\t复议后起诉\n\n\
\t\n\t\n\t\n\t\n\t\n\t结果\n\n维持\n\t结果\n\n纠正\n\t其他\n\n结果\n\t尚未\n\n审结\n\t总计\n\t结果维持\n\t结果纠正\n\t其他结果\n\t尚未审结\n\t总计\n\n\
\t1\n\t0\n\t2\n\t0\n\t3\n\t4\n\t0\n\t0\n\t1\n\t5\n\t0\n\t0\n\t0\n\t0\n\t0\n\n\n\
五、存在的主要问题及改进情况\n\n问题。\n";

#[test]
fn tab_prefixed_cells() {
    let d = doc(T3_TAB_CELLS);
    let ts: Vec<&Table> = d.tables().collect();
    assert_eq!(ts.len(), 2);
    let t3 = ts[0];
    assert_eq!(values(t3, "一、本年新收政府信息公开申请数量"), ["29", "1", "0", "0", "0", "0", "30"]);
    assert_eq!(values(t3, "（一）予以公开"), ["4", "1", "0", "0", "0", "0", "5"]);
    assert_eq!(values(t3, "1.属于国家秘密"), ["2", "0", "0", "0", "0", "0", "2"]);
    // A blank first value stays in its column.
    assert_eq!(values(t3, "2.其他法律行政法规禁止公开"), ["", "0", "0", "0", "0", "0", "0"]);
    assert_eq!(values(t3, "（七）总计")[6], "29");
    // The template's header, group labels spanning their rows.
    assert_eq!(at(t3, 2, 4), "商业企业");
    assert_eq!(at(t3, 5, 1), "（三）不予公开");
    assert_eq!(t3.at(6, 1).map(|c| (c.row, c.row_span)), Some((5, 2)));
    assert_eq!(t3.at(7, 0).map(|c| (c.text.as_str(), c.row, c.row_span)), Some(("三、本年度办理结果", 4, 4)));
    let t4 = ts[1];
    assert_eq!((t4.n_rows, t4.n_cols), (4, 15));
    let data: Vec<&str> = t4.row_cells(3).iter().map(|c| c.text.as_str()).collect();
    assert_eq!(data, ["1", "0", "2", "0", "3", "4", "0", "0", "1", "5", "0", "0", "0", "0", "0"]);
    assert_eq!(at(t4, 2, 6), "结果纠正");
    let paras: Vec<&str> = d.paragraphs().map(|p| p.text.as_str()).collect();
    assert_eq!(
        paras,
        [
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "问题。"
        ]
    );
    assert_eq!(d.notes.first().map(|n| n.0.as_str()), Some("flattened_text"));
}

#[test]
fn tab_separated_rows_with_shifts_and_a_middle_group_label() {
    let src = "二、主动公开政府信息情况\n\
第二十条第（一）项\t\t\t\n信息内容\t本年制发件数\t本年度止件数\t现行有效件数\n\n规章\t0\t0\t0\n行政规范性文件\t4\t0\t68\n\
第二十条第（五）项\t\t\t\n信息内容\t本年处理决定数量\t\t\n行政许可\t19785\t\t\n\
第二十条第（八）项\t\t\t\n信息内容\t本年收费金额（单位：万元）\t\t\n行政事业性收费\t1809.71\t\t\n\n\
三、收到和处理政府信息公开申请情况\n填报单位：某办公室\n\
(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)\t\t申请人情况\t\t\t\t\t\t总计\t\n\
一、本年度新收政府信息公开申请数量\t\t9\t0\t0\t0\t1\t0\t9\t\n\
\t\t4. 无正当理由大量反复申请\t0\t0\t0\t0\t0\t0\t0\n\
5.要求行政机关确认或重新出具已获取信息\t\t3\t0\t0\t0\t0\t0\t3\t\n\n\
\t\t1. 申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t1\t0\t0\t0\t0\t0\t1\n\
\t(六) 其他处理\t2. 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t2\t0\t0\t0\t0\t0\t2\n\
\t\t3.其他\t0\t0\t0\t0\t0\t0\t0\n\
\t(七) 总计\t\t8\t0\t0\t0\t0\t0\t8\n\
四、结转下年度继续办理\t\t\t1\t0\t0\t0\t1\t0\t2\n\
备注\t统计时间截 12 月 31 日。\t\t\t\t\t\t\t\t\n\n\
四、政府信息公开行政复议、行政诉讼情况\n\
行政复议\t\t\t\t\t行政诉讼\t\t\t\t\t\t\t\t\t\n\
13\t0\t8\t1\t22\t0\t0\t1\t3\t4\t5\t0\t0\t1\t6\n";
    let d = doc(src);
    let ts: Vec<&Table> = d.tables().collect();
    assert_eq!(ts.len(), 3);
    assert_eq!(row_of(ts[0], "行政规范性文件"), ["行政规范性文件", "4", "0", "68"]);
    assert_eq!(row_of(ts[0], "行政许可"), ["行政许可", "19785"]);
    assert_eq!(row_of(ts[0], "行政事业性收费"), ["行政事业性收费", "1809.71"]);
    assert_eq!(row_of(ts[0], "信息内容")[2], "本年度止件数");
    let t3 = ts[1];
    assert_eq!(values(t3, "一、本年度新收政府信息公开申请数量"), ["9", "0", "0", "0", "1", "0", "9"]);
    assert_eq!(values(t3, "5.要求行政机关确认或重新出具已获取信息"), ["3", "0", "0", "0", "0", "0", "3"]);
    assert_eq!(values(t3, "四、结转下年度继续办理"), ["1", "0", "0", "0", "1", "0", "2"]);
    // (六) printed on its middle row spans its group from the first row.
    let first = (0..t3.n_rows).find(|&r| at(t3, r, 2).starts_with("1. 申请人")).unwrap_or(0);
    assert_eq!(t3.at(first, 1).map(|c| (c.text.as_str(), c.row, c.row_span)), Some(("(六) 其他处理", first, 3)));
    assert_eq!(values(t3, "2. 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")[0], "2");
    let data: Vec<&str> = ts[2].row_cells(3).iter().map(|c| c.text.as_str()).collect();
    assert_eq!(data, ["13", "0", "8", "1", "22", "0", "0", "1", "3", "4", "5", "0", "0", "1", "6"]);
    // The remark and the filler lines stay paragraphs.
    let paras: Vec<&str> = d.paragraphs().map(|p| p.text.as_str()).collect();
    assert!(paras.contains(&"填报单位：某办公室"));
    assert!(paras.iter().any(|p| p.starts_with("备注")));
}

#[test]
fn one_cell_per_line_and_pipes_with_cut_headers() {
    // Variant 3: no placeholders; a wrapped label continues on the next line.
    let src = "第二十条第(一)项\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n规章\n0\n0\n0\n行政规范性文件\n2\n0\n45\n\
三、收到和处理政府信息公开申请情况\n(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)\n申请人情况\n自然人\n\
法人或其他组织\n总计\n商业企业\n科研机构\n社会公益组织\n法律服务机构\n其他\n\
一、本年新收政府信息公开申请数量\n7\n0\n0\n0\n0\n0\n7\n(六)其他处理\n\
2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理\n其政府信息公开申请\n1\n0\n0\n0\n0\n0\n1\n";
    let d = doc(src);
    let ts: Vec<&Table> = d.tables().collect();
    assert_eq!(row_of(ts[0], "行政规范性文件"), ["行政规范性文件", "2", "0", "45"]);
    assert_eq!(
        values(ts[1], "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        ["1", "0", "0", "0", "0", "0", "1"]
    );

    // Variant 4, a 2019 table 二 whose headers lost their second line.
    let src = "第二十条第(一)项 | |||\n信息内容 |\n本年新 |\n本年新 |\n对外公开总数量 |\n规章 |\n13 |\n13 |\n524 | ||\n\
第二十条第(五)项 | |||\n信息内容 |\n上一年项目数量 |\n本年增/减 |\n处理决定数量 | ||\n行政许可 |\n512 |\n+13 |\n2018 | ||\n\
四、政府信息公开行政复议、行政诉讼情况\n行政复议 |\n行政诉讼 | ||||\n结果维持 |\n结果 |\n其他 |\n尚未 |\n总计 |\n\
未经复议直接起诉 |\n复议后起诉 | |||\n结果 |\n结果 |\n其他 |\n尚未 |\n总计 |\n结果 |\n结果 |\n其他 |\n尚未 |\n总计 | ||\n\
0 |\n0 |\n0 |\n0 |\n0 |\n1 |\n0 |\n0 |\n0 |\n1 |\n0 |\n0 |\n0 |\n0 |\n0 |\n五、存在的主要问题及改进情况\n";
    let d = doc(src);
    let ts: Vec<&Table> = d.tables().collect();
    assert_eq!(row_of(ts[0], "信息内容"), ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"]);
    assert_eq!(row_of(ts[0], "行政许可"), ["行政许可", "512", "+13", "2018"]);
    assert_eq!(at(ts[1], 3, 5), "1");
    assert_eq!(at(ts[1], 3, 9), "1");
    assert_eq!(at(ts[1], 1, 2), "其他结果");
}

#[test]
fn encodings() {
    let src = "第二十条第（五）项\n信息内容\n本年处理决定数量\n行政许可\n4529\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(src);
    let utf16be: Vec<u8> = [0xFE, 0xFF].into_iter().chain(src.encode_utf16().flat_map(u16::to_be_bytes)).collect();
    let bom: Vec<u8> = b"\xEF\xBB\xBF".iter().copied().chain(src.bytes()).collect();
    for bytes in [gbk.into_owned(), utf16be, bom] {
        let d = read(&bytes).map_err(|e| e.to_string());
        let t = d.as_ref().ok().and_then(|d| d.tables().next().cloned());
        assert_eq!(t.map(|t| row_of(&t, "行政许可").join(" ")).as_deref(), Some("行政许可 4529"));
    }
}

#[test]
fn prose_mentioning_anchors_is_not_a_table() {
    let d = doc("依据《条例》第二十条第（一）项的规定公开。\n行政复议\n本年度未发生。\n");
    assert_eq!(d.tables().count(), 0);
    assert_eq!(d.paragraphs().count(), 3);
}

#[test]
fn empty_and_hostile_inputs() {
    assert!(matches!(read(b""), Err(TextError::NoText)));
    assert!(matches!(read(b"\n\t\n  \n"), Err(TextError::NoText)));
    let _ = read(b"\xff\xfe\x00\xd8 broken surrogate");
    let _ = read(b"\x81\x30\x81 \xc3\x28 \xa0\xa1 invalid UTF-8 and GBK");
    let mut state = 0x9E3779B97F4A7C15u64;
    let junk: Vec<u8> = (0..300_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 32) as u8
        })
        .collect();
    let _ = read(&junk);
    // Anchors followed by junk rows.
    let _ = read("第二十条\n信息内容\n\t\t\t\n勾稽关系\n一、\n1\n\t\n行政复议\n1\t2\t\t\n".repeat(2000).as_bytes());
}

#[test]
fn a_50_mb_line_is_read() {
    let mut s = "一、总体情况\n".to_string();
    s.push_str(&"政务公开\t1|".repeat(50 * 1024 * 1024 / 16));
    s.push('\n');
    let d = read(s.as_bytes());
    assert!(d.is_ok());
}

#[test]
fn annotated_labels_and_headers() {
    // Hubei 2020 glosses every label and header of 表二.
    let src = "第二十条第（五）项\n信息内容\n上一年项目数量（指2019年事项数）\n本年增/减（指2020年增加或减少的事项数，减用负值表示，如-8）\n\
处理决定数量（指2020年办件量）\n行政许可\n120\n-8\n3051\n\
其他对外管理服务事项（指行政许可以外的政务服务事项，包括行政确认、奖励、裁决、给付等）\n40\n+2\n998\n三、收到和处理政府信息公开申请情况\n";
    let d = doc(src);
    let t = d.tables().next().cloned().unwrap_or_default();
    assert_eq!(row_of(&t, "行政许可"), ["行政许可", "120", "-8", "3051"]);
    let other = (0..t.n_rows).find(|&r| at(&t, r, 0).starts_with("其他对外管理服务事项"));
    assert_eq!(other.map(|r| at(&t, r, 2)), Some("+2"));
}

#[test]
fn odd_numbering_does_not_stall() {
    // Found by fuzzing: an item numbered 0 once looped forever.
    let src = "\t（本列数据的勾稽关系为）\n\t一、本年新收\n\t1\n\t（三）不予公开\n\t0.属于国家秘密\n\t2\n\t0.其他\n\t3\n\t四、结转下年度继续办理\n\t4\n";
    let d = doc(src);
    let t = d.tables().next().cloned().unwrap_or_default();
    assert_eq!(values(&t, "0.属于国家秘密")[0], "2");
    assert_eq!(values(&t, "四、结转下年度继续办理")[0], "4");
}

#[test]
fn a_table_three_without_its_header_is_found_by_its_first_row() {
    let src = "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t5\t0\t0\t0\t0\t0\t5\n\
二、上年结转政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t0\n";
    let d = doc(src);
    let t = d.tables().next().cloned().unwrap_or_default();
    assert_eq!(values(&t, "二、上年结转政府信息公开申请数量"), ["1", "0", "0", "0", "0", "0", "1"]);
    assert_eq!(at(&t, 1, 3), "自然人");
}

#[test]
fn a_note_between_table_two_blocks() {
    let src = "第二十条第（一）项\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n规章\n0\n0\n0\n\
注：本机关无规章制定权。\n第二十条第（五）项\n信息内容\n本年处理决定数量\n行政许可\n812\n三、收到和处理政府信息公开申请情况\n";
    let d = doc(src);
    let ts: Vec<Table> = d.tables().cloned().collect();
    assert_eq!(ts.len(), 2);
    assert_eq!(row_of(&ts[1], "行政许可"), ["行政许可", "812"]);
    assert!(d.paragraphs().any(|p| p.text.starts_with("注：")));
}
