// RUN: fxp-opt %s --fxp-infer-frac-lengths -split-input-file -verify-diagnostics --remarks-filter=fxp-infer-frac-lengths
// Widening remarks are opt-in: without the filter there are none.
// RUN: not fxp-opt %s --fxp-infer-frac-lengths -split-input-file -o /dev/null 2>&1 | FileCheck %s --check-prefix=DEFAULT
// DEFAULT-NOT: : remark:

func.func @missing_stats(%acc: tensor<4x!fxp.fixed<s32, 12>>) -> tensor<4x!fxp.fixed<u8, ?>> {
  // expected-error @+1 {{cannot infer the fractional length of %0: no #fxp.stats on its producer; run fxp-calibrate or give the format explicitly}}
  %0 = fxp.cast %acc : tensor<4x!fxp.fixed<s32, 12>> -> tensor<4x!fxp.fixed<u8, ?>>
  return %0 : tensor<4x!fxp.fixed<u8, ?>>
}

// -----

func.func @missing_input_stats(%x: tensor<4xf32>) -> tensor<4x!fxp.fixed<u8, ?>> {
  // expected-error @+1 {{cannot infer the fractional length of %0: no #fxp.stats on its producer}}
  %0 = fxp.quantize %x : tensor<4xf32> -> tensor<4x!fxp.fixed<u8, ?>>
  return %0 : tensor<4x!fxp.fixed<u8, ?>>
}

// -----

// expected-error @+1 {{cannot infer the fractional length of argument %arg0; give the format explicitly}}
func.func @argument(%a: tensor<4x!fxp.fixed<u8, ?>>) -> tensor<4x!fxp.fixed<u8, ?>> {
  return %a : tensor<4x!fxp.fixed<u8, ?>>
}

// -----

func.func @unknown_operand(%a: tensor<4x!fxp.fixed<u8, ?>>, %w: tensor<4x2x!fxp.fixed<s8, 7>>) -> tensor<1x2x!fxp.fixed<s32, ?>> {
  %x = tensor.expand_shape %a [[0, 1]] output_shape [1, 4] : tensor<4x!fxp.fixed<u8, ?>> into tensor<1x4x!fxp.fixed<u8, ?>>
  // expected-error @+1 {{cannot infer the accumulator of %0: %expanded has an unknown fractional length}}
  %0 = fxp.matmul %x, %w : tensor<1x4x!fxp.fixed<u8, ?>>, tensor<4x2x!fxp.fixed<s8, 7>> -> tensor<1x2x!fxp.fixed<s32, ?>>
  return %0 : tensor<1x2x!fxp.fixed<s32, ?>>
}

// -----

// An accumulator declared too narrow for the exact sum is widened: 4 inputs
// of at most 255 (u8) times |w| = 0.5 * 128 = 64 each, plus nothing, is
// 65280 and needs 17 bits with the sign.
func.func @widen(%x: tensor<1x4x!fxp.fixed<u8, 0>>) -> tensor<1x2x!fxp.fixed<s16, ?>> {
  %wf = arith.constant dense<0.5> : tensor<4x2xf32>
  %w = fxp.quantize %wf : tensor<4x2xf32> -> tensor<4x2x!fxp.fixed<s8, 7>>
  // expected-remark @+1 {{widened the accumulator %1 to s17 so that it holds the exact sum}}
  %0 = fxp.matmul %x, %w : tensor<1x4x!fxp.fixed<u8, 0>>, tensor<4x2x!fxp.fixed<s8, 7>> -> tensor<1x2x!fxp.fixed<s16, ?>>
  return %0 : tensor<1x2x!fxp.fixed<s16, ?>>
}

// -----

// A high FL_x + FL_w (here 34) leaves an s32 bias too little range for its
// values (0.5 * 2^34 = 2^33 needs 34 bits and a sign): it is widened, not
// saturated.
func.func @widen_bias(%x: tensor<1x4x!fxp.fixed<u16, 19>>) -> tensor<1x2x!fxp.fixed<s64, ?>> {
  %wf = arith.constant dense<0.25> : tensor<4x2xf32>
  %w = fxp.quantize %wf : tensor<4x2xf32> -> tensor<4x2x!fxp.fixed<s16, 15>>
  %bf = arith.constant dense<[0.5, -0.25]> : tensor<2xf32>
  %b = fxp.quantize %bf : tensor<2xf32> -> tensor<2x!fxp.fixed<s32, ?>>
  // expected-remark @+1 {{widened the bias %1 to s35 to hold its values at FL 34}}
  %0 = fxp.matmul %x, %w, %b : tensor<1x4x!fxp.fixed<u16, 19>>, tensor<4x2x!fxp.fixed<s16, 15>>, tensor<2x!fxp.fixed<s32, ?>> -> tensor<1x2x!fxp.fixed<s64, ?>>
  return %0 : tensor<1x2x!fxp.fixed<s64, ?>>
}

// -----

// Quantizing a NaN gives 0 and an infinity saturates: a format chosen from
// such constants would hide them.
func.func @nan_weights(%x: tensor<1x2x!fxp.fixed<u8, 0>>) -> tensor<1x2x!fxp.fixed<s32, ?>> {
  %wf = arith.constant dense<[[0.5, 0x7FC00000], [0.25, 1.0]]> : tensor<2x2xf32>
  // expected-error @+1 {{the weights %0 hold NaN at (0, 1): no format can be chosen for a value that is not finite}}
  %w = fxp.quantize %wf : tensor<2x2xf32> -> tensor<2x2x!fxp.fixed<s8, ?>>
  %0 = fxp.matmul %x, %w : tensor<1x2x!fxp.fixed<u8, 0>>, tensor<2x2x!fxp.fixed<s8, ?>> -> tensor<1x2x!fxp.fixed<s32, ?>>
  return %0 : tensor<1x2x!fxp.fixed<s32, ?>>
}

// -----

func.func @infinite_bias(%x: tensor<1x2x!fxp.fixed<u8, 0>>) -> tensor<1x2x!fxp.fixed<s32, ?>> {
  %wf = arith.constant dense<0.5> : tensor<2x2xf32>
  %w = fxp.quantize %wf : tensor<2x2xf32> -> tensor<2x2x!fxp.fixed<s8, ?>>
  %bf = arith.constant dense<[1.0, 0xFF800000]> : tensor<2xf32>
  // expected-error @+1 {{the bias %1 holds -Inf at (1): no format can be chosen for a value that is not finite}}
  %b = fxp.quantize %bf : tensor<2xf32> -> tensor<2x!fxp.fixed<s32, ?>>
  %0 = fxp.matmul %x, %w, %b : tensor<1x2x!fxp.fixed<u8, 0>>, tensor<2x2x!fxp.fixed<s8, ?>>, tensor<2x!fxp.fixed<s32, ?>> -> tensor<1x2x!fxp.fixed<s32, ?>>
  return %0 : tensor<1x2x!fxp.fixed<s32, ?>>
}
