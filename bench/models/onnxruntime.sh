#!/usr/bin/env bash
# The demo model (examples/fashion/fashion_cnn.onnx) through fxp against
# onnxruntime fp32 and int8 QDQ: see bench/README.md. Arguments: --tests N,
# --reps N.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/bench/onnxruntime.sh"
log=$(mktemp)
if ! "$root/scripts/build.sh" --target fxp-compile >"$log" 2>&1; then
  cat "$log" >&2
  rm -f "$log"
  exit 1
fi
rm -f "$log"
export PYTHONPATH="$root/bench:$root/python${PYTHONPATH:+:$PYTHONPATH}"
exec /usr/bin/python3 -m fxpbench.demo_ort --node-modules "$ort_modules" "$@"
