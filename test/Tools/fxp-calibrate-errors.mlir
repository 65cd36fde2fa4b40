// RUN: %python -c "import numpy as np; np.save('%t.int.npy', np.zeros((2, 1, 2), dtype=np.int32)); np.save('%t.shape.npy', np.zeros((2, 3), dtype=np.float32)); open('%t.bad.npy', 'wb').write(b'not numpy')"
// RUN: not fxp-calibrate %s --inputs=%t.int.npy -o %t.out 2>&1 | FileCheck %s --check-prefix=DTYPE
// RUN: not fxp-calibrate %s --inputs=%t.shape.npy -o %t.out 2>&1 | FileCheck %s --check-prefix=SHAPE
// RUN: not fxp-calibrate %s --inputs=%t.bad.npy -o %t.out 2>&1 | FileCheck %s --check-prefix=MAGIC
// RUN: not fxp-calibrate %s --inputs=%t.missing.npy -o %t.out 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not fxp-calibrate %s -o %t.out 2>&1 | FileCheck %s --check-prefix=COUNT
// RUN: not fxp-calibrate %s --inputs=%t.shape.npy --function=nothing -o %t.out 2>&1 | FileCheck %s --check-prefix=FUNC
// No output file is left behind by a failure.
// RUN: not ls %t.out

// DTYPE: error: '{{.*}}.int.npy' must hold little-endian float32 or float64 values
// SHAPE: error: '{{.*}}.shape.npy' has shape (2, 3); the argument 'tensor<1x2xf32>' needs (N, 1, 2)
// MAGIC: error: '{{.*}}.bad.npy' is not a .npy file
// MISSING: error: cannot read '{{.*}}.missing.npy'
// COUNT: error: the model takes 1 arguments; give one .npy per argument with --inputs (got 0)
// FUNC: error: no function named 'nothing'

func.func @model(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %c = tosa.clamp %x {min_val = 0.0 : f32, max_val = 3.5 : f32} : (tensor<1x2xf32>) -> tensor<1x2xf32>
  return %c : tensor<1x2xf32>
}
