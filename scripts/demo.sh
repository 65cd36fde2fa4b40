#!/usr/bin/env bash
# The main job on the bundled default: installs what is missing, builds, and
# runs fxp-opt on the bundled F8Net block (examples/f8net_block.mlir).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${FXP_BUILD_DIR:-$root/build}

"$root/scripts/build.sh" --target fxp-opt >/dev/null
example="$root/examples/f8net_block.mlir"
echo "== fxp-opt -canonicalize $example"
"$build/bin/fxp-opt" "$example" -canonicalize
