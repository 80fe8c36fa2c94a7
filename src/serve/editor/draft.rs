//! A form as the author filled it in -> the file `new`/`revise` would write with the
//! author's text in it ([`Planned`]), and every problem with it placed on the field or the
//! body line it concerns, in the archive's language.

use std::path::Path;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::Last;
use crate::authoring::{self, AuthoringError, Planned, Scan, Written};
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, LinkTargets, Origin};
use crate::messages::Messages;
use crate::model::Declared;
use crate::source::SourceFile;

/// The form's fields, named as its controls are.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub(super) struct FormData {
    /// `new`, `revise` or `edit` (a draft, in place).
    pub mode: String,
    /// For `revise` and `edit`: the guideline.
    pub id: String,
    /// For `revise` and `edit`: the file the form was made from (the latest revision).
    pub base: String,
    /// That file's SHA-256 when the form was opened.
    pub base_hash: String,
    pub title: String,
    pub category: String,
    pub summary: String,
    pub changes: String,
    pub date: String,
    pub review_by: String,
    /// "Editorial fix only": the next minor version, as `revise --minor`, marked
    /// `editorial: true`.
    pub minor: bool,
    /// `active`, `draft` or `withdrawn`.
    pub status: String,
    pub body: String,
}

/// A problem, placed where the author can fix it.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Problem {
    /// The form control's name (`title`, `body`, ...), or `form` for the form as a whole.
    pub field: &'static str,
    /// For `body`: the line of the text box (1-based).
    pub line: Option<usize>,
    /// `error` (nothing is saved) or `warning`.
    pub severity: &'static str,
    /// What is wrong and how to fix it.
    pub text: String,
}

impl Problem {
    fn error(field: &'static str, text: String) -> Problem {
        Problem {
            field,
            line: None,
            severity: "error",
            text,
        }
    }
}

/// What a form works out to.
pub(super) struct Worked {
    /// The file to write, when the form gives one.
    pub planned: Option<Planned>,
    /// Its problems.
    pub problems: Vec<Problem>,
    /// The body as the preview shows it (sanitized HTML).
    pub html: String,
    /// For a revision: the body of the revision it follows, for the redline.
    pub old_body: Option<String>,
}

impl Worked {
    /// Whether anything stops the save.
    pub fn has_errors(&self) -> bool {
        self.planned.is_none() || self.problems.iter().any(|p| p.severity == "error")
    }
}

/// The body as the file holds it: after one blank line, with `\n` line ends and a final one.
pub(super) fn file_body(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text = text.trim_start_matches('\n');
    let mut body = format!("\n{text}");
    if !body.ends_with('\n') {
        body.push('\n');
    }
    body
}

/// The body as the text box shows it (the blank line after the front-matter left out).
pub(super) fn box_body(file_body: &str) -> String {
    file_body.trim_start_matches(['\n', '\r']).to_owned()
}

fn date_of(text: &str) -> Option<Date> {
    text.trim().parse::<Date>().ok()
}

/// Works the form out against the archive at `root` (its revision files as `scan` read
/// them), as of `today`.
pub(super) fn work(
    root: &Path,
    scan: &Scan,
    form: &FormData,
    last: Option<&Last>,
    today: Date,
) -> Worked {
    let m = crate::config::messages(root);
    let mut problems = Vec::new();
    let date = match date_of(&form.date) {
        Some(d) => d,
        None => {
            problems.push(Problem::error("date", m.raw("ed_bad_date").to_owned()));
            today
        }
    };
    let review_by = match form.review_by.trim() {
        "" => None,
        text => {
            let d = date_of(text);
            if d.is_none() {
                problems.push(Problem::error("review_by", m.raw("ed_bad_date").to_owned()));
            }
            d
        }
    };
    let status = match form.status.as_str() {
        "" | "active" => Declared::Active,
        "draft" => Declared::Draft,
        "withdrawn" => Declared::Withdrawn,
        _ => {
            problems.push(Problem::error("status", m.raw("ed_bad_status").to_owned()));
            Declared::Active
        }
    };
    let editing = form.mode == "edit";
    let revising = form.mode == "revise";
    let (title, category) = (form.title.trim(), form.category.trim());
    if title.is_empty() {
        problems.push(Problem::error(
            "title",
            m.raw("ed_title_required").to_owned(),
        ));
    }
    if category.is_empty() {
        problems.push(Problem::error(
            "category",
            m.raw("ed_category_required").to_owned(),
        ));
    }
    let planned = if revising {
        // An editorial fix is also marked so (`editorial: true`): readers are not told the
        // guideline changed, though its page and redline are there.
        authoring::plan_revise_in(scan, &form.id, form.minor, date).map(|mut p| {
            p.editorial = form.minor;
            p
        })
    } else if editing {
        // The switch shows the draft's own mark, so it is never kept unseen.
        authoring::plan_edit_in(scan, &form.id).map(|mut p| {
            p.editorial = form.minor;
            p
        })
    } else if title.is_empty() || category.is_empty() {
        return Worked {
            planned: None,
            problems,
            html: String::new(),
            old_body: None,
        };
    } else {
        authoring::plan_new_in(root, scan, title, category, None, date)
    };
    // A revision that follows another says what changed (an edited draft of version 1 need not).
    let follows = match &planned {
        Ok(p) => p.follows_body.is_some(),
        Err(_) => revising,
    };
    if form.changes.trim().is_empty() && (follows || status == Declared::Withdrawn) {
        let key = if status == Declared::Withdrawn {
            "ed_reason_required"
        } else {
            "ed_changes_required"
        };
        problems.push(Problem::error("changes", m.raw(key).to_owned()));
    }
    let mut planned = match planned {
        Ok(p) => p,
        Err(e) => {
            problems.push(Problem::error(field_of_failure(&e), m.text(&e.said())));
            return Worked {
                planned: None,
                problems,
                html: String::new(),
                old_body: None,
            };
        }
    };
    let old_body = planned.follows_body.clone();
    if revising || editing {
        planned.title = title.to_owned();
        planned.category = category.to_owned();
    }
    if editing {
        planned.date = date;
    }
    planned.summary = form.summary.trim().to_owned();
    planned.changes = form.changes.trim().to_owned();
    planned.status = status;
    planned.review_by = review_by;
    planned.body = file_body(&form.body);

    // A field found empty above is not reported a second time as a missing key.
    let said: Vec<&str> = problems.iter().map(|p| p.field).collect();
    let (html, found) = check_text(&planned, last.map(|l| &*l.targets), today, &m);
    let found = found
        .into_iter()
        .filter(|(key, _)| !key.is_some_and(|k| said.contains(&k)));
    let found: Vec<Problem> = found.map(|(_, p)| p).collect();
    problems.extend(found);
    Worked {
        planned: Some(planned),
        problems,
        html,
        old_body,
    }
}

/// Which field a failure of `new`/`revise` belongs to.
fn field_of_failure(e: &AuthoringError) -> &'static str {
    match e {
        AuthoringError::BadId(_) | AuthoringError::IdTaken { .. } => "title",
        AuthoringError::BadCategory(_) => "category",
        _ => "form",
    }
}

/// Reads the planned file back as the build would (front-matter, then the body rendered
/// with the archive's link targets): the preview's HTML and every problem found.
/// Each problem comes with the front-matter key it says is missing, if it says that.
fn check_text(
    planned: &Planned,
    targets: Option<&LinkTargets>,
    today: Date,
    m: &Messages,
) -> (String, Vec<(Option<&'static str>, Problem)>) {
    let text = planned.text();
    let file = SourceFile::new(planned.rel.clone(), text.clone());
    let mut found: Vec<Diagnostic> = Vec::new();
    let empty = LinkTargets::default();
    let mut html = String::new();
    if let Some(rev) = crate::frontmatter::parse(&file, 0, &mut found) {
        let body_offset = text.len() - rev.body.len();
        let origin = Origin {
            path: &planned.rel,
            file_text: &text,
            body_offset,
        };
        // `check`'s warnings about the revision on its own, while it is written (those
        // that need the whole archive come with the save's answer).
        let a_year_on = today
            .checked_add(jiff::Span::new().years(1))
            .unwrap_or(today);
        found.extend(crate::check::revision_warnings(
            &rev,
            &authoring::template_lines(),
            a_year_on,
        ));
        let rendered = markdown::render(&rev.body, &origin, targets.unwrap_or(&empty), &mut found);
        // Rendered for pages two folders down (`guidelines/<id>/`); the preview is served
        // elsewhere, so its links and pictures start from the site root instead.
        html = rendered
            .html
            .replace("src=\"../../", "src=\"/")
            .replace("href=\"../../", "href=\"/");
    }
    let problems = found
        .iter()
        .map(|d| (missing_key(d), place(d, &text, m)))
        .collect();
    (html, problems)
}

/// The field whose front-matter key a diagnostic says is missing (`title`, `category`).
fn missing_key(d: &Diagnostic) -> Option<&'static str> {
    let said = d.detail.as_ref()?.message.as_ref()?;
    if said.key != "fm_missing_key" {
        return None;
    }
    let (_, key) = said.args.iter().find(|(n, _)| *n == "key")?;
    ["title", "category"].into_iter().find(|k| k == key)
}

/// The file line where the text box's first line is.
pub(super) fn first_body_line(text: &str) -> usize {
    // The front-matter ends with `---\n`; a blank line follows, then the text box.
    let front = text
        .match_indices("\n---\n")
        .next()
        .map_or(0, |(i, _)| text[..i + 5].matches('\n').count());
    front + 2
}

/// A diagnostic of the planned file placed on its field or text-box line.
pub(super) fn place(d: &Diagnostic, text: &str, m: &Messages) -> Problem {
    let mut d = d.clone();
    d.localize(m);
    let mut said = d.message.clone();
    if let Some(h) = &d.hint {
        said = format!("{said} ({}: {h})", m.raw("label_hint"));
    }
    let first = first_body_line(text);
    let severity = if d.is_error() { "error" } else { "warning" };
    if d.line >= first {
        return Problem {
            field: "body",
            line: Some(d.line - first + 1),
            severity,
            text: said,
        };
    }
    let key = text
        .lines()
        .nth(d.line.saturating_sub(1))
        .and_then(|l| l.split_once(':'))
        .map_or("", |(k, _)| k.trim());
    let field = match key {
        "title" => "title",
        "category" => "category",
        "summary" => "summary",
        "changes" => "changes",
        "date" => "date",
        "review_by" => "review_by",
        "status" => "status",
        "version" | "editorial" => "minor",
        _ => "form",
    };
    Problem {
        field,
        line: None,
        severity,
        text: said,
    }
}

/// The note under the date: when the revision takes effect later, what that means.
pub(super) fn scheduled(planned: &Planned, today: Date, m: &Messages) -> Option<String> {
    Written {
        path: planned.rel.clone().into(),
        date: planned.date,
        replaces: planned.replaces.clone(),
    }
    .scheduled_note(today, m)
}

/// Problems the last build found in the file at `rel`: its warnings and `check`'s.
pub(super) fn warnings_for(
    rel: &str,
    last: &Last,
    text: &str,
    today: Date,
    m: &Messages,
) -> Vec<Problem> {
    let checked = crate::check::content_warnings(&last.archive, today)
        .into_iter()
        .chain(crate::check::authoring_warnings(&last.archive, today));
    last.warnings
        .iter()
        .cloned()
        .chain(checked)
        .filter(|d| d.path == rel)
        .map(|d| place(&d, text, m))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_box_and_the_file_body_round_trip() {
        assert_eq!(file_body("a\r\nb"), "\na\nb\n");
        assert_eq!(file_body("\n\nHello\n"), "\nHello\n");
        assert_eq!(
            box_body(&file_body("## Steps\n\n1. One\n")),
            "## Steps\n\n1. One\n"
        );
    }

    #[test]
    fn problems_land_on_their_field_or_text_box_line() {
        let text = "---\ntitle: A\nid: a\nversion: 1\ncategory: \"\"\ndate: 2024-01-01\nreview_by: 2020-01-01\n---\n\nline one\nline two\n";
        assert_eq!(first_body_line(text), 10);
        let m = Messages::english();
        let at = |line| {
            let d = Diagnostic::warning("content/x/a-v1.md", line, 0, "w".to_owned());
            let p = place(&d, text, &m);
            (p.field, p.line)
        };
        assert_eq!(at(2), ("title", None));
        assert_eq!(at(5), ("category", None));
        assert_eq!(at(7), ("review_by", None));
        assert_eq!(at(4), ("minor", None));
        assert_eq!(at(1), ("form", None));
        assert_eq!(at(10), ("body", Some(1)));
        assert_eq!(at(11), ("body", Some(2)));
    }
}
