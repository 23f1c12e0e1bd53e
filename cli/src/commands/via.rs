//! `aksnet reach --via NS/SERVICE`: the flows that enter the cluster through a `NodePort` or
//! `LoadBalancer` Service, from each `--external` source to the Service's backends, as the engine
//! sees them (docs/cli.md, "Traffic from outside: `reach --via`").

use std::io::Write;
use std::path::PathBuf;

use aksnet_core::engine::via::{self, ViaFlow};
use aksnet_core::incomplete::{UnknownFlows, why_unknown};
use aksnet_core::{Cluster, Endpoint, Engine, FlowPort, Lang, Text, text};
use anyhow::{Result, bail};
use serde::Serialize;

use super::reach::{EndpointDetail, verdict};
use super::{Outcome, UnreadJson, analyze_quietly, warn_incomplete};
use crate::args::Format;
use crate::escape::visible;

/// The source without `--external`: every IPv4 address. A range's verdict holds for every
/// address in it (an `ipBlock` admits it only when it covers all of it), so "allowed" means any
/// client gets in (docs/decisions/0170-external-traffic.md).
pub const ANY_CLIENT: &str = "0.0.0.0/0";

pub struct Query<'a> {
    pub manifests: &'a [PathBuf],
    /// `namespace/name` of the Service.
    pub service: &'a str,
    /// Service ports; empty for all of them.
    pub ports: &'a [FlowPort],
    pub external: &'a [String],
    pub engine: Engine,
    pub format: Format,
    pub lang: Lang,
}

pub fn run(query: &Query<'_>) -> Result<Outcome> {
    let analysis = analyze_quietly(query.manifests, query.lang)?;
    let incomplete = warn_incomplete(&analysis.sources, &analysis, query.lang)?;
    let mut cluster = analysis.cluster;
    let addresses: Vec<&str> = if query.external.is_empty() {
        vec![ANY_CLIENT]
    } else {
        query.external.iter().map(String::as_str).collect()
    };
    let mut sources = Vec::with_capacity(addresses.len());
    for address in addresses {
        let Some(source) = outside(&mut cluster, address) else {
            bail!("--external {address}: not an IP address or CIDR");
        };
        if !sources.contains(&source) {
            sources.push(source);
        }
    }
    let ports: Vec<Option<FlowPort>> = if query.ports.is_empty() {
        vec![None]
    } else {
        query.ports.iter().copied().map(Some).collect()
    };
    let mut flows: Vec<ViaFlow> = Vec::new();
    for port in ports {
        match via::flows(&cluster, query.service, &sources, port, query.engine) {
            Ok(more) => flows.extend(more),
            Err(error) => bail!("--via {}: {}", query.service, error.text().get(query.lang)),
        }
    }
    let unknown = UnknownFlows::new(&analysis.incomplete, &cluster);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match query.format {
        Format::Json => write_json(&mut out, &cluster, query, &flows, &unknown, &incomplete)?,
        Format::Text => {
            let why = |flow: &ViaFlow| {
                unknown
                    .unknown(flow.source, flow.backend)
                    .then(|| {
                        why_unknown(
                            &analysis.incomplete,
                            &analysis.sources,
                            cluster.endpoints.get(flow.source)?,
                            cluster.endpoints.get(flow.backend)?,
                        )
                    })
                    .flatten()
            };
            write_text(&mut out, &cluster, query, &flows, why)?;
        }
    }
    out.flush()?;
    Ok(if incomplete.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Incomplete
    })
}

/// The endpoint outside the cluster for `address`: always an address of its own, even when a
/// pod or node holds it, since the client is outside.
fn outside(cluster: &mut Cluster, address: &str) -> Option<usize> {
    let endpoint = Endpoint::external(address)?;
    if let Some(index) = cluster
        .endpoints
        .iter()
        .position(|e| e.is_external() && e.representative.is_none() && e.id() == endpoint.id())
    {
        return Some(index);
    }
    cluster.endpoints.push(endpoint);
    Some(cluster.endpoints.len() - 1)
}

/// The JSON: reach's shape, `{"endpoints", "endpoint_details", "flows", "incomplete", "engine",
/// "cilium_version"?}`, with `"via"` saying which Service, and each flow gaining `"service_port"`
/// (the port the client connects to; `"port"` is the backend's) and `"explanation"` (the object
/// `aksnet explain --format json` writes). `"endpoints"` lists the flows' ends only: the sources,
/// then the backends.
#[derive(Serialize)]
struct ViaJson<'a> {
    endpoints: Vec<String>,
    endpoint_details: Vec<EndpointDetail<'a>>,
    via: ServiceJson<'a>,
    flows: Vec<FlowJson<'a>>,
    incomplete: &'a [UnreadJson],
    engine: Engine,
    #[serde(skip_serializing_if = "Option::is_none")]
    cilium_version: Option<&'static str>,
}

#[derive(Serialize)]
struct ServiceJson<'a> {
    service: &'a str,
    #[serde(rename = "type")]
    service_type: &'static str,
    external_traffic_policy: &'static str,
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
    service_port: u16,
    explanation: &'a aksnet_core::Explanation,
}

fn write_json(
    out: &mut impl Write,
    cluster: &Cluster,
    query: &Query<'_>,
    flows: &[ViaFlow],
    unknown: &UnknownFlows,
    incomplete: &[UnreadJson],
) -> Result<()> {
    let mut ends: Vec<usize> = flows.iter().map(|f| f.source).collect();
    ends.extend(flows.iter().map(|f| f.backend));
    let mut seen = Vec::new();
    ends.retain(|end| {
        let new = !seen.contains(end);
        seen.push(*end);
        new
    });
    let endpoints: Vec<&Endpoint> = ends
        .iter()
        .filter_map(|&i| cluster.endpoints.get(i))
        .collect();
    let service = cluster.service(query.service);
    let json = ViaJson {
        endpoints: endpoints.iter().map(|e| e.id()).collect(),
        endpoint_details: endpoints
            .iter()
            .map(|e| EndpointDetail::new(cluster, e))
            .collect(),
        via: ServiceJson {
            service: query.service,
            service_type: service.map_or("", |s| s.service_type.as_str()),
            external_traffic_policy: service
                .and_then(|s| s.external_traffic_policy)
                .map_or("", |p| p.as_str()),
        },
        flows: flows
            .iter()
            .map(|flow| {
                let allowed = (!unknown.unknown(flow.source, flow.backend))
                    .then_some(flow.explanation.allowed);
                FlowJson {
                    from: &flow.explanation.from,
                    to: &flow.explanation.to,
                    port: flow.explanation.port.port,
                    protocol: flow.explanation.port.protocol.as_str(),
                    allowed,
                    verdict: verdict(allowed),
                    service_port: flow.service_port.port,
                    explanation: &flow.explanation,
                }
            })
            .collect(),
        incomplete,
        engine: query.engine,
        cilium_version: match query.engine {
            Engine::Cilium(version) => Some(version.as_str()),
            _ => None,
        },
    };
    serde_json::to_writer_pretty(&mut *out, &json)?;
    writeln!(out)?;
    Ok(())
}

/// A heading for each Service port, then each flow's explanation, as `aksnet explain` writes it
/// (or why it is unknown).
fn write_text(
    out: &mut impl Write,
    cluster: &Cluster,
    query: &Query<'_>,
    flows: &[ViaFlow],
    why: impl Fn(&ViaFlow) -> Option<Text>,
) -> Result<()> {
    let lang = query.lang;
    let service = cluster.service(query.service);
    let service_type = service.map_or("", |s| s.service_type.as_str());
    let traffic_policy = service
        .and_then(|s| s.external_traffic_policy)
        .map_or("", |p| p.as_str());
    let escape = |text: &str| visible(text).into_owned();
    let mut heading_for = None;
    for flow in flows {
        if heading_for != Some(flow.service_port) {
            if heading_for.is_some() {
                writeln!(out)?;
            }
            heading_for = Some(flow.service_port);
            let heading = text!(
                "Service {0} on {1} ({2}, externalTrafficPolicy {3}), engine {4}:",
                "Service {0} の {1} ({2}、externalTrafficPolicy {3})、エンジン {4}:",
                visible(query.service),
                flow.service_port,
                service_type,
                traffic_policy,
                query.engine
            );
            writeln!(out, "{}", heading.get(lang))?;
        }
        let explanation = &flow.explanation;
        match why(flow) {
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
    Ok(())
}
