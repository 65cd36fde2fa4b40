#!/usr/bin/env bash
# Runs the libFuzzer targets of fxp for SECONDS each (default 60) and prints,
# for each, how long it ran, how many inputs it executed and how many
# crashes (sanitizer reports, assertion failures, traps), timeouts and
# out-of-memory inputs it saved. Usage: fuzz/run.sh [SECONDS] [ir|pass|npy|onnx...]
#
# The fuzzers live in the sanitizer build (scripts/sanitize.sh builds them;
# FXP_SANITIZE_BUILD_DIR, default build-sanitize/). Each run starts from the
# seed corpus in fuzz/corpus/ plus what earlier runs found, kept with the
# saved inputs under $FXP_FUZZ_DIR (default <build>/fuzz/<target>/).
# Reproduce a saved input with `<build>/bin/fxp-<target>-fuzzer FILE`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${FXP_SANITIZE_BUILD_DIR:-$root/build-sanitize}
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(ir pass npy onnx)

cmake --build "$build" --target fxp-fuzzers >/dev/null
# As in scripts/sanitize.sh: LLVM's allocator poisoning is half-instrumented.
export ASAN_OPTIONS=${ASAN_OPTIONS:-allow_user_poisoning=0:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

for target in "${targets[@]}"; do
  dir=${FXP_FUZZ_DIR:-$build/fuzz}/$target
  mkdir -p "$dir/corpus" "$dir/seeds" "$dir/found"
  case $target in
    ir) cp "$root"/fuzz/corpus/ir/* "$dir/seeds/" ;;
    npy) cp "$root"/fuzz/corpus/npy/* "$dir/seeds/" ;;
    onnx) cp "$root"/test/Target/ONNX/Inputs/*.onnx "$dir/seeds/" ;;
    pass)
      # The first byte chooses the pass (pass-fuzzer.cpp): every seed with
      # every choice.
      for seed in "$root"/fuzz/corpus/ir/*; do
        for choice in $(seq 0 11); do
          { printf "\\$(printf %03o "$choice")"; cat "$seed"; } \
            > "$dir/seeds/$choice-$(basename "$seed")"
        done
      done ;;
    *) echo "unknown fuzzer '$target': ir, pass, npy or onnx" >&2; exit 1 ;;
  esac
  dict=()
  case $target in ir|pass) dict=(-dict="$root/fuzz/mlir.dict") ;; esac
  # Fork mode keeps fuzzing after a crash; every crashing input is saved.
  # -fsanitize=fuzzer links libstdc++ before the shared ASan runtime, which
  # must come first: it is preloaded.
  LD_PRELOAD="$(clang++-22 --print-runtime-dir)/libclang_rt.asan-x86_64.so" \
  "$build/bin/fxp-$target-fuzzer" "$dir/corpus" "$dir/seeds" "${dict[@]}" \
    -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 \
    -artifact_prefix="$dir/found/" >"$dir/log" 2>&1 || true
  executions=$(sed -n 's/^#\([0-9]*\).*/\1/p' "$dir/log" | tail -1)
  crashes=$(find "$dir/found" -name 'crash-*' | wc -l)
  timeouts=$(find "$dir/found" -name 'timeout-*' | wc -l)
  ooms=$(find "$dir/found" -name 'oom-*' | wc -l)
  echo "fxp-$target-fuzzer: ${seconds} s, ${executions:-0} executions," \
       "$crashes crashes, $timeouts timeouts, $ooms out of memory" \
       "(inputs in $dir/found, log in $dir/log)"
done
