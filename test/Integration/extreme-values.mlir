// REQUIRES: host-avx512vnni
// RUN: fxp-opt %s --fxp-lower-to-llvm=target=avx512vnni | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils | FileCheck %s
// RUN: fxp-opt %s --fxp-lower-to-llvm=target=x86-64-v4 | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils | FileCheck %s
// RUN: fxp-opt %s --fxp-lower-to-llvm=target=x86-64-v3 | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils | FileCheck %s
// RUN: fxp-opt %s --fxp-reference-to-llvm | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils | FileCheck %s

// The largest products at the largest reduction of the benchmark (K = 4096):
// u8 255 times s8 -127 everywhere sums to -132648960, s8 -127 (staged +128
// for vpdpbusd) times -127 to 66064384; the bias is added exactly.

func.func @unsigned_extreme(%x: tensor<2x4096x!fxp.fixed<u8, 0>>) -> tensor<2x16x!fxp.fixed<s32, 0>> {
  %w = fxp.constant dense<-127> : tensor<4096x16xi8> -> tensor<4096x16x!fxp.fixed<s8, 0>>
  %b = fxp.constant dense<-1000> : tensor<16xi32> -> tensor<16x!fxp.fixed<s32, 0>>
  %y = fxp.matmul %x, %w, %b : tensor<2x4096x!fxp.fixed<u8, 0>>, tensor<4096x16x!fxp.fixed<s8, 0>>, tensor<16x!fxp.fixed<s32, 0>> -> tensor<2x16x!fxp.fixed<s32, 0>>
  return %y : tensor<2x16x!fxp.fixed<s32, 0>>
}

func.func @signed_extreme(%x: tensor<2x4096x!fxp.fixed<s8, 0>>) -> tensor<2x16x!fxp.fixed<s32, 0>> {
  %w = fxp.constant dense<-127> : tensor<4096x16xi8> -> tensor<4096x16x!fxp.fixed<s8, 0>>
  %y = fxp.matmul %x, %w : tensor<2x4096x!fxp.fixed<s8, 0>>, tensor<4096x16x!fxp.fixed<s8, 0>> -> tensor<2x16x!fxp.fixed<s32, 0>>
  return %y : tensor<2x16x!fxp.fixed<s32, 0>>
}

func.func @print(%t: tensor<2x16x!fxp.fixed<s32, 0>>) {
  %i = fxp.bitcast %t : tensor<2x16x!fxp.fixed<s32, 0>> -> tensor<2x16xi32>
  %c0 = arith.constant 0 : index
  %pad = arith.constant 0 : i32
  %v = vector.transfer_read %i[%c0, %c0], %pad : tensor<2x16xi32>, vector<2x16xi32>
  vector.print %v : vector<2x16xi32>
  return
}

func.func @main() {
  %u = arith.constant dense<-1> : tensor<2x4096xi8>
  %x = fxp.bitcast %u : tensor<2x4096xi8> -> tensor<2x4096x!fxp.fixed<u8, 0>>
  %a = call @unsigned_extreme(%x) : (tensor<2x4096x!fxp.fixed<u8, 0>>) -> tensor<2x16x!fxp.fixed<s32, 0>>
  // CHECK: ( ( -132649960, -132649960, -132649960, -132649960, -132649960, -132649960, -132649960, -132649960, -132649960, -132649960, -132649960, -132649960, -132649960, -132649960, -132649960, -132649960 ), ( -132649960, -132649960, -132649960, -132649960, -132649960, -132649960, -132649960, -132649960, -132649960, -132649960, -132649960, -132649960, -132649960, -132649960, -132649960, -132649960 ) )
  call @print(%a) : (tensor<2x16x!fxp.fixed<s32, 0>>) -> ()
  %s = arith.constant dense<-127> : tensor<2x4096xi8>
  %y = fxp.bitcast %s : tensor<2x4096xi8> -> tensor<2x4096x!fxp.fixed<s8, 0>>
  %b = call @signed_extreme(%y) : (tensor<2x4096x!fxp.fixed<s8, 0>>) -> tensor<2x16x!fxp.fixed<s32, 0>>
  // CHECK: ( ( 66064384, 66064384, 66064384, 66064384, 66064384, 66064384, 66064384, 66064384, 66064384, 66064384, 66064384, 66064384, 66064384, 66064384, 66064384, 66064384 ), ( 66064384, 66064384, 66064384, 66064384, 66064384, 66064384, 66064384, 66064384, 66064384, 66064384, 66064384, 66064384, 66064384, 66064384, 66064384, 66064384 ) )
  call @print(%b) : (tensor<2x16x!fxp.fixed<s32, 0>>) -> ()
  return
}
