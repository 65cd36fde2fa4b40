// RUN: fxp-opt %s --split-input-file --fxp-outline-parts | FileCheck %s

// A part starts at a contraction: here the second matmul, whose place is
// nearest the middle of the five operations. The largest function keeps the
// first part and calls a public function, marked fxp.part, for the second.
// The part takes what it reads from the first (%b) and returns what the
// rest of the function reads (%e). The weight of the second matmul, a
// constant transposed, is recomputed in the part, not passed.
// CHECK-LABEL: func.func @helper(
// CHECK-LABEL: func.func @model.part1(
// CHECK-SAME: %[[B:[^:]*]]: tensor<1x4x4xf32>) -> tensor<1x4x4xf32> attributes {fxp.part}
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[}}{{\[}}[1.000000e+00
// CHECK-DAG: %[[WT:.*]] = tosa.transpose %[[W]]
// CHECK: %[[C:.*]] = tosa.matmul %[[B]], %[[WT]]
// CHECK: %[[D:.*]] = tosa.floor %[[C]]
// CHECK: %[[E:.*]] = tosa.add %[[D]], %[[B]]
// CHECK: return %[[E]]
// CHECK-LABEL: func.func @model(
// CHECK-NOT: tosa.transpose
// CHECK: %[[A0:.*]] = tosa.matmul
// CHECK-NEXT: %[[B0:.*]] = tosa.abs %[[A0]]
// CHECK-NEXT: %[[R:.*]] = call @model.part1(%[[B0]])
// CHECK-NEXT: return %[[R]], %[[B0]]
func.func @helper(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
func.func @model(%x: tensor<1x4x4xf32>) -> (tensor<1x4x4xf32>, tensor<1x4x4xf32>) {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = arith.constant dense<[[[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0], [1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0]]]> : tensor<1x4x4xf32>
  %a = tosa.matmul %x, %w, %zp, %zp : (tensor<1x4x4xf32>, tensor<1x4x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4xf32>
  %b = tosa.abs %a : (tensor<1x4x4xf32>) -> tensor<1x4x4xf32>
  %wt = tosa.transpose %w {perms = array<i32: 0, 2, 1>} : (tensor<1x4x4xf32>) -> tensor<1x4x4xf32>
  %c = tosa.matmul %b, %wt, %zp, %zp : (tensor<1x4x4xf32>, tensor<1x4x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4xf32>
  %d = tosa.floor %c : (tensor<1x4x4xf32>) -> tensor<1x4x4xf32>
  %e = tosa.add %d, %b : (tensor<1x4x4xf32>, tensor<1x4x4xf32>) -> tensor<1x4x4xf32>
  return %e, %b : tensor<1x4x4xf32>, tensor<1x4x4xf32>
}

// -----

// The only contraction after the first is read by an add together with
// the first: a part starting there would part the first from its epilogue
// (the add), so the function stays whole. So does a function of one
// operation.
// CHECK-LABEL: func.func @epilogue(
// CHECK-NOT: call
// CHECK: return
// CHECK-LABEL: func.func @single(
// CHECK-NEXT: tosa.abs
// CHECK-NEXT: return
// CHECK-NOT: fxp.part
func.func @epilogue(%x: tensor<1x4x4xf32>, %w: tensor<1x4x4xf32>) -> tensor<1x4x4xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %a = tosa.matmul %x, %w, %zp, %zp : (tensor<1x4x4xf32>, tensor<1x4x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4xf32>
  %c = tosa.matmul %x, %x, %zp, %zp : (tensor<1x4x4xf32>, tensor<1x4x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4xf32>
  %s = tosa.add %a, %c : (tensor<1x4x4xf32>, tensor<1x4x4xf32>) -> tensor<1x4x4xf32>
  %r = tosa.abs %s : (tensor<1x4x4xf32>) -> tensor<1x4x4xf32>
  return %r : tensor<1x4x4xf32>
}
func.func @single(%x: tensor<4xf32>) -> tensor<4xf32> {
  %a = tosa.abs %x : (tensor<4xf32>) -> tensor<4xf32>
  return %a : tensor<4xf32>
}
