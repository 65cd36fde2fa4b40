// RUN: fxp-opt %s --convert-elementwise-to-linalg --convert-fxp-to-arith -split-input-file | FileCheck %s

// Upstream --convert-elementwise-to-linalg turns fxp elementwise ops into
// linalg.generic ops over fixed-point tensors; the generic gets storage types
// in its operands, results and block arguments, and the scalar fxp.cast in
// its body lowers like any other.
// CHECK-LABEL: func @generic
// CHECK-SAME: (%[[X:.*]]: tensor<4xi16>) -> tensor<4xi8>
// CHECK: linalg.generic {{.*}} ins(%[[X]] : tensor<4xi16>) outs(%{{.*}} : tensor<4xi8>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: i16, %{{.*}}: i8):
// CHECK: arith.extsi %[[IN]] : i16 to i32
// CHECK: arith.shrsi
// CHECK: arith.trunci %{{.*}} : i32 to i8
// CHECK: } -> tensor<4xi8>
// CHECK-NOT: fxp.
func.func @generic(%x: tensor<4x!fxp.fixed<s16, 8>>) -> tensor<4x!fxp.fixed<s8, 4>> {
  %0 = fxp.cast %x : tensor<4x!fxp.fixed<s16, 8>> -> tensor<4x!fxp.fixed<s8, 4>>
  return %0 : tensor<4x!fxp.fixed<s8, 4>>
}

// -----

// Region-carrying ops of other dialects convert too: scf.for with a
// fixed-point iteration argument.
// CHECK-LABEL: func @loop
// CHECK: scf.for {{.*}} iter_args(%[[ACC:.*]] = %{{.*}}) -> (i8)
// CHECK: arith.maxsi %[[ACC]]
// CHECK: scf.yield %{{.*}} : i8
func.func @loop(%x: !fxp.fixed<s8, 2>, %n: index) -> !fxp.fixed<s8, 2> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %x) -> (!fxp.fixed<s8, 2>) {
    %y = fxp.relu %acc : !fxp.fixed<s8, 2> -> !fxp.fixed<s8, 2>
    scf.yield %y : !fxp.fixed<s8, 2>
  }
  return %r : !fxp.fixed<s8, 2>
}
