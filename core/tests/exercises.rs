//! The built-in exercises check themselves: every file reads cleanly, every starting state fails
//! at least one goal, and every reference solution meets all of them.
#![cfg(not(target_arch = "wasm32"))]

use aksnet_core::exercise::{self, Exercise, ExerciseReport, catalog, catalog_sources};

fn unmet(report: &ExerciseReport) -> String {
    report
        .goals
        .iter()
        .filter(|g| !g.met)
        .map(|g| format!("  {}: {}", g.id, g.detail.as_ref().map_or("", |d| &d.en)))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_exercise_file_reads_without_findings() {
    for (name, text) in catalog_sources() {
        let (exercise, findings) = exercise::parse(text);
        assert!(
            findings.is_empty(),
            "{name}: {:#?}",
            findings
                .iter()
                .map(|f| format!("{}:{} {}", f.position.line, f.position.column, f.message))
                .collect::<Vec<_>>()
        );
        assert!(exercise.is_some(), "{name}");
    }
    assert_eq!(catalog().len(), catalog_sources().len());
    assert!(
        catalog().len() >= 10,
        "the workshop has at least 10 exercises"
    );
}

#[test]
fn ids_are_unique_and_files_are_numbered_in_workshop_order() {
    let mut ids: Vec<&str> = catalog().iter().map(|e| e.id.as_str()).collect();
    for ((name, _), exercise) in catalog_sources().iter().zip(catalog()) {
        assert_eq!(
            name.split_once('-').map(|(_, rest)| rest),
            Some(format!("{}.yaml", exercise.id).as_str()),
            "{name} is NN-<id>.yaml"
        );
    }
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), catalog().len());
}

fn check(exercise: &Exercise, sources: &exercise::Sources) -> ExerciseReport {
    exercise::check(exercise, &sources.manifests, &sources.plan)
}

#[test]
fn every_starting_state_fails_a_goal_and_every_solution_meets_all() {
    for exercise in catalog() {
        let start = check(exercise, &exercise.start);
        assert!(
            !start.met,
            "{}: the starting state already meets every goal",
            exercise.id
        );
        let solution = check(exercise, &exercise.solution);
        assert!(
            solution.met,
            "{}: the solution misses goals:\n{}",
            exercise.id,
            unmet(&solution)
        );
        assert_eq!(solution.goals.len(), exercise.goals.len());
    }
}

/// A solution must be clean apart from what the exercise itself asks for: an error finding in
/// it would teach the wrong thing.
#[test]
fn solutions_have_no_error_findings() {
    for exercise in catalog() {
        let sources = [aksnet_core::SourceFile::new(
            "manifests",
            exercise.solution.manifests.as_str(),
        )];
        let analysis = aksnet_core::analyze(&sources);
        assert!(
            !analysis.has_errors(),
            "{}: {:?}",
            exercise.id,
            analysis.findings
        );
        if !exercise.solution.plan.trim().is_empty() {
            let report = aksnet_core::plan::check_plan(
                &aksnet_core::SourceFile::new("plan", exercise.solution.plan.as_str()),
                0,
            );
            assert!(
                !report.has_errors(),
                "{}: {:?}",
                exercise.id,
                report.findings
            );
        }
    }
}

#[test]
fn every_unmet_goal_says_why_in_both_languages() {
    for exercise in catalog() {
        for goal in check(exercise, &exercise.start).goals {
            match (&goal.detail, goal.met) {
                (None, true) => {}
                (Some(detail), false) => {
                    assert!(!detail.en.is_empty() && !detail.ja.is_empty());
                }
                _ => panic!(
                    "{}/{}: detail is given exactly when unmet",
                    exercise.id, goal.id
                ),
            }
        }
    }
}
