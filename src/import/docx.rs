//! Word 2007+ (.docx, WordprocessingML) into the document model.
//!
//! A .docx is a zip of XML parts: the main part (found through `_rels/.rels`), its
//! relationships (links, pictures), `styles.xml` (heading styles, list styles),
//! `numbering.xml` (list formats), `comments.xml` and `docProps/core.xml` (title, dates).
//! A password-protected .docx is not a zip at all but an OLE compound file holding the
//! encrypted package, and is refused with that reason.

use std::collections::HashMap;
use std::io::Read;

use super::doc::{Block, Document, Inline, Loss};
use super::xml::{self, Element};
use super::{ReadError, Tracked};

/// How paragraphs of one style look.
#[derive(Debug, Default, Clone)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    num: Option<(String, u8)>,
    bold: Option<bool>,
    italic: Option<bool>,
}

/// One level of a list format.
#[derive(Debug, Clone)]
struct Level {
    bullet: bool,
    start: u32,
}

struct Ctx<'a> {
    styles: HashMap<String, Style>,
    /// numId -> levels by ilvl.
    numbering: HashMap<String, HashMap<u8, Level>>,
    /// rId -> (target, external).
    rels: HashMap<String, (String, bool)>,
    base: String,
    zip: &'a mut zip::ZipArchive<std::io::Cursor<&'a [u8]>>,
    doc: Document,
    tracked: Tracked,
    /// rId -> media index, so a picture used twice is written once.
    media_of: HashMap<String, usize>,
    /// Counters per (numId, ilvl), so numbering that resumes after text keeps counting.
    counters: HashMap<(String, u8), u32>,
    tables: usize,
    text_boxes: usize,
    footnotes: usize,
    unknown_fields: usize,
}

/// A paragraph as read, before lists are assembled.
struct Para {
    inlines: Vec<Inline>,
    heading: Option<u8>,
    /// (numId, ilvl) when the paragraph is a list item.
    num: Option<(String, u8)>,
}

fn zip_text(zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>, name: &str) -> Option<Vec<u8>> {
    let mut f = zip.by_name(name).ok()?;
    let mut v = Vec::new();
    f.read_to_end(&mut v).ok()?;
    Some(v)
}

/// Reads a .docx from its bytes.
pub fn read(bytes: &[u8], tracked: Tracked) -> Result<Document, ReadError> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        // An OLE compound file: an encrypted package, or an old .doc under a new name.
        let utf16: Vec<u8> = "EncryptionInfo"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        if bytes.windows(utf16.len()).any(|w| w == utf16.as_slice()) {
            return Err(ReadError::Encrypted);
        }
        return Err(ReadError::OldWord);
    }
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| ReadError::Corrupt)?;
    let main = main_part(&mut zip).unwrap_or_else(|| "word/document.xml".to_owned());
    let Some(body) = zip_text(&mut zip, &main) else {
        return Err(ReadError::Corrupt);
    };
    let root = xml::parse(&body).map_err(ReadError::Damaged)?;
    let (base, file) = main.rsplit_once('/').unwrap_or(("", main.as_str()));
    let base = base.to_owned();
    let rels = zip_text(&mut zip, &format!("{base}/_rels/{file}.rels"))
        .and_then(|b| xml::parse(&b).ok())
        .map(|r| relationships(&r))
        .unwrap_or_default();
    let styles = zip_text(&mut zip, &format!("{base}/styles.xml"))
        .and_then(|b| xml::parse(&b).ok())
        .map(|s| read_styles(&s))
        .unwrap_or_default();
    let numbering = zip_text(&mut zip, &format!("{base}/numbering.xml"))
        .and_then(|b| xml::parse(&b).ok())
        .map(|n| read_numbering(&n))
        .unwrap_or_default();
    let mut doc = Document::default();
    if let Some(core) = zip_text(&mut zip, "docProps/core.xml").and_then(|b| xml::parse(&b).ok()) {
        doc.title = core
            .child("dc:title")
            .map(|t| t.text().trim().to_owned())
            .filter(|t| !t.is_empty());
        doc.modified = core
            .child("dcterms:modified")
            .or_else(|| core.child("dcterms:created"))
            .and_then(|d| super::parse_date(&d.text()));
    }
    if let Some(comments) =
        zip_text(&mut zip, &format!("{base}/comments.xml")).and_then(|b| xml::parse(&b).ok())
    {
        for c in comments.elements().filter(|e| e.name == "w:comment") {
            let author = c.attr("w:author").unwrap_or("").to_owned();
            let mut paras = Vec::new();
            c.descendants("w:p", &mut paras);
            let text: Vec<String> = paras.iter().map(|p| run_text(p)).collect();
            doc.comments
                .push((author, text.join(" ").trim().to_owned()));
        }
    }
    let mut ctx = Ctx {
        styles,
        numbering,
        rels,
        base,
        zip: &mut zip,
        doc,
        tracked,
        media_of: HashMap::new(),
        counters: HashMap::new(),
        tables: 0,
        text_boxes: 0,
        footnotes: 0,
        unknown_fields: 0,
    };
    let Some(body) = root.child("w:body") else {
        return Err(ReadError::Damaged("no document body".into()));
    };
    let blocks = ctx.blocks(body);
    ctx.doc.blocks = blocks;
    if ctx.text_boxes > 0 {
        ctx.doc.losses.push(Loss::new(
            "text_boxes",
            &[("n", ctx.text_boxes.to_string())],
        ));
    }
    if ctx.footnotes > 0 {
        ctx.doc
            .losses
            .push(Loss::new("footnotes", &[("n", ctx.footnotes.to_string())]));
    }
    let _ = ctx.unknown_fields;
    Ok(ctx.doc)
}

/// Text of w:t (and w:delText) below an element, for comments.
fn run_text(e: &Element) -> String {
    let mut s = String::new();
    fn walk(e: &Element, s: &mut String) {
        for c in e.elements() {
            match c.name.as_str() {
                "w:t" => s.push_str(&c.text()),
                "w:tab" => s.push(' '),
                _ => walk(c, s),
            }
        }
    }
    walk(e, &mut s);
    s
}

fn main_part(zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>) -> Option<String> {
    let rels = xml::parse(&zip_text(zip, "_rels/.rels")?).ok()?;
    rels.elements()
        .find(|r| {
            r.attr("Type")
                .is_some_and(|t| t.ends_with("/officeDocument"))
        })
        .and_then(|r| r.attr("Target"))
        .map(|t| t.trim_start_matches('/').to_owned())
}

fn relationships(root: &Element) -> HashMap<String, (String, bool)> {
    root.elements()
        .filter_map(|r| {
            let id = r.attr("Id")?.to_owned();
            let target = r.attr("Target")?.to_owned();
            let external = r.attr("TargetMode") == Some("External");
            Some((id, (target, external)))
        })
        .collect()
}

fn on(e: &Element) -> bool {
    !matches!(e.attr("w:val"), Some("0" | "false" | "off" | "none"))
}

fn read_styles(root: &Element) -> HashMap<String, Style> {
    let mut out = HashMap::new();
    for s in root.elements().filter(|e| e.name == "w:style") {
        let Some(id) = s.attr("w:styleId") else {
            continue;
        };
        let mut st = Style {
            name: s
                .child("w:name")
                .and_then(|n| n.attr("w:val"))
                .unwrap_or(id)
                .to_owned(),
            based_on: s
                .child("w:basedOn")
                .and_then(|b| b.attr("w:val"))
                .map(str::to_owned),
            ..Style::default()
        };
        if let Some(ppr) = s.child("w:pPr") {
            st.outline = ppr
                .child("w:outlineLvl")
                .and_then(|o| o.attr("w:val"))
                .and_then(|v| v.parse::<u8>().ok())
                .filter(|l| *l < 9);
            if let Some(np) = ppr.child("w:numPr") {
                let id = np.child("w:numId").and_then(|n| n.attr("w:val"));
                let lvl = np
                    .child("w:ilvl")
                    .and_then(|n| n.attr("w:val"))
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                st.num = id.map(|i| (i.to_owned(), lvl));
            }
        }
        if let Some(rpr) = s.child("w:rPr") {
            st.bold = rpr.child("w:b").map(on);
            st.italic = rpr.child("w:i").map(on);
        }
        out.insert(id.to_owned(), st);
    }
    out
}

fn read_numbering(root: &Element) -> HashMap<String, HashMap<u8, Level>> {
    let mut abstracts: HashMap<String, HashMap<u8, Level>> = HashMap::new();
    for a in root.elements().filter(|e| e.name == "w:abstractNum") {
        let Some(id) = a.attr("w:abstractNumId") else {
            continue;
        };
        abstracts.insert(id.to_owned(), levels(a));
    }
    let mut out = HashMap::new();
    for n in root.elements().filter(|e| e.name == "w:num") {
        let (Some(id), Some(abs)) = (
            n.attr("w:numId"),
            n.child("w:abstractNumId").and_then(|a| a.attr("w:val")),
        ) else {
            continue;
        };
        let mut lv = abstracts.get(abs).cloned().unwrap_or_default();
        for o in n.elements().filter(|e| e.name == "w:lvlOverride") {
            let Some(il) = o.attr("w:ilvl").and_then(|v| v.parse::<u8>().ok()) else {
                continue;
            };
            if let Some(l) = o.child("w:lvl") {
                lv.extend(levels_one(l).map(|x| (il, x)));
            }
            if let Some(start) = o
                .child("w:startOverride")
                .and_then(|s| s.attr("w:val"))
                .and_then(|v| v.parse().ok())
                && let Some(l) = lv.get_mut(&il)
            {
                l.start = start;
            }
        }
        out.insert(id.to_owned(), lv);
    }
    out
}

fn levels(a: &Element) -> HashMap<u8, Level> {
    a.elements()
        .filter(|e| e.name == "w:lvl")
        .filter_map(|l| {
            let il = l.attr("w:ilvl")?.parse::<u8>().ok()?;
            levels_one(l).map(|x| (il, x))
        })
        .collect()
}

fn levels_one(l: &Element) -> Option<Level> {
    let fmt = l
        .child("w:numFmt")
        .and_then(|f| f.attr("w:val"))
        .unwrap_or("decimal");
    let start = l
        .child("w:start")
        .and_then(|s| s.attr("w:val"))
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    Some(Level {
        bullet: fmt == "bullet" || fmt == "none",
        start,
    })
}

/// Heading level from a style's name (`heading 2`, Danish `Overskrift 2`, Swedish
/// `Rubrik 2`, `Title`/`Titel`) or its outline level.
fn heading_of(styles: &HashMap<String, Style>, id: &str) -> Option<u8> {
    let mut cur = styles.get(id);
    let mut depth = 0;
    while let Some(s) = cur {
        let name = s.name.to_lowercase();
        if name == "title" || name == "titel" {
            return Some(1);
        }
        for prefix in ["heading", "overskrift", "rubrik"] {
            if let Some(n) = name.strip_prefix(prefix)
                && let Ok(l) = n.trim().parse::<u8>()
                && (1..=9).contains(&l)
            {
                return Some(l.min(6));
            }
        }
        if let Some(o) = s.outline {
            return Some((o + 1).min(6));
        }
        depth += 1;
        if depth > 20 {
            break;
        }
        cur = s.based_on.as_ref().and_then(|b| styles.get(b));
    }
    None
}

/// Inherited list numbering of a style, with the nesting its name says (`List Number 2`).
fn style_num(styles: &HashMap<String, Style>, id: &str) -> Option<(String, u8)> {
    let mut cur = styles.get(id);
    let mut depth = 0;
    while let Some(s) = cur {
        if let Some((n, l)) = &s.num {
            let extra = s
                .name
                .rsplit_once(' ')
                .and_then(|(_, n)| n.parse::<u8>().ok())
                .filter(|n| (2..=9).contains(n))
                .map_or(0, |n| n - 1);
            return Some((n.clone(), l + extra));
        }
        depth += 1;
        if depth > 20 {
            break;
        }
        cur = s.based_on.as_ref().and_then(|b| styles.get(b));
    }
    None
}

fn style_flag(styles: &HashMap<String, Style>, id: &str, f: fn(&Style) -> Option<bool>) -> bool {
    let mut cur = styles.get(id);
    let mut depth = 0;
    while let Some(s) = cur {
        if let Some(v) = f(s) {
            return v;
        }
        depth += 1;
        if depth > 20 {
            break;
        }
        cur = s.based_on.as_ref().and_then(|b| styles.get(b));
    }
    false
}

/// Run formatting in force while walking a paragraph.
#[derive(Clone, Default)]
struct RunState {
    bold: bool,
    italic: bool,
    link: Option<String>,
    /// Inside deleted (or, when rejecting, inserted) content: skip text.
    hidden: bool,
}

impl Ctx<'_> {
    fn blocks(&mut self, body: &Element) -> Vec<Block> {
        let mut paras: Vec<Block> = Vec::new();
        let mut pending: Vec<Para> = Vec::new();
        for e in body.elements() {
            match e.name.as_str() {
                "w:p" => {
                    let p = self.paragraph(e);
                    if p.num.is_some() {
                        pending.push(p);
                    } else {
                        self.flush_list(&mut pending, &mut paras);
                        paras.push(match p.heading {
                            Some(l) => Block::Heading(l, p.inlines),
                            None => Block::Para(p.inlines),
                        });
                    }
                }
                "w:tbl" => {
                    self.flush_list(&mut pending, &mut paras);
                    paras.push(self.table(e));
                }
                "w:sdt" => {
                    if let Some(c) = e.child("w:sdtContent") {
                        self.flush_list(&mut pending, &mut paras);
                        let inner = self.blocks(c);
                        paras.extend(inner);
                    }
                }
                "w:ins" | "w:moveTo" | "w:customXml" | "w:smartTag" => {
                    self.flush_list(&mut pending, &mut paras);
                    let inner = self.blocks(e);
                    paras.extend(inner);
                }
                _ => {}
            }
        }
        self.flush_list(&mut pending, &mut paras);
        paras
    }

    /// Assembles consecutive numbered paragraphs into nested lists.
    fn flush_list(&mut self, pending: &mut Vec<Para>, out: &mut Vec<Block>) {
        if pending.is_empty() {
            return;
        }
        let paras = std::mem::take(pending);
        // (level, numbered start) per paragraph.
        let mut flat: Vec<(u8, Option<u32>, Vec<Inline>)> = Vec::new();
        for p in paras {
            let (num, lvl) = p.num.expect("list paragraph");
            let level = self
                .numbering
                .get(&num)
                .and_then(|l| l.get(&lvl))
                .cloned()
                .unwrap_or(Level {
                    bullet: false,
                    start: 1,
                });
            // Deeper levels restart when a shallower one advances (also when, as with
            // Word's "List Number 2" style, the deeper level is a list of its own).
            self.counters.retain(|(_, l), _| *l <= lvl);
            let counter = self
                .counters
                .entry((num.clone(), lvl))
                .or_insert(level.start);
            let this = *counter;
            *counter += 1;
            flat.push((lvl, (!level.bullet).then_some(this), p.inlines));
        }
        let mut pos = 0;
        out.extend(super::doc::build_lists(&flat, &mut pos, 0));
    }

    fn paragraph(&mut self, p: &Element) -> Para {
        let ppr = p.child("w:pPr");
        let style = ppr
            .and_then(|x| x.child("w:pStyle"))
            .and_then(|s| s.attr("w:val"))
            .unwrap_or("Normal")
            .to_owned();
        let heading = ppr
            .and_then(|x| x.child("w:outlineLvl"))
            .and_then(|o| o.attr("w:val"))
            .and_then(|v| v.parse::<u8>().ok())
            .filter(|l| *l < 9)
            .map(|l| (l + 1).min(6))
            .or_else(|| heading_of(&self.styles, &style));
        let mut num = ppr.and_then(|x| x.child("w:numPr")).and_then(|np| {
            let id = np.child("w:numId")?.attr("w:val")?.to_owned();
            let lvl = np
                .child("w:ilvl")
                .and_then(|n| n.attr("w:val"))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            Some((id, lvl))
        });
        if num.is_none() && heading.is_none() {
            num = style_num(&self.styles, &style);
        }
        // numId 0 means "no numbering".
        if num.as_ref().is_some_and(|(n, _)| n == "0") {
            num = None;
        }
        let state = RunState {
            bold: style_flag(&self.styles, &style, |s| s.bold),
            italic: style_flag(&self.styles, &style, |s| s.italic),
            ..RunState::default()
        };
        let mut inlines = Vec::new();
        let mut field: Option<FieldState> = None;
        self.runs(p, &state, &mut inlines, &mut field);
        // A heading style's bold says nothing about the text.
        if heading.is_some() {
            for i in &mut inlines {
                if let Inline::Text { bold, .. } = i {
                    *bold = false;
                }
            }
        }
        Para {
            inlines,
            heading: if num.is_some() { None } else { heading },
            num,
        }
    }

    fn runs(
        &mut self,
        e: &Element,
        state: &RunState,
        out: &mut Vec<Inline>,
        field: &mut Option<FieldState>,
    ) {
        for c in e.elements() {
            match c.name.as_str() {
                "w:r" => self.run(c, state, out, field),
                "w:hyperlink" => {
                    let mut s = state.clone();
                    s.link = c
                        .attr("r:id")
                        .and_then(|id| self.rels.get(id))
                        .map(|(t, _)| t.clone());
                    self.runs(c, &s, out, field);
                }
                "w:ins" | "w:moveTo" => {
                    self.tracked_change(true);
                    let mut s = state.clone();
                    s.hidden |= self.tracked == Tracked::Reject;
                    self.runs(c, &s, out, field);
                }
                "w:del" | "w:moveFrom" => {
                    self.tracked_change(false);
                    let mut s = state.clone();
                    s.hidden |= self.tracked == Tracked::Accept;
                    self.runs(c, &s, out, field);
                }
                "w:fldSimple" => {
                    let mut s = state.clone();
                    if let Some(url) = c.attr("w:instr").and_then(hyperlink_of) {
                        s.link = Some(url);
                    }
                    self.runs(c, &s, out, field);
                }
                "w:smartTag" | "w:customXml" | "w:sdt" | "w:sdtContent" | "w:bdo" | "w:dir" => {
                    self.runs(c, state, out, field)
                }
                "mc:AlternateContent" => {
                    if let Some(choice) = c.child("mc:Choice") {
                        self.runs(choice, state, out, field);
                    }
                }
                _ => {}
            }
        }
    }

    fn tracked_change(&mut self, insertion: bool) {
        if insertion {
            self.doc.tracked.0 += 1;
        } else {
            self.doc.tracked.1 += 1;
        }
    }

    fn run(
        &mut self,
        r: &Element,
        state: &RunState,
        out: &mut Vec<Inline>,
        field: &mut Option<FieldState>,
    ) {
        let mut s = state.clone();
        if let Some(rpr) = r.child("w:rPr") {
            if let Some(st) = rpr
                .child("w:rStyle")
                .and_then(|x| x.attr("w:val"))
                .map(str::to_owned)
            {
                if style_flag(&self.styles, &st, |x| x.bold) {
                    s.bold = true;
                }
                if style_flag(&self.styles, &st, |x| x.italic) {
                    s.italic = true;
                }
            }
            if let Some(b) = rpr.child("w:b") {
                s.bold = on(b);
            }
            if let Some(i) = rpr.child("w:i") {
                s.italic = on(i);
            }
            if rpr.child("w:vanish").is_some_and(on) {
                return;
            }
        }
        if let Some(f) = field.as_ref()
            && f.in_result
            && let Some(url) = &f.link
        {
            s.link = Some(url.clone());
        }
        let in_instr = field.as_ref().is_some_and(|f| !f.in_result);
        for c in r.elements() {
            match c.name.as_str() {
                "w:t" if !s.hidden && !in_instr => push_text(out, &c.text(), &s),
                "w:delText" if !s.hidden => push_text(out, &c.text(), &s),
                "w:tab" | "w:ptab" if !s.hidden => push_text(out, " ", &s),
                "w:noBreakHyphen" if !s.hidden => push_text(out, "-", &s),
                "w:br" | "w:cr"
                    if !s.hidden && !matches!(c.attr("w:type"), Some("page" | "column")) =>
                {
                    out.push(Inline::Break);
                }
                "w:fldChar" => match c.attr("w:fldCharType") {
                    Some("begin") => {
                        *field = Some(FieldState {
                            instr: String::new(),
                            link: None,
                            in_result: false,
                        })
                    }
                    Some("separate") => {
                        if let Some(f) = field.as_mut() {
                            f.link = hyperlink_of(&f.instr);
                            f.in_result = true;
                        }
                    }
                    Some("end") => *field = None,
                    _ => {}
                },
                "w:instrText" => {
                    if let Some(f) = field.as_mut() {
                        f.instr.push_str(&c.text());
                    }
                }
                "w:drawing" | "w:pict" | "w:object" if !s.hidden => self.picture(c, out),
                "mc:AlternateContent" if !s.hidden => {
                    if let Some(choice) = c.child("mc:Choice") {
                        for x in choice.elements() {
                            self.picture(x, out);
                        }
                    }
                }
                "w:footnoteReference" | "w:endnoteReference" => self.footnotes += 1,
                _ => {}
            }
        }
    }

    fn picture(&mut self, e: &Element, out: &mut Vec<Inline>) {
        let mut blips = Vec::new();
        e.descendants("a:blip", &mut blips);
        let mut ids: Vec<String> = blips
            .iter()
            .filter_map(|b| b.attr("r:embed").map(str::to_owned))
            .collect();
        let mut vml = Vec::new();
        e.descendants("v:imagedata", &mut vml);
        ids.extend(vml.iter().filter_map(|v| v.attr("r:id").map(str::to_owned)));
        if e.find("w:txbxContent").is_some() {
            self.text_boxes += 1;
        }
        let alt = e
            .find("wp:docPr")
            .and_then(|d| {
                d.attr("descr")
                    .filter(|s| !s.is_empty())
                    .or(d.attr("title"))
            })
            .unwrap_or("")
            .to_owned();
        for id in ids.into_iter().take(1) {
            if let Some(&k) = self.media_of.get(&id) {
                out.push(Inline::Image {
                    src: format!("media:{k}"),
                    alt: alt.clone(),
                });
                continue;
            }
            let Some((target, external)) = self.rels.get(&id).cloned() else {
                continue;
            };
            if external {
                self.doc
                    .losses
                    .push(Loss::new("linked_picture", &[("src", target.clone())]));
                continue;
            }
            let path = resolve(&self.base, &target);
            let Some(bytes) = zip_text(self.zip, &path) else {
                self.doc
                    .losses
                    .push(Loss::new("missing_picture", &[("src", target.clone())]));
                continue;
            };
            let ext = target
                .rsplit_once('.')
                .map(|(_, e)| e.to_ascii_lowercase())
                .unwrap_or_else(|| "png".into());
            if !matches!(
                ext.as_str(),
                "png" | "jpg" | "jpeg" | "gif" | "svg" | "webp"
            ) {
                self.doc
                    .losses
                    .push(Loss::new("picture_format", &[("ext", ext.clone())]));
                continue;
            }
            let k = self.doc.media.len();
            self.doc.media.push((ext, bytes));
            self.media_of.insert(id, k);
            out.push(Inline::Image {
                src: format!("media:{k}"),
                alt: alt.clone(),
            });
        }
    }

    fn table(&mut self, t: &Element) -> Block {
        self.tables += 1;
        let n = self.tables;
        let mut rows: Vec<Vec<Vec<Inline>>> = Vec::new();
        let mut merged = 0;
        let mut complex = false;
        for tr in t.elements().filter(|e| e.name == "w:tr") {
            let mut row = Vec::new();
            for tc in tr.elements().filter(|e| e.name == "w:tc") {
                let tcpr = tc.child("w:tcPr");
                let span = tcpr
                    .and_then(|p| p.child("w:gridSpan"))
                    .and_then(|g| g.attr("w:val"))
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, 64);
                let vcont = tcpr
                    .and_then(|p| p.child("w:vMerge"))
                    .is_some_and(|v| v.attr("w:val") != Some("restart"));
                let mut cell: Vec<Inline> = Vec::new();
                if vcont {
                    merged += 1;
                } else {
                    let blocks = self.blocks(tc);
                    for (k, b) in blocks.into_iter().enumerate() {
                        if k > 0 {
                            cell.push(Inline::Break);
                        }
                        match b {
                            Block::Para(i) | Block::Heading(_, i) => cell.extend(i),
                            Block::List { items, .. } => {
                                complex = true;
                                for (j, it) in items.into_iter().enumerate() {
                                    if j > 0 {
                                        cell.push(Inline::Break);
                                    }
                                    cell.extend(it.content);
                                }
                            }
                            other => {
                                complex = true;
                                cell.push(Inline::plain(super::doc::body_text(&[other])));
                            }
                        }
                    }
                }
                row.push(cell);
                for _ in 1..span {
                    merged += 1;
                    row.push(Vec::new());
                }
            }
            rows.push(row);
        }
        if merged > 0 {
            self.doc
                .losses
                .push(Loss::new("merged_cells", &[("table", n.to_string())]));
        }
        if complex {
            self.doc
                .losses
                .push(Loss::new("table_blocks", &[("table", n.to_string())]));
        }
        Block::Table(rows)
    }
}

struct FieldState {
    instr: String,
    link: Option<String>,
    in_result: bool,
}

/// The URL of a `HYPERLINK "url"` field instruction.
fn hyperlink_of(instr: &str) -> Option<String> {
    let rest = instr.trim().strip_prefix("HYPERLINK")?.trim();
    if rest.starts_with("\\l") {
        return None;
    }
    let url = rest.trim_start_matches('"');
    let url = url.split('"').next()?.trim();
    (!url.is_empty()).then(|| url.to_owned())
}

fn push_text(out: &mut Vec<Inline>, text: &str, s: &RunState) {
    if text.is_empty() {
        return;
    }
    out.push(Inline::Text {
        text: text.to_owned(),
        bold: s.bold,
        italic: s.italic,
        link: s.link.clone().filter(|l| !l.starts_with('#')),
    });
}

/// `media/image1.png` relative to `word/`, with `..` handled.
fn resolve(base: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_owned();
    }
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for p in target.split('/') {
        match p {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyperlink_fields_give_their_url() {
        assert_eq!(
            hyperlink_of(" HYPERLINK \"https://x.example/a b\" "),
            Some("https://x.example/a b".into())
        );
        assert_eq!(hyperlink_of("HYPERLINK \\l \"top\""), None);
        assert_eq!(hyperlink_of("PAGE"), None);
    }

    #[test]
    fn not_a_zip_is_corrupt_and_a_compound_file_is_old_word() {
        assert!(matches!(
            read(b"hello", Tracked::Accept),
            Err(ReadError::Corrupt)
        ));
        let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        cfb.extend([0u8; 100]);
        assert!(matches!(
            read(&cfb, Tracked::Accept),
            Err(ReadError::OldWord)
        ));
        for c in "EncryptionInfo".encode_utf16() {
            cfb.extend(c.to_le_bytes());
        }
        assert!(matches!(
            read(&cfb, Tracked::Accept),
            Err(ReadError::Encrypted)
        ));
    }

    #[test]
    fn resolves_relative_targets() {
        assert_eq!(resolve("word", "media/a.png"), "word/media/a.png");
        assert_eq!(resolve("word", "../media/a.png"), "media/a.png");
        assert_eq!(resolve("word", "/word/media/a.png"), "word/media/a.png");
    }
}
