#!/usr/bin/env bash
# The main job on the bundled default: installs what is missing, builds
# fxp-compile, and runs the Fashion-MNIST demo (examples/fashion/demo.py):
# the bundled trained CNN (examples/fashion/fashion_cnn.onnx) is compiled to
# an 8-bit fixed-point object for this machine and as float, both run on the
# 10,000 test images, and it prints their accuracy, agreement and latency
# and the per-layer formats; then the model is cross-compiled for AArch64
# and checked under qemu.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export FXP_BUILD_DIR=${FXP_BUILD_DIR:-$root/build}

"$root/scripts/build.sh" --target fxp-compile >/dev/null
exec /usr/bin/python3 "$root/examples/fashion/demo.py" "$@"
