// RUN: fxp-opt %s --convert-fxp-to-arith -split-input-file | FileCheck %s

// The F8Net requantization s32 FL 11 -> u8 FL 4: a rounding right shift by
// 7 with ties to even, then saturation to [0, 255], in i64. Ties to even is
// a floor shift of v + 63 + (bit 7 of v): a carry exactly when the dropped
// bits exceed one half, or equal it with an odd quotient.
// CHECK-LABEL: func @cast_requant
// CHECK-SAME: (%[[A:.*]]: i32) -> i8
// CHECK: %[[W:.*]] = arith.extsi %[[A]] : i32 to i64
// CHECK: %[[C7:.*]] = arith.constant 7 : i64
// CHECK: %[[Q:.*]] = arith.shrsi %[[W]], %[[C7]] : i64
// CHECK: %[[C1:.*]] = arith.constant 1 : i64
// CHECK: %[[ODD:.*]] = arith.andi %[[Q]], %[[C1]] : i64
// CHECK: %[[C63:.*]] = arith.constant 63 : i64
// CHECK: %[[BIASED:.*]] = arith.addi %[[W]], %[[C63]] : i64
// CHECK: %[[SUM:.*]] = arith.addi %[[BIASED]], %[[ODD]] : i64
// CHECK: %[[UP:.*]] = arith.shrsi %[[SUM]], %{{.*}} : i64
// CHECK: %[[HI:.*]] = arith.minsi %[[UP]], %{{.*}} : i64
// CHECK: %[[LO:.*]] = arith.maxsi %[[HI]], %{{.*}} : i64
// CHECK: %[[T:.*]] = arith.trunci %[[LO]] : i64 to i8
// CHECK: return %[[T]] : i8
func.func @cast_requant(%a: !fxp.fixed<s32, 11>) -> !fxp.fixed<u8, 4> {
  %0 = fxp.cast %a : !fxp.fixed<s32, 11> -> !fxp.fixed<u8, 4>
  return %0 : !fxp.fixed<u8, 4>
}

// -----

// A left shift saturates by comparing with the largest value that fits
// instead of widening.
// CHECK-LABEL: func @cast_left_shift
// CHECK: %[[S:.*]] = arith.shli %{{.*}}, %{{.*}} : i8
// CHECK: arith.cmpi sgt, %{{.*}}, %{{.*}} : i16
// CHECK: arith.select
// CHECK: arith.cmpi slt, %{{.*}}, %{{.*}} : i16
// CHECK: arith.select
func.func @cast_left_shift(%a: !fxp.fixed<s8, 2>) -> !fxp.fixed<s8, 5> {
  %0 = fxp.cast %a : !fxp.fixed<s8, 2> -> !fxp.fixed<s8, 5>
  return %0 : !fxp.fixed<s8, 5>
}

// -----

// Tensors become linalg.generic ops over their storage integers.
// CHECK-LABEL: func @add_tensors
// CHECK-SAME: (%[[A:.*]]: tensor<?x4xi32>, %[[B:.*]]: tensor<?x4xi32>) -> tensor<?x4xi32>
// CHECK: %[[D:.*]] = tensor.dim %[[A]]
// CHECK: %[[E:.*]] = tensor.empty(%[[D]]) : tensor<?x4xi32>
// CHECK: linalg.generic {{.*}} ins(%[[A]], %[[B]] : tensor<?x4xi32>, tensor<?x4xi32>) outs(%[[E]] : tensor<?x4xi32>)
// CHECK: arith.shli
// CHECK: arith.addi {{.*}} : i64
func.func @add_tensors(%a: tensor<?x4x!fxp.fixed<s32, 9>>, %b: tensor<?x4x!fxp.fixed<s32, 11>>) -> tensor<?x4x!fxp.fixed<s32, 11>> {
  %0 = fxp.add %a, %b : tensor<?x4x!fxp.fixed<s32, 9>>, tensor<?x4x!fxp.fixed<s32, 11>> -> tensor<?x4x!fxp.fixed<s32, 11>>
  return %0 : tensor<?x4x!fxp.fixed<s32, 11>>
}

// -----

// An 8x8 product needs 16 bits of magnitude: it is computed in i32.
// CHECK-LABEL: func @mul
// CHECK: arith.extsi %{{.*}} : i8 to i32
// CHECK: arith.extui %{{.*}} : i8 to i32
// CHECK: arith.muli {{.*}} : i32
func.func @mul(%a: !fxp.fixed<s8, 5>, %b: !fxp.fixed<u8, 6>) -> !fxp.fixed<s16, 11> {
  %0 = fxp.mul %a, %b : !fxp.fixed<s8, 5>, !fxp.fixed<u8, 6> -> !fxp.fixed<s16, 11>
  return %0 : !fxp.fixed<s16, 11>
}

// -----

// ReLU6 at FL 4 clamps the stored value to [0, 96].
// CHECK-LABEL: func @clamp
// CHECK: %[[LO:.*]] = arith.constant 0 : i8
// CHECK: arith.maxsi %{{.*}}, %[[LO]] : i8
// CHECK: %[[HI:.*]] = arith.constant 96 : i8
// CHECK: arith.minsi %{{.*}}, %[[HI]] : i8
func.func @clamp(%a: !fxp.fixed<s8, 4>) -> !fxp.fixed<s8, 4> {
  %0 = fxp.clamp %a {min = 0.0, max = 6.0} : !fxp.fixed<s8, 4> -> !fxp.fixed<s8, 4>
  return %0 : !fxp.fixed<s8, 4>
}

// -----

// An f32 to 8 bits, ties to even, saturating (the common case) is computed
// in f32, which vectorizes: scale, roundeven, clamp to [0, 255], NaN to 0.
// CHECK-LABEL: func @quantize
// CHECK: %[[NAN:.*]] = arith.cmpf uno, %[[X:.*]], %[[X]] : f32
// CHECK: %[[SCALED:.*]] = arith.mulf %[[X]], %{{.*}} : f32
// CHECK: %[[ROUNDED:.*]] = math.roundeven %[[SCALED]] : f32
// CHECK: arith.maximumf %[[ROUNDED]], %{{.*}} : f32
// CHECK: arith.minimumf
// CHECK: arith.select %[[NAN]]
// CHECK: arith.fptosi %{{.*}} : f32 to i32
// CHECK: arith.trunci %{{.*}} : i32 to i8
// CHECK-NOT: f64
func.func @quantize(%x: f32) -> !fxp.fixed<u8, 8> {
  %0 = fxp.quantize %x : f32 -> !fxp.fixed<u8, 8>
  return %0 : !fxp.fixed<u8, 8>
}

// -----

// Otherwise quantization rounds in f64 and converts the magnitude once.
// CHECK-LABEL: func @quantize_f64
// CHECK: math.floor
// CHECK: arith.fptosi %{{.*}} : f64 to i64
// CHECK: arith.trunci %{{.*}} : i65 to i8
func.func @quantize_f64(%x: f64) -> !fxp.fixed<u8, 8> {
  %0 = fxp.quantize %x : f64 -> !fxp.fixed<u8, 8>
  return %0 : !fxp.fixed<u8, 8>
}

// -----

// Storage is unchanged by bitcasts and constants become arith constants.
// CHECK-LABEL: func @bitcast_constant
// CHECK-SAME: (%[[A:.*]]: tensor<2xi8>) -> (tensor<2xi8>, tensor<2xi8>)
// CHECK: %[[C:.*]] = arith.constant dense<[64, -32]> : tensor<2xi8>
// CHECK: return %[[A]], %[[C]]
func.func @bitcast_constant(%a: tensor<2xi8>) -> (tensor<2x!fxp.fixed<s8, 5>>, tensor<2x!fxp.fixed<s8, 6>>) {
  %0 = fxp.bitcast %a : tensor<2xi8> -> tensor<2x!fxp.fixed<s8, 5>>
  %1 = fxp.constant dense<[64, -32]> : tensor<2xi8> -> tensor<2x!fxp.fixed<s8, 6>>
  return %0, %1 : tensor<2x!fxp.fixed<s8, 5>>, tensor<2x!fxp.fixed<s8, 6>>
}
