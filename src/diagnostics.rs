//! Problems found in an archive, each with a path and a line, collected rather than thrown.

use std::fmt;

use crate::messages::{Messages, Said};

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build cannot produce a site.
    Error,
    /// The site builds, but an author should look.
    Warning,
}

/// One problem in the archive, pointing at a file and (where known) a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Path relative to the archive root (`content/x.md`, `book.toml`).
    pub path: String,
    /// 1-based line; 0 when the problem concerns the file as a whole.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub col: usize,
    /// What is wrong, in plain words.
    pub message: String,
    /// How to fix it, where a fix can be suggested.
    pub hint: Option<String>,
    /// The source line and the keys of the words, boxed: most problems are passed around
    /// in `Result`s, which stay small this way.
    pub detail: Option<Box<Detail>>,
}

/// What a diagnostic carries besides its message.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Detail {
    /// The source line, shown under the message.
    pub snippet: Option<String>,
    /// The message as a key of the author's words, so it can be said in the archive's
    /// language (see [`crate::messages`]); `None` for problems written in English.
    pub message: Option<Said>,
    /// The hint as a key of the author's words.
    pub hint: Option<Said>,
}

impl Diagnostic {
    /// `path:line:col`, leaving out what is unknown (0): `path:line` or `path`.
    pub fn location(&self) -> String {
        match (self.line, self.col) {
            (0, _) => self.path.clone(),
            (l, 0) => format!("{}:{l}", self.path),
            (l, c) => format!("{}:{l}:{c}", self.path),
        }
    }

    /// An error at `path:line:col`.
    pub fn error(
        path: impl Into<String>,
        line: usize,
        col: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line,
            col,
            message: message.into(),
            hint: None,
            detail: None,
        }
    }

    /// An error whose message is one of the author's words (English until localized).
    pub fn error_at(path: impl Into<String>, line: usize, col: usize, said: Said) -> Self {
        let mut d = Diagnostic::error(path, line, col, said.english());
        d.detail.get_or_insert_default().message = Some(said);
        d
    }

    /// A warning whose message is one of the author's words.
    pub fn warning_at(path: impl Into<String>, line: usize, col: usize, said: Said) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error_at(path, line, col, said)
        }
    }

    /// Adds a hint that is one of the author's words.
    pub fn hint(mut self, said: Said) -> Self {
        self.hint = Some(said.english());
        self.detail.get_or_insert_default().hint = Some(said);
        self
    }

    /// A warning at `path:line:col`.
    pub fn warning(
        path: impl Into<String>,
        line: usize,
        col: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, line, col, message)
        }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        if let Some(k) = self.detail.as_mut() {
            k.hint = None;
        }
        self
    }

    /// Adds the source line that the position points into.
    pub fn with_snippet(mut self, line: Option<&str>) -> Self {
        match line {
            Some(l) => self.detail.get_or_insert_default().snippet = Some(l.to_owned()),
            None => {
                if let Some(d) = self.detail.as_mut() {
                    d.snippet = None;
                }
            }
        }
        self
    }

    /// The source line the position points into, if known.
    pub fn snippet(&self) -> Option<&str> {
        self.detail.as_ref()?.snippet.as_deref()
    }

    /// Whether this is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl Diagnostic {
    /// Says this problem again in the language of `m`, if it carries a key.
    pub fn localize(&mut self, m: &Messages) {
        let Some(keys) = self.detail.as_deref() else {
            return;
        };
        let keys = keys.clone();
        if let Some(s) = &keys.message {
            self.message = m.text(s);
        }
        if let Some(s) = &keys.hint {
            self.hint = Some(m.text(s));
        }
    }

    /// This problem as the terminal and the overlay show it, in the language of `m`.
    pub fn show(&self, m: &Messages) -> String {
        let mut d = self.clone();
        d.localize(m);
        d.render(
            m.raw("label_error"),
            m.raw("label_warning"),
            m.raw("label_hint"),
        )
    }
}

impl Diagnostic {
    /// `path:line:col: error: message`, then the source line and a hint, rustc-style, with
    /// the words for "error", "warning" and "hint" given. Very long values (a `data:` address
    /// of many kilobytes) are cut in the middle, and a long source line is shown as a window
    /// around the column, so one problem never fills a screen.
    pub fn render(&self, error: &str, warning: &str, hint_word: &str) -> String {
        let kind = match self.severity {
            Severity::Error => error,
            Severity::Warning => warning,
        };
        let mut f = format!("{}: {kind}: {}", self.location(), cut_long(&self.message));
        if let Some(snippet) = self.snippet() {
            let (shown, col) = window(snippet, self.col);
            let num = self.line.to_string();
            let pad = " ".repeat(num.len());
            f.push_str(&format!("\n {pad} |\n {num} | {shown}"));
            if col > 0 {
                let caret = " ".repeat(col - 1);
                f.push_str(&format!("\n {pad} | {caret}^"));
            }
        }
        if let Some(hint) = &self.hint {
            f.push_str(&format!("\n  = {hint_word}: {}", cut_long(hint)));
        }
        f
    }
}

impl fmt::Display for Diagnostic {
    /// `path:line:col: error: message`, then the source line and a hint, rustc-style.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render("error", "warning", "hint"))
    }
}

/// Longest word shown whole in a message.
const LONG_WORD: usize = 100;
/// Longest source line shown whole.
const LONG_LINE: usize = 160;

/// Cuts every word longer than [`LONG_WORD`] characters to its start and end.
pub fn cut_long(text: &str) -> String {
    if text.chars().count() <= LONG_WORD {
        return text.to_owned();
    }
    let mut out = String::with_capacity(LONG_WORD * 2);
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let n = word.chars().count();
        if n > LONG_WORD {
            let head: String = word.chars().take(60).collect();
            let tail: String = word.chars().skip(n - 20).collect();
            out.push_str(&format!("{head}…({} characters)…{tail}", n - 80));
        } else {
            out.push_str(word);
        }
    }
    out
}

/// A long line as a window of about [`LONG_LINE`] characters around `col`, and the column
/// within the window.
fn window(line: &str, col: usize) -> (String, usize) {
    // A tab is shown as one visible character, so the caret stays under its column.
    let chars: Vec<char> = line
        .chars()
        .map(|c| if c == '\t' { '→' } else { c })
        .collect();
    if chars.len() <= LONG_LINE {
        return (chars.into_iter().collect(), col);
    }
    let at = col.saturating_sub(1).min(chars.len());
    let start = at.saturating_sub(LONG_LINE / 2);
    let end = (start + LONG_LINE).min(chars.len());
    let mut shown = String::new();
    let mut new_col = col;
    if start > 0 {
        shown.push('…');
        new_col = col - start + 1;
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push('…');
    }
    (shown, if col == 0 { 0 } else { new_col })
}

/// All problems of one run, sorted by file and position for stable output.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Says every problem that carries a key again in the language of `m`.
    pub fn localize(&mut self, m: &Messages) {
        for d in &mut self.0 {
            d.localize(m);
        }
    }
}

impl Diagnostics {
    /// Adds one problem.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// Adds many problems.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(ds);
    }

    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    /// Sorts by path, line, column and message, and drops exact repeats.
    pub fn sorted(mut self) -> Self {
        self.0.sort_by(|a, b| {
            (&a.path, a.line, a.col, a.severity, &a.message)
                .cmp(&(&b.path, b.line, b.col, b.severity, &b.message))
        });
        self.0.dedup();
        self
    }

    /// Whether there are no problems at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The closest of `candidates` to `word`, if it is near enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&word, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

/// An error with its causes, on one line.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        s.push_str(": ");
        s.push_str(&cause.to_string());
        source = cause.source();
    }
    s
}
