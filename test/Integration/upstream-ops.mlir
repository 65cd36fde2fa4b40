// RUN: fxp-opt %s --fxp-reference-to-llvm | \
// RUN:   mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=%mlir_c_runner_utils | FileCheck %s
// RUN: fxp-opt %s --convert-elementwise-to-linalg --fxp-reference-to-llvm | \
// RUN:   mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=%mlir_c_runner_utils | FileCheck %s

// A function that mixes fxp ops with arith ops on tensors lowers and runs;
// so does the same after upstream --convert-elementwise-to-linalg has turned
// the fxp ops into linalg.generic ops over fixed-point tensors.

func.func @mixed(%a: tensor<4xi16>) -> tensor<4xi64> {
  %x = fxp.bitcast %a : tensor<4xi16> -> tensor<4x!fxp.fixed<s16, 8>>
  %y = fxp.cast %x : tensor<4x!fxp.fixed<s16, 8>> -> tensor<4x!fxp.fixed<s16, 4>>
  %i = fxp.bitcast %y : tensor<4x!fxp.fixed<s16, 4>> -> tensor<4xi16>
  %w = arith.extsi %i : tensor<4xi16> to tensor<4xi64>
  %s = arith.addi %w, %w : tensor<4xi64>
  return %s : tensor<4xi64>
}

func.func @main() {
  // 40 / 16 = 2.5 -> 2 (ties to even), 56 / 16 = 3.5 -> 4, -24 / 16 = -1.5
  // -> -2, 7 / 16 -> 0; each doubled by the arith ops.
  %a = arith.constant dense<[40, 56, -24, 7]> : tensor<4xi16>
  %r = call @mixed(%a) : (tensor<4xi16>) -> tensor<4xi64>
  %c0 = arith.constant 0 : index
  %pad = arith.constant 0 : i64
  %v = vector.transfer_read %r[%c0], %pad : tensor<4xi64>, vector<4xi64>
  // CHECK: ( 4, 8, -4, 0 )
  vector.print %v : vector<4xi64>
  return
}
