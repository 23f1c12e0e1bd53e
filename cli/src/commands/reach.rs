//! `aksnet reach`: the reachability matrix.

use std::io::Write;
use std::path::PathBuf;

use aksnet_core::{Cluster, FlowPort, Lang, Reachability, Text, text};
use anyhow::{Result, bail};
use serde::Serialize;

use super::{Outcome, analyze_quietly};
use crate::args::Format;

pub struct Query<'a> {
    pub manifests: &'a [PathBuf],
    pub ports: &'a [FlowPort],
    pub external: &'a [String],
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub format: Format,
    pub lang: Lang,
}

pub fn run(query: &Query<'_>) -> Result<Outcome> {
    let (_, analysis) = analyze_quietly(query.manifests, query.lang)?;
    let mut cluster = analysis.cluster;
    for address in query.external {
        if cluster.endpoint_or_external(address).is_none() {
            bail!("--external {address}: not an IP address or CIDR");
        }
    }
    let from = query
        .from
        .map(|id| endpoint(&mut cluster, id, "--from"))
        .transpose()?;
    let to = query
        .to
        .map(|id| endpoint(&mut cluster, id, "--to"))
        .transpose()?;
    let ports = if query.ports.is_empty() {
        vec![FlowPort::tcp(80)]
    } else {
        query.ports.to_vec()
    };
    let reach = Reachability::compute(&cluster, &ports);
    let rows: Vec<usize> = from.map_or_else(|| (0..cluster.endpoints.len()).collect(), |f| vec![f]);
    let columns: Vec<usize> =
        to.map_or_else(|| (0..cluster.endpoints.len()).collect(), |t| vec![t]);
    let mut out = std::io::stdout().lock();
    match query.format {
        Format::Json => {
            serde_json::to_writer_pretty(
                &mut out,
                &ReachJson::new(&cluster, &reach, &rows, &columns),
            )?;
            writeln!(out)?;
        }
        Format::Text => write_grid(&mut out, &cluster, &reach, &rows, &columns, query.lang)?,
    }
    Ok(Outcome::Clean)
}

fn endpoint(cluster: &mut Cluster, id: &str, flag: &str) -> Result<usize> {
    match cluster.endpoint_or_external(id) {
        Some(index) => Ok(index),
        None => {
            bail!("{flag} {id}: no pod or workload of that name, and not an IP address or CIDR")
        }
    }
}

/// The JSON contract: `{"endpoints": ["ns/name", ...], "flows": [{"from", "to", "port",
/// "protocol", "allowed"}]}`, one flow for every ordered pair of distinct endpoints and port.
#[derive(Serialize)]
struct ReachJson {
    endpoints: Vec<String>,
    flows: Vec<FlowJson>,
}

#[derive(Serialize)]
struct FlowJson {
    from: String,
    to: String,
    port: u16,
    protocol: &'static str,
    allowed: bool,
}

impl ReachJson {
    fn new(cluster: &Cluster, reach: &Reachability, rows: &[usize], columns: &[usize]) -> Self {
        let ids: Vec<String> = cluster
            .endpoints
            .iter()
            .map(aksnet_core::Endpoint::id)
            .collect();
        let mut flows = Vec::new();
        for &from in rows {
            for &to in columns {
                if from == to {
                    continue;
                }
                for (port_index, port) in reach.ports().iter().enumerate() {
                    flows.push(FlowJson {
                        from: ids.get(from).cloned().unwrap_or_default(),
                        to: ids.get(to).cloned().unwrap_or_default(),
                        port: port.port,
                        protocol: port.protocol.as_str(),
                        allowed: reach.allowed(from, to, port_index),
                    });
                }
            }
        }
        Self {
            endpoints: ids,
            flows,
        }
    }
}

/// One grid per port: rows are sources, columns destinations, numbered as in the legend.
fn write_grid(
    out: &mut impl Write,
    cluster: &Cluster,
    reach: &Reachability,
    rows: &[usize],
    columns: &[usize],
    lang: Lang,
) -> Result<()> {
    writeln!(
        out,
        "{}",
        Text::new("endpoints:", "エンドポイント:").get(lang)
    )?;
    let host_network = Text::new(
        "  (hostNetwork: policies do not isolate it)",
        "  (hostNetwork: ポリシーでは分離されません)",
    );
    for (index, endpoint) in cluster.endpoints.iter().enumerate() {
        let note = if endpoint.host_network {
            host_network.get(lang)
        } else {
            ""
        };
        writeln!(out, "  [{}] {}{note}", index + 1, endpoint.id())?;
    }
    let width = cluster.endpoints.len().to_string().len() + 2;
    for (port_index, port) in reach.ports().iter().enumerate() {
        let heading = text!(
            "\n{0}  (row reaches column: Y allowed, . blocked)",
            "\n{0}  (行から列への到達: Y 許可、. ブロック)",
            port
        );
        writeln!(out, "{}", heading.get(lang))?;
        write!(out, "{:>width$}", "")?;
        for &to in columns {
            write!(out, " {:>width$}", format!("[{}]", to + 1))?;
        }
        writeln!(out)?;
        for &from in rows {
            write!(out, "{:>width$}", format!("[{}]", from + 1))?;
            for &to in columns {
                let cell = if from == to {
                    "-"
                } else if reach.allowed(from, to, port_index) {
                    "Y"
                } else {
                    "."
                };
                write!(out, " {cell:>width$}")?;
            }
            writeln!(out)?;
        }
    }
    Ok(())
}
