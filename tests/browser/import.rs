//! `redthread import` of a folder of real Word and LibreOffice documents, browsed in
//! Chromium (tests/browser/import.mjs).

use crate::fixtures::{import, make_docs};
use crate::harness::run_in;
use crate::node;

#[test]
fn a_sample_folder_of_a_dozen_documents_imports_into_a_site_that_works_in_chromium() {
    let work = tempfile::tempdir().unwrap();
    let src = work.path().join("Vejledninger fra gruppen");
    make_docs("sample", &src);
    let (a, run) = import(work.path(), &src, &[]);
    run.assert_ok();

    let out = run.stdout();
    assert!(out.contains("15 filer i"), "{out}");
    assert!(
        out.contains("`redthread check` efter importen: 0 fejl"),
        "{out}"
    );
    run_in(&a, &["build"]).assert_ok();
    node("import.mjs", &[&a, &a.join("site")]);
}
