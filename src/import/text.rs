//! Plain text (.txt) and Markdown (.md) files.

use super::doc::{Block, Document, Inline, Loss};

/// Text from bytes: UTF-8 (with or without a byte-order mark), UTF-16 with one, or
/// Windows-1252 (what Notepad saved for years) when it is not valid UTF-8.
pub fn decode(bytes: &[u8]) -> Option<String> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8(rest.to_vec()).ok();
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16(&units).ok();
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16(&units).ok();
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Some(s.to_owned());
    }
    if bytes.contains(&0) {
        return None;
    }
    // Windows-1252: Latin-1 with the 0x80-0x9F block of quotes and dashes.
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    Some(
        bytes
            .iter()
            .map(|&b| match b {
                0x80..=0x9F => HIGH[(b - 0x80) as usize],
                b => b as char,
            })
            .collect(),
    )
}

/// A text file: the first line is the title when a blank line follows it; every other
/// line is a paragraph of its own (typed "1." lines then become a list).
pub fn read_text(text: &str) -> Document {
    let mut d = Document::default();
    let lines: Vec<&str> = text.lines().collect();
    let mut start = 0;
    if let Some(first) = lines.first()
        && !first.trim().is_empty()
        && first.trim().chars().count() <= 100
        && lines.get(1).is_none_or(|l| l.trim().is_empty())
    {
        d.blocks
            .push(Block::Heading(1, vec![Inline::plain(first.trim())]));
        start = 1;
    }
    for line in &lines[start..] {
        if !line.trim().is_empty() {
            d.blocks.push(Block::Para(vec![Inline::plain(line.trim())]));
        }
    }
    d
}

/// A Markdown file: its text is kept as it is (after a front-matter block, which is
/// dropped and reported); the title is its first `# ` heading, which is taken out.
pub fn read_markdown(text: &str) -> Document {
    let mut d = Document::default();
    let mut body = text.replace("\r\n", "\n");
    if let Some(rest) = body.strip_prefix("---\n")
        && let Some(end) = rest.find("\n---\n")
    {
        body = rest[end + 5..].to_owned();
        d.losses.push(Loss::new("front_matter_replaced", &[]));
    }
    let mut lines: Vec<&str> = body.lines().collect();
    if let Some(pos) = lines.iter().position(|l| !l.trim().is_empty())
        && let Some(t) = lines[pos].strip_prefix("# ")
    {
        d.blocks
            .push(Block::Heading(1, vec![Inline::plain(t.trim())]));
        lines.remove(pos);
    }
    let kept = lines.join("\n").trim().to_owned();
    if !kept.is_empty() {
        d.blocks.push(Block::Raw(kept));
    }
    d
}
