// RUN: fxp-opt %s --fxp-fold-pact -split-input-file -verify-diagnostics

// The scale of a folded activation cannot reach a dequantize: an error.
func.func @unabsorbed(%x: tensor<1x2x2x2x!fxp.fixed<u8, 8>>) -> tensor<1x2x2x2xf32> {
  %w1f = arith.constant dense<0.75> : tensor<2x1x1x2xf32>
  %w1 = fxp.quantize %w1f : tensor<2x1x1x2xf32> -> tensor<2x1x1x2x!fxp.fixed<s8, ?>>
  %acc = fxp.conv2d %x, %w1 : tensor<1x2x2x2x!fxp.fixed<u8, 8>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %c = fxp.clamp %acc {min = 0.0, max = 6.0} : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %a = fxp.cast %c : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<u8, ?>>
  // expected-error @+1 {{a folded PACT activation (scale 7.529412e-01) feeds this op, which cannot absorb the scale}}
  %y = fxp.dequantize %a : tensor<1x2x2x2x!fxp.fixed<u8, ?>> -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

// Two residual branches clipped at levels whose scales differ (alpha 6:
// FL 5, fs = 0.7529; alpha 5: FL 5, fs = 0.6275) cannot share a scale.
// (Alpha 6 and 3 could: FL 5 and 6 give the same fs.)
func.func @different_levels(%x: tensor<1x2x2x2x!fxp.fixed<u8, 8>>) -> tensor<1x2x2x2x!fxp.fixed<s32, ?>> {
  %wf = arith.constant dense<0.75> : tensor<2x1x1x2xf32>
  %w = fxp.quantize %wf : tensor<2x1x1x2xf32> -> tensor<2x1x1x2x!fxp.fixed<s8, ?>>
  %acc1 = fxp.conv2d %x, %w : tensor<1x2x2x2x!fxp.fixed<u8, 8>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  // expected-note @+1 {{this clipping at 6 gives the scale 7.529412e-01}}
  %c1 = fxp.clamp %acc1 {min = 0.0, max = 6.0} : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %a1 = fxp.cast %c1 : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<u8, ?>>
  %acc2 = fxp.conv2d %x, %w : tensor<1x2x2x2x!fxp.fixed<u8, 8>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  // expected-note @+1 {{this clipping at 5 gives the scale 6.274510e-01}}
  %c2 = fxp.clamp %acc2 {min = 0.0, max = 5.0} : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %a2 = fxp.cast %c2 : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<u8, ?>>
  // expected-error @+1 {{residual branches have different PACT scales}}
  %s = fxp.add %c1, %c2 : tensor<1x2x2x2x!fxp.fixed<s32, ?>>, tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  return %s : tensor<1x2x2x2x!fxp.fixed<s32, ?>>
}

// -----

// An infinite clipping level is no PACT clipping: folding it would make the
// scale infinite and the weights zero.
func.func @infinite_level(%x: tensor<1x4x!fxp.fixed<u8, 8>>) -> tensor<1x2x!fxp.fixed<s32, ?>> {
  %wf = arith.constant dense<0.5> : tensor<4x2xf32>
  %w = fxp.quantize %wf : tensor<4x2xf32> -> tensor<4x2x!fxp.fixed<s8, ?>>
  %acc = fxp.matmul %x, %w : tensor<1x4x!fxp.fixed<u8, 8>>, tensor<4x2x!fxp.fixed<s8, ?>> -> tensor<1x2x!fxp.fixed<s32, ?>>
  // expected-error @+1 {{'fxp.clamp' op clips at +Inf, which no fractional length in [-64, 64] of '!fxp.fixed<u8, ?>' holds: PACT folding needs a representable clipping level}}
  %c = fxp.clamp %acc {min = 0.0, max = 0x7FF0000000000000 : f64} : tensor<1x2x!fxp.fixed<s32, ?>> -> tensor<1x2x!fxp.fixed<s32, ?>>
  %a = fxp.cast %c : tensor<1x2x!fxp.fixed<s32, ?>> -> tensor<1x2x!fxp.fixed<u8, ?>>
  %vf = arith.constant dense<0.25> : tensor<2x2xf32>
  %v = fxp.quantize %vf : tensor<2x2xf32> -> tensor<2x2x!fxp.fixed<s8, ?>>
  %y = fxp.matmul %a, %v : tensor<1x2x!fxp.fixed<u8, ?>>, tensor<2x2x!fxp.fixed<s8, ?>> -> tensor<1x2x!fxp.fixed<s32, ?>>
  return %y : tensor<1x2x!fxp.fixed<s32, ?>>
}

// -----

// So is a level whose fractional length would be below -64 (here -989) ...
func.func @huge_level(%x: tensor<1x4x!fxp.fixed<u8, 8>>) -> tensor<1x2x!fxp.fixed<u8, ?>> {
  %wf = arith.constant dense<0.5> : tensor<4x2xf32>
  %w = fxp.quantize %wf : tensor<4x2xf32> -> tensor<4x2x!fxp.fixed<s8, ?>>
  %acc = fxp.matmul %x, %w : tensor<1x4x!fxp.fixed<u8, 8>>, tensor<4x2x!fxp.fixed<s8, ?>> -> tensor<1x2x!fxp.fixed<s32, ?>>
  // expected-error @+1 {{'fxp.clamp' op clips at 1.0000000000000001E+300, which no fractional length}}
  %c = fxp.clamp %acc {min = 0.0, max = 1.0e300} : tensor<1x2x!fxp.fixed<s32, ?>> -> tensor<1x2x!fxp.fixed<s32, ?>>
  %a = fxp.cast %c : tensor<1x2x!fxp.fixed<s32, ?>> -> tensor<1x2x!fxp.fixed<u8, ?>>
  return %a : tensor<1x2x!fxp.fixed<u8, ?>>
}

// -----

// ... or above 64.
func.func @tiny_level(%x: tensor<1x4x!fxp.fixed<u8, 8>>) -> tensor<1x2x!fxp.fixed<u8, ?>> {
  %wf = arith.constant dense<0.5> : tensor<4x2xf32>
  %w = fxp.quantize %wf : tensor<4x2xf32> -> tensor<4x2x!fxp.fixed<s8, ?>>
  %acc = fxp.matmul %x, %w : tensor<1x4x!fxp.fixed<u8, 8>>, tensor<4x2x!fxp.fixed<s8, ?>> -> tensor<1x2x!fxp.fixed<s32, ?>>
  // expected-error @+1 {{'fxp.clamp' op clips at 1.0E-300, which no fractional length}}
  %c = fxp.clamp %acc {min = 0.0, max = 1.0e-300} : tensor<1x2x!fxp.fixed<s32, ?>> -> tensor<1x2x!fxp.fixed<s32, ?>>
  %a = fxp.cast %c : tensor<1x2x!fxp.fixed<s32, ?>> -> tensor<1x2x!fxp.fixed<u8, ?>>
  return %a : tensor<1x2x!fxp.fixed<u8, ?>>
}

// -----

// With a given format (FL -64) a level of 1e300 has the scale
// 1e300 * 2^-64 / 255: dividing the weights by it flushes them to zero.
func.func @weights_flushed(%x: tensor<1x4x!fxp.fixed<u8, 8>>) -> tensor<1x2x!fxp.fixed<s32, ?>> {
  %wf = arith.constant dense<0.5> : tensor<4x2xf32>
  %w = fxp.quantize %wf : tensor<4x2xf32> -> tensor<4x2x!fxp.fixed<s8, ?>>
  // expected-error @+1 {{folding PACT scales multiplies a constant of this op by 4.703920e-279, which takes its element 0 (5.000000e-01) out of the range of 'f32'}}
  %acc = fxp.matmul %x, %w : tensor<1x4x!fxp.fixed<u8, 8>>, tensor<4x2x!fxp.fixed<s8, ?>> -> tensor<1x2x!fxp.fixed<s32, ?>>
  %c = fxp.clamp %acc {min = 0.0, max = 1.0e300} : tensor<1x2x!fxp.fixed<s32, ?>> -> tensor<1x2x!fxp.fixed<s32, ?>>
  %a = fxp.cast %c : tensor<1x2x!fxp.fixed<s32, ?>> -> tensor<1x2x!fxp.fixed<u8, -64>>
  %vf = arith.constant dense<0.25> : tensor<2x2xf32>
  %v = fxp.quantize %vf : tensor<2x2xf32> -> tensor<2x2x!fxp.fixed<s8, ?>>
  %y = fxp.matmul %a, %v : tensor<1x2x!fxp.fixed<u8, -64>>, tensor<2x2x!fxp.fixed<s8, ?>> -> tensor<1x2x!fxp.fixed<s32, ?>>
  return %y : tensor<1x2x!fxp.fixed<s32, ?>>
}

// -----

// With a given format (FL 0) a level of 1e-37 has the scale 1e-37 / 255:
// dividing the weights by it takes them beyond the largest f32.
func.func @weights_overflow(%x: tensor<1x4x!fxp.fixed<u8, 8>>) -> tensor<1x2x!fxp.fixed<s32, ?>> {
  %wf = arith.constant dense<0.5> : tensor<4x2xf32>
  %w = fxp.quantize %wf : tensor<4x2xf32> -> tensor<4x2x!fxp.fixed<s8, ?>>
  // expected-error @+1 {{folding PACT scales multiplies a constant of this op by 2.550000e+39, which takes its element 0 (5.000000e-01) out of the range of 'f32'}}
  %acc = fxp.matmul %x, %w : tensor<1x4x!fxp.fixed<u8, 8>>, tensor<4x2x!fxp.fixed<s8, ?>> -> tensor<1x2x!fxp.fixed<s32, ?>>
  %c = fxp.clamp %acc {min = 0.0, max = 1.0e-37} : tensor<1x2x!fxp.fixed<s32, ?>> -> tensor<1x2x!fxp.fixed<s32, ?>>
  %a = fxp.cast %c : tensor<1x2x!fxp.fixed<s32, ?>> -> tensor<1x2x!fxp.fixed<u8, 0>>
  %vf = arith.constant dense<0.25> : tensor<2x2xf32>
  %v = fxp.quantize %vf : tensor<2x2xf32> -> tensor<2x2x!fxp.fixed<s8, ?>>
  %y = fxp.matmul %a, %v : tensor<1x2x!fxp.fixed<u8, 0>>, tensor<2x2x!fxp.fixed<s8, ?>> -> tensor<1x2x!fxp.fixed<s32, ?>>
  return %y : tensor<1x2x!fxp.fixed<s32, ?>>
}

// -----

// f16 weights (scaled through APFloat, f32 and f64 natively): the next
// layer's 0.25 times the scale 1e-5 / 255 is below f16's smallest value.
func.func @f16_weights_flushed(%x: tensor<1x4x!fxp.fixed<u8, 8>>) -> tensor<1x2x!fxp.fixed<s32, ?>> {
  %wf = arith.constant dense<0.5> : tensor<4x2xf32>
  %w = fxp.quantize %wf : tensor<4x2xf32> -> tensor<4x2x!fxp.fixed<s8, ?>>
  %acc = fxp.matmul %x, %w : tensor<1x4x!fxp.fixed<u8, 8>>, tensor<4x2x!fxp.fixed<s8, ?>> -> tensor<1x2x!fxp.fixed<s32, ?>>
  %c = fxp.clamp %acc {min = 0.0, max = 1.0e-5} : tensor<1x2x!fxp.fixed<s32, ?>> -> tensor<1x2x!fxp.fixed<s32, ?>>
  %a = fxp.cast %c : tensor<1x2x!fxp.fixed<s32, ?>> -> tensor<1x2x!fxp.fixed<u8, 0>>
  %vf = arith.constant dense<0.25> : tensor<2x2xf16>
  %v = fxp.quantize %vf : tensor<2x2xf16> -> tensor<2x2x!fxp.fixed<s8, ?>>
  // expected-error @+1 {{folding PACT scales multiplies a constant of this op by 3.921569e-08, which takes its element 0 (2.500000e-01) out of the range of 'f16'}}
  %y = fxp.matmul %a, %v : tensor<1x2x!fxp.fixed<u8, 0>>, tensor<2x2x!fxp.fixed<s8, ?>> -> tensor<1x2x!fxp.fixed<s32, ?>>
  return %y : tensor<1x2x!fxp.fixed<s32, ?>>
}

// -----

// A branch whose scale a residual add decided: the note points at that add.
func.func @shared_then_different(%x: tensor<1x2x2x2x!fxp.fixed<u8, 8>>) -> tensor<1x2x2x2x!fxp.fixed<s32, ?>> {
  %wf = arith.constant dense<0.75> : tensor<2x1x1x2xf32>
  %w = fxp.quantize %wf : tensor<2x1x1x2xf32> -> tensor<2x1x1x2x!fxp.fixed<s8, ?>>
  %acc1 = fxp.conv2d %x, %w : tensor<1x2x2x2x!fxp.fixed<u8, 8>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %c1 = fxp.clamp %acc1 {min = 0.0, max = 6.0} : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %a1 = fxp.cast %c1 : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<u8, ?>>
  %acc2 = fxp.conv2d %x, %w : tensor<1x2x2x2x!fxp.fixed<u8, 8>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  // expected-note @+1 {{this branch has the scale 7.529412e-01}}
  %s1 = fxp.add %c1, %acc2 : tensor<1x2x2x2x!fxp.fixed<s32, ?>>, tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %acc3 = fxp.conv2d %x, %w : tensor<1x2x2x2x!fxp.fixed<u8, 8>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  // expected-note @+1 {{this clipping at 5 gives the scale 6.274510e-01}}
  %c3 = fxp.clamp %acc3 {min = 0.0, max = 5.0} : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %a3 = fxp.cast %c3 : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<u8, ?>>
  // expected-error @+1 {{residual branches have different PACT scales (7.529412e-01 and 6.274510e-01)}}
  %s2 = fxp.add %s1, %c3 : tensor<1x2x2x2x!fxp.fixed<s32, ?>>, tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  return %s2 : tensor<1x2x2x2x!fxp.fixed<s32, ?>>
}
