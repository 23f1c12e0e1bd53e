//! The invariants of docs/ARCHITECTURE.md that a test can check by reading the repository:
//! what the core depends on, which module names the YAML parser, the lints that keep panics out
//! of the core, and that the front ends call the core's public API rather than its analysis
//! modules. (The rule registry's invariants are held by `registry.rs`.)

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

/// The core's modules a front end may name: the results it draws and the entry points it calls.
/// Everything else (readers, the model, the engine's predicates, the planner's checks) is
/// analysis, reached through these.
const API_MODULES: &[&str] = &[
    "codes",
    "describe",
    "engine",
    "exercise",
    "incomplete",
    "migration",
    "plan",
    "rules",
    "text",
];

/// Submodules of the API modules that are part of the API: the plan's model and layout are the
/// data the plan view draws, `ranges` is the address arithmetic its split and join use, and
/// `engine::via` the flows through a Service that `reach --via` writes.
const API_SUBMODULES: &[&str] = &["plan::model", "plan::layout", "plan::ranges", "engine::via"];

fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    common::files(dir, &["rs"])
}

/// Whether `module` (a path under core/src such as `plan::ranges`) is a module of the core.
fn is_core_module(module: &str) -> bool {
    let path = module.split("::").fold(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        |dir, part| dir.join(part),
    );
    path.with_extension("rs").is_file() || path.join("mod.rs").is_file()
}

/// The paths each `aksnet_core::` in `text` names, groups (`aksnet_core::{a, b::c}`) expanded
/// one level, as `module::item` strings.
fn core_paths(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices("aksnet_core::") {
        let rest = &text[at + "aksnet_core::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let end = group
                .char_indices()
                .find(|&(_, c)| {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => return true,
                        '}' => depth -= 1,
                        _ => {}
                    }
                    false
                })
                .map_or(group.len(), |(i, _)| i);
            let mut item = String::new();
            let mut depth = 0;
            for c in group[..end].chars().chain([',']) {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.push(path_of(item.trim()));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
        } else {
            out.push(path_of(rest));
        }
    }
    out.retain(|p| !p.is_empty());
    out
}

/// The `a::b::c` at the start of `text`.
fn path_of(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
        .collect::<String>()
        .trim_end_matches(':')
        .to_owned()
}

/// The module a path reaches into, when it names one: `plan::ranges::split` gives
/// `plan::ranges`, `plan::check_plan` gives `plan`, `Finding` gives nothing.
fn module_of(path: &str) -> Option<String> {
    let segments: Vec<&str> = path.split("::").collect();
    (1..=segments.len())
        .rev()
        .map(|n| segments[..n].join("::"))
        .find(|m| is_core_module(m))
}

fn allowed(module: &str) -> bool {
    API_MODULES.contains(&module) || API_SUBMODULES.contains(&module)
}

#[test]
fn front_ends_call_only_the_public_api() {
    let root = common::repository();
    let mut outside = BTreeSet::new();
    let mut seen = 0;
    for dir in ["web/src", "cli/src"] {
        for file in rust_files(&root.join(dir)) {
            let text = fs::read_to_string(&file).unwrap();
            for path in core_paths(&text) {
                seen += 1;
                if let Some(module) = module_of(&path).filter(|m| !allowed(m)) {
                    let name = file.strip_prefix(&root).unwrap().display().to_string();
                    outside.insert(format!("{name}: aksnet_core::{path} (module {module})"));
                }
            }
        }
    }
    assert!(
        seen > 50,
        "only {seen} uses of the core found: is the scan broken?"
    );
    assert!(
        outside.is_empty(),
        "the front ends reach into the core's analysis modules; call the public API (re-exports at \
         the crate root, {API_MODULES:?}, {API_SUBMODULES:?}) instead:\n{}",
        outside.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn the_scan_sees_a_reach_into_an_analysis_module() {
    let text = "use aksnet_core::{Finding, yaml::Limits};\nlet x = aksnet_core::plan::ranges::split(n);\n\
                aksnet_core::engine::semantics::x();";
    let modules: Vec<Option<String>> = core_paths(text).iter().map(|p| module_of(p)).collect();
    assert_eq!(
        modules,
        [
            None,
            Some("yaml".to_owned()),
            Some("plan::ranges".to_owned()),
            Some("engine::semantics".to_owned())
        ]
    );
    assert!(!allowed("yaml") && !allowed("engine::semantics") && allowed("plan::ranges"));
}

#[test]
fn the_core_depends_on_no_front_end_crate() {
    let manifest =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    let mut section = String::new();
    let mut dependencies = Vec::new();
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            section = line.to_owned();
        } else if section.ends_with("dependencies]") && !section.contains("dev-dependencies") {
            if let Some(name) = line.split(['=', '.', ' ']).next().filter(|n| !n.is_empty()) {
                dependencies.push(name.to_owned());
            }
        }
    }
    assert!(
        dependencies.iter().any(|d| d == "ipnet"),
        "{dependencies:?}"
    );
    for name in ["wasm-bindgen", "web-sys", "js-sys", "yew", "gloo", "clap"] {
        assert!(
            !dependencies.iter().any(|d| d == name),
            "aksnet-core depends on {name}"
        );
    }
}

#[test]
fn only_the_yaml_module_names_the_parser() {
    let root = common::repository();
    for dir in ["core/src", "web/src", "cli/src"] {
        for file in rust_files(&root.join(dir)) {
            let text = fs::read_to_string(&file).unwrap();
            let name = file.strip_prefix(&root).unwrap().display().to_string();
            if name != "core/src/yaml.rs" {
                assert!(
                    !text.contains("saphyr"),
                    "{name} names the YAML parser; only core/src/yaml.rs may"
                );
            }
        }
    }
}

#[test]
fn panicking_constructs_are_denied_in_the_core() {
    let lib = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    for lint in [
        "clippy::unwrap_used",
        "clippy::expect_used",
        "clippy::panic",
        "clippy::indexing_slicing",
        "clippy::unreachable",
        "clippy::todo",
        "clippy::unimplemented",
    ] {
        assert!(
            lib.contains(lint),
            "core/src/lib.rs no longer denies {lint}"
        );
    }
}

/// The core's modules, one per file (`plan::az::args`), with the modules each names outside its
/// tests (`crate::a::b`, `crate::a::{b, c}`, `super::b`).
fn core_imports() -> std::collections::BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let module_of_file = |file: &Path| {
        let relative = file.strip_prefix(&src).unwrap().with_extension("");
        let mut parts: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
            parts.pop();
        }
        parts.join("::")
    };
    let resolve = |path: &str| {
        let segments: Vec<&str> = path.split("::").collect();
        (1..=segments.len())
            .rev()
            .map(|n| segments[..n].join("::"))
            .find(|m| is_core_module(m))
    };
    let mut graph = std::collections::BTreeMap::new();
    for file in rust_files(&src) {
        let module = module_of_file(&file);
        let text = fs::read_to_string(&file).unwrap();
        // Tests may import anything; comments name modules without importing them.
        let code = text
            .split("#[cfg(test)]")
            .next()
            .unwrap()
            .split("#[cfg(all(test")
            .next()
            .unwrap();
        let code: String = code
            .lines()
            .map(|line| line.split("//").next().unwrap())
            .collect::<Vec<_>>()
            .join("\n");
        let parent = module.rsplit_once("::").map_or("", |(p, _)| p).to_owned();
        let mut names = BTreeSet::new();
        for (prefix, base) in [("crate::", String::new()), ("super::", parent)] {
            for (at, _) in code.match_indices(prefix) {
                let rest = &code[at + prefix.len()..];
                let joined = |path: &str| {
                    if base.is_empty() {
                        path.to_owned()
                    } else {
                        format!("{base}::{path}")
                    }
                };
                let path = path_of(rest);
                if let Some(group) = rest.get(path.len()..).and_then(|r| r.strip_prefix("::{")) {
                    let group = group.split('}').next().unwrap_or_default();
                    for item in group.split(',').map(str::trim).filter(|i| !i.is_empty()) {
                        let item = item.split(" as ").next().unwrap_or(item);
                        let full = if item == "self" {
                            path.clone()
                        } else {
                            format!("{path}::{}", path_of(item))
                        };
                        names.extend(resolve(&joined(&full)));
                    }
                } else if !path.is_empty() {
                    names.extend(resolve(&joined(&path)));
                }
            }
        }
        names.remove(&module);
        names.remove("");
        graph.insert(module, names);
    }
    graph
}

#[test]
fn the_core_has_no_import_circles() {
    let graph = core_imports();
    assert!(graph.len() > 50, "only {} modules found", graph.len());
    assert!(graph["plan::sizing"].contains("plan::model"), "{graph:?}");
    // A module is in a circle when it reaches itself; name each circle once, by its path.
    let mut circles = BTreeSet::new();
    for start in graph.keys() {
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((module, path)) = stack.pop() {
            for next in graph.get(&module).into_iter().flatten() {
                if next == start {
                    let mut circle = path.clone();
                    let first = circle.iter().min().unwrap().clone();
                    let at = circle.iter().position(|m| *m == first).unwrap();
                    circle.rotate_left(at);
                    circles.insert(circle.join(" → "));
                } else if seen.insert(next.clone()) {
                    let mut longer = path.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
    assert!(
        circles.is_empty(),
        "modules of the core import each other (outside tests):\n{}",
        circles.into_iter().collect::<Vec<_>>().join("\n")
    );
}
