#!/usr/bin/env python3
"""Write one random, valid Kubernetes cluster (Namespaces, Pods, NetworkPolicies) as YAML files.

    generate.py --seed N --out DIR [--namespaces K] [--pods P] [--policies Q]

The same seed and sizes always give byte-identical files (random.Random(seed), no other source of
randomness). Labels, port names and addresses come from small vocabularies so that selectors,
named ports and ipBlocks actually hit pods. Every NetworkPolicy is valid per the Kubernetes API
(networking/v1 validation): no empty peers, ipBlock alone in its peer, `except` strictly inside
`cidr`, endPort only with a numeric port and >= port, In/NotIn with values, Exists/DoesNotExist
without values, port names that are IANA_SVC_NAMEs.

Only the standard library is used, so any python3 can run it.
"""

import argparse
import ipaddress
import json
import os
import random
import re
import sys

# ----------------------------------------------------------------------------------------------
# Vocabularies

NS_LABELS = {
    "team": ["red", "blue", "green"],
    "env": ["prod", "dev", "test"],
    "zone": ["east", "west"],
}
POD_LABELS = {
    "app": ["web", "api", "db", "cache"],
    "role": ["frontend", "backend", "worker"],
    "tier": ["gold", "silver", "bronze"],
    "env": ["prod", "dev"],
}
# Probability that an object carries a given key.
NS_KEY_P = {"team": 0.7, "env": 0.6, "zone": 0.4}
POD_KEY_P = {"app": 0.8, "role": 0.6, "tier": 0.5, "env": 0.4}

# Container ports: (name or None, number, protocol). The same name maps to different numbers (and
# protocols) on different pods, so named ports must be resolved per destination pod.
CONTAINER_PORTS = [
    ("http", 80, "TCP"),
    ("http", 8080, "TCP"),
    ("http-alt", 8080, "TCP"),
    ("web", 80, "TCP"),
    ("dns", 53, "UDP"),
    ("dns", 53, "TCP"),
    ("dns-tcp", 53, "TCP"),
    ("metrics", 9090, "TCP"),
    ("metrics", 9090, "UDP"),
    ("diameter", 3868, "SCTP"),
    (None, 80, "TCP"),
    (None, 8080, "TCP"),
    (None, 53, "UDP"),
    (None, 9090, "TCP"),
]
# Port names used in policies: those above plus one that no pod defines.
POLICY_PORT_NAMES = ["http", "http-alt", "web", "dns", "dns-tcp", "metrics", "diameter", "grpc"]
POLICY_PORT_NUMBERS = [80, 53, 8080, 9090, 443, 3868]
RANGE_STARTS = [1, 50, 53, 54, 79, 80, 81, 1000, 8000, 8080, 8081, 9000, 9090]
RANGE_WIDTHS = [0, 1, 5, 30, 100, 1000, 10000]

POD_NETWORK = ipaddress.ip_network("10.244.0.0/16")


def weighted(rng, table):
    """Pick a key of `table` (a list of (value, weight)) with probability proportional to weight."""
    total = sum(w for _, w in table)
    x = rng.uniform(0, total)
    for value, w in table:
        x -= w
        if x <= 0:
            return value
    return table[-1][0]


# ----------------------------------------------------------------------------------------------
# Topology


def make_namespaces(rng, count):
    namespaces = []
    for i in range(count):
        labels = {}
        for key, values in NS_LABELS.items():
            if rng.random() < NS_KEY_P[key]:
                labels[key] = rng.choice(values)
        namespaces.append({"name": f"ns{i}", "labels": labels})
    return namespaces


def pod_ip_pool(rng, count):
    """`count` unique addresses in 10.244.0.0/16, dense enough for ipBlocks to cover several pods."""
    span = min(POD_NETWORK.num_addresses - 2, max(256, 4 * count))
    offsets = rng.sample(range(1, span + 1), count)
    return [str(POD_NETWORK.network_address + o) for o in offsets]


def make_pods(rng, namespaces, count):
    ips = pod_ip_pool(rng, count)
    pods = []
    for i in range(count):
        ns = rng.choice(namespaces)["name"]
        labels = {}
        for key, values in POD_LABELS.items():
            if rng.random() < POD_KEY_P[key]:
                labels[key] = rng.choice(values)
        # Container ports: names unique within the pod, (number, protocol) unique too.
        chosen = []
        used_names, used_ports = set(), set()
        for _ in range(rng.choice([0, 1, 2, 2, 3, 3, 4])):
            name, number, proto = rng.choice(CONTAINER_PORTS)
            if (name is not None and name in used_names) or (number, proto) in used_ports:
                continue
            used_names.add(name)
            used_ports.add((number, proto))
            chosen.append((name, number, proto))
        n_containers = 1 if len(chosen) < 2 else rng.choice([1, 2])
        containers = [{"name": f"c{c}", "image": "registry.k8s.io/pause:3.9"} for c in range(n_containers)]
        for j, (name, number, proto) in enumerate(chosen):
            port = {}
            if name is not None:
                port["name"] = name
            port["containerPort"] = number
            if proto != "TCP" or rng.random() < 0.5:
                port["protocol"] = proto
            containers[j % n_containers].setdefault("ports", []).append(port)
        prefix = labels.get("app", "pod")
        pods.append(
            {
                "name": f"{prefix}-{i}",
                "namespace": ns,
                "labels": labels,
                "containers": containers,
                "ip": ips[i],
            }
        )
    return pods


# ----------------------------------------------------------------------------------------------
# Selectors


def match_expressions(rng, vocab, n):
    exprs = []
    for key in rng.sample(sorted(vocab), n):
        op = weighted(rng, [("In", 4), ("NotIn", 3), ("Exists", 2), ("DoesNotExist", 2)])
        expr = {"key": key, "operator": op}
        if op in ("In", "NotIn"):
            values = vocab[key]
            expr["values"] = rng.sample(values, rng.randint(1, min(2, len(values))))
        exprs.append(expr)
    return exprs


def label_selector(rng, vocab, extra_match_labels=None):
    """A non-empty LabelSelector drawn from `vocab` (key -> values)."""
    kind = weighted(rng, [("labels", 5), ("exprs", 3), ("both", 2)])
    sel = {}
    if kind in ("labels", "both"):
        ml = {}
        if extra_match_labels and rng.random() < 0.5:
            ml.update(extra_match_labels)
        else:
            for key in rng.sample(sorted(vocab), rng.choice([1, 1, 2])):
                ml[key] = rng.choice(vocab[key])
        sel["matchLabels"] = ml
    if kind in ("exprs", "both"):
        sel["matchExpressions"] = match_expressions(rng, vocab, rng.choice([1, 1, 2]))
    return sel


def pod_selector(rng, allow_empty=True):
    if allow_empty and rng.random() < 0.2:
        return {}
    return label_selector(rng, POD_LABELS)


def namespace_selector(rng, namespaces, allow_empty=True):
    if allow_empty and rng.random() < 0.15:
        return {}
    if rng.random() < 0.2:
        # The automatic name label every namespace carries (Kubernetes >= 1.21).
        name = rng.choice(namespaces)["name"]
        if rng.random() < 0.7:
            return {"matchLabels": {"kubernetes.io/metadata.name": name}}
        others = rng.sample([n["name"] for n in namespaces], min(2, len(namespaces)))
        op = rng.choice(["In", "NotIn"])
        return {"matchExpressions": [{"key": "kubernetes.io/metadata.name", "operator": op, "values": others}]}
    return label_selector(rng, NS_LABELS)


# ----------------------------------------------------------------------------------------------
# ipBlocks


def subnet_containing(address, prefix):
    return ipaddress.ip_network(f"{address}/{prefix}", strict=False)


def ip_block(rng, pods):
    kind = weighted(rng, [("around-pod", 6), ("world", 2), ("ten", 1), ("external", 1)])
    if kind == "around-pod" and pods:
        anchor = rng.choice(pods)["ip"]
        cidr = subnet_containing(anchor, rng.choice([16, 20, 22, 24, 26, 28, 30, 32]))
    elif kind == "world":
        cidr = ipaddress.ip_network("0.0.0.0/0")
    elif kind == "ten":
        cidr = ipaddress.ip_network("10.0.0.0/8")
    else:
        cidr = ipaddress.ip_network(rng.choice(["192.168.0.0/16", "172.16.0.0/12", "203.0.113.0/24"]))
    block = {"cidr": str(cidr)}
    # except: strictly narrower subnets of cidr, usually around a pod address inside it.
    if cidr.prefixlen < 32 and rng.random() < 0.5:
        inside = [p["ip"] for p in pods if ipaddress.ip_address(p["ip"]) in cidr]
        excepts = []
        for _ in range(rng.choice([1, 1, 2])):
            prefix = rng.randint(max(cidr.prefixlen + 1, 16 if cidr.prefixlen < 16 else 0), 32)
            if inside and rng.random() < 0.8:
                sub = subnet_containing(rng.choice(inside), prefix)
            else:
                sub = subnet_containing(cidr.network_address + rng.randrange(cidr.num_addresses), prefix)
            if str(sub) not in excepts:
                excepts.append(str(sub))
        block["except"] = excepts
    return {"ipBlock": block}


# ----------------------------------------------------------------------------------------------
# Rules


def peer(rng, namespaces, pods):
    kind = weighted(
        rng,
        [
            ("pod", 25),
            ("ns", 20),
            ("both", 20),
            ("pod-empty", 5),
            ("ns-empty", 5),
            ("both-empty", 3),
            ("ipblock", 20),
        ],
    )
    if kind == "pod":
        return {"podSelector": pod_selector(rng, allow_empty=False)}
    if kind == "ns":
        return {"namespaceSelector": namespace_selector(rng, namespaces, allow_empty=False)}
    if kind == "both":
        return {
            "namespaceSelector": namespace_selector(rng, namespaces),
            "podSelector": pod_selector(rng),
        }
    if kind == "pod-empty":
        return {"podSelector": {}}
    if kind == "ns-empty":
        return {"namespaceSelector": {}}
    if kind == "both-empty":
        return {"namespaceSelector": {}, "podSelector": {}}
    return ip_block(rng, pods)


def protocol_field(rng, port, default_weight=4):
    """Add a protocol to `port` (or leave it out: TCP by default)."""
    proto = weighted(rng, [(None, default_weight), ("TCP", 2), ("UDP", 3), ("SCTP", 1)])
    if proto is not None:
        port["protocol"] = proto
    return port


def policy_port(rng):
    kind = weighted(rng, [("number", 5), ("name", 4), ("range", 3), ("proto-only", 1), ("empty", 0.3)])
    if kind == "number":
        return protocol_field(rng, {"port": rng.choice(POLICY_PORT_NUMBERS)})
    if kind == "name":
        name = rng.choice(POLICY_PORT_NAMES)
        port = {"port": name}
        # Usually the protocol the name is declared with, sometimes another one.
        if name == "dns" and rng.random() < 0.7:
            port["protocol"] = "UDP"
        elif name == "diameter" and rng.random() < 0.7:
            port["protocol"] = "SCTP"
        else:
            protocol_field(rng, port, default_weight=6)
        return port
    if kind == "range":
        start = rng.choice(RANGE_STARTS)
        end = min(65535, start + rng.choice(RANGE_WIDTHS))
        return protocol_field(rng, {"port": start, "endPort": end})
    if kind == "proto-only":
        return {"protocol": rng.choice(["TCP", "UDP", "SCTP"])}
    return {}


def rule(rng, peer_key, namespaces, pods):
    r = {}
    peers_kind = weighted(rng, [("absent", 25), ("empty", 5), ("list", 70)])
    if peers_kind == "empty":
        r[peer_key] = []
    elif peers_kind == "list":
        r[peer_key] = [peer(rng, namespaces, pods) for _ in range(rng.choice([1, 1, 2, 3]))]
    ports_kind = weighted(rng, [("absent", 40), ("empty", 5), ("list", 55)])
    if ports_kind == "empty":
        r["ports"] = []
    elif ports_kind == "list":
        r["ports"] = [policy_port(rng) for _ in range(rng.choice([1, 1, 2, 3]))]
    return r


def rules(rng, peer_key, namespaces, pods):
    """A rule list: [], [{}], or one to three rules."""
    kind = weighted(rng, [("empty", 2), ("allow-all", 1), ("rules", 7)])
    if kind == "empty":
        return []
    if kind == "allow-all":
        return [{}]
    return [rule(rng, peer_key, namespaces, pods) for _ in range(rng.choice([1, 1, 2, 3]))]


def make_policy(rng, index, namespaces, pods):
    ns = rng.choice(namespaces)["name"]
    spec = {"podSelector": pod_selector(rng)}
    types = weighted(
        rng,
        [
            (None, 30),
            (["Ingress"], 25),
            (["Egress"], 20),
            (["Ingress", "Egress"], 20),
            (["Egress", "Ingress"], 5),
        ],
    )
    if types is None:
        # Without policyTypes: Ingress always, Egress when an egress list is non-empty.
        if rng.random() < 0.7:
            spec["ingress"] = rules(rng, "from", namespaces, pods)
        if rng.random() < 0.5:
            spec["egress"] = rules(rng, "to", namespaces, pods)
    else:
        spec["policyTypes"] = types
        for ptype, key, peer_key in (("Ingress", "ingress", "from"), ("Egress", "egress", "to")):
            if ptype in types:
                if rng.random() < 0.85:
                    spec[key] = rules(rng, peer_key, namespaces, pods)
            elif rng.random() < 0.1:
                # Valid for the API server, and ignored: the type is not in policyTypes.
                spec[key] = rules(rng, peer_key, namespaces, pods)
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": {"name": f"np-{index}", "namespace": ns},
        "spec": spec,
    }


# ----------------------------------------------------------------------------------------------
# Output: a tiny YAML emitter (block style; every scalar string JSON-quoted, which is valid YAML)


_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9._/-]*")
_YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def _scalar(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if _PLAIN.fullmatch(value) and value.lower() not in _YAML11_WORDS:
        return value
    return json.dumps(value)


def _emit(value, indent, out):
    pad = "  " * indent
    if isinstance(value, dict):
        for key, item in value.items():
            k = _scalar(key)
            if isinstance(item, dict) and item:
                out.append(f"{pad}{k}:")
                _emit(item, indent + 1, out)
            elif isinstance(item, list) and item:
                out.append(f"{pad}{k}:")
                _emit(item, indent, out)
            elif isinstance(item, dict):
                out.append(f"{pad}{k}: {{}}")
            elif isinstance(item, list):
                out.append(f"{pad}{k}: []")
            else:
                out.append(f"{pad}{k}: {_scalar(item)}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and item:
                sub = []
                _emit(item, indent + 1, sub)
                first = sub[0][len("  " * (indent + 1)):]
                out.append(f"{pad}- {first}")
                out.extend(sub[1:])
            elif isinstance(item, list) and item:
                raise ValueError("nested lists are not used")
            elif isinstance(item, dict):
                out.append(f"{pad}- {{}}")
            elif isinstance(item, list):
                out.append(f"{pad}- []")
            else:
                out.append(f"{pad}- {_scalar(item)}")
    else:
        raise ValueError(f"not a mapping or list: {value!r}")


def to_yaml_documents(objects):
    docs = []
    for obj in objects:
        lines = []
        _emit(obj, 0, lines)
        docs.append("\n".join(lines) + "\n")
    return "---\n".join(docs)


def namespace_object(ns):
    meta = {"name": ns["name"]}
    if ns["labels"]:
        meta["labels"] = ns["labels"]
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": meta}


def pod_object(pod):
    meta = {"name": pod["name"], "namespace": pod["namespace"]}
    if pod["labels"]:
        meta["labels"] = pod["labels"]
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": meta,
        "spec": {"containers": pod["containers"]},
        "status": {"phase": "Running", "podIP": pod["ip"], "podIPs": [{"ip": pod["ip"]}]},
    }


def generate(seed, namespaces=4, pods=12, policies=6):
    """Return {file name: YAML text} for one cluster."""
    rng = random.Random(seed)
    ns_list = make_namespaces(rng, namespaces)
    pod_list = make_pods(rng, ns_list, pods)
    policy_list = [make_policy(rng, i, ns_list, pod_list) for i in range(policies)]
    return {
        "namespaces.yaml": to_yaml_documents([namespace_object(n) for n in ns_list]),
        "pods.yaml": to_yaml_documents([pod_object(p) for p in pod_list]),
        "policies.yaml": to_yaml_documents(policy_list) if policy_list else "",
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--out", required=True, help="directory to write (created if missing)")
    parser.add_argument("--namespaces", type=int, default=4)
    parser.add_argument("--pods", type=int, default=12)
    parser.add_argument("--policies", type=int, default=6)
    args = parser.parse_args(argv)
    if args.namespaces < 1 or args.pods < 0 or args.policies < 0:
        parser.error("need at least one namespace, and no negative counts")
    os.makedirs(args.out, exist_ok=True)
    for name, text in generate(args.seed, args.namespaces, args.pods, args.policies).items():
        with open(os.path.join(args.out, name), "w", encoding="utf-8") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
