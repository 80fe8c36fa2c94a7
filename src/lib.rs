//! redthread compiles an archive of Markdown guideline revisions into a static site:
//! guidelines by task category, one stable address per guideline and a permanent one per
//! revision, superseded revisions marked, and a manifest for tools.
//!
//! The data flows one way: `discover` reads files, `frontmatter` parses them, `graph`
//! builds the revision graph, `markdown` renders bodies, [`render`] makes pages and
//! redlines (from [`diff`]'s data), `search` the search index, `manifest` archive.json,
//! and every file goes through one [`output::Sink`], which writes the site atomically.
//! [`build`] runs that pipeline as a short sequence of stages, each reusing its own results
//! in `serve` through [`incremental`]; [`check`], [`serve`], [`authoring`] and [`import`] are
//! the author's tools around it. docs/ARCHITECTURE.md draws the picture.

// The library surface: what the binary, the integration tests and the examples use. Each
// stage's inner workings stay private to the crate.
pub mod access;
pub mod authoring;
pub mod blocks;
pub mod build;
pub mod check;
pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod diff;
pub mod import;
pub mod incremental;
pub mod messages;
pub mod model;
pub mod output;
pub mod render;
pub mod serve;
pub mod timings;

// Stages and leaves used only inside the crate.
mod changes;
mod discover;
mod fragments;
mod frontmatter;
mod graph;
mod hash;
mod keys;
mod lang;
mod manifest;
mod markdown;
mod portable;
mod scalar;
mod search;
mod source;
mod stage;
mod urls;
mod watch;
mod yaml_mistakes;
