#!/usr/bin/env python3
"""Check the NCA side of the differential test on its own, without aksnet.

    selftest.py [--seeds 40] [--start 0] [--ports 80/TCP,53/UDP,9090/TCP,8080/TCP]

For each seed: generate a cluster (sizes vary with the seed), then require that
  * nca_flows.py --engine cli (NCA's text output, parsed),
  * nca_flows.py --engine api (NCA's Python API), and
  * reference.py (an independent model of the spec, ipBlocks not matching pods)
give the same verdict on every flow. It also counts the flows where letting ipBlocks match pod
IPs changes the model's verdict, to show the generator exercises that case.
Prints `selftest: N passed, M failed` and exits 1 on any failure.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree

import generate  # noqa: E402
import nca_flows  # noqa: E402


def verdicts(pods, ports, allowed):
    return {(pods[s], pods[d], ports[k]) for s, d, k in allowed}


def model_verdicts(doc):
    return {(f["from"], f["to"], (f["port"], f["protocol"])) for f in doc["flows"] if f["allowed"]}


def sizes_for(seed):
    """Small clusters of varied shape: a few namespaces, up to ~30 pods, up to ~15 policies."""
    return 1 + seed % 5, 2 + (seed * 7) % 29, (seed * 3) % 16


def main(argv):
    import reference

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=40)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--ports", default="80/TCP,53/UDP,9090/TCP,8080/TCP")
    args = parser.parse_args(argv)
    ports = [nca_flows.parse_port(p) for p in args.ports.split(",")]

    passed = failed = 0
    ipblock_flows = allowed_total = flows_total = 0
    t0 = time.monotonic()
    for seed in range(args.start, args.start + args.seeds):
        k, p, q = sizes_for(seed)
        with tempfile.TemporaryDirectory(prefix=f"nca-selftest-{seed}-") as tmp:
            cluster_dir = Path(tmp) / "cluster"
            cluster_dir.mkdir()
            for name, text in generate.generate(seed, k, p, q).items():
                (cluster_dir / name).write_text(text)
            work = Path(tmp) / "work"
            work.mkdir()
            pods, _notes = nca_flows.prepare(cluster_dir, work)
            if len(pods) < 2:
                passed += 1
                continue
            cli = verdicts(pods, ports, nca_flows.allowed_from_cli(pods, ports, work))
            api = verdicts(pods, ports, nca_flows.allowed_from_api(pods, ports, work))
            model = model_verdicts(reference.flows(cluster_dir, ports))
            model_ip = model_verdicts(reference.flows(cluster_dir, ports, ipblock_matches_pods=True))
        problems = []
        if cli != api:
            problems.append(f"cli vs api: {sorted(cli ^ api)[:5]}")
        if cli != model:
            problems.append(f"NCA vs model: only NCA {sorted(cli - model)[:5]}, only model {sorted(model - cli)[:5]}")
        n_flows = len(pods) * (len(pods) - 1) * len(ports)
        flows_total += n_flows
        allowed_total += len(cli)
        ipblock_flows += len(model ^ model_ip)
        if problems:
            failed += 1
            print(f"seed {seed} ({k} ns, {p} pods, {q} policies): " + "; ".join(problems))
        else:
            passed += 1
    print(f"{flows_total} flows checked, {allowed_total} allowed; {ipblock_flows} would change if ipBlocks "
          f"matched pod IPs; {time.monotonic() - t0:.1f}s")
    print(f"selftest: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    nca_flows.ensure_venv_python(sys.argv[1:], __file__)
    sys.exit(main(sys.argv[1:]))
