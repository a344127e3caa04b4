//! The project's own web-page and flattened-text samples (tests/webgen):
//! committed as the generator makes them, converted to their expected
//! output, and every value equal to the generator's own number.

#[path = "webgen/mod.rs"]
mod webgen;

use serde_json::Value;
use webgen::Spec;

fn convert(spec: &Spec) -> nianbao::Report {
    // Relative, as the expected outputs record it (tests run in the crate root).
    let path = format!("samples/{}", spec.file_name());
    nianbao::convert_file(std::path::Path::new(&path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A printed cell as the schema reads it: blank → null, `86400元` → 86400,
/// `12.5万元` → 125000, `+13` → 13.
fn value(printed: &str) -> Value {
    if let Some(wan) = printed.strip_suffix("万元") {
        return wan.parse::<f64>().map_or(Value::Null, |w| Value::from((w * 10000.0) as i64));
    }
    let t = printed.trim_end_matches('元');
    if t.is_empty() {
        return Value::Null;
    }
    match t.trim_start_matches('+').parse::<i64>() {
        Ok(n) => Value::from(n),
        Err(_) => t.parse::<f64>().map_or(Value::Null, Value::from),
    }
}

const T3_2021: [&str; 25] = [
    "new_received",
    "carried_over",
    "granted",
    "partially_granted",
    "denied_state_secret",
    "denied_other_law",
    "denied_three_safeties",
    "denied_third_party",
    "denied_internal_affairs",
    "denied_process_info",
    "denied_enforcement_case",
    "denied_administrative_query",
    "unable_not_held",
    "unable_needs_creation",
    "unable_unclear",
    "rejected_petition",
    "rejected_duplicate",
    "rejected_publication",
    "rejected_mass_repeat",
    "rejected_confirmation",
    "other_no_correction",
    "other_unpaid_fee",
    "other_misc",
    "total",
    "carried_forward",
];
const APP_COLS: [&str; 7] =
    ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"];
const REVIEW_FIELDS: [&str; 5] = ["upheld", "corrected", "other", "pending", "total"];

fn t2_paths(is_2019: bool) -> Vec<&'static str> {
    if is_2019 {
        vec![
            "regulations.produced",
            "regulations.published",
            "regulations.total_published",
            "normative_documents.produced",
            "normative_documents.published",
            "normative_documents.total_published",
            "licensing.previous_items",
            "licensing.change",
            "licensing.decisions",
            "other_services.previous_items",
            "other_services.change",
            "other_services.decisions",
            "penalties.previous_items",
            "penalties.change",
            "penalties.decisions",
            "coercion.previous_items",
            "coercion.change",
            "coercion.decisions",
            "fees.previous_items",
            "fees.change",
            "procurement.projects",
            "procurement.amount",
        ]
    } else {
        vec![
            "regulations.issued",
            "regulations.repealed",
            "regulations.in_force",
            "normative_documents.issued",
            "normative_documents.repealed",
            "normative_documents.in_force",
            "licensing.decisions",
            "penalties.decisions",
            "coercion.decisions",
            "fees.amount",
        ]
    }
}

fn at<'a>(v: &'a Value, path: &str) -> &'a Value {
    path.split('.').fold(v, |v, k| &v[k])
}

#[test]
fn samples_are_what_the_generator_makes() {
    for spec in webgen::specs() {
        let path = format!("{}/samples/{}", env!("CARGO_MANIFEST_DIR"), spec.file_name());
        let committed = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(committed == webgen::render(&spec), "{path} differs: run `cargo run --example make_web_samples`");
    }
}

#[test]
fn samples_convert_to_their_expected_output() {
    for spec in webgen::specs() {
        let path = format!("{}/samples/expected/{}.json", env!("CARGO_MANIFEST_DIR"), spec.name);
        let want: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("expected output")).expect("json");
        let have = serde_json::to_value(convert(&spec)).expect("json");
        assert_eq!(have, want, "{}", spec.name);
    }
}

#[test]
fn every_value_is_the_generators() {
    for spec in webgen::specs() {
        let report = convert(&spec);
        let j = serde_json::to_value(&report).expect("json");
        let name = spec.name;
        assert_eq!(j["template"], if spec.is_2019() { "2019" } else { "2021" }, "{name}");
        for (path, printed) in t2_paths(spec.is_2019()).iter().zip(&spec.t2) {
            assert_eq!(at(&j["active_disclosure"], path), &value(printed), "{name} active_disclosure.{path}");
        }
        let rows: Vec<&str> = if spec.is_2019() {
            T3_2021[..20].iter().chain(&["other"]).chain(&T3_2021[23..]).copied().collect()
        } else {
            T3_2021.to_vec()
        };
        assert_eq!(rows.len(), spec.t3.len());
        for (row, printed) in rows.iter().zip(&spec.t3) {
            for (col, p) in APP_COLS.iter().zip(printed) {
                assert_eq!(&j["applications"][row][col], &value(p), "{name} applications.{row}.{col}");
            }
        }
        for (k, printed) in spec.t4.iter().enumerate() {
            let group = ["review", "lawsuit_direct", "lawsuit_after_review"][k / 5];
            let field = REVIEW_FIELDS[k % 5];
            assert_eq!(&j["reviews_lawsuits"][group][field], &value(printed), "{name} {group}.{field}");
        }
        assert!(report.checks.is_empty(), "{name}: {:?}", report.checks);
        assert_eq!(report.year, spec.title.split('年').next().and_then(|y| y[y.len() - 4..].parse().ok()), "{name}");
    }
}

#[test]
fn organs_and_notes() {
    for spec in webgen::specs() {
        let report = convert(&spec);
        let j = serde_json::to_value(&report).expect("json");
        let organ = spec.title.split("20").next().unwrap_or("");
        assert_eq!(report.organ.as_deref(), Some(organ), "{}", spec.name);
        let flattened = j["warnings"].as_array().is_some_and(|w| w.iter().any(|w| w["code"] == "flattened_text"));
        let is_text = !spec.is_html();
        assert_eq!(flattened, is_text, "{}", spec.name);
    }
}

#[test]
fn page_chrome_stays_out_of_the_sections() {
    for spec in webgen::specs() {
        let report = convert(&spec);
        let other = report.sections.other_matters.as_deref().unwrap_or("");
        assert_eq!(other, "本机关本年度未收取信息处理费。", "{}", spec.name);
        let overview = report.sections.overview.as_deref().unwrap_or("");
        assert!(overview.starts_with("本年度，本机关坚持"), "{}: {overview}", spec.name);
    }
}
