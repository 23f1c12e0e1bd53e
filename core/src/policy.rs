//! NetworkPolicy (`networking.k8s.io/v1`) as written, validated the way the API server validates
//! it. A policy the API server would refuse is kept, marked `rejected`, and left out of evaluation.

use std::fmt;

use ipnet::IpNet;

use crate::codes::Code;
use crate::fields::FieldReader;
use crate::labels::LabelSelector;
use crate::manifest::Manifest;
use crate::ports::{Protocol, read_protocol};
use crate::span::Span;
use crate::text;
use crate::text::Text;
use crate::yaml::{Node, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PolicySide {
    Ingress,
    Egress,
}

impl PolicySide {
    pub const fn as_str(self) -> &'static str {
        match self {
            PolicySide::Ingress => "ingress",
            PolicySide::Egress => "egress",
        }
    }

    /// The side as sentences name it.
    pub fn name(self) -> Text {
        match self {
            PolicySide::Ingress => Text::new("ingress", "受信"),
            PolicySide::Egress => Text::new("egress", "送信"),
        }
    }
}

impl fmt::Display for PolicySide {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    pub namespace: String,
    pub name: String,
    pub file: usize,
    pub span: Span,
    pub pod_selector: LabelSelector,
    /// Whether the policy isolates the pods it selects for ingress.
    pub ingress_isolates: bool,
    pub egress_isolates: bool,
    /// True when `policyTypes` is written; false when inferred from the rules.
    pub types_explicit: bool,
    pub ingress: Vec<Rule>,
    pub egress: Vec<Rule>,
    /// Kubernetes would refuse this policy; it takes no part in evaluation.
    pub rejected: bool,
}

impl Policy {
    pub fn isolates(&self, side: PolicySide) -> bool {
        match side {
            PolicySide::Ingress => self.ingress_isolates,
            PolicySide::Egress => self.egress_isolates,
        }
    }

    pub fn rules(&self, side: PolicySide) -> &[Rule] {
        match side {
            PolicySide::Ingress => &self.ingress,
            PolicySide::Egress => &self.egress,
        }
    }

    /// `namespace/name`.
    pub fn id(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }
}

/// One item of `ingress` or `egress`.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub span: Span,
    /// `None` when `from`/`to` is absent or empty: every source or destination.
    pub peers: Option<Vec<Peer>>,
    /// `None` when `ports` is absent or empty: every port.
    pub ports: Option<Vec<PolicyPort>>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Peer {
    /// Pods chosen by labels. Without a namespace selector, only the policy's own namespace.
    Pods {
        namespaces: Option<LabelSelector>,
        pods: Option<LabelSelector>,
        span: Span,
    },
    Addresses {
        cidr: IpNet,
        except: Vec<IpNet>,
        span: Span,
    },
}

impl Peer {
    pub fn span(&self) -> Span {
        match self {
            Peer::Pods { span, .. } | Peer::Addresses { span, .. } => *span,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PortRef {
    Number(u16),
    /// A container port name, resolved against the destination pod.
    Name(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PolicyPort {
    pub protocol: Protocol,
    /// `None`: every port of the protocol.
    pub port: Option<PortRef>,
    pub end_port: Option<u16>,
    pub span: Span,
}

impl Policy {
    /// Reads and validates a NetworkPolicy manifest.
    pub fn read(manifest: &Manifest, reader: &mut FieldReader<'_>) -> Option<Policy> {
        let node = &manifest.node;
        let namespace = manifest
            .namespace
            .clone()
            .unwrap_or_else(|| "default".to_owned());
        let Some(spec) = reader.map(node, "spec", "spec") else {
            reader.report(
                Code::ManifestMissingField,
                node.span,
                text!(
                    "missing field `spec` (a NetworkPolicy needs at least `spec.podSelector`)",
                    "フィールド `spec` がありません (NetworkPolicy には少なくとも `spec.podSelector` が必要です)"
                ),
            );
            return None;
        };
        let pod_selector = match spec.get("podSelector") {
            None => {
                reader.report(
                    Code::ManifestMissingField,
                    spec.span,
                    text!(
                        "missing field `spec.podSelector` (`{{}}` selects every pod of the namespace)",
                        "フィールド `spec.podSelector` がありません (`{{}}` は名前空間のすべてのポッドを選択します)"
                    ),
                );
                LabelSelector {
                    requirements: Vec::new(),
                    span: spec.span,
                }
            }
            Some(_) => LabelSelector::read(reader, spec, "podSelector", "spec.podSelector")
                .unwrap_or_else(|| LabelSelector {
                    requirements: Vec::new(),
                    span: spec.span,
                }),
        };
        let ingress = read_rules(reader, spec, PolicySide::Ingress);
        let egress = read_rules(reader, spec, PolicySide::Egress);
        let types = read_policy_types(reader, spec);
        let types_explicit = types.is_some();
        // Without policyTypes: Ingress always, Egress when there are egress rules.
        let (ingress_isolates, egress_isolates) =
            types.unwrap_or((true, egress.as_ref().is_some_and(|rules| !rules.is_empty())));
        Some(Policy {
            namespace,
            name: manifest.name.clone(),
            file: manifest.file,
            span: manifest.span(),
            pod_selector,
            ingress_isolates,
            egress_isolates,
            types_explicit,
            ingress: ingress.unwrap_or_default(),
            egress: egress.unwrap_or_default(),
            rejected: reader.rejected,
        })
    }
}

/// `(ingress, egress)` when `policyTypes` is written. An empty list counts as absent: the API
/// server fills in the default when the list has no items.
fn read_policy_types(reader: &mut FieldReader<'_>, spec: &Node) -> Option<(bool, bool)> {
    let types = reader.list(spec, "policyTypes", "spec.policyTypes")?;
    if types.is_empty() {
        return None;
    }
    if types.len() > 2 {
        let at = spec.get("policyTypes").map_or(spec.span, |n| n.span);
        reader.report(
            Code::ManifestInvalidField,
            at,
            text!(
                "`spec.policyTypes` has at most two items",
                "`spec.policyTypes` に指定できる項目は 2 つまでです"
            ),
        );
    }
    let (mut ingress, mut egress) = (false, false);
    for item in types {
        match item.as_str() {
            Some("Ingress") => ingress = true,
            Some("Egress") => egress = true,
            _ => reader.report(
                Code::ManifestInvalidField,
                item.span,
                text!(
                    "`spec.policyTypes` items must be `Ingress` or `Egress`",
                    "`spec.policyTypes` の項目は `Ingress` または `Egress` である必要があります"
                ),
            ),
        }
    }
    Some((ingress, egress))
}

fn read_rules(reader: &mut FieldReader<'_>, spec: &Node, side: PolicySide) -> Option<Vec<Rule>> {
    let (key, peers_key) = match side {
        PolicySide::Ingress => ("ingress", "from"),
        PolicySide::Egress => ("egress", "to"),
    };
    let items = reader.list(spec, key, &format!("spec.{key}"))?;
    let mut rules = Vec::new();
    for item in items {
        let path = format!("spec.{key}[]");
        if !matches!(item.value, Value::Map(_) | Value::Null) {
            reader.report(
                Code::ManifestInvalidField,
                item.span,
                text!(
                    "`{0}` items must be mappings; found a {1}",
                    "`{0}` の項目はマッピングである必要がありますが、{1} が指定されています",
                    path,
                    item.type_name()
                ),
            );
            continue;
        }
        let peers = reader
            .list(item, peers_key, &format!("{path}.{peers_key}"))
            .filter(|list| !list.is_empty())
            .map(|list| {
                list.iter()
                    .filter_map(|peer| read_peer(reader, peer, &format!("{path}.{peers_key}[]")))
                    .collect()
            });
        let ports = reader
            .list(item, "ports", &format!("{path}.ports"))
            .filter(|list| !list.is_empty())
            .map(|list| {
                list.iter()
                    .filter_map(|port| read_port(reader, port))
                    .collect()
            });
        rules.push(Rule {
            span: item.span,
            peers,
            ports,
        });
    }
    Some(rules)
}

fn read_peer(reader: &mut FieldReader<'_>, node: &Node, path: &str) -> Option<Peer> {
    let has = |key| node.get(key).is_some_and(|n| !n.is_null());
    let (has_pods, has_namespaces, has_block) =
        (has("podSelector"), has("namespaceSelector"), has("ipBlock"));
    if has_block {
        if has_pods || has_namespaces {
            reader.report(
                Code::ManifestInvalidField,
                node.span,
                text!(
                    "`ipBlock` cannot be combined with `podSelector` or `namespaceSelector` in one peer",
                    "1 つのピアで `ipBlock` を `podSelector` や `namespaceSelector` と組み合わせることはできません"
                ),
            );
            return None;
        }
        let block = reader.map(node, "ipBlock", &format!("{path}.ipBlock"))?;
        return read_ip_block(reader, block, node.span);
    }
    if !has_pods && !has_namespaces {
        reader.report(
            Code::ManifestInvalidField,
            node.span,
            text!(
                "an item of `{0}` must have podSelector, namespaceSelector or ipBlock",
                "`{0}` の項目には podSelector、namespaceSelector、ipBlock のいずれかが必要です",
                path
            ),
        );
        return None;
    }
    let pods = if has_pods {
        Some(LabelSelector::read(
            reader,
            node,
            "podSelector",
            &format!("{path}.podSelector"),
        )?)
    } else {
        None
    };
    let namespaces = if has_namespaces {
        Some(LabelSelector::read(
            reader,
            node,
            "namespaceSelector",
            &format!("{path}.namespaceSelector"),
        )?)
    } else {
        None
    };
    Some(Peer::Pods {
        namespaces,
        pods,
        span: node.span,
    })
}

fn read_ip_block(reader: &mut FieldReader<'_>, block: &Node, span: Span) -> Option<Peer> {
    let cidr_node = block.get("cidr");
    let cidr = parse_cidr(reader, cidr_node, block.span, "ipBlock.cidr")?;
    let mut except = Vec::new();
    for item in reader
        .list(block, "except", "ipBlock.except")
        .unwrap_or_default()
    {
        let range = parse_cidr(reader, Some(item), item.span, "ipBlock.except[]")?;
        // The API server requires each except to be a strict subset of cidr.
        if !cidr.contains(&range) || range.prefix_len() <= cidr.prefix_len() {
            reader.report(
                Code::NpIpblockExceptOutside,
                item.span,
                text!(
                    "except range {0} is not inside {1}",
                    "except の範囲 {0} が {1} の内側にありません",
                    range,
                    cidr
                ),
            );
            continue;
        }
        except.push(range);
    }
    Some(Peer::Addresses { cidr, except, span })
}

/// A CIDR as the API server reads it: host bits are masked off (and a warning is given).
fn parse_cidr(
    reader: &mut FieldReader<'_>,
    node: Option<&Node>,
    at: Span,
    path: &str,
) -> Option<IpNet> {
    let Some(node) = node else {
        reader.report(
            Code::ManifestMissingField,
            at,
            text!("missing field `{0}`", "フィールド `{0}` がありません", path),
        );
        return None;
    };
    let Some(net) = node
        .as_str()
        .and_then(|text| text.trim().parse::<IpNet>().ok())
    else {
        // The value as written, quoted; a value that is not a string is named by its type.
        let value = match node.as_str() {
            Some(written) => Text::same(format!("{written:?}")),
            None => {
                let type_name = node.type_name();
                Text::new(format!("{:?}", type_name.en), type_name.ja)
            }
        };
        reader.report(
            Code::ManifestInvalidField,
            node.span,
            text!(
                "`{0}` {1} is not a CIDR such as 10.0.0.0/16 or fd00::/8",
                "`{0}` の {1} は 10.0.0.0/16 や fd00::/8 のような CIDR ではありません",
                path,
                value
            ),
        );
        return None;
    };
    if net.trunc() != net {
        reader.report(
            Code::NpIpblockNotCanonical,
            node.span,
            text!(
                "{0} has host bits set; it means {1}",
                "{0} にはホスト ビットが設定されています。これは {1} を意味します",
                net,
                net.trunc()
            ),
        );
    }
    Some(net.trunc())
}

fn read_port(reader: &mut FieldReader<'_>, node: &Node) -> Option<PolicyPort> {
    let protocol = read_protocol(reader, node, "ports[].protocol")?;
    let port = match node.get("port").map(|p| (&p.value, p.span)) {
        None | Some((Value::Null, _)) => None,
        Some((Value::Int(n), span)) => match u16::try_from(*n) {
            Ok(n) if n > 0 => Some(PortRef::Number(n)),
            _ => {
                reader.report(
                    Code::ManifestInvalidField,
                    span,
                    text!(
                        "port {0} is outside 1-65535",
                        "ポート {0} が 1-65535 の範囲外です",
                        n
                    ),
                );
                return None;
            }
        },
        Some((Value::Str(name), span)) => {
            if let Ok(n) = name.parse::<u16>() {
                // The API server reads a quoted number as a port name, which can never match.
                reader.report(
                    Code::ManifestInvalidField,
                    span,
                    text!(
                        "port \"{0}\" is quoted, so Kubernetes reads it as a port name: remove the quotes",
                        "ポート \"{0}\" は引用符で囲まれているため、Kubernetes はポート名として読み取ります。引用符を削除してください",
                        n
                    ),
                );
                return None;
            }
            Some(PortRef::Name(name.clone()))
        }
        Some((_, span)) => {
            reader.report(
                Code::ManifestInvalidField,
                span,
                text!(
                    "`port` must be a number or a port name",
                    "`port` は数値またはポート名である必要があります"
                ),
            );
            return None;
        }
    };
    let end_port = match node.get("endPort") {
        None => None,
        Some(end) => {
            let value = reader.int(node, "endPort", "ports[].endPort")?;
            let problem = match (&port, u16::try_from(value)) {
                (Some(PortRef::Number(start)), Ok(end)) if end >= *start => None,
                (Some(PortRef::Number(start)), Ok(end)) => Some(text!(
                    "endPort {0} is below port {1}",
                    "endPort {0} が port {1} より小さくなっています",
                    end,
                    start
                )),
                (Some(PortRef::Name(_)), _) => Some(text!(
                    "endPort cannot be used with a named port",
                    "名前付きポートには endPort を使用できません"
                )),
                (None, _) => Some(text!(
                    "endPort needs a numeric `port`",
                    "endPort には数値の `port` が必要です"
                )),
                (_, Err(_)) => Some(text!(
                    "endPort {0} is outside 1-65535",
                    "endPort {0} が 1-65535 の範囲外です",
                    value
                )),
            };
            if let Some(problem) = problem {
                reader.report(Code::NpEndportInvalid, end.span, problem);
                return None;
            }
            u16::try_from(value).ok()
        }
    };
    Some(PolicyPort {
        protocol,
        port,
        end_port,
        span: node.span,
    })
}
