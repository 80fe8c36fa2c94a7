//! Names that must work on every disk a site may be copied to: Windows' reserved device
//! names, characters Windows forbids, and names that differ only in case (which collide on
//! case-insensitive disks such as the network drives hospitals use).

use std::collections::BTreeMap;

const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Why one path segment (a file or folder name) is not portable, if it is not.
pub fn segment_problem(name: &str) -> Option<String> {
    let stem = name
        .split('.')
        .next()
        .unwrap_or(name)
        .trim_end()
        .to_ascii_lowercase();
    if RESERVED.contains(&stem.as_str()) {
        return Some(format!("`{name}` is a reserved device name on Windows"));
    }
    if let Some(c) = name
        .chars()
        .find(|c| matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*' | '\\') || c.is_control())
    {
        return Some(format!(
            "`{name}` contains `{}`, which Windows does not allow in file names",
            c.escape_default()
        ));
    }
    if name.ends_with('.') || name.ends_with(' ') {
        return Some(format!(
            "`{name}` ends with a dot or a space, which Windows drops"
        ));
    }
    None
}

/// Why a `/`-separated relative path is not portable, if it is not.
pub fn path_problem(path: &str) -> Option<String> {
    path.split('/').find_map(segment_problem)
}

/// Pairs of paths that differ only in letter case, in sorted order.
pub fn case_clashes<'a>(paths: impl IntoIterator<Item = &'a str>) -> Vec<(&'a str, &'a str)> {
    let mut seen: BTreeMap<String, &'a str> = BTreeMap::new();
    let mut clashes = Vec::new();
    for p in paths {
        match seen.get(&p.to_lowercase()) {
            Some(first) if *first != p => clashes.push((*first, p)),
            Some(_) => {}
            None => {
                seen.insert(p.to_lowercase(), p);
            }
        }
    }
    clashes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_what_windows_refuses() {
        assert!(segment_problem("con").is_some());
        assert!(segment_problem("CON.pdf").is_some());
        assert!(segment_problem("lpt1").is_some());
        assert!(segment_problem("a:b.pdf").is_some());
        assert!(segment_problem("form.").is_some());
        assert!(segment_problem("console").is_none());
        assert!(segment_problem("Blå form 1.pdf").is_none());
        assert_eq!(
            case_clashes(["a/Form.pdf", "a/form.pdf", "b/x"]),
            [("a/Form.pdf", "a/form.pdf")]
        );
    }
}
