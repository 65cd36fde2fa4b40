// RUN: %python -c "import numpy as np; np.save('%t.npy', np.array([1.5, -2.0], dtype=np.float32))"
// RUN: fxp-calibrate %s --inputs=%t.npy --bins=4 --quiet | FileCheck %s
// RUN: fxp-calibrate %s --inputs=%t.npy --bins=4 --quiet --reference | FileCheck %s

// The model hands each activation to the calibration as it computes it,
// flattened to one dimension, whatever its rank: here a scalar (the samples
// 1.5 and -2), its double, and the double reshaped to rank 1 and rank 4, and its absolute value.
// CHECK: func.func @model(%arg0: tensor<f32> {fxp.stats = #fxp.stats<mean = -2.500000e-01, std = 1.750000e+00, min = -2.000000e+00, max = 1.500000e+00, count = 2, histogram = [1, 0, 0, 1]
// CHECK: tosa.add {{.*}}fxp.stats = #fxp.stats<mean = -5.000000e-01, std = 3.500000e+00, min = -4.000000e+00, max = 3.000000e+00, count = 2, histogram = [1, 0, 0, 1]
// CHECK: tosa.reshape {{.*}}fxp.stats = #fxp.stats<mean = -5.000000e-01, {{.*}}count = 2,
// CHECK: tosa.reshape {{.*}}fxp.stats = #fxp.stats<mean = -5.000000e-01, {{.*}}count = 2,
// CHECK: tosa.abs {{.*}}fxp.stats = #fxp.stats<mean = 3.500000e+00, {{.*}}count = 2,
func.func @model(%x: tensor<f32>) -> tensor<1x1x1x1xf32> {
  %y = tosa.add %x, %x : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %s1 = tosa.const_shape {values = dense<1> : tensor<1xindex>} : () -> !tosa.shape<1>
  %r1 = tosa.reshape %y, %s1 : (tensor<f32>, !tosa.shape<1>) -> tensor<1xf32>
  %s4 = tosa.const_shape {values = dense<1> : tensor<4xindex>} : () -> !tosa.shape<4>
  %r4 = tosa.reshape %r1, %s4 : (tensor<1xf32>, !tosa.shape<4>) -> tensor<1x1x1x1xf32>
  %n = tosa.abs %r4 : (tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32>
  return %n : tensor<1x1x1x1xf32>
}
