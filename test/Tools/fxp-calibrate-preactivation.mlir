// RUN: %python -c "import numpy as np; np.save('%t.npy', np.array([[[1.0, -2.0]], [[3.0, 4.0]]], dtype=np.float32))"
// RUN: fxp-calibrate %s --inputs=%t.npy --bins=4 --quiet | FileCheck %s
// RUN: fxp-calibrate %s --inputs=%t.npy --bins=4 --quiet --pre-activations=false | FileCheck %s --check-prefix=SKIP

// A pre-activation (a contraction's or add's result that only clamps read)
// keeps its accumulator's format in fxp: it gets moments (the std rule reads
// its sigma) but no histogram. The argument that the add reads, the clamp,
// and an add that something else reads get their histograms.
// CHECK: func.func @model(%arg0: tensor<1x2xf32> {fxp.stats = #fxp.stats<{{.*}}, histogram = [1, 1, 1, 1]
// CHECK: tosa.add {{.*}}fxp.stats = #fxp.stats<mean = 2.500000e+00, std = 2.2912878474779199, min = -1.000000e+00, max = 5.000000e+00, count = 4>}
// CHECK: tosa.clamp {{.*}}fxp.stats = #fxp.stats<{{.*}}, histogram = [{{.*}}]
// CHECK: tosa.add {{.*}}fxp.stats = #fxp.stats<{{.*}}, histogram = [{{.*}}]

// --pre-activations=false leaves the pre-activation out, and removes the
// statistics an earlier calibration left on it.
// SKIP: %[[PRE:.*]] = tosa.add
// SKIP-NOT: fxp.stats
// SKIP: tosa.clamp %[[PRE]] {{.*}}fxp.stats = #fxp.stats<{{.*}}, histogram = [{{.*}}]
// SKIP: tosa.add {{.*}}fxp.stats = #fxp.stats<{{.*}}, histogram = [{{.*}}]
func.func @model(%x: tensor<1x2xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>) {
  %one = "tosa.const"() <{values = dense<1.0> : tensor<1x2xf32>}> : () -> tensor<1x2xf32>
  %pre = tosa.add %x, %one {fxp.stats = #fxp.stats<mean = 9.0, std = 9.0, min = 0.0, max = 18.0, count = 4>} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %c = tosa.clamp %pre {min_val = 0.0 : f32, max_val = 3.5 : f32} : (tensor<1x2xf32>) -> tensor<1x2xf32>
  %sum = tosa.add %c, %one : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  return %c, %sum : tensor<1x2xf32>, tensor<1x2xf32>
}
