//! redthread's integration tests: one binary, a module per behaviour, fixture archives
//! built with the real `redthread` executable.

// Each test module uses a different part of the harness.
#![allow(dead_code)]

mod harness;

mod access;
mod access_browser;
mod archive;
mod authoring;
mod bad_input;
mod browser;
mod check;
mod danish_author;
mod diffs;
mod import;
mod incremental;
mod limits;
mod links;
mod mistakes;
mod pages;
mod pages_browser;
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
