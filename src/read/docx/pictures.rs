//! Tables pasted as pictures into a DOCX: the pictures of the running text
//! that stand where a statistical table should (`read::pictures`) are
//! read from `word/media/` through OCR, and their tables take the
//! pictures' places among the blocks.

use quick_xml::Reader;
use quick_xml::events::Event;

use super::{attr, zipped};
use crate::document::{Block, Document};
use crate::error::Error;
use crate::read::pictures::{self, Slot};
use crate::read::scan::{self, Picture, Place};

/// Pictures of the running text kept track of; a report has a few.
pub const MAX_PICTURES: usize = 1024;
/// A picture file larger than this is not read (a screenshot is well under).
const MAX_PICTURE_BYTES: u64 = 32 << 20;
/// EMU per point (DrawingML's unit).
const EMU_PER_PT: f32 = 12_700.0;
/// The width a picture of unknown size is taken to be shown at: the text
/// width of an A4 page.
const TEXT_WIDTH_PT: f32 = 432.0;

/// A picture in running text: the block it stands before, its
/// relationship id, and its shown size (EMU) when the drawing says.
#[derive(Debug)]
pub struct Anchor {
    pub at: usize,
    pub rel: String,
    pub extent: Option<(u64, u64)>,
}

/// Reads the tables of the pictures that stand where a table should, and
/// puts them in their places. Pictures that cannot be read leave a note;
/// without OCR the report says why its tables are missing.
pub fn read_tables(
    archive: &mut zipped::Archive<'_>,
    part: &str,
    doc: &mut Document,
    anchors: Vec<Anchor>,
) -> Result<(), Error> {
    if anchors.is_empty() {
        return Ok(());
    }
    let big = |a: &Anchor| {
        a.extent.is_none_or(|(cx, cy)| pictures::shown_big(cx as f32 / EMU_PER_PT, cy as f32 / EMU_PER_PT))
    };
    let wanted = pictures::wanted(slots(&doc.blocks, &anchors, big));
    if wanted.is_empty() {
        return Ok(());
    }
    if let Some(note) = pictures::ocr_off(wanted.len()) {
        doc.notes.push(note);
        return Ok(());
    }
    let targets = relationships(archive, part)?;
    let mut pics = Vec::new();
    let mut placed = Vec::new();
    for i in wanted {
        let a = &anchors[i];
        let Some((_, target)) = targets.iter().find(|(id, _)| *id == a.rel) else { continue };
        let image = match zipped::read_member(archive, target, MAX_PICTURE_BYTES)
            .map(|b| b.map(|b| scan::decode_picture(&b)))
        {
            Ok(Some(Ok(g))) => g,
            Ok(None) => continue,
            Ok(Some(Err(e))) => {
                doc.notes.push((e.code().into(), format!("{target}: a picture where a table should be: {e}")));
                continue;
            }
            Err(e) => {
                doc.notes.push((e.code().into(), format!("a picture where a table should be: {e}")));
                continue;
            }
        };
        if image.w < pictures::MIN_SIDE || image.h < pictures::MIN_SIDE / 3 {
            continue;
        }
        let (w, h) = match a.extent {
            Some((cx, cy)) => (cx as f32 / EMU_PER_PT, cy as f32 / EMU_PER_PT),
            None => (TEXT_WIDTH_PT, TEXT_WIDTH_PT * image.h as f32 / image.w as f32),
        };
        pics.push(Picture { image, place: Place { page: None, rect: [0.0, 0.0, w, h] } });
        placed.push((a.at, target.clone()));
    }
    let read = match scan::read_pictures(pics) {
        Ok(r) => r,
        Err(e) if doc.tables().next().is_none() => {
            return Err(Error::Scan(e));
        }
        Err(e) => {
            doc.notes.push((e.code().into(), format!("the tables pasted as pictures were not read: {e}")));
            return Ok(());
        }
    };
    let mut found = 0;
    // From the last place back, so the earlier places stay where they are.
    for ((at, target), tables) in placed.into_iter().zip(read).rev() {
        match tables {
            Ok(tables) => {
                found += tables.len();
                let at = at.min(doc.blocks.len());
                doc.blocks.splice(at..at, tables.into_iter().map(|(t, _)| Block::Table(t)));
            }
            Err(e) => doc.notes.push((e.code().into(), format!("{target}: a picture where a table should be: {e}"))),
        }
    }
    doc.notes.extend(pictures::found_note(found, "pictures pasted into the document"));
    Ok(())
}

/// The blocks and pictures in reading order (a picture before the block it
/// stands before).
fn slots<'a>(blocks: &'a [Block], anchors: &[Anchor], big: impl Fn(&Anchor) -> bool) -> Vec<Slot<'a>> {
    let mut out = Vec::with_capacity(blocks.len() + anchors.len());
    let mut k = 0;
    for (i, b) in blocks.iter().enumerate() {
        while k < anchors.len() && anchors[k].at <= i {
            out.push(Slot::Picture { index: k, big: big(&anchors[k]) });
            k += 1;
        }
        out.push(match b {
            Block::Paragraph(p) => Slot::Text(&p.text),
            Block::Table(_) => Slot::Table,
        });
    }
    out.extend((k..anchors.len()).map(|index| Slot::Picture { index, big: big(&anchors[index]) }));
    out
}

/// The main part's relationships: (id, member name) of its internal
/// targets, resolved against the part's folder.
fn relationships(archive: &mut zipped::Archive<'_>, part: &str) -> Result<Vec<(String, String)>, Error> {
    let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
    let rels_name = if dir.is_empty() { format!("_rels/{file}.rels") } else { format!("{dir}/_rels/{file}.rels") };
    let Some(xml) = zipped::read_member(archive, &rels_name, 4 << 20)? else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    let mut reader = Reader::from_reader(xml.as_slice());
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == b"Relationship" => {
                if attr(&e, b"TargetMode").is_some_and(|m| m.eq_ignore_ascii_case("External")) {
                    continue;
                }
                if let (Some(id), Some(target)) = (attr(&e, b"Id"), attr(&e, b"Target")) {
                    out.push((id, resolve(dir, &target)));
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    Ok(out)
}

/// A relationship target as a member name: absolute (`/word/media/x.png`)
/// or relative to the part's folder (`media/x.png`, `../media/x.png`).
fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> =
        if target.starts_with('/') { Vec::new() } else { dir.split('/').filter(|s| !s.is_empty()).collect() };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_the_part() {
        assert_eq!(resolve("word", "media/image1.png"), "word/media/image1.png");
        assert_eq!(resolve("word", "../media/a.jpeg"), "media/a.jpeg");
        assert_eq!(resolve("word", "/word/media/b.png"), "word/media/b.png");
    }
}
