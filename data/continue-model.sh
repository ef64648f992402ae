#!/bin/bash
# A further stage of the shipped model: more curves and more training,
# starting from the previous stage reproducibly.
#
# Usage: data/continue-model.sh BUILD_DIR STAGE1_WORK_DIR WORK_DIR [PER_CLASS] [STEPS]
#                               [EARLIER_WORK_DIRS] [DATA_SEED] [TRAIN_SEED]
#
# STAGE1_WORK_DIR holds the first stage's train.h5, test.h5, cal.h5,
# check.h5 and model.h5 (data/train-model.sh BUILD STAGE1_WORK_DIR).
# EARLIER_WORK_DIRS (colon-separated, default none) are the work dirs of
# the stages after the first, in order: their extra.h5 join the training
# set, and the last one's uncalibrated model.h5 is where this stage starts
# (the first stage's without them).  The training set is merged afresh
# from the generator runs themselves (a merge of different seeds cannot
# be merged again).  The held-out splits stay those of the first stage;
# the new curves (DATA_SEED, default 4) only ever join the training set.
# Stage 2 was run as
#   data/continue-model.sh build S1 S2 200 14000
# and stage 3 as
#   data/continue-model.sh build S1 S3 400 12000 S2 6 7  The model, its evaluation JSON and
# calibration go to data/ as in the first stage.  Every step is timed in
# WORK_DIR/times.txt; a step whose output exists is skipped.
set -euo pipefail
build="${1:?build dir}"
stage1="${2:?stage-1 work dir}"
work="${3:?work dir}"
per_class="${4:-200}"
steps="${5:-16000}"
earlier="${6:-}"
data_seed="${7:-4}"
train_seed="${8:-5}"
cli="$build/src/cli/sasformer-cli"
data="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$work"
times="$work/times.txt"

# shellcheck source=data/pipeline-step.sh
. "$data/pipeline-step.sh"

# 1. New curves with another seed (never in the held-out splits).
step generate "$work/extra.h5" \
  "$cli" generate --per-class "$per_class" --seed "$data_seed" --orientation-cap 48 --generator-version 2 --block 100 -q \
  -o "$work/extra.h5"
# 2. The first stage's training split, the earlier stages' curves and the
#    new ones.
inputs=("$stage1/train.h5")
previous="$stage1"
IFS=: read -r -a earlier_dirs <<< "$earlier"
for dir in "${earlier_dirs[@]}"; do
  inputs+=("$dir/extra.h5")
  previous="$dir"
done
inputs+=("$work/extra.h5")
step merge "$work/train.h5" \
  "$cli" merge "${inputs[@]}" -o "$work/train.h5"
# 3. Warm restart from the last stage's network (same edges and
#    standardization), a new warmup and cosine schedule.
step train "$work/model.h5" \
  "$cli" train --data "$work/train.h5" --val "$stage1/test.h5" --out "$work/model.h5" \
  --init "$previous/model.h5" --metrics "$work/model.train-eval.json" --steps "$steps" \
  --batch 64 --lr 5e-4 --warmup 300 --seed "$train_seed" --checkpoint-every 1000 -q
# 4. Calibration and evaluation as in the first stage, and the whole
#    product path (pipeline-step.sh).
finish_model "$stage1/cal.h5" "$stage1/check.h5" "$stage1/test.h5"
cat "$times"
