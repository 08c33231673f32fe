#!/usr/bin/env bash
# Train on a Slurm cluster, the OpenMMLab way:
#   [GPUS=8] [GPUS_PER_NODE=8] [CPUS_PER_TASK=5] [SRUN_ARGS=...] \
#   bash tools/slurm_train.sh PARTITION JOB_NAME CONFIG WORK_DIR [train.py args...]
# tools/train.py reads its rank from Slurm (--launcher slurm). Learning
# rates are the config's for one process; add --auto-scale-lr to scale
# them linearly with the total batch (README).
set -euo pipefail
if [ $# -lt 4 ]; then
  echo "usage: bash tools/slurm_train.sh PARTITION JOB_NAME CONFIG WORK_DIR [args...]" >&2
  exit 2
fi
DIR="$(cd "$(dirname "$0")" && pwd)"
exec bash "$DIR/slurm_srun.sh" "$1" "$2" "$DIR/train.py" "$3" \
    --work-dir="$4" --launcher=slurm "${@:5}"
