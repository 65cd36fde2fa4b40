// --fxp-fold-pact is linear in the ops: a folded PACT activation followed
// by 100,000 ReLUs (the format used to propagate by one recursion per op:
// a stack overflow, here with a 1 MB stack) or 150,000 casts (the scale of
// each cast used to be found by walking the chain back to its root: minutes).
// RUN: %python %S/Inputs/pact_chain.py relu 100000 > %t.relu.mlir
// RUN: ulimit -s 1024 && fxp-opt %t.relu.mlir --fxp-fold-pact --mlir-disable-threading | FileCheck %s --check-prefix=RELU
// RUN: %python %S/Inputs/pact_chain.py cast 150000 > %t.cast.mlir
// RUN: timeout 60 fxp-opt %t.cast.mlir --fxp-fold-pact | FileCheck %s --check-prefix=CAST

// The format reaches the end of the chain; the next contraction absorbs the
// scale.
// RELU: fxp.matmul %{{.*}} : tensor<1x2x!fxp.fixed<u8, 5>>, tensor<2x2x!fxp.fixed<s8, ?>>
// CAST: fxp.matmul %{{.*}} : tensor<1x2x!fxp.fixed<u8, ?>>, tensor<2x2x!fxp.fixed<s8, ?>>
