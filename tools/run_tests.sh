#!/usr/bin/env bash
# Run the test-suite, self-contained on a fresh machine: creates/reuses the
# virtualenv .venv, installs what is missing, then runs pytest.
# Extra arguments go to pytest (e.g. -m "not slow", -k resume).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${MMI2I_VENV:-$ROOT/.venv}"
bash "$ROOT/tools/ensure_env.sh"
cd "$ROOT"
exec "$VENV/bin/python" -m pytest tests "$@"
