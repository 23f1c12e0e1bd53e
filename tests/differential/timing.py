#!/usr/bin/env python3
"""Time NCA (through nca_flows.py) and optionally aksnet on generated clusters of growing size.

    timing.py [--namespaces 50 --pods 2000 --policies 300] [--ports 80/TCP,53/UDP,9090/TCP,8080/TCP]
              [--scale 0.1,0.25,0.5,1] [--engine api|cli] [--aksnet PATH] [--timeout 600] [--seed 1]

Each scale factor multiplies the three sizes. For each size it prints the generator's, NCA's
and aksnet's wall-clock times, and the exact commands, and stops growing once a side runs out of
--timeout seconds. Outputs go to a temporary directory and are deleted (their size is reported).
"""

import argparse
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree

import nca_flows  # noqa: E402


def timed(cmd, timeout, out_path):
    t0 = time.monotonic()
    try:
        with open(out_path, "w") as out:
            proc = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, f"> {timeout}s (stopped)"
    elapsed = time.monotonic() - t0
    if proc.returncode != 0:
        return elapsed, f"exit {proc.returncode}: {proc.stderr.strip()[-300:]}"
    notes = [line for line in proc.stderr.splitlines() if line.startswith("nca_flows:")]
    return elapsed, "; ".join(n[len("nca_flows: "):] for n in notes)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--namespaces", type=int, default=50)
    parser.add_argument("--pods", type=int, default=2000)
    parser.add_argument("--policies", type=int, default=300)
    parser.add_argument("--ports", default="80/TCP,53/UDP,9090/TCP,8080/TCP")
    parser.add_argument("--scale", default="1", help="comma-separated factors applied to the sizes")
    parser.add_argument("--engine", choices=["cli", "api"], default="api")
    parser.add_argument("--aksnet", help="also time `AKSNET reach` on the same clusters")
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed to each run")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    ports = [f"{n}/{p}" for n, p in (nca_flows.parse_port(x) for x in args.ports.split(","))]
    port_args = [a for p in ports for a in ("--port", p)]

    nca_gave_up = aksnet_gave_up = False
    for factor in (float(f) for f in args.scale.split(",")):
        k = max(1, round(args.namespaces * factor))
        p = max(2, round(args.pods * factor))
        q = max(0, round(args.policies * factor))
        with tempfile.TemporaryDirectory(prefix="aksnet-timing-") as tmp:
            cluster = Path(tmp) / "cluster"
            gen = [sys.executable, str(HERE / "generate.py"), "--seed", str(args.seed), "--namespaces", str(k),
                   "--pods", str(p), "--policies", str(q), "--out", str(cluster)]
            t0 = time.monotonic()
            subprocess.run(gen, check=True)
            print(f"== {k} namespaces, {p} pods, {q} policies, {len(ports)} ports: "
                  f"{p * (p - 1) * len(ports)} flows; generated in {time.monotonic() - t0:.1f}s")
            print(f"   $ {shlex.join(gen)}")
            if not nca_gave_up:
                cmd = [str(nca_flows.venv_python()), str(HERE / "nca_flows.py"), str(cluster), *port_args,
                       "--engine", args.engine, "--timing"]
                out = Path(tmp) / "nca.json"
                elapsed, notes = timed(cmd, args.timeout, out)
                size = out.stat().st_size if out.exists() else 0
                shown = f"{elapsed:.1f}s" if elapsed is not None else ""
                print(f"   NCA ({args.engine}): {shown} {notes}; JSON {size / 1e6:.1f} MB")
                print(f"   $ {shlex.join(cmd)} > nca.json")
                nca_gave_up = elapsed is None
            if args.aksnet and not aksnet_gave_up:
                cmd = [args.aksnet, "reach", str(cluster), *port_args, "--format", "json"]
                out = Path(tmp) / "aksnet.json"
                elapsed, notes = timed(cmd, args.timeout, out)
                size = out.stat().st_size if out.exists() else 0
                shown = f"{elapsed:.1f}s" if elapsed is not None else ""
                print(f"   aksnet: {shown} {notes}; JSON {size / 1e6:.1f} MB")
                print(f"   $ {shlex.join(cmd)} > aksnet.json")
                aksnet_gave_up = elapsed is None
        sys.stdout.flush()
        if nca_gave_up and (aksnet_gave_up or not args.aksnet):
            break
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
