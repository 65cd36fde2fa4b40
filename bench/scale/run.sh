#!/usr/bin/env bash
# ImageNet-size models (ResNet-18, MobileNetV2, random weights) through fxp
# against torch and onnxruntime: see bench/README.md, "Scale". Installs
# onnxruntime-node with npm into a cache and python3-torchvision from Debian
# when missing, builds the fxp tools into
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
# torchvision's architectures (no weights) for the models.
if ! dpkg-query -W -f='${Status}' python3-torchvision 2>/dev/null | grep -q "install ok installed"; then
  echo "fxp bench: installing python3-torchvision" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-torchvision >/dev/null
fi

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
