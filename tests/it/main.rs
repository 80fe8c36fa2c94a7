//! redthread's integration tests: one binary, a module per behaviour, fixture archives
//! built with the real `redthread` executable.

// Each test module uses a different part of the harness.
#![allow(dead_code)]

mod harness;

mod archive;
mod bad_input;
mod browser;
mod diffs;
mod properties;
mod robustness;
mod whats_new;
