#!/usr/bin/env bash
# ImageNet-size models (ResNet-18, MobileNetV2, random weights) through fxp
# against torch and onnxruntime: see bench/README.md, "Scale". Installs
# onnxruntime-node with npm into a cache, builds the fxp tools into
# FXP_BUILD_DIR (default build/) unless --no-build, then runs
# bench/fxpbench/scale.py with the other arguments (--quick, --images N,
# --tests N, --reps N, --models REGEX, --seed N, --target T, --work DIR).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=yes
args=()
for arg in "$@"; do
  if [ "$arg" = --no-build ]; then build=no; else args+=("$arg"); fi
done

sudo=""
[ "$(id -u)" -ne 0 ] && sudo=sudo
# node and npm for onnxruntime; GNU time measures each stage's peak RSS.
if ! command -v node >/dev/null || ! command -v npm >/dev/null || [ ! -x /usr/bin/time ]; then
  echo "fxp bench: installing nodejs, npm and time" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nodejs npm time >/dev/null
fi

# onnxruntime-node ships its CPU library in the package; the install script
# would only fetch optional GPU binaries, hence ONNXRUNTIME_NODE_INSTALL=skip.
ort_version=1.30.0
cache=${FXP_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fxp-bench}/onnxruntime-node
installed=$(node -p "require('$cache/node_modules/onnxruntime-node/package.json').version" \
              2>/dev/null || true)
if [ "$installed" != "$ort_version" ]; then
  echo "fxp bench: installing onnxruntime-node $ort_version into $cache" >&2
  mkdir -p "$cache"
  [ -f "$cache/package.json" ] || echo '{"private": true}' >"$cache/package.json"
  if ! (cd "$cache" && ONNXRUNTIME_NODE_INSTALL=skip npm install --no-audit --no-fund \
          --loglevel=error "onnxruntime-node@$ort_version" >&2); then
    echo "fxp bench: npm install onnxruntime-node@$ort_version failed" >&2
    exit 1
  fi
fi

if [ "$build" = yes ]; then
  log=$(mktemp)
  if ! "$root/scripts/build.sh" --target fxp-opt fxp-calibrate fxp-translate >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    exit 1
  fi
  rm -f "$log"
fi
export PYTHONPATH="$root/bench:$root/python${PYTHONPATH:+:$PYTHONPATH}"
exec /usr/bin/python3 -m fxpbench.scale --node-modules "$cache/node_modules" ${args[@]+"${args[@]}"}
