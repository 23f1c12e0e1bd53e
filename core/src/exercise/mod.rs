//! Workshop exercises: a story, a starting state, goals checked live, hints and a reference
//! solution. The format is described in docs/exercises.md.
//!
//! parse (YAML with spans) → [`Exercise`] → [`check`] against the participant's manifests and
//! plan → [`ExerciseReport`], one [`GoalResult`] per goal. The built-in exercises
//! (static/exercises/*.yaml) are embedded at build time: [`catalog`].

mod check;
mod model;
mod parse;

use std::sync::OnceLock;

pub use check::{ExerciseReport, GoalResult, check, check_analyzed};
pub use model::{Check, Exercise, FindingQuery, Flow, Goal, SourceKind, Sources, Text};
pub use parse::parse;

include!(concat!(env!("OUT_DIR"), "/exercises.rs"));

/// The built-in exercises, in workshop order (by file name). A file that does not read cleanly
/// is left out; a test keeps every file clean.
pub fn catalog() -> &'static [Exercise] {
    static CATALOG: OnceLock<Vec<Exercise>> = OnceLock::new();
    CATALOG.get_or_init(|| {
        SOURCES
            .iter()
            .filter_map(|(_, text)| match parse(text) {
                (Some(exercise), findings) if findings.is_empty() => Some(exercise),
                _ => None,
            })
            .collect()
    })
}

/// The built-in exercise with this id.
pub fn find(id: &str) -> Option<&'static Exercise> {
    catalog().iter().find(|e| e.id == id)
}

/// The built-in exercise files as (file name, text), for tests and for showing the source.
pub fn catalog_sources() -> &'static [(&'static str, &'static str)] {
    SOURCES
}
