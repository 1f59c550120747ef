#!/bin/bash
# Submit N shard tasks and a merge that runs when all of them succeeded.
#   deploy/slurm/submit.sh scenarios/demo.yaml 16 parts/ results/demo
set -euo pipefail
SCENARIO="${1:?scenario}"; SHARDS="${2:?number of shards}"; PARTS="${3:?parts folder}"; RESULTS="${4:?results folder}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ARRAY=$(sbatch --parsable --array=1-"$SHARDS" "$HERE/clvlab-shards.sbatch" "$SCENARIO" "$PARTS")
sbatch --dependency=afterok:"$ARRAY" --job-name=clvlab-merge --cpus-per-task=2 --mem=16G \
    --wrap "clvlab merge '$PARTS' --output '$RESULTS' --quiet ${CLVLAB_FLAGS:-}"
