#!/usr/bin/python3
"""Classifies curves computed by sasmodels, not by our generator.

Usage: benchmarks/sasmodels-testset.py BUILD_DIR [--per-class N] [--seed S]
           [--scheme simple|reference] [--model FILE] [--json OUT]
           [--keep DIR [--reuse]] [MODEL...]

An outside check of the shipped network: every number our own held-out
split gives comes from our generator and our form factors, so an error
shared by both is invisible there.  Here, for every model (or those
named), N parameter sets come from sasmodels' own random generator
(model_info.random(); correlation_length and onion have none and draw
every target of ../shared/reference/models.json between its 1st and 99th
percentile instead, log-uniform where its scale is log), with scale 1
and background 1e-3 as our generator uses; on every second set the first
polydisperse size parameter gets a Gaussian polydispersity of width
uniform in [0.05, 0.3] (35 points, 3 sigma, sasmodels' defaults).
sasmodels computes I(q) on the canonical grid (512 log-spaced q in
[1e-3, 1] 1/A) with its DLL engine and its default integration rules;
curves with non-finite or non-positive values are skipped and counted.

--scheme reference draws instead as the reference generator that
../shared/reference/models.json describes (about.notes): every parameter
randomized by sasmodels.compare.randomize_pars (SLDs uniform in
[-0.5, 12], the model's random() for its own parameters) and
constrain_pars; then scale 1 and background 1e-3, and polydispersity on
none (1%), one (65%, 35 points), two (33%, 25 and 10 points) or three
(1%, 25, 10 and 5 points) of the polydisperse non-orientation
parameters, chosen at random, widths Beta(1.5, 7), Gaussian, 3 sigma.

Each curve is written as a two-column file (--keep DIR keeps them;
--reuse classifies those again, for another --model) and `sasformer-cli predict
--json --top 3` classifies them all.  Prints the mean per-class accuracy
and top-3 accuracy, the per-class table and the most frequent
confusions.  Needs Debian's python3-sasmodels; the project itself never
uses Python, and no test runs this.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
from sasmodels.compare import constrain_pars, randomize_pars
from sasmodels.core import load_model_info, build_model
from sasmodels.data import empty_data1D
from sasmodels.direct_model import DirectModel

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("SASFORMER_SHARED", os.path.join(HERE, "..", "..", "shared"))


def fallback_parameters(entry, rng):
    """Targets drawn from models.json's space (models without random()):
    between the 1st and 99th percentile, log-uniform on a log scale,
    counts (a vector's length control) rounded, within the table's
    limits."""
    params = {p["name"]: p for p in entry["parameters"]}
    counts = {p["length_control"] for p in entry["parameters"] if p.get("length_control")}
    pars = {}
    for name in entry["targets"]:
        space = entry["space"].get(name)
        if not space:
            continue
        lo, hi = space["p01"], space["p99"]
        if space.get("scale") == "log" and lo > 0:
            value = float(np.exp(rng.uniform(np.log(lo), np.log(hi))))
        else:
            value = float(rng.uniform(lo, hi))
        base = params.get(name) or params.get(name.rstrip("0123456789"))
        if base is not None:
            limits = [float(x) for x in base["limits"]]
            value = min(max(value, limits[0]), limits[1])
        if name in counts:
            value = float(max(1, round(value)))
        pars[name] = value
    return pars


def reference_parameters(info, rng):
    """A parameter set as the reference generator draws it (see above)."""
    pars = randomize_pars(info, info.parameters.defaults)
    constrain_pars(info, pars)
    pars["scale"] = 1.0
    pars["background"] = 1e-3
    shape = [p.name for p in info.parameters.kernel_parameters
             if p.polydisperse and p.type != "orientation" and "[" not in p.name]
    for p in info.parameters.kernel_parameters:
        if p.polydisperse:
            pars[p.name + "_pd_n"] = 0
    u = rng.uniform()
    count = 0 if u < 0.01 else 1 if u < 0.66 else 2 if u < 0.99 else 3
    points = {0: (), 1: (35,), 2: (25, 10), 3: (25, 10, 5)}[count]
    chosen = [shape[i] for i in rng.permutation(len(shape))[:count]]
    for name, n in zip(chosen, points):
        pars[name + "_pd"] = float(rng.beta(1.5, 7.0))
        pars[name + "_pd_n"] = n
        pars[name + "_pd_nsigma"] = 3.0
        pars[name + "_pd_type"] = "gaussian"
    return pars


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("build")
    parser.add_argument("--per-class", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--scheme", choices=("simple", "reference"), default="simple",
                        help="simple: random() + every second curve polydisperse (default); "
                        "reference: the reference generator's scheme (see above)")
    parser.add_argument("--model", default=None, help="model file (default: the shipped one)")
    parser.add_argument("--json", default=None, help="also write the results here")
    parser.add_argument("--keep", default=None, help="write the curves here and keep them")
    parser.add_argument("--reuse", action="store_true",
                        help="with --keep: classify the curves already there (same seed and N)")
    parser.add_argument("models", nargs="*")
    args = parser.parse_intermixed_args()

    with open(os.path.join(SHARED, "reference", "models.json")) as f:
        table = json.load(f)["models"]
    entries = {e["name"]: e for e in table} if isinstance(table, list) else table
    names = args.models or sorted(entries)
    q = np.logspace(-3, 0, 512)
    data = empty_data1D(q)
    cli = os.path.join(args.build, "src", "cli", "sasformer-cli")
    workdir = args.keep or tempfile.mkdtemp(prefix="sasmodels-testset-")
    os.makedirs(workdir, exist_ok=True)

    files, truth, skipped = [], {}, {}
    for label, name in enumerate(names):
        info = load_model_info(name)
        kernel = build_model(info, platform="dll")
        engine = DirectModel(data, kernel)
        volume = [p.name for p in info.parameters.kernel_parameters
                  if p.type == "volume" and p.polydisperse]
        for k in range(args.per_class):
            seed = args.seed * 1000003 + entries[name]["label"] * 1009 + k
            np.random.seed(seed % (2**32))
            rng = np.random.default_rng(seed)
            if args.scheme == "reference":
                pars = reference_parameters(info, rng)
            else:
                pars = dict(info.random()) if info.random is not None \
                    else fallback_parameters(entries[name], rng)
                pars["scale"] = 1.0
                pars["background"] = 1e-3
            if args.scheme == "simple" and k % 2 == 1 and volume:
                pars[volume[0] + "_pd"] = float(rng.uniform(0.05, 0.3))
                pars[volume[0] + "_pd_n"] = 35
                pars[volume[0] + "_pd_nsigma"] = 3.0
            path = os.path.join(workdir, "%s-%03d.dat" % (name, k))
            if args.reuse and os.path.exists(path):
                files.append(path)
                truth[path] = name
                continue
            iq = np.asarray(engine(**pars), dtype=float)
            if not np.all(np.isfinite(iq)) or np.any(iq <= 0):
                skipped[name] = skipped.get(name, 0) + 1
                continue
            np.savetxt(path, np.column_stack([q, iq]), fmt="%.10g")
            files.append(path)
            truth[path] = name
        sys.stderr.write("\r%d/%d models" % (label + 1, len(names)))
    sys.stderr.write("\n")

    command = [cli, "predict", "--json", "--top", "3"]
    if args.model:
        command += ["--model", args.model]
    result = subprocess.run(command + files, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit("predict failed (%d): %s" % (result.returncode, result.stderr.strip()))
    predictions = json.loads(result.stdout)

    per_class = {n: [0, 0, 0] for n in names}   # curves, top-1, top-3
    confusions = {}
    for p in predictions:
        true = truth[p["file"]]
        ranked = [c["model"] for c in p["candidates"]]
        per_class[true][0] += 1
        per_class[true][1] += ranked[0] == true
        per_class[true][2] += true in ranked[:3]
        if ranked[0] != true:
            confusions[(true, ranked[0])] = confusions.get((true, ranked[0]), 0) + 1
    present = [n for n in names if per_class[n][0] > 0]
    acc = float(np.mean([per_class[n][1] / per_class[n][0] for n in present]))
    top3 = float(np.mean([per_class[n][2] / per_class[n][0] for n in present]))

    print("%-38s %7s %9s %7s" % ("model", "curves", "accuracy", "top-3"))
    for n in present:
        c, a, t = per_class[n]
        print("%-38s %7d %9.3f %7.3f" % (n, c, a / c, t / c))
    print("\ncurves: %d (skipped, not finite or not positive: %d)"
          % (len(predictions), sum(skipped.values())))
    print("mean per-class accuracy %.3f, top-3 %.3f" % (acc, top3))
    print("most frequent confusions:")
    for (t, p), c in sorted(confusions.items(), key=lambda x: -x[1])[:10]:
        print("  %-32s -> %-32s %d" % (t, p, c))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"model": args.model or "shipped", "per_class": args.per_class,
                       "scheme": args.scheme,
                       "seed": args.seed, "curves": len(predictions), "skipped": skipped,
                       "mean_class_accuracy": acc, "mean_class_top3_accuracy": top3,
                       "classes": {n: dict(zip(("curves", "top1", "top3"), per_class[n]))
                                   for n in present},
                       "confusions": [{"true": t, "predicted": p, "count": c}
                                      for (t, p), c in sorted(confusions.items(),
                                                              key=lambda x: -x[1])]},
                      f, indent=1)


if __name__ == "__main__":
    main()
