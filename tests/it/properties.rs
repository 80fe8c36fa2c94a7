//! Property tests over random archives (issue 7): valid archives always build into a
//! consistent, deterministic site; arbitrary revision graphs never panic.

use std::collections::BTreeSet;
use std::path::Path;

use proptest::prelude::*;
use redthread::build::{Options, build};
use redthread::output::Site;
use scraper::{Html, Selector};

const CATEGORIES: [&str; 3] = ["Referrals", "Booking & re-booking", "Closing courses"];

/// One guideline of a generated archive.
#[derive(Debug, Clone)]
struct Spec {
    revisions: Vec<(u32, u32)>,
    category: usize,
    supersedes: Vec<usize>,
    withdrawn: bool,
    links: Vec<usize>,
}

fn spec(n: usize) -> impl Strategy<Value = Vec<Spec>> {
    (1..=n).prop_flat_map(|count| {
        proptest::collection::vec(
            (
                proptest::collection::vec((0u32..3, 0u32..12), 1..4),
                0..CATEGORIES.len(),
                proptest::collection::vec(0..count, 0..3),
                proptest::bool::weighted(0.15),
                proptest::collection::vec(0..count, 0..3),
            ),
            count,
        )
        .prop_map(|raw| {
            raw.into_iter()
                .enumerate()
                .map(|(i, (steps, category, sup, withdrawn, links))| {
                    // Strictly increasing versions: each step raises major or minor.
                    let mut v = (1u32, 0u32);
                    let revisions = steps
                        .iter()
                        .enumerate()
                        .map(|(k, &(major_up, minor))| {
                            if k > 0 {
                                v = if major_up == 0 {
                                    (v.0, v.1 + 1 + minor)
                                } else {
                                    (v.0 + major_up, minor)
                                };
                            }
                            v
                        })
                        .collect();
                    // Only point at earlier guidelines, so the graph has no cycle.
                    let supersedes = sup
                        .into_iter()
                        .filter(|&j| j < i)
                        .collect::<BTreeSet<_>>()
                        .into_iter()
                        .collect();
                    Spec {
                        revisions,
                        category,
                        supersedes,
                        withdrawn,
                        links,
                    }
                })
                .collect()
        })
    })
}

fn version_text((major, minor): (u32, u32)) -> String {
    if minor == 0 {
        major.to_string()
    } else {
        format!("{major}.{minor}")
    }
}

fn write_archive(dir: &Path, specs: &[Spec]) {
    for (i, s) in specs.iter().enumerate() {
        let last = s.revisions.len() - 1;
        for (k, &v) in s.revisions.iter().enumerate() {
            let mut front = format!(
                "title: Guideline {i} <b>rev {k}</b>\nversion: {}\ncategory: \"{}\"\ndate: 20{:02}-0{}-1{}\n",
                version_text(v),
                CATEGORIES[s.category],
                10 + i,
                1 + k.min(8),
                k.min(9)
            );
            let mut sup: Vec<String> = Vec::new();
            if k > 0 {
                sup.push(format!("g{i}"));
            } else {
                sup.extend(s.supersedes.iter().map(|j| format!("g{j}")));
            }
            if !sup.is_empty() {
                front.push_str(&format!("supersedes: [{}]\n", sup.join(", ")));
            }
            if k == last && s.withdrawn {
                front.push_str("status: withdrawn\n");
            }
            let mut body = format!(
                "## Steps for {i}\n\n1. Open <script>x()</script> the course.\n2. Close it.\n\n"
            );
            for &j in &s.links {
                body.push_str(&format!(
                    "See [by id](guideline:g{j}) and [file](../c/g{j}-v{}.md#steps).\n\n",
                    version_text(specs[j].revisions[0])
                ));
            }
            let path = dir.join(format!("content/c/g{i}-v{}.md", version_text(v)));
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, format!("---\n{front}---\n{body}")).unwrap();
        }
    }
}

/// Every href and src of every page names a file of the site.
fn links_resolve(site: &Site) -> Result<(), String> {
    let sel = Selector::parse("[href], [src]").unwrap();
    for (path, bytes) in site.files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = Html::parse_document(std::str::from_utf8(bytes).unwrap());
        for el in html.select(&sel) {
            let target = el
                .value()
                .attr("href")
                .or_else(|| el.value().attr("src"))
                .unwrap();
            if target.starts_with('#') || target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let mut parts: Vec<&str> = path.split('/').collect();
            parts.pop();
            for seg in target.split('#').next().unwrap().split('/') {
                match seg {
                    ".." => {
                        parts.pop();
                    }
                    "." | "" => {}
                    s => parts.push(s),
                }
            }
            let resolved = parts.join("/");
            if !site.files.contains_key(&resolved) {
                return Err(format!("{path}: {target} -> {resolved} is missing"));
            }
        }
        if std::str::from_utf8(bytes).unwrap().contains("<script>x()") {
            return Err(format!("{path}: raw script survived"));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn valid_archives_build_consistently(specs in spec(7)) {
        let dir = tempfile::tempdir().unwrap();
        write_archive(dir.path(), &specs);
        let built = build(dir.path(), &Options::default());
        prop_assert!(built.is_ok(), "{:?}", built.err());
        let built = built.unwrap();
        links_resolve(&built.site).map_err(TestCaseError::fail)?;

        let manifest: serde_json::Value = serde_json::from_slice(built.site.get("archive.json").unwrap()).unwrap();
        let guidelines = manifest["guidelines"].as_array().unwrap();
        prop_assert_eq!(guidelines.len(), specs.len());
        for g in guidelines {
            prop_assert!(built.site.files.contains_key(g["url"].as_str().unwrap()));
            let revs = g["revisions"].as_array().unwrap();
            let current = revs.iter().filter(|r| r["status"] == "current").count();
            for r in revs {
                prop_assert!(built.site.files.contains_key(r["url"].as_str().unwrap()));
            }
            let i: usize = g["id"].as_str().unwrap()[1..].parse().unwrap();
            let replaced = specs.iter().any(|s| s.supersedes.contains(&i));
            let expected = if replaced { "superseded" } else if specs[i].withdrawn { "withdrawn" } else { "current" };
            prop_assert_eq!(g["status"].as_str().unwrap(), expected, "guideline g{}", i);
            // Exactly one current revision for a current guideline, none otherwise.
            prop_assert_eq!(current, usize::from(expected == "current"));
            if expected == "current" {
                prop_assert_eq!(&revs[revs.len() - 1]["status"], "current");
            }
        }
        let again = build(dir.path(), &Options::default()).unwrap();
        prop_assert!(again.site == built.site, "two builds differ");
    }

    #[test]
    fn arbitrary_revision_graphs_never_panic(
        files in proptest::collection::vec(
            ("[a-c]{1,2}|\\.\\./x|con|A", "[0-9]{1,2}(\\.[0-9]{1,2})?|x|1\\.\\.2|", proptest::collection::vec("[a-c]{1,2}(@[0-9])?|[a-c]{1,2}@x", 0..3)),
            1..8,
        )
    ) {
        let dir = tempfile::tempdir().unwrap();
        for (n, (id, version, sup)) in files.iter().enumerate() {
            let text = format!(
                "---\ntitle: T\nid: \"{id}\"\nversion: \"{version}\"\ncategory: C\ndate: 2024-01-01\nsupersedes: [{}]\n---\nBody [x](guideline:{id})\n",
                sup.join(", ")
            );
            std::fs::create_dir_all(dir.path().join("content/c")).unwrap();
            std::fs::write(dir.path().join(format!("content/c/f{n}.md")), text).unwrap();
        }
        match build(dir.path(), &Options::default()) {
            Ok(built) => links_resolve(&built.site).map_err(TestCaseError::fail)?,
            Err(problems) => {
                prop_assert!(problems.has_errors());
                for d in &problems.0 {
                    prop_assert!(d.path.starts_with("content/c/f") && d.line > 0, "{}", d);
                }
            }
        }
    }
}
