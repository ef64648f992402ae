#!/bin/bash
# The ninth stage: the eighth stage's network with more self-attention
# blocks (train --grow-blocks; the new blocks start as the identity),
# trained on two new generator runs of version 4, the default of generate.
# The held-out split is the first stage's (seed 1, split seeds 2 and 3:
# the same parameter draws) written again by version 4.
#
# Usage: data/grow-model.sh BUILD_DIR WORK_DIR INIT_MODEL
#                           [BLOCKS] [PER_CLASS] [STEPS] [NEW_SEED] [TRAIN_SEED]
#                           [TARGET_CLIP] [MLP] [LINEAR_FRACTION]
#                           [GENERATOR_VERSION]
#
# The runs have seeds NEW_SEED and NEW_SEED + 1, PER_CLASS curves per
# class each; a quoted list of seeds ("34 35 36 37") gives one run per
# seed instead (a run whose file exists in WORK_DIR is not generated
# again: the generator is deterministic in its seed and version, so the
# earlier stages' runs can be copied in).
#
# INIT_MODEL is the eighth stage's network (data/sasformer-model.h5 at
# 8968625).  The ninth stage was run as
#   git show 8968625:data/sasformer-model.h5 > S8.h5
#   data/grow-model.sh build R9 S8.h5 6 2000 20000 30 14
# and the tenth from the ninth (data/sasformer-model.h5 at e619eba), with
# the standardized targets clipped to +-6 (train --target-clip), as
#   git show e619eba:data/sasformer-model.h5 > S9.h5
#   data/grow-model.sh build R10 S9.h5 8 1500 14000 32 15 6
# and the eleventh from the tenth (data/sasformer-model.h5 at 08e4a9e),
# with 10 blocks and 24 000 steps, as
#   git show 08e4a9e:data/sasformer-model.h5 > S10.h5
#   data/grow-model.sh build R11 S10.h5 10 1500 24000 34 16 6
# and the twelfth from the eleventh (data/sasformer-model.h5 at f2c873b),
# its MLPs widened from 384 to 768 hidden units (train --grow-mlp), as
#   git show f2c873b:data/sasformer-model.h5 > S11.h5
#   data/grow-model.sh build R12 S11.h5 10 1500 16000 36 17 6 768
# and the thirteenth from the twelfth (data/sasformer-model.h5 at da8ecaa),
# its MLPs widened again to 1536, on the eleventh and twelfth stages' runs
# (copied into R13; generated when missing) and 30% of the augmented
# samples linearly spaced (train --linear-fraction), as
#   git show da8ecaa:data/sasformer-model.h5 > S12.h5
#   data/grow-model.sh build R13 S12.h5 10 1500 14000 "34 35 36 37" 18 6 1536 0.3
# GENERATOR_VERSION 5 makes the training runs and the held-out curves with
# sasmodels' joint parameter draws (generate --generator-version 5); the
# fourteenth stage was run from the thirteenth (data/sasformer-model.h5 at
# 41832fb) on four new version 5 runs as
#   git show 41832fb:data/sasformer-model.h5 > S13.h5
#   data/grow-model.sh build R14 S13.h5 10 1500 10000 "40 41 42 43" 19 6 1536 0.3 5
# and the fifteenth, shipped since 2026-12-08, from the fourteenth
# (data/sasformer-model.h5 at 9b8e185) on those four runs (copied into
# R15) and four new ones as
#   git show 9b8e185:data/sasformer-model.h5 > S14.h5
#   data/grow-model.sh build R15 S14.h5 10 1500 10000 "40 41 42 43 44 45 46 47" 20 6 1536 0.3 5
# WORK_DIR receives the generator runs, the splits and the model; the
# model, its evaluation JSONs and calibration go to data/, and the
# initial network's evaluation on the same split to
# WORK_DIR/init.eval.json.  Every step is timed in WORK_DIR/times.txt; a
# step whose output exists is skipped.
set -euo pipefail
build="${1:?build dir}"
work="${2:?work dir}"
init="${3:?initial model}"
blocks="${4:-6}"
per_class="${5:-2000}"
steps="${6:-20000}"
new_seed="${7:-30}"
train_seed="${8:-14}"
target_clip="${9:-0}"
mlp="${10:-0}"
linear_fraction="${11:-0}"
# empty: generate's default (4); 5 draws the parameters as sasmodels does,
# for the training runs and the held-out curves alike
generator_version="${12:-}"
version_option=()
if [ -n "$generator_version" ]; then
  version_option=(--generator-version "$generator_version")
fi
cli="$build/src/cli/sasformer-cli"
data="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$work"
times="$work/times.txt"

# shellcheck source=data/pipeline-step.sh
. "$data/pipeline-step.sh"

# 1. The training runs and the first stage's held-out curves.
case "$new_seed" in
  *" "*) read -r -a seeds <<< "$new_seed" ;;
  *) seeds=("$new_seed" $((new_seed + 1))) ;;
esac
runs=()
for seed in "${seeds[@]}"; do
  generate_run "$work/extra-$seed.h5" "$per_class" "$seed" "${version_option[@]}"
  runs+=("$work/extra-$seed.h5")
done
step merge "$work/train-all.h5" \
  "$cli" merge "${runs[@]}" -o "$work/train-all.h5"
generate_run "$work/full.h5" 200 1 "${version_option[@]}"
split_heldout "$work/full.h5"
# 2. The initial network on the same held-out curves, for comparison.
step evaluate-init "$work/init.eval.json" \
  "$cli" evaluate --model "$init" --data "$work/test.h5" --json "$work/init.eval.json"
# 3. Warm restart with more blocks: a new warmup and cosine schedule,
#    half the samples clean.  Every batch split over two threads
#    (SASFORMER_TRAIN_WORKERS; bench-nn, 6 blocks on two cores: 425
#    samples/s against 205 on one OpenBLAS thread and 199 on two).
step train "$work/model.h5" \
  "$cli" train --data "$work/train-all.h5" --val "$work/test.h5" --out "$work/model.h5" \
  --init "$init" --grow-blocks "$blocks" --metrics "$work/model.train-eval.json" \
  --steps "$steps" --batch 64 --lr 5e-4 --warmup 300 --seed "$train_seed" \
  --clean-fraction 0.5 --checkpoint-every 1000 --workers "${SASFORMER_TRAIN_WORKERS:-2}" \
  --target-clip "$target_clip" --grow-mlp "$mlp" --linear-fraction "$linear_fraction"
# 4. Calibration, evaluation and the product path (pipeline-step.sh).
finish_model "$work/cal.h5" "$work/check.h5" "$work/test.h5"
cat "$times"
