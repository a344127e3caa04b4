//! Legacy Word/WPS files (OLE2 .doc/.wps): converted to DOCX by LibreOffice
//! (`soffice`) in a private temporary folder, then read as DOCX. Each
//! conversion has its own LibreOffice profile so parallel workers do not
//! collide, and a timeout so a stuck conversion cannot hang a batch.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::error::Error;

pub const TIMEOUT: Duration = Duration::from_secs(120);

/// Streams named in the OLE directory are UTF-16LE: look for them as such.
fn has_stream(bytes: &[u8], name: &str) -> bool {
    let needle: Vec<u8> = name.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// What kind of OLE2 file this is, before spending a conversion on it.
pub fn classify(bytes: &[u8]) -> Result<(), Error> {
    if has_stream(bytes, "EncryptedPackage") || has_stream(bytes, "EncryptionInfo") {
        return Err(Error::Encrypted);
    }
    if has_stream(bytes, "Workbook") || has_stream(bytes, "Book") {
        return Err(Error::NotADocument("a legacy spreadsheet (.xls/.et), not a report document".into()));
    }
    if has_stream(bytes, "PowerPoint Document") {
        return Err(Error::NotADocument("a legacy presentation (.ppt/.dps), not a report document".into()));
    }
    Ok(())
}

/// `soffice` (or `libreoffice`) on PATH.
pub fn find_soffice() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).flat_map(|dir| ["soffice", "libreoffice"].map(|n| dir.join(n))).find(|p| p.is_file())
}

/// Converts a legacy document to DOCX bytes.
pub fn to_docx(bytes: &[u8]) -> Result<Vec<u8>, Error> {
    classify(bytes)?;
    let soffice = find_soffice().ok_or_else(|| {
        Error::Legacy(
            "reading .doc/.wps needs LibreOffice: install it (e.g. apt install libreoffice-writer) so that \
             `soffice` is on PATH, or save the file as DOCX"
                .into(),
        )
    })?;
    let dir = tempfile::tempdir()?;
    let input = dir.path().join("input.doc");
    std::fs::write(&input, bytes)?;
    let out = dir.path().join("out");
    run(&soffice, dir.path(), &input, &out)?;
    std::fs::read(out.join("input.docx"))
        .map_err(|_| Error::Legacy("LibreOffice could not convert it (damaged or not a Word document)".into()))
}

fn run(soffice: &Path, dir: &Path, input: &Path, out: &Path) -> Result<(), Error> {
    let profile = format!("-env:UserInstallation=file://{}", dir.join("profile").display());
    let mut child = Command::new(soffice)
        .args(["--headless", "--norestore", "--nologo", &profile, "--convert-to", "docx", "--outdir"])
        .arg(out)
        .arg(input)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| Error::Legacy(format!("cannot start {}: {e}", soffice.display())))?;
    let start = Instant::now();
    loop {
        if child.try_wait()?.is_some() {
            return Ok(());
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(Error::Legacy(format!("LibreOffice took longer than {} s to convert it", TIMEOUT.as_secs())));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ole_with(stream: &str) -> Vec<u8> {
        let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        b.extend(vec![0u8; 512]);
        b.extend(stream.encode_utf16().flat_map(|u| u.to_le_bytes()));
        b
    }

    #[test]
    fn encrypted_and_spreadsheets_are_told_apart() {
        assert!(matches!(classify(&ole_with("EncryptedPackage")), Err(Error::Encrypted)));
        assert!(matches!(classify(&ole_with("Workbook")), Err(Error::NotADocument(_))));
        assert!(classify(&ole_with("WordDocument")).is_ok());
    }
}
