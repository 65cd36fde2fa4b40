// RUN: fxp-opt %s -canonicalize -split-input-file | FileCheck %s

// CHECK-LABEL: func @quantize_constant
func.func @quantize_constant() -> (tensor<5x!fxp.fixed<s8, 1>>, tensor<5x!fxp.fixed<s8, 1>>) {
  // 1.25 and -1.25 are ties at FL 1; NaN quantizes to 0; 100 saturates.
  %x = arith.constant dense<[1.25, 1.75, -1.25, 0x7FC00000, 100.0]> : tensor<5xf32>
  // CHECK-DAG: fxp.constant dense<[2, 4, -2, 0, 127]> : tensor<5xi8> -> tensor<5x!fxp.fixed<s8, 1>>
  %0 = fxp.quantize %x : tensor<5xf32> -> tensor<5x!fxp.fixed<s8, 1>>
  // CHECK-DAG: fxp.constant dense<[3, 4, -3, 0, 127]> : tensor<5xi8> -> tensor<5x!fxp.fixed<s8, 1>>
  %1 = fxp.quantize %x rounding half_away : tensor<5xf32> -> tensor<5x!fxp.fixed<s8, 1>>
  return %0, %1 : tensor<5x!fxp.fixed<s8, 1>>, tensor<5x!fxp.fixed<s8, 1>>
}

// -----

// CHECK-LABEL: func @quantize_unknown_fl_is_kept
func.func @quantize_unknown_fl_is_kept() -> tensor<2x!fxp.fixed<s8, ?>> {
  %x = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  // CHECK: fxp.quantize
  %0 = fxp.quantize %x : tensor<2xf32> -> tensor<2x!fxp.fixed<s8, ?>>
  return %0 : tensor<2x!fxp.fixed<s8, ?>>
}

// -----

// CHECK-LABEL: func @quantize_splat
func.func @quantize_splat() -> tensor<2x3x!fxp.fixed<u8, 4>> {
  %x = arith.constant dense<0.5> : tensor<2x3xf64>
  // CHECK: fxp.constant dense<8> : tensor<2x3xi8> -> tensor<2x3x!fxp.fixed<u8, 4>>
  %0 = fxp.quantize %x : tensor<2x3xf64> -> tensor<2x3x!fxp.fixed<u8, 4>>
  return %0 : tensor<2x3x!fxp.fixed<u8, 4>>
}

// -----

// CHECK-LABEL: func @dequantize_constant
func.func @dequantize_constant() -> tensor<3xf32> {
  %q = fxp.constant dense<[-128, 1, 127]> : tensor<3xi8> -> tensor<3x!fxp.fixed<s8, 5>>
  // CHECK: arith.constant dense<[-4.000000e+00, 3.125000e-02, 3.968750e+00]> : tensor<3xf32>
  %0 = fxp.dequantize %q : tensor<3x!fxp.fixed<s8, 5>> -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// CHECK-LABEL: func @cast_identity
// CHECK-SAME: (%[[S:.*]]: tensor<4x!fxp.fixed<s8, 5>>, %[[U:.*]]: tensor<4x!fxp.fixed<u8, 5>>)
func.func @cast_identity(%s: tensor<4x!fxp.fixed<s8, 5>>, %u: tensor<4x!fxp.fixed<u8, 5>>)
    -> (tensor<4x!fxp.fixed<s8, 5>>, tensor<4x!fxp.fixed<s8, 5>>, tensor<4x!fxp.fixed<u8, 5>>) {
  // A saturating cast to the same signed format maps -128 to -127: kept.
  // CHECK: %[[KEPT:.*]] = fxp.cast %[[S]] : tensor<4x!fxp.fixed<s8, 5>> -> tensor<4x!fxp.fixed<s8, 5>>
  %0 = fxp.cast %s : tensor<4x!fxp.fixed<s8, 5>> -> tensor<4x!fxp.fixed<s8, 5>>
  %1 = fxp.cast %s overflow wrap : tensor<4x!fxp.fixed<s8, 5>> -> tensor<4x!fxp.fixed<s8, 5>>
  %2 = fxp.cast %u : tensor<4x!fxp.fixed<u8, 5>> -> tensor<4x!fxp.fixed<u8, 5>>
  // CHECK: return %[[KEPT]], %[[S]], %[[U]]
  return %0, %1, %2 : tensor<4x!fxp.fixed<s8, 5>>, tensor<4x!fxp.fixed<s8, 5>>, tensor<4x!fxp.fixed<u8, 5>>
}

// -----

// CHECK-LABEL: func @cast_of_exact_cast
// CHECK-SAME: (%[[X:.*]]: tensor<4x!fxp.fixed<s8, 5>>)
func.func @cast_of_exact_cast(%x: tensor<4x!fxp.fixed<s8, 5>>) -> tensor<4x!fxp.fixed<u8, 3>> {
  // s8 at FL 5 widens exactly into s16 at FL 7, so the outer cast reads %x.
  // CHECK: %[[R:.*]] = fxp.cast %[[X]] rounding floor : tensor<4x!fxp.fixed<s8, 5>> -> tensor<4x!fxp.fixed<u8, 3>>
  // CHECK: return %[[R]]
  %0 = fxp.cast %x : tensor<4x!fxp.fixed<s8, 5>> -> tensor<4x!fxp.fixed<s16, 7>>
  %1 = fxp.cast %0 rounding floor : tensor<4x!fxp.fixed<s16, 7>> -> tensor<4x!fxp.fixed<u8, 3>>
  return %1 : tensor<4x!fxp.fixed<u8, 3>>
}

// -----

// CHECK-LABEL: func @cast_of_inexact_cast
func.func @cast_of_inexact_cast(%x: tensor<4x!fxp.fixed<s8, 5>>) -> tensor<4x!fxp.fixed<s16, 5>> {
  // The inner cast drops two fractional bits: both casts stay.
  // CHECK: fxp.cast %{{.*}} : tensor<4x!fxp.fixed<s8, 5>> -> tensor<4x!fxp.fixed<s8, 3>>
  // CHECK: fxp.cast %{{.*}} : tensor<4x!fxp.fixed<s8, 3>> -> tensor<4x!fxp.fixed<s16, 5>>
  %0 = fxp.cast %x : tensor<4x!fxp.fixed<s8, 5>> -> tensor<4x!fxp.fixed<s8, 3>>
  %1 = fxp.cast %0 : tensor<4x!fxp.fixed<s8, 3>> -> tensor<4x!fxp.fixed<s16, 5>>
  return %1 : tensor<4x!fxp.fixed<s16, 5>>
}

// -----

// CHECK-LABEL: func @cast_of_saturating_cast
func.func @cast_of_saturating_cast(%x: tensor<4x!fxp.fixed<s8, 0>>) -> tensor<4x!fxp.fixed<s32, 0>> {
  // -128 << 8 = -32768 is outside s16's saturation range: both casts stay.
  // CHECK: fxp.cast %{{.*}} : tensor<4x!fxp.fixed<s8, 0>> -> tensor<4x!fxp.fixed<s16, 8>>
  // CHECK: fxp.cast
  %0 = fxp.cast %x : tensor<4x!fxp.fixed<s8, 0>> -> tensor<4x!fxp.fixed<s16, 8>>
  %1 = fxp.cast %0 : tensor<4x!fxp.fixed<s16, 8>> -> tensor<4x!fxp.fixed<s32, 0>>
  return %1 : tensor<4x!fxp.fixed<s32, 0>>
}

// -----

// CHECK-LABEL: func @cast_constant
func.func @cast_constant() -> (tensor<4x!fxp.fixed<u8, 4>>, tensor<4x!fxp.fixed<s8, 4>>) {
  // At FL 11 -> 4 the values are 5.5, 6.5, -1.0 and 300 in units of 2^-4.
  %a = fxp.constant dense<[704, 832, -128, 38400]> : tensor<4xi32> -> tensor<4x!fxp.fixed<s32, 11>>
  // CHECK-DAG: fxp.constant dense<[6, 6, 0, -1]> : tensor<4xi8> -> tensor<4x!fxp.fixed<u8, 4>>
  %0 = fxp.cast %a : tensor<4x!fxp.fixed<s32, 11>> -> tensor<4x!fxp.fixed<u8, 4>>
  // CHECK-DAG: fxp.constant dense<[6, 7, -1, 44]> : tensor<4xi8> -> tensor<4x!fxp.fixed<s8, 4>>
  %1 = fxp.cast %a rounding half_up overflow wrap : tensor<4x!fxp.fixed<s32, 11>> -> tensor<4x!fxp.fixed<s8, 4>>
  return %0, %1 : tensor<4x!fxp.fixed<u8, 4>>, tensor<4x!fxp.fixed<s8, 4>>
}

// -----

// CHECK-LABEL: func @bitcast_round_trip
// CHECK-SAME: (%[[I:.*]]: tensor<4xi8>, %[[F:.*]]: tensor<4x!fxp.fixed<s8, 5>>)
func.func @bitcast_round_trip(%i: tensor<4xi8>, %f: tensor<4x!fxp.fixed<s8, 5>>)
    -> (tensor<4xi8>, tensor<4x!fxp.fixed<u8, 2>>) {
  %0 = fxp.bitcast %i : tensor<4xi8> -> tensor<4x!fxp.fixed<s8, 5>>
  %1 = fxp.bitcast %0 : tensor<4x!fxp.fixed<s8, 5>> -> tensor<4xi8>
  // Two bitcasts through an integer become one.
  // CHECK: %[[B:.*]] = fxp.bitcast %[[F]] : tensor<4x!fxp.fixed<s8, 5>> -> tensor<4x!fxp.fixed<u8, 2>>
  %2 = fxp.bitcast %f : tensor<4x!fxp.fixed<s8, 5>> -> tensor<4xi8>
  %3 = fxp.bitcast %2 : tensor<4xi8> -> tensor<4x!fxp.fixed<u8, 2>>
  // CHECK: return %[[I]], %[[B]]
  return %1, %3 : tensor<4xi8>, tensor<4x!fxp.fixed<u8, 2>>
}

// -----

// CHECK-LABEL: func @bitcast_constant
func.func @bitcast_constant() -> (tensor<2x!fxp.fixed<s8, 6>>, i8) {
  // CHECK-DAG: %[[W:.*]] = fxp.constant dense<[64, -32]> : tensor<2xi8> -> tensor<2x!fxp.fixed<s8, 6>>
  // CHECK-DAG: %[[I:.*]] = arith.constant 7 : i8
  %w = arith.constant dense<[64, -32]> : tensor<2xi8>
  %0 = fxp.bitcast %w : tensor<2xi8> -> tensor<2x!fxp.fixed<s8, 6>>
  %c = fxp.constant 7 : i8 -> !fxp.fixed<u8, 1>
  %1 = fxp.bitcast %c : !fxp.fixed<u8, 1> -> i8
  // CHECK: return %[[W]], %[[I]]
  return %0, %1 : tensor<2x!fxp.fixed<s8, 6>>, i8
}

// -----

// CHECK-LABEL: func @binary_constants
func.func @binary_constants() -> (!fxp.fixed<s32, 11>, !fxp.fixed<s8, 2>, !fxp.fixed<s16, 11>, !fxp.fixed<u8, 0>) {
  // 1.5 (FL 9) + 0.25 (FL 11) = 1.75 = 3584 at FL 11.
  %a = fxp.constant 768 : i32 -> !fxp.fixed<s32, 9>
  %b = fxp.constant 512 : i32 -> !fxp.fixed<s32, 11>
  // CHECK-DAG: fxp.constant 3584 : i32 -> !fxp.fixed<s32, 11>
  %0 = fxp.add %a, %b : !fxp.fixed<s32, 9>, !fxp.fixed<s32, 11> -> !fxp.fixed<s32, 11>
  // 1.5 - 0.25 = 1.25 = 5 at FL 2.
  // CHECK-DAG: fxp.constant 5 : i8 -> !fxp.fixed<s8, 2>
  %1 = fxp.sub %a, %b : !fxp.fixed<s32, 9>, !fxp.fixed<s32, 11> -> !fxp.fixed<s8, 2>
  // -1.0 (s8 FL 5) * 0.5 (s8 FL 6) = -0.5 = -1024 at FL 11.
  %c = fxp.constant -32 : i8 -> !fxp.fixed<s8, 5>
  %d = fxp.constant 32 : i8 -> !fxp.fixed<s8, 6>
  // CHECK-DAG: fxp.constant -1024 : i16 -> !fxp.fixed<s16, 11>
  %2 = fxp.mul %c, %d : !fxp.fixed<s8, 5>, !fxp.fixed<s8, 6> -> !fxp.fixed<s16, 11>
  // A negative product saturates to 0 in an unsigned result.
  // CHECK-DAG: fxp.constant 0 : i8 -> !fxp.fixed<u8, 0>
  %3 = fxp.mul %c, %d : !fxp.fixed<s8, 5>, !fxp.fixed<s8, 6> -> !fxp.fixed<u8, 0>
  return %0, %1, %2, %3 : !fxp.fixed<s32, 11>, !fxp.fixed<s8, 2>, !fxp.fixed<s16, 11>, !fxp.fixed<u8, 0>
}

// -----

// CHECK-LABEL: func @clamp_and_relu
// CHECK-SAME: (%[[X:.*]]: tensor<4x!fxp.fixed<s8, 4>>, %[[U:.*]]: tensor<4x!fxp.fixed<u8, 4>>)
func.func @clamp_and_relu(%x: tensor<4x!fxp.fixed<s8, 4>>, %u: tensor<4x!fxp.fixed<u8, 4>>)
    -> (tensor<4x!fxp.fixed<s8, 4>>, tensor<4x!fxp.fixed<s8, 4>>, tensor<4x!fxp.fixed<s8, 4>>, tensor<4x!fxp.fixed<u8, 4>>, tensor<4x!fxp.fixed<s8, 4>>) {
  // No bounds, or bounds beyond the stored range: the identity.
  %0 = fxp.clamp %x : tensor<4x!fxp.fixed<s8, 4>> -> tensor<4x!fxp.fixed<s8, 4>>
  %1 = fxp.clamp %x {min = -100.0, max = 100.0} : tensor<4x!fxp.fixed<s8, 4>> -> tensor<4x!fxp.fixed<s8, 4>>
  // relu(relu(x)) is relu(x); relu of an unsigned value is the value.
  // CHECK: %[[R:.*]] = fxp.relu %[[X]]
  %2 = fxp.relu %x : tensor<4x!fxp.fixed<s8, 4>> -> tensor<4x!fxp.fixed<s8, 4>>
  %3 = fxp.relu %2 : tensor<4x!fxp.fixed<s8, 4>> -> tensor<4x!fxp.fixed<s8, 4>>
  %4 = fxp.relu %u : tensor<4x!fxp.fixed<u8, 4>> -> tensor<4x!fxp.fixed<u8, 4>>
  // A real clamp stays.
  // CHECK: %[[C:.*]] = fxp.clamp %[[X]] {max = 6.000000e+00 : f64, min = 0.000000e+00 : f64}
  %5 = fxp.clamp %x {min = 0.0, max = 6.0} : tensor<4x!fxp.fixed<s8, 4>> -> tensor<4x!fxp.fixed<s8, 4>>
  // CHECK: return %[[X]], %[[X]], %[[R]], %[[U]], %[[C]]
  return %0, %1, %3, %4, %5 : tensor<4x!fxp.fixed<s8, 4>>, tensor<4x!fxp.fixed<s8, 4>>, tensor<4x!fxp.fixed<s8, 4>>, tensor<4x!fxp.fixed<u8, 4>>, tensor<4x!fxp.fixed<s8, 4>>
}

// -----

// CHECK-LABEL: func @clamp_constant
func.func @clamp_constant() -> (tensor<4x!fxp.fixed<s8, 4>>, tensor<4x!fxp.fixed<s8, 4>>) {
  %x = fxp.constant dense<[-128, -5, 50, 127]> : tensor<4xi8> -> tensor<4x!fxp.fixed<s8, 4>>
  // ReLU6 at FL 4: [0, 96].
  // CHECK-DAG: fxp.constant dense<[0, 0, 50, 96]> : tensor<4xi8> -> tensor<4x!fxp.fixed<s8, 4>>
  %0 = fxp.clamp %x {min = 0.0, max = 6.0} : tensor<4x!fxp.fixed<s8, 4>> -> tensor<4x!fxp.fixed<s8, 4>>
  // CHECK-DAG: fxp.constant dense<[0, 0, 50, 127]> : tensor<4xi8> -> tensor<4x!fxp.fixed<s8, 4>>
  %1 = fxp.relu %x : tensor<4x!fxp.fixed<s8, 4>> -> tensor<4x!fxp.fixed<s8, 4>>
  return %0, %1 : tensor<4x!fxp.fixed<s8, 4>>, tensor<4x!fxp.fixed<s8, 4>>
}

// -----

// Per-axis formats quantize each slice at its own FL (axis 1 here), splats
// too.
// CHECK-LABEL: func @quantize_per_axis
func.func @quantize_per_axis() -> (tensor<2x3x!fxp.fixed_per_axis<s8, axis 1, [0, 1, 2]>>, tensor<2x3x!fxp.fixed_per_axis<s8, axis 1, [0, 1, 2]>>) {
  %x = arith.constant dense<[[1.3, 1.3, 1.3], [-0.7, -0.7, -0.7]]> : tensor<2x3xf32>
  // CHECK-DAG: fxp.constant dense<{{\[}}[1, 3, 5], [-1, -1, -3]]> : tensor<2x3xi8> -> tensor<2x3x!fxp.fixed_per_axis<s8, axis 1, [0, 1, 2]>>
  %0 = fxp.quantize %x : tensor<2x3xf32> -> tensor<2x3x!fxp.fixed_per_axis<s8, axis 1, [0, 1, 2]>>
  %s = arith.constant dense<1.3> : tensor<2x3xf32>
  // CHECK-DAG: fxp.constant dense<{{\[}}[1, 3, 5], [1, 3, 5]]> : tensor<2x3xi8> -> tensor<2x3x!fxp.fixed_per_axis<s8, axis 1, [0, 1, 2]>>
  %1 = fxp.quantize %s : tensor<2x3xf32> -> tensor<2x3x!fxp.fixed_per_axis<s8, axis 1, [0, 1, 2]>>
  return %0, %1 : tensor<2x3x!fxp.fixed_per_axis<s8, axis 1, [0, 1, 2]>>, tensor<2x3x!fxp.fixed_per_axis<s8, axis 1, [0, 1, 2]>>
}

// -----

// Widths without a machine word (4 bits: 2.6 rounds to 3; 10.4 saturates to
// 7) and f16 inputs too.
// CHECK-LABEL: func @quantize_per_axis_narrow
// CHECK: fxp.constant dense<[3, 7]> : tensor<2xi4> -> tensor<2x!fxp.fixed_per_axis<s4, axis 0, [1, 3]>>
func.func @quantize_per_axis_narrow() -> tensor<2x!fxp.fixed_per_axis<s4, axis 0, [1, 3]>> {
  %x = arith.constant dense<[1.3, 1.3]> : tensor<2xf16>
  %0 = fxp.quantize %x : tensor<2xf16> -> tensor<2x!fxp.fixed_per_axis<s4, axis 0, [1, 3]>>
  return %0 : tensor<2x!fxp.fixed_per_axis<s4, axis 0, [1, 3]>>
}
