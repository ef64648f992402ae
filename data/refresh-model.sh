#!/bin/bash
# Carries the shipped model over to a new generator version: the data of
# the three earlier stages are generated again (same seeds, so the same
# parameters and the same held-out split, with the new version's curves),
# the kNN baseline is evaluated again, and the last stage's network is
# trained further on the new curves.
#
# Usage: data/refresh-model.sh BUILD_DIR WORK_DIR INIT_MODEL [STEPS] [TRAIN_SEED]
#
# INIT_MODEL is the last stage's uncalibrated model.h5 (its work dir of
# data/continue-model.sh).  Version 2 (graded orientation rules under the
# cap) was run as
#   data/refresh-model.sh build R2 S3/model.h5 8000 9
# (its kNN steps were run by hand in that run: they were skipped then
# because their JSONs existed, which the markers of `marked` now avoid)
# WORK_DIR receives the data sets; the model, its evaluation JSONs, its
# calibration and the kNN baseline's JSONs go to data/.  Every step is
# timed in WORK_DIR/times.txt; a step whose output exists is skipped.
set -euo pipefail
build="${1:?build dir}"
work="${2:?work dir}"
init="${3:?initial model}"
steps="${4:-8000}"
train_seed="${5:-9}"
cli="$build/src/cli/sasformer-cli"
data="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$work"
times="$work/times.txt"

# shellcheck source=data/pipeline-step.sh
. "$data/pipeline-step.sh"

# 1. The first stage's curves (data/train-model.sh), the second and
#    third stages' extra curves (data/continue-model.sh).
step generate "$work/full.h5" \
  "$cli" generate --per-class 200 --seed 1 --orientation-cap 48 --generator-version 2 --block 100 -q -o "$work/full.h5"
step generate-2 "$work/extra-2.h5" \
  "$cli" generate --per-class 200 --seed 4 --orientation-cap 48 --generator-version 2 --block 100 -q -o "$work/extra-2.h5"
step generate-3 "$work/extra-3.h5" \
  "$cli" generate --per-class 400 --seed 6 --orientation-cap 48 --generator-version 2 --block 100 -q -o "$work/extra-3.h5"
# 2. The held-out split and the kNN baseline on it, as in data/train-model.sh.
split_and_knn "$work/full.h5"
# 3. The earlier network on the new held-out curves, before training.
step evaluate-before "$work/before.eval.json" \
  "$cli" evaluate --model "$init" --data "$work/test.h5" --json "$work/before.eval.json"
# 4. Warm restart on all the new training curves.
step merge "$work/train-all.h5" \
  "$cli" merge "$work/train.h5" "$work/extra-2.h5" "$work/extra-3.h5" -o "$work/train-all.h5"
step train "$work/model.h5" \
  "$cli" train --data "$work/train-all.h5" --val "$work/test.h5" --out "$work/model.h5" \
  --init "$init" --metrics "$work/model.train-eval.json" --steps "$steps" \
  --batch 64 --lr 5e-4 --warmup 300 --seed "$train_seed" --checkpoint-every 1000 -q
# 5. Calibration, evaluation and the whole product path as in the other
#    stages (pipeline-step.sh).
finish_model "$work/cal.h5" "$work/check.h5" "$work/test.h5"
cat "$times"
