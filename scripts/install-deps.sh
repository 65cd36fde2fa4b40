#!/usr/bin/env bash
# Installs the Debian packages that building and testing fxp need, when any is
# missing. Idempotent and silent when everything is there.
set -euo pipefail

packages=(
  cmake ninja-build
  clang-22 lld-22 llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
  libomp-22-dev libclang-rt-22-dev
  libgtest-dev
  libonnx-dev libprotobuf-dev libonnx-testdata python3-onnx python3-torch
  python3 python3-numpy python3-sklearn dataset-fashion-mnist
  qemu-user gcc-aarch64-linux-gnu libc6-dev-arm64-cross
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null |
      grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "fxp: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo=sudo
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" \
  >/dev/null
