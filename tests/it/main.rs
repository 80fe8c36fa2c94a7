//! redthread's integration tests: one binary, a module per behaviour, fixture archives
//! built with the real `redthread` executable.

// Each test module uses a different part of the harness.
#![allow(dead_code)]

#[path = "../support/fixtures.rs"]
mod fixtures;
#[path = "../support/harness.rs"]
mod harness;
#[path = "../support/serving.rs"]
mod serving;

mod access;
mod archive;
mod authoring;
mod bad_input;
mod check;
mod danish_author;
mod diffs;
mod editor;
mod import;
mod incremental;
mod limits;
mod links;
mod mistakes;
mod pages;
mod paste;
mod properties;
mod reader;
mod redline_cases;
mod robustness;
mod scheduled;
mod search;
mod serve;
mod whats_new;
mod xss;
