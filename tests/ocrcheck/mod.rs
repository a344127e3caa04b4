//! Whether the OCR tests can run: Tesseract with its Chinese model
//! (.ci/run installs both); they skip with a message where it is missing.

pub fn tesseract() -> bool {
    let ok = std::process::Command::new("tesseract")
        .arg("--list-langs")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).lines().any(|l| l.trim() == "chi_sim"));
    if !ok {
        eprintln!(
            "skipped: tesseract with chi_sim is not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim)"
        );
    }
    ok
}
