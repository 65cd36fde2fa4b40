#!/usr/bin/env bash
# fxp kernels vs oneDNN, the reference lowering and upstream MLIR: see
# bench/README.md. Arguments: --quick, --filter REGEX, --case NAME,
# --target T (aarch64-*: instruction counts under qemu), --epilogue s32|u8.
set -euo pipefail
source "$(dirname "$0")/../setup.sh"
exec /usr/bin/python3 -m fxpbench.kernels "$@"
