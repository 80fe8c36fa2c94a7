//! redthread compiles an archive of Markdown guideline revisions into a static site:
//! guidelines by task category, one stable address per guideline and a permanent one per
//! revision, superseded revisions marked, and a manifest for tools.
//!
//! The data flows one way: [`discover`] reads files, [`frontmatter`] parses them, [`graph`]
//! builds the revision graph, [`markdown`] and [`render`] make pages, [`search`] the search
//! index, [`output`] writes the site atomically. [`build::build`] runs the whole pipeline in
//! memory; [`check`], [`serve`] and [`authoring`] are the author's tools around it.

pub mod access;
pub mod authoring;
pub mod blocks;
pub mod build;
pub mod changes;
pub mod check;
pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod diff;
pub mod discover;
pub mod fragments;
pub mod frontmatter;
pub mod graph;
pub mod hash;
pub mod import;
pub mod incremental;
pub mod lang;
pub mod manifest;
pub mod markdown;
pub mod messages;
pub mod model;
pub mod output;
pub mod portable;
pub mod render;
pub mod scalar;
pub mod search;
pub mod serve;
pub mod source;
pub mod timings;
pub mod urls;
pub mod watch;
pub mod yaml_mistakes;
