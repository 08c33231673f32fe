#!/usr/bin/env bash
# Test on a Slurm cluster, the OpenMMLab way:
#   [GPUS=8] [GPUS_PER_NODE=8] [CPUS_PER_TASK=5] [SRUN_ARGS=...] \
#   bash tools/slurm_test.sh PARTITION JOB_NAME CONFIG CHECKPOINT [test.py args...]
set -euo pipefail
if [ $# -lt 4 ]; then
  echo "usage: bash tools/slurm_test.sh PARTITION JOB_NAME CONFIG CHECKPOINT [args...]" >&2
  exit 2
fi
DIR="$(cd "$(dirname "$0")" && pwd)"
exec bash "$DIR/slurm_srun.sh" "$1" "$2" "$DIR/test.py" "$3" "$4" \
    --launcher=slurm "${@:5}"
