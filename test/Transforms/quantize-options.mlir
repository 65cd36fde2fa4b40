// RUN: not fxp-opt %s --fxp-quantize="weight-width=1" 2>&1 | FileCheck %s
// CHECK: error: --fxp-quantize widths must be in [2, 64], got 1
// RUN: not fxp-opt %s --fxp-quantize="first-last-weight-width=65" 2>&1 | FileCheck %s --check-prefix=FIRST-LAST
// FIRST-LAST: error: --fxp-quantize first-last-weight-width must be at most 64, got 65
func.func @f(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = tosa.clamp %x {min_val = 0.0 : f32, max_val = 6.0 : f32} : (tensor<1x4xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}
