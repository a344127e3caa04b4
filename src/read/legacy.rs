//! Legacy Word/WPS files (OLE2 .doc/.wps): the OLE2 directory says what the
//! file is (a Word document, a spreadsheet, a presentation, an encrypted
//! package); Word documents are converted to DOCX by LibreOffice
//! (`soffice`) in a private temporary folder, then read as DOCX. Each
//! conversion has its own LibreOffice profile so parallel workers do not
//! collide, and a timeout so a stuck conversion cannot hang a batch.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::error::Error;

pub const TIMEOUT: Duration = Duration::from_secs(120);

/// What an OLE2 compound file holds, judged by the streams its directory
/// really lists at the root (never by bytes found anywhere in the file: a
/// style named "Book Title" is not a workbook).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `WordDocument`: Word 97–2003 or WPS Writer.
    Word,
    /// `Workbook`/`Book`: Excel or WPS Spreadsheets (.xls/.et).
    Spreadsheet,
    /// `PowerPoint Document`: PowerPoint or WPS Presentation (.ppt/.dps).
    Presentation,
    /// `EncryptedPackage`/`EncryptionInfo`, or a Word stream marked encrypted.
    Encrypted,
}

/// Reads the OLE2 directory.
pub fn kind(bytes: &[u8]) -> Result<Kind, Error> {
    let mut cfb = cfb::CompoundFile::open(std::io::Cursor::new(bytes))
        .map_err(|e| Error::Legacy(format!("the OLE2 container is damaged ({e}); the file may be truncated")))?;
    let names: Vec<String> = cfb.read_root_storage().map(|e| e.name().to_string()).collect();
    let has = |n: &str| names.iter().any(|m| m.eq_ignore_ascii_case(n));
    if has("EncryptedPackage") || has("EncryptionInfo") {
        return Ok(Kind::Encrypted);
    }
    if has("WordDocument") {
        return Ok(if word_encrypted(&mut cfb) { Kind::Encrypted } else { Kind::Word });
    }
    if has("Workbook") || has("Book") {
        return Ok(Kind::Spreadsheet);
    }
    if has("PowerPoint Document") {
        return Ok(Kind::Presentation);
    }
    let mut listed: Vec<String> = names.into_iter().take(8).collect();
    listed.sort();
    Err(Error::NotADocument(format!(
        "an OLE2 compound file with no Word, WPS or Office stream (it holds: {})",
        if listed.is_empty() { "nothing".to_string() } else { listed.join(", ") }
    )))
}

/// The FIB's `fEncrypted` bit (flags at offset 0x0A, bit 0x0100): a Word
/// file protected by a password to open.
fn word_encrypted(cfb: &mut cfb::CompoundFile<std::io::Cursor<&[u8]>>) -> bool {
    use std::io::Read;
    let Ok(stream) = cfb.open_stream("/WordDocument") else { return false };
    let mut fib = [0u8; 12];
    if stream.take(12).read_exact(&mut fib).is_err() {
        return false;
    }
    u16::from_le_bytes([fib[10], fib[11]]) & 0x0100 != 0
}

/// What kind of OLE2 file this is, before spending a conversion on it.
pub fn classify(bytes: &[u8]) -> Result<(), Error> {
    match kind(bytes)? {
        Kind::Word => Ok(()),
        Kind::Encrypted => Err(Error::Encrypted),
        Kind::Spreadsheet => Err(Error::NotADocument("a legacy spreadsheet (.xls/.et), not a report document".into())),
        Kind::Presentation => {
            Err(Error::NotADocument("a legacy presentation (.ppt/.dps), not a report document".into()))
        }
    }
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
    use std::io::Write;

    /// A compound file with the given root streams (each with `data`).
    fn ole_with(streams: &[(&str, &[u8])]) -> Vec<u8> {
        let mut cfb = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).expect("create");
        for (name, data) in streams {
            let mut s = cfb.create_stream(format!("/{name}")).expect("stream");
            s.write_all(data).expect("write");
        }
        cfb.flush().expect("flush");
        cfb.into_inner().into_inner()
    }

    const FIB: &[u8] = &[0xEC, 0xA5, 0xC1, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    #[test]
    fn decided_by_the_streams_present() {
        // Word's built-in style "Book Title" is stored as UTF-16 in the style sheet.
        let styles: Vec<u8> = "Book Title".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(kind(&ole_with(&[("WordDocument", FIB), ("1Table", &styles)])).ok(), Some(Kind::Word));
        assert_eq!(kind(&ole_with(&[("Workbook", b"")])).ok(), Some(Kind::Spreadsheet));
        assert_eq!(kind(&ole_with(&[("Book", b"")])).ok(), Some(Kind::Spreadsheet));
        assert_eq!(kind(&ole_with(&[("PowerPoint Document", b"")])).ok(), Some(Kind::Presentation));
        assert_eq!(kind(&ole_with(&[("EncryptionInfo", b""), ("EncryptedPackage", b"")])).ok(), Some(Kind::Encrypted));
        let mut locked = FIB.to_vec();
        locked[11] = 0x01;
        assert_eq!(kind(&ole_with(&[("WordDocument", &locked)])).ok(), Some(Kind::Encrypted));
        assert!(matches!(kind(&ole_with(&[("Contents", b"")])), Err(Error::NotADocument(_))));
        assert!(matches!(classify(&ole_with(&[("Workbook", b"")])), Err(Error::NotADocument(_))));
    }

    #[test]
    fn a_damaged_container_is_an_error() {
        let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        bytes.extend([0u8; 600]);
        assert!(matches!(kind(&bytes), Err(Error::Legacy(_))));
    }
}
