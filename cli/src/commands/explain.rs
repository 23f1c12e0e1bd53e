//! `aksnet explain`: why one flow is allowed or blocked.

use std::io::Write;
use std::path::PathBuf;

use aksnet_core::{Explanation, FlowPort, Lang, explain, text};
use anyhow::{Context, Result, bail};

use super::{Outcome, analyze_quietly};
use crate::args::Format;
use crate::escape::visible;

pub fn run(
    paths: &[PathBuf],
    from: &str,
    to: &str,
    port: FlowPort,
    format: Format,
    lang: Lang,
) -> Result<Outcome> {
    let (_, analysis) = analyze_quietly(paths, lang)?;
    let mut cluster = analysis.cluster;
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
    let explanations: Vec<Explanation> = targets
        .iter()
        .filter_map(|&(target, port)| explain(&cluster, source, target, port))
        .collect();
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            let value = match explanations.as_slice() {
                [one] => serde_json::to_value(one)?,
                many => serde_json::to_value(many)?,
            };
            serde_json::to_writer_pretty(&mut out, &value)?;
            writeln!(out)?;
        }
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
            for explanation in &explanations {
                write!(out, "{}", explanation.escaped(escape, escape).text_in(lang))?;
            }
        }
    }
    Ok(Outcome::Clean)
}
