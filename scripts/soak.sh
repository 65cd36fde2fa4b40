#!/usr/bin/env bash
# Differential soak across every target: COUNT random fxp programs from seed
# SEED through the reference lowering (mlir-runner), each x86 target of the
# fast lowering this CPU can run, the fast lowering with 2 threads, and each
# AArch64 target under qemu-aarch64 (a CPU of exactly the target's
# features), each compared bit for bit with python/fxp/reference.py.
#   scripts/soak.sh [SEED] [COUNT] [TARGET...]
# Defaults: a time-based seed, 1000 programs per target, every target.
# Prints failing programs (minimized) and "N passed, M failed" per target;
# exits non-zero when any target fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seed=${1:-$(date +%s)}
count=${2:-1000}
shift 2 || shift $#
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(reference)
  flags=$(grep -m1 '^flags' /proc/cpuinfo)
  [[ $flags == *" avx2"* ]] && targets+=(x86-64-v3)
  [[ $flags == *" avx512bw"* ]] && targets+=(x86-64-v4)
  [[ $flags == *" avx512_vnni"* ]] && targets+=(avx512vnni)
  targets+=(threads)
  command -v qemu-aarch64 >/dev/null &&
    targets+=(aarch64-neon aarch64-dotprod aarch64-i8mm)
fi
"$root/scripts/build.sh" --target fxp-opt >/dev/null
cd "$root/python"
echo "soak: seed $seed, $count programs per target: ${targets[*]}"
failed=()
for target in "${targets[@]}"; do
  echo "== $target"
  args=(--target "$target")
  [ "$target" = threads ] && args=(--target host --threads 2)
  /usr/bin/python3 -m fxp.fuzz --seed "$seed" --count "$count" "${args[@]}" ||
    failed+=("$target")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "soak: failed on ${failed[*]}"
  exit 1
fi
echo "soak: every target passed"
