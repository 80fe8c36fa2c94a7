//! Archives at the edges of what redthread accepts, written to a folder. Shared by the
//! bounded tests (`tests/it/limits.rs`) and the full-size run (`examples/limits.rs`).

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// One kind of extreme archive.
#[derive(Debug, Clone, Copy)]
pub enum Case {
    /// One guideline whose body is `n` bytes.
    HugeFile,
    /// `n` tiny guidelines, each its own file.
    ManyFiles,
    /// One guideline `n` folders deep below `content/`.
    DeepFolders,
    /// A guideline whose body is a single line of `n` bytes, with a long title.
    LongLines,
    /// One guideline with `n` revisions, each superseding the previous one.
    ManyRevisions,
    /// One category holding `n` guidelines.
    BigCategory,
}

impl Case {
    /// Every case, with its full size from the robustness issue.
    pub const ALL: [(Case, usize); 6] = [
        (Case::HugeFile, 50_000_000),
        (Case::ManyFiles, 100_000),
        (Case::DeepFolders, 1_000),
        (Case::LongLines, 10_000_000),
        (Case::ManyRevisions, 10_000),
        (Case::BigCategory, 5_000),
    ];

    /// A short name for tables and file names.
    pub fn name(self) -> &'static str {
        match self {
            Case::HugeFile => "one 50 MB guideline",
            Case::ManyFiles => "100,000 tiny files",
            Case::DeepFolders => "1,000 folders deep",
            Case::LongLines => "a 10 MB line",
            Case::ManyRevisions => "10,000 revisions of one guideline",
            Case::BigCategory => "5,000 guidelines in one category",
        }
    }

    /// Writes the archive for size `n` into `root` (which must exist).
    pub fn write(self, root: &Path, n: usize) -> io::Result<()> {
        fs::write(root.join("book.toml"), "[book]\ntitle = \"Limits\"\n")?;
        let content = root.join("content");
        fs::create_dir_all(&content)?;
        match self {
            Case::HugeFile => {
                let mut body = String::with_capacity(n + 4096);
                let mut i = 0;
                while body.len() < n {
                    i += 1;
                    if i % 40 == 1 {
                        let _ = write!(body, "## Part {i}\n\n");
                    }
                    if i % 7 == 0 {
                        let _ = write!(
                            body,
                            "1. Step {i}: open the patient's course and check the referral.\n2. Close it.\n\n"
                        );
                    } else {
                        let _ = write!(
                            body,
                            "Paragraph {i} explains how the secretary registers the contact, checks the referral date and closes the outpatient course when the treatment has ended.\n\n"
                        );
                    }
                }
                fs::write(
                    content.join("huge.md"),
                    front("huge", "Huge", "1", "Huge", "") + &body,
                )
            }
            Case::ManyFiles => {
                for i in 0..n {
                    let dir = content.join(format!("c{}", i % 100));
                    if i < 100 {
                        fs::create_dir_all(&dir)?;
                    }
                    let id = format!("g{i}");
                    let text = front(
                        &id,
                        &format!("Guideline {i}"),
                        "1",
                        &format!("Category {}", i % 100),
                        "",
                    ) + "Register the contact.\n";
                    fs::write(dir.join(format!("{id}.md")), text)?;
                }
                Ok(())
            }
            Case::DeepFolders => {
                let mut dir = content.clone();
                for _ in 0..n {
                    dir.push("d");
                }
                fs::create_dir_all(&dir)?;
                fs::write(dir.join("note.txt"), "an attachment at the bottom\n")?;
                fs::write(
                    dir.join("deep.md"),
                    front("deep", "Deep", "1", "Deep", "") + "See [the note](note.txt).\n",
                )
            }
            Case::LongLines => {
                let title = "Long title ".repeat(1_000);
                let line = "word ".repeat(n / 5);
                fs::write(
                    content.join("long.md"),
                    front("long", title.trim(), "1", "Long", "") + &line + "\n",
                )
            }
            Case::ManyRevisions => {
                let dir = content.join("many");
                fs::create_dir_all(&dir)?;
                for v in 1..=n {
                    let sup = if v > 1 {
                        format!("supersedes: many@{}\n", v - 1)
                    } else {
                        String::new()
                    };
                    let text = front("many", "Many revisions", &v.to_string(), "Many", &sup)
                        + &format!(
                            "Revision {v} of the guideline.\n\n1. Step one.\n2. Step {v}.\n"
                        );
                    fs::write(dir.join(format!("many-v{v}.md")), text)?;
                }
                Ok(())
            }
            Case::BigCategory => {
                let dir = content.join("big");
                fs::create_dir_all(&dir)?;
                for i in 0..n {
                    let id = format!("g{i}");
                    let text = front(&id, &format!("Guideline {i}"), "1", "Big", "")
                        + "Book the appointment.\n";
                    fs::write(dir.join(format!("{id}.md")), text)?;
                }
                Ok(())
            }
        }
    }
}

fn front(id: &str, title: &str, version: &str, category: &str, extra: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\nid: {id}\nversion: \"{version}\"\ncategory: {category}\ndate: 2024-01-01\n{extra}---\n"
    )
}
