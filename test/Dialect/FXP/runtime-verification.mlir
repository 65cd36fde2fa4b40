// RUN: fxp-opt %s --generate-runtime-verification | FileCheck %s

// A dynamic height or width must hold the padded, dilated window: here
// height + 1 >= 2 * (3 - 1) + 1, width >= 3; static sizes are the verifier's.
// CHECK-LABEL: func @conv
// CHECK: %[[H:.*]] = tensor.dim %arg0, %c1
// CHECK: %[[HOK:.*]] = arith.cmpi sge, %[[H]], %c4
// CHECK: cf.assert %[[HOK]], "{{.*}}input height must be at least 4 to hold the padded window
// CHECK: %[[W:.*]] = tensor.dim %arg0, %c2
// CHECK: %[[WOK:.*]] = arith.cmpi sge, %[[W]], %c3
// CHECK: cf.assert %[[WOK]], "{{.*}}input width must be at least 3 to hold the padded window
// CHECK: fxp.conv2d
func.func @conv(%x: tensor<1x?x?x2x!fxp.fixed<s8, 0>>, %w: tensor<1x3x3x2x!fxp.fixed<s8, 0>>) -> tensor<1x?x?x1x!fxp.fixed<s32, 0>> {
  %y = fxp.conv2d %x, %w {dilations = array<i64: 2, 1>, pad = array<i64: 1, 0, 0, 0>} : tensor<1x?x?x2x!fxp.fixed<s8, 0>>, tensor<1x3x3x2x!fxp.fixed<s8, 0>> -> tensor<1x?x?x1x!fxp.fixed<s32, 0>>
  return %y : tensor<1x?x?x1x!fxp.fixed<s32, 0>>
}

// A padding that covers the whole window needs no check.
// CHECK-LABEL: func @avg_pool
// CHECK-NOT: cf.assert
// CHECK: fxp.avg_pool2d
func.func @avg_pool(%x: tensor<1x?x4x2x!fxp.fixed<s8, 0>>) -> tensor<1x?x3x2x!fxp.fixed<s8, 0>> {
  %y = fxp.avg_pool2d %x {kernel = array<i64: 2, 2>, pad = array<i64: 1, 1, 0, 0>} : tensor<1x?x4x2x!fxp.fixed<s8, 0>> -> tensor<1x?x3x2x!fxp.fixed<s8, 0>>
  return %y : tensor<1x?x3x2x!fxp.fixed<s8, 0>>
}
