#!/usr/bin/env bash
# Proves the Slurm path of `govbuy sweep --shard` on one machine: a single-node Slurm (Debian's
# slurm-wlm, controller and daemon started here, nothing in /etc changed) runs
# experiments/cluster/slurm-array.sh as a 4-task job array over a small experiment; the shards
# are merged with `govbuy merge`; the merged runs.csv and runs.parquet must be byte-identical to
# the same experiment swept in one process. Prints PASS or FAIL and exits 0 or 1.
#
#   bash scripts/slurm-proof.sh            # as root; installs slurm-wlm with apt-get if missing
#
# Outside the normal test suite (it needs root, apt and about a minute): the steps below are the
# recipe. Set KEEP=1 to keep the scratch folder for inspection.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARDS="${SHARDS:-4}"
SCRATCH="$(mktemp -d /tmp/govbuy-slurm-XXXXXX)"
CTLD_PID=""
SLURMD_PID=""

log() { printf 'slurm-proof: %s\n' "$*"; }

cleanup() {
  local code=$?
  [[ -n "$SLURMD_PID" ]] && kill "$SLURMD_PID" 2>/dev/null || true
  [[ -n "$CTLD_PID" ]] && kill "$CTLD_PID" 2>/dev/null || true
  [[ -n "$SLURMD_PID" ]] && wait "$SLURMD_PID" 2>/dev/null || true
  [[ -n "$CTLD_PID" ]] && wait "$CTLD_PID" 2>/dev/null || true
  if [[ "${KEEP:-0}" == 1 ]]; then log "kept $SCRATCH"; else rm -rf "$SCRATCH"; fi
  exit "$code"
}
trap cleanup EXIT

# 1. Slurm itself.
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null; then
  log "installing slurm-wlm (apt-get)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm slurmctld slurmd slurm-client >/dev/null
fi

# 2. A one-node cluster configured in the scratch folder (SLURM_CONF), no munge, no cgroups.
HOST="$(hostname -s)"
mkdir -p "$SCRATCH"/{state,spool,log,results}
export SLURM_CONF="$SCRATCH/slurm.conf"
cat >"$SLURM_CONF" <<EOF
ClusterName=govbuy-proof
SlurmctldHost=$HOST
SlurmUser=root
AuthType=auth/none
CredType=cred/none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
SchedulerType=sched/backfill
StateSaveLocation=$SCRATCH/state
SlurmdSpoolDir=$SCRATCH/spool
SlurmctldPidFile=$SCRATCH/slurmctld.pid
SlurmdPidFile=$SCRATCH/slurmd.pid
SlurmctldLogFile=$SCRATCH/log/slurmctld.log
SlurmdLogFile=$SCRATCH/log/slurmd.log
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=proof Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF

log "$(sbatch --version), starting slurmctld and slurmd"
slurmctld -D -i >"$SCRATCH/log/slurmctld.out" 2>&1 &
CTLD_PID=$!
slurmd -D >"$SCRATCH/log/slurmd.out" 2>&1 &
SLURMD_PID=$!
for _ in $(seq 1 60); do
  state="$(sinfo -h -o %T 2>/dev/null || true)"
  [[ "$state" == idle* ]] && break
  sleep 1
done
[[ "$(sinfo -h -o %T 2>/dev/null || true)" == idle* ]] || { log "the node never became idle"; tail -n 20 "$SCRATCH"/log/*; exit 1; }
log "node $HOST is idle"

# 3. A small experiment: 2 × 2 grid × 3 seeds = 12 runs of 2 years.
EXPERIMENT="$SCRATCH/proof.yaml"
cat >"$EXPERIMENT" <<EOF
name: proof
scenario: $ROOT/scenarios/chifeng-xitun.yaml
set: { years: 2, region.population: 3000 }
factors:
  - { path: policies.payments.advanceShare, name: advance, values: [0, 0.5] }
  - { path: policies.payments.delayMonths, name: delay, values: [0, 6] }
replications: 3
seed: 42
outputs: { series: true }
EOF

# 4. The job array, exactly as shipped (options on the command line override its #SBATCH lines).
log "sbatch --wait --array=0-$((SHARDS - 1)) experiments/cluster/slurm-array.sh"
t0=$(date +%s)
GOVBUY_OUT_ROOT="$SCRATCH/results" sbatch --wait --array="0-$((SHARDS - 1))" --cpus-per-task=1 --chdir="$ROOT" \
  --output="$SCRATCH/log/task-%a.log" --export=ALL "$ROOT/experiments/cluster/slurm-array.sh" "$EXPERIMENT"
log "job array finished in $(($(date +%s) - t0)) s"
for k in $(seq 1 "$SHARDS"); do
  [[ -f "$SCRATCH/results/proof-shard-$k/runs.parquet" ]] || { log "shard $k wrote no runs.parquet"; cat "$SCRATCH"/log/task-*.log; exit 1; }
done
grep -h '^govbuy shard' "$SCRATCH"/log/task-*.log | sed 's/^/  /'

# 5. Merge, and compare with one process.
cd "$ROOT"
node bin/govbuy.js merge "$SCRATCH"/results/proof-shard-* --out "$SCRATCH/results/proof"
node bin/govbuy.js sweep "$EXPERIMENT" --workers 1 --out "$SCRATCH/results/single" >/dev/null
if cmp -s "$SCRATCH/results/proof/runs.csv" "$SCRATCH/results/single/runs.csv" &&
  cmp -s "$SCRATCH/results/proof/runs.parquet" "$SCRATCH/results/single/runs.parquet" &&
  diff -r -q "$SCRATCH/results/proof/series" "$SCRATCH/results/single/series" >/dev/null; then
  log "PASS: $SHARDS Slurm array tasks merged into the same runs.csv, runs.parquet and series/ as one process ($(($(wc -l <"$SCRATCH/results/proof/runs.csv") - 1)) runs)"
else
  log "FAIL: the merged shards differ from the single-process sweep"
  exit 1
fi
