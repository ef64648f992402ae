#!/bin/bash
# The eighth stage: every generator run of the earlier stages written
# again by generator version 3 (the default of generate then, named
# since version 4; same seeds, so the same parameters and the same
# held-out split), a new run beside them, and the last stage's network
# trained further on all of it.
#
# Usage: data/regenerate-model.sh BUILD_DIR WORK_DIR INIT_MODEL
#                                 [NEW_PER_CLASS] [STEPS] [NEW_SEED] [TRAIN_SEED]
#
# INIT_MODEL is the last stage's network (the shipped
# data/sasformer-model.h5 will do: train --init takes its network, bin
# edges and standardization, and calibration is fitted again here).
# The eighth stage was run as
#   cp data/sasformer-model.h5 S7.h5
#   data/regenerate-model.sh build R8 S7.h5 600 12000 11 13
# WORK_DIR receives every generator run, the splits, the merged training
# set and the model; the model, its evaluation JSONs, calibration and the
# kNN baseline's JSONs (on the first stage's training split and on every
# training curve) go to data/.  Every step is timed in
# WORK_DIR/times.txt; a step whose output exists is skipped.
set -euo pipefail
build="${1:?build dir}"
work="${2:?work dir}"
init="${3:?initial model}"
new_per_class="${4:-600}"
steps="${5:-12000}"
new_seed="${6:-11}"
train_seed="${7:-13}"
cli="$build/src/cli/sasformer-cli"
data="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$work"
times="$work/times.txt"

# shellcheck source=data/pipeline-step.sh
. "$data/pipeline-step.sh"

gen() {  # gen OUTPUT PER_CLASS SEED
  generate_run "$1" "$2" "$3" --generator-version 3
}

# 1. The first stage's run, its held-out split (seeds 2 and 3) and the
#    kNN baseline on it.
gen "$work/full.h5" 200 1
split_and_knn "$work/full.h5"
# 2. The later stages' runs (seeds 4, 6, 8, 9, 10) and this stage's.
gen "$work/extra-4.h5" 200 4
gen "$work/extra-6.h5" 400 6
gen "$work/extra-8.h5" 400 8
gen "$work/extra-9.h5" 400 9
gen "$work/extra-10.h5" 400 10
gen "$work/extra-$new_seed.h5" "$new_per_class" "$new_seed"
step merge "$work/train-all.h5" \
  "$cli" merge "$work/train.h5" "$work/extra-4.h5" "$work/extra-6.h5" "$work/extra-8.h5" \
  "$work/extra-9.h5" "$work/extra-10.h5" "$work/extra-$new_seed.h5" -o "$work/train-all.h5"
# The kNN baseline again with every training curve (2570 per class
# against the first stage's 170; added after the eighth stage's run).
knn_both knn-all "$work/train-all.h5" "$work/test.h5" "$data/knn-baseline-all"
# 3. Warm restart: a new warmup and cosine schedule, half the samples clean.
step train "$work/model.h5" \
  "$cli" train --data "$work/train-all.h5" --val "$work/test.h5" --out "$work/model.h5" \
  --init "$init" --metrics "$work/model.train-eval.json" --steps "$steps" \
  --batch 64 --lr 5e-4 --warmup 300 --seed "$train_seed" --clean-fraction 0.5 \
  --checkpoint-every 1000 -q
# 4. Calibration, evaluation and the product path (pipeline-step.sh).
finish_model "$work/cal.h5" "$work/check.h5" "$work/test.h5"
cat "$times"
