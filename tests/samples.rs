//! The committed samples: made by the generator, read back to the values
//! they were written with.

mod samplegen;

use std::path::Path;

use nianbao::Report;

fn convert(name: &str) -> Report {
    nianbao::convert_file(Path::new(&format!("samples/{name}.docx"))).expect("sample converts")
}

fn json(report: &Report) -> serde_json::Value {
    serde_json::to_value(report).expect("serialises")
}

#[test]
fn samples_are_what_the_generator_makes() {
    for spec in samplegen::specs() {
        let made = samplegen::docx_bytes(&samplegen::document_xml(&spec));
        let committed = std::fs::read(format!("samples/{}.docx", spec.name)).expect("sample exists");
        assert!(
            made == committed,
            "samples/{}.docx differs from the generator: run cargo run --example make_samples",
            spec.name
        );
    }
}

#[test]
fn samples_convert_to_their_expected_output() {
    for spec in samplegen::specs() {
        let got = json(&convert(spec.name));
        let text = std::fs::read_to_string(format!("samples/expected/{}.json", spec.name)).expect("expected output");
        let want: serde_json::Value = serde_json::from_str(&text).expect("expected is JSON");
        assert_eq!(got, want, "samples/{}.docx", spec.name);
    }
}

#[test]
fn basic_report_values() {
    let r = convert("basic_2021");
    let j = json(&r);
    assert_eq!(r.organ.as_deref(), Some("示例市人民政府办公室"));
    assert_eq!(r.year, Some(2023));
    assert_eq!(j["template"], "2021");
    assert_eq!(
        j["active_disclosure"]["normative_documents"],
        serde_json::json!({"issued": 12, "repealed": 2, "in_force": 45})
    );
    assert_eq!(j["active_disclosure"]["licensing"]["decisions"], 1520);
    assert_eq!(j["active_disclosure"]["fees"]["amount"], 12.5);
    assert_eq!(j["applications"]["new_received"]["natural_person"], 30);
    assert_eq!(j["applications"]["new_received"]["total"], 35);
    assert_eq!(j["applications"]["unable_not_held"]["commercial"], 1);
    assert_eq!(j["applications"]["other_misc"]["natural_person"], 1);
    assert!(j["applications"]["other"]["total"].is_null(), "three （六） rows, so `other` is null");
    assert_eq!(
        j["reviews_lawsuits"]["review"],
        serde_json::json!({"upheld": 2, "corrected": 1, "other": 0, "pending": 1, "total": 4})
    );
    assert_eq!(j["reviews_lawsuits"]["lawsuit_after_review"]["total"], 1);
    assert!(r.checks.is_empty(), "{:?}", r.checks);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert_eq!(r.sections.problems.as_deref(), Some("政务公开的深度和广度还需进一步拓展。"));
}

#[test]
fn variants_split_tables_and_markup() {
    let r = convert("variants_split");
    let j = json(&r);
    assert_eq!((r.organ.as_deref(), r.year), (Some("示例县教育局"), Some(2022)));
    // `/` is null; full-width digits with a thousands separator are a number.
    assert!(j["active_disclosure"]["regulations"]["issued"].is_null());
    assert_eq!(j["active_disclosure"]["normative_documents"]["repealed"], 1, "本年度止件数 is 本年废止件数");
    assert_eq!(j["active_disclosure"]["licensing"]["decisions"], 2401);
    assert_eq!(j["active_disclosure"]["fees"]["amount"], 0.8);
    assert_eq!(j["applications"]["new_received"]["natural_person"], 1230);
    assert_eq!(j["applications"]["new_received"]["commercial"], 4);
    assert_eq!(j["applications"]["granted"]["natural_person"], 1212, "1,212件");
    // Rows after the cut of 表三 are read from the continuation table.
    assert_eq!(j["applications"]["unable_unclear"]["total"], 0);
    assert_eq!(j["applications"]["rejected_petition"]["natural_person"], 2);
    assert_eq!(j["applications"]["carried_forward"]["total"], 2);
    assert_eq!(j["reviews_lawsuits"]["lawsuit_direct"]["total"], 4);
    // The tracked deletion `99` in the last cell of 表四 is not read.
    assert_eq!(j["reviews_lawsuits"]["lawsuit_after_review"]["total"], 0);
    assert_eq!(j["reviews_lawsuits"]["review"]["total"], 0);
    assert!(r.checks.is_empty(), "{:?}", r.checks);
    let overview = r.sections.overview.unwrap_or_default();
    assert!(overview.contains("本年度按时完成年度报告编制。"), "insertions kept, deletions dropped: {overview}");
    assert_eq!(overview.matches("文本框").count(), 1, "alternate content read once");
}

#[test]
fn single_other_row_and_null_cells() {
    let r = convert("single_other_nulls");
    let j = json(&r);
    assert_eq!((r.organ.as_deref(), r.year), (Some("示例镇人民政府"), Some(2024)));
    assert_eq!(j["applications"]["other"]["natural_person"], 1);
    assert_eq!(j["applications"]["other"]["total"], 1);
    for row in ["other_no_correction", "other_unpaid_fee", "other_misc"] {
        assert!(j["applications"][row]["total"].is_null(), "{row}");
    }
    assert!(j["applications"]["denied_state_secret"]["research"].is_null(), "— is null");
    assert!(j["applications"]["denied_other_law"]["social_welfare"].is_null(), "无 is null");
    assert!(j["applications"]["denied_three_safeties"]["legal_service"].is_null(), "blank is null");
    assert!(j["active_disclosure"]["regulations"]["in_force"].is_null());
    assert!(j["active_disclosure"]["licensing"]["decisions"].is_null());
    assert_eq!(j["active_disclosure"]["penalties"]["decisions"], 16);
    // Raw texts of null cells stay in provenance.
    let raw =
        r.provenance.iter().find(|p| p.path == "applications.denied_other_law.social_welfare").map(|p| p.raw.as_str());
    assert_eq!(raw, Some("无"));
    assert!(r.checks.is_empty(), "{:?}", r.checks);
}

#[test]
fn inconsistent_report_lists_exactly_its_failures() {
    let r = convert("inconsistent");
    let mut got: Vec<(String, String, i64, i64)> =
        r.checks.iter().map(|c| (c.rule.clone(), c.location.clone(), c.expected, c.found)).collect();
    got.sort();
    let want = [
        ("apps.balance", "natural_person", 32, 31),
        ("apps.balance", "total", 38, 37),
        ("apps.outcome_total", "natural_person", 30, 29),
        ("apps.row_total", "new_received", 35, 36),
        ("apps.row_total", "total", 34, 35),
        ("reviews.total", "review", 1, 2),
    ];
    let want: Vec<(String, String, i64, i64)> =
        want.iter().map(|(a, b, c, d)| (a.to_string(), b.to_string(), *c, *d)).collect();
    assert_eq!(got, want);
    // Checks never change a value.
    assert_eq!(r.applications.get("new_received", 6), Some(36));
}
