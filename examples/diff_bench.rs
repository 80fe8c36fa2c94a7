//! Diffing a large guideline: `cargo run --release --example diff_bench`.
//!
//! Generates a ~2 MB guideline body (headings, paragraphs, numbered steps, tables) and
//! times block extraction + redline + HTML for a few kinds of revision, then a whole
//! `build` of an archive holding two such revisions. Figures go in docs/redlines.md.
//! `diff_bench rewritten` runs only the cases whose label holds the word (`build`: only
//! the whole build).

use std::time::Instant;

use redthread::{blocks, build, diff};

/// A deterministic word generator (no clock, no randomness crate).
struct Words(u64);

impl Words {
    fn next<'a>(&mut self, vocabulary: &[&'a str]) -> &'a str {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        vocabulary[(self.0 >> 33) as usize % vocabulary.len()]
    }
}

const OLD: &[&str] = &[
    "patient", "course", "referral", "open", "close", "doctor", "letter", "date", "list", "error",
    "the", "a", "and", "with", "before", "after", "check", "send", "book", "unit",
];
const NEW: &[&str] = &[
    "ward",
    "bed",
    "discharge",
    "note",
    "nurse",
    "order",
    "result",
    "sample",
    "form",
    "code",
    "into",
    "from",
    "while",
    "during",
    "verify",
    "print",
    "store",
    "file",
    "team",
    "desk",
];

fn sentence(w: &mut Words, vocab: &[&str], n: usize) -> String {
    let mut s: Vec<&str> = (0..n).map(|_| w.next(vocab)).collect();
    s.push("end.");
    s.join(" ")
}

/// A body of about `bytes` bytes.
fn body(seed: u64, vocab: &[&str], bytes: usize) -> String {
    let mut w = Words(seed);
    let mut out = String::new();
    let mut section = 0;
    while out.len() < bytes {
        section += 1;
        out.push_str(&format!("## Section {section}\n\n"));
        for _ in 0..3 {
            out.push_str(&sentence(&mut w, vocab, 60));
            out.push_str("\n\n");
        }
        for i in 1..=8 {
            out.push_str(&format!("{i}. {}\n", sentence(&mut w, vocab, 14)));
        }
        out.push_str("\n| Situation | Action |\n|---|---|\n");
        for _ in 0..4 {
            out.push_str(&format!(
                "| {} | {} |\n",
                sentence(&mut w, vocab, 5),
                sentence(&mut w, vocab, 7)
            ));
        }
        out.push('\n');
    }
    out
}

/// Changes one word in every `every`-th paragraph and inserts a step every `every` sections.
fn edit(body: &str, every: usize) -> String {
    let mut out = String::with_capacity(body.len());
    for (i, block) in body.split("\n\n").enumerate() {
        if i % every == 0 && !block.starts_with('#') && !block.starts_with('|') {
            out.push_str(&block.replacen(" the ", " THE ", 1));
            if block.starts_with("1.") {
                out.push_str("\n9. A new step at the end of this list.");
            }
        } else {
            out.push_str(block);
        }
        out.push_str("\n\n");
    }
    out
}

fn time(label: &str, old: &str, new: &str) {
    // `diff_bench WORD` runs only the cases whose label holds WORD (for profiling one).
    if let Some(only) = std::env::args().nth(1)
        && !label.contains(&only)
    {
        return;
    }
    let start = Instant::now();
    let (a, b) = (blocks::blocks(old), blocks::blocks(new));
    let parsed = start.elapsed();
    let r = diff::redline(&a, &b);
    let html = redthread::render::redline::to_html(&r);
    let total = start.elapsed();
    let c = r.counts();
    println!(
        "{label:<48} {:>5.2} MB -> {:>5.2} MB  {:>6} blocks  {:>7.0} ms (blocks {:>4.0} ms)  changed {} reformatted {} added {} removed {} moved {}  html {:.1} MB",
        old.len() as f64 / 1e6,
        new.len() as f64 / 1e6,
        b.len(),
        total.as_secs_f64() * 1e3,
        parsed.as_secs_f64() * 1e3,
        c.changed,
        c.reformatted,
        c.inserted,
        c.deleted,
        c.moved,
        html.len() as f64 / 1e6,
    );
}

fn main() {
    let size = 2_000_000;
    let old = body(1, OLD, size);
    let rewritten = body(2, NEW, size);
    // The same words in other sentences: the word diffs' worst case (many matches, no runs).
    let reworded = body(2, OLD, size);
    let few = edit(&old, 97);
    let many = edit(&old, 1);
    let one_paragraph_old = sentence(&mut Words(3), OLD, 350_000);
    let one_paragraph_new = one_paragraph_old.replacen(" the ", " THE ", 1);

    time("few edits (1 word in ~1% of blocks)", &old, &few);
    time("one word in every paragraph and step", &old, &many);
    time("everything rewritten", &old, &rewritten);
    time(
        "everything reworded (same words, new sentences)",
        &old,
        &reworded,
    );
    time(
        "one 2 MB paragraph, one word changed",
        &one_paragraph_old,
        &one_paragraph_new,
    );

    // End to end: an archive with the large guideline in two revisions, everything changed.
    if std::env::args().nth(1).is_some_and(|a| a != "build") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content/big");
    std::fs::create_dir_all(&content).expect("mkdir");
    for (v, text) in [(1, &old), (2, &rewritten)] {
        std::fs::write(
            content.join(format!("big-v{v}.md")),
            format!(
                "---\ntitle: Big\ncategory: Big\nversion: {v}\ndate: 2025-01-0{v}\n---\n{text}"
            ),
        )
        .expect("write");
    }
    let start = Instant::now();
    let built = build::build(dir.path(), &build::Options::default()).expect("builds");
    println!(
        "build of an archive with two 2 MB revisions (everything changed): {:.0} ms, {:.1} MB of pages",
        start.elapsed().as_secs_f64() * 1e3,
        built.site.size() as f64 / 1e6
    );
}
