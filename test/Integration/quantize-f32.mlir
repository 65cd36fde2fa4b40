// REQUIRES: host-avx2
// RUN: fxp-opt %s --fxp-reference-to-llvm | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils | FileCheck %s
// RUN: fxp-opt %s --fxp-lower-to-llvm=target=x86-64-v3 | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils | FileCheck %s

// Quantizing f32 values to formats of at most 24 bits (ties to even,
// saturating) is computed in f32; from f64, in f64. Both give the same
// integers on values at the edges: signed zeros, ties, subnormals, the
// largest floats, infinities, NaN (to 0), saturation. Each pair of lines
// is the f32 path, then the f64 path on the same values.
// Worked out for u8 FL 8 (x 256): 0.5, 1.5, 2.5 round to 0, 2, 2; negatives,
// -inf and NaN give 0; 3e38, inf, 1.0 saturate at 255; 0.7 gives 179.
// CHECK-LABEL: u8 FL 8
// CHECK-NEXT: ( 0, 0, 0, 2, 2, 0, 0, 0, 0, 255, 0, 255, 0, 0, 255, 255, 255, 0, 0, 255, 255, 255, 0, 255, 0, 255, 255, 0, 179, 255, 0, 255 )
// CHECK-NEXT: ( 0, 0, 0, 2, 2, 0, 0, 0, 0, 255, 0, 255, 0, 0, 255, 255, 255, 0, 0, 255, 255, 255, 0, 255, 0, 255, 255, 0, 179, 255, 0, 255 )
// CHECK-LABEL: s8 FL 3
// CHECK-NEXT: [[A:\( .* \)]]
// CHECK-NEXT: [[A]]
// CHECK-LABEL: s16 FL -2
// CHECK-NEXT: [[A:\( .* \)]]
// CHECK-NEXT: [[A]]
// CHECK-LABEL: u16 FL 0
// CHECK-NEXT: [[A:\( .* \)]]
// CHECK-NEXT: [[A]]
// CHECK-LABEL: s24 FL 10
// CHECK-NEXT: [[A:\( .* \)]]
// CHECK-NEXT: [[A]]

func.func @main() {
  %x = arith.constant dense<[0.0, -0.0, 0.001953125, 0.005859375, 0.009765625, -0.001953125, -0.005859375, 1.0e-40, -1.0e-40, 3.0e+38, -3.0e+38, 0x7F800000, 0xFF800000, 0x7FC00000, 0.99609375, 1.0, 0.998046875, -1.0, -1.5, 2.5, 3.5, 127.5, -128.5, 1.0e+05, -1.0e+05, 8388607.5, 4194304.5, -0.33, 0.7, 12.345, -6.5, 1.0e+07]> : tensor<32xf32>
  %x64 = arith.extf %x : tensor<32xf32> to tensor<32xf64>
  %c0 = arith.constant 0 : index
  %pad = arith.constant 0 : i32
  vector.print str "u8 FL 8\n"
  %a_u8 = fxp.quantize %x : tensor<32xf32> -> tensor<32x!fxp.fixed<u8, 8>>
  %ai_u8 = fxp.bitcast %a_u8 : tensor<32x!fxp.fixed<u8, 8>> -> tensor<32xi8>
  %aw_u8 = arith.extui %ai_u8 : tensor<32xi8> to tensor<32xi32>
  %av_u8 = vector.transfer_read %aw_u8[%c0], %pad : tensor<32xi32>, vector<32xi32>
  vector.print %av_u8 : vector<32xi32>
  %b_u8 = fxp.quantize %x64 : tensor<32xf64> -> tensor<32x!fxp.fixed<u8, 8>>
  %bi_u8 = fxp.bitcast %b_u8 : tensor<32x!fxp.fixed<u8, 8>> -> tensor<32xi8>
  %bw_u8 = arith.extui %bi_u8 : tensor<32xi8> to tensor<32xi32>
  %bv_u8 = vector.transfer_read %bw_u8[%c0], %pad : tensor<32xi32>, vector<32xi32>
  vector.print %bv_u8 : vector<32xi32>
  vector.print str "s8 FL 3\n"
  %a_s8 = fxp.quantize %x : tensor<32xf32> -> tensor<32x!fxp.fixed<s8, 3>>
  %ai_s8 = fxp.bitcast %a_s8 : tensor<32x!fxp.fixed<s8, 3>> -> tensor<32xi8>
  %aw_s8 = arith.extsi %ai_s8 : tensor<32xi8> to tensor<32xi32>
  %av_s8 = vector.transfer_read %aw_s8[%c0], %pad : tensor<32xi32>, vector<32xi32>
  vector.print %av_s8 : vector<32xi32>
  %b_s8 = fxp.quantize %x64 : tensor<32xf64> -> tensor<32x!fxp.fixed<s8, 3>>
  %bi_s8 = fxp.bitcast %b_s8 : tensor<32x!fxp.fixed<s8, 3>> -> tensor<32xi8>
  %bw_s8 = arith.extsi %bi_s8 : tensor<32xi8> to tensor<32xi32>
  %bv_s8 = vector.transfer_read %bw_s8[%c0], %pad : tensor<32xi32>, vector<32xi32>
  vector.print %bv_s8 : vector<32xi32>
  vector.print str "s16 FL -2\n"
  %a_s16 = fxp.quantize %x : tensor<32xf32> -> tensor<32x!fxp.fixed<s16, -2>>
  %ai_s16 = fxp.bitcast %a_s16 : tensor<32x!fxp.fixed<s16, -2>> -> tensor<32xi16>
  %aw_s16 = arith.extsi %ai_s16 : tensor<32xi16> to tensor<32xi32>
  %av_s16 = vector.transfer_read %aw_s16[%c0], %pad : tensor<32xi32>, vector<32xi32>
  vector.print %av_s16 : vector<32xi32>
  %b_s16 = fxp.quantize %x64 : tensor<32xf64> -> tensor<32x!fxp.fixed<s16, -2>>
  %bi_s16 = fxp.bitcast %b_s16 : tensor<32x!fxp.fixed<s16, -2>> -> tensor<32xi16>
  %bw_s16 = arith.extsi %bi_s16 : tensor<32xi16> to tensor<32xi32>
  %bv_s16 = vector.transfer_read %bw_s16[%c0], %pad : tensor<32xi32>, vector<32xi32>
  vector.print %bv_s16 : vector<32xi32>
  vector.print str "u16 FL 0\n"
  %a_u16 = fxp.quantize %x : tensor<32xf32> -> tensor<32x!fxp.fixed<u16, 0>>
  %ai_u16 = fxp.bitcast %a_u16 : tensor<32x!fxp.fixed<u16, 0>> -> tensor<32xi16>
  %aw_u16 = arith.extui %ai_u16 : tensor<32xi16> to tensor<32xi32>
  %av_u16 = vector.transfer_read %aw_u16[%c0], %pad : tensor<32xi32>, vector<32xi32>
  vector.print %av_u16 : vector<32xi32>
  %b_u16 = fxp.quantize %x64 : tensor<32xf64> -> tensor<32x!fxp.fixed<u16, 0>>
  %bi_u16 = fxp.bitcast %b_u16 : tensor<32x!fxp.fixed<u16, 0>> -> tensor<32xi16>
  %bw_u16 = arith.extui %bi_u16 : tensor<32xi16> to tensor<32xi32>
  %bv_u16 = vector.transfer_read %bw_u16[%c0], %pad : tensor<32xi32>, vector<32xi32>
  vector.print %bv_u16 : vector<32xi32>
  vector.print str "s24 FL 10\n"
  %a_s24 = fxp.quantize %x : tensor<32xf32> -> tensor<32x!fxp.fixed<s24, 10>>
  %ai_s24 = fxp.bitcast %a_s24 : tensor<32x!fxp.fixed<s24, 10>> -> tensor<32xi24>
  %aw_s24 = arith.extsi %ai_s24 : tensor<32xi24> to tensor<32xi32>
  %av_s24 = vector.transfer_read %aw_s24[%c0], %pad : tensor<32xi32>, vector<32xi32>
  vector.print %av_s24 : vector<32xi32>
  %b_s24 = fxp.quantize %x64 : tensor<32xf64> -> tensor<32x!fxp.fixed<s24, 10>>
  %bi_s24 = fxp.bitcast %b_s24 : tensor<32x!fxp.fixed<s24, 10>> -> tensor<32xi24>
  %bw_s24 = arith.extsi %bi_s24 : tensor<32xi24> to tensor<32xi32>
  %bv_s24 = vector.transfer_read %bw_s24[%c0], %pad : tensor<32xi32>, vector<32xi32>
  vector.print %bv_s24 : vector<32xi32>
  return
}
