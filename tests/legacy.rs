//! Legacy .doc through LibreOffice: converted when `soffice` is on PATH, a
//! clear error naming what to install when it is not.

use std::process::Command;

fn ole_doc() -> Vec<u8> {
    // An OLE2 file with a WordDocument stream (a FIB, not encrypted): a .doc
    // as far as the directory can tell.
    use std::io::Write;
    let mut cfb = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).expect("cfb");
    let mut s = cfb.create_stream("/WordDocument").expect("stream");
    s.write_all(&[0xEC, 0xA5, 0xC1, 0, 0, 0, 0, 0, 0, 0, 0, 0]).expect("write");
    drop(s);
    cfb.flush().expect("flush");
    cfb.into_inner().into_inner()
}

#[test]
fn without_libreoffice_the_error_says_what_to_install() {
    let tmp = tempfile::tempdir().expect("tmp");
    let doc = tmp.path().join("old.doc");
    std::fs::write(&doc, ole_doc()).expect("write");
    let o = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["convert", doc.to_str().expect("p")])
        .env("PATH", tmp.path())
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("old.doc") && stderr.contains("install") && stderr.contains("LibreOffice"), "{stderr}");
    let rec: serde_json::Value = serde_json::from_slice(&o.stdout).expect("error record");
    assert_eq!(rec["error"]["code"], "legacy");
}

#[test]
fn with_libreoffice_a_doc_converts_like_its_docx() {
    let Some(soffice) = nianbao::read::legacy::find_soffice() else {
        eprintln!("skipped: soffice not on PATH");
        return;
    };
    let tmp = tempfile::tempdir().expect("tmp");
    let profile = format!("-env:UserInstallation=file://{}/profile", tmp.path().display());
    let status = Command::new(soffice)
        .args(["--headless", &profile, "--convert-to", "doc", "--outdir"])
        .arg(tmp.path())
        .arg("samples/basic_2021.docx")
        .status()
        .expect("soffice runs");
    assert!(status.success());
    let doc = tmp.path().join("basic_2021.doc");
    let wps = tmp.path().join("basic_2021.wps");
    std::fs::copy(&doc, &wps).expect("copy");
    for (path, format) in [(&doc, "doc"), (&wps, "wps")] {
        let o = Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .args(["convert", path.to_str().expect("p")])
            .output()
            .expect("runs");
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
        let r: serde_json::Value = serde_json::from_slice(&o.stdout).expect("report");
        assert_eq!(r["source"]["format"], format);
        assert_eq!(r["organ"], "示例市人民政府办公室");
        assert_eq!(r["applications"]["new_received"]["total"], 35);
        assert_eq!(r["reviews_lawsuits"]["review"]["total"], 4);
    }
}
