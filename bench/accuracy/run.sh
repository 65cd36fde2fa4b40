#!/usr/bin/env bash
# Accuracy of F8Net fixed point on small Fashion-MNIST models against float
# and affine int8: see bench/README.md. Arguments: --filter REGEX.
set -euo pipefail
source "$(dirname "$0")/../setup.sh"
if ! /usr/bin/python3 -c "import torch" 2>/dev/null; then
  echo "fxp bench: installing python3-torch" >&2
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-torch >/dev/null
fi
exec /usr/bin/python3 -m fxpbench.accuracy "$@"
