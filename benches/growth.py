#!/usr/bin/env python3
"""growth.py: how a huozi executable's whole build grows with the length of its input (issue 13, line 3).

Usage:
  benches/growth.py BIN [--runs 5] [--small 1] [--large 20] [--shapes paragraph,stories,story] [--keep DIR]

  BIN       a release build of huozi (target/release/huozi)
  --runs    rounds; each round builds every input once, in turn, small and large side by side (default 5)
  --small   the small inputs' size in MB (default 1)
  --large   the large inputs' size in MB (default 20)
  --shapes  which inputs, comma-separated (default all three):
              paragraph  the sample's text with its line breaks removed, under one headline: one paragraph
              stories    the sample's stories repeated, each whole: one story file of many stories
              story      the sample's paragraphs (its lines of more than 40 characters) under one headline:
                         one story of many paragraphs
            (the same shapes as the criterion benchmark benches/linear.rs, which times the typesetting
            stage alone at 100 and 300 KB)
  --keep    writes the inputs into DIR and keeps them and the outputs (default: a temporary folder)

Each input is the sample (content/000_51746479e755d755.txt beside this script) repeated to at least the
size asked for. A build is `BIN build INPUT --out OUT` (EPUB and PDF), timed from its start to its end as
benches/ab.py and ../shared/bench/vs_typst.py time it, back to back (no Typst between the builds).

Prints for every input the median wall time, the median CPU time (user + system, from wait4) and the peak
RSS of its builds, then for every shape the large input's median over the small one's. Issue 13 asks that
one 1 MB paragraph build in at most 2 s and a 20 MB story take at most 20 times a 1 MB story. The ratio moves
by a tenth or more from one window of a shared machine to the next (docs/speed.md, twenty-eighth round):
run it more than once before reading a figure near the bound.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "content", "000_51746479e755d755.txt")
SHAPES = ("paragraph", "stories", "story")


def unit(shape, sample):
    """The text a shape starts with and the text it repeats."""
    if shape == "paragraph":
        return "一段很长的文字\n\n", sample.replace("\r", "").replace("\n", "")
    if shape == "stories":
        return "", sample + "\n"
    paragraphs = [line for line in sample.splitlines() if len(line) > 40]
    return "一个很长的故事\n\n", "\n\n".join(paragraphs) + "\n\n"


def make(shape, megabytes, sample, folder):
    """Writes the sample in `shape`, repeated to at least `megabytes` MB, into `folder`; returns its path."""
    head, body = unit(shape, sample)
    want = int(megabytes * 1_000_000)
    count = max(1, -(-(want - len(head.encode())) // len(body.encode())))
    path = os.path.join(folder, f"{shape}-{megabytes:g}mb.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write(head + body * count)
    return path


def build(binary, path, out):
    """One build of `path`: wall seconds, CPU seconds and peak RSS in MiB; exits on a failed build."""
    t = time.perf_counter()
    p = subprocess.Popen([binary, "build", path, "--out", out],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    if status:
        sys.exit(f"growth.py: {binary} failed on {path}: {err.decode(errors='replace')[-400:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 epilog="See the module docstring (the top of this file) for the inputs.")
    ap.add_argument("binary", help="a release build of huozi")
    ap.add_argument("--runs", type=int, default=5, help="rounds (default 5)")
    ap.add_argument("--small", type=float, default=1.0, help="the small inputs' size in MB (default 1)")
    ap.add_argument("--large", type=float, default=20.0, help="the large inputs' size in MB (default 20)")
    ap.add_argument("--shapes", default=",".join(SHAPES),
                    help="comma-separated: paragraph, stories, story (default all)")
    ap.add_argument("--keep", metavar="DIR", help="write the inputs and outputs into DIR and keep them")
    o = ap.parse_args()
    shapes = [s for s in o.shapes.split(",") if s]
    bad = [s for s in shapes if s not in SHAPES]
    if bad:
        sys.exit(f"growth.py: unknown shape {', '.join(bad)} (paragraph, stories or story)")
    if not (os.path.isfile(o.binary) and os.access(o.binary, os.X_OK)):
        sys.exit(f"growth.py: {o.binary} is not an executable (build it: cargo build --release)")
    if o.runs < 1 or o.small <= 0 or o.large <= 0:
        sys.exit("growth.py: --runs, --small and --large must be positive")
    with open(SAMPLE, encoding="utf-8") as f:
        sample = f.read()
    with tempfile.TemporaryDirectory() as scratch:
        folder = o.keep or scratch
        os.makedirs(folder, exist_ok=True)
        inputs = [(shape, size, make(shape, size, sample, folder))
                  for shape in shapes for size in (o.small, o.large)]
        results = {(shape, size): [] for shape, size, _ in inputs}
        for _ in range(o.runs):
            for shape, size, path in inputs:
                out = os.path.join(folder, f"out-{shape}-{size:g}mb")
                results[(shape, size)].append(build(o.binary, path, out))
    median = {k: (statistics.median(r[0] for r in v), statistics.median(r[1] for r in v),
                  max(r[2] for r in v)) for k, v in results.items()}
    for (shape, size), (wall, cpu, rss) in median.items():
        runs = " ".join(f"{r[0]:.3f}" for r in results[(shape, size)])
        print(f"{shape} {size:g} MB: wall {wall:.3f} s, cpu {cpu:.3f} s, peak {rss:.0f} MiB (runs {runs})")
    for shape in shapes:
        (small, small_cpu, _), (large, large_cpu, _) = median[(shape, o.small)], median[(shape, o.large)]
        print(f"{shape}: {o.large:g} MB / {o.small:g} MB = {large / small:.1f}x wall "
              f"({large_cpu / small_cpu:.1f}x cpu)")


if __name__ == "__main__":
    main()
