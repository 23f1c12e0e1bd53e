//! `aksnet reach`: the reachability matrix.

use std::io::Write;
use std::path::PathBuf;

use aksnet_core::{Cluster, Engine, FlowPort, Lang, Reachability, Text, text};
use anyhow::{Result, bail};
use serde::Serialize;

use aksnet_core::incomplete::UnknownFlows;

use super::{Outcome, UnreadJson, analyze_quietly, warn_incomplete};
use crate::args::Format;
use crate::escape::visible;

pub struct Query<'a> {
    pub manifests: &'a [PathBuf],
    pub ports: &'a [FlowPort],
    pub external: &'a [String],
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    /// Add the representatives derived from the policies' selectors.
    pub representatives: bool,
    /// The engine whose enforcement the matrix shows.
    pub engine: Engine,
    pub format: Format,
    pub lang: Lang,
}

pub fn run(query: &Query<'_>) -> Result<Outcome> {
    let analysis = analyze_quietly(query.manifests, query.lang)?;
    let incomplete = warn_incomplete(&analysis.sources, &analysis, query.lang)?;
    let mut cluster = analysis.cluster;
    if query.representatives {
        let added = aksnet_core::engine::add_representatives(&mut cluster);
        if added.capped {
            let note = text!(
                "note: only the first {0} representatives are shown",
                "注意: 代表エンドポイントは最初の {0} 個のみ表示します",
                added.count
            );
            eprintln!("{}", note.get(query.lang));
        }
    }
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
    let reach = Reachability::compute_for(&cluster, &ports, query.engine);
    // After --from, --to and --external: the endpoints they add are in the cluster.
    let unknown = UnknownFlows::new(&analysis.incomplete, &cluster);
    let rows: Vec<usize> = from.map_or_else(|| (0..cluster.endpoints.len()).collect(), |f| vec![f]);
    let columns: Vec<usize> =
        to.map_or_else(|| (0..cluster.endpoints.len()).collect(), |t| vec![t]);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match query.format {
        Format::Json => {
            let ids: Vec<String> = cluster
                .endpoints
                .iter()
                .map(aksnet_core::Endpoint::id)
                .collect();
            let details: Vec<EndpointDetail<'_>> = cluster
                .endpoints
                .iter()
                .map(|e| EndpointDetail::new(&cluster, e))
                .collect();
            let json = ReachJson {
                endpoints: &ids,
                endpoint_details: &details,
                flows: Flows {
                    ids: &ids,
                    reach: &reach,
                    rows: &rows,
                    columns: &columns,
                    unknown: &unknown,
                },
                incomplete: &incomplete,
                engine: query.engine,
                cilium_version: match query.engine {
                    Engine::Cilium(version) => Some(version.as_str()),
                    _ => None,
                },
            };
            serde_json::to_writer_pretty(&mut out, &json)?;
            writeln!(out)?;
        }
        Format::Text => {
            write_engine(&mut out, query.engine, query.lang)?;
            write_grid(
                &mut out,
                &cluster,
                (&reach, &unknown),
                &rows,
                &columns,
                query.lang,
            )?;
        }
    }
    out.flush()?;
    Ok(if incomplete.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Incomplete
    })
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
/// "protocol", "allowed", "verdict"}], "incomplete": [{"file", "line", "message"}]}`, one flow
/// for every ordered pair of distinct endpoints and port. `verdict` is `allowed`, `denied` or
/// `unknown`; an unknown flow (one a document that could not be read could change) has `allowed`
/// null. `incomplete` lists those documents, and is empty when the answer is complete.
/// The flows are serialized one by one as they are produced: their number grows with the square
/// of the endpoints, so a list of them would take memory without bound.
#[derive(Serialize)]
struct ReachJson<'a> {
    endpoints: &'a [String],
    endpoint_details: &'a [EndpointDetail<'a>],
    flows: Flows<'a>,
    incomplete: &'a [UnreadJson],
    /// The engine the verdicts are for, by name (`spec` unless `--engine` says otherwise).
    engine: Engine,
    /// The Cilium release, with `--engine cilium` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    cilium_version: Option<&'static str>,
}

/// What each endpoint is, in the order of `endpoints`: `kind` is `pod`, `workload`, `external`, `node`
/// or `representative`; a representative's `namespace` is `null` when only its namespace's
/// labels are known.
#[derive(Serialize)]
pub(super) struct EndpointDetail<'a> {
    name: String,
    kind: &'static str,
    namespace: Option<&'a str>,
    labels: &'a aksnet_core::Labels,
    namespace_labels: Option<&'a aksnet_core::Labels>,
    /// In English, as the JSON's other texts.
    description: String,
}

impl<'a> EndpointDetail<'a> {
    pub(super) fn new(cluster: &'a Cluster, endpoint: &'a aksnet_core::Endpoint) -> Self {
        Self {
            name: endpoint.id(),
            kind: endpoint.kind_name(),
            namespace: endpoint.namespace.as_deref(),
            labels: &endpoint.labels,
            namespace_labels: cluster.labels_of_namespace(endpoint),
            description: aksnet_core::describe::endpoint(endpoint).en,
        }
    }
}

struct Flows<'a> {
    ids: &'a [String],
    reach: &'a Reachability,
    rows: &'a [usize],
    columns: &'a [usize],
    unknown: &'a UnknownFlows,
}

#[derive(Serialize)]
struct FlowJson<'a> {
    from: &'a str,
    to: &'a str,
    port: u16,
    protocol: &'static str,
    /// `None` (null) when the flow is unknown.
    allowed: Option<bool>,
    verdict: &'static str,
}

/// A flow's verdict as the JSON names it.
pub(super) fn verdict(allowed: Option<bool>) -> &'static str {
    match allowed {
        Some(true) => "allowed",
        Some(false) => "denied",
        None => "unknown",
    }
}

impl Serialize for Flows<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let id = |index: usize| self.ids.get(index).map_or("", String::as_str);
        let flows = self.rows.iter().flat_map(|&from| {
            self.columns
                .iter()
                .filter(move |&&to| to != from)
                .flat_map(move |&to| {
                    self.reach
                        .ports()
                        .iter()
                        .enumerate()
                        .map(move |(port_index, port)| {
                            let allowed = (!self.unknown.unknown(from, to))
                                .then(|| self.reach.allowed(from, to, port_index));
                            FlowJson {
                                from: id(from),
                                to: id(to),
                                port: port.port,
                                protocol: port.protocol.as_str(),
                                allowed,
                                verdict: verdict(allowed),
                            }
                        })
                })
        });
        serializer.collect_seq(flows)
    }
}

/// Under an engine other than the specification, the grid says so first.
fn write_engine(out: &mut impl Write, engine: Engine, lang: Lang) -> Result<()> {
    let line = match engine {
        Engine::Spec => return Ok(()),
        Engine::None => Text::new(
            "engine: none (the policies are stored but not enforced: every flow is allowed)",
            "エンジン: none (ポリシーは保存されていますが適用されず、すべてのフローが許可されます)",
        ),
        other => text!(
            "engine: {0} (its verdicts, where they differ from the specification: docs/netpol-semantics.md)",
            "エンジン: {0} (仕様と異なる点はこのエンジンの判定です: docs/netpol-semantics.md)",
            other.to_string()
        ),
    };
    writeln!(out, "{}", line.get(lang))?;
    Ok(())
}

/// One grid per port: rows are sources, columns destinations, numbered as in the legend.
fn write_grid(
    out: &mut impl Write,
    cluster: &Cluster,
    (reach, unknown): (&Reachability, &UnknownFlows),
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
        writeln!(out, "  [{}] {}{note}", index + 1, visible(&endpoint.id()))?;
        if let Some(representative) = &endpoint.representative {
            writeln!(
                out,
                "      {}",
                visible(representative.description.get(lang))
            )?;
        }
    }
    let width = cluster.endpoints.len().to_string().len() + 2;
    for (port_index, port) in reach.ports().iter().enumerate() {
        let heading = text!(
            "\n{0}  (row reaches column: Y allowed, . blocked)",
            "\n{0}  (行から列への到達: Y 許可、. ブロック)",
            port
        );
        writeln!(out, "{}", heading.get(lang))?;
        if unknown.any() {
            let legend = Text::new(
                "  (? unknown: a document that could not be read could change it)",
                "  (? 不明: 読み取れなかったドキュメントが変える可能性があります)",
            );
            writeln!(out, "{}", legend.get(lang))?;
        }
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
                } else if unknown.unknown(from, to) {
                    "?"
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
