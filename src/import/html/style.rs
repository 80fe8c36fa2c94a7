//! The few CSS facts the HTML reader needs from an element's `style` attribute (and the
//! old `<font size>`): bold, italic, hidden, font size, left indent.
//!
//! Declarations are parsed one by one, so Word's `mso-bidi-font-weight:bold` (the weight of
//! right-to-left text) is not taken for `font-weight:bold`, and Google Docs' numeric weights
//! (`font-weight:400` on every span, `700` for bold) mean what they say.

use scraper::node::Element;

/// What one element's inline style says about the text inside it. `None`: it says nothing.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub(super) struct Style {
    pub bold: Option<bool>,
    pub italic: Option<bool>,
    /// `display:none`, `visibility:hidden`, Word's `mso-hide:all`.
    pub hidden: bool,
    /// Font size in points.
    pub size_pt: Option<f32>,
    /// `margin-left` in points.
    pub indent_pt: Option<f32>,
}

/// The declarations of a `style` attribute as (property, value), lower-cased and trimmed.
pub(super) fn declarations(style: &str) -> impl Iterator<Item = (String, String)> + '_ {
    style.split(';').filter_map(|d| {
        let (p, v) = d.split_once(':')?;
        let p = p.trim().to_ascii_lowercase();
        let v = v
            .trim()
            .trim_end_matches("!important")
            .trim()
            .to_ascii_lowercase();
        (!p.is_empty()).then_some((p, v))
    })
}

/// Declarations for class names from the document's `<style>` sheets: Google Docs'
/// "Download as HTML" puts bold (`.c2{font-weight:700}`) and the title's size there, Word's
/// "Save as web page" its paragraph styles. Only plain class selectors (`.c2`,
/// `p.MsoTitle`) are read; the rest of CSS is left to browsers.
#[derive(Debug, Default)]
pub(super) struct Sheet {
    classes: std::collections::HashMap<String, String>,
}

impl Sheet {
    /// Reads the text of a `<style>` element into the sheet.
    pub(super) fn add(&mut self, css: &str) {
        let css = strip_comments(css);
        for rule in css.split('}') {
            let Some((selectors, body)) = rule.rsplit_once('{') else {
                continue;
            };
            let selectors = selectors.rsplit('{').next().unwrap_or("");
            for sel in selectors.split(',') {
                let sel = sel.trim();
                let Some((tag, class)) = sel.split_once('.') else {
                    continue;
                };
                let plain = |t: &str| {
                    t.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                };
                if plain(tag) && !class.is_empty() && plain(class) {
                    let e = self.classes.entry(class.to_owned()).or_default();
                    e.push_str(body);
                    e.push(';');
                }
            }
        }
    }

    /// What element `e` says: its classes' rules, then its own `style` (and `<font size>`).
    pub(super) fn of(&self, e: &Element) -> Style {
        let mut s = Style::default();
        if e.name() == "font"
            && let Some(n) = e.attr("size").and_then(|n| n.trim().parse::<u8>().ok())
        {
            // HTML's seven sizes, as browsers map them.
            s.size_pt = Some(match n {
                0 | 1 => 7.5,
                2 => 10.0,
                3 => 12.0,
                4 => 13.5,
                5 => 18.0,
                6 => 24.0,
                _ => 36.0,
            });
        }
        if !self.classes.is_empty() {
            for class in e.classes() {
                if let Some(decls) = self.classes.get(class) {
                    apply(&mut s, decls);
                }
            }
        }
        if let Some(style) = e.attr("style") {
            apply(&mut s, style);
        }
        s
    }
}

fn strip_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(at) = rest.find("/*") {
        out.push_str(&rest[..at]);
        rest = rest[at..]
            .find("*/")
            .map_or("", |end| &rest[at + end + 2..]);
    }
    out.push_str(rest);
    out.replace("<!--", "").replace("-->", "")
}

fn apply(s: &mut Style, style: &str) {
    for (p, v) in declarations(style) {
        match p.as_str() {
            "font-weight" => {
                let bold = match v.as_str() {
                    "bold" | "bolder" => Some(true),
                    "normal" | "lighter" => Some(false),
                    n => n.parse::<u16>().ok().map(|w| w >= 600),
                };
                s.bold = bold.or(s.bold);
            }
            "font-style" => {
                let italic = match v.as_str() {
                    "italic" | "oblique" => Some(true),
                    "normal" => Some(false),
                    _ => None,
                };
                s.italic = italic.or(s.italic);
            }
            "display" if v == "none" => s.hidden = true,
            "visibility" if v == "hidden" => s.hidden = true,
            "mso-hide" if v == "all" => s.hidden = true,
            "font-size" => s.size_pt = length_pt(&v).or(s.size_pt),
            "margin-left" | "margin-inline-start" => s.indent_pt = length_pt(&v).or(s.indent_pt),
            "font" => {
                // The shorthand: `font:7.0pt "Times New Roman"` (Word's marker spacing),
                // `bold 12px Arial`.
                for w in v.split_whitespace() {
                    match w {
                        "bold" | "bolder" | "600" | "700" | "800" | "900" => s.bold = Some(true),
                        "italic" | "oblique" => s.italic = Some(true),
                        _ => {
                            if let Some(pt) = length_pt(w.split('/').next().unwrap_or(w)) {
                                s.size_pt = Some(pt);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// `12pt`, `16px`, `1.5cm`, `0.5in`, `2em` (of 12pt), `0` in points.
pub(super) fn length_pt(v: &str) -> Option<f32> {
    let v = v.trim();
    let split = v
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .unwrap_or(v.len());
    let (n, unit) = v.split_at(split);
    let n: f32 = n.parse().ok()?;
    let factor = match unit.trim() {
        "pt" => 1.0,
        "px" => 0.75,
        "cm" => 28.35,
        "mm" => 2.835,
        "in" => 72.0,
        "pc" => 12.0,
        "em" | "rem" => 12.0,
        "" if n == 0.0 => 1.0,
        _ => return None,
    };
    Some(n * factor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::{Html, Selector};

    fn style(html: &str) -> Style {
        let doc = Html::parse_fragment(html);
        let sel = Selector::parse("span, font, b").expect("selector");
        Sheet::default().of(doc.select(&sel).next().expect("an element").value())
    }

    #[test]
    fn word_bidi_weights_are_not_the_weight() {
        let s =
            style("<span style='mso-bidi-font-weight:bold;mso-bidi-font-style:italic'>x</span>");
        assert_eq!((s.bold, s.italic), (None, None));
        let s = style("<b style='mso-bidi-font-weight:normal'>x</b>");
        assert_eq!(s.bold, None);
    }

    #[test]
    fn class_rules_from_style_sheets() {
        let mut sheet = Sheet::default();
        sheet.add("/* x */ .c2{font-weight:700} p.title, h1 .no {font-size:26pt} a:link{font-weight:bold} @media print{.c3{font-style:italic}}");
        let doc = Html::parse_fragment(
            "<span class='c0 c2' style='font-weight:inherit'>x</span><p class=title>t</p>",
        );
        let span = doc
            .select(&Selector::parse("span").expect("s"))
            .next()
            .expect("span");
        assert_eq!(sheet.of(span.value()).bold, Some(true));
        let p = doc
            .select(&Selector::parse("p").expect("s"))
            .next()
            .expect("p");
        assert_eq!(sheet.of(p.value()).size_pt, Some(26.0));
    }

    #[test]
    fn google_docs_numeric_weights_and_sizes() {
        let s = style("<span style=\"font-size:11pt;font-weight:400;font-style:normal\">x</span>");
        assert_eq!(
            (s.bold, s.italic, s.size_pt),
            (Some(false), Some(false), Some(11.0))
        );
        let s = style("<span style=\"font-weight: 700 !important; font-size: 32px\">x</span>");
        assert_eq!((s.bold, s.size_pt), (Some(true), Some(24.0)));
        assert_eq!(style("<font size=6>x</font>").size_pt, Some(24.0));
        assert!(style("<span style='mso-hide:all'>x</span>").hidden);
        assert_eq!(length_pt("36.0pt"), Some(36.0));
        assert_eq!(length_pt("1.27cm").map(|p| p.round()), Some(36.0));
        assert_eq!(length_pt("auto"), None);
    }
}
