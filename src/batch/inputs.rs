//! What to convert: files, folders (recursive), glob patterns, zip archives
//! of attachments (members read in place, named `archive.zip!/member.pdf`)
//! and list files. Expansion only lists; bytes are loaded by the workers.

use std::io::{Read, Seek};
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::read::zipped;

/// One file to convert.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    /// The name shown in outputs: a path, or `archive.zip!/member`.
    pub name: String,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    File(PathBuf),
    /// Member `index` of a zip archive of attachments, whose local header
    /// is at `header_start` (read directly: opening an archive of 50,000
    /// members once per member would cost work growing with its square).
    Member {
        archive: PathBuf,
        index: usize,
        header_start: u64,
        compressed: u64,
    },
    /// A line of a list file that names nothing: reported, never dropped.
    Missing,
}

/// Files larger than this are refused before being read (`--max-file-size`).
pub const DEFAULT_MAX_FILE_BYTES: u64 = 200_000_000;

/// Extensions looked for inside folders and archives (a file named on the
/// command line is read whatever its name: the content decides).
pub const EXTENSIONS: &[&str] = &["docx", "pdf", "html", "htm", "shtml", "xhtml", "txt", "doc", "wps", "zip"];

impl Input {
    pub fn file(path: PathBuf) -> Input {
        Input { name: path.to_string_lossy().into_owned(), origin: Origin::File(path) }
    }

    /// The input's bytes; a file or member over `max` bytes is refused
    /// before it is read.
    pub fn load(&self, max: u64) -> Result<Vec<u8>, Error> {
        match &self.origin {
            Origin::File(path) => load_file(path, max),
            Origin::Member { archive, index, header_start, compressed } => {
                let mut file = std::fs::File::open(archive)?;
                file.seek(std::io::SeekFrom::Start(*header_start))?;
                // The local header, unless its sizes are in a trailing data
                // descriptor: then the archive's directory is read.
                if let Ok(Some(member)) = zip::read::read_zipfile_from_stream(&mut file)
                    && member.compressed_size() == *compressed
                {
                    return read_capped(member, max);
                }
                let mut zip = zip::ZipArchive::new(std::fs::File::open(archive)?)
                    .map_err(|e| Error::Zip(format!("cannot open the archive ({e}); the file may be truncated")))?;
                let member = zip.by_index(*index).map_err(|e| Error::Zip(e.to_string()))?;
                read_capped(member, max)
            }
            Origin::Missing => Err(Error::NotFound),
        }
    }

    /// The extension of the input's own name (for `doc` versus `wps`).
    pub fn extension(&self) -> Option<String> {
        Path::new(self.name.rsplit("!/").next().unwrap_or(&self.name))
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
    }
}

fn read_capped<R: Read>(member: zip::read::ZipFile<'_, R>, max: u64) -> Result<Vec<u8>, Error> {
    if member.size() > max {
        return Err(Error::TooLarge { bytes: member.size(), limit: max });
    }
    let name = member.name().to_string();
    let mut bytes = Vec::with_capacity(member.size() as usize);
    member
        .take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::Zip(format!("cannot inflate {name}: {e}; the archive may be corrupt")))?;
    if bytes.len() as u64 > max {
        return Err(Error::TooLarge { bytes: bytes.len() as u64, limit: max });
    }
    Ok(bytes)
}

/// Reads a file of at most `max` bytes. The size is checked before reading
/// and again while reading (a pipe or device has no size up front).
pub fn load_file(path: &Path, max: u64) -> Result<Vec<u8>, Error> {
    let file = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::NotFound,
        _ => Error::Io(e),
    })?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(Error::NotADocument("a folder".into()));
    }
    if meta.len() > max {
        return Err(Error::TooLarge { bytes: meta.len(), limit: max });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(Error::TooLarge { bytes: bytes.len() as u64, limit: max });
    }
    Ok(bytes)
}

/// Parses a size such as `200MB`, `1.5G`, `512KiB` or `1000000` (bytes).
/// K, M, G (with or without B) are powers of 1000; KiB, MiB, GiB of 1024.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: f64 = num.parse().map_err(|_| format!("{s}: expected a size such as 200MB, 1G or 5000000"))?;
    let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1_000,
        "m" | "mb" => 1_000_000,
        "g" | "gb" => 1_000_000_000,
        "kib" => 1 << 10,
        "mib" => 1 << 20,
        "gib" => 1 << 30,
        _ => return Err(format!("{s}: unknown unit (use B, KB, MB, GB, KiB, MiB or GiB)")),
    };
    let bytes = n * mult as f64;
    if !(1.0..=1e15).contains(&bytes) {
        return Err(format!("{s}: out of range"));
    }
    Ok(bytes as u64)
}

fn wanted(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

fn is_glob(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// Expands command-line arguments into inputs, in order: folders sorted,
/// archives by member order. A name that matches nothing is a usage error.
pub fn expand(args: &[String]) -> Result<Vec<Input>, String> {
    let mut out = Vec::new();
    for arg in args {
        expand_one(arg, &mut out)?;
    }
    Ok(out)
}

/// Expands the lines of a list file: a line that names nothing becomes an
/// input that fails as `not_found`, so one stale line neither stops a bulk
/// job nor vanishes from its results.
pub fn expand_listed(lines: &[String]) -> Vec<Input> {
    let mut out = Vec::new();
    for line in lines {
        if expand_one(line, &mut out).is_err() {
            out.push(Input { name: line.clone(), origin: Origin::Missing });
        }
    }
    out
}

fn expand_one(arg: &str, out: &mut Vec<Input>) -> Result<(), String> {
    let path = PathBuf::from(arg);
    if path.is_dir() {
        let mut found: Vec<PathBuf> = walkdir::WalkDir::new(&path)
            .follow_links(true)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .filter(|p| wanted(p))
            .collect();
        found.sort();
        for p in found {
            push_file(p, out);
        }
    } else if path.exists() {
        // Named explicitly: read whatever it is (a pipe, a misnamed file…).
        push_file(path, out);
    } else if is_glob(arg) {
        let paths = glob::glob(arg).map_err(|e| format!("{arg}: bad pattern: {e}"))?;
        let mut found: Vec<PathBuf> = paths.filter_map(Result::ok).filter(|p| p.is_file()).collect();
        if found.is_empty() {
            return Err(format!("{arg}: no file matches"));
        }
        found.sort();
        for p in found {
            push_file(p, out);
        }
    } else {
        return Err(format!("{arg}: no such file or folder"));
    }
    Ok(())
}

/// Reads a list file (`-` for standard input): one path or pattern a line;
/// blank lines and `#` comments skipped.
pub fn read_list(list: &str) -> Result<Vec<String>, String> {
    let text = if list == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s).map_err(|e| format!("standard input: {e}"))?;
        s
    } else {
        std::fs::read_to_string(list).map_err(|e| format!("{list}: {e}"))?
    };
    Ok(text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(String::from).collect())
}

/// A file, or the members of a zip archive of attachments. A zip that is an
/// office document, or holds no file of a report type, is one input: its
/// reader then says what it is (`empty_archive`, a damaged DOCX…), so a zip
/// the user named is never silently dropped.
fn push_file(path: PathBuf, out: &mut Vec<Input>) {
    match archive_members(&path) {
        Some(members) if !members.is_empty() => out.extend(members),
        _ => out.push(Input::file(path)),
    }
}

fn archive_members(path: &Path) -> Option<Vec<Input>> {
    let mut head = [0u8; 4];
    let mut file = std::fs::File::open(path).ok()?;
    file.read_exact(&mut head).ok()?;
    if &head[..2] != b"PK" {
        return None;
    }
    let mut zip = zip::ZipArchive::new(file).ok()?;
    if zipped::is_office(zip.file_names()) {
        return None;
    }
    let mut members = Vec::new();
    for index in 0..zip.len() {
        let Ok(f) = zip.by_index_raw(index) else { continue };
        if f.is_dir() {
            continue;
        }
        let name = member_name(f.name_raw(), f.name());
        if !is_report_member(&name) {
            continue;
        }
        members.push(Input {
            name: format!("{}!/{name}", path.display()),
            origin: Origin::Member {
                archive: path.to_path_buf(),
                index,
                header_start: f.header_start(),
                compressed: f.compressed_size(),
            },
        });
    }
    Some(members)
}

/// A member of an archive of attachments worth reading (nested archives
/// are not opened).
pub fn is_report_member(name: &str) -> bool {
    wanted(Path::new(name)) && !name.to_ascii_lowercase().ends_with(".zip")
}

/// Member names in Chinese zips are often GBK without the UTF-8 flag.
fn member_name(raw: &[u8], decoded: &str) -> String {
    if std::str::from_utf8(raw).is_ok() {
        return decoded.to_string();
    }
    let (text, _, bad) = encoding_rs::GBK.decode(raw);
    if bad { decoded.to_string() } else { text.into_owned() }
}

/// Keeps the inputs of shard `k` of `n` (1-based), by a hash of the name so
/// a file stays in its shard whatever else is in the list.
pub fn shard(inputs: Vec<Input>, k: usize, n: usize) -> Vec<Input> {
    inputs.into_iter().filter(|i| fnv1a(i.name.as_bytes()) % n as u64 == (k - 1) as u64).collect()
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3))
}

/// Parses `K/N` with 1 ≤ K ≤ N.
pub fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let (k, n) = s.split_once('/').ok_or_else(|| format!("--shard {s}: expected K/N, e.g. 1/4"))?;
    let k: usize = k.trim().parse().map_err(|_| format!("--shard {s}: K is not a number"))?;
    let n: usize = n.trim().parse().map_err(|_| format!("--shard {s}: N is not a number"))?;
    if k == 0 || n == 0 || k > n {
        return Err(format!("--shard {s}: need 1 ≤ K ≤ N"));
    }
    Ok((k, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_partition_the_inputs() {
        let inputs: Vec<Input> = (0..100).map(|i| Input::file(PathBuf::from(format!("f{i}.pdf")))).collect();
        let parts: Vec<Vec<Input>> = (1..=3).map(|k| shard(inputs.clone(), k, 3)).collect();
        assert_eq!(parts.iter().map(Vec::len).sum::<usize>(), 100);
        assert!(parts.iter().all(|p| !p.is_empty()));
        assert_eq!(parse_shard("2/4"), Ok((2, 4)));
        assert!(parse_shard("0/4").is_err() && parse_shard("5/4").is_err() && parse_shard("x").is_err());
    }

    #[test]
    fn gbk_member_names_decode() {
        let (raw, _, _) = encoding_rs::GBK.encode("年报.pdf");
        assert_eq!(member_name(&raw, "mojibake"), "年报.pdf");
    }
}
