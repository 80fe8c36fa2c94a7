//! OpenDocument Text (.odt, LibreOffice) into the document model.
//!
//! An .odt is a zip with `content.xml` (body and automatic styles), `styles.xml` (named
//! styles, list styles), `meta.xml` (title, dates) and `Pictures/`. A password-protected
//! .odt is still a zip, but `META-INF/manifest.xml` lists encryption data for its parts.

use std::collections::HashMap;
use std::io::Read;

use super::doc::{Block, Document, Inline, Item, Loss};
use super::xml::{self, Element, Node};
use super::{ReadError, Tracked};

#[derive(Debug, Default, Clone)]
struct Style {
    parent: Option<String>,
    bold: Option<bool>,
    italic: Option<bool>,
    outline: Option<u8>,
    list_style: Option<String>,
}

type ListStyle = HashMap<u8, (bool, u32)>;

struct Ctx<'a> {
    styles: HashMap<String, Style>,
    lists: HashMap<String, ListStyle>,
    zip: &'a mut zip::ZipArchive<std::io::Cursor<&'a [u8]>>,
    doc: Document,
    tracked: Tracked,
    /// Deleted text of each tracked deletion, by change id (to put back when rejecting).
    deletions: HashMap<String, Vec<Inline>>,
    /// Change ids of insertions currently open (to skip when rejecting).
    open_insertions: usize,
    media_of: HashMap<String, usize>,
    tables: usize,
}

fn part(zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>, name: &str) -> Option<Vec<u8>> {
    let mut f = zip.by_name(name).ok()?;
    let mut v = Vec::new();
    f.read_to_end(&mut v).ok()?;
    Some(v)
}

/// Reads an .odt from its bytes.
pub fn read(bytes: &[u8], tracked: Tracked) -> Result<Document, ReadError> {
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| ReadError::Corrupt)?;
    if let Some(m) = part(&mut zip, "META-INF/manifest.xml")
        && let Ok(manifest) = xml::parse(&m)
        && manifest.find("manifest:encryption-data").is_some()
    {
        return Err(ReadError::EncryptedOdf);
    }
    let Some(content) = part(&mut zip, "content.xml") else {
        return Err(ReadError::Corrupt);
    };
    let content = xml::parse(&content).map_err(ReadError::Damaged)?;
    let mut styles = HashMap::new();
    let mut lists = HashMap::new();
    if let Some(s) = part(&mut zip, "styles.xml").and_then(|b| xml::parse(&b).ok()) {
        for section in ["office:styles", "office:automatic-styles"] {
            if let Some(sec) = s.child(section) {
                read_styles(sec, &mut styles, &mut lists);
            }
        }
    }
    if let Some(sec) = content.child("office:automatic-styles") {
        read_styles(sec, &mut styles, &mut lists);
    }
    let mut doc = Document::default();
    if let Some(meta) = part(&mut zip, "meta.xml")
        .and_then(|b| xml::parse(&b).ok())
        .and_then(|m| m.child("office:meta").cloned())
    {
        doc.title = meta
            .child("dc:title")
            .map(|t| t.text().trim().to_owned())
            .filter(|t| !t.is_empty());
        doc.modified = meta
            .child("dc:date")
            .or_else(|| meta.child("meta:creation-date"))
            .and_then(|d| super::parse_date(&d.text()));
    }
    let Some(text) = content
        .child("office:body")
        .and_then(|b| b.child("office:text"))
    else {
        return Err(ReadError::Damaged("no text body".into()));
    };
    let mut ctx = Ctx {
        styles,
        lists,
        zip: &mut zip,
        doc,
        tracked,
        deletions: HashMap::new(),
        open_insertions: 0,
        media_of: HashMap::new(),
        tables: 0,
    };
    if let Some(tc) = text.child("text:tracked-changes") {
        for region in tc.elements().filter(|e| e.name == "text:changed-region") {
            let id = region
                .attr("text:id")
                .or(region.attr("xml:id"))
                .unwrap_or("")
                .to_owned();
            if let Some(del) = region.child("text:deletion") {
                ctx.doc.tracked.1 += 1;
                let mut inl = Vec::new();
                for p in del
                    .elements()
                    .filter(|e| e.name == "text:p" || e.name == "text:h")
                {
                    if !inl.is_empty() {
                        inl.push(Inline::plain(" "));
                    }
                    ctx.inlines(p, &Run::default(), &mut inl);
                }
                ctx.deletions.insert(id, inl);
            } else if region.child("text:insertion").is_some() {
                ctx.doc.tracked.0 += 1;
            }
        }
    }
    let blocks = ctx.blocks(text, None, 0);
    ctx.doc.blocks = blocks;
    Ok(ctx.doc)
}

fn read_styles(
    sec: &Element,
    styles: &mut HashMap<String, Style>,
    lists: &mut HashMap<String, ListStyle>,
) {
    for s in sec.elements() {
        match s.name.as_str() {
            "style:style" => {
                let Some(name) = s.attr("style:name") else {
                    continue;
                };
                let tp = s.child("style:text-properties");
                let st = Style {
                    parent: s.attr("style:parent-style-name").map(str::to_owned),
                    bold: tp
                        .and_then(|t| t.attr("fo:font-weight"))
                        .map(|w| w == "bold" || w.parse::<u32>().is_ok_and(|n| n >= 600)),
                    italic: tp
                        .and_then(|t| t.attr("fo:font-style"))
                        .map(|w| w == "italic" || w == "oblique"),
                    outline: s
                        .attr("style:default-outline-level")
                        .and_then(|v| v.parse().ok()),
                    list_style: s.attr("style:list-style-name").map(str::to_owned),
                };
                styles.insert(name.to_owned(), st);
            }
            "text:list-style" => {
                let Some(name) = s.attr("style:name") else {
                    continue;
                };
                let mut levels = HashMap::new();
                for l in s.elements() {
                    let Some(level) = l.attr("text:level").and_then(|v| v.parse::<u8>().ok())
                    else {
                        continue;
                    };
                    match l.name.as_str() {
                        "text:list-level-style-number" => {
                            let numbered =
                                l.attr("style:num-format").is_some_and(|f| !f.is_empty());
                            let start = l
                                .attr("text:start-value")
                                .and_then(|v| v.parse().ok())
                                .unwrap_or(1);
                            levels.insert(level, (!numbered, start));
                        }
                        _ => {
                            levels.insert(level, (true, 1));
                        }
                    }
                }
                lists.insert(name.to_owned(), levels);
            }
            _ => {}
        }
    }
}

#[derive(Clone, Default)]
struct Run {
    bold: bool,
    italic: bool,
    link: Option<String>,
}

impl Ctx<'_> {
    fn flag(&self, name: &str, f: fn(&Style) -> Option<bool>) -> Option<bool> {
        let mut cur = self.styles.get(name);
        for _ in 0..20 {
            let s = cur?;
            if let Some(v) = f(s) {
                return Some(v);
            }
            cur = s.parent.as_ref().and_then(|p| self.styles.get(p));
        }
        None
    }

    fn outline(&self, name: &str) -> Option<u8> {
        let mut cur = self.styles.get(name);
        for _ in 0..20 {
            let s = cur?;
            if let Some(v) = s.outline {
                return Some(v);
            }
            cur = s.parent.as_ref().and_then(|p| self.styles.get(p));
        }
        None
    }

    fn list_style_of(&self, name: &str) -> Option<String> {
        let mut cur = self.styles.get(name);
        for _ in 0..20 {
            let s = cur?;
            if let Some(v) = &s.list_style {
                return Some(v.clone());
            }
            cur = s.parent.as_ref().and_then(|p| self.styles.get(p));
        }
        None
    }

    fn para_run(&self, e: &Element) -> Run {
        let style = e.attr("text:style-name").unwrap_or("");
        Run {
            bold: self.flag(style, |s| s.bold).unwrap_or(false),
            italic: self.flag(style, |s| s.italic).unwrap_or(false),
            link: None,
        }
    }

    fn blocks(&mut self, e: &Element, list_style: Option<&str>, depth: u8) -> Vec<Block> {
        let mut out = Vec::new();
        for c in e.elements() {
            match c.name.as_str() {
                "text:h" => {
                    let level = c
                        .attr("text:outline-level")
                        .and_then(|v| v.parse::<u8>().ok())
                        .unwrap_or(1)
                        .clamp(1, 6);
                    let mut inl = Vec::new();
                    self.inlines(c, &Run::default(), &mut inl);
                    out.push(Block::Heading(level, inl));
                }
                "text:p" => {
                    let style = c.attr("text:style-name").unwrap_or("");
                    let run = self.para_run(c);
                    let mut inl = Vec::new();
                    self.inlines(c, &run, &mut inl);
                    match self.outline(style) {
                        Some(l) if l > 0 => {
                            for i in &mut inl {
                                if let Inline::Text { bold, .. } = i {
                                    *bold = false;
                                }
                            }
                            out.push(Block::Heading(l.min(6), inl))
                        }
                        _ => out.push(Block::Para(inl)),
                    }
                }
                "text:list" => {
                    let own = c.attr("text:style-name").map(str::to_owned);
                    let style = own.or_else(|| list_style.map(str::to_owned)).or_else(|| {
                        // A list without a style takes its first paragraph's.
                        c.find("text:p")
                            .and_then(|p| p.attr("text:style-name"))
                            .and_then(|s| self.list_style_of(s))
                    });
                    out.push(self.list(c, style.as_deref(), depth + 1));
                }
                "table:table" => out.push(self.table(c)),
                "text:section" | "text:index-body" => {
                    out.extend(self.blocks(c, list_style, depth));
                }
                "text:tracked-changes" | "text:sequence-decls" | "text:variable-decls" => {}
                "text:change-start" => self.change_start(c, &mut out),
                "text:change-end" => self.open_insertions = self.open_insertions.saturating_sub(1),
                _ => {}
            }
        }
        if self.tracked == Tracked::Reject {
            // Blocks wholly inside a rejected insertion are dropped by `inlines` emptying them.
        }
        out
    }

    fn change_start(&mut self, c: &Element, _out: &mut [Block]) {
        if self
            .deletions
            .contains_key(c.attr("text:change-id").unwrap_or(""))
        {
            return;
        }
        self.open_insertions += 1;
    }

    fn list(&mut self, l: &Element, style: Option<&str>, depth: u8) -> Block {
        let (bullet, start) = style
            .and_then(|s| self.lists.get(s))
            .and_then(|lv| lv.get(&depth))
            .copied()
            .unwrap_or((true, 1));
        let start = l
            .find("text:list-item")
            .and_then(|i| i.attr("text:start-value"))
            .and_then(|v| v.parse().ok())
            .unwrap_or(start);
        let mut items = Vec::new();
        for it in l
            .elements()
            .filter(|e| e.name == "text:list-item" || e.name == "text:list-header")
        {
            let mut item = Item::default();
            let mut first = true;
            for b in self.blocks(it, style, depth) {
                match b {
                    Block::Para(t) | Block::Heading(_, t) if first => {
                        item.content = t;
                        first = false;
                    }
                    other => {
                        first = false;
                        item.children.push(other)
                    }
                }
            }
            items.push(item);
        }
        Block::List {
            start: (!bullet).then_some(start),
            items,
        }
    }

    fn inlines(&mut self, e: &Element, run: &Run, out: &mut Vec<Inline>) {
        for c in &e.children {
            match c {
                Node::Text(t) => self.push(out, t, run),
                Node::Element(x) => match x.name.as_str() {
                    "text:span" => {
                        let style = x.attr("text:style-name").unwrap_or("");
                        let mut r = run.clone();
                        if let Some(b) = self.flag(style, |s| s.bold) {
                            r.bold = b;
                        }
                        if let Some(i) = self.flag(style, |s| s.italic) {
                            r.italic = i;
                        }
                        self.inlines(x, &r, out);
                    }
                    "text:a" => {
                        let mut r = run.clone();
                        r.link = x
                            .attr("xlink:href")
                            .filter(|h| !h.starts_with('#'))
                            .map(str::to_owned);
                        self.inlines(x, &r, out);
                    }
                    "text:s" => {
                        let n = x
                            .attr("text:c")
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(1usize);
                        self.push(out, &" ".repeat(n.min(8)), run);
                    }
                    "text:tab" => self.push(out, " ", run),
                    "text:line-break" => {
                        if self.open_insertions == 0 || self.tracked == Tracked::Accept {
                            out.push(Inline::Break)
                        }
                    }
                    "office:annotation" => {
                        let author = x.find("dc:creator").map(|a| a.text()).unwrap_or_default();
                        let mut paras = Vec::new();
                        x.descendants("text:p", &mut paras);
                        let text: Vec<String> = paras.iter().map(|p| p.text()).collect();
                        self.doc
                            .comments
                            .push((author, text.join(" ").trim().to_owned()));
                    }
                    "office:annotation-end"
                    | "text:bookmark"
                    | "text:bookmark-start"
                    | "text:bookmark-end"
                    | "text:soft-page-break" => {}
                    "text:change-start" => {
                        let id = x.attr("text:change-id").unwrap_or("");
                        if !self.deletions.contains_key(id) {
                            self.open_insertions += 1;
                        }
                    }
                    "text:change-end" => {
                        if self.open_insertions > 0 {
                            self.open_insertions -= 1;
                        }
                    }
                    "text:change" => {
                        let id = x.attr("text:change-id").unwrap_or("");
                        if self.tracked == Tracked::Reject
                            && let Some(del) = self.deletions.get(id).cloned()
                        {
                            out.extend(del);
                        }
                    }
                    "draw:frame" | "draw:a" => self.frame(x, out),
                    "text:note" => {
                        self.doc
                            .losses
                            .push(Loss::new("footnotes", &[("n", "1".into())]));
                    }
                    _ => self.inlines(x, run, out),
                },
            }
        }
    }

    fn push(&mut self, out: &mut Vec<Inline>, t: &str, run: &Run) {
        if t.is_empty() || (self.open_insertions > 0 && self.tracked == Tracked::Reject) {
            return;
        }
        out.push(Inline::Text {
            text: t.to_owned(),
            bold: run.bold,
            italic: run.italic,
            link: run.link.clone(),
        });
    }

    fn frame(&mut self, f: &Element, out: &mut Vec<Inline>) {
        if f.find("draw:text-box").is_some() {
            self.doc
                .losses
                .push(Loss::new("text_boxes", &[("n", "1".into())]));
            return;
        }
        let Some(img) = f.find("draw:image") else {
            return;
        };
        let alt = f
            .find("svg:desc")
            .map(|d| d.text())
            .or_else(|| f.find("desc").map(|d| d.text()))
            .or_else(|| f.find("svg:title").map(|d| d.text()))
            .unwrap_or_default();
        let Some(href) = img.attr("xlink:href").map(str::to_owned) else {
            return;
        };
        if let Some(&k) = self.media_of.get(&href) {
            out.push(Inline::Image {
                src: format!("media:{k}"),
                alt,
            });
            return;
        }
        if href.contains("://") || href.starts_with("..") {
            self.doc
                .losses
                .push(Loss::new("linked_picture", &[("src", href)]));
            return;
        }
        let path = href.trim_start_matches("./").to_owned();
        let Some(bytes) = part(self.zip, &path) else {
            self.doc
                .losses
                .push(Loss::new("missing_picture", &[("src", href)]));
            return;
        };
        let ext = path
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_else(|| "png".into());
        if !matches!(
            ext.as_str(),
            "png" | "jpg" | "jpeg" | "gif" | "svg" | "webp"
        ) {
            self.doc
                .losses
                .push(Loss::new("picture_format", &[("ext", ext)]));
            return;
        }
        let k = self.doc.media.len();
        self.doc.media.push((ext, bytes));
        self.media_of.insert(href, k);
        out.push(Inline::Image {
            src: format!("media:{k}"),
            alt,
        });
    }

    fn table(&mut self, t: &Element) -> Block {
        self.tables += 1;
        let n = self.tables;
        let mut rows = Vec::new();
        let mut merged = false;
        let mut complex = false;
        let mut trs = Vec::new();
        collect_rows(t, &mut trs);
        for tr in trs {
            let mut row = Vec::new();
            for tc in tr.elements() {
                match tc.name.as_str() {
                    "table:table-cell" => {
                        let span = tc
                            .attr("table:number-columns-spanned")
                            .and_then(|v| v.parse::<usize>().ok())
                            .unwrap_or(1);
                        let rspan = tc
                            .attr("table:number-rows-spanned")
                            .and_then(|v| v.parse::<usize>().ok())
                            .unwrap_or(1);
                        if span > 1 || rspan > 1 {
                            merged = true;
                        }
                        let mut cell = Vec::new();
                        for (k, b) in self.blocks(tc, None, 0).into_iter().enumerate() {
                            if k > 0 {
                                cell.push(Inline::Break);
                            }
                            match b {
                                Block::Para(i) | Block::Heading(_, i) => cell.extend(i),
                                other => {
                                    complex = true;
                                    cell.push(Inline::plain(super::doc::body_text(&[other])));
                                }
                            }
                        }
                        row.push(cell);
                    }
                    "table:covered-table-cell" => {
                        merged = true;
                        row.push(Vec::new());
                    }
                    _ => {}
                }
            }
            rows.push(row);
        }
        if merged {
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

fn collect_rows<'a>(t: &'a Element, out: &mut Vec<&'a Element>) {
    for c in t.elements() {
        match c.name.as_str() {
            "table:table-row" => out.push(c),
            "table:table-header-rows" | "table:table-rows" | "table:table-row-group" => {
                collect_rows(c, out)
            }
            _ => {}
        }
    }
}
