//! The NPM → Cilium migration check: which flows change verdict when a cluster moves from Azure
//! Network Policy Manager to Cilium, which policies make them change, and how to change those
//! policies, following Microsoft's guide
//! (<https://learn.microsoft.com/azure/aks/migrate-from-npm-to-cilium-network-policy>,
//! "Pre-migration validation"; docs/decisions/0190-npm-to-cilium-migration.md).
//!
//! [`check`] evaluates the matrix under both engines ([`Reachability::compute_for`], the same
//! predicates as every verdict) over the ports worth a matrix, on the input's cluster with the
//! representatives of its policies and the addresses and nodes it leaves out assumed
//! (`world.rs`). Each flow whose verdict changes is attributed to the policies and the guide's
//! scenarios that change it (`attribute.rs`); each scenario is a `migrate-*` code with its own
//! module, which words the finding and its fix.
//!
//! The work goes by class, as the engine's does: endpoints with the same class under both engines
//! have the same verdicts, so each pair of such classes is decided, attributed and counted once
//! per port, and only the flows the lists name are written out ([`MAX_FLOWS`] listed, a few
//! examples per finding).

mod attribute;
mod case;
mod cnp;
mod world;

mod egress_own_node;
mod endport;
mod ipblock_nodes;
mod ipblock_pods;
mod lb_ingress;
mod named_port;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::Analysis;
use crate::cluster::{Cluster, ExternalTrafficPolicy, FlowPort, TargetPort};
use crate::codes::Code;
use crate::engine::{CiliumVersion, Engine, Reachability, matrix_ports, semantics, via};
use crate::finding::Finding;
use crate::policy::{PolicySide, PortRef};
use crate::ports::Protocol;

use attribute::{Field, Hit};
use case::Case;

/// The most changed flows listed; the findings count every one.
pub const MAX_FLOWS: usize = 10_000;

/// What moving from one engine to another changes.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Migration {
    /// One `migrate-*` finding per policy, scenario and field at fault, located and sorted as the
    /// analysis's findings are (errors first, then file and position).
    pub findings: Vec<Finding>,
    /// The flows whose verdict differs between the two engines (at most [`MAX_FLOWS`]).
    pub flows: Vec<ChangedFlow>,
}

/// A flow whose verdict the move changes. Serialised as `{from, to, port, before, after, codes}`,
/// with `via` when the flow enters through a Service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChangedFlow {
    /// The source endpoint's id ([`crate::Endpoint::id`]).
    pub from: String,
    /// The destination endpoint's id.
    pub to: String,
    pub port: FlowPort,
    /// Whether the flow is allowed under the engine migrated from.
    pub before: bool,
    /// Whether it is allowed under the engine migrated to.
    pub after: bool,
    /// The `migrate-*` codes of the scenarios that change it (empty when no scenario of the
    /// guide explains it).
    pub codes: Vec<Code>,
    /// `namespace/name` of the `LoadBalancer` or `NodePort` Service the flow enters through, from
    /// an outside client to a backend pod.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
}

/// What the check is told beyond the engines.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// The outside sources expected to reach `LoadBalancer` and `NodePort` Services (addresses or
    /// ranges, as `--external` takes them); when empty, one client is assumed (203.0.113.10).
    pub external: Vec<String>,
}

/// What moving `analysis`'s cluster from engine `from` to engine `to` changes. Only the move the
/// guide describes (`Engine::Azure` to `Engine::Cilium`) has findings; any other pair gives the
/// changed flows alone.
pub fn check(analysis: &Analysis, from: Engine, to: Engine) -> Migration {
    check_with(analysis, from, to, &Options::default())
}

/// [`check`] with `options`.
pub fn check_with(analysis: &Analysis, from: Engine, to: Engine, options: &Options) -> Migration {
    check_by(analysis, (from, to), options, by_class)
}

/// The changed flows of `matrix`, by class ([`Matrix::changed`]).
fn by_class(matrix: &Matrix, changed: Changed) {
    matrix.changed(changed);
}

/// Where the changed flows of the matrix are written: the listed flows and the groups' tallies.
type Changed<'a> = (&'a mut Vec<ChangedFlow>, &'a mut BTreeMap<Group, Tally>);

/// [`check_with`], the matrix's changed flows found by `changed`.
fn check_by(
    analysis: &Analysis,
    (from, to): (Engine, Engine),
    options: &Options,
    changed: fn(&Matrix, Changed),
) -> Migration {
    let version = match (from, to) {
        (Engine::Azure, Engine::Cilium(version)) => Some(version),
        _ => None,
    };
    let world = world::build(&analysis.cluster, &options.external);
    let cluster = &world.cluster;
    let ports = ports_of(cluster);
    let before = Reachability::compute_for(cluster, &ports, from);
    let after = Reachability::compute_for(cluster, &ports, to);
    let ambiguous = attribute::ambiguous_names(cluster);
    let allowances = cnp::read(&analysis.manifests);
    let matrix = Matrix {
        world: &world,
        ports: &ports,
        before: &before,
        after: &after,
        version,
        allowances: &allowances,
        ambiguous: &ambiguous,
    };
    let mut flows = Vec::new();
    let mut groups: BTreeMap<Group, Tally> = BTreeMap::new();
    changed(&matrix, (&mut flows, &mut groups));
    through_services(
        &world,
        (from, to),
        version.is_some(),
        &mut flows,
        &mut groups,
    );
    let findings = findings(analysis, &world, &groups, &options.external);
    Migration { findings, flows }
}

/// The matrix under both engines, and what attributes its changed flows.
struct Matrix<'a> {
    world: &'a world::World,
    ports: &'a [FlowPort],
    before: &'a Reachability,
    after: &'a Reachability,
    /// The Cilium version migrated to, when the move is the one the guide describes.
    version: Option<CiliumVersion>,
    allowances: &'a [cnp::Allowance],
    ambiguous: &'a BTreeSet<(String, Protocol)>,
}

/// The attribution of the flows between two classes (under the engine migrated from) on a port,
/// by (source class, destination class, port index).
type Attributed = HashMap<(Option<usize>, Option<usize>, usize), Vec<Hit>>;

/// The endpoints grouped by their class under both engines (and, when `CiliumNetworkPolicies`
/// allow node entities, by their node): one verdict for every flow between two such classes.
struct Combined {
    /// The combined class of each endpoint, by endpoint index.
    class_of: Vec<usize>,
    /// The endpoints of each combined class, in order.
    members: Vec<Vec<usize>>,
    /// Those whose address is assumed.
    assumed_members: Vec<Vec<usize>>,
}

/// A verdict the move changes: before, after, and the policies and scenarios that change it.
struct Verdict {
    was: bool,
    is: bool,
    hits: Vec<Hit>,
}

impl Matrix<'_> {
    /// The changed flows between the cluster's endpoints, worked out once per pair of combined
    /// classes: endpoints with the same class under both engines (and, when `CiliumNetworkPolicies`
    /// allow node entities, the same node) have the same verdicts, so each pair of such classes
    /// is decided, attributed and counted once, and expanded to its endpoint pairs (in the order
    /// of the flows, port, source, destination) only while a list still wants them: the listed
    /// flows, a finding's examples, its endpoints with an assumed address.
    fn changed(&self, (flows, groups): Changed) {
        let Combined {
            class_of,
            members,
            assumed_members,
        } = self.combined();
        let mut attributed = Attributed::new();
        for (port_index, &port) in self.ports.iter().enumerate() {
            let (decided, rows) = self.decide(&members, port_index, &mut attributed, groups);
            // What each row of classes still wants, worked out again only once a flow is noted.
            let mut generation = 0usize;
            let mut wants: Vec<Option<(usize, Vec<Want>)>> = vec![None; members.len()];
            for (from, &a) in class_of.iter().enumerate() {
                let (Some(row), Some(cached)) = (rows.get(a), wants.get_mut(a)) else {
                    continue;
                };
                if row.is_empty() {
                    continue;
                }
                if cached.as_ref().is_none_or(|(g, _)| *g != generation) {
                    let list = row
                        .iter()
                        .map(|&d| {
                            decided
                                .get(d)
                                .map_or(Want::Nothing, |(_, v)| want(&v.hits, flows, groups))
                        })
                        .collect();
                    *cached = Some((generation, list));
                }
                let Some((_, row_wants)) = cached.as_ref() else {
                    continue;
                };
                let mut tos: Vec<(usize, usize)> = Vec::new();
                for (&d, &wanted) in row.iter().zip(row_wants) {
                    let Some((b, _)) = decided.get(d) else {
                        continue;
                    };
                    let (Some(all), Some(assumed)) = (members.get(*b), assumed_members.get(*b))
                    else {
                        continue;
                    };
                    match wanted {
                        Want::Nothing => {}
                        Want::Flows => tos.extend(all.iter().map(|&to| (to, d))),
                        Want::Assumed => {
                            if self.assumed(from)
                                && let Some(&to) = all.iter().find(|&&to| to != from)
                            {
                                tos.push((to, d));
                            }
                            tos.extend(assumed.iter().map(|&to| (to, d)));
                        }
                    }
                }
                tos.sort_unstable();
                tos.dedup();
                for (to, d) in tos {
                    if to == from {
                        continue;
                    }
                    if let Some((_, verdict)) = decided.get(d) {
                        self.note(from, to, port, verdict, 0, (&mut *flows, &mut *groups));
                        generation = generation.wrapping_add(1);
                    }
                }
            }
        }
    }

    /// The endpoints grouped by their classes under both engines.
    fn combined(&self) -> Combined {
        let endpoints = &self.world.cluster.endpoints;
        let mut ids = HashMap::new();
        let mut class_of = Vec::with_capacity(endpoints.len());
        let mut members: Vec<Vec<usize>> = Vec::new();
        let mut assumed_members: Vec<Vec<usize>> = Vec::new();
        for (index, endpoint) in endpoints.iter().enumerate() {
            let nodes = (!self.allowances.is_empty())
                .then(|| (endpoint.node.as_deref(), endpoint.host_of()));
            let key = (
                self.before.class_of(index),
                self.after.class_of(index),
                nodes,
            );
            let next = members.len();
            let class = *ids.entry(key).or_insert(next);
            if class == next {
                members.push(Vec::new());
                assumed_members.push(Vec::new());
            }
            if let Some(list) = members.get_mut(class) {
                list.push(index);
            }
            if self.assumed(index)
                && let Some(list) = assumed_members.get_mut(class)
            {
                list.push(index);
            }
            class_of.push(class);
        }
        Combined {
            class_of,
            members,
            assumed_members,
        }
    }

    /// The pairs of combined classes whose verdict changes on the port at `port_index`, each
    /// decided, attributed and counted once: the verdicts with their destination class, and for
    /// each source class the indices of its verdicts.
    fn decide(
        &self,
        members: &[Vec<usize>],
        port_index: usize,
        attributed: &mut Attributed,
        groups: &mut BTreeMap<Group, Tally>,
    ) -> (Vec<(usize, Verdict)>, Vec<Vec<usize>>) {
        // The pairs of classes whose verdict changes, by their first flow, as the flows are
        // ordered: the attribution of a pair of classes under `from` is the first flow's.
        let mut firsts = Vec::new();
        for (a, sources) in members.iter().enumerate() {
            let Some(&from) = sources.first() else {
                continue;
            };
            for (b, destinations) in members.iter().enumerate() {
                // An endpoint's flow to itself is none.
                let first = if a == b {
                    destinations.get(1)
                } else {
                    destinations.first()
                };
                if let Some(&to) = first
                    && self.before.allowed(from, to, port_index)
                        != self.after.allowed(from, to, port_index)
                {
                    firsts.push(((from, to), (a, b)));
                }
            }
        }
        firsts.sort_unstable();
        let mut decided: Vec<(usize, Verdict)> = Vec::new();
        let mut rows: Vec<Vec<usize>> = vec![Vec::new(); members.len()];
        for ((from, to), (a, b)) in firsts {
            let Some(verdict) = self.verdict(from, to, port_index, attributed) else {
                continue;
            };
            let size = |class: usize| members.get(class).map_or(0, Vec::len);
            let pairs = if a == b {
                size(a).saturating_mul(size(a).saturating_sub(1))
            } else {
                size(a).saturating_mul(size(b))
            };
            for hit in &verdict.hits {
                let tally = groups.entry(Group::of(hit)).or_default();
                tally.count = tally.count.saturating_add(pairs);
            }
            if let Some(row) = rows.get_mut(a) {
                row.push(decided.len());
            }
            decided.push((b, verdict));
        }
        (decided, rows)
    }

    /// Whether the move changes the flows from `from_index` to `to_index` on the port at
    /// `port_index`, and what changes them; `None` when it does not.
    fn verdict(
        &self,
        from_index: usize,
        to_index: usize,
        port_index: usize,
        attributed: &mut Attributed,
    ) -> Option<Verdict> {
        let cluster = &self.world.cluster;
        let source = cluster.endpoints.get(from_index)?;
        let destination = cluster.endpoints.get(to_index)?;
        let port = *self.ports.get(port_index)?;
        if from_index == to_index || (source.is_external() && destination.is_external()) {
            return None;
        }
        let was = self.before.allowed(from_index, to_index, port_index);
        let mut is = self.after.allowed(from_index, to_index, port_index);
        if was == is {
            return None;
        }
        let mut hits = Vec::new();
        if let Some(version) = self.version {
            if cnp::allows(self.allowances, source, destination) {
                is = true;
                if was == is {
                    return None;
                }
            }
            if was && !is {
                // Endpoints of one class have the same rules, peers, ports and node: their
                // flows are attributed alike.
                let key = (
                    self.before.class_of(from_index),
                    self.before.class_of(to_index),
                    port_index,
                );
                hits.clone_from(attributed.entry(key).or_insert_with(|| {
                    attribute::blocked_flow(
                        cluster,
                        from_index,
                        to_index,
                        port,
                        version,
                        self.ambiguous,
                    )
                }));
            }
        }
        Some(Verdict { was, is, hits })
    }

    /// Whether endpoint `index`'s address is assumed.
    fn assumed(&self, index: usize) -> bool {
        self.world
            .assumed_addresses
            .get(index)
            .copied()
            .unwrap_or(false)
    }

    /// Writes down the changed flow `from_index` → `to_index` on `port`: listed while there are
    /// fewer than [`MAX_FLOWS`], named by its findings while they have room, counted `count`
    /// times.
    fn note(
        &self,
        from_index: usize,
        to_index: usize,
        port: FlowPort,
        verdict: &Verdict,
        count: usize,
        (flows, groups): Changed,
    ) {
        let endpoints = &self.world.cluster.endpoints;
        let (Some(source), Some(destination)) =
            (endpoints.get(from_index), endpoints.get(to_index))
        else {
            return;
        };
        let hits = &verdict.hits;
        let assumed: Vec<String> = [(from_index, source), (to_index, destination)]
            .into_iter()
            .filter(|&(i, _)| self.assumed(i))
            .map(|(_, endpoint)| endpoint.id())
            .collect();
        // The flow is written out only while it is listed or named by a finding.
        let wanted = want(hits, flows, groups) == Want::Flows;
        let flow = wanted.then(|| ChangedFlow {
            from: source.id(),
            to: destination.id(),
            port,
            before: verdict.was,
            after: verdict.is,
            codes: codes_of(hits),
            via: None,
        });
        record(groups, hits, flow.as_ref(), &assumed, None, count);
        if let Some(flow) = flow
            && flows.len() < MAX_FLOWS
        {
            flows.push(flow);
        }
    }
}

/// What the lists still want of a changed flow with `hits`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Want {
    /// The flow itself: the flows listed, or a finding's examples, have room.
    Flows,
    /// Its endpoints whose address is assumed: a finding names fewer than it can.
    Assumed,
    Nothing,
}

fn want(hits: &[Hit], flows: &[ChangedFlow], groups: &BTreeMap<Group, Tally>) -> Want {
    let short = |full: fn(&Tally) -> bool| {
        hits.iter()
            .any(|hit| groups.get(&Group::of(hit)).is_none_or(|t| !full(t)))
    };
    if flows.len() < MAX_FLOWS || short(|t| t.examples.len() >= case::EXAMPLES) {
        Want::Flows
    } else if short(|t| t.assumed_pods.len() >= case::EXAMPLES) {
        Want::Assumed
    } else {
        Want::Nothing
    }
}

/// The policy, scenario and field a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Group {
    policy: usize,
    code: Code,
    side: PolicySide,
    rule: usize,
    field: Field,
}

impl Group {
    fn of(hit: &Hit) -> Group {
        Group {
            policy: hit.policy,
            code: hit.code,
            side: hit.side,
            rule: hit.rule,
            field: hit.field,
        }
    }
}

/// The flows a group changes.
#[derive(Default)]
struct Tally {
    examples: Vec<ChangedFlow>,
    count: usize,
    /// The first few endpoints of its flows whose address is assumed.
    assumed_pods: Vec<String>,
    services: Vec<usize>,
}

fn codes_of(hits: &[Hit]) -> Vec<Code> {
    let mut codes: Vec<Code> = hits.iter().map(|h| h.code).collect();
    codes.sort();
    codes.dedup();
    codes
}

fn record(
    groups: &mut BTreeMap<Group, Tally>,
    hits: &[Hit],
    flow: Option<&ChangedFlow>,
    assumed: &[String],
    service: Option<usize>,
    count: usize,
) {
    for hit in hits {
        let tally = groups.entry(Group::of(hit)).or_default();
        tally.count = tally.count.saturating_add(count);
        for id in assumed {
            if tally.assumed_pods.len() < case::EXAMPLES && !tally.assumed_pods.contains(id) {
                tally.assumed_pods.push(id.clone());
            }
        }
        if let Some(flow) = flow
            && tally.examples.len() < case::EXAMPLES
            && !tally.examples.contains(flow)
        {
            tally.examples.push(flow.clone());
        }
        if let Some(service) = service
            && !tally.services.contains(&service)
        {
            tally.services.push(service);
        }
    }
}

/// The ports worth a matrix ([`matrix_ports`]), and the ones the policies and Services name: a
/// policy port, the first port its `endPort` adds, and each Service's target ports.
fn ports_of(cluster: &Cluster) -> Vec<FlowPort> {
    let mut ports = matrix_ports(cluster, FlowPort::tcp(80));
    for policy in cluster.policies.iter().filter(|p| !p.rejected) {
        for rule in policy.ingress.iter().chain(&policy.egress) {
            for port in rule.ports.iter().flatten() {
                if let Some(PortRef::Number(start)) = port.port {
                    ports.push(FlowPort {
                        port: start,
                        protocol: port.protocol,
                    });
                    if let Some(end) = port.end_port.filter(|&end| end > start) {
                        ports.push(FlowPort {
                            port: start.saturating_add(1),
                            protocol: port.protocol,
                        });
                        ports.push(FlowPort {
                            port: end,
                            protocol: port.protocol,
                        });
                    }
                }
            }
        }
    }
    for service in &cluster.services {
        for port in &service.ports {
            if let TargetPort::Number(number) = port.target {
                ports.push(FlowPort {
                    port: number,
                    protocol: port.protocol,
                });
            }
        }
    }
    ports.sort();
    ports.dedup();
    ports
}

/// The flows from outside clients (`--external`, or an assumed one) through `LoadBalancer` and
/// `NodePort` Services to their backends, under each engine as [`crate::engine::via`] evaluates
/// them: with `externalTrafficPolicy: Cluster` NPM does not apply ingress policy to them (the
/// guide, "Ingress policy behavior changes") and Cilium does. A flow NPM allows and Cilium blocks
/// is attributed to the policies isolating the backend for ingress (`migrate-lb-ingress`).
fn through_services(
    world: &world::World,
    (from, to): (Engine, Engine),
    guided: bool,
    flows: &mut Vec<ChangedFlow>,
    groups: &mut BTreeMap<Group, Tally>,
) {
    let cluster = &world.cluster;
    let mut seen = std::collections::BTreeSet::new();
    for (service_index, service) in cluster.services.iter().enumerate() {
        if !service.service_type.is_external() {
            continue;
        }
        let id = format!("{}/{}", service.namespace, service.name);
        let (Ok(before), Ok(after)) = (
            via::flows(cluster, &id, &world.clients, None, from),
            via::flows(cluster, &id, &world.clients, None, to),
        ) else {
            continue;
        };
        for (was, is) in before.iter().zip(&after) {
            let (was_allowed, is_allowed) = (was.explanation.allowed, is.explanation.allowed);
            if was_allowed == is_allowed
                || !seen.insert((is.source, is.backend, is.explanation.port))
            {
                continue;
            }
            let (Some(source), Some(backend)) = (
                cluster.endpoints.get(is.source),
                cluster.endpoints.get(is.backend),
            ) else {
                continue;
            };
            let hits: Vec<Hit> = if guided
                && was_allowed
                && service.external_traffic_policy == Some(ExternalTrafficPolicy::Cluster)
            {
                cluster
                    .policies
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| semantics::isolates(p, backend, PolicySide::Ingress))
                    .map(|(policy, _)| Hit {
                        policy,
                        code: Code::MigrateLbIngress,
                        side: PolicySide::Ingress,
                        rule: 0,
                        field: Field::Side,
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let flow = ChangedFlow {
                from: source.id(),
                to: backend.id(),
                port: is.explanation.port,
                before: was_allowed,
                after: is_allowed,
                codes: codes_of(&hits),
                via: Some(id.clone()),
            };
            record(groups, &hits, Some(&flow), &[], Some(service_index), 1);
            if flows.len() < MAX_FLOWS {
                flows.push(flow);
            }
        }
    }
}

/// One finding per group, worded by its code's module, located and sorted.
fn findings(
    analysis: &Analysis,
    world: &world::World,
    groups: &BTreeMap<Group, Tally>,
    external: &[String],
) -> Vec<Finding> {
    let cluster = &world.cluster;
    let mut out = Vec::new();
    for (group, tally) in groups {
        let Some(policy) = cluster.policies.get(group.policy) else {
            continue;
        };
        let Some(manifest) = analysis
            .manifests
            .iter()
            .find(|m| m.file == policy.file && m.span() == policy.span)
        else {
            continue;
        };
        let Some(source) = analysis.sources.get(policy.file) else {
            continue;
        };
        let case = Case {
            policy,
            manifest,
            text: &source.text,
            side: group.side,
            rule: group.rule,
            field: group.field,
            examples: tally.examples.clone(),
            count: tally.count,
            assumed_pods: tally.assumed_pods.clone(),
            assumed_nodes: world.assumed_nodes,
            services: tally
                .services
                .iter()
                .filter_map(|&i| cluster.services.get(i))
                .collect(),
            external,
        };
        let finding = match group.code {
            Code::MigrateEndport => endport::finding(&case),
            Code::MigrateIpblockPods => ipblock_pods::finding(&case, cluster),
            Code::MigrateIpblockNodes => ipblock_nodes::finding(&case),
            Code::MigrateNamedPort => named_port::finding(&case, cluster),
            Code::MigrateEgressOwnNode => egress_own_node::finding(&case),
            Code::MigrateLbIngress => lb_ingress::finding(&case),
            _ => continue,
        };
        let mut finding = finding.with_object(Some(manifest.object_ref()));
        // Fixes are written in YAML syntax: JSON sources get their findings without fixes.
        if source.text.trim_start().starts_with(['{', '[']) {
            finding.fix = None;
        }
        let index = crate::span::LineIndex::new(&source.text);
        finding.locate(&source.name, &source.text, &index);
        out.push(finding);
    }
    out.sort_by_key(|f| (f.severity, f.file, f.span.start, f.code));
    out
}
