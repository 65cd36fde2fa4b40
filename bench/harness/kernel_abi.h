// Calling functions lowered by fxp-opt / mlir-opt from C: one tensor in, one
// tensor out, through the `_mlir_ciface_` wrappers and memref descriptors.
//
// Two ABIs exist while the project moves to out-parameters:
// - FXPB_RESULT: `void f(Memref *result, Memref *x)`; the callee mallocs the
//   result, the caller frees `allocated`.
// - FXPB_OUT_PARAM: `void f(Memref *x, Memref *out)` (upstream
//   buffer-results-to-out-params); the caller owns the output buffer.
// Shared by the x86 harness (dlopen) and the AArch64 instruction-count
// driver (linked directly), so both call kernels the same way.
#ifndef FXP_BENCH_KERNEL_ABI_H
#define FXP_BENCH_KERNEL_ABI_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FXPB_MAX_RANK 4

// A ranked memref descriptor of rank r is {allocated, aligned, offset,
// sizes[r], strides[r]}: sizes and strides are consecutive words, so one
// layout with room for the largest rank serves every rank.
typedef struct {
  void *allocated, *aligned;
  int64_t offset;
  int64_t sizesAndStrides[2 * FXPB_MAX_RANK];
} FxpbMemref;

typedef enum { FXPB_RESULT, FXPB_OUT_PARAM } FxpbAbi;

typedef void (*FxpbResultFn)(FxpbMemref *result, FxpbMemref *x);
typedef void (*FxpbOutParamFn)(FxpbMemref *x, FxpbMemref *out);

// A contiguous row-major descriptor of `data`.
static inline FxpbMemref fxpbMemref(void *data, int rank,
                                    const int64_t *sizes) {
  FxpbMemref m;
  memset(&m, 0, sizeof(m));
  m.allocated = m.aligned = data;
  int64_t stride = 1;
  for (int d = rank - 1; d >= 0; --d) {
    m.sizesAndStrides[d] = sizes[d];
    m.sizesAndStrides[rank + d] = stride;
    stride *= sizes[d];
  }
  return m;
}

// Calls `fn` on `x`; the result lands in `out` (`outBytes` bytes, elements
// of `elementBytes`). With FXPB_RESULT the callee's buffer is copied out when
// `copy` is set (timed calls skip the copy) and freed either way.
static inline void fxpbCall(void *fn, FxpbAbi abi, FxpbMemref *x,
                            FxpbMemref *out, size_t outBytes,
                            size_t elementBytes, int copy) {
  if (abi == FXPB_OUT_PARAM) {
    ((FxpbOutParamFn)fn)(x, out);
    return;
  }
  FxpbMemref result;
  ((FxpbResultFn)fn)(&result, x);
  if (copy)
    memcpy(out->aligned,
           (char *)result.aligned + result.offset * (int64_t)elementBytes,
           outBytes);
  free(result.allocated);
}

#endif // FXP_BENCH_KERNEL_ABI_H
