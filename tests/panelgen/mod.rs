//! The year-over-year samples (samples/panel_*): one district government
//! over four years under three names (a 2019-template web page for 2020,
//! DOCX for 2021-2023, a 上年结转 mismatch from 2022 to 2023), one of its
//! 街道办事处 (never merged with it), and a county bureau renamed between
//! 2021 and 2023 (2022 missing) that only the organ map
//! (samples/maps/organs.csv) joins. Used by `cargo run --example
//! make_samples` and by tests/panel.rs, which asserts the exact changes.
//! Needs `mod samplegen; mod webgen;` beside it.

#![allow(dead_code)]

use super::samplegen::{self, Spec};
use super::webgen;

/// The organ map sample: names the rules cannot join.
pub const ORGAN_MAP: &str = "name,key\n示例县农业局,示例县农业农村局\n";
pub const ORGAN_MAP_PATH: &str = "samples/maps/organs.csv";

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// 2021 表三 rows with the natural-person column only: (新收, 上年结转,
/// 予以公开, 部分公开, 不予公开-第三方, 无法提供-不掌握, 结转下年度); the rest
/// of the outcomes is 其他处理-其他, so every sum holds.
fn t3(
    new: u32,
    over: u32,
    granted: u32,
    partial: u32,
    third: u32,
    not_held: u32,
    forward: u32,
) -> Vec<[&'static str; 7]> {
    let total = new + over - forward;
    let misc = total - granted - partial - third - not_held;
    let row = |n: u32| -> [&'static str; 7] {
        let v = leak(n.to_string());
        [v, "0", "0", "0", "0", "0", v]
    };
    let mut rows = vec![row(new), row(over), row(granted), row(partial)];
    rows.extend((0..8).map(|i| row(if i == 3 { third } else { 0 })));
    rows.extend([row(not_held), row(0), row(0)]);
    rows.extend((0..5).map(|_| row(0)));
    rows.extend([row(0), row(0), row(misc)]);
    rows.extend([row(total), row(forward)]);
    rows
}

fn docx(name: &'static str, title: [&'static str; 2], signature: &'static str) -> Spec {
    Spec { name, title, signature, ..samplegen::specs().swap_remove(0) }
}

/// The DOCX samples of the panel.
pub fn docx_specs() -> Vec<Spec> {
    let problems_2022: &[&str] = &["一是政策解读形式较为单一。", "二是依申请公开答复质量有待提高。"];
    let problems_2023: &[&str] = &["一是政策解读形式较为单一。", "二是基层公开标准化建设仍需加强。"];
    let district = "示例市东湖区人民政府";
    vec![
        Spec {
            t2: ["0", "0", "2", "5", "1", "30", "1300", "40", "3", "10"],
            t3: t3(20, 2, 10, 3, 2, 4, 3),
            t4: ["1", "0", "0", "0", "1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"],
            problems: &["一是政策解读形式较为单一。"],
            ..docx("panel_donghu_2021", [district, "2021年政府信息公开工作年度报告"], district)
        },
        Spec {
            t2: ["0", "0", "2", "6", "1", "35", "1520", "38", "4", "12.5"],
            t3: t3(35, 3, 20, 5, 4, 6, 3),
            t4: ["2", "1", "0", "1", "4", "1", "1", "0", "0", "2", "0", "0", "0", "0", "0"],
            problems: problems_2022,
            ..docx("panel_donghu_2022", ["东湖区人民政府2022年度政府信息公开工作年度报告", ""], "东湖区人民政府")
        },
        Spec {
            t2: ["0", "0", "2", "6", "1", "35", "1600", "38", "4", "—"],
            // 上年结转 5, but 2022 carried 3 forward.
            t3: t3(28, 5, 13, 5, 4, 6, 5),
            t4: ["2", "0", "1", "1", "4", "1", "1", "0", "0", "2", "0", "0", "0", "0", "0"],
            problems: problems_2023,
            ..docx("panel_donghu_2023", ["东湖区政府2023年政府信息公开工作年度报告", ""], "东湖区政府")
        },
        Spec {
            t3: t3(6, 0, 4, 1, 0, 1, 0),
            ..docx(
                "panel_baihua_2023",
                ["示例市东湖区百花街道办事处", "2023年政府信息公开工作年度报告"],
                "东湖区百花街道办事处",
            )
        },
        Spec {
            t3: t3(12, 1, 6, 2, 1, 2, 2),
            ..docx("panel_farm_2021", ["示例县农业农村局2021年政府信息公开工作年度报告", ""], "示例县农业农村局")
        },
        Spec {
            t3: t3(15, 2, 9, 2, 1, 3, 2),
            ..docx("panel_farm_2023", ["示例县农业局2023年政府信息公开工作年度报告", ""], "示例县农业局")
        },
    ]
}

/// The 2020 report of the district, in the 2019 template, as a web page.
pub fn web_spec() -> webgen::Spec {
    let z = ["0"; 7];
    let np = |n: &'static str| [n, "0", "0", "0", "0", "0", n];
    // new, carried, granted, partial, denied×8, unable×3, rejected×5, other, total, forward.
    let mut t3 = vec![np("18"), np("1"), np("9"), np("2")];
    t3.extend([z, z, z, np("1"), z, z, z, z]);
    t3.extend([np("5"), z, z]);
    t3.extend([z; 5]);
    t3.extend([z, np("17"), np("2")]);
    webgen::Spec {
        name: "panel_donghu_2020",
        render: webgen::Render::Html2019,
        title: "示例市东湖区人民政府2020年政府信息公开工作年度报告",
        t2: vec![
            "0", "0", "1", "4", "4", "28", "96", "+2", "1250", "10", "0", "80", "35", "0", "36", "2", "0", "3", "5",
            "-1", "4", "52000元",
        ],
        t3,
        t4: ["1", "0", "0", "0", "1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"],
    }
}

/// Every panel sample: (file name, bytes).
pub fn files() -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = docx_specs()
        .iter()
        .map(|s| (format!("{}.docx", s.name), samplegen::docx_bytes(&samplegen::document_xml(s))))
        .collect();
    let web = web_spec();
    out.push((web.file_name(), webgen::render(&web)));
    out
}
