// RUN: %python -c "import numpy as np; np.save('%t.npy', np.array([[[1.0, -2.0]], [[3.0, 4.0]]], dtype=np.float32))"
// RUN: fxp-calibrate %s --inputs=%t.npy --bins=4 | FileCheck %s
// RUN: fxp-calibrate %s --inputs=%t.npy --bins=0 | FileCheck %s --check-prefix=NOHIST
// RUN: %python -c "import numpy as np; np.save('%t.one.npy', np.array([[3.0, 4.0]], dtype=np.float64))"
// RUN: fxp-calibrate %s --inputs=%t.one.npy | FileCheck %s --check-prefix=ONE
// The statistics do not depend on the threads, nor on the lowering the float
// model runs through (exact here: the values are small integers).
// RUN: fxp-calibrate %s --inputs=%t.npy --bins=4 --sample-threads=1 -o %t.one-thread.mlir
// RUN: fxp-calibrate %s --inputs=%t.npy --bins=4 --sample-threads=2 | diff %t.one-thread.mlir -
// RUN: fxp-calibrate %s --inputs=%t.npy --bins=4 --reference | diff %t.one-thread.mlir -
// A tiny negative value lies in the bin below 0, however wide the bins.
// RUN: %python -c "import numpy as np; np.save('%t.tiny.npy', np.array([[-1e-40, 3.0]], dtype=np.float32))"
// RUN: fxp-calibrate %s --inputs=%t.tiny.npy --bins=4 | FileCheck %s --check-prefix=TINY
// Progress goes to stderr, unless --quiet.
// RUN: fxp-calibrate %s --inputs=%t.npy -o /dev/null 2>&1 | FileCheck %s --check-prefix=PROGRESS
// RUN: fxp-calibrate %s --inputs=%t.npy -o /dev/null --quiet 2>&1 | count 0
// PROGRESS: calibration statistics: 2/2 samples, {{[0-9.]+}} ms per sample

// Two samples [1, -2] and [3, 4] through x -> clamp(x, 0, 3.5) -> x * 2 + 1
// (a 1x1 conv). Statistics over all 4 elements of each activation.
// The input: mean 1.5, population std sqrt(5.25) = 2.2913. The histogram's
// bins have the narrowest power-of-two width whose 4 bins from a multiple of
// it hold [-2, 4]: 2, from -2; they hold -2 | 1 | 3 | 4.
// CHECK: func.func @model(%arg0: tensor<1x2xf32> {fxp.stats = #fxp.stats<mean = 1.500000e+00, std = 2.2912878474779199, min = -2.000000e+00, max = 4.000000e+00, count = 4, histogram = [1, 1, 1, 1], histogram_range = [-2.000000e+00, 6.000000e+00]>})
// The clamp: [1, 0, 3, 3.5]: mean 1.875, std 1.4307; bins of 1 from 0.
// CHECK: tosa.clamp {{.*}}fxp.stats = #fxp.stats<mean = 1.875000e+00, std = 1.4306903927824497, min = 0.000000e+00, max = 3.500000e+00, count = 4, histogram = [1, 1, 0, 2], histogram_range = [0.000000e+00, 4.000000e+00]>
// NOHIST: fxp.stats = #fxp.stats<mean = 1.500000e+00, std = 2.2912878474779199, min = -2.000000e+00, max = 4.000000e+00, count = 4>}
// The function without TOSA ops is left alone.
// CHECK: func.func @helper
// CHECK-NOT: fxp.stats

// [-1e-40, 3] needs bins of 2 from -2: -1e-40 is in [-2, 0), 3 in [2, 4).
// TINY: func.func @model(%arg0: tensor<1x2xf32> {fxp.stats = #fxp.stats<{{.*}}histogram = [1, 0, 1, 0], histogram_range = [-2.000000e+00, 6.000000e+00]>})

// A single sample may have the argument's own shape; float64 is accepted.
// 128 bins: 2^-7 from 3 would end at 4, which they must exceed; 2^-6 holds it.
// ONE: fxp.stats = #fxp.stats<mean = 3.500000e+00, std = 5.000000e-01, min = 3.000000e+00, max = 4.000000e+00, count = 2, histogram = [1, {{(0, )+}}1, {{(0, )+}}0], histogram_range = [3.000000e+00, 5.000000e+00]>

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
