#!/usr/bin/python3
"""Times sasmodels 1.0 (compiled DLL engine, double precision) on the cases
of bench-scattering and prints a table with the speed ratios.

Usage: benchmarks/compare-sasmodels.py BUILD_DIR [MODEL...]
Needs Debian's python3-sasmodels; the project itself never uses Python.
"""
import subprocess
import sys
import time

import numpy as np
from sasmodels.core import load_model
from sasmodels.data import empty_data1D
from sasmodels.direct_model import DirectModel


def best_time(f, pars):
    best, total, reps = float("inf"), 0.0, 0
    while total < 0.2 or reps < 3:
        t0 = time.perf_counter()
        f(**pars)
        dt = time.perf_counter() - t0
        best, total, reps = min(best, dt), total + dt, reps + 1
        if total > 20:
            break
    return best


def main():
    build = sys.argv[1]
    ours = subprocess.run([build + "/benchmarks/bench-scattering"] + sys.argv[2:],
                          check=True, capture_output=True, text=True).stdout
    q = np.logspace(-3, 0, 512)
    data = empty_data1D(q)
    print(f"{'model':36s} {'ours mono':>10s} {'sasm mono':>10s} {'ratio':>7s}   "
          f"{'ours poly':>10s} {'sasm poly':>10s} {'ratio':>7s}")
    for line in ours.splitlines():
        if line.startswith("#"):
            continue
        name, pd, mono, poly = line.split("\t")
        mono, poly = float(mono), float(poly)
        model = load_model(name, dtype="double", platform="dll")
        f = DirectModel(data, model)
        s_mono = best_time(f, {})
        s_poly = float("nan")
        if pd != "-":
            s_poly = best_time(f, {pd + "_pd": 0.1, pd + "_pd_n": 35, pd + "_pd_nsigma": 3})
        print(f"{name:36s} {mono*1e3:9.3f}ms {s_mono*1e3:9.3f}ms {s_mono/mono:6.1f}x   "
              f"{poly*1e3:9.3f}ms {s_poly*1e3:9.3f}ms {s_poly/poly:6.1f}x", flush=True)


if __name__ == "__main__":
    main()
