//! `migrate-lb-ingress`: outside clients that reach pods through a `LoadBalancer` or `NodePort`
//! Service with `externalTrafficPolicy: Cluster` past this policy's ingress under Azure NPM,
//! which Cilium blocks.
//!
//! ## What it finds
//! A policy that isolates a Service's backend pods for ingress, when the Service is of type
//! `LoadBalancer` or `NodePort` with `externalTrafficPolicy: Cluster` (the default) and the policy
//! does not admit the outside clients (the `--external` sources, or an assumed client): "Under
//! NPM, ingress traffic arriving via a `LoadBalancer` or `NodePort` service with
//! externalTrafficPolicy=Cluster isn't subject to ingress policy enforcement"; "Cilium enforces
//! ingress policies on all traffic".
//!
//! ## Why it matters
//! The Service stops answering its outside clients after the move, though the policy looks
//! unchanged.
//!
//! ## What the guide requires
//! "Ensure that ingress rules explicitly allow traffic from the expected external sources (for
//! example, IP ranges, namespaces, or labels)."
//!
//! ## Fix (unsafe)
//! A NetworkPolicy appended as a new document, for the Service's backend pods, allowing ingress
//! from the `--external` ranges on the Service's target ports; without `--external`, from a
//! placeholder range (203.0.113.0/24) the user must edit. Unsafe: it allows traffic, and the
//! placeholder is not the user's clients.
//!
//! Source: <https://learn.microsoft.com/azure/aks/migrate-from-npm-to-cilium-network-policy>,
//! "Ingress policy behavior changes".

use std::fmt::Write as _;
use std::net::IpAddr;

use ipnet::IpNet;

use crate::cluster::TargetPort;
use crate::codes::Code;
use crate::finding::Finding;
use crate::fix::Fix;
use crate::text;

use super::case::{Case, append_document, flow_labels, object_name, quoted};

/// The range the fix allows when no outside source is given: TEST-NET-3 (RFC 5737), which the
/// user replaces with the clients' addresses.
const PLACEHOLDER: &str = "203.0.113.0/24";

pub(super) fn finding(case: &Case<'_>) -> Finding {
    let services: Vec<String> = case
        .services
        .iter()
        .map(|s| format!("{}/{}", s.namespace, s.name))
        .collect();
    let message = text!(
        "NPM does not apply this policy's ingress to outside clients through Service {0} (LoadBalancer or NodePort, `externalTrafficPolicy: Cluster`); Cilium does after the migration and blocks them, which changes {1}; the guide: allow the expected external sources explicitly",
        "NPM は Service {0} (LoadBalancer または NodePort、`externalTrafficPolicy: Cluster`) 経由の外部クライアントにこのポリシーの受信ルールを適用しません。移行後の Cilium は適用して遮断し、{1} が変わります。ガイドの対処: 想定される外部の送信元を明示的に許可してください",
        services.join(", "),
        case.flows_text()
    );
    let sources: Vec<String> = case
        .external
        .iter()
        .filter_map(|e| {
            let e = e.trim();
            e.parse::<IpNet>()
                .ok()
                .or_else(|| e.parse::<IpAddr>().ok().map(IpNet::from))
                .map(|n| n.trunc().to_string())
        })
        .collect();
    let placeholder = sources.is_empty();
    let mut documents = String::new();
    for service in &case.services {
        let Some(selector) = &service.selector else {
            continue;
        };
        let peers: String = if placeholder {
            format!(
                "    - ipBlock:\n        cidr: {PLACEHOLDER}  # edit: the addresses of the Service's clients\n"
            )
        } else {
            sources.iter().fold(String::new(), |mut out, cidr| {
                let _ = write!(out, "    - ipBlock:\n        cidr: {cidr}\n");
                out
            })
        };
        let ports = service.ports.iter().fold(String::new(), |mut out, p| {
            let port = match &p.target {
                TargetPort::Number(n) => n.to_string(),
                TargetPort::Name(name) => quoted(name),
            };
            let _ = write!(out, "    - port: {port}\n      protocol: {}\n", p.protocol);
            out
        });
        let name = object_name(&service.name, "allow-external");
        let document = format!(
            "# Outside clients through LoadBalancer/NodePort Service {}: Cilium applies ingress policy to them.\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: {}\n  namespace: {}\nspec:\n  podSelector:\n    matchLabels: {}\n  policyTypes:\n  - Ingress\n  ingress:\n  - from:\n{peers}    ports:\n{ports}",
            service.name,
            quoted(&name),
            quoted(&service.namespace),
            flow_labels(selector),
        );
        if !documents.is_empty() {
            documents.push_str("---\n");
        }
        documents.push_str(&document);
    }
    let mut finding = Finding::new(
        Code::MigrateLbIngress,
        case.policy.file,
        case.span(),
        message,
    )
    .with_ranges(services);
    if !documents.is_empty() {
        let title = if placeholder {
            text!(
                "Allow the Service's outside clients explicitly (edit the placeholder range {0})",
                "Service の外部クライアントを明示的に許可する (仮の範囲 {0} を編集してください)",
                PLACEHOLDER
            )
        } else {
            text!(
                "Allow the Service's outside clients ({0}) explicitly",
                "Service の外部クライアント ({0}) を明示的に許可する",
                sources.join(", ")
            )
        };
        finding.fix = Some(Fix::unsafe_edits(
            title,
            vec![append_document(case.text, &documents)],
        ));
    }
    finding
}
