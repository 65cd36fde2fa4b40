#!/usr/bin/env bash
# Whole models, the F8Net fixed-point build vs the float build: see
# bench/README.md. Arguments: --quick, --filter REGEX, --target T.
set -euo pipefail
source "$(dirname "$0")/../setup.sh"
exec /usr/bin/python3 -m fxpbench.models "$@"
