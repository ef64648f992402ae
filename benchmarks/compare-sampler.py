#!/usr/bin/python3
"""Compares the generator's joint parameter draws with sasmodels' random generator.

Usage: benchmarks/compare-sampler.py BUILD_DIR [--draws N] [MODEL...]

For every model (or those named), N parameter sets from sasmodels 1.0.6
(sasmodels.compare.randomize_pars and constrain_pars, the draws behind
the reference space of ../shared/reference/models.json) and N from
`sasformer-cli sample --generator-version V` for V = 4 (every target from
its marginal) and 5 (drawn together, src/sas/sas-random.h).  Prints, per
model, the largest difference between the Spearman rank correlations of
two targets in sasmodels' draws and in ours, for each version, over the
targets that are always in use (vector elements beyond a count are left
out).  tests/test-random.c checks the marginals; this checks what they
cannot: how the targets go together.  Needs Debian's python3-sasmodels
and numpy; the project itself never uses Python, and no test runs this.
"""
import argparse
import json
import os
import subprocess
import sys

import numpy as np
from sasmodels.compare import constrain_pars, randomize_pars
from sasmodels.core import load_model_info

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("SASFORMER_SHARED", os.path.join(HERE, "..", "..", "shared"))


def ranks(x):
    order = np.argsort(x, kind="mergesort")
    r = np.empty(len(x))
    r[order] = np.arange(len(x))
    return r


def spearman(columns):
    """Rank correlation matrix of the columns (a list of 1-D arrays)."""
    return np.corrcoef(np.array([ranks(c) for c in columns]))


def ours(cli, name, n, version):
    out = subprocess.run([cli, "sample", name, "-n", str(n), "--seed", "11",
                          "--generator-version", str(version)],
                         capture_output=True, text=True, check=True).stdout
    lines = out.splitlines()
    header = lines[0].split("\t")[:-1]
    rows = np.array([[float(v) for v in line.split("\t")[:-1]] for line in lines[1:]])
    return {h: rows[:, k] for k, h in enumerate(header)}


def theirs(name, targets, n):
    info = load_model_info(name)
    np.random.seed(12345)
    values = {t: np.empty(n) for t in targets}
    for k in range(n):
        pars = randomize_pars(info, info.parameters.defaults)
        constrain_pars(info, pars)
        for t in targets:
            values[t][k] = pars[t]
    return values


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("build")
    parser.add_argument("--draws", type=int, default=3000)
    parser.add_argument("models", nargs="*")
    args = parser.parse_intermixed_args()
    with open(os.path.join(SHARED, "reference", "models.json")) as f:
        entries = {e["name"]: e for e in json.load(f)["models"]}
    cli = os.path.join(args.build, "src", "cli", "sasformer-cli")
    names = args.models or sorted(entries)
    print("%-36s %8s %12s %12s" % ("model", "targets", "max |d rho| 4", "max |d rho| 5"))
    worst = {4: [], 5: []}
    for name in names:
        mine = {v: ours(cli, name, args.draws, v) for v in (4, 5)}
        used = [t for t in mine[5] if np.all(np.isfinite(mine[5][t]))
                and np.all(np.isfinite(mine[4][t]))]
        if len(used) < 2:
            print("%-36s %8d %12s %12s" % (name, len(used), "-", "-"))
            continue
        ref = spearman([theirs(name, used, args.draws)[t] for t in used])
        diffs = {}
        for v in (4, 5):
            d = np.abs(spearman([mine[v][t] for t in used]) - ref)
            np.fill_diagonal(d, 0.0)
            diffs[v] = float(np.nanmax(d))
            worst[v].append(diffs[v])
        print("%-36s %8d %12.3f %12.3f" % (name, len(used), diffs[4], diffs[5]))
        sys.stdout.flush()
    for v in (4, 5):
        if worst[v]:
            print("version %d: median %.3f, largest %.3f over %d models"
                  % (v, float(np.median(worst[v])), max(worst[v]), len(worst[v])))


if __name__ == "__main__":
    main()
