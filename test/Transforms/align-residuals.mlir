// RUN: fxp-opt %s --fxp-align-residuals -split-input-file | FileCheck %s

// The shortcut at FL 12 is cast exactly (a left shift) to the sum's format,
// so the add becomes a plain integer add.
// CHECK-LABEL: func @residual
// CHECK-SAME: (%[[A:.*]]: tensor<4x!fxp.fixed<s32, 15>>, %[[B:.*]]: tensor<4x!fxp.fixed<s16, 12>>)
// CHECK: %[[C:.*]] = fxp.cast %[[B]] : tensor<4x!fxp.fixed<s16, 12>> -> tensor<4x!fxp.fixed<s32, 15>>
// CHECK: fxp.add %[[A]], %[[C]] : tensor<4x!fxp.fixed<s32, 15>>, tensor<4x!fxp.fixed<s32, 15>> -> tensor<4x!fxp.fixed<s32, 15>>
func.func @residual(%a: tensor<4x!fxp.fixed<s32, 15>>, %b: tensor<4x!fxp.fixed<s16, 12>>) -> tensor<4x!fxp.fixed<s32, 15>> {
  %0 = fxp.add %a, %b : tensor<4x!fxp.fixed<s32, 15>>, tensor<4x!fxp.fixed<s16, 12>> -> tensor<4x!fxp.fixed<s32, 15>>
  return %0 : tensor<4x!fxp.fixed<s32, 15>>
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

// s32 at FL 12 does not fit s32 at FL 15 (it would need 35 bits).
// CHECK-LABEL: func @too_wide
// CHECK-NOT: fxp.cast
func.func @too_wide(%a: tensor<4x!fxp.fixed<s32, 15>>, %b: tensor<4x!fxp.fixed<s32, 12>>) -> tensor<4x!fxp.fixed<s32, 15>> {
  %0 = fxp.add %a, %b : tensor<4x!fxp.fixed<s32, 15>>, tensor<4x!fxp.fixed<s32, 12>> -> tensor<4x!fxp.fixed<s32, 15>>
  return %0 : tensor<4x!fxp.fixed<s32, 15>>
}
