//! The cluster as NetworkPolicy sees it: namespaces with labels, endpoints (pods, workloads and
//! addresses outside the cluster) with labels, named ports and addresses, and the policies.

use std::collections::BTreeMap;
use std::net::IpAddr;

use ipnet::IpNet;

use crate::fields::FieldReader;
use crate::finding::Finding;
use crate::labels::Labels;
use crate::manifest::{Kind, Manifest};
use crate::policy::Policy;
use crate::ports::read_protocol;
pub use crate::ports::{FlowPort, Protocol};
use crate::rules::manifest::invalid_field;
use crate::rules::manifest::missing_field;
use crate::rules::yaml::limit;
use crate::span::Span;
use crate::yaml::{Node, Value};

/// The most endpoints (pods and workloads) one analysis reads, counting what aliases expand to.
/// The largest real input, a 20 MB `kubectl get -A -o yaml` dump, holds 13,000 pods; past the
/// bound, 32 KB of aliased pods could otherwise claim every flow between 40,000 of them
/// (docs/limits.md).
pub const MAX_ENDPOINTS: usize = 20_000;

/// The label every namespace carries with its own name (Kubernetes 1.21 and later).
pub const NAMESPACE_NAME_LABEL: &str = "kubernetes.io/metadata.name";

/// The label a node carries with its operating system, and pods select Windows nodes by.
pub const OS_LABEL: &str = "kubernetes.io/os";

/// A port a container declares; named ones are what named policy ports resolve against.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ContainerPort {
    pub name: Option<String>,
    pub port: u16,
    pub protocol: Protocol,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EndpointKind {
    Pod,
    /// One endpoint stands for every pod of a workload: they share the template's labels.
    Workload(Kind),
    /// An address or range outside the cluster.
    External,
    /// A node of the cluster, by its addresses (`status.addresses`).
    Node,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Endpoint {
    /// `None` for addresses outside the cluster.
    pub namespace: Option<String>,
    pub name: String,
    pub kind: EndpointKind,
    pub labels: Labels,
    pub ports: Vec<ContainerPort>,
    /// Pod IPs (host-length prefixes) or the external range.
    pub addresses: Vec<IpNet>,
    pub host_network: bool,
    /// Scheduled on Windows nodes (`nodeSelector` `kubernetes.io/os: windows`, or a node with the
    /// label `kubernetes.io/os: windows`).
    pub windows: bool,
    /// The node a pod runs on (`spec.nodeName`), or a node's own name: what tells a pod's own
    /// node from the others.
    pub node: Option<String>,
    pub file: usize,
    pub span: Span,
    /// Set for endpoints derived from the policies' selectors rather than read from the input
    /// (see [`crate::engine::representatives`]).
    pub representative: Option<Box<Representative>>,
}

/// What a representative endpoint stands for.
#[derive(Clone, Debug, PartialEq)]
pub struct Representative {
    /// The labels of its namespace when the input names no such namespace: the endpoint's
    /// `namespace` is then `None` and only these labels are known.
    pub namespace_labels: Option<Labels>,
    /// What it stands for and why it is there, in words.
    pub description: crate::text::Text,
}

impl Endpoint {
    /// An endpoint with nothing known of it but what it is and its name: no labels, ports,
    /// addresses or node, read from no file. The readers and the stand-ins fill in the rest.
    pub fn new(kind: EndpointKind, namespace: Option<String>, name: String) -> Endpoint {
        Endpoint {
            namespace,
            name,
            kind,
            labels: Labels::new(),
            ports: Vec::new(),
            addresses: Vec::new(),
            host_network: false,
            windows: false,
            node: None,
            file: 0,
            span: Span::default(),
            representative: None,
        }
    }

    /// `namespace/name` for pods and workloads, the address as written for external endpoints.
    pub fn id(&self) -> String {
        match &self.namespace {
            Some(ns) => format!("{ns}/{}", self.name),
            None => self.name.clone(),
        }
    }

    pub fn is_external(&self) -> bool {
        self.kind == EndpointKind::External
    }

    /// An endpoint outside the cluster, from an address or range such as `203.0.113.0/24`.
    pub fn external(text: &str) -> Option<Endpoint> {
        let text = text.trim();
        let range = text
            .parse::<IpNet>()
            .ok()
            .or_else(|| text.parse::<IpAddr>().ok().map(IpNet::from))?;
        Some(Endpoint {
            addresses: vec![range.trunc()],
            ..Endpoint::new(EndpointKind::External, None, text.to_owned())
        })
    }

    pub fn is_node(&self) -> bool {
        self.kind == EndpointKind::Node
    }

    /// The node whose address the endpoint's traffic carries: a node's own name, or the node of
    /// a hostNetwork pod.
    pub fn host_of(&self) -> Option<&str> {
        (self.is_node() || self.host_network)
            .then_some(self.node.as_deref())
            .flatten()
    }

    /// What the endpoint is, as the JSON and the page name it: `pod`, `workload`, `external`,
    /// `node` or `representative`.
    pub fn kind_name(&self) -> &'static str {
        match (&self.representative, self.kind) {
            (Some(_), _) => "representative",
            (None, EndpointKind::Pod) => "pod",
            (None, EndpointKind::Workload(_)) => "workload",
            (None, EndpointKind::External) => "external",
            (None, EndpointKind::Node) => "node",
        }
    }
}

/// The endpoints a flow arrives at, from [`Cluster::flow_targets`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlowTargets {
    /// The destination was a Service; `targets` is empty when it selects no endpoint here or
    /// has no such port.
    pub service: bool,
    /// Endpoint indexes and the port each receives the flow on.
    pub targets: Vec<(usize, FlowPort)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Namespace {
    pub name: String,
    pub labels: Labels,
    /// False for namespaces that objects name but the input does not declare.
    pub declared: bool,
}

/// A Service: what lets flows be named by service and port.
#[derive(Clone, Debug, PartialEq)]
pub struct Service {
    pub namespace: String,
    pub name: String,
    /// `None` for a Service without a selector (its endpoints are managed by hand).
    pub selector: Option<Labels>,
    pub ports: Vec<ServicePort>,
    /// `spec.type`.
    pub service_type: ServiceType,
    /// `spec.externalTrafficPolicy` for `NodePort` and `LoadBalancer` Services (`Cluster` when not
    /// written); `None` for the other types.
    pub external_traffic_policy: Option<ExternalTrafficPolicy>,
    pub file: usize,
    pub span: Span,
}

/// `spec.type` of a Service.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ServiceType {
    #[default]
    ClusterIp,
    NodePort,
    LoadBalancer,
    ExternalName,
}

impl ServiceType {
    fn parse(text: &str) -> Option<ServiceType> {
        match text {
            "ClusterIP" => Some(ServiceType::ClusterIp),
            "NodePort" => Some(ServiceType::NodePort),
            "LoadBalancer" => Some(ServiceType::LoadBalancer),
            "ExternalName" => Some(ServiceType::ExternalName),
            _ => None,
        }
    }

    /// Whether clients outside the cluster reach the Service through the nodes.
    pub const fn is_external(self) -> bool {
        matches!(self, ServiceType::NodePort | ServiceType::LoadBalancer)
    }

    /// `spec.type` as Kubernetes spells it.
    pub const fn as_str(self) -> &'static str {
        match self {
            ServiceType::ClusterIp => "ClusterIP",
            ServiceType::NodePort => "NodePort",
            ServiceType::LoadBalancer => "LoadBalancer",
            ServiceType::ExternalName => "ExternalName",
        }
    }
}

/// `spec.externalTrafficPolicy`: `Cluster` sends outside traffic to any node's backends and
/// replaces the client's address with a node's (source NAT); `Local` keeps the client's address
/// and uses only the receiving node's backends
/// (<https://kubernetes.io/docs/reference/networking/virtual-ips/#external-traffic-policy>).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ExternalTrafficPolicy {
    #[default]
    Cluster,
    Local,
}

impl ExternalTrafficPolicy {
    /// `spec.externalTrafficPolicy` as Kubernetes spells it.
    pub const fn as_str(self) -> &'static str {
        match self {
            ExternalTrafficPolicy::Cluster => "Cluster",
            ExternalTrafficPolicy::Local => "Local",
        }
    }
}

impl Service {
    /// `namespace/name`.
    pub fn id(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }

    /// The ports clients connect to (`spec.ports[].port` and `protocol`).
    pub fn flow_ports(&self) -> Vec<FlowPort> {
        self.ports
            .iter()
            .map(|p| FlowPort {
                port: p.port,
                protocol: p.protocol,
            })
            .collect()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServicePort {
    pub name: Option<String>,
    pub port: u16,
    pub protocol: Protocol,
    pub target: TargetPort,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TargetPort {
    Number(u16),
    Name(String),
}

#[derive(Clone, Debug, Default)]
pub struct Cluster {
    pub namespaces: BTreeMap<String, Namespace>,
    pub endpoints: Vec<Endpoint>,
    /// Every NetworkPolicy read, including the ones Kubernetes would reject.
    pub policies: Vec<Policy>,
    pub services: Vec<Service>,
}

impl Cluster {
    /// Builds the cluster from manifests, reporting malformed fields.
    pub fn from_manifests(manifests: &[Manifest], findings: &mut Vec<Finding>) -> Cluster {
        let mut cluster = Cluster::default();
        let mut bounded = false;
        for manifest in manifests {
            let Some(kind) = manifest.known_kind() else {
                continue;
            };
            if makes_endpoint(kind) && cluster.endpoints.len() >= MAX_ENDPOINTS {
                if !bounded {
                    bounded = true;
                    findings.push(
                        limit::too_many_endpoints(&MAX_ENDPOINTS)
                            .at(manifest.file, manifest.span()),
                    );
                }
                continue;
            }
            let mut reader = FieldReader::new(manifest.file, manifest.object_ref(), findings);
            match kind {
                Kind::Namespace => {
                    let labels = read_labels(&mut reader, &manifest.node);
                    cluster.declare_namespace(&manifest.name, labels);
                }
                Kind::NetworkPolicy => {
                    if let Some(policy) = Policy::read(manifest, &mut reader) {
                        cluster.policies.push(policy);
                    }
                }
                Kind::Service => cluster.services.push(read_service(manifest, &mut reader)),
                Kind::Ingress => {}
                Kind::Node => cluster.endpoints.push(read_node(manifest, &mut reader)),
                Kind::Pod => {
                    let endpoint = read_endpoint(manifest, &manifest.node, &mut reader, true);
                    cluster.endpoints.push(endpoint);
                }
                Kind::Deployment
                | Kind::StatefulSet
                | Kind::DaemonSet
                | Kind::ReplicaSet
                | Kind::ReplicationController
                | Kind::Job => {
                    let template = manifest.node.path(&["spec", "template"]);
                    cluster.push_workload(manifest, template, &mut reader);
                }
                Kind::CronJob => {
                    let template = manifest
                        .node
                        .path(&["spec", "jobTemplate", "spec", "template"]);
                    cluster.push_workload(manifest, template, &mut reader);
                }
            }
        }
        cluster.add_referenced_namespaces();
        cluster.place_on_nodes();
        cluster
    }

    /// Pods on a node the input holds take its operating system, and hostNetwork pods its
    /// addresses when their own status gives none: their traffic carries the node's address.
    fn place_on_nodes(&mut self) {
        let nodes: BTreeMap<String, (Vec<IpNet>, bool)> = self
            .endpoints
            .iter()
            .filter(|e| e.is_node())
            .map(|n| (n.name.clone(), (n.addresses.clone(), n.windows)))
            .collect();
        if nodes.is_empty() {
            return;
        }
        for endpoint in self.endpoints.iter_mut().filter(|e| !e.is_node()) {
            let Some((addresses, windows)) = endpoint.node.as_ref().and_then(|n| nodes.get(n))
            else {
                continue;
            };
            endpoint.windows |= *windows;
            if endpoint.host_network && endpoint.addresses.is_empty() {
                endpoint.addresses.clone_from(addresses);
            }
        }
    }

    fn push_workload(
        &mut self,
        manifest: &Manifest,
        template: Option<&Node>,
        reader: &mut FieldReader<'_>,
    ) {
        match template {
            Some(template) => {
                let endpoint = read_endpoint(manifest, template, reader, false);
                self.endpoints.push(endpoint);
            }
            None => reader.raise(manifest.span(), missing_field::pod_template(&manifest.kind)),
        }
    }

    fn declare_namespace(&mut self, name: &str, mut labels: Labels) {
        labels.insert(NAMESPACE_NAME_LABEL.to_owned(), name.to_owned());
        self.namespaces.insert(
            name.to_owned(),
            Namespace {
                name: name.to_owned(),
                labels,
                declared: true,
            },
        );
    }

    /// Namespaces that objects live in but the input does not declare exist with only their name
    /// label, which is what a `kubernetes.io/metadata.name` selector can match.
    fn add_referenced_namespaces(&mut self) {
        let referenced: Vec<String> = self
            .endpoints
            .iter()
            .filter_map(|e| e.namespace.clone())
            .chain(self.policies.iter().map(|p| p.namespace.clone()))
            .chain(self.services.iter().map(|s| s.namespace.clone()))
            .collect();
        for name in referenced {
            self.namespaces
                .entry(name.clone())
                .or_insert_with(|| Namespace {
                    labels: Labels::from([(NAMESPACE_NAME_LABEL.to_owned(), name.clone())]),
                    name,
                    declared: false,
                });
        }
    }

    pub fn namespace_labels(&self, namespace: &str) -> Option<&Labels> {
        self.namespaces.get(namespace).map(|n| &n.labels)
    }

    /// The labels of the namespace `endpoint` lives in: its namespace's, or, for a
    /// representative in a namespace the input does not name, the labels it stands for.
    pub fn labels_of_namespace<'a>(&'a self, endpoint: &'a Endpoint) -> Option<&'a Labels> {
        if let Some(labels) = endpoint
            .representative
            .as_ref()
            .and_then(|r| r.namespace_labels.as_ref())
        {
            return Some(labels);
        }
        self.namespace_labels(endpoint.namespace.as_deref()?)
    }

    /// The endpoint named `namespace/name`, or one holding the address `ip`.
    pub fn find_endpoint(&self, id: &str) -> Option<usize> {
        self.endpoints
            .iter()
            .position(|e| e.id() == id)
            .or_else(|| {
                let ip: IpAddr = id.parse().ok()?;
                self.endpoints
                    .iter()
                    .position(|e| !e.is_external() && e.addresses.iter().any(|a| a.addr() == ip))
            })
    }

    /// The Service `namespace/name`.
    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id() == id)
    }

    /// The endpoints behind the Service `namespace/name` and the port each receives traffic for
    /// `port` on, following `targetPort` (by number or by container port name).
    pub fn service_targets(&self, id: &str, port: FlowPort) -> Option<Vec<(usize, FlowPort)>> {
        let service = self
            .services
            .iter()
            .find(|s| format!("{}/{}", s.namespace, s.name) == id)?;
        let service_port = service
            .ports
            .iter()
            .find(|p| p.port == port.port && p.protocol == port.protocol)?;
        let selector = service.selector.as_ref()?;
        let targets = self
            .endpoints
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                e.namespace.as_deref() == Some(service.namespace.as_str())
                    && !selector.is_empty()
                    && selector.iter().all(|(k, v)| e.labels.get(k) == Some(v))
            })
            .filter_map(|(index, endpoint)| {
                let number = match &service_port.target {
                    TargetPort::Number(n) => Some(*n),
                    TargetPort::Name(name) => endpoint
                        .ports
                        .iter()
                        .find(|p| {
                            p.name.as_deref() == Some(name.as_str()) && p.protocol == port.protocol
                        })
                        .map(|p| p.port),
                }?;
                Some((
                    index,
                    FlowPort {
                        port: number,
                        protocol: port.protocol,
                    },
                ))
            })
            .collect();
        Some(targets)
    }

    /// Where a flow to `id` on `port` arrives: the endpoint of that name or address (an external
    /// one is added for an address no endpoint holds), or the endpoints a Service `namespace/name`
    /// sends traffic to, on their target ports. `None` when `id` names nothing of these.
    pub fn flow_targets(&mut self, id: &str, port: FlowPort) -> Option<FlowTargets> {
        if let Some(index) = self.find_endpoint(id) {
            return Some(FlowTargets {
                service: false,
                targets: vec![(index, port)],
            });
        }
        if self
            .services
            .iter()
            .any(|s| format!("{}/{}", s.namespace, s.name) == id)
        {
            return Some(FlowTargets {
                service: true,
                targets: self.service_targets(id, port).unwrap_or_default(),
            });
        }
        let index = self.endpoint_or_external(id)?;
        Some(FlowTargets {
            service: false,
            targets: vec![(index, port)],
        })
    }

    /// The endpoint for `id`, adding an external one when `id` is an address or range that no
    /// endpoint holds.
    pub fn endpoint_or_external(&mut self, id: &str) -> Option<usize> {
        if let Some(index) = self.find_endpoint(id) {
            return Some(index);
        }
        let endpoint = Endpoint::external(id)?;
        self.endpoints.push(endpoint);
        Some(self.endpoints.len() - 1)
    }
}

fn read_labels(reader: &mut FieldReader<'_>, object: &Node) -> Labels {
    object
        .get("metadata")
        .map(|metadata| reader.string_map(metadata, "labels", "metadata.labels"))
        .unwrap_or_default()
        .into_iter()
        .collect()
}

/// A pod, or a workload's pod template, as an endpoint.
fn read_endpoint(
    manifest: &Manifest,
    pod: &Node,
    reader: &mut FieldReader<'_>,
    is_pod: bool,
) -> Endpoint {
    let labels = read_labels(reader, pod);
    let spec = pod.get("spec");
    let mut ports = Vec::new();
    let mut host_network = false;
    let mut windows = false;
    let mut node = None;
    if let Some(spec) = spec {
        for container in reader
            .list(spec, "containers", "spec.containers")
            .unwrap_or_default()
        {
            let declared = reader
                .list(container, "ports", "spec.containers[].ports")
                .unwrap_or_default();
            for port in declared {
                if let Some(port) = read_container_port(reader, port) {
                    ports.push(port);
                }
            }
        }
        host_network = reader
            .bool(spec, "hostNetwork", "spec.hostNetwork")
            .unwrap_or(false);
        windows = spec
            .path(&["nodeSelector", OS_LABEL])
            .and_then(Node::as_str)
            == Some("windows");
        if is_pod {
            node = reader
                .string(spec, "nodeName", "spec.nodeName")
                .map(str::to_owned);
        }
    }
    let addresses = if is_pod {
        pod_addresses(reader, pod)
    } else {
        Vec::new()
    };
    Endpoint {
        namespace: manifest.namespace.clone(),
        name: manifest.name.clone(),
        kind: if is_pod {
            EndpointKind::Pod
        } else {
            manifest
                .known_kind()
                .map_or(EndpointKind::Pod, EndpointKind::Workload)
        },
        labels,
        ports,
        addresses,
        host_network,
        windows,
        node,
        file: manifest.file,
        span: manifest.span(),
        representative: None,
    }
}

fn read_container_port(reader: &mut FieldReader<'_>, node: &Node) -> Option<ContainerPort> {
    let number = reader.int(node, "containerPort", "containerPort")?;
    let Ok(port) = u16::try_from(number) else {
        reader.raise(
            node.get("containerPort").map_or(node.span, |n| n.span),
            invalid_field::container_port_range(&number),
        );
        return None;
    };
    let protocol = read_protocol(reader, node, "protocol")?;
    let name = reader.string(node, "name", "name").map(str::to_owned);
    (port > 0).then_some(ContainerPort {
        name,
        port,
        protocol,
    })
}

fn pod_addresses(reader: &mut FieldReader<'_>, pod: &Node) -> Vec<IpNet> {
    let Some(status) = pod.get("status") else {
        return Vec::new();
    };
    let mut texts: Vec<&Node> = Vec::new();
    if let Some(ip) = status.get("podIP") {
        texts.push(ip);
    }
    for item in reader
        .list(status, "podIPs", "status.podIPs")
        .unwrap_or_default()
    {
        if let Some(ip) = item.get("ip") {
            texts.push(ip);
        }
    }
    let mut addresses: Vec<IpNet> = Vec::new();
    for node in texts {
        match node.as_str().and_then(|t| t.parse::<IpAddr>().ok()) {
            Some(ip) => {
                let net = IpNet::from(ip);
                if !addresses.contains(&net) {
                    addresses.push(net);
                }
            }
            None if node.is_null() => {}
            None => reader.raise(node.span, invalid_field::pod_ip()),
        }
    }
    addresses
}

fn read_service(manifest: &Manifest, reader: &mut FieldReader<'_>) -> Service {
    let spec = manifest.node.get("spec");
    let selector = spec.and_then(|spec| {
        spec.get("selector")?;
        Some(
            reader
                .string_map(spec, "selector", "spec.selector")
                .into_iter()
                .collect(),
        )
    });
    let mut ports = Vec::new();
    for port in spec
        .and_then(|spec| reader.list(spec, "ports", "spec.ports"))
        .unwrap_or_default()
    {
        let Some(number) = reader.int(port, "port", "spec.ports[].port") else {
            continue;
        };
        let Ok(number) = u16::try_from(number) else {
            continue;
        };
        let protocol = reader
            .string(port, "protocol", "spec.ports[].protocol")
            .and_then(Protocol::parse)
            .unwrap_or(Protocol::Tcp);
        let target = match port.get("targetPort").map(|t| &t.value) {
            Some(Value::Int(n)) => {
                u16::try_from(*n).map_or(TargetPort::Number(number), TargetPort::Number)
            }
            Some(Value::Str(name)) => TargetPort::Name(name.clone()),
            _ => TargetPort::Number(number),
        };
        ports.push(ServicePort {
            name: reader
                .string(port, "name", "spec.ports[].name")
                .map(str::to_owned),
            port: number,
            protocol,
            target,
        });
    }
    let service_type = spec
        .and_then(|spec| {
            let node = spec.get("type")?;
            let text = reader.string(spec, "type", "spec.type")?;
            let parsed = ServiceType::parse(text);
            if parsed.is_none() {
                reader.raise(
                    node.span,
                    invalid_field::not_one_of(
                        "spec.type",
                        text,
                        "ClusterIP, NodePort, LoadBalancer, ExternalName",
                    ),
                );
            }
            parsed
        })
        .unwrap_or_default();
    let external_traffic_policy = service_type.is_external().then(|| {
        spec.and_then(|spec| {
            let node = spec.get("externalTrafficPolicy")?;
            match reader.string(spec, "externalTrafficPolicy", "spec.externalTrafficPolicy")? {
                "Cluster" => Some(ExternalTrafficPolicy::Cluster),
                "Local" => Some(ExternalTrafficPolicy::Local),
                other => {
                    reader.raise(
                        node.span,
                        invalid_field::not_one_of(
                            "spec.externalTrafficPolicy",
                            other,
                            "Cluster, Local",
                        ),
                    );
                    None
                }
            }
        })
        .unwrap_or_default()
    });
    Service {
        namespace: manifest
            .namespace
            .clone()
            .unwrap_or_else(|| "default".to_owned()),
        name: manifest.name.clone(),
        selector,
        ports,
        service_type,
        external_traffic_policy,
        file: manifest.file,
        span: manifest.span(),
    }
}

/// A node as an endpoint: its `InternalIP` and `ExternalIP` addresses and its labels.
fn read_node(manifest: &Manifest, reader: &mut FieldReader<'_>) -> Endpoint {
    let labels = read_labels(reader, &manifest.node);
    let mut addresses: Vec<IpNet> = Vec::new();
    for item in manifest
        .node
        .get("status")
        .and_then(|status| reader.list(status, "addresses", "status.addresses"))
        .unwrap_or_default()
    {
        let kind = reader.string(item, "type", "status.addresses[].type");
        if !matches!(kind, Some("InternalIP" | "ExternalIP")) {
            continue;
        }
        let Some(node) = item.get("address") else {
            continue;
        };
        match node.as_str().and_then(|t| t.parse::<IpAddr>().ok()) {
            Some(ip) => {
                let net = IpNet::from(ip);
                if !addresses.contains(&net) {
                    addresses.push(net);
                }
            }
            None => reader.raise(node.span, invalid_field::node_address()),
        }
    }
    Endpoint {
        windows: labels.get(OS_LABEL).map(String::as_str) == Some("windows"),
        labels,
        addresses,
        node: Some(manifest.name.clone()),
        file: manifest.file,
        span: manifest.span(),
        ..Endpoint::new(EndpointKind::Node, None, manifest.name.clone())
    }
}

/// Whether objects of `kind` become endpoints.
const fn makes_endpoint(kind: Kind) -> bool {
    !matches!(
        kind,
        Kind::Namespace | Kind::NetworkPolicy | Kind::Service | Kind::Ingress
    )
}

#[cfg(test)]
mod tests {
    use crate::{SourceFile, analyze};

    // The shapes of `kubectl get nodes -o yaml` and `kubectl get pods -o yaml` on AKS.
    const NODES_AND_PODS: &str = "
apiVersion: v1
kind: Node
metadata:
  name: aks-nodepool1-12345678-vmss000000
  labels: {kubernetes.io/os: linux, agentpool: nodepool1}
status:
  addresses:
  - {type: InternalIP, address: 10.224.0.4}
  - {type: Hostname, address: aks-nodepool1-12345678-vmss000000}
---
apiVersion: v1
kind: Node
metadata:
  name: akswin000000
  labels: {kubernetes.io/os: windows}
status:
  addresses:
  - {type: InternalIP, address: 10.224.0.5}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  nodeName: aks-nodepool1-12345678-vmss000000
  containers: [{name: web, image: nginx}]
status: {podIP: 10.244.0.12}
---
apiVersion: v1
kind: Pod
metadata: {name: kube-proxy-abcde, namespace: kube-system}
spec:
  nodeName: aks-nodepool1-12345678-vmss000000
  hostNetwork: true
  containers: [{name: kube-proxy, image: kube-proxy}]
---
apiVersion: v1
kind: Pod
metadata: {name: iis, namespace: shop}
spec:
  nodeName: akswin000000
  containers: [{name: iis, image: iis}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  type: LoadBalancer
  selector: {app: web}
  ports: [{port: 80}]
";

    #[test]
    fn nodes_are_endpoints_and_pods_know_their_node() {
        let analysis = analyze(&[SourceFile::new("dump.yaml", NODES_AND_PODS)]);
        assert!(!analysis.has_errors(), "{:?}", analysis.findings);
        let cluster = &analysis.cluster;
        let node = &cluster.endpoints[0];
        assert_eq!(node.kind_name(), "node");
        assert_eq!(node.addresses, ["10.224.0.4/32".parse().unwrap()]);
        assert_eq!(node.host_of(), Some("aks-nodepool1-12345678-vmss000000"));
        assert!(cluster.endpoints[1].windows);
        let web = &cluster.endpoints[2];
        assert_eq!(web.node.as_deref(), node.node.as_deref());
        assert_eq!(
            web.host_of(),
            None,
            "a pod's traffic carries its own address"
        );
        let proxy = &cluster.endpoints[3];
        assert_eq!(
            proxy.addresses, node.addresses,
            "hostNetwork: the node's address"
        );
        assert_eq!(proxy.host_of(), node.node.as_deref());
        assert!(cluster.endpoints[4].windows, "on a Windows node");
        assert_eq!(cluster.find_endpoint("10.224.0.5"), Some(1));
        let service = &cluster.services[0];
        assert_eq!(service.service_type, super::ServiceType::LoadBalancer);
        assert_eq!(
            service.external_traffic_policy,
            Some(super::ExternalTrafficPolicy::Cluster),
            "Cluster when not written"
        );
    }

    #[test]
    fn a_service_type_kubernetes_refuses_is_named() {
        let text = "
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {type: Loadbalancer, externalTrafficPolicy: Local, ports: [{port: 80}]}
";
        let analysis = analyze(&[SourceFile::new("svc.yaml", text)]);
        let finding = &analysis.findings[0];
        assert_eq!(finding.code, crate::Code::ManifestInvalidField);
        assert!(
            finding.message.contains("`Loadbalancer`"),
            "{}",
            finding.message
        );
        assert_eq!(analysis.cluster.services[0].external_traffic_policy, None);
    }
}
