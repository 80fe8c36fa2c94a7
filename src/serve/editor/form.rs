//! The editor's page: the form with every field labelled, its hint and its error place
//! tied to it (`aria-describedby`), the body's text box and toolbar, the plan worked out
//! for the author, the redline and the preview. Built here as escaped HTML; the script
//! (`editor.js`) only fills in what the server answers.

use std::fmt::Write as _;

use super::ROOT;
use super::draft::FormData;
use crate::messages::Messages;
use crate::render::redline::escape;

/// What the page starts with.
pub(super) struct Page<'a> {
    pub m: &'a Messages,
    pub token: &'a str,
    pub form: &'a FormData,
    /// Category names for the datalist.
    pub categories: &'a [String],
    /// Where "back" leads.
    pub back: &'a str,
}

/// One labelled field: `control` makes the control's HTML from its id, name and the ids
/// that describe it, so the author's text in it is never read as a placeholder.
fn field(
    out: &mut String,
    name: &str,
    label: &str,
    hint: &str,
    control: impl FnOnce(&str, &str, &str) -> String,
) {
    let id = format!("rt-{}", name.replace('_', "-"));
    let _ = write!(
        out,
        "<div class=\"rt-field\" id=\"{id}-field\"><label for=\"{id}\">{}</label>",
        escape(label)
    );
    if !hint.is_empty() {
        let _ = write!(
            out,
            "<p class=\"rt-hint\" id=\"{id}-hint\">{}</p>",
            escape(hint)
        );
    }
    let described = if hint.is_empty() {
        format!("{id}-error")
    } else {
        format!("{id}-hint {id}-error")
    };
    out.push_str(&control(&id, name, &described));
    let _ = write!(
        out,
        "<div class=\"rt-error\" id=\"{id}-error\"></div></div>"
    );
}

/// The page's HTML.
pub(super) fn page(p: &Page) -> String {
    let m = p.m;
    let f = p.form;
    let revising = f.mode == "revise";
    // A revision, or a draft edited in place: both follow a revision (or may).
    let editing = f.mode == "edit";
    let t = |k: &str| escape(m.raw(k));
    let heading = match f.mode.as_str() {
        "revise" => m.text(&crate::messages::say("ed_heading_revise").arg("title", &f.title)),
        "edit" => m.text(&crate::messages::say("ed_heading_edit").arg("title", &f.title)),
        _ => m.raw("ed_heading_new").to_owned(),
    };
    let mut o = String::new();
    let _ = write!(
        o,
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><link rel=\"stylesheet\" href=\"{ROOT}editor.css\"></head>\n<body class=\"rt-page\">\n",
        escape(&m.lang),
        escape(&heading)
    );
    let _ = write!(
        o,
        "<header class=\"rt-top\"><a id=\"rt-back\" href=\"{}\">{}</a><h1 id=\"rt-heading\">{}</h1><p class=\"rt-intro\">{}</p></header>\n<main id=\"rt-main\">\n",
        escape(p.back),
        t("ed_back"),
        escape(&heading),
        t("ed_intro")
    );
    let _ = write!(
        o,
        "<div id=\"rt-errors\" class=\"rt-errors\" tabindex=\"-1\" role=\"alert\"></div>\n<form id=\"rt-editor\" data-mode=\"{}\" data-root=\"{ROOT}\" novalidate>\n",
        match f.mode.as_str() {
            "revise" => "revise",
            "edit" => "edit",
            _ => "new",
        }
    );
    for (name, value) in [
        ("token", p.token),
        ("mode", f.mode.as_str()),
        ("id", f.id.as_str()),
        ("base", f.base.as_str()),
        ("base_hash", f.base_hash.as_str()),
    ] {
        let _ = write!(
            o,
            "<input type=\"hidden\" name=\"{name}\" value=\"{}\">",
            escape(value)
        );
    }
    o.push('\n');
    field(
        &mut o,
        "title",
        m.raw("ed_title"),
        m.raw("ed_title_hint"),
        |id, name, described| {
            format!(
                "<input id=\"{id}\" name=\"{name}\" type=\"text\" required autocomplete=\"off\" aria-describedby=\"{described}\" value=\"{}\">",
                escape(&f.title)
            )
        },
    );
    let mut list = String::from("<datalist id=\"rt-categories\">");
    for c in p.categories {
        let _ = write!(list, "<option value=\"{}\"></option>", escape(c));
    }
    list.push_str("</datalist>");
    field(
        &mut o,
        "category",
        m.raw("ed_category"),
        m.raw("ed_category_hint"),
        |id, name, described| {
            format!(
                "<input id=\"{id}\" name=\"{name}\" type=\"text\" list=\"rt-categories\" required autocomplete=\"off\" aria-describedby=\"{described}\" value=\"{}\">{list}",
                escape(&f.category)
            )
        },
    );
    field(
        &mut o,
        "summary",
        m.raw("ed_summary"),
        m.raw("ed_summary_hint"),
        |id, name, described| {
            format!(
                "<input id=\"{id}\" name=\"{name}\" type=\"text\" autocomplete=\"off\" aria-describedby=\"{described}\" value=\"{}\">",
                escape(&f.summary)
            )
        },
    );
    field(
        &mut o,
        "changes",
        m.raw(if revising || editing {
            "ed_changes"
        } else {
            "ed_changes_new"
        }),
        m.raw("ed_changes_hint"),
        |id, name, described| {
            format!(
                "<textarea id=\"{id}\" name=\"{name}\" rows=\"3\"{} aria-describedby=\"{described}\">{}</textarea>",
                if revising { " required" } else { "" },
                escape(&f.changes)
            )
        },
    );
    field(
        &mut o,
        "date",
        m.raw("ed_date"),
        m.raw("ed_date_hint"),
        |id, name, described| {
            format!(
                "<input id=\"{id}\" name=\"{name}\" type=\"date\" required aria-describedby=\"{described} rt-date-note\" value=\"{}\"><p class=\"rt-note\" id=\"rt-date-note\" aria-live=\"polite\"></p>",
                escape(&f.date)
            )
        },
    );
    field(
        &mut o,
        "review_by",
        m.raw("ed_review_by"),
        m.raw("ed_review_by_hint"),
        |id, name, described| {
            format!(
                "<input id=\"{id}\" name=\"{name}\" type=\"date\" aria-describedby=\"{described}\" value=\"{}\">",
                escape(&f.review_by)
            )
        },
    );
    if revising || editing {
        let _ = write!(
            o,
            "<div class=\"rt-field rt-check\" id=\"rt-minor-field\"><input id=\"rt-minor\" name=\"minor\" type=\"checkbox\" aria-describedby=\"rt-minor-hint rt-minor-error\"{}><label for=\"rt-minor\">{}</label><p class=\"rt-hint\" id=\"rt-minor-hint\">{}</p><div class=\"rt-error\" id=\"rt-minor-error\"></div></div>",
            if f.minor { " checked" } else { "" },
            t("ed_minor"),
            // A draft keeps its version: the switch only marks it.
            t(if editing {
                "ed_minor_hint_edit"
            } else {
                "ed_minor_hint"
            })
        );
    }
    let mut options = String::new();
    for (value, key) in [
        ("active", "ed_status_active"),
        ("draft", "ed_status_draft"),
        ("withdrawn", "ed_status_withdrawn"),
    ] {
        let selected = if f.status == value || (f.status.is_empty() && value == "active") {
            " selected"
        } else {
            ""
        };
        let _ = write!(
            options,
            "<option value=\"{value}\"{selected}>{}</option>",
            t(key)
        );
    }
    field(
        &mut o,
        "status",
        m.raw("ed_status"),
        m.raw("ed_status_hint"),
        |id, name, described| {
            format!(
                "<select id=\"{id}\" name=\"{name}\" aria-describedby=\"{described}\">{options}</select>"
            )
        },
    );
    let _ = write!(
        o,
        "\n<section class=\"rt-plan\" aria-labelledby=\"rt-plan-heading\"><h2 id=\"rt-plan-heading\">{}</h2><p class=\"rt-hint\">{}</p><dl id=\"rt-plan\"><dt>{}</dt><dd id=\"rt-plan-id\"></dd><dt>{}</dt><dd id=\"rt-plan-version\"></dd><dt>{}</dt><dd id=\"rt-plan-file\"></dd><dt>{}</dt><dd id=\"rt-plan-supersedes\"></dd></dl><div class=\"rt-error\" id=\"rt-form-error\"></div></section>\n",
        t("ed_plan"),
        t("ed_plan_hint"),
        t("ed_plan_id"),
        t("ed_plan_version"),
        t("ed_plan_file"),
        t("ed_plan_supersedes")
    );
    // The body: a plain text box, with a toolbar that only types Markdown into it; on a
    // wide screen the preview stands beside it (`.rt-write`), so a paste's result is seen
    // without scrolling. In the page's order the preview still comes after the text.
    o.push_str("<div class=\"rt-write\">");
    let _ = write!(
        o,
        "<div class=\"rt-field rt-body\" id=\"rt-body-field\"><label for=\"rt-body\">{}</label><p class=\"rt-hint\" id=\"rt-body-hint\">{}</p><div class=\"rt-toolbar\" id=\"rt-toolbar\" role=\"toolbar\" aria-label=\"{}\" aria-controls=\"rt-body\">",
        t("ed_body"),
        t("ed_body_hint"),
        t("ed_toolbar")
    );
    for (action, key) in [
        ("heading", "ed_tool_heading"),
        ("step", "ed_tool_step"),
        ("bullet", "ed_tool_bullet"),
        ("bold", "ed_tool_bold"),
        ("link", "ed_tool_link"),
        ("table", "ed_tool_table"),
        ("image", "ed_tool_image"),
    ] {
        let _ = write!(
            o,
            "<button type=\"button\" id=\"rt-tool-{action}\" data-action=\"{action}\">{}</button>",
            t(key)
        );
    }
    let _ = write!(
        o,
        "</div><textarea id=\"rt-body\" name=\"body\" rows=\"18\" spellcheck=\"true\" aria-describedby=\"rt-body-hint rt-body-message rt-body-error\">{}</textarea><p class=\"rt-body-message\" id=\"rt-body-message\" aria-live=\"polite\"></p><p class=\"rt-line\" id=\"rt-body-line\" aria-live=\"off\"></p><div class=\"rt-error\" id=\"rt-body-error\"></div>",
        escape(&f.body)
    );
    let _ = write!(
        o,
        "<div class=\"rt-link-box\" id=\"rt-link-box\" hidden><label for=\"rt-link-search\">{}</label><input id=\"rt-link-search\" type=\"search\" autocomplete=\"off\" aria-describedby=\"rt-link-hint\" aria-controls=\"rt-link-results\"><p class=\"rt-hint\" id=\"rt-link-hint\">{}</p><ul id=\"rt-link-results\" class=\"rt-link-results\"></ul><button type=\"button\" id=\"rt-link-cancel\">{}</button></div>",
        t("ed_link_search"),
        t("ed_link_hint"),
        t("ed_cancel")
    );
    let _ = writeln!(
        o,
        "<input type=\"file\" id=\"rt-image\" class=\"rt-file\" accept=\"image/png,image/jpeg,image/gif,image/webp\" aria-label=\"{}\" tabindex=\"-1\"></div>",
        t("ed_tool_image")
    );
    let _ = writeln!(
        o,
        "<section class=\"rt-preview-section\" aria-labelledby=\"rt-preview-heading\"><h2 id=\"rt-preview-heading\">{}</h2><p class=\"rt-hint\">{}</p><div id=\"rt-preview\" class=\"rt-preview\"></div></section></div>",
        t("ed_preview"),
        t("ed_preview_hint")
    );
    if revising || editing {
        let _ = writeln!(
            o,
            "<section class=\"rt-redline-section\" aria-labelledby=\"rt-redline-heading\"><h2 id=\"rt-redline-heading\">{}</h2><p class=\"rt-hint\">{}</p><div id=\"rt-redline\" class=\"rt-redline\"></div></section>",
            t("ed_redline"),
            t("ed_redline_hint")
        );
    }
    let _ = writeln!(
        o,
        "<div class=\"rt-actions\"><button type=\"submit\" id=\"rt-save\">{}</button><p id=\"rt-message\" role=\"status\"></p></div>",
        t(match f.mode.as_str() {
            "revise" => "ed_save_revision",
            "edit" => "ed_save_edit",
            _ => "ed_save_new",
        })
    );
    let _ = write!(
        o,
        "<section id=\"rt-conflict\" class=\"rt-conflict\" aria-labelledby=\"rt-conflict-heading\" hidden><h2 id=\"rt-conflict-heading\">{}</h2><p id=\"rt-conflict-text\"></p><div class=\"rt-both\"><div><h3>{}</h3><pre id=\"rt-conflict-theirs\" tabindex=\"0\"></pre></div><div><h3>{}</h3><pre id=\"rt-conflict-yours\" tabindex=\"0\"></pre></div></div></section>\n</form>\n",
        t("ed_conflict"),
        t("ed_conflict_theirs"),
        t("ed_conflict_yours")
    );
    o.push_str("</main>\n");
    // The script's own words, as data (not run: the policy allows only scripts from files).
    let words: serde_json::Map<String, serde_json::Value> = [
        "ed_saving",
        "ed_saved",
        "ed_line",
        "ed_unsaved",
        "ed_restored",
        "ed_discard",
        "ed_errors_title",
        "ed_pasted",
        "ed_uploading",
        "ed_no_results",
        "ed_tool_heading_text",
        "ed_tool_step_text",
        "ed_tool_bullet_text",
        "ed_tool_bold_text",
        "ed_tool_table_text",
        "ed_failed",
        "ed_reason_label",
        "ed_changes",
        "ed_nothing_changed",
        "ed_saved_warnings",
        "ed_image_alt",
    ]
    .iter()
    .map(|k| ((*k).to_owned(), serde_json::Value::from(m.raw(k))))
    .collect();
    let json = serde_json::Value::Object(words)
        .to_string()
        .replace('<', "\\u003c");
    let _ = write!(
        o,
        "<script type=\"application/json\" id=\"rt-words\">{json}</script>\n<script src=\"{ROOT}editor.js\"></script>\n</body></html>\n"
    );
    o
}
