#!/bin/bash
# Runs a clip-theory experiment as a SLURM job array: array task i computes shard i+1 of N, and every task writes the
# same results folder on a shared file system (cells are locked, results are renamed into place atomically).
#
#   N=8; jid=$(sbatch --parsable --array=0-$((N-1)) experiments/cluster/slurm.sh learning-curve /shared/runs/learning-curve)
#   sbatch --dependency=afterany:$jid --wrap "npm run -s experiment -- table learning-curve --results /shared/runs/learning-curve"
#
# Extra arguments are passed on to `experiment run` (e.g. --backend wasm). Run from a checkout with `npm ci` done (the array tasks start in the submit directory). A task that hits the time
# limit gets SIGTERM, checkpoints its running cell and exits 143; submitting the same array again recomputes no
# finished cell and resumes the interrupted ones. Without a shared file system, give each task its own folder
# (e.g. "$RESULTS/shard-$SLURM_ARRAY_TASK_ID"), copy them back, and run
# `npm run experiment -- merge EXPERIMENT FOLDER... --results DEST`.
#SBATCH --job-name=clip-theory-experiment
#SBATCH --cpus-per-task=2
#SBATCH --mem=8G
#SBATCH --time=12:00:00
#SBATCH --output=slurm-%x-%A_%a.out
## On a GPU partition, add: #SBATCH --gres=gpu:1   (the `auto` backend picks the fastest working one)
set -euo pipefail
EXPERIMENT=${1:?usage: sbatch --array=0-\$((N-1)) experiments/cluster/slurm.sh EXPERIMENT RESULTS_DIR}
RESULTS=${2:?usage: sbatch --array=0-\$((N-1)) experiments/cluster/slurm.sh EXPERIMENT RESULTS_DIR}
N=${N:-${SLURM_ARRAY_TASK_COUNT:?set N to the number of array tasks}}
cd "${SLURM_SUBMIT_DIR:-.}"
# exec node directly (not npm) so that SLURM's SIGTERM reaches the runner, which checkpoints before it exits
exec node --import tsx cli/main.ts experiment run "$EXPERIMENT" --shard "$((SLURM_ARRAY_TASK_ID + 1))/$N" --results "$RESULTS" "${@:3}"
