//! `ingress-backend-missing`: an Ingress backend naming a Service the input does not have.
//!
//! ## What it finds
//! A backend Service (`spec.rules[].http.paths[].backend.service.name` and
//! `spec.defaultBackend.service.name`) that is not a Service of the Ingress's namespace in the
//! input. Only when the input holds at least one Service: manifests checked one file at a time
//! would otherwise report every backend.
//!
//! ## Why it matters
//! An Ingress can only route to Services of its own namespace. A misspelt or missing Service is
//! accepted by the API server, and the controller answers the requests for that path with an
//! error (ingress-nginx returns 503) until a Service of that name appears.
//!
//! ## Fix
//! None: the Service may be missing from the input, or the name may be misspelt.

use super::{ingresses, paths};
use crate::codes::Code;
use crate::rules::Context;
use crate::text;
use crate::text::Text;

pub(super) fn check(context: &mut Context<'_>) {
    let services = &context.cluster.services;
    if services.is_empty() {
        return;
    }
    let manifests = context.manifests;
    for (manifest, spec) in ingresses(manifests) {
        let namespace = manifest.namespace.as_deref().unwrap_or("default");
        let backends = paths(spec)
            .filter_map(|item| item.get("backend"))
            .chain(spec.get("defaultBackend"));
        for backend in backends {
            let Some(node) = backend.path(&["service", "name"]) else {
                continue;
            };
            let Some(name) = node.as_str() else {
                continue;
            };
            if services
                .iter()
                .any(|s| s.namespace == namespace && s.name == name)
            {
                continue;
            }
            let elsewhere: Vec<&str> = services
                .iter()
                .filter(|s| s.name == name)
                .map(|s| s.namespace.as_str())
                .collect();
            let hint = if elsewhere.is_empty() {
                Text::default()
            } else {
                text!(
                    " (a Service of that name is in {0}, but an Ingress reaches only its own namespace)",
                    " (同じ名前の Service は {0} にありますが、Ingress が到達できるのは自身の名前空間だけです)",
                    elsewhere.join(", ")
                )
            };
            let message = text!(
                "backend Service `{0}` is not in namespace `{1}` of the input{2}: requests routed to it fail",
                "バックエンドの Service `{0}` が入力の名前空間 `{1}` にありません{2}。この Service にルーティングされる要求は失敗します",
                name,
                namespace,
                hint
            );
            context.report(
                manifest,
                Code::IngressBackendMissing,
                node.span,
                message,
                None,
            );
        }
    }
}
