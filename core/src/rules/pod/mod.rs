//! Pod security rules: Pods and the pod templates of workloads (`spec.template`, and
//! `spec.jobTemplate.spec.template` of a `CronJob`), every container and init container.

mod host_network;
mod privilege_escalation;
mod privileged;
mod runs_as_root;
mod windows_pod;

use super::Context;
use crate::manifest::{Kind, Manifest};
use crate::span::Span;
use crate::text;
use crate::text::Text;
use crate::yaml::{Node, Value};

pub(super) fn run(context: &mut Context<'_>) {
    privilege_escalation::check(context);
    runs_as_root::check(context);
    privileged::check(context);
    host_network::check(context);
    windows_pod::check(context);
}

/// The pod spec of a Pod, or of a workload's pod template.
fn pod_spec(manifest: &Manifest) -> Option<&Node> {
    let path: &[&str] = match manifest.known_kind()? {
        Kind::Pod => &["spec"],
        Kind::Deployment
        | Kind::StatefulSet
        | Kind::DaemonSet
        | Kind::ReplicaSet
        | Kind::ReplicationController
        | Kind::Job => &["spec", "template", "spec"],
        Kind::CronJob => &["spec", "jobTemplate", "spec", "template", "spec"],
        Kind::Namespace | Kind::NetworkPolicy | Kind::Service | Kind::Ingress | Kind::Node => {
            return None;
        }
    };
    manifest
        .node
        .path(path)
        .filter(|spec| spec.entries().is_some())
}

/// Every manifest that carries a pod spec, with that spec.
fn pod_specs(manifests: &[Manifest]) -> impl Iterator<Item = (&Manifest, &Node)> {
    manifests
        .iter()
        .filter_map(|manifest| pod_spec(manifest).map(|spec| (manifest, spec)))
}

/// A container of a pod spec.
struct Container<'a> {
    node: &'a Node,
    init: bool,
}

impl<'a> Container<'a> {
    /// `container `web`` or `init container `setup``, for messages.
    fn describe(&self) -> Text {
        let kind = if self.init {
            Text::new("init container", "init コンテナー")
        } else {
            Text::new("container", "コンテナー")
        };
        match self.node.get("name").and_then(Node::as_str) {
            Some(name) => text!("{0} `{1}`", "{0} `{1}`", kind, name),
            None => text!("unnamed {0}", "名前のない {0}", kind),
        }
    }

    /// Where findings about the container point: its `name`, or the whole item.
    fn at(&self) -> Span {
        self.node
            .get("name")
            .map_or(self.node.span, |name| name.span)
    }

    fn security_context(&self) -> Option<&'a Node> {
        self.node.get("securityContext")
    }

    /// `securityContext.<key>` of the container.
    fn setting(&self, key: &str) -> Option<&'a Node> {
        self.security_context()?.get(key)
    }
}

/// The containers and init containers of a pod spec that are mappings.
fn containers(spec: &Node) -> impl Iterator<Item = Container<'_>> {
    let list = |key: &str| spec.get(key).and_then(Node::items).unwrap_or_default();
    let regular = list("containers")
        .iter()
        .map(|node| Container { node, init: false });
    let init = list("initContainers")
        .iter()
        .map(|node| Container { node, init: true });
    init.chain(regular)
        .filter(|container| container.node.entries().is_some())
}

/// A pod scheduled on Windows nodes (`spec.os.name: windows` or the `kubernetes.io/os: windows`
/// node selector), where the Linux security settings do not apply.
fn is_windows(spec: &Node) -> bool {
    spec.path(&["os", "name"]).and_then(Node::as_str) == Some("windows")
        || spec
            .path(&["nodeSelector", "kubernetes.io/os"])
            .and_then(Node::as_str)
            == Some("windows")
}

/// A boolean value as Kubernetes reads it; `None` when absent, null or not a boolean.
fn as_bool(node: Option<&Node>) -> Option<bool> {
    match node?.value {
        Value::Bool(b) => Some(b),
        _ => None,
    }
}

/// An integer value; `None` when absent or not an integer.
fn as_int(node: Option<&Node>) -> Option<i64> {
    match node?.value {
        Value::Int(i) => Some(i),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::Code;

    /// The findings of `code` (with whether they carry a fix), and the text with their fixes
    /// applied.
    fn check(text: &str, code: Code) -> (Vec<bool>, String) {
        crate::rules::findings_and_fixed(text, code)
    }

    fn pod(spec: &str) -> String {
        format!("apiVersion: v1\nkind: Pod\nmetadata: {{name: p, namespace: a}}\nspec:\n{spec}")
    }

    #[test]
    fn flow_containers_get_flow_fixes() {
        let text = pod("  containers: [{name: a, image: x}, {name: b, securityContext: {}}]\n");
        let (found, fixed) = check(&text, Code::PodPrivilegeEscalation);
        assert_eq!(found, [true, true]);
        assert!(
            fixed.contains("[{securityContext: {allowPrivilegeEscalation: false}, name: a, image: x}, {name: b, securityContext: {allowPrivilegeEscalation: false}}]"),
            "{fixed}"
        );
        assert!(check(&fixed, Code::PodPrivilegeEscalation).0.is_empty());
    }

    #[test]
    fn yes_is_true_and_becomes_false() {
        let text = pod(
            "  containers:\n  - name: a\n    securityContext:\n      allowPrivilegeEscalation: yes\n",
        );
        let (found, fixed) = check(&text, Code::PodPrivilegeEscalation);
        assert_eq!(found, [true]);
        assert!(
            fixed.ends_with("allowPrivilegeEscalation: false\n"),
            "{fixed}"
        );
    }

    #[test]
    fn privileged_sys_admin_and_windows_containers() {
        // Privileged: left to pod-privileged, whose finding has no fix.
        let privileged =
            pod("  containers:\n  - name: a\n    securityContext: {privileged: true}\n");
        assert!(
            check(&privileged, Code::PodPrivilegeEscalation)
                .0
                .is_empty()
        );
        assert_eq!(check(&privileged, Code::PodPrivileged).0, [false]);
        // CAP_SYS_ADMIN: reported, with no fix the API server would refuse.
        let sys_admin = pod(
            "  containers:\n  - name: a\n    securityContext:\n      capabilities: {add: [SYS_ADMIN]}\n",
        );
        assert_eq!(check(&sys_admin, Code::PodPrivilegeEscalation).0, [false]);
        // Windows: Linux-only settings are not asked for.
        for selector in [
            "  nodeSelector: {kubernetes.io/os: windows}\n",
            "  os: {name: windows}\n",
        ] {
            let windows = pod(&format!("{selector}  containers:\n  - name: a\n"));
            assert!(check(&windows, Code::PodPrivilegeEscalation).0.is_empty());
            assert!(check(&windows, Code::PodRunsAsRoot).0.is_empty());
        }
    }

    #[test]
    fn container_settings_override_the_pod() {
        let cases = [
            ("  securityContext: {runAsNonRoot: true}\n", "{name: a}", 0),
            ("  securityContext: {runAsUser: 1000}\n", "{name: a}", 0),
            ("", "{name: a, securityContext: {runAsUser: 1000}}", 0),
            ("", "{name: a}", 1),
            (
                "  securityContext: {runAsNonRoot: true}\n",
                "{name: a, securityContext: {runAsNonRoot: false}}",
                1,
            ),
            (
                "  securityContext: {runAsUser: 1000}\n",
                "{name: a, securityContext: {runAsUser: 0}}",
                1,
            ),
            (
                "  securityContext: {runAsNonRoot: true, runAsUser: 0}\n",
                "{name: a, securityContext: {runAsUser: 1000}}",
                0,
            ),
        ];
        for (pod_context, container, expected) in cases {
            let text = pod(&format!("{pod_context}  containers: [{container}]\n"));
            let found = check(&text, Code::PodRunsAsRoot).0;
            assert_eq!(found.len(), expected, "{pod_context} {container}");
        }
    }

    #[test]
    fn every_workload_kind_is_read() {
        let template = "    metadata: {labels: {app: w}}\n    spec:\n      hostNetwork: true\n      containers: [{name: a}]\n";
        for (kind, api) in [
            ("Deployment", "apps/v1"),
            ("StatefulSet", "apps/v1"),
            ("DaemonSet", "apps/v1"),
            ("ReplicaSet", "apps/v1"),
            ("ReplicationController", "v1"),
            ("Job", "batch/v1"),
        ] {
            let text = format!(
                "apiVersion: {api}\nkind: {kind}\nmetadata: {{name: w, namespace: a}}\nspec:\n  template:\n{template}"
            );
            assert_eq!(check(&text, Code::PodHostNetwork).0.len(), 1, "{kind}");
        }
        let cron = format!(
            "apiVersion: batch/v1\nkind: CronJob\nmetadata: {{name: w, namespace: a}}\nspec:\n  schedule: '@daily'\n  jobTemplate:\n    spec:\n      template:\n    {}\n",
            template.trim_end().replace('\n', "\n    ")
        );
        assert_eq!(check(&cron, Code::PodHostNetwork).0.len(), 1);
    }

    #[test]
    fn windows_pods_are_reported_only_for_policies_of_their_namespace() {
        let windows = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w, namespace: a}\nspec:\n  template:\n    metadata: {labels: {app: w}}\n    spec:\n      nodeSelector: {kubernetes.io/os: windows}\n      containers: [{name: w}]\n";
        let policy = |namespace: &str, selector: &str| {
            format!(
                "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: p, namespace: {namespace}}}\nspec: {{podSelector: {selector}, policyTypes: [Ingress]}}\n"
            )
        };
        let found = |text: String| check(&text, Code::NpWindowsPod).0.len();
        assert_eq!(found(format!("{windows}{}", policy("a", "{}"))), 1);
        assert_eq!(
            found(format!(
                "{windows}{}",
                policy("a", "{matchLabels: {app: w}}")
            )),
            1
        );
        assert_eq!(
            found(format!(
                "{windows}{}",
                policy("a", "{matchLabels: {app: x}}")
            )),
            0
        );
        assert_eq!(found(format!("{windows}{}", policy("b", "{}"))), 0);
    }
}
