//! Ingress rules (`networking.k8s.io/v1` `kind: Ingress`).

mod backend_missing;
mod path_type_missing;
mod tls_host_mismatch;

use super::Context;
use crate::manifest::{Kind, Manifest};
use crate::yaml::Node;

pub(super) fn run(context: &mut Context<'_>) {
    path_type_missing::check(context);
    tls_host_mismatch::check(context);
    backend_missing::check(context);
}

/// The Ingress manifests with their `spec` mapping.
fn ingresses(manifests: &[Manifest]) -> impl Iterator<Item = (&Manifest, &Node)> {
    manifests
        .iter()
        .filter(|m| m.known_kind() == Some(Kind::Ingress))
        .filter_map(|m| {
            let spec = m.node.get("spec").filter(|s| s.entries().is_some())?;
            Some((m, spec))
        })
}

/// The items of the list at `node[key]`; empty when it is absent or not a list.
fn list<'a>(node: &'a Node, key: &str) -> &'a [Node] {
    node.get(key).and_then(Node::items).unwrap_or_default()
}

/// The items of `spec.rules`.
fn rules(spec: &Node) -> &[Node] {
    list(spec, "rules")
}

/// Every item of `spec.rules[].http.paths[]`.
fn paths(spec: &Node) -> impl Iterator<Item = &Node> {
    rules(spec).iter().flat_map(|rule| {
        rule.get("http")
            .map(|http| list(http, "paths"))
            .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use crate::Code;

    /// How many findings of `code`, and the text with their fixes applied.
    fn check(text: &str, code: Code) -> (usize, String) {
        let (found, fixed) = crate::rules::findings_and_fixed(text, code);
        (found.len(), fixed)
    }

    fn ingress(spec: &str) -> String {
        format!(
            "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {{name: i, namespace: a}}\nspec:\n{spec}"
        )
    }

    const BACKEND: &str = "backend: {service: {name: web, port: {number: 80}}}";

    #[test]
    fn path_types_follow_the_path() {
        let text = ingress(&format!(
            "  rules:\n  - http:\n      paths:\n      - path: /api(/|$)(.*)\n        {BACKEND}\n      - {BACKEND}\n      - {{path: /app, {BACKEND}}}\n"
        ));
        let (count, fixed) = check(&text, Code::IngressPathTypeMissing);
        assert_eq!(count, 3);
        assert!(
            fixed.contains("- pathType: ImplementationSpecific\n        path: /api(/|$)(.*)"),
            "{fixed}"
        );
        assert!(
            fixed.contains("- pathType: ImplementationSpecific\n        backend:"),
            "{fixed}"
        );
        assert!(
            fixed.contains("- {pathType: Prefix, path: /app,"),
            "{fixed}"
        );
        assert_eq!(check(&fixed, Code::IngressPathTypeMissing).0, 0);
    }

    #[test]
    fn an_empty_path_type_is_reported_without_a_fix() {
        let text = ingress(&format!(
            "  rules:\n  - http:\n      paths:\n      - path: /\n        pathType:\n        {BACKEND}\n"
        ));
        let (count, fixed) = check(&text, Code::IngressPathTypeMissing);
        assert_eq!(count, 1);
        assert_eq!(fixed, text);
    }

    #[test]
    fn tls_hosts_and_rule_hosts() {
        let rule = |host: &str| {
            format!(
                "  - host: {host}\n    http: {{paths: [{{path: /, pathType: Prefix, {BACKEND}}}]}}\n"
            )
        };
        let cases = [
            // A typo: both the TLS host and the rule host are reported.
            ("[myapp.com]", vec!["www.myapp.com"], 2),
            ("['*.myapp.com']", vec!["shop.myapp.com"], 0),
            ("['*.myapp.com']", vec!["a.shop.myapp.com"], 2),
            ("['*.myapp.com']", vec!["myapp.com", "blog.myapp.com"], 1),
            ("[myapp.com]", vec!["MyApp.com"], 0),
            ("[]", vec!["myapp.com"], 0),
        ];
        for (hosts, rule_hosts, expected) in cases {
            let rules: String = rule_hosts.iter().map(|h| rule(h)).collect();
            let text = ingress(&format!(
                "  tls:\n  - hosts: {hosts}\n    secretName: s\n  rules:\n{rules}"
            ));
            assert_eq!(
                check(&text, Code::IngressTlsHostMismatch).0,
                expected,
                "{hosts} {rule_hosts:?}"
            );
        }
        // A rule without host serves every TLS host.
        let text = ingress(&format!(
            "  tls: [{{hosts: [other.com], secretName: s}}]\n  rules:\n  - http: {{paths: [{{path: /, pathType: Prefix, {BACKEND}}}]}}\n"
        ));
        assert_eq!(check(&text, Code::IngressTlsHostMismatch).0, 0);
    }

    #[test]
    fn backends_are_checked_only_against_a_input_with_services() {
        let service = |namespace: &str, name: &str| {
            format!(
                "---\napiVersion: v1\nkind: Service\nmetadata: {{name: {name}, namespace: {namespace}}}\nspec: {{selector: {{app: web}}, ports: [{{port: 80}}]}}\n"
            )
        };
        let text = ingress(&format!(
            "  defaultBackend: {{service: {{name: fallback, port: {{number: 80}}}}}}\n  rules:\n  - http: {{paths: [{{path: /, pathType: Prefix, {BACKEND}}}]}}\n"
        ));
        let found = |extra: String| check(&format!("{text}{extra}"), Code::IngressBackendMissing).0;
        assert_eq!(found(String::new()), 0);
        assert_eq!(found(service("a", "web")), 1);
        assert_eq!(found(service("b", "web") + &service("a", "fallback")), 1);
        assert_eq!(found(service("a", "web") + &service("a", "fallback")), 0);
    }
}
