# shellcheck shell=bash disable=SC2154
# Sourced by the stage scripts in data/ (train-model.sh, continue-model.sh,
# refresh-model.sh, extend-model.sh, regenerate-model.sh), which set cli,
# data, work and times first.
#
# step NAME OUTPUT COMMAND...: runs COMMAND unless OUTPUT exists (so an
# interrupted pipeline continues where it stopped) and appends its wall
# time to $times.
step() {
  local name="$1" out="$2"
  shift 2
  if [ -e "$out" ]; then
    echo "skip $name ($out exists)"
    return
  fi
  echo "=== $name: $*"
  local t0
  t0=$(date +%s)
  "$@"
  echo "$name $(( $(date +%s) - t0 )) s" >> "$times"
}

# marked NAME COMMAND...: step NAME with the marker $work/NAME.done as its
# output, for commands whose own outputs (JSONs in data/) exist from the
# earlier stages and would make step skip them.
marked() {
  local name="$1"
  shift
  step "$name" "$work/$name.done" "$@"
  touch "$work/$name.done"
}

# generate_run OUTPUT PER_CLASS SEED [OPTION...]: a generator run with
# the stages' settings (step generate-SEED); OPTIONs such as
# --generator-version 3 go to generate.
generate_run() {
  local out="$1" per_class="$2" seed="$3"
  shift 3
  step "generate-$seed" "$out" \
    "$cli" generate --per-class "$per_class" --seed "$seed" --orientation-cap 48 "$@" \
    --block 100 -q -o "$out"
}

# split_heldout FULL: the held-out split of the first stage's curves
# FULL (seed 2: 15% held out, $work/train.h5 and test.h5; seed 3: the
# held-out part halved, cal.h5 and check.h5).
split_heldout() {
  local full="$1"
  step split "$work/train.h5" \
    "$cli" split --seed 2 --test-fraction 0.15 --train "$work/train.h5" --test "$work/test.h5" \
    "$full"
  step split-heldout "$work/cal.h5" \
    "$cli" split --seed 3 --test-fraction 0.5 --train "$work/cal.h5" --test "$work/check.h5" \
    "$work/test.h5"
}

# split_and_knn FULL: split_heldout and the kNN baseline on the split,
# clean and realistic, into data/.
split_and_knn() {
  split_heldout "$1"
  knn_both knn "$work/train.h5" "$work/test.h5" "$data/knn-baseline"
}

# knn_both NAME TRAIN TEST JSON: the kNN baseline built from TRAIN,
# evaluated on TEST clean (step NAME, JSON.eval.json) and on its
# realistic copy (step NAME-realistic, JSON.realistic.eval.json).
knn_both() {
  marked "$1" \
    "$cli" evaluate --knn "$2" --data "$3" --json "$4.eval.json"
  marked "$1-realistic" \
    "$cli" evaluate --knn "$2" --data "$3" --realistic --seed 20240501 \
    --json "$4.realistic.eval.json"
}

# finish_model CAL CHECK TEST: calibrates $work/model.h5 on CAL (checked
# on CHECK), fits its re-ranking weights on the first curve of every
# class of CAL (clean and realistic, refined as below; ~10 min), installs
# it as data/sasformer-model.h5, and evaluates it on
# TEST: clean, realistic, and the whole product path (refinement with the
# main size's polydispersity free, re-ranking) on the first 2 held-out
# curves of every class (clean) and 1 (realistic; ~10 min per 55 curves).
# The JSONs go to data/; they name the model by its path relative to the
# current directory (data/sasformer-model.h5 from the repository root),
# not by this machine's absolute path.
finish_model() {
  local cal check test model
  # relative paths: the JSONs name the files as given
  cal="$(realpath --relative-to=. "$1")"
  check="$(realpath --relative-to=. "$2")"
  test="$(realpath --relative-to=. "$3")"
  model="$(realpath --relative-to=. "$data/sasformer-model.h5")"
  cp "$work/model.h5" "$work/model-calibrated.h5.tmp"
  step calibrate "$work/model-calibrated.h5" \
    "$cli" calibrate --model "$work/model-calibrated.h5.tmp" --data "$cal" \
    --check "$check" -o "$work/model-calibrated.h5" --json "$data/sasformer-model.calibration.json"
  rm -f "$work/model-calibrated.h5.tmp"
  step rerank "$work/model-reranked.h5" \
    "$cli" calibrate-rerank --model "$(realpath --relative-to=. "$work/model-calibrated.h5")" \
    --data "$cal" --per-class 1 \
    --free-pd -o "$work/model-reranked.h5" --json "$data/sasformer-model.rerank.json"
  cp "$work/model-reranked.h5" "$model"
  marked evaluate \
    "$cli" evaluate --model "$model" --data "$test" --json "$data/sasformer-model.eval.json"
  marked evaluate-realistic \
    "$cli" evaluate --model "$model" --data "$test" --realistic --seed 20240501 \
    --json "$data/sasformer-model.realistic.eval.json"
  marked evaluate-refined \
    "$cli" evaluate --model "$model" --data "$test" --refine --free-pd --per-class 2 --quiet \
    --json "$data/sasformer-model.refined.eval.json"
  marked evaluate-refined-realistic \
    "$cli" evaluate --model "$model" --data "$test" --refine --free-pd --per-class 1 \
    --realistic --seed 20240501 --quiet --json "$data/sasformer-model.refined-realistic.eval.json"
}
