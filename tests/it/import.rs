//! `redthread import`: documents written by real writers (python-docx and LibreOffice, via
//! tests/import/make_docs.py at test time) become an archive that builds and checks.
//! A missing writer is a failure, never a skip: scripts/test installs them.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use crate::harness::run_in;

use crate::fixtures::{IMPORT_TODAY as TODAY, import, make_docs};

/// The feature documents, made once and shared (read only) by the tests.
fn cases() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = tempfile::tempdir().expect("temp dir");
        make_docs("cases", d.path());
        d
    })
    .path()
}

fn read(archive: &Path, rel: &str) -> String {
    std::fs::read_to_string(archive.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

const DIR: &str = "content/ikke-sorteret";

/// The report's note lines for one source file: the lines under `file -> ...` up to the
/// next file.
fn notes_of(out: &str, file: &str) -> Vec<String> {
    let head = format!("  {file} -> ");
    let mut lines = out.lines().skip_while(|l| !l.starts_with(&head));
    assert!(lines.next().is_some(), "no report line for {file}\n{out}");
    lines
        .take_while(|l| l.starts_with("      - "))
        .map(|l| l.trim_start_matches("      - ").to_string())
        .collect()
}

/// Whether one of `notes` starts with `start`.
fn has_note(notes: &[String], start: &str) -> bool {
    notes.iter().any(|n| n.starts_with(start))
}

#[test]
fn word_and_libreoffice_documents_become_a_danish_archive_that_builds_and_checks() {
    let work = tempfile::tempdir().unwrap();
    let (a, run) = import(work.path(), cases(), &[]);
    // Three files could not be read: exit 1, the rest imported.
    assert_eq!(run.code(), 1, "{}\n{}", run.stdout(), run.stderr());
    let out = run.stdout();

    // A three-file revision chain from Danish version words, ordered by date.
    let v1 = read(&a, &format!("{DIR}/lukning-af-ambulant-forlob-v1.md"));
    let v2 = read(&a, &format!("{DIR}/lukning-af-ambulant-forlob-v2.md"));
    let v3 = read(&a, &format!("{DIR}/lukning-af-ambulant-forlob-v3.md"));
    assert!(v1.starts_with(
        "---\ntitle: Lukning af ambulant forløb\nid: lukning-af-ambulant-forlob\nversion: 1\ncategory: Ikke sorteret\ndate: 2021-03-01\nsummary: Når patientens behandling er færdig, skal det ambulante forløb lukkes, så det indberettes korrekt til LPR.\nchanges: \"\"\n---\n"
    ), "{v1}");
    assert!(
        v2.contains("version: 2\n")
            && v2.contains("date: 2022-05-10\nsupersedes: lukning-af-ambulant-forlob@1\n"),
        "{v2}"
    );
    assert!(
        v3.contains("version: 3\n")
            && v3.contains("date: 2023-01-15\nsupersedes: lukning-af-ambulant-forlob@2\n"),
        "{v3}"
    );
    assert!(v3.contains("behandling er helt færdig"), "{v3}");
    // Heading styles (the title heading is taken out), nested numbered lists restarting.
    assert!(!v1.contains("# Lukning af ambulant forløb"), "{v1}");
    assert!(v1.contains(
        "## Sådan gør du\n\n1. Åbn patientens **forløbsoversigt**.\n   1. Vælg det ambulante forløb.\n   2. Kontrollér, at alle besøg er registreret.\n2. Vælg *Afslut forløb*.\n3. Angiv afslutningsårsag.\n   1. Behandling afsluttet.\n   2. Patienten ønsker ikke yderligere behandling.\n\n## Husk\n\n- Forløbet må ikke lukkes, før sidste notat er skrevet.\n"
    ), "{v1}");
    assert!(
        v2.contains("4. Luk også henvisningen, så den ikke står åben i LPR.\n"),
        "{v2}"
    );
    assert!(
        out.contains("lukning-af-ambulant-forlob (Lukning af ambulant forløb): 3 versioner"),
        "{out}"
    );
    assert!(out.contains("Lukning af ambulant forløb - rettet.docx følger efter Lukning af ambulant forløb v2.docx: samme titel uden versionsord (“Lukning af ambulant forløb”); versionsord: “rettet”, “v2”; teksterne er"), "{out}");
    assert!(out.contains("dateret 2022-05-10 og 2023-01-15"), "{out}");

    // python-docx without styles: bold lines as headings, typed numbers as a list, a comment,
    // a table with a merged cell, a picture, line breaks, non-breaking spaces, smart quotes.
    let tolk = read(&a, &format!("{DIR}/bestilling-af-tolk-v1.md"));
    assert!(tolk.contains("title: Bestilling af tolk\n"), "{tolk}");
    assert!(tolk.contains("\n## Før du bestiller\n\nFind patientens sprog i journalen og tjek, om der står “videotolk” under bemærkninger. Aftalen skal ligge kl. 10 eller senere.\n\n1. Ring til tolkeservice på telefon 70 00 00 00.\n2. Oplys CPR-nummer, sprog og tidspunkt.\n3. Skriv tolkens navn i aftalen.\n\n## Priser\n"), "{tolk}");
    assert!(tolk.contains("| Tolkning | Varighed | Pris |\n| --- | --- | --- |\n| Fremmøde | 1 time | 450 kr. |\n| Video | 300 kr. |  |\n"), "{tolk}");
    assert!(tolk.contains("![](bestilling-af-tolk-v1-1.png)"), "{tolk}");
    assert!(
        std::fs::read(a.join(DIR).join("bestilling-af-tolk-v1-1.png"))
            .unwrap()
            .starts_with(b"\x89PNG")
    );
    assert!(
        tolk.contains("Tolkeservice\\\nÅbent 8-15\\\ntolk@example.dk\n"),
        "{tolk}"
    );
    assert!(
        !tolk.contains('\u{a0}') && !tolk.contains("telefontolk"),
        "{tolk}"
    );
    assert!(
        out.contains("kommentar fra Birthe udeladt: “Gælder det også for telefontolk?”"),
        "{out}"
    );
    assert!(
        out.contains("fede linjer gjort til overskrifter: “Før du bestiller”, “Priser”"),
        "{out}"
    );
    assert!(out.contains("tabel 1 har flettede celler"), "{out}");
    assert!(
        out.contains("3 afsnit med indtastede numre eller punkttegn gjort til en liste"),
        "{out}"
    );
    // "- Kopi": the same text, reported and not chained twice.
    assert!(out.contains("Bookning af tolk - Kopi.docx er en dublet af Bookning af tolk.docx (100 % samme tekst): ikke importeret"), "{out}");
    assert!(!a.join(DIR).join("bestilling-af-tolk-v2.md").exists());

    // LibreOffice from HTML: headings, a link, nested lists, rowspan/colspan, a picture.
    let lpr = read(
        &a,
        &format!("{DIR}/registreringsfejl-for-indberetning-til-lpr-v1.md"),
    );
    assert!(
        lpr.contains("title: Registreringsfejl før indberetning til LPR\n"),
        "{lpr}"
    );
    assert!(lpr.contains("Ret fejlene på **fejllisten**, før de sendes til *Landspatientregistret*. Se også [Sundhedsdatastyrelsens vejledning](https://sundhedsdatastyrelsen.example/lpr)."), "{lpr}");
    assert!(lpr.contains("1. Åbn fejllisten i Sundhedsplatformen.\n   1. Sortér efter dato.\n   2. Vælg den ældste fejl.\n      - Læs fejlteksten.\n      - Find forløbet.\n2. Ret fejlen og gem.\n"), "{lpr}");
    assert!(
        lpr.contains("| Fejl | Årsag | Løsning |\n| --- | --- | --- |\n"),
        "{lpr}"
    );
    assert!(
        lpr.contains("| Forkert aktionsdiagnose | Afventer lægen |  |\n"),
        "{lpr}"
    );
    assert!(lpr.contains("LPR-support\\\nLokal 4321\n"), "{lpr}");
    assert!(
        lpr.contains("![](registreringsfejl-for-indberetning-til-lpr-v1-1.png)"),
        "{lpr}"
    );
    // .odt: nested bullets and a link.
    let basket = read(&a, &format!("{DIR}/pamind-laegerne-om-in-basket-v1.md"));
    assert!(basket.contains("- Træk rapporten over ulæste beskeder.\n  - Filtrér på afsnit.\n  - Gem som PDF.\n- Send påmindelsen til hver læge.\n"), "{basket}");
    assert!(
        basket.contains("[rapportvejledningen](https://intranet.example/rapporter)"),
        "{basket}"
    );
    // Tracked changes accepted by default (the documented default: the text as it would
    // print), a LibreOffice comment dropped: in Word's format...
    let ref_ = read(&a, &format!("{DIR}/modtagelse-af-henvisning-v1.md"));
    assert!(
        ref_.contains("Nye henvisninger modtages elektronisk og registreres samme dag."),
        "{ref_}"
    );
    assert!(!ref_.contains("fax") && !ref_.contains("afsnit."), "{ref_}");
    let ref_notes = notes_of(&out, "Modtagelse af henvisning.docx");
    assert!(
        has_note(
            &ref_notes,
            "registrerede ændringer accepteret (1 indsættelser, 1 sletninger)"
        ),
        "{ref_notes:?}"
    );
    // ...and in ODF (LibreOffice's own format).
    assert!(
        basket.contains("\nUlæste svar i lægernes **In Basket** skal følges op hver mandag.\n"),
        "{basket}"
    );
    assert!(!basket.contains("fredag"), "{basket}");
    let basket_notes = notes_of(&out, "Påmind lægerne om In Basket.odt");
    assert!(
        has_note(
            &basket_notes,
            "registrerede ændringer accepteret (1 indsættelser, 1 sletninger): teksten, som den udskrives. `--reject-changes`"
        ),
        "{basket_notes:?}"
    );
    // LibreOffice's documents carry the date they were given (meta's dc:date, Word's
    // dcterms:modified), not the day the fixtures were made, and the report says where
    // each date came from.
    for (file, md, date) in [
        (
            "Påmind lægerne om In Basket.odt",
            "pamind-laegerne-om-in-basket",
            "2023-06-12",
        ),
        (
            "Modtagelse af henvisning.docx",
            "modtagelse-af-henvisning",
            "2023-08-21",
        ),
        (
            "Registreringsfejl før indberetning til LPR.docx",
            "registreringsfejl-for-indberetning-til-lpr",
            "2023-04-03",
        ),
    ] {
        let text = read(&a, &format!("{DIR}/{md}-v1.md"));
        assert!(
            text.contains(&format!("\ndate: {date}\n")),
            "{file}: {text}"
        );
        let notes = notes_of(&out, file);
        assert!(
            notes.contains(&format!(
                "datoen {date} fra dokumentets egenskaber (sidst gemt)"
            )),
            "{file}: {notes:?}"
        );
    }
    assert!(
        out.contains("kommentar fra Birthe udeladt: “Husk at vælge det rigtige afsnit.”"),
        "{out}"
    );
    // Word's "Save as web page": typed list numbers (mso-list) and noise gone.
    let web = read(&a, &format!("{DIR}/indkaldelse-til-samtale-v1.md"));
    assert!(web.contains("date: 2020-11-05\n"), "{web}");
    // `mso-bidi-font-weight:bold` is the weight of right-to-left text only: Word and
    // browsers show "e-Boks" in normal weight, so it is not bold here either.
    assert!(
        web.contains(
            "## Brevet\n\n1. Vælg skabelonen **Indkaldelse**.\n2. Send brevet som e-Boks-post.\n"
        ),
        "{web}"
    );
    assert!(
        out.contains("datoen 2020-11-05 fra filens ændringstidspunkt"),
        "{out}"
    );
    // Plain text and Markdown.
    let txt = read(&a, &format!("{DIR}/noter-om-scanning-v1.md"));
    assert!(
        txt.contains("title: Noter om scanning\n")
            && txt.contains("\nPapirhenvisninger scannes samme dag.\n"),
        "{txt}"
    );
    let md = read(&a, &format!("{DIR}/telefonliste-v1.md"));
    assert!(md.contains("- Portøren: 1234\n"), "{md}");

    // Every file is listed; the unreadable ones with their name and what to do.
    assert!(
        out.contains("error: Fortrolig vejledning.docx: beskyttet med adgangskode: åbn den i Word"),
        "{out}"
    );
    assert!(
        out.contains(
            "error: Fortrolig vejledning 2.odt: beskyttet med adgangskode: åbn den i LibreOffice"
        ),
        "{out}"
    );
    assert!(
        out.contains("error: Ødelagt vejledning.docx: beskadiget"),
        "{out}"
    );
    assert!(
        out.contains("Gammel vejledning.pdf: en PDF kan ikke"),
        "{out}"
    );
    assert!(
        out.contains("Skema.doc: en gammel Word-fil (.doc): åbn den i Word"),
        "{out}"
    );
    assert!(out.contains("logo.png: et billede for sig selv"), "{out}");
    assert!(out.contains("`changes:` er tom"), "{out}");
    assert!(
        out.contains("kategorien") || out.contains("ingen mappe at tage en kategori fra"),
        "{out}"
    );
    assert!(
        out.contains("`redthread check` efter importen: 0 fejl, 2 advarsler."),
        "{out}"
    );

    // The report file: offline, in Danish, every source file in it.
    let report = read(&a, "import-report.html");
    assert!(
        report.contains("<html lang=\"da\">") && report.contains("<title>Importrapport</title>")
    );
    assert!(
        !report.contains("<script") && !report.contains("src=") && !report.contains("href="),
        "the report loads nothing"
    );
    for name in [
        "Ødelagt vejledning.docx",
        "Fortrolig vejledning.docx",
        "Skema.doc",
        "Bookning af tolk - Kopi.docx",
        "Lukning af ambulant forløb - rettet.docx",
    ] {
        assert!(report.contains(name), "{name} missing from the report");
    }

    // The archive builds and passes check (warnings: the empty `changes` notes).
    run_in(&a, &["build"]).assert_ok();
    let check = run_in(&a, &["check", "--today", TODAY]);
    assert_eq!(check.code(), 0, "{}\n{}", check.stdout(), check.stderr());
    assert!(
        std::fs::read_to_string(a.join("book.toml"))
            .unwrap()
            .contains("language = \"da\"")
    );
}

#[test]
fn second_import_changes_nothing_dry_run_writes_nothing_and_edits_are_kept() {
    let work = tempfile::tempdir().unwrap();
    let archive = work.path().join("archive");
    let (_, dry) = import(work.path(), cases(), &["--dry-run"]);
    assert!(
        dry.stdout().contains("Prøvekørsel: intet blev skrevet."),
        "{}",
        dry.stdout()
    );
    assert!(
        dry.stdout().contains("12 filer ville blive skrevet"),
        "{}",
        dry.stdout()
    );
    assert!(!archive.exists(), "a dry run wrote something");

    let (a, first) = import(work.path(), cases(), &[]);
    assert_eq!(first.code(), 1);
    let mut before = snapshot(&a);
    let (_, second) = import(work.path(), cases(), &[]);
    assert!(
        second
            .stdout()
            .contains("Intet ændret: alle filer var allerede importeret."),
        "{}",
        second.stdout()
    );
    assert!(
        second
            .stdout()
            .contains("0 filer skrevet, 12 fandtes allerede uændret"),
        "{}",
        second.stdout()
    );
    // Only the report is new: it tells about this run.
    let mut after = snapshot(&a);
    let report = String::from_utf8(after.remove("import-report.html").unwrap()).unwrap();
    assert!(report.contains("Intet ændret"));
    before.remove("import-report.html");
    let changed: Vec<&String> = after
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(v))
        .map(|(k, _)| k)
        .chain(before.keys().filter(|k| !after.contains_key(*k)))
        .collect();
    assert!(changed.is_empty(), "a second import changed {changed:?}");

    // An author's edit is never overwritten.
    let v2 = a.join(DIR).join("lukning-af-ambulant-forlob-v2.md");
    let edited = std::fs::read_to_string(&v2)
        .unwrap()
        .replace("changes: \"\"", "changes: Nyt trin om henvisningen.");
    std::fs::write(&v2, &edited).unwrap();
    let (_, third) = import(work.path(), cases(), &[]);
    assert!(
        third
            .stdout()
            .contains("fandtes allerede med anden tekst: ikke rørt"),
        "{}",
        third.stdout()
    );
    assert_eq!(std::fs::read_to_string(&v2).unwrap(), edited);
    // No temporary files are left behind.
    assert!(
        snapshot(&a)
            .keys()
            .all(|k| !k.contains(".redthread-import-"))
    );
}

#[test]
fn rejecting_tracked_changes_and_turning_chains_off() {
    let work = tempfile::tempdir().unwrap();
    let (a, run) = import(work.path(), cases(), &["--reject-changes", "--no-chains"]);
    assert_eq!(run.code(), 1);
    let out = run.stdout();
    let ref_ = read(&a, &format!("{DIR}/modtagelse-af-henvisning-v1.md"));
    assert!(
        ref_.contains("Nye henvisninger modtages pr. fax og registreres samme dag."),
        "{ref_}"
    );
    assert!(
        has_note(
            &notes_of(&out, "Modtagelse af henvisning.docx"),
            "registrerede ændringer afvist (1 indsættelser udeladt, 1 sletninger beholdt)"
        ),
        "{out}"
    );
    // The same in ODF: the inserted words left out, the deleted ones kept.
    let basket = read(&a, &format!("{DIR}/pamind-laegerne-om-in-basket-v1.md"));
    assert!(
        basket.contains("\nUlæste svar i lægernes **In Basket** skal følges op hver fredag.\n"),
        "{basket}"
    );
    assert!(!basket.contains("mandag"), "{basket}");
    assert!(
        has_note(
            &notes_of(&out, "Påmind lægerne om In Basket.odt"),
            "registrerede ændringer afvist (1 indsættelser udeladt, 1 sletninger beholdt)"
        ),
        "{out}"
    );
    // Without chains every file is a guideline of its own, copies included.
    assert!(
        out.contains("Versionskæder blev ikke gættet (--no-chains)"),
        "{out}"
    );
    for id in [
        "lukning-af-ambulant-forlob",
        "lukning-af-ambulant-forlob-2",
        "lukning-af-ambulant-forlob-3",
        "bestilling-af-tolk",
        "bestilling-af-tolk-2",
    ] {
        assert!(
            a.join(DIR).join(format!("{id}-v1.md")).is_file(),
            "{id}\n{out}"
        );
    }
    run_in(&a, &["build"]).assert_ok();
}

#[test]
fn an_existing_english_archive_gets_an_english_report_and_keeps_its_ids() {
    let work = tempfile::tempdir().unwrap();
    let a = work.path().join("archive");
    run_in(work.path(), &["init", "archive"]).assert_ok();
    // An existing guideline whose id an imported one would take.
    std::fs::write(
        a.join("content/getting-started/telefonliste-v1.md"),
        "---\ntitle: Phone list\nversion: 1\ncategory: Getting started\ndate: 2024-01-01\n---\nNumbers.\n",
    )
    .unwrap();
    let (_, run) = import(work.path(), cases(), &[]);
    let out = run.stdout();
    assert!(out.starts_with("Import report\n"), "{out}");
    assert!(
        out.contains("title “Lukning af ambulant forløb” from its first heading"),
        "{out}"
    );
    assert!(
        out.contains("error: Fortrolig vejledning.docx: password-protected: open it in Word"),
        "{out}"
    );
    assert!(out.contains("Telefonliste.md -> content/uncategorised/telefonliste-2-v1.md (id telefonliste-2, version 1)"), "{out}");
    assert!(read(&a, "import-report.html").contains("<html lang=\"en\">"));
    run_in(&a, &["build"]).assert_ok();
    assert_eq!(run_in(&a, &["check", "--today", TODAY]).code(), 0);
}

#[test]
fn a_new_swedish_archive_and_a_source_folder_that_is_missing() {
    let work = tempfile::tempdir().unwrap();
    let src = work.path().join("docs");
    std::fs::create_dir_all(src.join("Vårdförlopp")).unwrap();
    std::fs::write(
        src.join("Vårdförlopp/Avsluta vårdförlopp.txt"),
        "Avsluta vårdförlopp\n\nÖppna patientens översikt och välj Avsluta.\n1. Välj orsak.\n2. Spara.\n",
    )
    .unwrap();
    std::fs::write(
        src.join("Vårdförlopp/Avsluta vårdförlopp reviderad.txt"),
        "Avsluta vårdförlopp\n\nÖppna patientens översikt och välj Avsluta.\n1. Välj orsak.\n2. Spara.\n3. Stäng remissen.\n",
    )
    .unwrap();
    let (a, run) = import(work.path(), &src, &["--language", "sv"]);
    run.assert_ok();
    let out = run.stdout();
    assert!(out.starts_with("Importrapport\n"), "{out}");
    assert!(out.contains("kategorin “Vårdförlopp” från mappen"), "{out}");
    assert!(out.contains("versionsord: “reviderad”"), "{out}");
    let v2 = read(&a, "content/vardforlopp/avsluta-vardforlopp-v2.md");
    assert!(
        v2.contains("category: Vårdförlopp\n")
            && v2.contains("supersedes: avsluta-vardforlopp@1\n"),
        "{v2}"
    );
    assert!(
        v2.contains("1. Välj orsak.\n2. Spara.\n3. Stäng remissen.\n"),
        "{v2}"
    );
    run_in(&a, &["build"]).assert_ok();

    let missing = run_in(work.path(), &["import", "no-such-folder", "x"]);
    assert_eq!(missing.code(), 2);
    assert!(
        missing.stderr().contains("no-such-folder is not a folder"),
        "{}",
        missing.stderr()
    );
}

// ------------------------------------------------------------------------------ browser
// (a browser test: moves with the other node-driven tests when they get their own target)
