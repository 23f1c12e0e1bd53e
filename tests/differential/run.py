#!/usr/bin/env python3
"""Differential test: aksnet's reachability verdicts against network-config-analyzer's (NCA).

    run.py --aksnet PATH [--seeds 30] [--start 0] [--ports 80/TCP,53/UDP,9090/TCP,8080/TCP]
           [--namespaces 4 --pods 12 --policies 6] [--engine cli|api] [--keep-failures DIR]

For each seed: generate.py writes a random cluster into a temporary directory, then
  aksnet reach DIR --port P ... --format json        (aksnet's verdicts)
  nca_flows.py DIR --port P ...                       (NCA's verdicts, same JSON shape)
and every flow (from, to, port, protocol) is compared. Every disagreement is printed with the
seed, the flow and both verdicts, and with the categories the reference model (reference.py)
puts it in:
  ipblock-pod-ip   aksnet agrees with the spec model when ipBlocks match pod IPs, NCA with the
                   model when they do not (NCA never matches pods by ipBlock; see README.md)
  nca-not-model    NCA alone differs from the spec model (suspect NCA)
  aksnet-not-model aksnet alone differs from the spec model (suspect aksnet)
  unclassified     none of the above
A disagreement matching a line of known-deviations.txt is reported as "known" and does not fail
its seed. A seed passes when aksnet and NCA agree on every flow, or differ only in known ways.
The last line is `differential: N passed, M failed`; the exit status is 0 when M is 0, else 1
(2 for a usage error or a malformed known-deviations file).
"""

import argparse
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree

import generate  # noqa: E402
import nca_flows  # noqa: E402

KNOWN_FILE = HERE / "known-deviations.txt"
KNOWN_KEYS = ("category", "seed", "from", "to", "port", "aksnet", "nca")


# ----------------------------------------------------------------------------------------------
# known-deviations.txt


class KnownDeviations:
    """Lines of `key=glob` fields (keys: category seed from to port aksnet nca), then `reason: ...`.
    A disagreement is known when some line's every field matches it."""

    def __init__(self, path):
        self.rules = []
        if not Path(path).exists():
            return
        for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            head, sep, reason = line.partition("reason:")
            if not sep or not reason.strip():
                raise ValueError(f"{path}:{number}: a line needs `reason: TEXT` after its fields")
            fields = {}
            for token in head.split():
                key, eq, value = token.partition("=")
                if not eq or key not in KNOWN_KEYS or not value:
                    raise ValueError(f"{path}:{number}: bad field {token!r}; fields are KEY=GLOB with KEY in "
                                     f"{', '.join(KNOWN_KEYS)}")
                fields[key] = value
            if not fields:
                raise ValueError(f"{path}:{number}: no fields before `reason:`")
            self.rules.append((fields, reason.strip(), number))

    def match(self, d):
        """Return (line number, reason) of the first line matching disagreement `d`, or None."""
        for fields, reason, number in self.rules:
            ok = True
            for key, pattern in fields.items():
                if key == "category":
                    ok = any(fnmatch.fnmatchcase(c, pattern) for c in d["categories"])
                else:
                    ok = fnmatch.fnmatchcase(str(d[key]), pattern)
                if not ok:
                    break
            if ok:
                return number, reason
        return None


# ----------------------------------------------------------------------------------------------
# Running the two sides


class SideError(Exception):
    pass


def verdict_map(doc, who):
    if not isinstance(doc, dict) or not isinstance(doc.get("flows"), list):
        raise SideError(f"{who}: JSON without a `flows` list")
    flows = {}
    for f in doc["flows"]:
        try:
            key = (f["from"], f["to"], int(f["port"]), str(f["protocol"]).upper())
            allowed = f["allowed"]
        except (KeyError, TypeError, ValueError):
            raise SideError(f"{who}: malformed flow {f!r}") from None
        if not isinstance(allowed, bool):
            raise SideError(f"{who}: `allowed` is not a boolean in {f!r}")
        if key in flows and flows[key] != allowed:
            raise SideError(f"{who}: two different verdicts for {key}")
        flows[key] = allowed
    return set(doc.get("endpoints") or []), flows


def run_json(cmd, who, timeout):
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except FileNotFoundError:
        raise SideError(f"{who}: cannot run {cmd[0]}") from None
    except subprocess.TimeoutExpired:
        raise SideError(f"{who}: no answer within {timeout}s: {' '.join(cmd)}") from None
    try:
        doc = json.loads(proc.stdout)
    except json.JSONDecodeError:
        tail = (proc.stderr.strip() or proc.stdout.strip())[-1500:]
        raise SideError(f"{who}: exit {proc.returncode}, no JSON on stdout: {' '.join(cmd)}\n{tail}") from None
    return doc


def run_aksnet(aksnet, cluster_dir, ports, timeout):
    cmd = [aksnet, "reach", str(cluster_dir)]
    for number, proto in ports:
        cmd += ["--port", f"{number}/{proto}"]
    cmd += ["--format", "json"]
    return verdict_map(run_json(cmd, "aksnet", timeout), "aksnet")


def run_nca(cluster_dir, ports, engine, timeout):
    cmd = [str(nca_flows.venv_python()), str(HERE / "nca_flows.py"), str(cluster_dir), "--engine", engine]
    for number, proto in ports:
        cmd += ["--port", f"{number}/{proto}"]
    return verdict_map(run_json(cmd, "nca", timeout), "nca")


def check_aksnet_has_reach(aksnet):
    """None when `aksnet reach --help` works, else why not."""
    if not (Path(aksnet).is_file() and os.access(aksnet, os.X_OK)) and not shutil.which(aksnet):
        return f"{aksnet} is not an executable file"
    try:
        proc = subprocess.run([aksnet, "reach", "--help"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"cannot run {aksnet}: {e}"
    if proc.returncode != 0:
        return f"`{aksnet} reach --help` exited {proc.returncode}: {(proc.stderr or proc.stdout).strip()[:500]}"
    return None


# ----------------------------------------------------------------------------------------------
# Comparing


def fmt_verdict(v):
    return {True: "allowed", False: "denied", None: "missing"}[v]


def classify(d, model, model_ip):
    key = (d["from"], d["to"], d["port_number"], d["protocol"])
    m, mi = model.get(key), model_ip.get(key)
    cats = []
    if m is not None and mi is not None:
        if m != mi and d["aksnet_v"] == mi and d["nca_v"] == m:
            cats.append("ipblock-pod-ip")
        elif d["aksnet_v"] == m and d["nca_v"] != m:
            cats.append("nca-not-model")
        elif d["nca_v"] == m and d["aksnet_v"] != m:
            cats.append("aksnet-not-model")
    return cats or ["unclassified"]


def compare(seed, aksnet_side, nca_side, cluster_dir, ports):
    a_eps, a_flows = aksnet_side
    n_eps, n_flows = nca_side
    problems = []
    if a_eps != n_eps:
        problems.append(f"endpoints differ: only aksnet {sorted(a_eps - n_eps)[:10]}, "
                        f"only nca {sorted(n_eps - a_eps)[:10]}")
    disagreements = []
    for key in sorted(set(a_flows) | set(n_flows)):
        av, nv = a_flows.get(key), n_flows.get(key)
        if av == nv:
            continue
        src, dst, number, proto = key
        disagreements.append({
            "seed": seed, "from": src, "to": dst, "port": f"{number}/{proto}",
            "port_number": number, "protocol": proto,
            "aksnet_v": av, "nca_v": nv, "aksnet": fmt_verdict(av), "nca": fmt_verdict(nv),
        })
    if disagreements:
        import reference

        def as_map(doc):
            return {(f["from"], f["to"], f["port"], f["protocol"]): f["allowed"] for f in doc["flows"]}

        model = as_map(reference.flows(cluster_dir, ports))
        model_ip = as_map(reference.flows(cluster_dir, ports, ipblock_matches_pods=True))
        for d in disagreements:
            d["categories"] = classify(d, model, model_ip)
    return problems, disagreements


# ----------------------------------------------------------------------------------------------


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--aksnet", required=True, help="path to the aksnet binary")
    parser.add_argument("--seeds", type=int, default=30)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--ports", default="80/TCP,53/UDP,9090/TCP,8080/TCP")
    parser.add_argument("--namespaces", type=int, default=4)
    parser.add_argument("--pods", type=int, default=12)
    parser.add_argument("--policies", type=int, default=6)
    parser.add_argument("--engine", choices=["cli", "api"], default="cli", help="how nca_flows.py reads NCA")
    parser.add_argument("--known", default=str(KNOWN_FILE), help="known deviations file")
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed to each side per seed")
    parser.add_argument("--keep-failures", help="copy the clusters of failed seeds here")
    args = parser.parse_args(argv)

    try:
        ports = list(dict.fromkeys(nca_flows.parse_port(p) for p in args.ports.split(",") if p.strip()))
    except argparse.ArgumentTypeError as e:
        parser.error(str(e))
    try:
        known = KnownDeviations(args.known)
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    seeds = range(args.start, args.start + args.seeds)

    why = check_aksnet_has_reach(args.aksnet)
    if why:
        print(f"aksnet is not usable: {why}")
        print(f"differential: 0 passed, {len(seeds)} failed")
        return 1

    passed = failed = 0
    known_count = unknown_count = 0
    t_aksnet = t_nca = 0.0
    for seed in seeds:
        with tempfile.TemporaryDirectory(prefix=f"aksnet-diff-{seed}-") as tmp:
            cluster_dir = Path(tmp) / "cluster"
            cluster_dir.mkdir()
            for name, text in generate.generate(seed, args.namespaces, args.pods, args.policies).items():
                (cluster_dir / name).write_text(text, encoding="utf-8")
            try:
                t0 = time.monotonic()
                aksnet_side = run_aksnet(args.aksnet, cluster_dir, ports, args.timeout)
                t1 = time.monotonic()
                nca_side = run_nca(cluster_dir, ports, args.engine, args.timeout)
                t2 = time.monotonic()
                t_aksnet += t1 - t0
                t_nca += t2 - t1
                problems, disagreements = compare(seed, aksnet_side, nca_side, cluster_dir, ports)
            except SideError as e:
                problems, disagreements = [str(e)], []

            unexplained = list(problems)
            for d in disagreements:
                hit = known.match(d)
                tag = ",".join(d["categories"])
                line = (f"seed {seed}: {d['from']} -> {d['to']} {d['port']}: "
                        f"aksnet={d['aksnet']} nca={d['nca']} [{tag}]")
                if hit:
                    known_count += 1
                    print(f"{line} known (known-deviations.txt:{hit[0]}: {hit[1]})")
                else:
                    unknown_count += 1
                    unexplained.append(line)
                    print(line)
            for p in problems:
                print(f"seed {seed}: {p}")
            if unexplained:
                failed += 1
                reproduce = (f"generate.py --seed {seed} --namespaces {args.namespaces} --pods {args.pods} "
                             f"--policies {args.policies} --out DIR")
                print(f"seed {seed}: FAILED ({len(unexplained)} unexplained); reproduce with {reproduce}")
                if args.keep_failures:
                    dest = Path(args.keep_failures) / f"seed-{seed}"
                    shutil.rmtree(dest, ignore_errors=True)
                    shutil.copytree(cluster_dir, dest)
            else:
                passed += 1
    print(f"{unknown_count} unexplained and {known_count} known disagreements; "
          f"aksnet {t_aksnet:.1f}s, NCA {t_nca:.1f}s in total")
    print(f"differential: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    nca_flows.ensure_venv_python(sys.argv[1:], __file__)
    sys.exit(main(sys.argv[1:]))
