//! The reachability of one port as plain data for front ends ([`Verdicts`]), and how verdicts
//! differ between two analyses of edited texts ([`VerdictChanges`], [`changed_flows`]), endpoints
//! matched by id.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::Reachability;
use crate::bitset::BitSet;
use crate::cluster::{Cluster, FlowPort};
use crate::incomplete::UnknownFlows;

/// Every (from, to) verdict on one port, by class: endpoints no policy tells apart share a class
/// and their verdicts, so a front end receives one bit per pair of classes and one class per
/// endpoint (aliased copies of one pod are one class, however many).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Verdicts {
    /// The class of each endpoint, numbered in order of first appearance.
    class_of: Vec<usize>,
    classes: usize,
    /// Row by row, one bit a pair of classes.
    bits: BitSet,
    /// The flows a document that could not be read could change: they have no verdict.
    #[serde(default)]
    unknown: UnknownFlows,
}

impl Verdicts {
    /// The verdicts of `reach` on the port at `port_index`, for its first `size` endpoints.
    pub fn new(
        reach: &Reachability,
        port_index: usize,
        size: usize,
        unknown: UnknownFlows,
    ) -> Self {
        let class_of: Vec<usize> = (0..size).filter_map(|i| reach.class_of(i)).collect();
        let classes = reach.class_count();
        let mut bits = BitSet::new(classes.saturating_mul(classes));
        for from in 0..classes {
            for to in 0..classes {
                if reach.class_allowed(from, to, port_index) {
                    bits.insert(from * classes + to);
                }
            }
        }
        Self {
            class_of,
            classes,
            bits,
            unknown,
        }
    }

    /// How many classes of endpoints the verdicts tell apart.
    pub fn classes(&self) -> usize {
        self.classes
    }

    /// Whether the flow `from` → `to` is unknown (neither allowed nor blocked).
    pub fn unknown(&self, from: usize, to: usize) -> bool {
        from != to && self.unknown.unknown(from, to)
    }

    /// Whether endpoint `from` reaches endpoint `to`; an endpoint is not a flow to itself.
    pub fn allowed(&self, from: usize, to: usize) -> bool {
        let (Some(&source), Some(&destination)) = (self.class_of.get(from), self.class_of.get(to))
        else {
            return false;
        };
        from != to && self.bits.contains(source * self.classes + destination)
    }
}

/// The flows whose verdict changed between two [`Verdicts`], answered flow by flow: building it
/// is linear in the endpoints, where listing every changed flow would be quadratic.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VerdictChanges {
    /// The earlier verdicts, when some verdict may differ.
    before: Option<Verdicts>,
    /// Each endpoint of the later verdicts, by its index in the earlier ones.
    earlier_index: Vec<Option<usize>>,
}

impl VerdictChanges {
    /// What changed from `before` (over the endpoints `before_ids`) to `after` (over
    /// `after_ids`), on the same port.
    pub fn between(
        before: &Verdicts,
        before_ids: &[&str],
        after: &Verdicts,
        after_ids: &[&str],
    ) -> Self {
        // Most edits change no verdict: that is one comparison instead of a look at every flow.
        if before_ids == after_ids && before == after {
            return Self::default();
        }
        let earlier: HashMap<&str, usize> = before_ids
            .iter()
            .enumerate()
            .map(|(i, id)| (*id, i))
            .collect();
        Self {
            before: Some(before.clone()),
            earlier_index: after_ids
                .iter()
                .map(|id| earlier.get(id).copied())
                .collect(),
        }
    }

    /// Whether the flow `from` → `to` of the later verdicts, `after`, changed. A flow that is
    /// unknown now, or whose ends were not there before, did not.
    pub fn changed(&self, after: &Verdicts, from: usize, to: usize) -> bool {
        let Some(before) = &self.before else {
            return false;
        };
        let (Some(Some(was_from)), Some(Some(was_to))) =
            (self.earlier_index.get(from), self.earlier_index.get(to))
        else {
            return false;
        };
        from != to
            && !after.unknown(from, to)
            && after.allowed(from, to) != before.allowed(*was_from, *was_to)
    }
}

/// The flows an edit changes: how many it blocks and allows, with the first few of each named
/// (`from`, `to` endpoint ids).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowChanges {
    pub blocks: usize,
    pub blocked: Vec<(String, String)>,
    pub allows: usize,
    pub allowed: Vec<(String, String)>,
}

/// The flows whose verdict on the port at `port_index` differs from `before` (over the endpoints
/// `before_ids`) to `after` (over `after_ids`), between endpoints present in both; at most
/// `examples` of each kind are named. Quadratic in the endpoints of `after`: callers bound them.
pub fn changed_flows(
    before: &Reachability,
    before_ids: &[String],
    after: &Reachability,
    after_ids: &[String],
    port_index: usize,
    examples: usize,
) -> FlowChanges {
    let now: HashMap<&str, usize> = before_ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let mut changes = FlowChanges::default();
    for (from_after, from_id) in after_ids.iter().enumerate() {
        let Some(&from) = now.get(from_id.as_str()) else {
            continue;
        };
        for (to_after, to_id) in after_ids.iter().enumerate() {
            let Some(&to) = now.get(to_id.as_str()) else {
                continue;
            };
            if from == to {
                continue;
            }
            let (was, is) = (
                before.allowed(from, to, port_index),
                after.allowed(from_after, to_after, port_index),
            );
            let flow = || (from_id.clone(), to_id.clone());
            if was && !is {
                changes.blocks += 1;
                if changes.blocked.len() < examples {
                    changes.blocked.push(flow());
                }
            } else if !was && is {
                changes.allows += 1;
                if changes.allowed.len() < examples {
                    changes.allowed.push(flow());
                }
            }
        }
    }
    changes
}

/// The ports worth a matrix, sorted: 80/TCP, the one `chosen`, and every port a container of
/// `cluster` declares.
pub fn matrix_ports(cluster: &Cluster, chosen: FlowPort) -> Vec<FlowPort> {
    let mut ports = vec![FlowPort::tcp(80), chosen];
    ports.extend(cluster.endpoints.iter().flat_map(|e| {
        e.ports.iter().map(|p| FlowPort {
            port: p.port,
            protocol: p.protocol,
        })
    }));
    ports.sort();
    ports.dedup();
    ports
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{SourceFile, analyze};

    const PODS: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: a, labels: {app: a}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b, labels: {app: b}}\n";
    const DENY_B: &str = "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny}\nspec: {podSelector: {matchLabels: {app: b}}, policyTypes: [Ingress]}\n";

    /// The cluster of `text`, its endpoint ids and its verdicts on 80/TCP.
    fn read(text: &str) -> (Cluster, Vec<String>, Reachability, Verdicts) {
        let analysis = analyze(&[SourceFile::new("m.yaml", text)]);
        let cluster = analysis.cluster;
        let ids = cluster.endpoints.iter().map(crate::Endpoint::id).collect();
        let reach = Reachability::compute(&cluster, &[FlowPort::tcp(80)]);
        let verdicts = Verdicts::new(&reach, 0, cluster.endpoints.len(), UnknownFlows::default());
        (cluster, ids, reach, verdicts)
    }

    fn refs(ids: &[String]) -> Vec<&str> {
        ids.iter().map(String::as_str).collect()
    }

    #[test]
    fn verdicts_answer_by_class_and_never_for_an_endpoint_to_itself() {
        let (_, _, reach, open) = read(PODS);
        assert_eq!(open.classes(), reach.class_count());
        assert!(open.allowed(0, 1) && open.allowed(1, 0));
        assert!(!open.allowed(0, 0) && !open.allowed(0, 9));
        assert!(!open.unknown(0, 1));
        let (_, _, _, denied) = read(&format!("{PODS}{DENY_B}"));
        assert!(!denied.allowed(0, 1) && denied.allowed(1, 0));
        let unknown = Verdicts {
            unknown: UnknownFlows {
                everything: true,
                endpoints: Vec::new(),
            },
            ..denied
        };
        assert!(unknown.unknown(0, 1) && !unknown.unknown(1, 1));
    }

    /// Through JSON, as a web worker sends them.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn verdicts_survive_json() {
        let (_, _, _, denied) = read(&format!("{PODS}{DENY_B}"));
        let json = serde_json::to_string(&denied).unwrap_or_default();
        assert_eq!(serde_json::from_str::<Verdicts>(&json).ok(), Some(denied));
    }

    #[test]
    fn changes_are_the_flows_whose_verdict_differs() {
        let (_, before_ids, _, before) = read(PODS);
        let (_, after_ids, _, after) = read(&format!("{PODS}{DENY_B}"));
        let changes =
            VerdictChanges::between(&before, &refs(&before_ids), &after, &refs(&after_ids));
        assert!(changes.changed(&after, 0, 1), "a to b is now blocked");
        assert!(!changes.changed(&after, 1, 0) && !changes.changed(&after, 0, 0));
        // The same verdicts: nothing is kept to compare.
        let same =
            VerdictChanges::between(&before, &refs(&before_ids), &before, &refs(&before_ids));
        assert_eq!(same, VerdictChanges::default());
        assert!(!same.changed(&before, 0, 1));
        // A new endpoint's flows did not change: they were not there.
        let pods_c =
            format!("{PODS}---\napiVersion: v1\nkind: Pod\nmetadata: {{name: c}}\n{DENY_B}");
        let (_, c_ids, _, with_c) = read(&pods_c);
        let changes = VerdictChanges::between(&before, &refs(&before_ids), &with_c, &refs(&c_ids));
        let c = c_ids.iter().position(|id| id.ends_with("/c")).unwrap_or(9);
        assert!(!changes.changed(&with_c, c, 1));
        assert!(changes.changed(&with_c, 0, 1));
    }

    #[test]
    fn changed_flows_count_and_name_what_an_edit_blocks_and_allows() {
        let (_, open_ids, open, _) = read(PODS);
        let (_, denied_ids, denied, _) = read(&format!("{PODS}{DENY_B}"));
        let blocked = changed_flows(&open, &open_ids, &denied, &denied_ids, 0, 4);
        assert_eq!(
            blocked,
            FlowChanges {
                blocks: 1,
                blocked: vec![("default/a".to_owned(), "default/b".to_owned())],
                allows: 0,
                allowed: Vec::new(),
            }
        );
        // Undone, the same flow is allowed again; with no examples asked, it is only counted.
        let allowed = changed_flows(&denied, &denied_ids, &open, &open_ids, 0, 0);
        assert_eq!((allowed.blocks, allowed.allows), (0, 1));
        assert!(allowed.allowed.is_empty());
        // No edit, no change.
        assert_eq!(
            changed_flows(&open, &open_ids, &open, &open_ids, 0, 4),
            FlowChanges::default()
        );
    }

    #[test]
    fn matrix_ports_are_80_the_chosen_one_and_the_declared_ones() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n  - name: c\n    ports: [{containerPort: 8080}, {containerPort: 53, protocol: UDP}, {containerPort: 80}]\n";
        let (cluster, ..) = read(text);
        let ports = matrix_ports(&cluster, FlowPort::tcp(443));
        let shown: Vec<String> = ports.iter().map(ToString::to_string).collect();
        let mut expected = ports.clone();
        expected.sort();
        assert_eq!(ports, expected);
        assert_eq!(ports.len(), 4, "{shown:?}");
        assert!(ports.contains(&FlowPort::tcp(80)) && ports.contains(&FlowPort::tcp(8080)));
        assert!(ports.contains(&FlowPort::tcp(443)));
    }
}
