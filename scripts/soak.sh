#!/usr/bin/env bash
# Differential soak: N random fxp programs from seed S through the reference
# lowering and mlir-runner, compared with python/fxp/reference.py.
#   scripts/soak.sh [SEED] [COUNT]      (defaults: a time-based seed, 10000)
# Prints failing programs (minimized) and "N passed, M failed".
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seed=${1:-$(date +%s)}
count=${2:-10000}
"$root/scripts/build.sh" --target fxp-opt >/dev/null
cd "$root/python"
exec /usr/bin/python3 -m fxp.fuzz --seed "$seed" --count "$count"
