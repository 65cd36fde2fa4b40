#!/usr/bin/env bash
# Builds fxp with AddressSanitizer and UndefinedBehaviorSanitizer, with its
# own assertions enabled, in its own build directory (FXP_SANITIZE_BUILD_DIR,
# default build-sanitize/), and runs every test there. The libFuzzer
# targets of fuzz/ are built in the same directory (fuzz/run.sh runs them).
#
# Debian's LLVM is built without assertions and its CMake package says so,
# which overrides LLVM_ENABLE_ASSERTIONS: the flags of the build type
# (RelWithDebInfo) are given here without -DNDEBUG instead. -shared-libsan
# puts the sanitizer runtimes in shared libraries, so that the plugin
# (libFXPPlugin.so) shares them when an uninstrumented mlir-opt loads it;
# the test script preloads the ASan runtime into such processes.
#
# Extra arguments go to lit, e.g. `scripts/sanitize.sh --filter=Transforms`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${FXP_SANITIZE_BUILD_DIR:-$root/build-sanitize}

"$root/scripts/install-deps.sh"
runtime_dir=$(clang++-22 --print-runtime-dir)
sanitizers="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
# The fuzzers need coverage of every library they link.
compile="$sanitizers -fsanitize=fuzzer-no-link -shared-libsan -fno-omit-frame-pointer"
link="$sanitizers -shared-libsan -Wl,-rpath,$runtime_dir"
if [ ! -f "$build/build.ninja" ]; then
  cmake -G Ninja -S "$root" -B "$build" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_FLAGS="$compile" -DCMAKE_CXX_FLAGS="$compile" \
    -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g" \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
    -DCMAKE_EXE_LINKER_FLAGS="$link" -DCMAKE_SHARED_LINKER_FLAGS="$link" \
    -DCMAKE_MODULE_LINKER_FLAGS="$link" \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DLLVM_USE_LINKER=lld -DFXP_BUILD_FUZZERS=ON >/dev/null
fi
# Everything the suite runs (test/CMakeLists.txt), and the fuzzers.
cmake --build "$build" --target fxp-test-depends fxp-fuzzers

# LLVM's allocators poison and unpoison their slabs from inline code, which
# only fxp's instrumented half does: with libMLIR uninstrumented, that
# poisoning reports false use-after-poison errors, so it is ignored.
export ASAN_OPTIONS=${ASAN_OPTIONS:-allow_user_poisoning=0:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export FXP_ASAN_RUNTIME="$runtime_dir/libclang_rt.asan-x86_64.so"
/usr/lib/llvm-22/bin/lit -sv "$build/test" "$build/test/Unit" "$@"
