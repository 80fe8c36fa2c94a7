//! What the editor's paste makes of clipboard HTML: `cargo run --example paste -- FILE.html
//! [LANGUAGE]` prints the Markdown, then what was lost (one key per line) on stderr.

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: paste FILE.html [LANGUAGE]");
        std::process::exit(2);
    };
    let language = args.next().unwrap_or_else(|| "en".to_owned());
    let html = match std::fs::read_to_string(&path) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let c = redthread::import::html::html_to_markdown_in(&html, &language);
    print!("{}", c.markdown);
    for l in c.losses {
        eprintln!("lost: {} {:?}", l.key, l.args);
    }
}
