// RUN: %python -c "import numpy as np; np.save('%t.npy', np.array([[[1.0, -2.0]], [[3.0, 4.0]]], dtype=np.float32))"
// RUN: fxp-calibrate %s --inputs=%t.npy --bins=4 | FileCheck %s
// RUN: fxp-calibrate %s --inputs=%t.npy --bins=0 | FileCheck %s --check-prefix=NOHIST
// RUN: %python -c "import numpy as np; np.save('%t.one.npy', np.array([[3.0, 4.0]], dtype=np.float64))"
// RUN: fxp-calibrate %s --inputs=%t.one.npy | FileCheck %s --check-prefix=ONE

// Two samples [1, -2] and [3, 4] through x -> clamp(x, 0, 3.5) -> x * 2 + 1
// (a 1x1 conv). Statistics over all 4 elements of each activation.
// The input: mean 1.5, population std sqrt(5.25) = 2.2913; 4 bins of 1.5
// over [-2, 4] hold -2 | - | 1 | 3, 4.
// CHECK: func.func @model(%arg0: tensor<1x2xf32> {fxp.stats = #fxp.stats<mean = 1.500000e+00, std = 2.2912878474779199, min = -2.000000e+00, max = 4.000000e+00, count = 4, histogram = [1, 0, 1, 2]>})
// The clamp: [1, 0, 3, 3.5]: mean 1.875, std 1.4307; bins of 0.875.
// CHECK: tosa.clamp {{.*}}fxp.stats = #fxp.stats<mean = 1.875000e+00, std = 1.4306903927824497, min = 0.000000e+00, max = 3.500000e+00, count = 4, histogram = [1, 1, 0, 2]>
// NOHIST: fxp.stats = #fxp.stats<mean = 1.500000e+00, std = 2.2912878474779199, min = -2.000000e+00, max = 4.000000e+00, count = 4>}
// The function without TOSA ops is left alone.
// CHECK: func.func @helper
// CHECK-NOT: fxp.stats

// A single sample may have the argument's own shape; float64 is accepted.
// ONE: fxp.stats = #fxp.stats<mean = 3.500000e+00, std = 5.000000e-01, min = 3.000000e+00, max = 4.000000e+00, count = 2, histogram = [1, {{(0, )+}}1]>

func.func @model(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %c = tosa.clamp %x {min_val = 0.0 : f32, max_val = 3.5 : f32} : (tensor<1x2xf32>) -> tensor<1x2xf32>
  %s = "tosa.const"() <{values = dense<2.0> : tensor<1x2xf32>}> : () -> tensor<1x2xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %m = tosa.mul %c, %s, %shift : (tensor<1x2xf32>, tensor<1x2xf32>, tensor<1xi8>) -> tensor<1x2xf32>
  return %m : tensor<1x2xf32>
}

func.func @helper(%a: f32) -> f32 {
  return %a : f32
}
