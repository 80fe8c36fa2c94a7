//! A source file's text and a line index, so every stage reports positions the same way.

use std::path::Path;

/// One Markdown file of the archive, read into memory.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the archive root, with `/` separators (`content/referrals/x.md`).
    pub rel_path: String,
    /// The whole file as UTF-8 text.
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// Wraps a file's text and indexes its line starts.
    pub fn new(rel_path: String, text: String) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            rel_path,
            text,
            line_starts,
        }
    }

    /// 1-based line and column of a byte offset (columns count characters).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let col = self.text[start..offset].chars().count() + 1;
        (line, col)
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line(&self, line: usize) -> Option<&str> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        Some(self.text[start..end].trim_end_matches(['\n', '\r']))
    }
}

/// Turns a path below `root` into a `/`-separated relative string.
pub fn rel_string(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// File name endings read as Markdown guidelines, in any mix of upper and lower case:
/// `.md` and the other common names for Markdown files (docs/mistakes.md).
pub const MARKDOWN_EXTENSIONS: &[&str] = &["md", "markdown", "mdown", "mkd", "mkdn"];

/// Whether a file name ends in one of [`MARKDOWN_EXTENSIONS`].
pub fn is_markdown_name(name: &str) -> bool {
    markdown_stem(name).is_some()
}

/// The name without its Markdown ending (`x-v2.MD` -> `x-v2`), if it has one.
pub fn markdown_stem(name: &str) -> Option<&str> {
    let (stem, ext) = name.rsplit_once('.')?;
    (!stem.is_empty()
        && MARKDOWN_EXTENSIONS
            .iter()
            .any(|e| ext.eq_ignore_ascii_case(e)))
    .then_some(stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one() {
        let f = SourceFile::new("a.md".into(), "ab\ncdé\nx".into());
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        assert_eq!(f.line_col(8), (3, 1));
        assert_eq!(f.line(2), Some("cdé"));
        assert_eq!(f.line(4), None);
    }
}
