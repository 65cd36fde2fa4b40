#!/usr/bin/env bash
# The main job on the bundled default: installs what is missing, builds, and
# runs the F8Net demo: the bundled digits model (examples/digits/mlp.mlir) is
# calibrated, quantized to 8-bit fixed point, compiled ahead of time next to
# its float version, and both are run on the test images; it prints their
# accuracy and speed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export FXP_BUILD_DIR=${FXP_BUILD_DIR:-$root/build}

"$root/scripts/build.sh" --target fxp-opt fxp-calibrate >/dev/null
cd "$root/python"
exec /usr/bin/python3 -m fxp.demo "$@"
