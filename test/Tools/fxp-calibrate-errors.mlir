// RUN: %python -c "import numpy as np; np.save('%t.int.npy', np.zeros((2, 1, 2), dtype=np.int32)); np.save('%t.shape.npy', np.zeros((2, 3), dtype=np.float32)); open('%t.bad.npy', 'wb').write(b'not numpy')"
// RUN: not fxp-calibrate %s --inputs=%t.int.npy -o %t.out 2>&1 | FileCheck %s --check-prefix=DTYPE
// RUN: not fxp-calibrate %s --inputs=%t.shape.npy -o %t.out 2>&1 | FileCheck %s --check-prefix=SHAPE
// RUN: not fxp-calibrate %s --inputs=%t.bad.npy -o %t.out 2>&1 | FileCheck %s --check-prefix=MAGIC
// RUN: not fxp-calibrate %s --inputs=%t.missing.npy -o %t.out 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not fxp-calibrate %s -o %t.out 2>&1 | FileCheck %s --check-prefix=COUNT
// RUN: not fxp-calibrate %s --inputs=%t.shape.npy --function=nothing -o %t.out 2>&1 | FileCheck %s --check-prefix=FUNC
// RUN: not fxp-calibrate %s --inputs=%t.shape.npy --bins=65537 -o %t.out 2>&1 | FileCheck %s --check-prefix=BINS

// Hostile files: non-finite values, a shape whose element count overflows,
// data shorter than the shape, headers that say something unexpected.
// RUN: %python -c "import numpy as np; np.save('%t.nan.npy', np.array([[[1, np.nan]]], dtype=np.float32)); np.save('%t.inf.npy', np.array([[[1, 2]], [[-np.inf, 0]]], dtype=np.float32)); np.save('%t.f64.npy', np.array([[[1e300, 0]]]))"
// RUN: %python -c "import struct; data = struct.pack('<4f', 1, 2, 3, 4); npy = lambda h, d=data, v=1: b'\x93NUMPY' + bytes([v, 0]) + struct.pack('<H', len(h)) + h + d; files = {'huge': npy(b\"{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296, 2), }\"), 'short': npy(b\"{'descr': '<f4', 'fortran_order': False, 'shape': (2, 1, 2), }\", data[:12]), 'field': npy(b\"{'descr': '<f4', 'fortran_order': False, 'shape': (2, 1, 2), 'order': 'C'}\"), 'twice': npy(b\"{'descr': '<f4', 'descr': '>f4', 'fortran_order': False, 'shape': (2, 1, 2)}\"), 'version': npy(b'{}', v=9), 'digits': npy(b\"{'descr': '<f4', 'fortran_order': False, 'shape': (2\")}; [open('%t.' + k + '.npy', 'wb').write(v) for k, v in files.items()]"
// RUN: not fxp-calibrate %s --inputs=%t.nan.npy -o %t.out 2>&1 | FileCheck %s --check-prefix=NAN
// RUN: not fxp-calibrate %s --inputs=%t.inf.npy -o %t.out 2>&1 | FileCheck %s --check-prefix=INF
// RUN: not fxp-calibrate %s --inputs=%t.f64.npy -o %t.out 2>&1 | FileCheck %s --check-prefix=F64
// RUN: not fxp-calibrate %s --inputs=%t.huge.npy -o %t.out 2>&1 | FileCheck %s --check-prefix=HUGE
// RUN: not fxp-calibrate %s --inputs=%t.short.npy -o %t.out 2>&1 | FileCheck %s --check-prefix=SHORT
// RUN: not fxp-calibrate %s --inputs=%t.field.npy -o %t.out 2>&1 | FileCheck %s --check-prefix=FIELD
// RUN: not fxp-calibrate %s --inputs=%t.twice.npy -o %t.out 2>&1 | FileCheck %s --check-prefix=TWICE
// RUN: not fxp-calibrate %s --inputs=%t.version.npy -o %t.out 2>&1 | FileCheck %s --check-prefix=VERSION
// A header that ends in a size (found by fxp-npy-fuzzer: read past it).
// RUN: not fxp-calibrate %s --inputs=%t.digits.npy -o %t.out 2>&1 | FileCheck %s --check-prefix=DIGITS

// No output file is left behind by a failure, and an existing one is kept.
// RUN: not ls %t.out
// RUN: echo kept > %t.kept
// RUN: not fxp-calibrate %s --inputs=%t.nan.npy -o %t.kept
// RUN: FileCheck %s --check-prefix=KEPT < %t.kept

// DTYPE: error: '{{.*}}.int.npy' must hold float32 or float64 values ('<f4', '>f4', '<f8' or '>f8'), got '<i4'
// SHAPE: error: '{{.*}}.shape.npy' has shape (2, 3); the argument 'tensor<1x2xf32>' needs (N, 1, 2)
// MAGIC: error: '{{.*}}.bad.npy' is not a .npy file
// MISSING: error: cannot read '{{.*}}.missing.npy'
// COUNT: error: the model takes 1 arguments; give one .npy per argument (got 0)
// FUNC: error: no function named 'nothing'
// BINS: fxp-calibrate: --bins=65537 exceeds the maximum of 65536
// NAN: error: '{{.*}}.nan.npy' holds NaN at index (0, 0, 1); calibration inputs must be finite
// INF: error: '{{.*}}.inf.npy' holds -Inf at index (1, 0, 0); calibration inputs must be finite
// F64: error: '{{.*}}.f64.npy' holds 1.000000e+300 at element 0, outside the float32 range
// HUGE: error: '{{.*}}.huge.npy' has a shape whose element count overflows 64 bits
// SHORT: error: '{{.*}}.short.npy' holds 12 bytes of data; its shape (2, 1, 2) needs 4 elements of 4 bytes
// FIELD: error: '{{.*}}.field.npy' has a bad header (the header has an unknown field 'order')
// TWICE: error: '{{.*}}.twice.npy' has a bad header (the header has a bad or repeated 'descr')
// VERSION: error: '{{.*}}.version.npy' has .npy format version 9; versions 1 to 3 are supported
// DIGITS: error: '{{.*}}.digits.npy' has a bad header (the header has a bad or repeated 'shape')
// KEPT: kept
// The diagnostics do not print the module.
// CHECK-NOT: see current operation

func.func @model(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %c = tosa.clamp %x {min_val = 0.0 : f32, max_val = 3.5 : f32} : (tensor<1x2xf32>) -> tensor<1x2xf32>
  return %c : tensor<1x2xf32>
}
