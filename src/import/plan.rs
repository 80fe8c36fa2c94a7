//! The plan of an import: for each guessed guideline its id, folder and versions, the
//! revision files with their pictures, and the notes the report gives for each source file.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use super::chains::Group;
use super::doc::{self, Block, Inline, Loss};
use super::guess::{From, Read, category_of, shorten, stem, summary_of, title_for};
use super::report::Words;
use super::scan::walk_inlines;
use super::write::{existing_revisions, front_matter, unique_id};
use super::{Chain, FileReport, Outcome, Tracked, WriteState, quote_list};
use crate::model::GuidelineId;

/// A file to put in the archive.
#[derive(Debug, Clone)]
pub(super) struct Planned {
    pub rel: String,
    pub bytes: Vec<u8>,
}

/// Everything an import would write, and what the report says about each source file.
pub(super) struct Plan {
    /// Revision files and their pictures, in order.
    pub files: Vec<Planned>,
    /// Source path -> its report entry (imported or duplicate).
    pub per_file: BTreeMap<String, FileReport>,
    /// The guessed revision chains of more than one file.
    pub chains: Vec<Chain>,
}

/// Plans the archive files for `groups` of `reads`, next to what `archive` already holds.
pub(super) fn plan(
    reads: &[Read],
    groups: &[Group],
    archive: &Path,
    words: &Words,
    tracked: Tracked,
) -> Plan {
    let existing = existing_revisions(archive);
    let mut planned: Vec<Planned> = Vec::new();
    let mut chains_out = Vec::new();
    let mut used_ids: BTreeSet<String> = BTreeSet::new();
    let mut per_file: BTreeMap<String, FileReport> = BTreeMap::new();
    for g in groups {
        let members: Vec<&Read> = g.members.iter().map(|&i| &reads[i]).collect();
        let latest = members.last().expect("a group has a member");
        let title = latest.title.0.clone();
        let (category, cat_from, folder) = category_of(&latest.entry.rel, words);
        let base = GuidelineId::from_text(&title)
            .or_else(|| GuidelineId::from_text(stem(&latest.entry.rel)))
            .map(|i| i.to_string())
            .unwrap_or_else(|| "imported-guideline".to_owned());
        let id = unique_id(&base, &folder, members.len(), &existing, &mut used_ids);
        for (k, r) in members.iter().enumerate() {
            let version = k as u32 + 1;
            let rel = format!("content/{folder}/{id}-v{version}.md");
            let (body_blocks, pics) = with_pictures(r, &id, version);
            let body = doc::to_markdown(&body_blocks);
            let summary = summary_of(&body_blocks);
            let supersedes = (k > 0).then(|| format!("{id}@{}", version - 1));
            let front = front_matter(
                &title_for(r),
                &id,
                version,
                &category,
                r.date.0,
                supersedes.as_deref(),
                &summary,
            );
            let text = if body.is_empty() {
                front
            } else {
                format!("{front}\n{body}")
            };
            planned.push(Planned {
                rel: rel.clone(),
                bytes: text.into_bytes(),
            });
            for (name, bytes) in &pics {
                planned.push(Planned {
                    rel: format!("content/{folder}/{name}"),
                    bytes: bytes.clone(),
                });
            }
            let notes = notes_for(r, k, &category, cat_from, &summary, pics.len(), tracked);
            per_file.insert(
                r.entry.rel.clone(),
                FileReport {
                    source: r.entry.rel.clone(),
                    outcome: Outcome::Imported {
                        path: rel,
                        id: id.clone(),
                        version,
                        state: WriteState::New,
                    },
                    notes,
                },
            );
        }
        for (dup, of, sim) in &g.duplicates {
            per_file.insert(
                reads[*dup].entry.rel.clone(),
                FileReport {
                    source: reads[*dup].entry.rel.clone(),
                    outcome: Outcome::Duplicate {
                        of: reads[*of].entry.rel.clone(),
                        similarity: *sim,
                    },
                    notes: Vec::new(),
                },
            );
        }
        if members.len() > 1 {
            chains_out.push(Chain {
                id: id.clone(),
                title: title.clone(),
                members: members.iter().map(|r| r.entry.rel.clone()).collect(),
                links: g
                    .links
                    .iter()
                    .map(|(a, b, notes)| {
                        (
                            reads[*a].entry.rel.clone(),
                            reads[*b].entry.rel.clone(),
                            notes.clone(),
                        )
                    })
                    .collect(),
            });
        }
    }
    Plan {
        files: planned,
        per_file,
        chains: chains_out,
    }
}

/// The revision's blocks with its pictures renamed `<id>-v<version>-<n>.<ext>` (they go
/// next to the revision file), and the pictures under those names.
fn with_pictures(r: &Read, id: &str, version: u32) -> (Vec<Block>, Vec<(String, Vec<u8>)>) {
    let mut body_blocks = r.doc.blocks.clone();
    let mut pics: Vec<(String, Vec<u8>)> = Vec::new();
    let media = &r.doc.media;
    let mut name_of: HashMap<usize, String> = HashMap::new();
    let mut rename = |inl: &mut Vec<Inline>| {
        for i in inl.iter_mut() {
            if let Inline::Image { src, .. } = i
                && let Some(n) = src
                    .strip_prefix("media:")
                    .and_then(|n| n.parse::<usize>().ok())
                && let Some((ext, bytes)) = media.get(n)
            {
                let name = name_of
                    .entry(n)
                    .or_insert_with(|| {
                        let name = format!("{id}-v{version}-{}.{ext}", pics.len() + 1);
                        pics.push((name.clone(), bytes.clone()));
                        name
                    })
                    .clone();
                *src = name;
            }
        }
    };
    walk_inlines(&mut body_blocks, &mut rename);
    (body_blocks, pics)
}

/// The report's notes on one imported file, in the order a reader checks them.
fn notes_for(
    r: &Read,
    k: usize,
    category: &str,
    cat_from: From,
    summary: &str,
    pictures: usize,
    tracked: Tracked,
) -> Vec<Loss> {
    let mut notes = Vec::new();
    notes.push(Loss::new(
        match r.title.1 {
            From::Property => "title_property",
            From::Heading => "title_heading",
            _ => "title_file_name",
        },
        &[("title", title_for(r))],
    ));
    notes.push(Loss::new(
        match r.date.1 {
            From::Property => "date_property",
            From::FileTime => "date_file_time",
            _ => "date_none",
        },
        &[("date", r.date.0.to_string())],
    ));
    notes.push(Loss::new(
        match cat_from {
            From::Folder => "category_folder",
            _ => "category_none",
        },
        &[("category", category.to_owned())],
    ));
    if summary.is_empty() {
        notes.push(Loss::new("summary_none", &[]));
    }
    if k > 0 {
        notes.push(Loss::new("changes_empty", &[]));
    }
    if !r.doc.bold_headings.is_empty() {
        notes.push(Loss::new(
            "bold_headings",
            &[("list", quote_list(&r.doc.bold_headings))],
        ));
    }
    let (ins, del) = r.doc.tracked;
    if ins + del > 0 {
        notes.push(Loss::new(
            match tracked {
                Tracked::Accept => "tracked_accepted",
                Tracked::Reject => "tracked_rejected",
            },
            &[("ins", ins.to_string()), ("del", del.to_string())],
        ));
    }
    for (author, text) in &r.doc.comments {
        notes.push(Loss::new(
            "comment",
            &[("author", author.clone()), ("text", shorten(text, 120))],
        ));
    }
    if pictures > 0 {
        notes.push(Loss::new("pictures", &[("n", pictures.to_string())]));
    }
    notes.extend(dedup_losses(&r.doc.losses));
    notes
}

/// Whether each planned file is new, already there with the same bytes, or there with
/// other bytes (then kept: an import never writes over a file).
pub(super) fn states(planned: &[Planned], archive: &Path) -> HashMap<String, WriteState> {
    let mut states: HashMap<String, WriteState> = HashMap::new();
    for p in planned {
        let target = archive.join(&p.rel);
        let state = match std::fs::read(&target) {
            Ok(old) if old == p.bytes => WriteState::Same,
            Ok(_) => WriteState::Kept,
            Err(_) if target.exists() => WriteState::Kept,
            Err(_) => WriteState::New,
        };
        states.insert(p.rel.clone(), state);
    }
    states
}

fn dedup_losses(losses: &[Loss]) -> Vec<Loss> {
    let mut out: Vec<Loss> = Vec::new();
    for l in losses {
        if !out.contains(l) {
            out.push(l.clone());
        }
    }
    out
}
