//! redthread's browser and Node tests: each drives a script in this folder (playwright-core
//! with Debian's Chromium, or Node with the site's own elasticlunr.js) against fixture
//! archives built with the real `redthread` executable.
//!
//! Under scripts/test (and so in CI), which installs Chromium and the node packages and sets
//! `REDTHREAD_REQUIRE_BROWSER=1`, a missing tool is a failure. A plain `cargo test` on a
//! machine without them skips these tests and says so on the terminal, naming what is
//! missing, instead of failing every one of them for a reason that is not a bug.

// Each test module uses a different part of the shared support.
#![allow(dead_code)]

#[path = "../support/fixtures.rs"]
mod fixtures;
#[path = "../support/harness.rs"]
mod harness;
#[path = "../support/serving.rs"]
mod serving;

mod closed;
mod editor;
mod import;
mod pages;
mod scheduled;
mod script;
mod search;
mod serve;
mod site;
mod xss;

use script::node;
