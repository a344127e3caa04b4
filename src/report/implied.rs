//! What a row's own total implies for a doubtful OCR reading (item 6 of
//! the scan work): where a row's sum fails and exactly one of its values
//! was read below the confidence bar, the sum pins that value down. The
//! warning says so; the value stays as read (checks never change values).

use super::schema::{APP_COLS, APP_ROWS, REVIEW_FIELDS, REVIEW_GROUPS};
use super::{OCR_LOW_CONFIDENCE, Report, Warning};

/// One `ocr_sum_implies` warning per doubtful value a failing row total
/// pins down.
pub fn warnings(report: &Report) -> Vec<Warning> {
    let unsure = |path: &str| {
        report
            .provenance
            .iter()
            .any(|p| p.path == path && p.ocr && p.confidence.is_some_and(|c| c < OCR_LOW_CONFIDENCE))
    };
    let mut out = Vec::new();
    let mut row = |prefix: String, keys: Vec<&str>, values: &[Option<i64>]| {
        // The last value is the total of the others.
        let paths: Vec<String> = keys.iter().map(|k| format!("{prefix}.{k}")).collect();
        let Some(values) = values.iter().copied().collect::<Option<Vec<i64>>>() else { return };
        let (parts, total) = values.split_at(values.len() - 1);
        let sum: i64 = parts.iter().sum();
        if sum == total[0] {
            return;
        }
        let doubtful: Vec<usize> = (0..values.len()).filter(|&i| unsure(&paths[i])).collect();
        let [i] = doubtful[..] else { return };
        let implied = if i == values.len() - 1 { sum } else { total[0] - (sum - values[i]) };
        if implied >= 0 {
            out.push(Warning {
                code: "ocr_sum_implies".into(),
                message: format!(
                    "{}: read as {} by OCR, unsure; the row's total implies {implied} (the value is kept as read)",
                    paths[i], values[i]
                ),
            });
        }
    };
    let app_keys: Vec<&str> = APP_COLS.iter().map(|c| c.0).collect();
    for (ri, (key, _)) in APP_ROWS.iter().enumerate() {
        row(format!("applications.{key}"), app_keys.clone(), &report.applications.rows[ri]);
    }
    let review_keys: Vec<&str> = REVIEW_FIELDS.iter().map(|c| c.0).collect();
    for (gi, (key, _)) in REVIEW_GROUPS.iter().enumerate() {
        row(format!("reviews_lawsuits.{key}"), review_keys.clone(), &report.reviews_lawsuits.groups[gi]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_doubtful_value_gets_what_its_row_total_implies() {
        let mut r = crate::convert_file(std::path::Path::new("samples/basic_2021.docx")).expect("sample");
        let ri = APP_ROWS.iter().position(|(k, _)| *k == "new_received").expect("row");
        let right = r.applications.rows[ri][0].expect("a value");
        r.applications.rows[ri][0] = Some(right + 80);
        let path = "applications.new_received.natural_person";
        let p = r.provenance.iter_mut().find(|p| p.path == path).expect("provenance");
        (p.ocr, p.confidence) = (true, Some(0.3));
        let w = warnings(&r);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].message.contains(&format!("implies {right}")), "{}", w[0].message);
        // A sure reading is left alone: the sum cannot say which value is wrong.
        let p = r.provenance.iter_mut().find(|p| p.path == path).expect("provenance");
        p.confidence = Some(0.9);
        assert!(warnings(&r).is_empty());
    }
}
