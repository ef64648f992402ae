#!/bin/bash
# A further stage after data/refresh-model.sh: new curves with another
# seed join that script's training curves, and the last stage's network
# is trained further with a share of clean samples (train
# --clean-fraction).  The held-out splits stay those of the refresh.
#
# Usage: data/extend-model.sh BUILD_DIR BASE_WORK_DIR WORK_DIR INIT_MODEL
#                             [PER_CLASS] [STEPS] [DATA_SEED] [TRAIN_SEED]
#                             [CLEAN_FRACTION] [EARLIER_EXTRA] [BASE_FILES]
#
# BASE_WORK_DIR is refresh-model.sh's work dir (train.h5, extra-2.h5,
# extra-3.h5, test.h5, cal.h5, check.h5); INIT_MODEL the last stage's
# uncalibrated model.h5.  The fifth stage was run as
#   data/extend-model.sh build R2 R3 R2/model.h5 400 20000 8 10 0.5
# EARLIER_EXTRA, when given, names the new curves of earlier stages (their
# extra-4.h5, separated by ':'), which join the merge between the
# refresh's three files and this stage's curves, so that a stage can
# follow a stage (merge takes generator runs, not merges); the sixth was
# run as
#   data/extend-model.sh build R2 R4 R3/model.h5 400 14000 9 11 0.5 R3/extra-4.h5
# and the seventh as
#   data/extend-model.sh build R2 R5 R4/model.h5 400 8000 10 12 0.5 \
#     R3/extra-4.h5:R4/extra-4.h5
# BASE_FILES (default train.h5:extra-2.h5:extra-3.h5) names the
# generator runs of BASE_WORK_DIR that the merge takes, so that a stage
# can merge only some of them.  The eighth stage wrote every run again
# with generator version 3 instead: data/regenerate-model.sh.
# WORK_DIR receives the new curves, the merged training set and the
# model; the model, its evaluation JSONs and calibration go to data/.
# Every step is timed in WORK_DIR/times.txt; a step whose output exists
# is skipped.
set -euo pipefail
build="${1:?build dir}"
base="${2:?refresh work dir}"
work="${3:?work dir}"
init="${4:?initial model}"
per_class="${5:-400}"
steps="${6:-20000}"
data_seed="${7:-8}"
train_seed="${8:-10}"
clean_fraction="${9:-0.5}"
earlier_extra="${10:-}"
base_files="${11:-train.h5:extra-2.h5:extra-3.h5}"
cli="$build/src/cli/sasformer-cli"
data="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$work"
times="$work/times.txt"

# shellcheck source=data/pipeline-step.sh
. "$data/pipeline-step.sh"

# 1. New curves (never in the held-out splits).
step generate "$work/extra-4.h5" \
  "$cli" generate --per-class "$per_class" --seed "$data_seed" --orientation-cap 48 --generator-version 2 --block 100 -q \
  -o "$work/extra-4.h5"
# 2. All training curves, merged afresh from the generator runs.
earlier=()
if [ -n "$earlier_extra" ]; then
  IFS=: read -r -a earlier <<< "$earlier_extra"
fi
IFS=: read -r -a names <<< "$base_files"
runs=()
for n in "${names[@]}"; do
  runs+=("$base/$n")
done
step merge "$work/train-all.h5" \
  "$cli" merge "${runs[@]}" "${earlier[@]}" "$work/extra-4.h5" -o "$work/train-all.h5"
# 3. Warm restart: a new warmup and cosine schedule.
step train "$work/model.h5" \
  "$cli" train --data "$work/train-all.h5" --val "$base/test.h5" --out "$work/model.h5" \
  --init "$init" --metrics "$work/model.train-eval.json" --steps "$steps" \
  --batch 64 --lr 5e-4 --warmup 300 --seed "$train_seed" --clean-fraction "$clean_fraction" \
  --checkpoint-every 1000 -q
# 4. Calibration, evaluation and the product path (pipeline-step.sh).
finish_model "$base/cal.h5" "$base/check.h5" "$base/test.h5"
cat "$times"
