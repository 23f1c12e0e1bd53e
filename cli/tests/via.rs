//! `aksnet reach --via NS/SERVICE`: the flows from outside the cluster through a `NodePort` or
//! `LoadBalancer` Service, per engine, on tests/fixtures/via/ (a Service in the shape
//! `kubectl get svc -o yaml` prints, the migration guide's deny-all and its fix).

mod common;

use common::{aksnet, aksnet_with, stdout};

const SHOP: &str = "tests/fixtures/via/shop.yaml";
const DENY_ALL: &str = "tests/fixtures/via/deny-all.yaml";
const CLIENTS_ALLOWED: &str = "tests/fixtures/via/clients-allowed.yaml";

fn json(args: &[&str]) -> serde_json::Value {
    let output = aksnet(args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// (allowed, engine note points) of each flow.
fn verdicts(json: &serde_json::Value) -> Vec<(bool, Vec<String>)> {
    json["flows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|flow| {
            let points = flow["explanation"]["engine_notes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n["point"].as_str().unwrap().to_owned())
                .collect();
            (flow["allowed"].as_bool().unwrap(), points)
        })
        .collect()
}

fn via(policy: &str, engine: &str, external: &str) -> serde_json::Value {
    json(&[
        "reach",
        SHOP,
        policy,
        "--via",
        "shop/web",
        "--external",
        external,
        "--engine",
        engine,
        "--format",
        "json",
    ])
}

#[test]
fn the_flows_have_reach_s_shape_with_their_explanation() {
    let json = via(DENY_ALL, "spec", "203.0.113.7");
    assert_eq!(
        json["endpoints"],
        serde_json::json!([
            "203.0.113.7",
            "shop/web-7d4b9c6f8-2xq7k",
            "shop/web-7d4b9c6f8-9mzlp"
        ])
    );
    assert_eq!(
        json["via"],
        serde_json::json!({"service": "shop/web", "type": "LoadBalancer",
            "external_traffic_policy": "Cluster"})
    );
    assert_eq!(json["engine"], "spec");
    let flow = &json["flows"][0];
    let keys: Vec<&str> = flow
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "allowed",
            "explanation",
            "from",
            "port",
            "protocol",
            "service_port",
            "to",
            "verdict"
        ],
        "reach's keys, and two more"
    );
    assert_eq!(flow["from"], "203.0.113.7");
    assert_eq!(flow["port"], 8080, "the backend's port, targetPort http");
    assert_eq!(flow["service_port"], 80);
    assert_eq!(flow["verdict"], "denied");
    assert_eq!(flow["explanation"]["ingress"]["verdict"], "denied");
    assert_eq!(
        flow["explanation"]["ingress"]["isolating"][0],
        "shop/default-deny-ingress"
    );
}

/// The migration guide's fifth scenario: the deny-all lets outside clients in on NPM and keeps
/// them out on Cilium; the guide's fix (a rule for the expected sources) lets them in on both.
#[test]
fn deny_all_behind_a_load_balancer_per_engine() {
    let note = "external-traffic-cluster".to_owned();
    let open = (true, vec![note.clone()]);
    let closed = (false, vec![note.clone()]);
    for (engine, expected) in [
        ("spec", &closed),
        ("azure", &open),
        ("calico", &closed),
        ("cilium", &closed),
    ] {
        let json = via(DENY_ALL, engine, "203.0.113.7");
        assert_eq!(
            verdicts(&json),
            [expected.clone(), expected.clone()],
            "{engine}"
        );
    }
    for engine in ["spec", "azure", "cilium"] {
        let json = via(CLIENTS_ALLOWED, engine, "203.0.113.7");
        assert_eq!(verdicts(&json), [open.clone(), open.clone()], "{engine}");
    }
    // Calico sees the nodes, which the rule for the clients does not admit.
    let json = via(CLIENTS_ALLOWED, "calico", "203.0.113.7");
    assert_eq!(verdicts(&json), [closed.clone(), closed.clone()]);
    let unenforced = via(DENY_ALL, "none", "203.0.113.7");
    assert!(verdicts(&unenforced).iter().all(|(allowed, _)| *allowed));
}

/// With externalTrafficPolicy Local the client's address is kept: NPM applies the deny-all too.
#[test]
fn traffic_policy_local_keeps_the_client_on_every_engine() {
    let shop = std::fs::read_to_string(common::root().join(SHOP))
        .unwrap()
        .replace(
            "externalTrafficPolicy: Cluster",
            "externalTrafficPolicy: Local",
        );
    let deny = std::fs::read_to_string(common::root().join(DENY_ALL)).unwrap();
    let text = format!("{shop}\n---\n{deny}");
    for engine in ["spec", "azure", "calico", "cilium"] {
        let output = aksnet_with(
            &[
                "reach", "-", "--via", "shop/web", "--engine", engine, "--format", "json",
            ],
            &text,
        );
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(json["via"]["external_traffic_policy"], "Local");
        assert_eq!(
            verdicts(&json),
            [(false, vec![]), (false, vec![])],
            "{engine}"
        );
    }
}

#[test]
fn without_external_the_source_is_any_client() {
    let json = json(&[
        "reach",
        SHOP,
        CLIENTS_ALLOWED,
        "--via",
        "shop/web",
        "--format",
        "json",
    ]);
    assert_eq!(json["flows"][0]["from"], "0.0.0.0/0");
    assert_eq!(
        json["flows"][0]["verdict"], "denied",
        "the rule admits 203.0.113.0/24, not every client"
    );
}

#[test]
fn text_output_explains_each_flow_under_its_service_port() {
    let output = aksnet(&[
        "reach",
        SHOP,
        DENY_ALL,
        "--via",
        "shop/web",
        "--external",
        "203.0.113.7",
        "--engine",
        "azure",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(
        text.starts_with(
            "Service shop/web on 80/TCP (LoadBalancer, externalTrafficPolicy Cluster), engine azure:\n\
             203.0.113.7 → shop/web-7d4b9c6f8-2xq7k on 8080/TCP: allowed.\n\
             Azure NPM does not apply ingress policy"
        ),
        "{text}"
    );
    assert_eq!(text.matches(": allowed.").count(), 2, "{text}");
}

#[test]
fn a_service_outside_traffic_cannot_enter_is_a_usage_error() {
    let cases: &[(&[&str], &str)] = &[
        (&["--via", "shop/web-internal"], "is a ClusterIP Service"),
        (&["--via", "shop/api"], "no Service shop/api"),
        (
            &["--via", "shop/web", "--port", "8080/TCP"],
            "has no port 8080/TCP; its ports: 80/TCP",
        ),
        (
            &["--via", "shop/web", "--external", "web"],
            "not an IP address",
        ),
        (
            &["--via", "shop/web", "--from", "shop/web-7d4b9c6f8-2xq7k"],
            "cannot be used with",
        ),
        (
            &["--via", "shop/web", "--representatives"],
            "cannot be used with",
        ),
    ];
    for (args, message) in cases {
        let mut all = vec!["reach", SHOP];
        all.extend_from_slice(args);
        let output = aksnet(&all);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}

/// A policy the API server would refuse could change the flows: unknown, exit status 1.
#[test]
fn a_document_that_cannot_be_read_makes_the_flows_unknown() {
    let shop = std::fs::read_to_string(common::root().join(SHOP)).unwrap();
    let refused = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n\
                   metadata: {name: broken, namespace: shop}\nspec:\n  podSelector: {}\n  \
                   ingress:\n  - ports:\n    - {port: 90, endPort: 80}\n";
    let output = aksnet_with(
        &["reach", "-", "--via", "shop/web", "--format", "json"],
        &format!("{shop}\n---\n{refused}"),
    );
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["incomplete"].as_array().unwrap().len(), 1);
    for flow in json["flows"].as_array().unwrap() {
        assert_eq!(flow["verdict"], "unknown");
        assert!(flow["allowed"].is_null());
    }
}
