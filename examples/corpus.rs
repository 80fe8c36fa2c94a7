//! Writes a deterministic benchmark archive of N generated guidelines, and optionally the
//! same pages laid out for Hugo, so both generators build the same content.
//!
//! ```sh
//! cargo run --release --example corpus -- --guidelines 1000 --out DIR [--seed S] [--hugo DIR2]
//! ```
//!
//! Each guideline has 1–4 revisions (about 2.15 on average) with bodies of 400–1,500 words:
//! headings, numbered steps with sub-items, tables, alerts and links to other guidelines
//! (`guideline:ID` for the current version, `../folder/id-vN.md` for one revision). A later
//! revision copies the one before and edits a few sentences, steps and table cells, so diffs
//! between revisions look like real ones. About 3% of guidelines are renamed in their last
//! revision and about 1% are merged with the next guideline. Same arguments, same bytes.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// SplitMix64: small, fast and good enough for text; fixed by the seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }
    fn pick(&mut self, items: &[&'static str]) -> &'static str {
        items[self.range(0, items.len() - 1)]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const CATEGORIES: &[(&str, &str)] = &[
    ("admissions-discharge", "Admissions & discharge"),
    ("booking", "Booking & re-booking"),
    ("closing-courses", "Closing patient courses"),
    ("digital-letters", "Digital letters"),
    ("in-basket", "In Basket"),
    ("lpr-errors", "LPR error list"),
    ("ordering-tests", "Ordering tests"),
    ("referrals", "Referrals"),
    ("registration-coding", "Registration & coding"),
    ("waiting-list", "Waiting list"),
    ("interpreters-transport", "Interpreters & transport"),
    ("records-access", "Records & access"),
];

const VERBS: &[&str] = &[
    "register", "book", "cancel", "close", "forward", "reject", "receive", "send", "order",
    "correct", "scan", "archive", "update", "transfer", "print", "approve", "prepare", "check",
    "merge", "reopen", "code", "file", "plan", "release", "confirm",
];
const OBJECTS: &[&str] = &[
    "acute-admission",
    "outpatient-course",
    "referral",
    "discharge-letter",
    "blood-test",
    "imaging-order",
    "interpreter",
    "patient-transport",
    "follow-up-appointment",
    "telephone-consultation",
    "video-consultation",
    "second-opinion",
    "waiting-list-entry",
    "e-boks-letter",
    "paper-letter",
    "consent-form",
    "death-notification",
    "birth-registration",
    "cpr-replacement-number",
    "protected-address",
    "guardian-access",
    "record-extract",
    "lpr-error",
    "overlapping-course",
    "missing-diagnosis",
    "procedure-code",
    "ward-transfer",
    "day-surgery",
    "pre-assessment",
    "pathology-sample",
    "home-visit",
    "sick-note",
    "insurance-statement",
    "police-request",
    "research-consent",
    "cancer-pathway",
    "diagnostic-package",
    "treatment-guarantee",
    "free-hospital-choice",
    "no-show",
    "out-of-region-patient",
    "foreign-patient",
    "travel-reimbursement",
    "in-basket-pool",
    "result-message",
    "shared-calendar",
    "clinic-closure",
    "on-call-list",
];
const UNITS: &[&str] = &[
    "",
    "",
    "",
    "",
    "in-the-emergency-department",
    "for-children",
    "after-hours",
    "in-the-day-clinic",
    "for-the-cancer-pathway",
    "in-psychiatry",
    "in-the-maternity-ward",
    "for-private-hospitals",
    "across-regions",
    "during-holidays",
    "for-new-staff",
];
const SCREENS: &[&str] = &[
    "Course overview",
    "the Referral tab",
    "In Basket",
    "the Appointment desk",
    "Patient station",
    "Chart review",
    "Order entry",
    "the Waiting list",
    "the Scheduling grid",
    "the Document archive",
    "the Letter queue",
    "the Error list LPR3",
    "Registration",
    "the Contact form",
    "the Diagnosis panel",
    "the Procedure panel",
    "Patient lists",
    "the Transport portal",
    "the Interpreter portal",
    "Print preview",
];
const ACTIONS: &[&str] = &[
    "open", "check", "select", "register", "cancel", "confirm", "forward", "scan", "attach",
    "print", "close", "update", "verify", "review", "note", "mark", "sign", "reassign", "complete",
    "correct",
];
const THINGS: &[&str] = &[
    "the referral",
    "the appointment",
    "the discharge letter",
    "the course",
    "the contact",
    "the blood test order",
    "the consent form",
    "the interpreter booking",
    "the transport request",
    "the waiting-list entry",
    "the result message",
    "the diagnosis",
    "the procedure code",
    "the end date",
    "the responsible unit",
    "the patient's address",
    "the next of kin",
    "the GP's details",
    "the booking note",
    "the letter template",
    "the attachment",
    "the scanned document",
    "the priority",
    "the deadline",
    "the treatment guarantee date",
    "the action diagnosis",
    "the referral date",
    "the follow-up plan",
    "the cancellation reason",
    "the pool message",
];
const ROLES: &[&str] = &[
    "the doctor",
    "the nurse",
    "the ward secretary",
    "the patient",
    "the GP",
    "the team leader",
    "the booking office",
    "the consultant",
    "the coding team",
    "the regional helpdesk",
    "the transport office",
    "the interpreter service",
    "the charge nurse",
    "the department's LPR contact",
    "the duty doctor",
];
const WHEN: &[&str] = &[
    "on the same day",
    "within two working days",
    "before 10 o'clock",
    "before the patient arrives",
    "after the last contact",
    "at the end of your shift",
    "no later than Friday",
    "before you close the course",
    "when the result has arrived",
    "as soon as the referral is received",
    "within five working days",
    "before the letter is sent",
    "the day before the appointment",
    "every morning",
];
const CONDITIONS: &[&str] = &[
    "If the patient has a protected address",
    "When the referral comes from another region",
    "If the patient does not speak Danish",
    "When the doctor is absent",
    "If the appointment is within 48 hours",
    "When the patient is under 18",
    "If the course belongs to another department",
    "When the result is abnormal",
    "If the patient has no digital post",
    "When the ward is closed for the holidays",
    "If the referral lacks a diagnosis",
    "When the patient has died",
    "If the patient is on the cancer pathway",
    "When two courses overlap",
];
const REASONS: &[&str] = &[
    "otherwise LPR reports an error the next morning",
    "so that the waiting time is counted correctly",
    "because the patient must be told in writing",
    "or the letter is sent to the wrong address",
    "so that the doctor sees it in the morning round",
    "because the treatment guarantee runs from that date",
    "or the course stays open in the activity figures",
    "so that the next secretary can see what was done",
    "because the region audits these cases every quarter",
    "or the transport company cannot find the patient",
];
const TAGS: &[&str] = &[
    "lpr",
    "outpatient",
    "inpatient",
    "closing",
    "referrals",
    "booking",
    "letters",
    "e-boks",
    "interpreter",
    "transport",
    "children",
    "cancer-pathway",
    "waiting-time",
    "coding",
    "diagnosis",
    "procedures",
    "in-basket",
    "pools",
    "absence",
    "consent",
    "records",
    "access",
    "gp",
    "emergency",
    "day-surgery",
    "psychiatry",
    "maternity",
    "deadlines",
    "audit",
    "new-staff",
    "holidays",
    "cross-region",
    "private-hospitals",
    "results",
    "blood-tests",
    "imaging",
    "pathology",
    "telephone",
    "video",
    "death",
];
const TOPICS: &[&str] = &[
    "Special cases",
    "After hours",
    "Children and young people",
    "Patients from other regions",
    "Patients without digital post",
    "When the doctor is away",
    "Deadlines",
    "What the patient receives",
    "Checking your work",
    "Cancer pathway patients",
    "Holidays and closures",
    "Who to ask",
    "Background",
    "Reporting to LPR",
];
const ALERTS: &[&str] = &["NOTE", "TIP", "IMPORTANT", "WARNING"];

fn title_case(slug: &str) -> String {
    let words = slug.replace('-', " ");
    let mut c = words.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A link placeholder inside generated text: resolved when a layout writes the file.
/// `rev == None` is the guideline's current version.
fn link(g: usize, rev: Option<usize>, text: &str) -> String {
    format!("\u{1}{g},{},{text}\u{2}", rev.map_or(-1, |r| r as i64))
}

fn sentence(rng: &mut Rng, n_guidelines: usize, this: usize) -> String {
    let a = rng.pick(ACTIONS);
    let t = rng.pick(THINGS);
    let s = rng.pick(SCREENS);
    match rng.range(0, 11) {
        0 => format!("{} {t} in {s} {}.", capitalize(a), rng.pick(WHEN)),
        1 => format!(
            "{}, {a} {t} in {s} and tell {}.",
            rng.pick(CONDITIONS),
            rng.pick(ROLES)
        ),
        2 => format!(
            "Make sure that {t} is filled in before you {a} {}, {}.",
            rng.pick(THINGS),
            rng.pick(REASONS)
        ),
        3 => format!(
            "{} usually asks you to {a} {t}; if not, send an In Basket message {}.",
            capitalize(rng.pick(ROLES)),
            rng.pick(WHEN)
        ),
        4 => format!(
            "Never {a} {t} without checking {}, {}.",
            rng.pick(THINGS),
            rng.pick(REASONS)
        ),
        5 => format!(
            "In {s}, the field for {t} is marked with code {}{:03}.",
            rng.pick(&["DZ", "AZ", "BW", "KX", "RP"]),
            rng.range(0, 999)
        ),
        6 => format!(
            "Ask {} when {t} is unclear, and write the answer in the booking note.",
            rng.pick(ROLES)
        ),
        7 => {
            let other = (this + rng.range(1, n_guidelines.max(2) - 1)) % n_guidelines;
            if other == this {
                format!("See the department's local instructions for {t}.")
            } else {
                format!(
                    "For the details, see {}.",
                    link(other, None, "the guideline on this")
                )
            }
        }
        8 => format!(
            "The change takes effect {} and applies to {} as well.",
            rng.pick(WHEN),
            rng.pick(THINGS)
        ),
        9 => format!(
            "{} If you are unsure, {a} {t} and leave a note for {}.",
            rng.pick(CONDITIONS).to_string() + ", wait for the doctor.",
            rng.pick(ROLES)
        ),
        10 => format!(
            "Up to {} patients a week need this, most of them referred by {}.",
            rng.range(2, 60),
            rng.pick(ROLES)
        ),
        _ => format!("You find {t} under {s}, next to {}.", rng.pick(THINGS)),
    }
}

fn paragraph(rng: &mut Rng, n: usize, this: usize) -> Vec<String> {
    (0..rng.range(2, 5))
        .map(|_| sentence(rng, n, this))
        .collect()
}

fn step(rng: &mut Rng, n: usize, this: usize) -> String {
    let a = rng.pick(ACTIONS);
    let mut s = format!(
        "{} {} in **{}**.",
        capitalize(a),
        rng.pick(THINGS),
        rng.pick(SCREENS).trim_start_matches("the ")
    );
    if rng.chance(50) {
        s.push(' ');
        s.push_str(&sentence(rng, n, this));
    }
    if rng.chance(15) {
        for _ in 0..rng.range(2, 3) {
            let _ = write!(s, "\n   - *{}* – {}", rng.pick(THINGS), rng.pick(REASONS));
        }
    }
    s
}

#[derive(Clone)]
enum Block {
    H2(String),
    P(Vec<String>),
    Ol(Vec<String>),
    Ul(Vec<String>),
    Table(Vec<[String; 3]>),
    Alert(&'static str, String),
}

fn words(blocks: &[Block]) -> usize {
    let count = |s: &str| s.split_whitespace().count();
    blocks
        .iter()
        .map(|b| match b {
            Block::H2(s) | Block::Alert(_, s) => count(s),
            Block::P(v) | Block::Ol(v) | Block::Ul(v) => v.iter().map(|s| count(s)).sum(),
            Block::Table(rows) => rows.iter().flatten().map(|s| count(s)).sum(),
        })
        .sum()
}

fn table(rng: &mut Rng) -> Block {
    let mut rows = vec![[
        "Code".to_owned(),
        "Meaning".to_owned(),
        "What to do".to_owned(),
    ]];
    for _ in 0..rng.range(3, 7) {
        rows.push([
            format!(
                "{}{:03}",
                rng.pick(&["DZ", "AZ", "BW", "KX"]),
                rng.range(0, 999)
            ),
            format!("{} is missing", capitalize(rng.pick(THINGS))),
            format!(
                "{} {} {}",
                capitalize(rng.pick(ACTIONS)),
                rng.pick(THINGS),
                rng.pick(WHEN)
            ),
        ]);
    }
    Block::Table(rows)
}

fn body(rng: &mut Rng, n: usize, this: usize) -> Vec<Block> {
    let target = rng.range(400, 1500);
    let mut b = vec![
        Block::P(paragraph(rng, n, this)),
        Block::H2("Before you start".into()),
        Block::Ul(
            (0..rng.range(3, 5))
                .map(|_| sentence(rng, n, this))
                .collect(),
        ),
        Block::H2("Steps".into()),
        Block::Ol((0..rng.range(6, 12)).map(|_| step(rng, n, this)).collect()),
    ];
    let mut topics: Vec<&str> = TOPICS.to_vec();
    while words(&b) < target.saturating_sub(120) && !topics.is_empty() {
        let t = topics.remove(rng.range(0, topics.len() - 1));
        b.push(Block::H2(t.into()));
        b.push(Block::P(paragraph(rng, n, this)));
        match rng.range(0, 4) {
            0 => b.push(table(rng)),
            1 => b.push(Block::Ul(
                (0..rng.range(2, 5))
                    .map(|_| sentence(rng, n, this))
                    .collect(),
            )),
            2 => b.push(Block::Alert(rng.pick(ALERTS), sentence(rng, n, this))),
            _ => b.push(Block::P(paragraph(rng, n, this))),
        }
    }
    b.push(Block::H2("Common mistakes".into()));
    b.push(Block::Ul(
        (0..rng.range(2, 4))
            .map(|_| sentence(rng, n, this))
            .collect(),
    ));
    b
}

/// A later revision: the previous body with a few edits. Returns the change note.
fn revise(rng: &mut Rng, b: &mut Vec<Block>, n: usize, this: usize) -> String {
    let mut notes = Vec::new();
    for _ in 0..rng.range(2, 5) {
        let i = rng.range(0, b.len() - 1);
        match &mut b[i] {
            Block::P(s) => {
                let j = rng.range(0, s.len() - 1);
                s[j] = sentence(rng, n, this);
                notes.push("reworded a paragraph".to_owned());
            }
            Block::Ol(items) => {
                let j = rng.range(0, items.len() - 1);
                if rng.chance(50) {
                    items.insert(j, step(rng, n, this));
                    notes.push(format!("new step {}", j + 1));
                } else {
                    items[j] = step(rng, n, this);
                    notes.push(format!("step {} changed", j + 1));
                }
            }
            Block::Ul(items) => {
                let j = rng.range(0, items.len() - 1);
                if items.len() > 2 && rng.chance(30) {
                    items.remove(j);
                    notes.push("removed a point that no longer applies".to_owned());
                } else {
                    items.push(sentence(rng, n, this));
                    notes.push("added a point".to_owned());
                }
            }
            Block::Table(rows) => {
                let j = rng.range(1, rows.len() - 1);
                rows[j][2] = format!(
                    "{} {} {}",
                    capitalize(rng.pick(ACTIONS)),
                    rng.pick(THINGS),
                    rng.pick(WHEN)
                );
                notes.push(format!("updated code {} in the table", rows[j][0]));
            }
            Block::Alert(_, s) => {
                *s = sentence(rng, n, this);
                notes.push("new advice in a note".to_owned());
            }
            Block::H2(_) => {
                b.insert(
                    i + 1,
                    Block::Alert(rng.pick(ALERTS), sentence(rng, n, this)),
                );
                notes.push("added a note".to_owned());
            }
        }
    }
    notes.dedup();
    let mut s = notes.join(", ");
    s.push('.');
    capitalize(&s)
}

/// One guideline as planned: its category, files (id, version) and bodies.
struct Plan {
    cat: usize,
    title: String,
    summary: String,
    tags: Vec<&'static str>,
    /// (id, version, date as days since 1970, supersedes, change note, body)
    revs: Vec<Rev>,
}

struct Rev {
    id: String,
    version: usize,
    day: i64,
    supersedes: Vec<String>,
    changes: Option<String>,
    title: String,
    body: Vec<Block>,
}

/// Days since 1970-01-01 -> (y, m, d), from Howard Hinnant's civil_from_days.
fn civil(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn date(day: i64) -> String {
    let (y, m, d) = civil(day);
    format!("{y:04}-{m:02}-{d:02}")
}

fn plan(n: usize, seed: u64) -> Vec<Plan> {
    let mut rng = Rng(seed);
    let mut used = BTreeSet::new();
    let mut fresh_id = |rng: &mut Rng| {
        let unit = rng.pick(UNITS);
        let mut id = format!("{}-{}", rng.pick(VERBS), rng.pick(OBJECTS));
        if !unit.is_empty() {
            id = format!("{id}-{unit}");
        }
        let mut k = 2;
        let base = id.clone();
        while used.contains(&id) {
            id = format!("{base}-{k}");
            k += 1;
        }
        used.insert(id.clone());
        id
    };
    let mut plans = Vec::with_capacity(n);
    let mut merged_into_previous = false;
    for g in 0..n {
        let id = fresh_id(&mut rng);
        let count = match rng.range(0, 99) {
            0..35 => 1,
            35..65 => 2,
            65..85 => 3,
            _ => 4,
        };
        let title = title_case(&id);
        let mut day = 17_532 + rng.range(0, 1800) as i64; // 2018-01-01 + up to ~5 years
        let mut b = body(&mut rng, n, g);
        let mut revs = Vec::new();
        for v in 1..=count {
            let changes = (v > 1).then(|| revise(&mut rng, &mut b, n, g));
            revs.push(Rev {
                id: id.clone(),
                version: v,
                day,
                supersedes: if v > 1 { vec![id.clone()] } else { vec![] },
                changes,
                title: title.clone(),
                body: b.clone(),
            });
            day += rng.range(30, 400) as i64;
        }
        let summary = format!(
            "How to {} {} {}.",
            rng.pick(ACTIONS),
            rng.pick(THINGS),
            rng.pick(WHEN)
        );
        let mut tags: Vec<&str> = (0..rng.range(2, 5)).map(|_| rng.pick(TAGS)).collect();
        tags.sort_unstable();
        tags.dedup();
        let cat = rng.range(0, CATEGORIES.len() - 1);
        // A merge: this guideline and the previous one continue as one new guideline.
        let merge = g > 0 && !merged_into_previous && rng.chance(1);
        let rename = !merge && count > 1 && rng.chance(3);
        merged_into_previous = merge;
        let mut plan = Plan {
            cat,
            title,
            summary,
            tags,
            revs,
        };
        if merge || rename {
            let new_id = fresh_id(&mut rng);
            let mut supersedes = vec![id.clone()];
            let mut since = day;
            if merge {
                let prev: &Plan = &plans[g - 1];
                let last = prev.revs.last().expect("a plan has revisions");
                supersedes.push(last.id.clone());
                since = since.max(last.day + 30);
            }
            let changes = revise(&mut rng, &mut b, n, g);
            plan.title = title_case(&new_id);
            plan.revs.push(Rev {
                id: new_id,
                version: 1,
                day: since,
                supersedes,
                changes: Some(if merge {
                    format!("Merged two guidelines into one. {changes}")
                } else {
                    format!("New name. {changes}")
                }),
                title: plan.title.clone(),
                body: b.clone(),
            });
        }
        plans.push(plan);
    }
    plans
}

/// Where a link lands, written in one layout's link form.
trait Layout {
    fn link(&self, plans: &[Plan], g: usize, rev: Option<usize>) -> String;
}

struct Redthread;
struct Hugo;

impl Layout for Redthread {
    fn link(&self, plans: &[Plan], g: usize, rev: Option<usize>) -> String {
        let p = &plans[g];
        match rev {
            None => format!("guideline:{}", p.revs[0].id),
            Some(r) => {
                let r = &p.revs[r.min(p.revs.len() - 1)];
                format!("../{}/{}-v{}.md", CATEGORIES[p.cat].0, r.id, r.version)
            }
        }
    }
}

impl Layout for Hugo {
    fn link(&self, plans: &[Plan], g: usize, rev: Option<usize>) -> String {
        let p = &plans[g];
        let r = &p.revs[rev.unwrap_or(p.revs.len() - 1).min(p.revs.len() - 1)];
        format!("../../{}/{}-v{}/", CATEGORIES[p.cat].0, r.id, r.version)
    }
}

fn resolve(text: &str, layout: &dyn Layout, plans: &[Plan]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('\u{1}') {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find('\u{2}')
            .map_or(rest.len(), |e| start + e);
        let mut parts = rest[start + 1..end].splitn(3, ',');
        let g: usize = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
        let r: i64 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(-1);
        let label = parts.next().unwrap_or("link");
        let r = usize::try_from(r).ok();
        let _ = write!(out, "[{label}]({})", layout.link(plans, g, r));
        rest = &rest[(end + 1).min(rest.len())..];
    }
    out.push_str(rest);
    out
}

fn markdown(blocks: &[Block], related: &[(usize, Option<usize>)], plans: &[Plan]) -> String {
    let mut s = String::new();
    for b in blocks {
        match b {
            Block::H2(h) => {
                let _ = writeln!(s, "## {h}\n");
            }
            Block::P(v) => {
                let _ = writeln!(s, "{}\n", v.join(" "));
            }
            Block::Ol(items) => {
                for (i, it) in items.iter().enumerate() {
                    let _ = writeln!(s, "{}. {it}", i + 1);
                }
                s.push('\n');
            }
            Block::Ul(items) => {
                for it in items {
                    let _ = writeln!(s, "- {it}");
                }
                s.push('\n');
            }
            Block::Table(rows) => {
                for (i, r) in rows.iter().enumerate() {
                    let _ = writeln!(s, "| {} | {} | {} |", r[0], r[1], r[2]);
                    if i == 0 {
                        s.push_str("|---|---|---|\n");
                    }
                }
                s.push('\n');
            }
            Block::Alert(kind, text) => {
                let _ = writeln!(s, "> [!{kind}]\n> {text}\n");
            }
        }
    }
    if !related.is_empty() {
        s.push_str("## Related guidelines\n\n");
        for &(g, r) in related {
            let p = &plans[g];
            let label = match r {
                None => p.title.clone(),
                Some(r) => format!("{} (version {})", p.revs[r].title, p.revs[r].version),
            };
            let _ = writeln!(s, "- {}", link(g, r, &label));
        }
    }
    s
}

fn yaml(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("create {}: {e}", dir.display()));
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

const HUGO_BASEOF: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ block "title" . }}{{ .Title }} · {{ .Site.Title }}{{ end }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
<header><a href="{{ "" | relURL }}">{{ .Site.Title }}</a>
<nav><ul>{{ range .Site.Taxonomies.categories }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul></nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
<footer><p>{{ .Site.Title }}</p></footer>
</body>
</html>
"#;

const HUGO_SINGLE: &str = r#"{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<dl>
<dt>Version</dt><dd>{{ .Params.version }}</dd>
<dt>In force from</dt><dd><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></dd>
<dt>Category</dt><dd>{{ range .GetTerms "categories" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</dd>
</dl>
{{ with .Description }}<p class="lead">{{ . }}</p>{{ end }}
{{ with .Params.changes }}<p class="change-note"><strong>What's new in this version:</strong> {{ . }}</p>{{ end }}
<ul class="tags">{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
<nav class="toc">{{ .TableOfContents }}</nav>
<div class="content">{{ .Content }}</div>
</article>
{{ end }}
"#;

const HUGO_LIST: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="cards">{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> · version {{ .Params.version }} · {{ .Date.Format "2006-01-02" }}{{ with .Description }}<p>{{ . }}</p>{{ end }}</li>{{ end }}</ul>
{{ end }}
"#;

const HUGO_TAXONOMY: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
"#;

const HUGO_HOME: &str = r#"{{ define "main" }}
<h1>{{ .Site.Title }}</h1>
<h2>Categories</h2>
<ul>{{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .Pages }})</li>{{ end }}</ul>
<h2>Recently changed</h2>
<ul>{{ range first 12 .Site.RegularPages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> · version {{ .Params.version }} · {{ .Date.Format "2006-01-02" }}{{ with .Params.changes }}<p>{{ . }}</p>{{ end }}</li>{{ end }}</ul>
{{ end }}
"#;

fn write_hugo(dir: &Path, n: usize) {
    let config = format!(
        "baseURL = \"https://intranet.example/guidelines/\"\n\
         title = \"Generated guideline archive ({n} guidelines)\"\n\
         languageCode = \"en\"\n\
         disableKinds = [\"RSS\", \"sitemap\", \"robotsTXT\"]\n\n\
         [taxonomies]\n  category = \"categories\"\n  tag = \"tags\"\n"
    );
    write(&dir.join("hugo.toml"), &config);
    let l = dir.join("layouts");
    write(&l.join("_default/baseof.html"), HUGO_BASEOF);
    write(&l.join("_default/single.html"), HUGO_SINGLE);
    write(&l.join("_default/list.html"), HUGO_LIST);
    write(&l.join("_default/taxonomy.html"), HUGO_TAXONOMY);
    write(&l.join("_default/term.html"), HUGO_LIST);
    write(&l.join("index.html"), HUGO_HOME);
    write(
        &dir.join("static/style.css"),
        "body{font-family:sans-serif;max-width:50rem;margin:auto}\n",
    );
    for (slug, name) in CATEGORIES {
        write(
            &dir.join(format!("content/{slug}/_index.md")),
            &format!("---\ntitle: {}\n---\n", yaml(name)),
        );
    }
}

fn main() {
    let mut n = 1000;
    let mut out: Option<PathBuf> = None;
    let mut hugo: Option<PathBuf> = None;
    let mut seed = 6u64;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || {
            args.next()
                .unwrap_or_else(|| usage(&format!("{a} needs a value")))
        };
        match a.as_str() {
            "--guidelines" => {
                n = value()
                    .parse()
                    .unwrap_or_else(|_| usage("bad --guidelines"))
            }
            "--seed" => seed = value().parse().unwrap_or_else(|_| usage("bad --seed")),
            "--out" => out = Some(value().into()),
            "--hugo" => hugo = Some(value().into()),
            _ => usage(&format!("unknown argument {a}")),
        }
    }
    let out = out.unwrap_or_else(|| usage("--out is required"));
    if n == 0 {
        usage("--guidelines must be at least 1");
    }
    for d in std::iter::once(&out).chain(hugo.as_ref()) {
        if d.join("content").exists() {
            std::fs::remove_dir_all(d.join("content"))
                .unwrap_or_else(|e| panic!("remove {}: {e}", d.display()));
        }
    }
    let plans = plan(n, seed);
    write(
        &out.join("book.toml"),
        &format!(
            "[book]\ntitle = \"Generated guideline archive ({n} guidelines)\"\n\
             description = \"Generated by examples/corpus.rs (seed {seed}) for benchmarks\"\n"
        ),
    );
    if let Some(h) = &hugo {
        write_hugo(h, n);
    }
    let mut rng = Rng(seed ^ 0xA5A5_A5A5);
    let (mut files, mut words_total) = (0usize, 0usize);
    for (g, p) in plans.iter().enumerate() {
        let (folder, category) = CATEGORIES[p.cat];
        let related: Vec<(usize, Option<usize>)> = (0..rng.range(1, 4))
            .map(|_| {
                let other = rng.range(0, n - 1);
                let rev = rng
                    .chance(30)
                    .then(|| rng.range(0, plans[other].revs.len() - 1));
                (other, rev)
            })
            .filter(|&(o, _)| o != g)
            .collect();
        for r in &p.revs {
            let md = markdown(&r.body, &related, &plans);
            words_total += words(&r.body);
            files += 1;
            let name = format!("{}-v{}.md", r.id, r.version);
            let tags = p.tags.join(", ");
            let mut front = format!(
                "---\ntitle: {}\nversion: {}\ncategory: {}\ndate: {}\n",
                yaml(&r.title),
                r.version,
                yaml(category),
                date(r.day)
            );
            match r.supersedes.as_slice() {
                [] => {}
                [one] => {
                    let _ = writeln!(front, "supersedes: {one}");
                }
                many => {
                    let _ = writeln!(front, "supersedes: [{}]", many.join(", "));
                }
            }
            let _ = writeln!(front, "summary: {}", yaml(&p.summary));
            if let Some(c) = &r.changes {
                let _ = writeln!(front, "changes: {}", yaml(c));
            }
            let _ = writeln!(front, "tags: [{tags}]\n---\n");
            let body = resolve(&md, &Redthread, &plans);
            write(
                &out.join("content").join(folder).join(&name),
                &format!("{front}{body}"),
            );
            if let Some(h) = &hugo {
                let mut front = format!(
                    "---\ntitle: {}\ndate: {}\ndescription: {}\ncategories: [{}]\ntags: [{tags}]\nversion: \"{}\"\nguideline: {}\n",
                    yaml(&r.title),
                    date(r.day),
                    yaml(&p.summary),
                    yaml(category),
                    r.version,
                    r.id
                );
                if let Some(c) = &r.changes {
                    let _ = writeln!(front, "changes: {}", yaml(c));
                }
                front.push_str("---\n\n");
                let body = resolve(&md, &Hugo, &plans);
                write(
                    &h.join("content").join(folder).join(&name),
                    &format!("{front}{body}"),
                );
            }
        }
    }
    eprintln!(
        "corpus: {n} guidelines, {files} revision files, {} words on average, seed {seed} -> {}{}",
        words_total / files.max(1),
        out.display(),
        hugo.map_or_else(String::new, |h| format!(" and {} (Hugo)", h.display()))
    );
}

fn usage(problem: &str) -> ! {
    eprintln!("error: {problem}\nusage: corpus --guidelines N --out DIR [--seed S] [--hugo DIR2]");
    std::process::exit(2)
}
