#!/usr/bin/python3
"""Compares our intensities with sasmodels 1.0 at random parameters.

Usage: benchmarks/compare-random.py BUILD_DIR [--sets N] [--seed S] [MODEL...]

For every model (or those named), N parameter sets are drawn from the
parameter space of ../shared/reference/models.json: every target between
its 1st percentile and its median (log-uniform for log-scale parameters,
uniform for linear ones, a random integer up to the 99th percentile for
counts), SLDs within +-1 of their defaults, and on every third set a
10% Gaussian polydispersity (15 points, 3 sigma) on the first polydisperse
size parameter.  Ours come from `sasformer-cli simulate` on the canonical
512-point grid, sasmodels' from its DLL engine in double precision; for
models with an orientation or other Gauss-Legendre average, sasmodels runs
with 800- and 1600-point rules (400 and 800 for the nested averages, whose
sizes come from the lower half of the range), and a set is counted only
where those two agree to 1e-6 (elsewhere sasmodels itself is unconverged and the set is
reported as such).  `simulate` writes 10 significant digits (q and I), so
agreement better than ~5e-10 reads as that.  Sets that our command line rejects (a value outside a
limit) are reported too.  Prints, per model, the largest relative error
per point over the checked sets.  Needs Debian's python3-sasmodels; the
project itself never uses Python, and no test runs this.
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
from sasmodels.core import load_model_info, build_model
from sasmodels.data import empty_data1D
from sasmodels.direct_model import DirectModel
from sasmodels.generate import set_integration_size

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("SASFORMER_SHARED", os.path.join(HERE, "..", "..", "shared"))


# Models whose sasmodels kernel nests two Gauss-Legendre averages: 1600^2
# points per q would take minutes per curve, so they run at 400 and 800
# points and draw their sizes from the lower half (log scale) of the range.
NESTED = {"elliptical_cylinder", "triaxial_ellipsoid", "parallelepiped", "rectangular_prism",
          "hollow_rectangular_prism", "hollow_rectangular_prism_thin_walls",
          "flexible_cylinder_elliptical"}


def draw(model, rng, with_pd):
    pars = {"scale": 1.0, "background": 0.0}
    for name in model["targets"]:
        sp = model["space"].get(name)
        if sp is None:
            continue
        lo, hi = sp["p01"], sp["p50"]
        if model["name"] in NESTED and sp["scale"] == "log" and lo > 0:
            hi = (lo * hi) ** 0.5
        if sp["scale"] == "integer":
            pars[name] = int(rng.integers(int(round(sp["min"])), int(round(sp["p99"])) + 1))
        elif sp["scale"] == "log" and lo > 0:
            pars[name] = float(np.exp(rng.uniform(np.log(lo), np.log(hi))))
        else:
            pars[name] = float(rng.uniform(lo, hi))
    for p in model["parameters"]:
        if p["type"] == "sld" and p["length"] == 1:
            pars[p["name"]] = p["default"] + float(rng.uniform(-1.0, 1.0))
    if with_pd:
        for p in model["parameters"]:
            if p["polydisperse"] and p["type"] == "volume" and p["name"] in pars:
                pars[p["name"] + "_pd"] = 0.1
                pars[p["name"] + "_pd_n"] = 15
                pars[p["name"] + "_pd_nsigma"] = 3
                break
    return pars


def ours(cli, name, pars, tmp):
    out = os.path.join(tmp, "curve.txt")
    args = [cli, "simulate", name] + [f"{k}={v!r}" for k, v in pars.items()] + [
        "--q-min", "1e-3", "--q-max", "1", "--points", "512", "-o", out]
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        return None, r.stderr.strip().splitlines()[-1] if r.stderr else "rejected"
    data = np.loadtxt(out, comments="#")
    return data[:, 1], None


def main():
    argv = sys.argv[1:]
    sets, seed, names = 4, 1, []
    build = argv.pop(0)
    while argv:
        a = argv.pop(0)
        if a == "--sets":
            sets = int(argv.pop(0))
        elif a == "--seed":
            seed = int(argv.pop(0))
        else:
            names.append(a)
    cli = os.path.join(build, "src", "cli", "sasformer-cli")
    models = json.load(open(os.path.join(SHARED, "reference", "models.json")))["models"]
    q = np.logspace(-3, 0, 512)
    data = empty_data1D(q)
    rng = np.random.default_rng(seed)
    print(f"{'model':36s} {'checked':>7s} {'unconv':>6s} {'reject':>6s} {'max rel err':>12s}")
    worst_all = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for model in models:
            if names and model["name"] not in names:
                continue
            info = load_model_info(model["name"])
            quadrature = bool(info.source) and any(s.startswith("lib/gauss") for s in info.source)
            engines = []
            orders = (400, 800) if model["name"] in NESTED else (800, 1600)
            for n in (orders if quadrature else (None,)):
                info = load_model_info(model["name"])
                if n is not None:
                    set_integration_size(info, n)
                engines.append(DirectModel(data, build_model(info, dtype="double", platform="dll")))
            checked = unconverged = rejected = 0
            worst = 0.0
            for s in range(sets):
                pars = draw(model, rng, s % 3 == 2)
                mine, why = ours(cli, model["name"], pars, tmp)
                if mine is None:
                    rejected += 1
                    continue
                refs = [np.asarray(e(**pars)) for e in engines]
                ref = refs[-1]
                if len(refs) > 1:
                    spread = np.max(np.abs(refs[0] - refs[1]) / np.maximum(np.abs(refs[1]), 1e-300))
                    if not spread <= 1e-6:
                        unconverged += 1
                        continue
                ok = np.isfinite(ref) & (np.abs(ref) > 0)
                err = np.max(np.abs(mine[ok] - ref[ok]) / np.abs(ref[ok])) if ok.any() else 0.0
                worst = max(worst, err)
                checked += 1
            worst_all = max(worst_all, worst)
            print(f"{model['name']:36s} {checked:7d} {unconverged:6d} {rejected:6d} {worst:12.3g}",
                  flush=True)
    print(f"largest relative error over all checked sets: {worst_all:.3g}")


if __name__ == "__main__":
    main()
