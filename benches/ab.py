#!/usr/bin/env python3
"""ab.py: two or more huozi executables (or one executable under several environments) timed against each
other on N copies of the sample, in the context `../shared/bench/vs_typst.py` measures them in.

Usage:
  benches/ab.py BIN[,BIN...] [--copies 100] [--rounds 40] [--warm] [--env NAME=VAR:VALUE[;VAR:VALUE]]...

  BIN       huozi executables, comma-separated (the first is the base); with one, each --env is a variant
  --copies  copies of content/000_51746479e755d755.txt in the book (default 100)
  --rounds  rounds; each round runs every variant once, in a shuffled order (default 40; with fewer
            than about 10 the medians mean little)
  --warm    runs the builds back to back instead of after Typst's compile of the same stories
  --env     a variant of the single executable: NAME, then its environment (e.g. `nothp=MALLOC_CONF:thp:default`)

By default each build follows Typst's compile of the same stories, as in vs_typst.py. Builds timed that
way are about a tenth slower than back-to-back builds on the machines measured: caches are cold, and
fresh memory costs more after an idle half second (docs/speed.md, twenty-seventh round). A change should
gain in that context, not only back to back.

Prints per variant the medians of the build's wall time, of its CPU time (user + system, from wait4), of
its system time and, without --warm, of the ratio to the Typst compile before it. The outputs of every
variant are compared byte for byte with the first's and a difference is reported. Needs what vs_typst.py
needs (pip typst==0.15.2, Debian fonts-noto-cjk) unless --warm.
"""
import argparse
import filecmp
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "content", "000_51746479e755d755.txt")
SHARED_BENCH = os.path.join(HERE, "..", "..", "shared", "bench")
sys.path.insert(0, SHARED_BENCH)


def build(binary, book, out, env):
    t = time.perf_counter()
    p = subprocess.Popen([binary, "build", book, "--out", out], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, env=env)
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    if status:
        sys.exit(f"{binary} failed: {err.decode(errors='replace')[-400:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_stime


def variants(o):
    bins = [b for b in o.bins.split(",") if b]
    if len(bins) > 1:
        if o.env:
            sys.exit("--env takes a single executable")
        return [(b, b, dict(os.environ)) for b in bins]
    out = [("base", bins[0], dict(os.environ))]
    for spec in o.env:
        name, _, pairs = spec.partition("=")
        env = dict(os.environ)
        for pair in filter(None, pairs.split(";")):
            var, colon, value = pair.partition(":")
            if not name or not colon or not var or "=" in var:
                sys.exit(f"--env {spec!r}: write NAME=VAR:VALUE[;VAR:VALUE], e.g. nothp=MALLOC_CONF:thp:default")
            env[var] = value
        out.append((name, bins[0], env))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("bins", help="huozi executables, comma-separated, the first the base")
    ap.add_argument("--copies", type=int, default=100, help="copies of the sample in the book (default 100)")
    ap.add_argument("--rounds", type=int, default=40,
                    help="rounds, each running every variant once (default 40; under 10 the medians mean little)")
    ap.add_argument("--warm", action="store_true", help="builds back to back, not after Typst's compile")
    ap.add_argument("--env", action="append", default=[], metavar="NAME=VAR:VALUE[;VAR:VALUE]",
                    help="a variant of the single executable under this environment")
    o = ap.parse_args()
    runs = variants(o)
    try:
        import vs_typst
    except ImportError:
        sys.exit(f"ab.py needs ../shared/bench/vs_typst.py beside the clone (looked in {SHARED_BENCH})")
    with tempfile.TemporaryDirectory() as root:
        book, doc = vs_typst.make_inputs(SAMPLE, o.copies, root)
        pdf = os.path.join(root, "typst.pdf")
        outs = {name: os.path.join(root, f"out-{i}") for i, (name, _, _) in enumerate(runs)}
        for name, binary, env in runs:
            build(binary, book, outs[name], env)
        first = runs[0][0]
        for name, _, _ in runs[1:]:
            _, differ, missing = filecmp.cmpfiles(outs[first], outs[name], os.listdir(outs[first]),
                                                   shallow=False)
            if differ or missing:
                print(f"{name}: output differs from {first}'s: {', '.join(differ + missing)}")
            else:
                print(f"{name}: output identical to {first}'s")
        got = {name: [] for name, _, _ in runs}
        for _ in range(o.rounds):
            order = runs[:]
            random.shuffle(order)
            for name, binary, env in order:
                typst = None if o.warm else vs_typst.run_typst(doc, pdf)
                wall, cpu, system = build(binary, book, outs[name], env)
                got[name].append((wall, cpu, system, wall / typst if typst else None))
        for name, rows in got.items():
            med = [statistics.median(r[k] for r in rows) for k in range(3)]
            line = f"{name}: wall {1e3 * med[0]:.2f} ms, cpu {1e3 * med[1]:.1f} ms, system {1e3 * med[2]:.2f} ms"
            if not o.warm:
                line += f", ratio {statistics.median(r[3] for r in rows):.4f}"
            print(line)


if __name__ == "__main__":
    main()
