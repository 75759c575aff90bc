//! Accepting or rejecting one author's tracked changes in a read document,
//! leaving everyone else's pending: how `annotate` re-checks its own
//! suggestions (accept mc2lint's) and proves they change nothing else
//! (reject mc2lint's and compare with the input).

use crate::docx::{Piece, RawDocument, Status};

/// `raw` with every tracked insertion and deletion by `author` accepted (or rejected).
pub fn resolve(raw: &RawDocument, author: &str, accept: bool) -> RawDocument {
    let by_author =
        |rev: Option<u32>| rev.and_then(|r| raw.revisions.get(r as usize)).is_some_and(|r| r.author == author);
    let mut out = raw.clone();
    out.paragraphs.clear();
    // Raw paragraph indices move when paragraphs go: row changes follow them.
    let mut moved: Vec<Option<usize>> = Vec::with_capacity(raw.paragraphs.len());
    for p in &raw.paragraphs {
        let mut p = p.clone();
        p.pieces.retain_mut(|piece| match piece {
            Piece::Text { status, rev, .. } if by_author(*rev) => {
                let keep = (*status == Status::Inserted) == accept;
                if keep {
                    *status = Status::Normal;
                    *rev = None;
                }
                keep
            }
            _ => true,
        });
        if by_author(p.mark_rev) && p.mark == Status::Inserted {
            if !accept {
                // The whole paragraph was the author's: it goes.
                moved.push(None);
                continue;
            }
            p.mark = Status::Normal;
            p.mark_rev = None;
        }
        moved.push(Some(out.paragraphs.len()));
        out.paragraphs.push(p);
    }
    out.row_changes = raw.row_changes.iter().filter_map(|&(i, s, r)| Some((moved[i]?, s, r))).collect();
    out
}

/// Each main-part paragraph's text with its revision status, adjacent pieces
/// of one status joined (cutting a run must not count as a change).
pub fn main_text(raw: &RawDocument) -> Vec<Vec<(String, Status)>> {
    raw.paragraphs
        .iter()
        .filter(|p| p.part == 0)
        .map(|p| {
            let mut out: Vec<(String, Status)> = Vec::new();
            for piece in &p.pieces {
                if let Piece::Text { start, end, status, .. } = piece {
                    let text = &raw.text[*start as usize..*end as usize];
                    match out.last_mut() {
                        Some((t, s)) if s == status => t.push_str(text),
                        _ => out.push((text.to_string(), *status)),
                    }
                }
            }
            out
        })
        .collect()
}
