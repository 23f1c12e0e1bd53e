#!/usr/bin/env python3
"""A small, independent model of Kubernetes NetworkPolicy semantics, in aksnet's reach JSON.

    reference.py MANIFEST_DIR --port 80/TCP [--port ...] [--ipblock-matches-pods]

It is not an oracle of its own standing: it exists to check the differential harness.
 * selftest.py compares it with nca_flows.py (both engines), which shows that nca_flows.py reads
   NCA's answer correctly and that NCA agrees with the written spec on generated clusters.
 * run.py uses its two modes to tell a known kind of disagreement from the rest: when aksnet
   agrees with the model where ipBlocks match pod IPs and NCA agrees with the model where they do
   not, the disagreement is the `ipblock-pod-ip` category (see known-deviations.txt).

The model follows the NetworkPolicy API reference:
 * policyTypes defaulting as the API server does (Ingress; Egress when `egress` is non-empty);
 * a pod is isolated for a direction when a policy of its namespace selects it and lists that
   type; traffic then needs a rule of such a policy to allow it; src egress AND dst ingress;
 * peers: podSelector (policy's namespace), namespaceSelector, both (AND), ipBlock (cidr minus
   except, matched against status.podIP only with --ipblock-matches-pods);
 * ports: absent/empty = all; protocol defaults to TCP; port absent = all ports of the protocol;
   endPort ranges; a named port is resolved on the destination pod's container ports with the
   same protocol;
 * namespaces carry the automatic label kubernetes.io/metadata.name.

Requires PyYAML (re-executes under the NCA venv's Python, which has it, when missing).
"""

import argparse
import ipaddress
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree


def load_yaml_module(argv):
    try:
        import yaml  # noqa: F401
    except ImportError:
        import nca_flows

        nca_flows.ensure_venv_python(argv, __file__)


def selector_matches(selector, labels):
    """LabelSelector semantics; None means 'no selector' and is handled by the caller."""
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expr in selector.get("matchExpressions") or []:
        key, op, values = expr["key"], expr["operator"], expr.get("values") or []
        if op == "In" and not (key in labels and labels[key] in values):
            return False
        if op == "NotIn" and key in labels and labels[key] in values:
            return False
        if op == "Exists" and key not in labels:
            return False
        if op == "DoesNotExist" and key in labels:
            return False
    return True


class Cluster:
    def __init__(self, objects, ipblock_matches_pods):
        self.ipblock_matches_pods = ipblock_matches_pods
        self.ns_labels = {}
        self.pods = []
        self.policies = []
        for obj in objects:
            kind = obj.get("kind")
            meta = obj.get("metadata") or {}
            if kind == "Namespace":
                labels = dict(meta.get("labels") or {})
                labels["kubernetes.io/metadata.name"] = meta["name"]
                self.ns_labels[meta["name"]] = labels
            elif kind == "Pod":
                ports = {}
                for c in (obj.get("spec") or {}).get("containers") or []:
                    for p in c.get("ports") or []:
                        if p.get("name"):
                            ports[p["name"]] = (p["containerPort"], p.get("protocol") or "TCP")
                ip = (obj.get("status") or {}).get("podIP")
                self.pods.append(
                    {
                        "id": f"{meta.get('namespace') or 'default'}/{meta['name']}",
                        "ns": meta.get("namespace") or "default",
                        "labels": meta.get("labels") or {},
                        "named_ports": ports,
                        "ip": ipaddress.ip_address(ip) if ip else None,
                    }
                )
            elif kind == "NetworkPolicy":
                spec = obj.get("spec") or {}
                types = spec.get("policyTypes") or (["Ingress"] + (["Egress"] if spec.get("egress") else []))
                self.policies.append(
                    {
                        "ns": meta.get("namespace") or "default",
                        "selector": spec.get("podSelector") or {},
                        "ingress": spec.get("ingress") or [] if "Ingress" in types else None,
                        "egress": spec.get("egress") or [] if "Egress" in types else None,
                    }
                )
        for pod in self.pods:
            self.ns_labels.setdefault(pod["ns"], {"kubernetes.io/metadata.name": pod["ns"]})
        self.pods.sort(key=lambda p: p["id"])

    def selects(self, policy, pod):
        return policy["ns"] == pod["ns"] and selector_matches(policy["selector"], pod["labels"])

    def peer_matches(self, peer, policy_ns, other):
        if "ipBlock" in peer:
            if not self.ipblock_matches_pods or other["ip"] is None:
                return False
            block = peer["ipBlock"]
            if other["ip"] not in ipaddress.ip_network(block["cidr"], strict=False):
                return False
            return not any(other["ip"] in ipaddress.ip_network(e, strict=False) for e in block.get("except") or [])
        ns_sel, pod_sel = peer.get("namespaceSelector"), peer.get("podSelector")
        if ns_sel is not None:
            if not selector_matches(ns_sel, self.ns_labels[other["ns"]]):
                return False
        elif other["ns"] != policy_ns:
            return False
        return pod_sel is None or selector_matches(pod_sel, other["labels"])

    @staticmethod
    def port_matches(rule_ports, dst, number, proto):
        if not rule_ports:
            return True
        for rp in rule_ports:
            if (rp.get("protocol") or "TCP") != proto:
                continue
            port = rp.get("port")
            if port is None:
                return True
            if isinstance(port, str):
                named = dst["named_ports"].get(port)
                if named and named[1] == proto and named[0] == number:
                    return True
            elif port == number or (rp.get("endPort") is not None and port <= number <= rp["endPort"]):
                return True
        return False

    def direction_allows(self, key, peer_key, selected, other, dst, number, proto):
        isolated = False
        for policy in self.policies:
            rules = policy[key]
            if rules is None or not self.selects(policy, selected):
                continue
            isolated = True
            for rule in rules:
                peers = rule.get(peer_key) or []
                if peers and not any(self.peer_matches(p, policy["ns"], other) for p in peers):
                    continue
                if self.port_matches(rule.get("ports"), dst, number, proto):
                    return True
        return not isolated

    def allowed(self, src, dst, number, proto):
        return self.direction_allows("egress", "to", src, dst, dst, number, proto) and self.direction_allows(
            "ingress", "from", dst, src, dst, number, proto
        )


def flows(manifest_dir, ports, ipblock_matches_pods=False):
    import nca_flows

    objects = nca_flows.read_objects(manifest_dir)
    cluster = Cluster(objects, ipblock_matches_pods)
    out = []
    for src in cluster.pods:
        for dst in cluster.pods:
            if src is dst:
                continue
            for number, proto in ports:
                out.append(
                    {
                        "from": src["id"],
                        "to": dst["id"],
                        "port": number,
                        "protocol": proto,
                        "allowed": cluster.allowed(src, dst, number, proto),
                    }
                )
    return {"endpoints": [p["id"] for p in cluster.pods], "flows": out}


def main(argv):
    import nca_flows

    parser = argparse.ArgumentParser(description="Kubernetes NetworkPolicy model, aksnet reach JSON")
    parser.add_argument("manifest_dir")
    parser.add_argument("--port", action="append", type=nca_flows.parse_port, required=True)
    parser.add_argument("--ipblock-matches-pods", action="store_true",
                        help="let ipBlock peers match pods by status.podIP")
    args = parser.parse_args(argv)
    json.dump(flows(args.manifest_dir, list(dict.fromkeys(args.port)), args.ipblock_matches_pods), sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    load_yaml_module(sys.argv[1:])
    sys.exit(main(sys.argv[1:]))
