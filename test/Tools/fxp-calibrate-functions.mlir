// Which function is calibrated, and what its run may produce.
// RUN: %python -c "import numpy as np; np.save('%t.npy', np.array([[[1.0, 2.0]], [[3.0, 40.0]]], dtype=np.float32))"
// RUN: not fxp-calibrate %s --inputs=%t.npy 2>&1 | FileCheck %s --check-prefix=SEVERAL
// RUN: not fxp-calibrate %s --inputs=%t.npy --function=declared 2>&1 | FileCheck %s --check-prefix=DECLARED
// RUN: not fxp-calibrate %s --inputs=%t.npy --function=overflows 2>&1 | FileCheck %s --check-prefix=OVERFLOWS

// SEVERAL: [[# @LINE + 9]]:1: error: several functions hold TOSA ops; choose one with --function
// SEVERAL: [[# @LINE + 1]]:1: note: the other one
func.func @clamps(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %c = tosa.clamp %x {min_val = 0.0 : f32, max_val = 3.5 : f32} : (tensor<1x2xf32>) -> tensor<1x2xf32>
  return %c : tensor<1x2xf32>
}

// 40 * 1e37 overflows float32 in the second sample: the activation is named.
// OVERFLOWS: [[# @LINE + 4]]:8: error: the activation %2 is +Inf in calibration sample 1; its statistics would not be finite
func.func @overflows(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %s = "tosa.const"() <{values = dense<1.0e37> : tensor<1x2xf32>}> : () -> tensor<1x2xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %m = tosa.mul %x, %s, %shift : (tensor<1x2xf32>, tensor<1x2xf32>, tensor<1xi8>) -> tensor<1x2xf32>
  return %m : tensor<1x2xf32>
}

// DECLARED: [[# @LINE + 1]]:1: error: 'declared' is a declaration; calibration needs a function with a body
func.func private @declared(%x: tensor<1x2xf32>) -> tensor<1x2xf32>
