//! Random revision graphs (ids, versions, supersedes with cycles and self-references):
//! building the graph never panics and a valid graph has one shown revision per guideline.
#![no_main]

use libfuzzer_sys::fuzz_target;
use redthread::source::SourceFile;
use redthread::{frontmatter, graph};

fuzz_target!(|data: &[u8]| {
    let ids = ["a", "b", "c", "d"];
    let mut revisions = Vec::new();
    let mut out = Vec::new();
    for (n, chunk) in data.chunks(4).take(24).enumerate() {
        let [i, v, s1, s2] = [chunk[0], *chunk.get(1).unwrap_or(&1), *chunk.get(2).unwrap_or(&0), *chunk.get(3).unwrap_or(&0)];
        let id = ids[usize::from(i) % ids.len()];
        let version = format!("{}.{}", v % 4, v / 64);
        let mut sup = Vec::new();
        for s in [s1, s2] {
            if s % 3 != 0 {
                let target = ids[usize::from(s) % ids.len()];
                sup.push(if s % 5 == 0 { format!("{target}@{}", s % 4) } else { target.to_owned() });
            }
        }
        let status = ["active", "draft", "withdrawn"][usize::from(i / 4) % 3];
        let text = format!(
            "---\ntitle: T\nid: {id}\nversion: \"{version}\"\ncategory: C{}\ndate: 2024-01-{:02}\nstatus: {status}\nsupersedes: [{}]\n---\n",
            i % 3,
            1 + n % 28,
            sup.join(", ")
        );
        let file = SourceFile::new(format!("content/c/f{n}.md"), "x".into(), text);
        revisions.extend(frontmatter::parse(&file, n, &mut out));
    }
    let drafts = data.first().is_some_and(|b| b % 2 == 0);
    let mut problems = Vec::new();
    let archive = graph::build(revisions, drafts, &Default::default(), &mut problems);
    for g in &archive.guidelines {
        assert!(g.shown < g.revisions.len());
        assert!(g.revisions.windows(2).all(|w| w[0].rev.version <= w[1].rev.version));
    }
});
