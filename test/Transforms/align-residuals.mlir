// RUN: fxp-opt %s --fxp-align-residuals -split-input-file | FileCheck %s

// The shortcut at FL 12 is cast exactly (a left shift) to the sum's format,
// which holds both, so the add becomes a plain integer add.
// CHECK-LABEL: func @residual
// CHECK-SAME: (%[[A:.*]]: tensor<4x!fxp.fixed<s32, 15>>, %[[B:.*]]: tensor<4x!fxp.fixed<s16, 12>>)
// CHECK: %[[C:.*]] = fxp.cast %[[B]] overflow wrap : tensor<4x!fxp.fixed<s16, 12>> -> tensor<4x!fxp.fixed<s32, 15>>
// CHECK: fxp.add %[[A]], %[[C]] : tensor<4x!fxp.fixed<s32, 15>>, tensor<4x!fxp.fixed<s32, 15>> -> tensor<4x!fxp.fixed<s32, 15>>
func.func @residual(%a: tensor<4x!fxp.fixed<s32, 15>>, %b: tensor<4x!fxp.fixed<s16, 12>>) -> tensor<4x!fxp.fixed<s32, 15>> {
  %0 = fxp.add %a, %b : tensor<4x!fxp.fixed<s32, 15>>, tensor<4x!fxp.fixed<s16, 12>> -> tensor<4x!fxp.fixed<s32, 15>>
  return %0 : tensor<4x!fxp.fixed<s32, 15>>
}

// -----

// An unsigned operand needs a sign bit: u8 at FL 8 -> s9 at FL 8.
// CHECK-LABEL: func @unsigned
// CHECK: fxp.cast %{{.*}} overflow wrap : tensor<4x!fxp.fixed<u8, 8>> -> tensor<4x!fxp.fixed<s16, 8>>
// CHECK: fxp.add %{{.*}}, %{{.*}} : tensor<4x!fxp.fixed<s16, 8>>, tensor<4x!fxp.fixed<s16, 8>> -> tensor<4x!fxp.fixed<s16, 8>>
func.func @unsigned(%a: tensor<4x!fxp.fixed<s16, 8>>, %b: tensor<4x!fxp.fixed<u8, 8>>) -> tensor<4x!fxp.fixed<s16, 8>> {
  %0 = fxp.add %a, %b : tensor<4x!fxp.fixed<s16, 8>>, tensor<4x!fxp.fixed<u8, 8>> -> tensor<4x!fxp.fixed<s16, 8>>
  return %0 : tensor<4x!fxp.fixed<s16, 8>>
}

// -----

// An operand that would round (FL 16 > 15) is left alone: casting it first
// would round twice.
// CHECK-LABEL: func @inexact
// CHECK-NOT: fxp.cast
// CHECK: fxp.sub %{{.*}}, %{{.*}} : tensor<4x!fxp.fixed<s32, 15>>, tensor<4x!fxp.fixed<s16, 16>> -> tensor<4x!fxp.fixed<s32, 15>>
func.func @inexact(%a: tensor<4x!fxp.fixed<s32, 15>>, %b: tensor<4x!fxp.fixed<s16, 16>>) -> tensor<4x!fxp.fixed<s32, 15>> {
  %0 = fxp.sub %a, %b : tensor<4x!fxp.fixed<s32, 15>>, tensor<4x!fxp.fixed<s16, 16>> -> tensor<4x!fxp.fixed<s32, 15>>
  return %0 : tensor<4x!fxp.fixed<s32, 15>>
}

// -----

// s32 at FL 12 needs 35 bits at FL 15: both operands widen to s35, the add
// saturates into s32 (F8Net: widen first, shift, add, saturate).
// CHECK-LABEL: func @widen
// CHECK-SAME: (%[[A:.*]]: tensor<4x!fxp.fixed<s32, 15>>, %[[B:.*]]: tensor<4x!fxp.fixed<s32, 12>>)
// CHECK: %[[WA:.*]] = fxp.cast %[[A]] overflow wrap : tensor<4x!fxp.fixed<s32, 15>> -> tensor<4x!fxp.fixed<s35, 15>>
// CHECK: %[[WB:.*]] = fxp.cast %[[B]] overflow wrap : tensor<4x!fxp.fixed<s32, 12>> -> tensor<4x!fxp.fixed<s35, 15>>
// CHECK: fxp.add %[[WA]], %[[WB]] : tensor<4x!fxp.fixed<s35, 15>>, tensor<4x!fxp.fixed<s35, 15>> -> tensor<4x!fxp.fixed<s32, 15>>
func.func @widen(%a: tensor<4x!fxp.fixed<s32, 15>>, %b: tensor<4x!fxp.fixed<s32, 12>>) -> tensor<4x!fxp.fixed<s32, 15>> {
  %0 = fxp.add %a, %b : tensor<4x!fxp.fixed<s32, 15>>, tensor<4x!fxp.fixed<s32, 12>> -> tensor<4x!fxp.fixed<s32, 15>>
  return %0 : tensor<4x!fxp.fixed<s32, 15>>
}

// -----

// A stored -2^31 (here from a bitcast) at FL 12 is -2^34 at FL 15: s35's
// storage minimum, outside its saturation range. The wrapping cast keeps
// it, so the aligned add gives the exact -2^34 + 1 as the unaligned one
// does (a saturating cast made it -2^34 + 2).
// RUN: fxp-opt %s -split-input-file --fxp-align-residuals --canonicalize | FileCheck %s --check-prefix=FOLD
// RUN: fxp-opt %s -split-input-file --canonicalize | FileCheck %s --check-prefix=FOLD
// FOLD-LABEL: func @storage_minimum
// FOLD: fxp.constant dense<-17179869183> : tensor<1xi35> -> tensor<1x!fxp.fixed<s35, 15>>
func.func @storage_minimum() -> tensor<1x!fxp.fixed<s35, 15>> {
  %ai = arith.constant dense<-2147483648> : tensor<1xi32>
  %a = fxp.bitcast %ai : tensor<1xi32> -> tensor<1x!fxp.fixed<s32, 12>>
  %bi = arith.constant dense<1> : tensor<1xi32>
  %b = fxp.bitcast %bi : tensor<1xi32> -> tensor<1x!fxp.fixed<s32, 15>>
  %0 = fxp.add %a, %b : tensor<1x!fxp.fixed<s32, 12>>, tensor<1x!fxp.fixed<s32, 15>> -> tensor<1x!fxp.fixed<s35, 15>>
  return %0 : tensor<1x!fxp.fixed<s35, 15>>
}
