// REQUIRES: host-avx512vnni
// RUN: fxp-opt %s --fxp-reference-to-llvm | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils > %t.ref
// RUN: fxp-opt %s --fxp-lower-to-llvm=target=x86-64-v3 | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils | diff %t.ref -
// RUN: fxp-opt %s --fxp-lower-to-llvm=target=avx512vnni | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils | diff %t.ref -
// RUN: FileCheck %s --input-file=%t.ref

// A residual add aligned in 36 bits (an s32 operand shifted left by 3), as
// --fxp-align-residuals makes it: the epilogue of the matmul must not load
// the other operand's buffer of i36 as vectors, which LLVM lays out packed
// (36 bytes for 8 lanes), not as the 8-byte elements the buffer holds.

func.func @kernel(%x: tensor<2x20x!fxp.fixed<u8, 6>>, %residual: tensor<2x16x!fxp.fixed<s32, 10>>) -> tensor<2x16x!fxp.fixed<u8, 2>> {
  %w = fxp.constant dense<[[79, -106, -82, -67, -81, 77, 94, 21, -117, -103, -43, -17, 31, -5, -60, -87], [49, 60, -119, -99, -12, -28, 99, 4, -20, -18, 42, 22, -83, 61, 65, 116], [73, -55, -46, 38, 38, 50, 94, -53, 112, -127, -108, 121, 113, -51, -92, -47], [-117, 100, 41, 22, -65, -7, -79, 70, -7, -120, -63, 53, 5, -32, -63, -104], [28, 41, 5, 110, 109, -75, 28, 33, -64, -51, -3, 62, -53, 57, 39, -72], [-29, 84, 87, 40, -126, 47, -70, 82, 105, -18, 117, 66, -44, 97, -29, -101], [24, 89, 40, -27, 103, -5, -29, -90, -73, 51, 76, -53, 33, 95, -90, -57], [6, 16, -26, -26, -95, 29, 110, -77, 76, -82, -116, 63, -81, 64, -43, 17], [112, 107, -6, -75, -64, 89, 23, -84, 98, 118, 120, 32, 121, 27, 0, 120], [27, 73, -41, 74, 121, -114, 9, -33, -114, -106, -59, -78, 55, -73, 32, 91], [-1, -95, -111, -52, -22, -2, -50, 89, 17, 119, 111, 53, -121, -73, 63, 11], [113, 53, 82, -114, -52, 46, 34, -34, -87, 23, -105, 43, 77, 43, -111, 6], [-50, 14, 46, -77, -118, -1, 31, -96, 108, -5, 119, 9, 58, 70, -1, -27], [43, -123, 30, 7, -89, -75, -119, 62, 47, -28, 116, -30, -49, 104, -107, -27], [-121, -39, 58, -39, -2, -5, -112, -104, -51, 12, -109, 107, 91, 16, 59, 62], [-125, 114, -115, 87, 85, 62, -93, 80, 117, 82, 49, -63, 14, -5, 94, -40], [-23, -61, -3, 18, -10, -46, 13, 30, -85, 21, 53, -101, 30, -15, 110, -28], [-47, 53, 94, -105, -100, -84, -40, 3, 17, -24, 98, 42, -85, -43, -77, -77], [88, 110, -17, -65, 85, -90, -92, -56, -34, -41, -56, -70, 32, 9, 40, 111], [111, -95, 74, -22, 82, 43, -113, 98, 109, 127, -112, -91, 33, 10, -104, 97]]> : tensor<20x16xi8> -> tensor<20x16x!fxp.fixed<s8, 7>>
  %acc = fxp.matmul %x, %w : tensor<2x20x!fxp.fixed<u8, 6>>, tensor<20x16x!fxp.fixed<s8, 7>> -> tensor<2x16x!fxp.fixed<s32, 13>>
  %a = fxp.cast %acc : tensor<2x16x!fxp.fixed<s32, 13>> -> tensor<2x16x!fxp.fixed<s36, 13>>
  %r = fxp.cast %residual : tensor<2x16x!fxp.fixed<s32, 10>> -> tensor<2x16x!fxp.fixed<s36, 13>>
  %sum = fxp.add %a, %r : tensor<2x16x!fxp.fixed<s36, 13>>, tensor<2x16x!fxp.fixed<s36, 13>> -> tensor<2x16x!fxp.fixed<s36, 13>>
  %relu = fxp.relu %sum : tensor<2x16x!fxp.fixed<s36, 13>> -> tensor<2x16x!fxp.fixed<s36, 13>>
  %y = fxp.cast %relu : tensor<2x16x!fxp.fixed<s36, 13>> -> tensor<2x16x!fxp.fixed<u8, 2>>
  return %y : tensor<2x16x!fxp.fixed<u8, 2>>
}

func.func @main() {
  %xi = arith.constant dense<[[60, 13, -36, -106, 6, 44, -31, -60, -35, -16, 76, -119, 94, 2, 60, 16, 30, 106, -22, -40], [-92, 60, 32, -85, -68, 103, 34, 67, -4, -76, -112, 78, -36, 95, 114, -61, 106, 126, 7, -56]]> : tensor<2x20xi8>
  %x = fxp.bitcast %xi : tensor<2x20xi8> -> tensor<2x20x!fxp.fixed<u8, 6>>
  %ri = arith.constant dense<[[7420, 14518, 12497, 371, 14432, 15605, 15410, -13736, -1523, 3517, -7107, -4048, 4160, 9892, 2651, -10666], [5766, 12177, -9187, 1439, -5302, 13179, -14400, -749, 13027, -2278, -11815, 9468, 15219, 15864, 14085, -4269]]> : tensor<2x16xi32>
  %r = fxp.bitcast %ri : tensor<2x16xi32> -> tensor<2x16x!fxp.fixed<s32, 10>>
  %y = call @kernel(%x, %r) : (tensor<2x20x!fxp.fixed<u8, 6>>, tensor<2x16x!fxp.fixed<s32, 10>>) -> tensor<2x16x!fxp.fixed<u8, 2>>
  %yi = fxp.bitcast %y : tensor<2x16x!fxp.fixed<u8, 2>> -> tensor<2x16xi8>
  %e = arith.extui %yi : tensor<2x16xi8> to tensor<2x16xi32>
  %c0 = arith.constant 0 : index
  %p = arith.constant 0 : i32
  %v = vector.transfer_read %e[%c0, %c0], %p : tensor<2x16xi32>, vector<2x16xi32>
  vector.print %v : vector<2x16xi32>
  return
}

// CHECK: ( ( {{[0-9, ]+}} ), ( {{[0-9, ]+}} ) )
