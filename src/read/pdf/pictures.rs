//! Tables pasted as pictures in a text PDF (the PDF of a typed report whose
//! tables were screenshots): the images of text pages that stand where a
//! statistical table should (`read::pictures`) are read through OCR, and
//! their tables take the images' places on their pages.

use super::Item;
use super::interp::PlacedImage;
use crate::error::Error;
use crate::read::pictures::{self, Slot};
use crate::read::scan::{self, Picture, Place};

/// Reads the tables of the wanted images and puts each, as items of its
/// page, where its image's top is. Images that cannot be read leave a note;
/// without OCR, a document with no table at all says why.
pub fn read_tables(
    doc: &lopdf::Document,
    items: &mut Vec<(u32, f32, Item)>,
    images: &[(u32, PlacedImage)],
    notes: &mut Vec<(String, String)>,
) -> Result<(), Error> {
    if images.is_empty() {
        return Ok(());
    }
    let wanted = pictures::wanted(slots(doc, items, images));
    if wanted.is_empty() {
        return Ok(());
    }
    if let Some(note) = pictures::ocr_off(wanted.len()) {
        notes.push(note);
        return Ok(());
    }
    let mut pics = Vec::new();
    let mut placed = Vec::new();
    for i in wanted {
        let (page, img) = images[i];
        // An image drawn twice (a repeated header) is read once.
        if placed.iter().any(|&(p, im): &(u32, PlacedImage)| p == page && im.id == img.id) {
            continue;
        }
        match scan::decode_pdf_image(doc, img.id) {
            Some(Ok(image)) => {
                pics.push(Picture { image, place: Place { page: Some(page), rect: img.rect } });
                placed.push((page, img));
            }
            Some(Err(e)) => {
                notes.push((e.code().into(), format!("page {page}: an image where a table should be: {e}")))
            }
            None => {}
        }
    }
    let has_tables = items.iter().any(|(_, _, i)| matches!(i, Item::Table { .. }));
    let read = match scan::read_pictures(pics) {
        Ok(r) => r,
        Err(e) if !has_tables => return Err(Error::Scan(e)),
        Err(e) => {
            notes.push((e.code().into(), format!("the tables pasted as images were not read: {e}")));
            return Ok(());
        }
    };
    let mut found = 0;
    for ((page, img), tables) in placed.into_iter().zip(read) {
        let tables = match tables {
            Ok(t) => t,
            Err(e) => {
                notes.push((e.code().into(), format!("page {page}: an image where a table should be: {e}")));
                continue;
            }
        };
        found += tables.len();
        let top = img.rect[3];
        let at = items.iter().position(|&(p, t, _)| p > page || (p == page && t < top)).unwrap_or(items.len());
        let new = tables.into_iter().map(|(table, xs)| (page, top, Item::Table { table, xs }));
        items.splice(at..at, new);
    }
    notes.extend(pictures::found_note(found, "images in the PDF"));
    Ok(())
}

/// The items and images in reading order: page by page, top to bottom.
fn slots<'a>(doc: &lopdf::Document, items: &'a [(u32, f32, Item)], images: &[(u32, PlacedImage)]) -> Vec<Slot<'a>> {
    let mut all: Vec<(u32, f32, Slot<'a>)> = items
        .iter()
        .map(|(p, top, item)| {
            let slot = match item {
                Item::Para(para) => Slot::Text(&para.text),
                Item::Table { .. } => Slot::Table,
            };
            (*p, *top, slot)
        })
        .collect();
    for (index, &(page, img)) in images.iter().enumerate() {
        let [x0, y0, x1, y1] = img.rect;
        let (w, h) = pixels(doc, img.id);
        let big = pictures::shown_big(x1 - x0, y1 - y0) && w >= pictures::MIN_SIDE && h >= pictures::MIN_SIDE / 3;
        all.push((page, y1, Slot::Picture { index, big }));
    }
    // Stable: a page's items keep their order; an image goes before the
    // items below its top.
    all.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
    all.into_iter().map(|(_, _, s)| s).collect()
}

/// An image XObject's declared size in pixels.
fn pixels(doc: &lopdf::Document, id: lopdf::ObjectId) -> (usize, usize) {
    let Ok(s) = doc.get_object(id).and_then(|o| o.as_stream()) else { return (0, 0) };
    let dim = |k: &[u8]| s.dict.get(k).ok().and_then(|o| o.as_i64().ok()).unwrap_or(0).max(0) as usize;
    (dim(b"Width"), dim(b"Height"))
}
