//! How well redlines hold on a real archive:
//! `cargo run --release --example redline_eval [ARCHIVE]`.
//!
//! Builds the archive (by default `../shared/corpora/terms`, real third-party policy
//! documents with their real revision histories: test data, never copied into this
//! repository; the example says so and exits 0 when it is absent) and, for every
//! consecutive revision pair, compares the words the redline marks (`<ins>`/`<del>` in
//! `.redline`, without pictures' alt text) with a plain word diff of the two revisions' rendered text (the
//! `.content` of each revision page, split at whitespace, diffed with Myers). It flags:
//!
//! - **over-marked**: the redline marks more than 1.5 x baseline + 12 words;
//! - **unchanged**: the rendered text, its links or its images differ, but the redline
//!   shows no change at all;
//! - **links hidden**: only link targets changed and the redline shows no changed, added
//!   or removed link.
//! - **formatting marked**: the rendered words, links and images are the same but the
//!   revision's HTML differs (heading levels, lists, emphasis), and the redline marks words
//!   instead of showing only reformatted rows.
//!
//! and prints the table kept in `docs/redlines.md`, then the worst pairs.

use std::path::PathBuf;
use std::time::Instant;

use redthread::build;
use scraper::{ElementRef, Html, Selector};
use similar::{Algorithm, DiffTag};

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

/// The words of an element's text.
fn words(e: ElementRef) -> Vec<String> {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

/// What a revision page shows: its body's words, links and images.
struct Shown {
    /// The revision body's HTML, to tell a formatting change from no change.
    html: String,
    words: Vec<String>,
    links: Vec<(String, String)>,
    images: Vec<(String, String)>,
}

fn revision(html: &str) -> Shown {
    let doc = Html::parse_document(html);
    let content = doc.select(&sel("article .content")).next();
    let Some(content) = content else {
        return Shown {
            html: String::new(),
            words: Vec::new(),
            links: Vec::new(),
            images: Vec::new(),
        };
    };
    Shown {
        html: content.inner_html(),
        words: words(content),
        links: content
            .select(&sel("a[href]"))
            .map(|a| {
                (
                    words(a).join(" "),
                    a.value().attr("href").unwrap_or("").to_owned(),
                )
            })
            .collect(),
        images: content
            .select(&sel("img"))
            .map(|i| {
                let v = i.value();
                (
                    v.attr("src").unwrap_or("").to_owned(),
                    v.attr("alt").unwrap_or("").to_owned(),
                )
            })
            .collect(),
    }
}

/// Words inserted plus words deleted by a plain word diff.
fn baseline(a: &[String], b: &[String]) -> usize {
    similar::capture_diff_slices(Algorithm::Myers, a, b)
        .iter()
        .map(|op| match op.tag() {
            DiffTag::Equal => 0,
            DiffTag::Delete => op.old_range().len(),
            DiffTag::Insert => op.new_range().len(),
            DiffTag::Replace => op.old_range().len() + op.new_range().len(),
        })
        .sum()
}

/// What a redline page marks: words in outermost `<ins>`/`<del>`, whether it shows any
/// change, and whether it shows a changed link.
struct Marked {
    words: usize,
    any_change: bool,
    links: bool,
    /// Rows shown as reformatted (same words, another form).
    reformatted: usize,
}

fn redline(html: &str) -> Marked {
    let doc = Html::parse_document(html);
    let marks = sel(".redline ins, .redline del");
    let alt = sel(".rl-img-alt");
    let words = doc
        .select(&marks)
        .filter(|e| {
            !e.ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| matches!(a.value().name(), "ins" | "del"))
        })
        // A marked picture's alt text is written out beside it; the baseline reads the
        // pages' text, where alt text is not, so it is not counted here either.
        .map(|e| words(e).len() - e.select(&alt).map(|a| words(a).len()).sum::<usize>())
        .sum();
    let any_change = doc
        .select(&sel(".redline .rl:not(.rl-same)"))
        .next()
        .is_some();
    let links = doc
        .select(&sel(
            ".redline .rl-link-changed, .redline ins .rl-link, .redline del .rl-link",
        ))
        .next()
        .is_some();
    let reformatted = doc.select(&sel(".redline .rl-reformatted")).count();
    Marked {
        words,
        any_change,
        links,
        reformatted,
    }
}

struct Pair {
    name: String,
    marked: usize,
    baseline: usize,
    /// Why it is flagged, if it is.
    flag: Option<&'static str>,
}

fn main() {
    let root = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/terms")
        });
    if !root.join("book.toml").is_file() {
        println!(
            "skipped: no archive at {} (the real-history corpus is not part of the repository)",
            root.display()
        );
        return;
    }
    let start = Instant::now();
    let built = match build::build(&root, &build::Options::default()) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("the archive does not build:\n{e:?}");
            std::process::exit(1);
        }
    };
    eprintln!("built in {:.1} s", start.elapsed().as_secs_f64());
    let site = &built.site;
    let page = |p: &str| String::from_utf8_lossy(site.get(p).unwrap_or_default()).into_owned();
    let manifest: serde_json::Value =
        serde_json::from_slice(site.get("archive.json").expect("archive.json")).expect("json");
    let mut pairs = Vec::new();
    let (mut over, mut unchanged, mut hidden_links, mut link_only) = (0, 0, 0, 0);
    let (mut format_only, mut format_marked, mut reformatted_rows) = (0, 0, 0);
    for g in manifest["guidelines"].as_array().into_iter().flatten() {
        let revs = g["revisions"].as_array().cloned().unwrap_or_default();
        for w in revs.windows(2) {
            let Some(diff) = w[1]["diff_url"].as_str() else {
                continue;
            };
            let (a, b) = (
                revision(&page(w[0]["url"].as_str().unwrap_or(""))),
                revision(&page(w[1]["url"].as_str().unwrap_or(""))),
            );
            let base = baseline(&a.words, &b.words);
            let m = redline(&page(diff));
            let links_changed = a.links != b.links;
            let changed = base > 0 || links_changed || a.images != b.images;
            let name = diff.to_owned();
            let mut flag = None;
            if m.words as f64 > 1.5 * base as f64 + 12.0 {
                over += 1;
                flag = Some("over-marked");
            }
            if changed && !m.any_change {
                unchanged += 1;
                flag = Some("shown as unchanged");
            }
            if base == 0 && links_changed {
                link_only += 1;
                if !m.links {
                    hidden_links += 1;
                    flag = Some("link-only change not shown");
                }
            }
            reformatted_rows += m.reformatted;
            if !changed && a.html != b.html {
                format_only += 1;
                if m.words > 0 {
                    format_marked += 1;
                    flag = Some("formatting-only change marked as content");
                }
            }
            pairs.push(Pair {
                name,
                marked: m.words,
                baseline: base,
                flag,
            });
        }
    }
    let marked: usize = pairs.iter().map(|p| p.marked).sum();
    let base: usize = pairs.iter().map(|p| p.baseline).sum();
    println!(
        "| pairs | over-marked | changes shown as unchanged | link-only changes not shown (of link-only) | formatting-only pairs marked as content (of formatting-only) | reformatted rows | marked words | baseline words | marked / baseline |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {} | {over} | {unchanged} | {hidden_links} (of {link_only}) | {format_marked} (of {format_only}) | {reformatted_rows} | {marked} | {base} | {:.2} |",
        pairs.len(),
        marked as f64 / base.max(1) as f64
    );
    pairs.sort_by(|a, b| {
        let excess = |p: &Pair| p.marked as f64 - 1.5 * p.baseline as f64;
        excess(b).total_cmp(&excess(a)).then(a.name.cmp(&b.name))
    });
    println!("\nworst pairs (marked vs baseline words):");
    for p in pairs.iter().take(8) {
        println!("  {:>6} vs {:>6}  {}", p.marked, p.baseline, p.name);
    }
    println!("\nflagged pairs:");
    for p in pairs.iter().filter(|p| p.flag.is_some()) {
        println!(
            "  {:>6} vs {:>6}  {}  ({})",
            p.marked,
            p.baseline,
            p.name,
            p.flag.unwrap_or_default()
        );
    }
}
