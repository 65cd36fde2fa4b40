// RUN: fxp-opt %s --split-input-file --fxp-outline-parts | FileCheck %s
// RUN: fxp-opt %s --split-input-file "--fxp-outline-parts=parts=3" | FileCheck %s --check-prefix=THREE

// The largest function keeps the first half of its operations (constants
// aside) and calls a public function, marked fxp.part, for the second. The
// part takes what it reads from the first half (%b, %a) and returns what
// the rest of the function reads (%c and %d). The weight, a constant
// transposed and reshaped, is recomputed in the part, not passed; the
// first half no longer needs it and drops it.
// CHECK-LABEL: func.func @helper(
// CHECK-LABEL: func.func @model.part1(
// CHECK-SAME: %[[B:[^:]*]]: tensor<4xf32>, %[[A:[^:]*]]: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) attributes {fxp.part}
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[}}[1.000000e+00, 2.000000e+00]
// CHECK-DAG: %[[WT:.*]] = tosa.transpose %[[W]]
// CHECK-DAG: %[[WFLAT:.*]] = tosa.reshape %[[WT]]
// CHECK: %[[C:.*]] = tosa.add %[[B]], %[[A]]
// CHECK: %[[D:.*]] = tosa.mul %[[C]], %[[WFLAT]]
// CHECK: return %[[C]], %[[D]]
// CHECK-LABEL: func.func @model(
// CHECK-NOT: arith.constant
// CHECK: %[[A0:.*]] = tosa.abs
// CHECK-NEXT: %[[B0:.*]] = tosa.floor %[[A0]]
// CHECK-NEXT: %[[R:.*]]:2 = call @model.part1(%[[B0]], %[[A0]])
// CHECK-NEXT: return %[[R]]#1, %[[R]]#0, %[[B0]]
// Three parts: two calls, each to its own function.
// THREE-LABEL: func.func @model.part1(
// THREE: tosa.floor
// THREE: return
// THREE-LABEL: func.func @model.part2(
// THREE: tosa.add
// THREE: tosa.mul
// THREE-LABEL: func.func @model(
// THREE: tosa.abs
// THREE-NEXT: call @model.part1
// THREE-NEXT: call @model.part2
func.func @helper(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
func.func @model(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %a = tosa.abs %x : (tensor<4xf32>) -> tensor<4xf32>
  %b = tosa.floor %a : (tensor<4xf32>) -> tensor<4xf32>
  %wt = tosa.transpose %w {perms = array<i32: 1, 0>} : (tensor<2x2xf32>) -> tensor<2x2xf32>
  %flat = tosa.const_shape {values = dense<4> : tensor<1xindex>} : () -> !tosa.shape<1>
  %wflat = tosa.reshape %wt, %flat : (tensor<2x2xf32>, !tosa.shape<1>) -> tensor<4xf32>
  %c = tosa.add %b, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %shift = arith.constant dense<0> : tensor<1xi8>
  %d = tosa.mul %c, %wflat, %shift : (tensor<4xf32>, tensor<4xf32>, tensor<1xi8>) -> tensor<4xf32>
  return %d, %c, %b : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// A function of one operation stays whole; so do the smaller functions.
// CHECK-LABEL: func.func @single(
// CHECK-NEXT: tosa.abs
// CHECK-NEXT: return
// CHECK-NOT: fxp.part
func.func @single(%x: tensor<4xf32>) -> tensor<4xf32> {
  %a = tosa.abs %x : (tensor<4xf32>) -> tensor<4xf32>
  return %a : tensor<4xf32>
}
