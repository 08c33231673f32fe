#!/usr/bin/env bash
# Create (or reuse) the local virtualenv `.venv` and install what is missing.
# Sourced by tools/demo.sh and tools/run_tests.sh; safe to run repeatedly.
# Environment: MMI2I_VENV (path, default <repo>/.venv), PYTHON (default python3).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${MMI2I_VENV:-$ROOT/.venv}"
PY="${PYTHON:-python3}"
STAMP="$VENV/.mmi2i-installed"
REQ_HASH="$(cat "$ROOT"/requirements/*.txt "$ROOT/setup.py" | sha256sum | cut -c1-16)"

if [ ! -x "$VENV/bin/python" ]; then
  echo "[mmi2i] creating virtualenv $VENV"
  "$PY" -m venv "$VENV"
fi
VPY="$VENV/bin/python"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$REQ_HASH" ]; then
  exit 0
fi
pipi() { "$VPY" -m pip install --disable-pip-version-check --progress-bar off "$@"; }
echo "[mmi2i] installing build prerequisites (torch 2.13.0 ~2.5 GB on first run)"
pipi --upgrade pip
pipi -r "$ROOT/requirements/build.txt"
pipi -r "$ROOT/requirements/runtime.txt"
pipi mmengine==0.10.7
if ! "$VPY" -c "import mmcv, mmcv.ops; assert mmcv.__version__ == '2.1.0'" 2>/dev/null; then
  echo "[mmi2i] building mmcv 2.1.0 with ops from source (about 13 min on 2 cores;"
  echo "        pip caches the wheel, later runs reuse it)"
  MAX_JOBS="${MAX_JOBS:-2}" pipi --no-build-isolation mmcv==2.1.0
fi
pipi mmdet==3.3.0
pipi -r "$ROOT/requirements/tests.txt" -r "$ROOT/requirements/optional.txt" \
  -r "$ROOT/requirements/demo.txt"
pipi --no-build-isolation --no-deps -e "$ROOT"
echo "$REQ_HASH" > "$STAMP"
echo "[mmi2i] environment ready: $VENV"
