//! Any bytes as a revision file: parsing never panics, and every problem has a position
//! inside the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use redthread::frontmatter;
use redthread::source::SourceFile;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let file = SourceFile::new("content/c/x-v1.md".into(), "x".into(), text.to_owned());
    let lines = text.lines().count().max(1) + 1;
    let mut out = Vec::new();
    let rev = frontmatter::parse(&file, 0, &mut out);
    assert_eq!(rev.is_none(), !out.is_empty());
    for d in &out {
        assert!(d.line <= lines, "{d} is past the end ({lines} lines)");
    }
});
