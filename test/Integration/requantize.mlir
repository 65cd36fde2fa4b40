// RUN: fxp-opt %s --fxp-reference-to-llvm | \
// RUN:   mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=%mlir_c_runner_utils | FileCheck %s

// F8Net's requantization (s32 at FL 11 -> 8 bits at FL 4, a shift by 7) in
// every rounding mode, on ties (+-5.5, +-6.5), a non-tie and saturation.

func.func @requant(%a: tensor<7xi32>) -> (tensor<7xi8>, tensor<7xi8>, tensor<7xi8>, tensor<7xi8>, tensor<7xi8>, tensor<7xi8>) {
  %x = fxp.bitcast %a : tensor<7xi32> -> tensor<7x!fxp.fixed<s32, 11>>
  %e = fxp.cast %x : tensor<7x!fxp.fixed<s32, 11>> -> tensor<7x!fxp.fixed<s8, 4>>
  %u = fxp.cast %x rounding half_up : tensor<7x!fxp.fixed<s32, 11>> -> tensor<7x!fxp.fixed<s8, 4>>
  %w = fxp.cast %x rounding half_away : tensor<7x!fxp.fixed<s32, 11>> -> tensor<7x!fxp.fixed<s8, 4>>
  %f = fxp.cast %x rounding floor : tensor<7x!fxp.fixed<s32, 11>> -> tensor<7x!fxp.fixed<s8, 4>>
  %t = fxp.cast %x rounding trunc : tensor<7x!fxp.fixed<s32, 11>> -> tensor<7x!fxp.fixed<s8, 4>>
  // Unsigned saturation is F8Net's ReLU; wrap keeps the low 8 bits.
  %r = fxp.cast %x overflow wrap : tensor<7x!fxp.fixed<s32, 11>> -> tensor<7x!fxp.fixed<u8, 4>>
  %0 = fxp.bitcast %e : tensor<7x!fxp.fixed<s8, 4>> -> tensor<7xi8>
  %1 = fxp.bitcast %u : tensor<7x!fxp.fixed<s8, 4>> -> tensor<7xi8>
  %2 = fxp.bitcast %w : tensor<7x!fxp.fixed<s8, 4>> -> tensor<7xi8>
  %3 = fxp.bitcast %f : tensor<7x!fxp.fixed<s8, 4>> -> tensor<7xi8>
  %4 = fxp.bitcast %t : tensor<7x!fxp.fixed<s8, 4>> -> tensor<7xi8>
  %5 = fxp.bitcast %r : tensor<7x!fxp.fixed<u8, 4>> -> tensor<7xi8>
  return %0, %1, %2, %3, %4, %5 : tensor<7xi8>, tensor<7xi8>, tensor<7xi8>, tensor<7xi8>, tensor<7xi8>, tensor<7xi8>
}

func.func @print(%t: tensor<7xi8>) {
  %c0 = arith.constant 0 : index
  %pad = arith.constant 0 : i8
  %v = vector.transfer_read %t[%c0], %pad : tensor<7xi8>, vector<7xi8>
  vector.print %v : vector<7xi8>
  return
}

func.func @main() {
  // 5.5, 6.5, -5.5, -6.5, 5.25, 300, -300 in units of 2^-4.
  %a = arith.constant dense<[704, 832, -704, -832, 672, 38400, -38400]> : tensor<7xi32>
  %e, %u, %w, %f, %t, %r = func.call @requant(%a) : (tensor<7xi32>) -> (tensor<7xi8>, tensor<7xi8>, tensor<7xi8>, tensor<7xi8>, tensor<7xi8>, tensor<7xi8>)
  // CHECK: ( 6, 6, -6, -6, 5, 127, -127 )
  func.call @print(%e) : (tensor<7xi8>) -> ()
  // CHECK: ( 6, 7, -5, -6, 5, 127, -127 )
  func.call @print(%u) : (tensor<7xi8>) -> ()
  // CHECK: ( 6, 7, -6, -7, 5, 127, -127 )
  func.call @print(%w) : (tensor<7xi8>) -> ()
  // CHECK: ( 5, 6, -6, -7, 5, 127, -127 )
  func.call @print(%f) : (tensor<7xi8>) -> ()
  // CHECK: ( 5, 6, -5, -6, 5, 127, -127 )
  func.call @print(%t) : (tensor<7xi8>) -> ()
  // 300 wraps to 44; -300 to 212 (printed as the signed byte -44); -6 to 250.
  // CHECK: ( 6, 6, -6, -6, 5, 44, -44 )
  func.call @print(%r) : (tensor<7xi8>) -> ()
  return
}
