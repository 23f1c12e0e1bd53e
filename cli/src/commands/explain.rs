//! `aksnet explain`: why one flow is allowed or blocked.

use std::io::Write;
use std::path::PathBuf;

use aksnet_core::{Engine, Explanation, FlowPort, Lang, explain_for, text};
use anyhow::{Context, Result, bail};

use aksnet_core::incomplete::{UnknownFlows, why_unknown};

use super::{Outcome, analyze_quietly, warn_incomplete};
use crate::args::Format;
use crate::escape::visible;

pub fn run(
    paths: &[PathBuf],
    from: &str,
    to: &str,
    port: FlowPort,
    engine: Engine,
    format: Format,
    lang: Lang,
) -> Result<Outcome> {
    let analysis = analyze_quietly(paths, lang)?;
    let sources = &analysis.sources;
    let incomplete = warn_incomplete(sources, &analysis, lang)?;
    let mut cluster = analysis.cluster;
    // `reach --representatives` names the endpoints it derives from the policies with a `~`,
    // which no Kubernetes name holds: explaining one of them derives them the same way.
    if [from, to].iter().any(|id| id.contains('~')) {
        aksnet_core::engine::add_representatives(&mut cluster);
    }
    let source = cluster.endpoint_or_external(from).with_context(|| {
        format!("--from {from}: no pod or workload of that name, and not an IP address")
    })?;
    // A Service is explained through the endpoints it sends traffic to, on their target ports.
    let Some(flow) = cluster.flow_targets(to, port) else {
        bail!("--to {to}: no pod, workload or Service of that name, and not an IP address")
    };
    if flow.service && flow.targets.is_empty() {
        bail!("--to {to}: the Service selects no pod or workload here, or has no port {port}")
    }
    let targets = flow.targets;
    let unknown = UnknownFlows::new(&analysis.incomplete, &cluster);
    // Each explanation with why its flow is unknown, when a document that could not be read
    // could change it.
    let explanations: Vec<(Explanation, Option<aksnet_core::Text>)> = targets
        .iter()
        .filter_map(|&(target, port)| {
            let explanation = explain_for(&cluster, source, target, port, engine)?;
            let why = unknown
                .unknown(source, target)
                .then(|| {
                    why_unknown(
                        &analysis.incomplete,
                        sources,
                        cluster.endpoints.get(source)?,
                        cluster.endpoints.get(target)?,
                    )
                })
                .flatten();
            Some((explanation, why))
        })
        .collect();
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => write_json(&mut out, &explanations, &incomplete, engine)?,
        Format::Text => {
            if flow.service {
                let heading = text!(
                    "Service {0} {1} sends traffic to {2} endpoint(s):",
                    "Service {0} {1} は {2} 個のエンドポイントにトラフィックを送信します:",
                    visible(to),
                    port,
                    explanations.len()
                );
                writeln!(out, "{}", heading.get(lang))?;
            }
            let escape = |text: &str| visible(text).into_owned();
            for (explanation, why) in &explanations {
                match why {
                    // Never a verdict for a flow an unread document could change.
                    Some(why) => {
                        let line = text!(
                            "{0} → {1} on {2}: {3}",
                            "{0} → {1} ({2}): {3}",
                            visible(&explanation.from),
                            visible(&explanation.to),
                            explanation.port,
                            visible(why.get(lang))
                        );
                        writeln!(out, "{}", line.get(lang))?;
                    }
                    None => write!(out, "{}", explanation.escaped(escape, escape).text_in(lang))?,
                }
            }
        }
    }
    Ok(if incomplete.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Incomplete
    })
}

/// Each explanation gains `verdict` (`allowed`, `denied` or `unknown`; `allowed` is null when
/// unknown), `incomplete`, the documents that could not be read, and with Cilium its release.
fn write_json(
    out: &mut impl Write,
    explanations: &[(Explanation, Option<aksnet_core::Text>)],
    incomplete: &[super::UnreadJson],
    engine: Engine,
) -> Result<()> {
    let mut values = Vec::new();
    for (explanation, why) in explanations {
        let mut value = serde_json::to_value(explanation)?;
        if let Some(object) = value.as_object_mut() {
            let verdict = match (why, explanation.allowed) {
                (Some(_), _) => "unknown",
                (None, true) => "allowed",
                (None, false) => "denied",
            };
            if let Some(why) = why {
                object.insert("allowed".into(), serde_json::Value::Null);
                object.insert("unknown".into(), why.en.clone().into());
            }
            object.insert("verdict".into(), verdict.into());
            if let Engine::Cilium(version) = engine {
                object.insert("cilium_version".into(), version.as_str().into());
            }
            object.insert("incomplete".into(), serde_json::to_value(incomplete)?);
        }
        values.push(value);
    }
    let value = match values.as_slice() {
        [one] => one.clone(),
        _ => serde_json::Value::Array(values),
    };
    serde_json::to_writer_pretty(&mut *out, &value)?;
    writeln!(out)?;
    Ok(())
}
