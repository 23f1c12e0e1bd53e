//! Reads an exercise file (YAML, see docs/exercises.md) into an [`Exercise`]. Every problem is a
//! finding with its line; a goal that cannot be read is left out and reported.

use std::collections::HashSet;
use std::net::IpAddr;

use super::model::{Check, Exercise, FindingQuery, Flow, Goal, SourceKind, Sources, Text};
use crate::cluster::FlowPort;
use crate::codes::Code;
use crate::fields::FieldReader;
use crate::finding::Finding;
use crate::span::Span;
use crate::text;
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
                findings.push(Finding::new(
                    Code::ManifestMissingField,
                    0,
                    Span::empty(0),
                    text!(
                        "expected an exercise: a mapping with id, title, story, start, goals and solution",
                        "演習が必要です: id、title、story、start、goals、solution を持つマッピングを書いてください"
                    ),
                ));
            }
            None
        }
        [first, rest @ ..] => {
            if let Some(second) = rest.first() {
                findings.push(Finding::new(
                    Code::ManifestInvalidField,
                    0,
                    second.root.span,
                    text!(
                        "one exercise per file: this document is not read",
                        "演習は 1 ファイルに 1 つです: このドキュメントは読み込まれません"
                    ),
                ));
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
        reader.report(
            Code::ManifestInvalidField,
            root.span,
            text!(
                "an exercise must be a mapping; found a {0}",
                "演習はマッピングである必要がありますが、{0} が指定されています",
                root.type_name()
            ),
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
        reader.report(
            Code::ManifestInvalidField,
            root.get("goals").map_or(root.span, |g| g.span),
            text!(
                "`goals` must hold at least one goal",
                "`goals` には目標が 1 つ以上必要です"
            ),
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
            reader.report(
                Code::ManifestInvalidField,
                id.span,
                text!(
                    "goal id `{0}` is used twice",
                    "目標の id `{0}` が 2 回使われています",
                    text
                ),
            );
            continue;
        }
        goals.extend(read_goal(reader, item));
    }
    goals
}

fn read_goal(reader: &mut FieldReader<'_>, node: &Node) -> Option<Goal> {
    if node.entries().is_none() {
        reader.report(
            Code::ManifestInvalidField,
            node.span,
            text!(
                "`goals[]` must be a mapping; found a {0}",
                "`goals[]` はマッピングである必要がありますが、{0} が指定されています",
                node.type_name()
            ),
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
            reader.report(
                Code::ManifestMissingField,
                node.span,
                text!(
                    "goal `{0}` needs one of these checks: {1}",
                    "目標 `{0}` には次のチェックのいずれかが必要です: {1}",
                    id,
                    CHECK_KEYS.join(", ")
                ),
            );
            return None;
        }
        [_, second, ..] => {
            reader.report(
                Code::ManifestInvalidField,
                second.1.span,
                text!(
                    "goal `{0}` has more than one check: write one goal per check",
                    "目標 `{0}` にチェックが複数あります: チェックごとに目標を 1 つ書いてください",
                    id
                ),
            );
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
                reader.report(
                    Code::ManifestInvalidField,
                    value.span,
                    text!(
                        "`{0}` must be true",
                        "`{0}` は true である必要があります",
                        path
                    ),
                );
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
                reader.report(
                    Code::ManifestInvalidField,
                    value.span,
                    text!(
                        "`{0}.port` must be a port such as 80/TCP, 53/UDP or 9000/SCTP",
                        "`{0}.port` は 80/TCP、53/UDP、9000/SCTP のようなポートである必要があります",
                        path
                    ),
                );
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
        reader.report(
            Code::ManifestInvalidField,
            node.span,
            text!(
                "`{0}` must be an IP address such as 73.140.245.10",
                "`{0}` は 73.140.245.10 のような IP アドレスである必要があります",
                path
            ),
        );
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
            reader.report(
                Code::ManifestInvalidField,
                node.span,
                text!(
                    "`{0}` must be a finding code or a mapping with code and source; found a {1}",
                    "`{0}` は指摘のコードか、code と source を持つマッピングである必要がありますが、{1} が指定されています",
                    path,
                    node.type_name()
                ),
            );
            return None;
        }
    };
    let code = code_node.as_str().and_then(Code::parse);
    if code.is_none() {
        reader.report(
            Code::ManifestInvalidField,
            code_node.span,
            text!(
                "`{0}`: not a finding code (see docs/rules/README.md)",
                "`{0}`: 指摘のコードではありません (docs/rules/README.md を参照してください)",
                path
            ),
        );
    }
    let source = match source {
        None => Ok(None),
        Some(value) => match value.as_str() {
            Some("manifests") => Ok(Some(SourceKind::Manifests)),
            Some("plan") => Ok(Some(SourceKind::Plan)),
            _ => {
                reader.report(
                    Code::ManifestInvalidField,
                    value.span,
                    text!(
                        "`{0}.source` must be manifests or plan",
                        "`{0}.source` は manifests か plan である必要があります",
                        path
                    ),
                );
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
        reader.report(
            Code::ManifestMissingField,
            node.span,
            text!(
                "`{0}` needs manifests, a plan or both",
                "`{0}` には manifests、plan、またはその両方が必要です",
                key
            ),
        );
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
            reader.report(
                Code::ManifestInvalidField,
                span,
                text!(
                    "`{0}` must not be empty",
                    "`{0}` を空にすることはできません",
                    path
                ),
            );
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
    reader.report(
        Code::ManifestInvalidField,
        node.span,
        text!(
            "`{0}` must be a mapping; found a {1}",
            "`{0}` はマッピングである必要がありますが、{1} が指定されています",
            path,
            node.type_name()
        ),
    );
    false
}

fn missing(reader: &mut FieldReader<'_>, node: &Node, path: &str, expected: &Text) {
    reader.report(
        Code::ManifestMissingField,
        Span::empty(node.span.start),
        text!(
            "`{0}` is missing: expected {1}",
            "`{0}` がありません: {1} が必要です",
            path,
            expected
        ),
    );
}

/// A misspelt key would silently drop a goal or a hint, so keys are checked.
fn unknown_keys(reader: &mut FieldReader<'_>, node: &Node, known: &[&str], prefix: &str) {
    for entry in node.entries().unwrap_or_default() {
        let key = entry.key.as_str();
        if key.is_none_or(|k| !known.contains(&k)) {
            let shown = key.map_or_else(|| "?".to_owned(), ToOwned::to_owned);
            reader.report(
                Code::ManifestInvalidField,
                entry.key.span,
                text!(
                    "unknown field `{0}{1}`; expected one of {2}",
                    "不明なフィールド `{0}{1}` です。次のいずれかを指定してください: {2}",
                    prefix,
                    shown,
                    known.join(", ")
                ),
            );
        }
    }
}
