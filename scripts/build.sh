#!/usr/bin/env bash
# Installs what is missing, configures build/ once (FXP_BUILD_DIR overrides)
# and builds. Extra arguments go to `cmake --build` (e.g. --target check-fxp).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${FXP_BUILD_DIR:-$root/build}

"$root/scripts/install-deps.sh"
if [ ! -f "$build/build.ninja" ]; then
  cmake -G Ninja -S "$root" -B "$build" \
    -DCMAKE_BUILD_TYPE=Release -DLLVM_ENABLE_ASSERTIONS=ON \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DLLVM_USE_LINKER=lld >/dev/null
fi
cmake --build "$build" "$@"
