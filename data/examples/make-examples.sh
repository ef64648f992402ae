#!/bin/bash
# Regenerates the shipped example curves with our own simulator.
# Usage: data/examples/make-examples.sh BUILD_DIR
# Realistic q ranges and point counts of SAXS and SANS instruments,
# counting-like noise and pinhole resolution; fixed seeds.
set -euo pipefail
cli="${1:-build}/src/cli/sasformer-cli"
out="$(dirname "$0")"
sim() { "$cli" simulate "$@"; }

# SANS, three detector distances merged: 0.003-0.45 1/Å, 140 points, dq/q 8%
sim sphere radius=60 sld=1 sld_solvent=6.3 scale=0.02 background=0.05 radius_pd=0.08 \
  --q-min 0.003 --q-max 0.45 --points 140 --dq-over-q 0.08 --noise 0.01 --seed 11 -o "$out/sphere.dat"
# SAXS, pinhole camera: 0.008-0.6 1/Å, 300 points, dq/q 3%
sim core_shell_sphere radius=120 thickness=25 sld_core=9.4 sld_shell=12 sld_solvent=9.4 \
  scale=0.01 background=0.002 radius_pd=0.05 \
  --q-min 0.008 --q-max 0.6 --points 300 --dq-over-q 0.03 --noise 0.005 --seed 12 -o "$out/core_shell_sphere.dat"
sim cylinder radius=25 length=400 sld=4 sld_solvent=1 scale=0.01 background=0.01 radius_pd=0.1 \
  --q-min 0.004 --q-max 0.5 --points 200 --dq-over-q 0.05 --noise 0.01 --seed 13 -o "$out/cylinder.dat"
sim ellipsoid radius_polar=30 radius_equatorial=90 sld=4 sld_solvent=1 scale=0.01 background=0.01 \
  radius_equatorial_pd=0.1 \
  --q-min 0.004 --q-max 0.5 --points 200 --dq-over-q 0.05 --noise 0.01 --seed 14 -o "$out/ellipsoid.dat"
sim lamellar thickness=40 sld=1 sld_solvent=6.3 scale=0.05 background=0.02 thickness_pd=0.1 \
  --q-min 0.005 --q-max 0.5 --points 180 --dq-over-q 0.06 --noise 0.01 --seed 15 -o "$out/lamellar.dat"
sim flexible_cylinder length=1000 kuhn_length=100 radius=20 sld=1 sld_solvent=6.3 scale=0.01 background=0.01 \
  --q-min 0.003 --q-max 0.4 --points 160 --dq-over-q 0.08 --noise 0.01 --seed 16 -o "$out/flexible_cylinder.dat"
