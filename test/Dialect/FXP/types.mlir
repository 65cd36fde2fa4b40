// RUN: fxp-opt %s | fxp-opt | FileCheck %s
// RUN: fxp-opt %s --mlir-print-op-generic | fxp-opt | FileCheck %s

// CHECK-LABEL: func @formats
// CHECK-SAME: !fxp.fixed<s8, 5>
// CHECK-SAME: !fxp.fixed<u8, 6>
// CHECK-SAME: !fxp.fixed<s32, 11>
// CHECK-SAME: !fxp.fixed<s8, ?>
// CHECK-SAME: !fxp.fixed<u2, -64>
// CHECK-SAME: !fxp.fixed<s64, 64>
// CHECK-SAME: !fxp.fixed<u16, 20>
// CHECK-SAME: tensor<1x28x28x1x!fxp.fixed<u8, 8>>
// CHECK-SAME: tensor<?x4x!fxp.fixed<s16, ?>>
// CHECK-SAME: memref<4x!fxp.fixed<s8, 3>>
func.func @formats(%a: !fxp.fixed<s8, 5>, %b: !fxp.fixed<u8, 6>,
                   %c: !fxp.fixed<s32, 11>, %d: !fxp.fixed<s8, ?>,
                   %e: !fxp.fixed<u2, -64>, %f: !fxp.fixed<s64, 64>,
                   %g: !fxp.fixed<u16, 20>,
                   %h: tensor<1x28x28x1x!fxp.fixed<u8, 8>>,
                   %i: tensor<?x4x!fxp.fixed<s16, ?>>,
                   %j: memref<4x!fxp.fixed<s8, 3>>) {
  return
}

// CHECK-LABEL: func @stats
// CHECK: #fxp.stats<mean = 1.000000e-01, std = 5.300000e-01, min = -2.000000e+00, max = 3.900000e+00, count = 4096>
// Fields may come in any order; they print in the canonical one.
// CHECK: #fxp.stats<mean = 0.000000e+00, std = 0.000000e+00, min = 0.000000e+00, max = 0.000000e+00, count = 1>
// An optional histogram follows.
// CHECK: #fxp.stats<mean = 5.000000e-01, std = 5.000000e-01, min = 0.000000e+00, max = 1.000000e+00, count = 4, histogram = [2, 0, 2]>
// Its bins may span a wider range than [min, max]; one equal to it is not
// printed.
// CHECK: #fxp.stats<mean = 5.000000e-01, std = 5.000000e-01, min = 0.000000e+00, max = 1.000000e+00, count = 4, histogram = [2, 2], histogram_range = [-1.000000e+00, 3.000000e+00]>
// CHECK: #fxp.stats<mean = 5.000000e-01, std = 5.000000e-01, min = 0.000000e+00, max = 1.000000e+00, count = 4, histogram = [2, 2]>
func.func @stats(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = arith.negf %x {fxp.stats = #fxp.stats<mean = 0.1, std = 0.53, min = -2.0, max = 3.9, count = 4096>} : tensor<4xf32>
  %1 = arith.negf %0 {fxp.stats = #fxp.stats<count = 1, max = 0.0, min = 0.0, std = 0.0, mean = 0.0>} : tensor<4xf32>
  %2 = arith.negf %1 {fxp.stats = #fxp.stats<histogram = [2, 0, 2], mean = 0.5, std = 0.5, min = 0.0, max = 1.0, count = 4>} : tensor<4xf32>
  %3 = arith.negf %2 {fxp.stats = #fxp.stats<mean = 0.5, std = 0.5, min = 0.0, max = 1.0, count = 4, histogram = [2, 2], histogram_range = [-1.0, 3.0]>} : tensor<4xf32>
  %4 = arith.negf %3 {fxp.stats = #fxp.stats<mean = 0.5, std = 0.5, min = 0.0, max = 1.0, count = 4, histogram = [2, 2], histogram_range = [0.0, 1.0]>} : tensor<4xf32>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// CHECK-LABEL: func @enums
// CHECK-SAME: o = #fxp<overflow wrap>
// CHECK-SAME: r = #fxp<rounding half_away>
func.func @enums() attributes {r = #fxp<rounding half_away>, o = #fxp<overflow wrap>} {
  return
}

// CHECK-LABEL: func @per_axis
// CHECK-SAME: tensor<3x!fxp.fixed_per_axis<s8, axis 0, [5, 7, -2]>>
// CHECK-SAME: tensor<4x2x!fxp.fixed_per_axis<u4, axis 1, [3, 3]>>
func.func @per_axis(%a: tensor<3x!fxp.fixed_per_axis<s8, axis 0, [5, 7, -2]>>,
                    %b: tensor<4x2x!fxp.fixed_per_axis<u4, axis 1, [3, 3]>>) {
  return
}
