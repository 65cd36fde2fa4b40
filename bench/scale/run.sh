#!/usr/bin/env bash
# ImageNet-size models (ResNet-18, MobileNetV2, random weights) through fxp
# against torch and onnxruntime: see bench/README.md, "Scale". Installs
# onnxruntime-node with npm into a cache, builds the fxp tools into
# FXP_BUILD_DIR (default build/) unless --no-build, then runs
# bench/fxpbench/scale.py with the other arguments (--quick, --images N,
# --tests N, --reps N, --models REGEX, --seed N, --target T, --f8net OPTS,
# --work DIR).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=yes
args=()
for arg in "$@"; do
  if [ "$arg" = --no-build ]; then build=no; else args+=("$arg"); fi
done

source "$root/bench/onnxruntime.sh"

if [ "$build" = yes ]; then
  log=$(mktemp)
  if ! "$root/scripts/build.sh" --target fxp-opt fxp-calibrate fxp-translate fxp-compile >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    exit 1
  fi
  rm -f "$log"
fi
export PYTHONPATH="$root/bench:$root/python${PYTHONPATH:+:$PYTHONPATH}"
exec /usr/bin/python3 -m fxpbench.scale --node-modules "$ort_modules" ${args[@]+"${args[@]}"}
