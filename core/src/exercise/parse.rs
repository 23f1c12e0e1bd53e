//! Reads an exercise file (YAML, see docs/exercises.md) into an [`Exercise`]. Every problem is a
//! finding with its line; a goal that cannot be read is left out and reported.

use std::collections::HashSet;
use std::net::IpAddr;

use super::model::{Check, Exercise, FindingQuery, Flow, Goal, SourceKind, Sources, Text};
use crate::cluster::FlowPort;
use crate::codes::Code;
use crate::fields::FieldReader;
use crate::finding::Finding;
use crate::rules::manifest::invalid_field;
use crate::rules::manifest::missing_field;
use crate::span::Span;
use crate::yaml::{self, Limits, Node, Value};

const EXERCISE_KEYS: &[&str] = &[
    "id", "title", "story", "start", "goals", "hints", "solution",
];
const GOAL_KEYS: &[&str] = &["id", "title"];
/// A goal has exactly one of these.
const CHECK_KEYS: &[&str] = &[
    "allowed",
    "blocked",
    "finding-absent",
    "finding-present",
    "plan-valid",
    "api-server-allowed",
    "api-server-blocked",
];
const TEXT_KEYS: &[&str] = &["en", "ja"];
const SOURCES_KEYS: &[&str] = &["manifests", "plan"];
const FLOW_KEYS: &[&str] = &["from", "to", "port"];
const FINDING_KEYS: &[&str] = &["code", "source"];

/// Reads the exercise in `text`. `None` when there is no exercise at all (no document, not a
/// mapping, no id); otherwise what could be read, with findings for the rest. Callers should
/// treat any error finding as an invalid exercise: a goal with an error is left out.
pub fn parse(text: &str) -> (Option<Exercise>, Vec<Finding>) {
    let (documents, mut findings) = yaml::parse(text, 0, Limits::default());
    let exercise = match documents.as_slice() {
        [] => {
            if findings.is_empty() {
                findings.push(missing_field::exercise_expected().at(0, Span::empty(0)));
            }
            None
        }
        [first, rest @ ..] => {
            if let Some(second) = rest.first() {
                findings.push(invalid_field::second_exercise().at(0, second.root.span));
            }
            read_exercise(&first.root, &mut findings)
        }
    };
    crate::finding::locate(&mut findings, "", text);
    findings.sort_by_key(|f| (f.severity, f.span.start, f.code));
    (exercise, findings)
}

fn read_exercise(root: &Node, findings: &mut Vec<Finding>) -> Option<Exercise> {
    let id = root.get("id").and_then(Node::as_str).unwrap_or("exercise");
    let mut reader = FieldReader::new(0, format!("exercise {id}"), findings);
    if root.entries().is_none() {
        reader.raise(
            root.span,
            invalid_field::exercise_not_a_mapping(&root.type_name()),
        );
        return None;
    }
    unknown_keys(&mut reader, root, EXERCISE_KEYS, "");
    let id = required_string(&mut reader, root, "id", "id")?;
    let title = required_text(&mut reader, root, "title", "title");
    let story = required_text(&mut reader, root, "story", "story");
    let start = required_sources(&mut reader, root, "start");
    let solution = required_sources(&mut reader, root, "solution");
    let goals = read_goals(&mut reader, root);
    let hints = reader
        .list(root, "hints", "hints")
        .unwrap_or_default()
        .iter()
        .filter_map(|node| text(&mut reader, node, "hints[]"))
        .collect();
    Some(Exercise {
        id: id.to_owned(),
        title,
        story,
        start,
        goals,
        hints,
        solution,
    })
}

fn read_goals(reader: &mut FieldReader<'_>, root: &Node) -> Vec<Goal> {
    let Some(items) = reader.list(root, "goals", "goals") else {
        missing(
            reader,
            root,
            "goals",
            &Text::new("a list of goals", "目標のリスト"),
        );
        return Vec::new();
    };
    if items.is_empty() {
        reader.raise(
            root.get("goals").map_or(root.span, |g| g.span),
            invalid_field::goals_empty(),
        );
    }
    let mut seen = HashSet::new();
    let mut goals = Vec::new();
    for item in items {
        // Checked before the goal is read, so a broken goal still claims its id.
        if let Some(id) = item.get("id")
            && let Some(text) = id.as_str()
            && !seen.insert(text)
        {
            reader.raise(id.span, invalid_field::goal_id_twice(&text));
            continue;
        }
        goals.extend(read_goal(reader, item));
    }
    goals
}

fn read_goal(reader: &mut FieldReader<'_>, node: &Node) -> Option<Goal> {
    if node.entries().is_none() {
        reader.raise(
            node.span,
            invalid_field::goal_not_a_mapping(&node.type_name()),
        );
        return None;
    }
    unknown_keys(reader, node, &[GOAL_KEYS, CHECK_KEYS].concat(), "goals[].");
    let id = required_string(reader, node, "id", "goals[].id")?.to_owned();
    let title = required_text(reader, node, "title", "goals[].title");
    let kinds: Vec<(&str, &Node)> = node
        .entries()
        .unwrap_or_default()
        .iter()
        .filter_map(|entry| {
            let key = entry.key.as_str()?;
            CHECK_KEYS.contains(&key).then_some((key, &entry.value))
        })
        .collect();
    let (kind, value) = match kinds.as_slice() {
        [one] => *one,
        [] => {
            reader.raise(
                node.span,
                missing_field::goal_without_check(&id, &CHECK_KEYS.join(", ")),
            );
            return None;
        }
        [_, second, ..] => {
            reader.raise(second.1.span, invalid_field::goal_with_two_checks(&id));
            return None;
        }
    };
    let path = format!("goals[].{kind}");
    let check = match kind {
        "allowed" => Check::Allowed(flow(reader, value, &path)?),
        "blocked" => Check::Blocked(flow(reader, value, &path)?),
        "finding-absent" => Check::FindingAbsent(finding_query(reader, value, &path)?),
        "finding-present" => Check::FindingPresent(finding_query(reader, value, &path)?),
        "api-server-allowed" => Check::ApiServerAllowed(address(reader, value, &path)?),
        "api-server-blocked" => Check::ApiServerBlocked(address(reader, value, &path)?),
        // plan-valid, the one key of CHECK_KEYS left.
        _ => {
            if value.value != Value::Bool(true) {
                reader.raise(value.span, invalid_field::not_true(&path));
                return None;
            }
            Check::PlanValid
        }
    };
    Some(Goal { id, title, check })
}

fn flow(reader: &mut FieldReader<'_>, node: &Node, path: &str) -> Option<Flow> {
    if !expect_map(reader, node, path) {
        return None;
    }
    unknown_keys(reader, node, FLOW_KEYS, &format!("{path}."));
    let from = required_string(reader, node, "from", &format!("{path}.from"));
    let to = required_string(reader, node, "to", &format!("{path}.to"));
    let port = match node.get("port") {
        None => {
            missing(
                reader,
                node,
                &format!("{path}.port"),
                &Text::new("a port such as 80/TCP", "80/TCP のようなポート"),
            );
            None
        }
        Some(value) => {
            let text = match &value.value {
                Value::Int(number) => Some(number.to_string()),
                Value::Str(text) => Some(text.clone()),
                _ => None,
            };
            let port = text.as_deref().and_then(FlowPort::parse);
            if port.is_none() {
                reader.raise(value.span, invalid_field::flow_port(&path));
            }
            port
        }
    };
    Some(Flow {
        from: from?.to_owned(),
        to: to?.to_owned(),
        port: port?,
    })
}

fn address(reader: &mut FieldReader<'_>, node: &Node, path: &str) -> Option<IpAddr> {
    let address = node.as_str().and_then(|text| text.trim().parse().ok());
    if address.is_none() {
        reader.raise(node.span, invalid_field::ip_address(&path));
    }
    address
}

/// `code` or `{code, source}`.
fn finding_query(reader: &mut FieldReader<'_>, node: &Node, path: &str) -> Option<FindingQuery> {
    let (code_node, source) = match &node.value {
        Value::Str(_) => (node, None),
        Value::Map(_) => {
            unknown_keys(reader, node, FINDING_KEYS, &format!("{path}."));
            let Some(code) = node.get("code") else {
                missing(
                    reader,
                    node,
                    &format!("{path}.code"),
                    &Text::new("a finding code", "指摘のコード"),
                );
                return None;
            };
            (code, node.get("source"))
        }
        _ => {
            reader.raise(
                node.span,
                invalid_field::finding_query(&path, &node.type_name()),
            );
            return None;
        }
    };
    let code = code_node.as_str().and_then(Code::parse);
    if code.is_none() {
        reader.raise(code_node.span, invalid_field::unknown_finding_code(&path));
    }
    let source = match source {
        None => Ok(None),
        Some(value) => match value.as_str() {
            Some("manifests") => Ok(Some(SourceKind::Manifests)),
            Some("plan") => Ok(Some(SourceKind::Plan)),
            _ => {
                reader.raise(value.span, invalid_field::finding_source(&path));
                Err(())
            }
        },
    };
    Some(FindingQuery {
        code: code?,
        source: source.ok()?,
    })
}

fn required_sources(reader: &mut FieldReader<'_>, root: &Node, key: &str) -> Sources {
    let Some(node) = reader.map(root, key, key) else {
        missing(
            reader,
            root,
            key,
            &Text::new(
                "a mapping with manifests and/or plan",
                "manifests と plan のどちらかまたは両方を持つマッピング",
            ),
        );
        return Sources::default();
    };
    unknown_keys(reader, node, SOURCES_KEYS, &format!("{key}."));
    let sources = Sources {
        manifests: reader
            .string(node, "manifests", &format!("{key}.manifests"))
            .unwrap_or_default()
            .to_owned(),
        plan: reader
            .string(node, "plan", &format!("{key}.plan"))
            .unwrap_or_default()
            .to_owned(),
    };
    if sources.manifests.trim().is_empty() && sources.plan.trim().is_empty() {
        reader.raise(node.span, missing_field::exercise_sources(&key));
    }
    sources
}

fn required_text(reader: &mut FieldReader<'_>, parent: &Node, key: &str, path: &str) -> Text {
    match parent.get(key) {
        Some(node) => text(reader, node, path).unwrap_or_default(),
        None => {
            missing(
                reader,
                parent,
                path,
                &Text::new("a text with en and ja", "en と ja を持つテキスト"),
            );
            Text::default()
        }
    }
}

/// `{en, ja}`: a text must be written in both languages.
fn text(reader: &mut FieldReader<'_>, node: &Node, path: &str) -> Option<Text> {
    if !expect_map(reader, node, path) {
        return None;
    }
    unknown_keys(reader, node, TEXT_KEYS, &format!("{path}."));
    let en = required_string(reader, node, "en", &format!("{path}.en"));
    let ja = required_string(reader, node, "ja", &format!("{path}.ja"));
    Some(Text::new(en?, ja?))
}

fn required_string<'n>(
    reader: &mut FieldReader<'_>,
    node: &'n Node,
    key: &str,
    path: &str,
) -> Option<&'n str> {
    let value = reader.string(node, key, path);
    match value {
        Some(text) if !text.trim().is_empty() => Some(text),
        Some(_) => {
            let span = node.get(key).map_or(node.span, |n| n.span);
            reader.raise(span, invalid_field::empty(&path));
            None
        }
        None => {
            if node.get(key).is_none_or(Node::is_null) {
                missing(reader, node, path, &Text::new("a string", "文字列"));
            }
            None
        }
    }
}

fn expect_map(reader: &mut FieldReader<'_>, node: &Node, path: &str) -> bool {
    if node.entries().is_some() {
        return true;
    }
    reader.raise(
        node.span,
        invalid_field::not_a_mapping(&path, &node.type_name()),
    );
    false
}

fn missing(reader: &mut FieldReader<'_>, node: &Node, path: &str, expected: &Text) {
    reader.raise(
        Span::empty(node.span.start),
        missing_field::field_expected(&path, expected),
    );
}

/// A misspelt key would silently drop a goal or a hint, so keys are checked.
fn unknown_keys(reader: &mut FieldReader<'_>, node: &Node, known: &[&str], prefix: &str) {
    for entry in node.entries().unwrap_or_default() {
        let key = entry.key.as_str();
        if key.is_none_or(|k| !known.contains(&k)) {
            let shown = key.map_or_else(|| "?".to_owned(), ToOwned::to_owned);
            reader.raise(
                entry.key.span,
                invalid_field::unknown_exercise_field(&prefix, &shown, &known.join(", ")),
            );
        }
    }
}
