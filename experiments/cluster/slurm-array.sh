#!/usr/bin/env bash
# A govbuy sweep as a Slurm job array: array task i runs shard i+1 of n, where n is the size
# of the array (SLURM_ARRAY_TASK_COUNT), into results/<experiment>-shard-<k>. When every task
# has finished, join the shards on any machine that sees the results folder:
#
#   sbatch experiments/cluster/slurm-array.sh experiments/sensitivity.yaml
#   npx govbuy merge results/sensitivity-shard-*        # → results/sensitivity, as one machine would write it
#   npx govbuy analyze results/sensitivity
#
# Run from the repository root (after `npm ci`) on a shared file system. Change --array to the
# number of shards you want (0-7 = 8 shards; at most the experiment's number of runs), and
# --cpus-per-task to the worker threads per shard. Each task passes --resume, so a requeued or
# resubmitted task continues its shard instead of starting over. A task exits 3 when some of its
# runs failed (see runs.csv); resubmit it with GOVBUY_SWEEP_ARGS=--retry-failed to rerun those.
#
#SBATCH --job-name=govbuy-sweep
#SBATCH --array=0-7
#SBATCH --cpus-per-task=4
#SBATCH --time=04:00:00
#SBATCH --output=results/slurm-%A_%a.log
set -euo pipefail

EXPERIMENT="${1:?usage: sbatch experiments/cluster/slurm-array.sh <experiment.yaml>}"
: "${SLURM_ARRAY_TASK_ID:?not inside a Slurm job array}"
: "${SLURM_ARRAY_TASK_COUNT:?not inside a Slurm job array}"

NAME="$(basename "${EXPERIMENT%.*}")"
OUT_ROOT="${GOVBUY_OUT_ROOT:-results}"
# Shards are 1-based; array indices need not start at 0 (--array=1-8 works too).
K=$((SLURM_ARRAY_TASK_ID - ${SLURM_ARRAY_TASK_MIN:-0} + 1))
N="${SLURM_ARRAY_TASK_COUNT}"

cd "${SLURM_SUBMIT_DIR:-.}"
echo "govbuy shard ${K}/${N} of ${EXPERIMENT} on $(hostname), workers: ${SLURM_CPUS_PER_TASK:-1}"
# shellcheck disable=SC2086 # GOVBUY_SWEEP_ARGS is a list of options
exec node bin/govbuy.js sweep "${EXPERIMENT}" --shard "${K}/${N}" --out "${OUT_ROOT}/${NAME}-shard-${K}" \
  --workers "${SLURM_CPUS_PER_TASK:-1}" --resume ${GOVBUY_SWEEP_ARGS:-}
