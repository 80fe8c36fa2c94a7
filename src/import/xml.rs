//! A small element tree over quick-xml, with namespaces resolved to fixed prefixes.
//!
//! OOXML and ODF parts are a few hundred kilobytes at most, so a tree is cheap and makes the
//! readers plain recursive walks. Names are `prefix:local` with the prefix chosen by the
//! namespace URI, not by the file (`w:p` whatever prefix a writer used), so a document that
//! binds WordprocessingML to another prefix, or uses Strict OOXML's URIs, reads the same.

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

/// An element.
#[derive(Debug, Default, Clone)]
pub struct Element {
    /// `prefix:local` (see [`prefix_of`]), or just `local` for an unknown namespace.
    pub name: String,
    /// Attributes, names as for elements.
    pub attrs: Vec<(String, String)>,
    /// Children in document order.
    pub children: Vec<Node>,
}

/// A child of an element.
#[derive(Debug, Clone)]
pub enum Node {
    /// An element.
    Element(Element),
    /// Character data (entities resolved).
    Text(String),
}

impl Element {
    /// The value of attribute `name` (`w:val`).
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Child elements.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|c| match c {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element called `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// Every descendant element called `name`, in document order.
    pub fn descendants<'a>(&'a self, name: &'a str, out: &mut Vec<&'a Element>) {
        for e in self.elements() {
            if e.name == name {
                out.push(e);
            }
            e.descendants(name, out);
        }
    }

    /// The first descendant called `name`.
    pub fn find(&self, name: &str) -> Option<&Element> {
        for e in self.elements() {
            if e.name == name {
                return Some(e);
            }
            if let Some(f) = e.find(name) {
                return Some(f);
            }
        }
        None
    }

    /// All character data below this element, concatenated.
    pub fn text(&self) -> String {
        let mut s = String::new();
        self.collect_text(&mut s);
        s
    }

    fn collect_text(&self, s: &mut String) {
        for c in &self.children {
            match c {
                Node::Text(t) => s.push_str(t),
                Node::Element(e) => e.collect_text(s),
            }
        }
    }
}

/// The fixed prefix for a namespace URI.
fn prefix_of(uri: &str) -> Option<&'static str> {
    Some(match uri {
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        | "http://purl.oclc.org/ooxml/wordprocessingml/main" => "w",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        | "http://purl.oclc.org/ooxml/officeDocument/relationships" => "r",
        "http://schemas.openxmlformats.org/package/2006/relationships" => "rel",
        "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
        | "http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing" => "wp",
        "http://schemas.openxmlformats.org/drawingml/2006/main"
        | "http://purl.oclc.org/ooxml/drawingml/main" => "a",
        "http://schemas.openxmlformats.org/drawingml/2006/picture"
        | "http://purl.oclc.org/ooxml/drawingml/picture" => "pic",
        "urn:schemas-microsoft-com:vml" => "v",
        "http://schemas.openxmlformats.org/markup-compatibility/2006" => "mc",
        "http://schemas.openxmlformats.org/package/2006/metadata/core-properties" => "cp",
        "http://purl.org/dc/elements/1.1/" => "dc",
        "http://purl.org/dc/terms/" => "dcterms",
        "urn:oasis:names:tc:opendocument:xmlns:office:1.0" => "office",
        "urn:oasis:names:tc:opendocument:xmlns:text:1.0" => "text",
        "urn:oasis:names:tc:opendocument:xmlns:table:1.0" => "table",
        "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" => "draw",
        "urn:oasis:names:tc:opendocument:xmlns:style:1.0" => "style",
        "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" => "fo",
        "urn:oasis:names:tc:opendocument:xmlns:meta:1.0" => "meta",
        "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" => "manifest",
        "http://www.w3.org/1999/xlink" => "xlink",
        "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" => "svg",
        "http://www.w3.org/XML/1998/namespace" => "xml",
        _ => return None,
    })
}

fn qualified(res: ResolveResult, local: &str) -> String {
    match res {
        ResolveResult::Bound(ns) => match prefix_of(ns.0) {
            Some(p) => format!("{p}:{local}"),
            None => local.to_owned(),
        },
        _ => local.to_owned(),
    }
}

/// Parses a whole XML part into its root element. Errors are short texts for the report.
pub fn parse(bytes: &[u8]) -> Result<Element, String> {
    let mut reader = NsReader::from_reader(bytes);
    reader.config_mut().trim_text(false);
    let mut stack: Vec<Element> = vec![Element::default()];
    let mut buf = Vec::new();
    loop {
        let event = reader.read_resolved_event_into(&mut buf);
        let (res, event) = match event {
            Ok(x) => x,
            Err(e) => return Err(format!("XML error: {e}")),
        };
        let elem_name = match &event {
            Event::Start(s) | Event::Empty(s) => Some(qualified(res, s.local_name().as_ref())),
            _ => None,
        };
        match event {
            Event::Start(ref s) | Event::Empty(ref s) => {
                let name = elem_name.unwrap_or_default();
                let mut attrs = Vec::new();
                for a in s.attributes().with_checks(false).flatten() {
                    let key = a.key;
                    if key.as_ref().starts_with("xmlns") {
                        continue;
                    }
                    let (ares, local) = reader.resolver().resolve_attribute(key);
                    let aname = qualified(ares, local.as_ref());
                    let value = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map(|v| v.into_owned())
                        .unwrap_or_else(|_| a.value.to_string());
                    attrs.push((aname, value));
                }
                let el = Element {
                    name,
                    attrs,
                    children: Vec::new(),
                };
                if matches!(event, Event::Start(_)) {
                    stack.push(el);
                } else if let Some(top) = stack.last_mut() {
                    top.children.push(Node::Element(el));
                }
            }
            Event::End(_) => {
                if stack.len() < 2 {
                    return Err("XML error: an end tag without a start".into());
                }
                let el = stack.pop().expect("checked");
                stack
                    .last_mut()
                    .expect("root stays")
                    .children
                    .push(Node::Element(el));
            }
            Event::Text(t) => {
                let text = t.xml10_content().into_owned();
                if let Some(top) = stack.last_mut() {
                    top.children.push(Node::Text(text));
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.children
                        .push(Node::Text(t.xml10_content().into_owned()));
                }
            }
            Event::GeneralRef(r) => {
                let name: &str = &r;
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => quick_xml::escape::resolve_predefined_entity(name)
                        .unwrap_or("")
                        .to_owned(),
                };
                if let Some(top) = stack.last_mut() {
                    top.children.push(Node::Text(resolved));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if stack.len() != 1 {
        return Err("XML error: the part ends in the middle of an element".into());
    }
    stack
        .pop()
        .expect("one left")
        .children
        .into_iter()
        .find_map(|c| match c {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
        .ok_or_else(|| "XML error: no root element".into())
}
