// Every layout NumPy writes is read as the array it holds: big-endian,
// Fortran order, float64, format version 2, and a header NumPy did not write
// but that says the same (double quotes, no trailing comma).
// RUN: %python -c "import numpy as np; a = np.array([[[1.0, -2.0]], [[3.0, 4.0]]]); np.save('%t.c.npy', a.astype('<f4')); np.save('%t.be.npy', a.astype('>f4')); np.save('%t.f.npy', np.asfortranarray(a.astype('>f8'))); np.lib.format.write_array(open('%t.v2.npy', 'wb'), a.astype('<f4'), version=(2, 0))"
// RUN: %python -c "import struct; h = b\"{\\\"descr\\\": '<f4', \\\"shape\\\": (2, 1, 2), \\\"fortran_order\\\": False}\"; open('%t.hand.npy', 'wb').write(b'\x93NUMPY\x01\x00' + struct.pack('<H', len(h)) + h + struct.pack('<4f', 1, -2, 3, 4))"
// RUN: fxp-calibrate %s --inputs=%t.c.npy --bins=0 | FileCheck %s
// RUN: fxp-calibrate %s --inputs=%t.be.npy --bins=0 | FileCheck %s
// RUN: fxp-calibrate %s --inputs=%t.f.npy --bins=0 | FileCheck %s
// RUN: fxp-calibrate %s --inputs=%t.v2.npy --bins=0 | FileCheck %s
// RUN: fxp-calibrate %s --inputs=%t.hand.npy --bins=0 | FileCheck %s

// Samples [1, -2] and [3, 4] times [1, 10]: [1, -20] and [3, 40] (mean 6,
// population std sqrt(466.5)); any other order of the four values gives
// other statistics.
// CHECK: tosa.mul {{.*}}fxp.stats = #fxp.stats<mean = 6.000000e+00, std = 21.598611066455177, min = -2.000000e+01, max = 4.000000e+01, count = 4>

func.func @model(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %s = "tosa.const"() <{values = dense<[[1.0, 10.0]]> : tensor<1x2xf32>}> : () -> tensor<1x2xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %m = tosa.mul %x, %s, %shift : (tensor<1x2xf32>, tensor<1x2xf32>, tensor<1xi8>) -> tensor<1x2xf32>
  return %m : tensor<1x2xf32>
}
