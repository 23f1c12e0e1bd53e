#!/usr/bin/env python3
"""Pod-to-pod reachability per port, as computed by network-config-analyzer (NCA), in aksnet's JSON.

    nca_flows.py MANIFEST_DIR --port 80/TCP [--port 53/UDP ...] [--engine cli|api] [--out FILE]

Prints {"endpoints": ["ns/name", ...], "flows": [{"from", "to", "port", "protocol", "allowed"}, ...]}
with one flow for every ordered pair of distinct Pods and every port, as `aksnet reach --format
json` does.

NCA (PyPI `network-config-analyzer`, 2.1.0) is expected in a virtual environment: $NCA_VENV, else
.tools/nca-venv at the repository root. The script re-executes itself with that environment's
Python (which also provides PyYAML), so any python3 can start it.

Steps:
 1. Read every .yaml/.yml/.json file directly in MANIFEST_DIR (as aksnet does), keep Namespaces,
    Pods and NetworkPolicies (also inside `kind: List`).
 2. Normalise NetworkPolicies the way the API server's defaulting does (SetDefaults_NetworkPolicy):
    an absent/empty policyTypes becomes [Ingress] plus Egress when `egress` is non-empty; rule lists
    of a type that is not in policyTypes are dropped (Kubernetes ignores them, NCA rejects the policy
    with a syntax error); policyTypes is written in the one order NCA accepts. NCA differs from the
    API server in exactly these places (see README.md), and the normalised manifests mean the same
    to Kubernetes. Also (unless --no-workarounds) Exists/DoesNotExist in the podSelector of a peer
    that has a namespaceSelector become In/NotIn over the key's values in this cluster: NCA
    evaluates those two operators over the policy's namespace only (see work_around_exists).
 3. Run NCA on the normalised copy:
      --engine cli (default): `python -m nca --connectivity -r DIR -o txt_no_fw_rules
        --output_endpoints pods`, and parse its per-pair lines `SRC => DST : CONNECTIONS`.
      --engine api: the same computation through NCA's Python API (what ConnectivityMapQuery does
        before formatting), read cube by cube; much faster on big clusters, same answer.
 4. Answer, for every ordered pod pair and port, whether NCA allows that protocol and port.

Exit status: 0 on success, 2 on a usage error, a missing NCA, or when NCA fails or drops pods.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
PROTOCOLS = {"TCP": 6, "UDP": 17, "SCTP": 132}
MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")
PHASES = []  # timing notes, printed with --timing


def die(msg, status=2):
    print(f"nca_flows: {msg}", file=sys.stderr)
    sys.exit(status)


def venv_dir():
    return Path(os.environ.get("NCA_VENV") or REPO_ROOT / ".tools" / "nca-venv")


def venv_python():
    return venv_dir() / "bin" / "python"


def ensure_venv_python(argv, script=__file__):
    """Re-execute `script` under the NCA venv's Python unless already there."""
    py = venv_python()
    if not py.exists():
        die(
            f"no NCA virtual environment at {venv_dir()}: create it with\n"
            f"  python3 -m venv {venv_dir()} && {venv_dir()}/bin/pip install network-config-analyzer==2.1.0"
        )
    if Path(sys.prefix).resolve() != venv_dir().resolve():
        if os.environ.get("NCA_FLOWS_REEXEC"):
            die(f"could not run under {py}")
        env = dict(os.environ, NCA_FLOWS_REEXEC="1")
        os.execve(str(py), [str(py), str(Path(script).resolve()), *argv], env)


# ----------------------------------------------------------------------------------------------
# Input


def parse_port(text):
    m = re.fullmatch(r"(\d+)(?:/([A-Za-z]+))?", text.strip())
    if not m:
        raise argparse.ArgumentTypeError(f"bad port {text!r}: expected PORT/PROTO, e.g. 80/TCP")
    number = int(m.group(1))
    proto = (m.group(2) or "TCP").upper()
    if not 1 <= number <= 65535 or proto not in PROTOCOLS:
        raise argparse.ArgumentTypeError(f"bad port {text!r}: 1-65535 and TCP, UDP or SCTP")
    return number, proto


def read_objects(manifest_dir):
    import yaml

    paths = sorted(p for p in Path(manifest_dir).iterdir() if p.is_file() and p.suffix in MANIFEST_SUFFIXES)
    objects = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            try:
                docs = list(yaml.safe_load_all(f))
            except yaml.YAMLError as e:
                die(f"{path}: not YAML: {e}")
        for doc in docs:
            if isinstance(doc, dict) and doc.get("kind") == "List":
                objects.extend(item for item in doc.get("items") or [] if isinstance(item, dict))
            elif isinstance(doc, dict):
                objects.append(doc)
    return objects


def normalise_policy(policy):
    """Apply the API server's policyTypes defaulting; return a list of what was changed."""
    spec = policy.get("spec")
    if not isinstance(spec, dict):
        return []
    changes = []
    types = spec.get("policyTypes") or []
    if not types:
        types = ["Ingress"] + (["Egress"] if spec.get("egress") else [])
        changes.append(f"policyTypes defaulted to {types}")
    ordered = [t for t in ("Ingress", "Egress") if t in types]
    if ordered != spec.get("policyTypes"):
        spec["policyTypes"] = ordered
        if len(changes) == 0:
            changes.append(f"policyTypes reordered to {ordered}")
    for ptype, key in (("Ingress", "ingress"), ("Egress", "egress")):
        if ptype not in ordered and key in spec:
            del spec[key]
            changes.append(f"`{key}` dropped ({ptype} is not in policyTypes)")
    return changes


ABSENT_VALUE = "nca-flows-no-pod-has-this"


def work_around_exists(policy, pod_label_values):
    """NCA evaluates Exists/DoesNotExist in a peer's podSelector only over the policy's own
    namespace (K8sPolicyYamlParser.parse_label_selector_requirement passes self.namespace to
    PeerContainer.get_peers_with_key), so a peer {namespaceSelector, podSelector: {Exists}} never
    matches pods of other namespaces. Rewrite those requirements, for this cluster's pods, into the
    equivalent In / NotIn over every value the key takes: NCA evaluates In/NotIn cluster-wide."""
    spec = policy.get("spec")
    changes = []
    if not isinstance(spec, dict):
        return changes
    for key, peer_key in (("ingress", "from"), ("egress", "to")):
        for rule in spec.get(key) or []:
            for peer in (rule or {}).get(peer_key) or []:
                if not isinstance(peer, dict) or peer.get("namespaceSelector") is None:
                    continue
                for expr in (peer.get("podSelector") or {}).get("matchExpressions") or []:
                    op = expr.get("operator")
                    if op not in ("Exists", "DoesNotExist"):
                        continue
                    values = sorted(pod_label_values.get(expr.get("key"), ())) or [ABSENT_VALUE]
                    expr["operator"] = "In" if op == "Exists" else "NotIn"
                    expr["values"] = values
                    changes.append(f"{key} peer podSelector `{expr.get('key')} {op}` rewritten as "
                                   f"{expr['operator']} {values}")
    return changes


def prepare(manifest_dir, work_dir, workarounds=True):
    """Write the normalised manifests to work_dir/cluster.yaml; return (pod names, notes)."""
    import yaml

    kept, pods, notes = [], [], []
    objects = read_objects(manifest_dir)
    pod_label_values = {}
    for obj in objects:
        if obj.get("kind") == "Pod":
            for k, v in ((obj.get("metadata") or {}).get("labels") or {}).items():
                pod_label_values.setdefault(k, set()).add(v)
    for obj in objects:
        kind = obj.get("kind")
        meta = obj.get("metadata") or {}
        if kind == "Pod":
            pods.append(f"{meta.get('namespace') or 'default'}/{meta.get('name')}")
            kept.append(obj)
        elif kind == "Namespace":
            kept.append(obj)
        elif kind == "NetworkPolicy":
            changes = normalise_policy(obj)
            if workarounds:
                changes += work_around_exists(obj, pod_label_values)
            for change in changes:
                notes.append(f"{meta.get('namespace') or 'default'}/{meta.get('name')}: {change}")
            kept.append(obj)
    if len(set(pods)) != len(pods):
        die("duplicate Pod names in the manifests")
    out = Path(work_dir) / "cluster.yaml"
    with open(out, "w", encoding="utf-8") as f:
        yaml.safe_dump_all(kept, f, sort_keys=False)
    return sorted(pods), notes


# ----------------------------------------------------------------------------------------------
# Reading NCA's txt_no_fw_rules output

DIMENSIONS = ("protocols", "src_ports", "dst_ports", "methods", "hosts", "paths", "icmp_type", "icmp_code")
DIM_SPLIT = re.compile(r"(?:^|,)(" + "|".join(DIMENSIONS) + r"):")
LINE = re.compile(r"^(\S+) => (\S+) : (.+)$")


class Cube:
    """One {dim:values,...} group: a set of protocols (None = all) times a set of dst port ranges."""

    def __init__(self, text):
        from nca.CoreDS.ProtocolNameResolver import ProtocolNameResolver

        parts = DIM_SPLIT.split(text)
        if parts[0] != "":
            raise ValueError(f"cannot read connection cube {{{text}}}")
        self.protocols = None
        self.ports = None
        for dim, value in zip(parts[1::2], parts[2::2]):
            if dim == "protocols":
                negate = value.startswith("all but ")
                names = value[len("all but "):] if negate else value
                if names == "*":
                    nums = None
                else:
                    nums = set()
                    for name in names.split(", "):
                        nums.add(int(name) if name.isdigit() else ProtocolNameResolver.get_protocol_number(name))
                if nums is None:
                    self.protocols = None
                elif negate:
                    self.protocols = set(range(0, 256)) - nums
                else:
                    self.protocols = nums
            elif dim == "dst_ports":
                self.ports = []
                for item in value.split(","):
                    lo, _, hi = item.partition("-")
                    self.ports.append((int(lo), int(hi or lo)))
            else:
                # Kubernetes policies never restrict source ports, ICMP or HTTP attributes.
                raise ValueError(f"unexpected dimension {dim} in connection cube {{{text}}}")

    def allows(self, proto_num, port):
        if self.protocols is not None and proto_num not in self.protocols:
            return False
        return self.ports is None or any(lo <= port <= hi for lo, hi in self.ports)


class Connections:
    """NCA's connection text: All connections | No connections | {cube},{cube} | All but {cube},..."""

    def __init__(self, text):
        self.text = text
        self.everything = text == "All connections"
        self.nothing = text == "No connections"
        self.negate = text.startswith("All but ")
        body = text[len("All but "):] if self.negate else text
        self.cubes = []
        if not (self.everything or self.nothing):
            if not (body.startswith("{") and body.endswith("}")):
                raise ValueError(f"cannot read NCA connections {text!r}")
            self.cubes = [Cube(c) for c in body[1:-1].split("},{")]

    def allows(self, proto_num, port):
        if self.everything:
            return True
        if self.nothing:
            return False
        inside = any(c.allows(proto_num, port) for c in self.cubes)
        return not inside if self.negate else inside


def run_nca_cli(work_dir):
    cmd = [
        str(venv_python()), "-m", "nca",
        "--connectivity", "-r", str(work_dir),
        "--output_format", "txt_no_fw_rules", "--output_endpoints", "pods",
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode not in (0, 1) or re.search(r"^Error:", proc.stderr, re.M):
        die(f"NCA failed (exit {proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-4000:]}{proc.stdout[-2000:]}")
    return proc.stdout, proc.stderr


def allowed_from_cli(pods, ports, work_dir, raw_out=None, verbose=False):
    t0 = time.monotonic()
    stdout, stderr = run_nca_cli(work_dir)
    PHASES.append(f"cli: nca command {time.monotonic() - t0:.2f}s, {stdout.count(chr(10))} output lines")
    if verbose:
        sys.stderr.write(stderr)
    if raw_out:
        Path(raw_out).write_text(stdout)
    m = re.search(r"cluster has (\d+) unique endpoints", stdout + stderr)
    if m and int(m.group(1)) != len(pods):
        die(f"NCA kept {m.group(1)} of {len(pods)} pods (it merges look-alike pods of one owner)")
    index = {name: i for i, name in enumerate(pods)}
    allowed = set()  # (src index, dst index, port index)
    strangers = set()
    for line in stdout.splitlines():
        m = LINE.match(line)
        if not m:
            continue
        src, dst, conn = m.groups()
        if src not in index or dst not in index:
            if "/" in src and not src[0].isdigit() and src not in index:
                strangers.add(src)
            if "/" in dst and not dst[0].isdigit() and dst not in index:
                strangers.add(dst)
            continue
        conns = Connections(conn)
        si, di = index[src], index[dst]
        for k, (number, proto) in enumerate(ports):
            if conns.allows(PROTOCOLS[proto], number):
                allowed.add((si, di, k))
    if strangers:
        print(f"nca_flows: NCA reported endpoints not in the manifests (ignored): {sorted(strangers)}",
              file=sys.stderr)
    return allowed


# ----------------------------------------------------------------------------------------------
# NCA's Python API


class CapturedOutput:
    """Send file descriptors 1 and 2 to a temporary file (NCA prints to the stream objects it
    imported, so redirecting sys.stdout/sys.stderr is not enough)."""

    def __enter__(self):
        sys.stdout.flush()
        sys.stderr.flush()
        self.file = tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace")
        self.saved = (os.dup(1), os.dup(2))
        os.dup2(self.file.fileno(), 1)
        os.dup2(self.file.fileno(), 2)
        return self

    def __exit__(self, *exc):
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(self.saved[0], 1)
        os.dup2(self.saved[1], 2)
        os.close(self.saved[0])
        os.close(self.saved[1])
        self.file.seek(0)
        self.text = self.file.read()
        self.file.close()
        return False


def allowed_from_api(pods, ports, work_dir, verbose=False):
    from nca.CoreDS.Peer import BasePeerSet, Pod
    from nca.NetworkConfig.ResourcesHandler import ResourcesHandler
    from nca.Resources.PolicyResources.NetworkPolicy import PolicyConnectionsFilter

    BasePeerSet.reset()
    log = CapturedOutput()
    try:
        with log:
            # As nca_cli.run_args for `--connectivity -r DIR`: np_list None, resource_list [DIR**],
            # then ConnectivityMapQuery.compute_connectivity_output up to its formatting.
            t0 = time.monotonic()
            config = ResourcesHandler().get_network_config(None, None, None, [str(work_dir) + "**"])
            t1 = time.monotonic()
            conns = config.allowed_connections(
                res_conns_filter=PolicyConnectionsFilter.only_all_allowed_connections()
            ).all_allowed_conns
            conns = config.filter_conns_by_peer_types(conns)
            t2 = time.monotonic()
    except Exception as e:  # NCA raises SyntaxError and others on input it rejects
        die(f"NCA failed: {type(e).__name__}: {e}\n{log.text[-4000:]}")
    if verbose:
        sys.stderr.write(log.text)
    index = {name: i for i, name in enumerate(pods)}
    nca_pods = [p for p in config.peer_container.get_all_peers_group() if isinstance(p, Pod)]
    if len(nca_pods) != len(pods):
        die(f"NCA kept {len(nca_pods)} of {len(pods)} pods (it merges look-alike pods of one owner)")

    extra_dims = ("src_ports", "methods", "hosts", "paths", "icmp_type", "icmp_code")
    n = len(pods)
    # bits[k][src] = bitmask of destinations allowed on port k
    bits = [[0] * n for _ in ports]
    for cube in conns:
        cc = conns.get_connectivity_cube(cube)
        for dim in extra_dims:
            if not cc.is_full_dim(dim):
                raise ValueError(f"unexpected restriction on {dim} in NCA's answer")
        srcs = [index[p.full_name()] for p in cc["src_peers"] if isinstance(p, Pod) and p.full_name() in index]
        dsts = [index[p.full_name()] for p in cc["dst_peers"] if isinstance(p, Pod) and p.full_name() in index]
        if not srcs or not dsts:
            continue
        mask = 0
        for d in dsts:
            mask |= 1 << d
        protocols = cc.get_dim_directly("protocols")
        dst_ports = cc.get_dim_directly("dst_ports")
        full_protocols = cc.is_full_dim("protocols")
        full_ports = cc.is_full_dim("dst_ports")
        for k, (number, proto) in enumerate(ports):
            if (full_protocols or PROTOCOLS[proto] in protocols) and (full_ports or number in dst_ports):
                row = bits[k]
                for s in srcs:
                    row[s] |= mask
    t3 = time.monotonic()
    PHASES.append(f"api: parse {t1 - t0:.2f}s, allowed_connections {t2 - t1:.2f}s, cubes {t3 - t2:.2f}s")
    allowed = set()
    for k in range(len(ports)):
        for s in range(n):
            row = bits[k][s]
            while row:
                low = row & -row
                d = low.bit_length() - 1
                if d != s:
                    allowed.add((s, d, k))
                row ^= low
    return allowed


# ----------------------------------------------------------------------------------------------
# Output


def write_json(out, pods, ports, allowed):
    out.write('{"endpoints": ')
    out.write(json.dumps(pods))
    out.write(', "flows": [')
    first = True
    for si, src in enumerate(pods):
        src_json = json.dumps(src)
        for di, dst in enumerate(pods):
            if si == di:
                continue
            dst_json = json.dumps(dst)
            for k, (number, proto) in enumerate(ports):
                verdict = "true" if (si, di, k) in allowed else "false"
                out.write(("" if first else ", ")
                          + f'{{"from": {src_json}, "to": {dst_json}, "port": {number}, '
                          f'"protocol": "{proto}", "allowed": {verdict}}}')
                first = False
    out.write("]}\n")


def main(argv):
    parser = argparse.ArgumentParser(description="NCA's pod-to-pod verdicts in aksnet's reach JSON")
    parser.add_argument("manifest_dir")
    parser.add_argument("--port", action="append", type=parse_port, required=True,
                        help="PORT/PROTO, e.g. 80/TCP (repeatable)")
    parser.add_argument("--engine", choices=["cli", "api"], default="cli",
                        help="cli: parse `nca` output (default); api: NCA's Python API, faster")
    parser.add_argument("--out", help="write the JSON here instead of standard output")
    parser.add_argument("--raw-out", help="keep NCA's text output here (cli engine)")
    parser.add_argument("--keep-normalized", help="also copy the normalised manifests to this directory")
    parser.add_argument("--no-workarounds", action="store_true",
                        help="do not rewrite input around NCA's known bugs (policyTypes defaulting still applies)")
    parser.add_argument("--timing", action="store_true", help="print phase times to standard error")
    parser.add_argument("--verbose", action="store_true",
                        help="list the normalisations made and NCA's warnings")
    args = parser.parse_args(argv)
    if not Path(args.manifest_dir).is_dir():
        parser.error(f"{args.manifest_dir} is not a directory")
    ports = list(dict.fromkeys(args.port))

    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="nca-flows-") as work:
        pods, notes = prepare(args.manifest_dir, work, workarounds=not args.no_workarounds)
        if args.verbose:
            for note in notes:
                print(f"nca_flows: normalised {note}", file=sys.stderr)
        if args.keep_normalized:
            os.makedirs(args.keep_normalized, exist_ok=True)
            Path(args.keep_normalized, "cluster.yaml").write_text(Path(work, "cluster.yaml").read_text())
        t1 = time.monotonic()
        if len(pods) < 2:
            allowed = set()
        elif args.engine == "cli":
            allowed = allowed_from_cli(pods, ports, work, args.raw_out, args.verbose)
        else:
            allowed = allowed_from_api(pods, ports, work, args.verbose)
    t2 = time.monotonic()
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            write_json(f, pods, ports, allowed)
    else:
        write_json(sys.stdout, pods, ports, allowed)
    t3 = time.monotonic()
    if args.timing:
        print(f"nca_flows: {len(pods)} pods, {len(ports)} ports; read+normalise {t1 - t0:.2f}s, "
              f"NCA ({args.engine}) {t2 - t1:.2f}s, JSON {t3 - t2:.2f}s", file=sys.stderr)
        for note in PHASES:
            print(f"nca_flows: {note}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    ensure_venv_python(sys.argv[1:])
    sys.exit(main(sys.argv[1:]))
