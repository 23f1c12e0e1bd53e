//! Flows from clients outside the cluster through a `NodePort` or `LoadBalancer` Service to the
//! Service's backend pods, each explained as the engine enforcing the policies sees it
//! (`aksnet reach --via NS/SERVICE`; docs/decisions/0170-external-traffic.md).
//!
//! With `externalTrafficPolicy: Cluster` (the default) a node that receives the traffic may send
//! it to a backend on another node, replacing the client's address with its own (source NAT);
//! with `Local` it keeps the client's address and sends only to its own backends
//! (<https://kubernetes.io/docs/reference/networking/virtual-ips/#external-traffic-policy>).
//! Whether NetworkPolicy sees the address before or after that rewrite the specification leaves
//! open: "it is not defined whether this happens before or after NetworkPolicy processing"
//! (<https://kubernetes.io/docs/concepts/services-networking/network-policies/>, "ipBlock"). The
//! engines decide it, and this module says how, point `external-traffic-cluster`:
//!
//! - `spec`: the backend's ingress evaluated with the client's address, with a note that the
//!   specification leaves this undefined;
//! - `azure` (NPM): allowed, whatever the ingress rules: NPM does not apply ingress policy to
//!   such traffic (<https://learn.microsoft.com/azure/aks/migrate-from-npm-to-cilium-network-policy>,
//!   "Ingress policy behavior changes");
//! - `calico`: the backend's ingress evaluated with a node's address, which the source NAT puts
//!   in the client's place (<https://github.com/projectcalico/calico/issues/2088>): every Node of
//!   the input must be admitted; without Node objects a node whose address is unknown stands in,
//!   which only rules without peers admit;
//! - `cilium`: the backend's ingress evaluated with the client's address ("Cilium enforces
//!   ingress policies on all traffic", the same migration guide section);
//! - `none`: allowed, nothing is enforced.
//!
//! With `externalTrafficPolicy: Local` every engine evaluates the client's address. The client
//! has no policies of its own (it is outside the cluster), and the backend's egress never takes
//! part: its packets back are replies.
//!
//! The evaluation is the engine's own ([`super::explain_endpoints`]): this module only chooses
//! which source each engine's predicates see.

use std::fmt;

use super::explain::{EngineNote, Explanation, SideVerdict, explain_endpoints};
use super::profile::Engine;
use crate::cluster::{
    Cluster, Endpoint, EndpointKind, ExternalTrafficPolicy, FlowPort, Service, ServiceType,
};
use crate::policy::PolicySide;
use crate::text;
use crate::text::Text;

/// The id of the point where the engines differ on traffic through a Service with
/// `externalTrafficPolicy: Cluster`, as [`EngineNote::point`] names it.
pub const EXTERNAL_TRAFFIC_CLUSTER: &str = "external-traffic-cluster";

/// The Kubernetes page saying the specification leaves the address policy sees undefined.
const SPEC_SOURCE: &str =
    "https://kubernetes.io/docs/concepts/services-networking/network-policies/";
/// The migration guide's section on NPM and Cilium and such traffic.
const MIGRATION_SOURCE: &str = "https://learn.microsoft.com/azure/aks/migrate-from-npm-to-cilium-network-policy#ingress-policy-behavior-changes";
/// Calico's maintainers: traffic from outside the cluster is source-NATed unless the Service
/// keeps the client's address with `externalTrafficPolicy: Local`.
const CALICO_SOURCE: &str = "https://github.com/projectcalico/calico/issues/2088";

/// The name of the node standing in for every node when the input holds no Node objects; the
/// `~` no Kubernetes name holds marks it as derived, as representatives are.
pub const ANY_NODE: &str = "~any-node";

/// One flow from an outside client through the Service to one of its backends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViaFlow {
    /// The client's endpoint index.
    pub source: usize,
    /// The backend's endpoint index.
    pub backend: usize,
    /// The Service port the client connects to; the explanation's `port` is the backend's
    /// (`targetPort`, by number or by container port name).
    pub service_port: FlowPort,
    /// The flow explained as the engine sees it, with the engine's notes.
    pub explanation: Explanation,
}

/// Why no flows can be given for a Service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ViaError {
    /// No Service of that `namespace/name` in the input.
    UnknownService { service: String },
    /// The Service is not of type `NodePort` or `LoadBalancer`: no outside traffic enters by it.
    NotExternal {
        service: String,
        service_type: ServiceType,
    },
    /// The Service has no such port.
    NoSuchPort {
        service: String,
        port: FlowPort,
        ports: Vec<FlowPort>,
    },
    /// The Service selects no pod or workload of the input (or has no selector, or no port).
    NoBackends { service: String },
    /// A source is not an address outside the cluster.
    NotOutside { source: String },
}

impl ViaError {
    /// The error in both languages.
    pub fn text(&self) -> Text {
        match self {
            ViaError::UnknownService { service } => text!(
                "no Service {0} in the input",
                "入力に Service {0} はありません",
                service
            ),
            ViaError::NotExternal {
                service,
                service_type,
            } => text!(
                "{0} is a {1} Service: only NodePort and LoadBalancer Services take traffic from outside the cluster",
                "{0} は {1} の Service です。クラスター外からのトラフィックを受けるのは NodePort と LoadBalancer の Service だけです",
                service,
                service_type.as_str()
            ),
            ViaError::NoSuchPort {
                service,
                port,
                ports,
            } => text!(
                "{0} has no port {1}; its ports: {2}",
                "{0} にポート {1} はありません。ポート: {2}",
                service,
                port,
                ports
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            ViaError::NoBackends { service } => text!(
                "{0} sends traffic to no pod or workload of the input",
                "{0} がトラフィックを送る先のポッドやワークロードは入力にありません",
                service
            ),
            ViaError::NotOutside { source } => text!(
                "{0} is not an address outside the cluster",
                "{0} はクラスター外のアドレスではありません",
                source
            ),
        }
    }
}

impl fmt::Display for ViaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text().en)
    }
}

impl std::error::Error for ViaError {}

/// The flows that enter through the Service `service` (`namespace/name`, of type `NodePort` or
/// `LoadBalancer`) from each of `sources` (endpoint indices of addresses outside the cluster) to
/// each of its backends, on `port` (a Service port) or on every port of the Service, as `engine`
/// sees them: by Service port, then source, then backend.
///
/// # Errors
///
/// When the Service is not in the input, is of another type, has no such port or no backend
/// here, or a source is not outside the cluster.
pub fn flows(
    cluster: &Cluster,
    service: &str,
    sources: &[usize],
    port: Option<FlowPort>,
    engine: Engine,
) -> Result<Vec<ViaFlow>, ViaError> {
    let found = cluster
        .service(service)
        .ok_or_else(|| ViaError::UnknownService {
            service: service.to_owned(),
        })?;
    let traffic_policy = match found.external_traffic_policy {
        Some(policy) if found.service_type.is_external() => policy,
        _ => {
            return Err(ViaError::NotExternal {
                service: found.id(),
                service_type: found.service_type,
            });
        }
    };
    let all = found.flow_ports();
    let ports: Vec<FlowPort> = match port {
        Some(port) if all.contains(&port) => vec![port],
        Some(port) => {
            return Err(ViaError::NoSuchPort {
                service: found.id(),
                port,
                ports: all,
            });
        }
        None => all,
    };
    let mut clients = Vec::with_capacity(sources.len());
    for &source in sources {
        match cluster.endpoints.get(source) {
            Some(client) if client.is_external() => clients.push((source, client)),
            other => {
                return Err(ViaError::NotOutside {
                    source: other.map_or_else(|| source.to_string(), Endpoint::id),
                });
            }
        }
    }
    let targets: Vec<(FlowPort, Vec<(usize, FlowPort)>)> = ports
        .into_iter()
        .map(|port| {
            let targets = cluster
                .service_targets(&found.id(), port)
                .unwrap_or_default();
            (port, targets)
        })
        .collect();
    if targets.iter().all(|(_, targets)| targets.is_empty()) {
        return Err(ViaError::NoBackends {
            service: found.id(),
        });
    }
    let nat = (traffic_policy == ExternalTrafficPolicy::Cluster && engine == Engine::Calico)
        .then(|| source_nat_nodes(cluster));
    let mut flows = Vec::new();
    for (service_port, targets) in &targets {
        for &(source, client) in &clients {
            for &(backend, port) in targets {
                let Some(destination) = cluster.endpoints.get(backend) else {
                    continue;
                };
                let explanation = match (traffic_policy, &nat) {
                    (ExternalTrafficPolicy::Local, _) => {
                        explain_endpoints(cluster, client, destination, port, engine)
                    }
                    (ExternalTrafficPolicy::Cluster, Some(nodes)) => {
                        through_nodes(cluster, client, destination, port, nodes)
                    }
                    (ExternalTrafficPolicy::Cluster, None) => {
                        with_client_address(cluster, found, client, destination, port, engine)
                    }
                };
                flows.push(ViaFlow {
                    source,
                    backend,
                    service_port: *service_port,
                    explanation,
                });
            }
        }
    }
    Ok(flows)
}

/// Whether the engine's evaluation left the backend isolated for ingress: only then does the
/// address policy sees decide anything.
fn isolated(explanation: &Explanation) -> bool {
    matches!(
        explanation.ingress.verdict,
        SideVerdict::Allowed | SideVerdict::Denied
    )
}

/// `externalTrafficPolicy: Cluster` for the engines that do not evaluate a node's address:
/// the client's address for the specification and Cilium, no ingress policy at all for NPM.
fn with_client_address(
    cluster: &Cluster,
    service: &Service,
    client: &Endpoint,
    backend: &Endpoint,
    port: FlowPort,
    engine: Engine,
) -> Explanation {
    let mut explanation = explain_endpoints(cluster, client, backend, port, engine);
    if !isolated(&explanation) {
        return explanation;
    }
    let service = service.id();
    let note = match engine {
        Engine::Spec => Some((
            text!(
                "{0} sends outside traffic with externalTrafficPolicy Cluster, which may replace the client's address with a node's: the specification leaves undefined whether NetworkPolicy sees the client's address or the node's. This flow is evaluated with the client's address.",
                "{0} は externalTrafficPolicy Cluster で外部のトラフィックを転送し、クライアントのアドレスをノードのアドレスに置き換えることがあります。NetworkPolicy がクライアントとノードのどちらのアドレスを見るかは仕様で定義されていません。このフローはクライアントのアドレスで評価しています。",
                service
            ),
            SPEC_SOURCE,
        )),
        Engine::Azure => {
            explanation.allowed = explanation.egress.verdict.allows();
            Some((
                text!(
                    "Azure NPM does not apply ingress policy to traffic arriving through {0}, a Service with externalTrafficPolicy Cluster: this flow is allowed whatever the ingress rules of {1} say.",
                    "Azure NPM は externalTrafficPolicy Cluster の Service {0} を通って届くトラフィックに受信のポリシーを適用しません。{1} の受信ルールにかかわらず、このフローは許可されます。",
                    service,
                    explanation.to
                ),
                MIGRATION_SOURCE,
            ))
        }
        Engine::Cilium(_) => Some((
            text!(
                "Cilium enforces ingress policy on traffic arriving through {0}, a Service with externalTrafficPolicy Cluster, and applies it to the client's address.",
                "Cilium は externalTrafficPolicy Cluster の Service {0} を通って届くトラフィックにも受信のポリシーを適用し、クライアントのアドレスで評価します。",
                service
            ),
            MIGRATION_SOURCE,
        )),
        Engine::Calico | Engine::None => None,
    };
    if let Some((message, source)) = note {
        explanation.engine_notes.push(EngineNote::new(
            EXTERNAL_TRAFFIC_CLUSTER,
            PolicySide::Ingress,
            message,
            source,
        ));
    }
    explanation
}

/// The node addresses a source NAT may put in the client's place: the input's Node objects, or
/// one node whose address is unknown when it holds none. Each is a copy that names no node of
/// its own, so that the exception for traffic from a pod's own node (kubelet probes) does not
/// apply: the node forwards these packets, it does not send them.
fn source_nat_nodes(cluster: &Cluster) -> Vec<Endpoint> {
    let nodes: Vec<Endpoint> = cluster
        .endpoints
        .iter()
        .filter(|e| e.is_node())
        .map(|node| Endpoint {
            node: None,
            ..node.clone()
        })
        .collect();
    if !nodes.is_empty() {
        return nodes;
    }
    vec![Endpoint {
        ..Endpoint::new(EndpointKind::Node, None, ANY_NODE.to_owned())
    }]
}

/// Calico with `externalTrafficPolicy: Cluster`: the backend's ingress sees a node's address,
/// and the flow is allowed only when it admits every node the traffic may come through. The
/// explanation keeps the client as its source and shows the ingress of the first node refused
/// (or of the first node when all are admitted).
fn through_nodes(
    cluster: &Cluster,
    client: &Endpoint,
    backend: &Endpoint,
    port: FlowPort,
    nodes: &[Endpoint],
) -> Explanation {
    let mut explanation = explain_endpoints(cluster, client, backend, port, Engine::Calico);
    if !isolated(&explanation) {
        return explanation;
    }
    let by_node: Vec<(&Endpoint, Explanation)> = nodes
        .iter()
        .map(|node| {
            (
                node,
                explain_endpoints(cluster, node, backend, port, Engine::Calico),
            )
        })
        .collect();
    let Some((node, seen)) = by_node
        .iter()
        .find(|(_, e)| !e.ingress.verdict.allows())
        .or_else(|| by_node.first())
    else {
        return explanation;
    };
    explanation.ingress = seen.ingress.clone();
    explanation.allowed =
        explanation.egress.verdict.allows() && explanation.ingress.verdict.allows();
    explanation
        .engine_notes
        .retain(|note| note.side == PolicySide::Egress);
    explanation.engine_notes.extend(
        seen.engine_notes
            .iter()
            .filter(|note| note.side == PolicySide::Ingress)
            .cloned(),
    );
    let message = if node.name == ANY_NODE {
        text!(
            "Calico sees a node's address in place of the client's ({0}) after the source NAT of a Service with externalTrafficPolicy Cluster. The input holds no Node objects, so the node's address is unknown: only an ingress rule without `from` peers admits this flow.",
            "externalTrafficPolicy Cluster の Service の送信元 NAT の後、Calico が見るのはクライアント ({0}) ではなくノードのアドレスです。入力に Node オブジェクトがないためノードのアドレスは不明で、`from` のピアを持たない受信ルールだけがこのフローを許可します。",
            explanation.from
        )
    } else {
        text!(
            "Calico sees a node's address in place of the client's ({0}) after the source NAT of a Service with externalTrafficPolicy Cluster: this flow is allowed only when the ingress rules of {1} admit every node ({2} node(s)); the ingress side shown is node {3}'s.",
            "externalTrafficPolicy Cluster の Service の送信元 NAT の後、Calico が見るのはクライアント ({0}) ではなくノードのアドレスです。{1} の受信ルールがすべてのノード ({2} 個) を許可するときだけ、このフローは許可されます。示している受信はノード {3} のものです。",
            explanation.from,
            explanation.to,
            nodes.len(),
            node.name
        )
    };
    explanation.engine_notes.push(EngineNote::new(
        EXTERNAL_TRAFFIC_CLUSTER,
        PolicySide::Ingress,
        message,
        CALICO_SOURCE,
    ));
    explanation
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::Protocol;
    use crate::{CiliumVersion, SourceFile, analyze};

    /// A backend Deployment's pod with its container port named `http`, and the Service in front
    /// of it in the shape `kubectl get svc web -n shop -o yaml` prints it (the fields the API
    /// server fills in: clusterIP, nodePort, status; see
    /// <https://kubernetes.io/docs/tutorials/services/source-ip/>).
    fn service(service_type: &str, traffic_policy: &str) -> String {
        format!(
            "
apiVersion: v1
kind: Pod
metadata:
  name: web-7d4b9c-x2x7k
  namespace: shop
  labels: {{app: web, pod-template-hash: 7d4b9c}}
spec:
  nodeName: aks-nodepool1-12345678-vmss000000
  containers:
  - name: web
    image: nginx
    ports:
    - {{name: http, containerPort: 8080, protocol: TCP}}
status:
  podIP: 10.244.0.12
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
  uid: 3f9e2a4c-1b7d-4e55-9c2a-8d1f6b0e7a21
  resourceVersion: \"48211\"
  creationTimestamp: \"2026-11-02T09:14:27Z\"
spec:
  allocateLoadBalancerNodePorts: true
  clusterIP: 10.0.141.37
  clusterIPs:
  - 10.0.141.37
  externalTrafficPolicy: {traffic_policy}
  internalTrafficPolicy: Cluster
  ipFamilies:
  - IPv4
  ipFamilyPolicy: SingleStack
  ports:
  - name: http
    nodePort: 31380
    port: 80
    protocol: TCP
    targetPort: http
  selector:
    app: web
  sessionAffinity: None
  type: {service_type}
status:
  loadBalancer:
    ingress:
    - ip: 20.61.4.18
"
        )
    }

    const DENY_ALL: &str = "
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-ingress, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress]
";

    /// The nearest passing twin of the deny-all: the expected clients admitted by address.
    const CLIENTS_ONLY: &str = "
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: clients-only, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
  - from:
    - ipBlock: {cidr: 203.0.113.0/24}
    ports:
    - {port: 8080}
";

    /// The nodes of the cluster, in the shape `kubectl get nodes -o yaml` prints.
    const NODES: &str = "
---
apiVersion: v1
kind: Node
metadata:
  name: aks-nodepool1-12345678-vmss000000
  labels: {kubernetes.io/os: linux}
status:
  addresses:
  - {type: InternalIP, address: 10.224.0.4}
  - {type: Hostname, address: aks-nodepool1-12345678-vmss000000}
---
apiVersion: v1
kind: Node
metadata:
  name: aks-nodepool1-12345678-vmss000001
  labels: {kubernetes.io/os: linux}
status:
  addresses:
  - {type: InternalIP, address: 10.224.0.5}
";

    const CILIUM: Engine = Engine::Cilium(CiliumVersion::V1_17);

    /// The cluster of `text` with the client `203.0.113.7` added, and the client's index.
    fn cluster(text: &str) -> (Cluster, usize) {
        let analysis = analyze(&[SourceFile::new("svc.yaml", text)]);
        assert!(!analysis.has_errors(), "{:?}", analysis.findings);
        let mut cluster = analysis.cluster;
        let client = cluster.endpoint_or_external("203.0.113.7").unwrap();
        (cluster, client)
    }

    /// Whether the one flow from the client through `shop/web` is allowed, and its notes' points.
    fn verdict(text: &str, engine: Engine) -> (bool, Vec<&'static str>) {
        let (cluster, client) = cluster(text);
        let flows = flows(&cluster, "shop/web", &[client], None, engine).unwrap();
        assert_eq!(flows.len(), 1, "{flows:?}");
        let explanation = &flows[0].explanation;
        (
            explanation.allowed,
            explanation.engine_notes.iter().map(|n| n.point).collect(),
        )
    }

    #[test]
    fn the_flow_reaches_the_backend_on_its_named_target_port() {
        let (cluster, client) = cluster(&service("LoadBalancer", "Cluster"));
        let flows = flows(&cluster, "shop/web", &[client], None, Engine::Spec).unwrap();
        let [flow] = flows.as_slice() else {
            panic!("{flows:?}")
        };
        assert_eq!(flow.source, client);
        assert_eq!(flow.backend, 0);
        assert_eq!(flow.service_port, FlowPort::tcp(80));
        assert_eq!(
            flow.explanation.port,
            FlowPort::tcp(8080),
            "targetPort: http"
        );
        assert_eq!(flow.explanation.from, "203.0.113.7");
        assert_eq!(flow.explanation.to, "shop/web-7d4b9c-x2x7k");
        assert!(flow.explanation.allowed && flow.explanation.engine_notes.is_empty());
    }

    #[test]
    fn a_named_target_port_resolves_on_each_backend() {
        let text = service("NodePort", "Cluster")
            + "
---
apiVersion: v1
kind: Pod
metadata: {name: web-canary, namespace: shop, labels: {app: web}}
spec:
  containers:
  - name: web
    image: nginx
    ports:
    - {name: http, containerPort: 9090}
---
apiVersion: v1
kind: Pod
metadata: {name: web-unnamed, namespace: shop, labels: {app: web}}
spec:
  containers: [{name: web, image: nginx, ports: [{containerPort: 8080}]}]
";
        let (cluster, client) = cluster(&text);
        let flows = flows(&cluster, "shop/web", &[client], None, Engine::Spec).unwrap();
        let ports: Vec<(&str, u16)> = flows
            .iter()
            .map(|f| (f.explanation.to.as_str(), f.explanation.port.port))
            .collect();
        assert_eq!(
            ports,
            [("shop/web-7d4b9c-x2x7k", 8080), ("shop/web-canary", 9090)],
            "a pod without the named port receives nothing"
        );
    }

    #[test]
    fn only_node_port_and_load_balancer_services_take_outside_traffic() {
        for service_type in ["NodePort", "LoadBalancer"] {
            let (cluster, client) = cluster(&service(service_type, "Cluster"));
            assert!(flows(&cluster, "shop/web", &[client], None, Engine::Spec).is_ok());
        }
        let text =
            service("ClusterIP", "Cluster").replace("  externalTrafficPolicy: Cluster\n", "");
        let (cluster, client) = cluster(&text);
        let error = flows(&cluster, "shop/web", &[client], None, Engine::Spec).unwrap_err();
        assert_eq!(
            error,
            ViaError::NotExternal {
                service: "shop/web".to_owned(),
                service_type: ServiceType::ClusterIp
            }
        );
        assert!(
            error.to_string().contains("is a ClusterIP Service"),
            "{error}"
        );
        assert!(error.text().ja.contains("ClusterIP"));
    }

    #[test]
    fn a_service_port_port_and_sources_are_checked() {
        let (mut cluster, client) = cluster(&service("LoadBalancer", "Cluster"));
        let unknown = flows(&cluster, "shop/api", &[client], None, Engine::Spec);
        assert!(matches!(unknown, Err(ViaError::UnknownService { .. })));
        let wrong_port = flows(
            &cluster,
            "shop/web",
            &[client],
            Some(FlowPort::tcp(8080)),
            Engine::Spec,
        )
        .unwrap_err();
        assert_eq!(
            wrong_port.to_string(),
            "shop/web has no port 8080/TCP; its ports: 80/TCP"
        );
        let udp = FlowPort {
            port: 80,
            protocol: Protocol::Udp,
        };
        assert!(flows(&cluster, "shop/web", &[client], Some(udp), Engine::Spec).is_err());
        let right_port = flows(
            &cluster,
            "shop/web",
            &[client],
            Some(FlowPort::tcp(80)),
            Engine::Spec,
        );
        assert_eq!(right_port.map(|f| f.len()), Ok(1));
        let pod = cluster.find_endpoint("shop/web-7d4b9c-x2x7k").unwrap();
        assert_eq!(
            flows(&cluster, "shop/web", &[pod], None, Engine::Spec),
            Err(ViaError::NotOutside {
                source: "shop/web-7d4b9c-x2x7k".to_owned()
            })
        );
        cluster.endpoints.remove(pod);
        let client = client - 1;
        assert_eq!(
            flows(&cluster, "shop/web", &[client], None, Engine::Spec),
            Err(ViaError::NoBackends {
                service: "shop/web".to_owned()
            })
        );
    }

    #[test]
    fn deny_all_with_traffic_policy_cluster_per_engine() {
        let text = service("LoadBalancer", "Cluster") + DENY_ALL;
        let point = EXTERNAL_TRAFFIC_CLUSTER;
        assert_eq!(verdict(&text, Engine::Spec), (false, vec![point]));
        assert_eq!(verdict(&text, Engine::Azure), (true, vec![point]));
        assert_eq!(verdict(&text, Engine::Calico), (false, vec![point]));
        assert_eq!(verdict(&text, CILIUM), (false, vec![point]));
        let (allowed, notes) = verdict(&text, Engine::None);
        assert!(allowed && !notes.contains(&point), "{notes:?}");
    }

    /// The twin of the NPM case: with `Local` NPM applies the deny-all as every engine does.
    #[test]
    fn deny_all_with_traffic_policy_local_blocks_on_every_enforcing_engine() {
        let text = service("LoadBalancer", "Local") + DENY_ALL;
        for engine in [Engine::Spec, Engine::Azure, Engine::Calico, CILIUM] {
            assert_eq!(verdict(&text, engine), (false, vec![]), "{engine}");
        }
        assert!(verdict(&text, Engine::None).0);
    }

    #[test]
    fn npm_notes_the_bypass_on_a_node_port_too() {
        let text = service("NodePort", "Cluster") + DENY_ALL;
        let (cluster, client) = cluster(&text);
        let flows = flows(&cluster, "shop/web", &[client], None, Engine::Azure).unwrap();
        let explanation = &flows[0].explanation;
        assert!(explanation.allowed);
        assert_eq!(
            explanation.ingress.verdict,
            SideVerdict::Denied,
            "the policy's own say"
        );
        let note = &explanation.engine_notes[0];
        assert_eq!(note.side, PolicySide::Ingress);
        assert!(note.source.contains("migrate-from-npm-to-cilium"));
        assert!(note.message.contains("shop/web"), "{}", note.message);
        assert!(!note.message_ja.is_empty());
    }

    /// The client admitted by address: the specification and Cilium see the client; Calico sees
    /// a node, which the address block does not cover.
    #[test]
    fn an_address_block_for_the_client_per_engine() {
        let text = service("LoadBalancer", "Cluster") + CLIENTS_ONLY;
        let point = EXTERNAL_TRAFFIC_CLUSTER;
        assert_eq!(verdict(&text, Engine::Spec), (true, vec![point]));
        assert_eq!(verdict(&text, CILIUM), (true, vec![point]));
        assert_eq!(verdict(&text, Engine::Azure), (true, vec![point]));
        assert_eq!(verdict(&text, Engine::Calico), (false, vec![point]));
        let local = service("LoadBalancer", "Local") + CLIENTS_ONLY;
        assert_eq!(verdict(&local, Engine::Calico), (true, vec![]));
        // Another client is refused by the address block, on every engine but NPM.
        let (cluster, _) = cluster(&text);
        let mut cluster = cluster;
        let other = cluster.endpoint_or_external("198.51.100.0/24").unwrap();
        for (engine, allowed) in [
            (Engine::Spec, false),
            (CILIUM, false),
            (Engine::Azure, true),
        ] {
            let flows = flows(&cluster, "shop/web", &[other], None, engine).unwrap();
            assert_eq!(flows[0].explanation.allowed, allowed, "{engine}");
        }
    }

    #[test]
    fn calico_without_nodes_admits_only_through_rules_without_peers() {
        let text = service("LoadBalancer", "Cluster") + CLIENTS_ONLY;
        let (cluster, client) = cluster(&text);
        let flows = flows(&cluster, "shop/web", &[client], None, Engine::Calico).unwrap();
        let explanation = &flows[0].explanation;
        assert_eq!(
            explanation.from, "203.0.113.7",
            "the client stays the source"
        );
        assert!(!explanation.allowed);
        let note = explanation.engine_notes.last().unwrap();
        assert!(note.message.contains("no Node objects"), "{}", note.message);
        assert_eq!(note.source, CALICO_SOURCE);
        let peerless = text.replace(
            "  - from:\n    - ipBlock: {cidr: 203.0.113.0/24}\n    ports:",
            "  - ports:",
        );
        assert_eq!(
            verdict(&peerless, Engine::Calico),
            (true, vec![EXTERNAL_TRAFFIC_CLUSTER])
        );
    }

    #[test]
    fn calico_with_nodes_needs_every_node_admitted() {
        let base = service("LoadBalancer", "Cluster") + NODES;
        let nodes_block =
            |cidr: &str| CLIENTS_ONLY.replace("cidr: 203.0.113.0/24", &format!("cidr: {cidr}"));
        let every = base.clone() + &nodes_block("10.224.0.0/16");
        assert!(verdict(&every, Engine::Calico).0);
        // Only the backend's own node: the node that forwards from another node is refused.
        let one = base.clone() + &nodes_block("10.224.0.4/32");
        let (cluster, client) = cluster(&one);
        let flows = flows(&cluster, "shop/web", &[client], None, Engine::Calico).unwrap();
        let explanation = &flows[0].explanation;
        assert!(!explanation.allowed);
        let note = explanation.engine_notes.last().unwrap();
        assert!(
            note.message
                .contains("node aks-nodepool1-12345678-vmss000001"),
            "{}",
            note.message
        );
        // The client's block is what the other engines read.
        assert!(!verdict(&every, Engine::Spec).0);
    }

    /// The node forwarding to its own pod is not the node sending: the exception for kubelet
    /// probes does not let the client's traffic past the deny-all.
    #[test]
    fn calico_forwarded_traffic_is_not_the_own_node_exception() {
        let one_node = NODES
            .split("---")
            .nth(1)
            .map(|node| format!("---{node}"))
            .unwrap();
        assert!(one_node.contains("vmss000000") && !one_node.contains("vmss000001"));
        let text = service("LoadBalancer", "Cluster") + &one_node + DENY_ALL;
        assert_eq!(
            verdict(&text, Engine::Calico),
            (false, vec![EXTERNAL_TRAFFIC_CLUSTER])
        );
    }
}
