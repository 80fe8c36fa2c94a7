//! The document model every reader produces, the clean-up of Word's habits, and the
//! Markdown writer.
//!
//! Readers (.docx, .odt, HTML, text) map their format into [`Block`]s and [`Inline`]s and
//! note what they could not carry over as [`Loss`]es. [`tidy`] then removes Word's noise
//! and turns habits into structure (bold lines into headings, typed "1." into lists), and
//! [`to_markdown`] writes the Markdown a guideline file holds.

mod markdown;
mod tidy;

pub use markdown::to_markdown;
pub use tidy::{build_lists, tidy, tidy_inlines};

/// Something that did not survive the conversion exactly, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loss {
    /// The i18n key of the message, without the `import_loss_` prefix.
    pub key: &'static str,
    /// Values for the message's `{placeholders}`.
    pub args: Vec<(&'static str, String)>,
}

impl Loss {
    /// A loss with its message key and arguments.
    pub fn new(key: &'static str, args: &[(&'static str, String)]) -> Loss {
        Loss {
            key,
            args: args.to_vec(),
        }
    }
}

/// A piece of running text.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Text with its formatting.
    Text {
        /// The characters.
        text: String,
        /// Bold.
        bold: bool,
        /// Italic.
        italic: bool,
        /// The link it belongs to.
        link: Option<String>,
    },
    /// A picture: `src` is a path or URL (readers of packages give `media:N`).
    Image {
        /// Where the picture is.
        src: String,
        /// Its description.
        alt: String,
    },
    /// A line break inside a paragraph.
    Break,
}

impl Inline {
    /// Plain text with no formatting.
    pub fn plain(text: impl Into<String>) -> Inline {
        Inline::Text {
            text: text.into(),
            bold: false,
            italic: false,
            link: None,
        }
    }
}

/// A list item: its own text and what is nested under it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Item {
    /// The item's text.
    pub content: Vec<Inline>,
    /// Nested lists (and anything else nested).
    pub children: Vec<Block>,
}

/// A block of the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading, level 1 to 6.
    Heading(u8, Vec<Inline>),
    /// A paragraph.
    Para(Vec<Inline>),
    /// A list; `start` is the first number of a numbered list.
    List {
        /// Numbered (`Some(first number)`) or bulleted (`None`).
        start: Option<u32>,
        /// The items.
        items: Vec<Item>,
    },
    /// A table: the first row is the header.
    Table(Vec<Vec<Vec<Inline>>>),
    /// Preformatted text.
    Code(String),
    /// A quotation.
    Quote(Vec<Block>),
    /// A horizontal rule.
    Rule,
    /// Markdown kept as it is (from a .md file).
    Raw(String),
}

/// What a reader gives: the body and what it knows about the document.
#[derive(Debug, Default)]
pub struct Document {
    /// The title property (Word's File > Info > Title, `<title>`).
    pub title: Option<String>,
    /// The modification date stored in the document.
    pub modified: Option<jiff::civil::Date>,
    /// The body.
    pub blocks: Vec<Block>,
    /// Pictures inside the package, referred to as `media:N` (index), with a file extension.
    pub media: Vec<(String, Vec<u8>)>,
    /// What was lost or approximated.
    pub losses: Vec<Loss>,
    /// Tracked changes found (insertions, deletions).
    pub tracked: (usize, usize),
    /// Comments found and dropped: (author, text).
    pub comments: Vec<(String, String)>,
    /// Headings made from bold lines, by their text.
    pub bold_headings: Vec<String>,
}

/// The plain text of inlines.
pub fn plain(inlines: &[Inline]) -> String {
    let mut s = String::new();
    for i in inlines {
        match i {
            Inline::Text { text, .. } => s.push_str(text),
            Inline::Break => s.push(' '),
            Inline::Image { .. } => {}
        }
    }
    s
}

/// The plain text of the whole body, one line per block, for similarity and summaries.
pub fn body_text(blocks: &[Block]) -> String {
    let mut s = String::new();
    for b in blocks {
        block_text(b, &mut s);
    }
    s
}

fn block_text(b: &Block, s: &mut String) {
    match b {
        Block::Heading(_, t) | Block::Para(t) => {
            s.push_str(&plain(t));
            s.push('\n');
        }
        Block::List { items, .. } => {
            for i in items {
                s.push_str(&plain(&i.content));
                s.push('\n');
                for c in &i.children {
                    block_text(c, s);
                }
            }
        }
        Block::Table(rows) => {
            for r in rows {
                let cells: Vec<String> = r.iter().map(|c| plain(c)).collect();
                s.push_str(&cells.join(" "));
                s.push('\n');
            }
        }
        Block::Code(t) => {
            s.push_str(t);
            s.push('\n');
        }
        Block::Quote(bs) => {
            for b in bs {
                block_text(b, s);
            }
        }
        Block::Rule => {}
        Block::Raw(t) => {
            s.push_str(t);
            s.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bold(t: &str) -> Inline {
        Inline::Text {
            text: t.into(),
            bold: true,
            italic: false,
            link: None,
        }
    }

    #[test]
    fn nested_numbered_list_keeps_numbers_and_indent() {
        let b = Block::List {
            start: Some(3),
            items: vec![
                Item {
                    content: vec![Inline::plain("Åbn")],
                    children: vec![Block::List {
                        start: None,
                        items: vec![Item {
                            content: vec![Inline::plain("under")],
                            children: vec![],
                        }],
                    }],
                },
                Item {
                    content: vec![Inline::plain("Luk")],
                    children: vec![],
                },
            ],
        };
        assert_eq!(to_markdown(&[b]), "3. Åbn\n   - under\n4. Luk\n");
    }

    #[test]
    fn lists_of_one_kind_in_a_row_stay_apart() {
        let list = |start: Option<u32>, t: &str| Block::List {
            start,
            items: vec![Item {
                content: vec![Inline::plain(t)],
                children: vec![],
            }],
        };
        let blocks = [
            list(Some(1), "a"),
            list(Some(1), "b"),
            list(Some(1), "c"),
            list(None, "d"),
            list(None, "e"),
        ];
        assert_eq!(to_markdown(&blocks), "1. a\n\n1) b\n\n1. c\n\n- d\n\n* e\n");
    }

    #[test]
    fn emphasis_moves_spaces_outside_and_escapes() {
        let t = vec![
            Inline::plain("Tryk "),
            bold("Gem "),
            Inline::plain("*nu* 1. [x]"),
        ];
        assert_eq!(
            to_markdown(&[Block::Para(t)]),
            "Tryk **Gem** \\*nu\\* 1. \\[x\\]\n"
        );
        assert_eq!(
            to_markdown(&[Block::Para(vec![Inline::plain("1. januar")])]),
            "1\\. januar\n"
        );
    }

    #[test]
    fn tidy_turns_typed_numbers_and_bold_lines_into_structure() {
        let mut d = Document {
            blocks: vec![
                Block::Para(vec![bold("Før du starter")]),
                Block::Para(vec![Inline::plain("1.\u{a0}Ring op.")]),
                Block::Para(vec![Inline::plain(" ")]),
                Block::Para(vec![Inline::plain("1. Ring til os.")]),
                Block::Para(vec![Inline::plain("2. Skriv  navnet.")]),
            ],
            ..Document::default()
        };
        tidy(&mut d);
        assert_eq!(
            to_markdown(&d.blocks),
            "# Før du starter\n\n1. Ring op.\n2. Ring til os.\n3. Skriv navnet.\n"
        );
    }
}
