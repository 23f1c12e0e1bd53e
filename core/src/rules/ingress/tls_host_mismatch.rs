//! `ingress-tls-host-mismatch`: TLS hosts and rule hosts of an Ingress that do not match.
//!
//! ## What it finds
//! In an Ingress with a `tls` section: a host of `spec.tls[].hosts` that no rule serves, or a
//! rule `host` that no TLS entry covers. A wildcard such as `*.example.com` covers exactly one
//! more label (`a.example.com`, not `example.com` or `a.b.example.com`), as in TLS
//! certificates and Ingress rules. A TLS host is not reported when a rule without `host` or a
//! `defaultBackend` serves every host; rule hosts are not reported when a TLS entry lists no
//! hosts, whose certificate the controller then applies by its own default.
//!
//! ## Why it matters
//! The controller picks the certificate by the rule's host. A rule host outside every TLS entry
//! is served over HTTPS with the controller's default certificate, which browsers refuse; a TLS
//! host without a rule is usually a typo for the host meant (`myapp.com` against `www.myapp.com`).
//!
//! ## Fix
//! None: which of the two names is right is not known.

use super::{ingresses, list, rules};
use crate::codes::Code;
use crate::rules::Context;
use crate::text;
use crate::yaml::Node;

pub(super) fn check(context: &mut Context<'_>) {
    let manifests = context.manifests;
    for (manifest, spec) in ingresses(manifests) {
        let tls = list(spec, "tls");
        if tls.is_empty() {
            continue;
        }
        let tls_hosts: Vec<&Node> = tls
            .iter()
            .flat_map(|entry| list(entry, "hosts"))
            .filter(|h| h.as_str().is_some())
            .collect();
        let rule_hosts: Vec<&Node> = rules(spec)
            .iter()
            .filter_map(|rule| rule.get("host").filter(|h| h.as_str().is_some()))
            .collect();
        let text = |node: &Node| node.as_str().unwrap_or_default().to_ascii_lowercase();

        let catch_all = spec.get("defaultBackend").is_some_and(|b| !b.is_null())
            || rules(spec)
                .iter()
                .any(|rule| rule.get("host").is_none_or(Node::is_null));
        if !catch_all {
            for host in &tls_hosts {
                let name = text(host);
                let served = rule_hosts.iter().any(|rule| {
                    let rule = text(rule);
                    covers(&rule, &name) || covers(&name, &rule)
                });
                if !served {
                    let message = text!(
                        "TLS host `{0}` is not the host of any rule of this Ingress, so its certificate serves nothing here; check the spelling against the rules' hosts",
                        "TLS ホスト `{0}` はこの Ingress のどのルールのホストでもないため、その証明書はここでは何にも使われません。ルールのホストとつづりを照らし合わせてください",
                        name
                    );
                    context.report(
                        manifest,
                        Code::IngressTlsHostMismatch,
                        host.span,
                        message,
                        None,
                    );
                }
            }
        }

        let open_entry = tls
            .iter()
            .any(|entry| list(entry, "hosts").is_empty() && entry.entries().is_some());
        if open_entry {
            continue;
        }
        for host in &rule_hosts {
            let name = text(host);
            if tls_hosts.iter().any(|tls| covers(&text(tls), &name)) {
                continue;
            }
            let message = text!(
                "rule host `{0}` is in no `tls` entry: HTTPS requests for it get the controller's default certificate, which clients reject; add it to `tls[].hosts`",
                "ルールのホスト `{0}` がどの `tls` エントリにもありません。このホストへの HTTPS 要求にはコントローラーの既定の証明書が返され、クライアントに拒否されます。`tls[].hosts` に追加してください",
                name
            );
            context.report(
                manifest,
                Code::IngressTlsHostMismatch,
                host.span,
                message,
                None,
            );
        }
    }
}

/// Whether the name or wildcard `pattern` covers `host`: equal, or `*.example.com` against a
/// host with exactly one more label.
fn covers(pattern: &str, host: &str) -> bool {
    if pattern == host {
        return true;
    }
    let Some(suffix) = pattern.strip_prefix("*.") else {
        return false;
    };
    host.strip_suffix(suffix)
        .and_then(|rest| rest.strip_suffix('.'))
        .is_some_and(|label| !label.is_empty() && !label.contains('.') && label != "*")
}

#[cfg(test)]
mod tests {
    use super::covers;

    #[test]
    fn wildcards_cover_one_label() {
        assert!(covers("myapp.com", "myapp.com"));
        assert!(covers("*.example.com", "a.example.com"));
        assert!(covers("*.example.com", "*.example.com"));
        assert!(!covers("*.example.com", "example.com"));
        assert!(!covers("*.example.com", "a.b.example.com"));
        assert!(!covers("*.example.com", "aexample.com"));
        assert!(!covers("a.example.com", "*.example.com"));
    }
}
