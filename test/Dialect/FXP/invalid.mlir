// RUN: fxp-opt %s -split-input-file -verify-diagnostics

// expected-error @+1 {{fixed-point width must be in [2, 64], got 1}}
func.func private @width_too_small(!fxp.fixed<s1, 0>)

// -----

// expected-error @+1 {{fixed-point width must be in [2, 64], got 65}}
func.func private @width_too_large(!fxp.fixed<u65, 0>)

// -----

// expected-error @+1 {{fractional length must be in [-64, 64] or '?', got 65}}
func.func private @fl_too_large(!fxp.fixed<s8, 65>)

// -----

// expected-error @+1 {{fractional length must be in [-64, 64] or '?', got -65}}
func.func private @fl_too_small(!fxp.fixed<s8, -65>)

// -----

// expected-error @+1 {{expected 's' or 'u' followed by the width, like 's8' or 'u8', got 'i8'}}
func.func private @bad_signedness(!fxp.fixed<i8, 0>)

// -----

// expected-error @+1 {{expected 's' or 'u' followed by the width, like 's8' or 'u8', got 'sx'}}
func.func private @bad_width(!fxp.fixed<sx, 0>)

// -----

// expected-error @+1 {{expected integer value}}
func.func private @bad_fl(!fxp.fixed<s8, x>)

// -----

// expected-error @+1 {{missing statistic 'count'}}
func.func private @stats_missing() attributes {s = #fxp.stats<mean = 0.0, std = 1.0, min = -1.0, max = 1.0>}

// -----

// expected-error @+1 {{duplicate statistic 'std'}}
func.func private @stats_duplicate() attributes {s = #fxp.stats<mean = 0.0, std = 1.0, std = 2.0, min = -1.0, max = 1.0, count = 3>}

// -----

// expected-error @+1 {{unknown statistic 'median'; expected mean, std, min, max, count, histogram or histogram_range}}
func.func private @stats_unknown() attributes {s = #fxp.stats<median = 0.0>}

// -----

// expected-error @+1 {{std must be non-negative, got -1}}
func.func private @stats_negative_std() attributes {s = #fxp.stats<mean = 0.0, std = -1.0, min = -1.0, max = 1.0, count = 3>}

// -----

// expected-error @+1 {{min (2.000000e+00) exceeds max (1.000000e+00)}}
func.func private @stats_min_max() attributes {s = #fxp.stats<mean = 1.0, std = 1.0, min = 2.0, max = 1.0, count = 3>}

// -----

// expected-error @+1 {{mean (5.000000e+00) lies outside [min, max]}}
func.func private @stats_mean() attributes {s = #fxp.stats<mean = 5.0, std = 1.0, min = -1.0, max = 1.0, count = 3>}

// -----

// expected-error @+1 {{count must be positive, got 0}}
func.func private @stats_count() attributes {s = #fxp.stats<mean = 0.0, std = 1.0, min = -1.0, max = 1.0, count = 0>}

// -----

// expected-error @+1 {{histogram counts add up to 3, not count (4)}}
func.func private @stats_histogram_sum() attributes {s = #fxp.stats<mean = 0.0, std = 1.0, min = -1.0, max = 1.0, count = 4, histogram = [1, 2]>}

// -----

// expected-error @+1 {{histogram counts must be non-negative, got -1}}
func.func private @stats_histogram_negative() attributes {s = #fxp.stats<mean = 0.0, std = 1.0, min = -1.0, max = 1.0, count = 4, histogram = [5, -1]>}

// -----

// The sum is checked before it could wrap around to count.
// expected-error @+1 {{histogram counts add up to more than 2^63 - 1}}
func.func private @stats_histogram_overflow() attributes {s = #fxp.stats<mean = 0.0, std = 1.0, min = -1.0, max = 1.0, count = 4, histogram = [9223372036854775807, 9223372036854775807, 6]>}

// -----

// expected-error @+1 {{duplicate statistic 'histogram'}}
func.func private @stats_histogram_twice() attributes {s = #fxp.stats<mean = 0.0, std = 1.0, min = -1.0, max = 1.0, count = 4, histogram = [4], histogram = [4]>}

// -----

// expected-error @+1 {{histogram_range [-5.000000e-01, 1.000000e+00] does not hold [min, max]}}
func.func private @stats_histogram_range() attributes {s = #fxp.stats<mean = 0.0, std = 1.0, min = -1.0, max = 1.0, count = 4, histogram = [4], histogram_range = [-0.5, 1.0]>}

// -----

// expected-error @+1 {{duplicate statistic 'histogram_range'}}
func.func private @stats_histogram_range_twice() attributes {s = #fxp.stats<mean = 0.0, std = 1.0, min = -1.0, max = 1.0, count = 4, histogram = [4], histogram_range = [-1.0, 1.0], histogram_range = [-1.0, 1.0]>}

// -----

// expected-error @+1 {{statistic 'max' must be finite}}
func.func private @stats_inf() attributes {s = #fxp.stats<mean = 0.0, std = 1.0, min = -1.0, max = 0x7FF0000000000000, count = 3>}

// -----

func.func @constant_storage_type() {
  // expected-error @+1 {{value must be an integer attribute of the storage type 'tensor<2xi8>', got dense<1> : tensor<2xi16>}}
  %0 = fxp.constant dense<1> : tensor<2xi16> -> tensor<2x!fxp.fixed<s8, 2>>
  return
}

// -----

func.func @constant_float() {
  // expected-error @+1 {{value must be an integer attribute of the storage type 'i8', got 1.000000e+00 : f32}}
  %0 = fxp.constant 1.0 : f32 -> !fxp.fixed<s8, 2>
  return
}

// -----

func.func @constant_unknown_fl() {
  // expected-error @+1 {{result format must have a known fractional length}}
  %0 = fxp.constant 1 : i8 -> !fxp.fixed<s8, ?>
  return
}

// -----

func.func @quantize_to_integer(%x: tensor<4xf32>) {
  // expected-error @+1 {{result #0 must be fixed-point scalar or ranked tensor of fixed-point values}}
  %0 = fxp.quantize %x : tensor<4xf32> -> tensor<4xi8>
  return
}

// -----

func.func @quantize_from_integer(%x: tensor<4xi8>) {
  // expected-error @+1 {{operand #0 must be f16, bf16, f32 or f64 scalar or ranked tensor}}
  %0 = fxp.quantize %x : tensor<4xi8> -> tensor<4x!fxp.fixed<s8, 2>>
  return
}

// -----

func.func @quantize_shape(%x: tensor<4xf32>) {
  // expected-error @+1 {{all non-scalar operands/results must have the same shape and base type}}
  %0 = fxp.quantize %x : tensor<4xf32> -> tensor<5x!fxp.fixed<s8, 2>>
  return
}

// -----

func.func @dequantize_scalar_to_tensor(%x: !fxp.fixed<s8, 2>) {
  // expected-error @+1 {{if a result is non-scalar, then at least one operand must be non-scalar}}
  %0 = fxp.dequantize %x : !fxp.fixed<s8, 2> -> tensor<1xf32>
  return
}

// -----

func.func @cast_shape(%x: tensor<4x!fxp.fixed<s32, 9>>) {
  // expected-error @+1 {{all non-scalar operands/results must have the same shape and base type}}
  %0 = fxp.cast %x : tensor<4x!fxp.fixed<s32, 9>> -> tensor<2x2x!fxp.fixed<s8, 2>>
  return
}

// -----

func.func @cast_unranked(%x: tensor<*x!fxp.fixed<s32, 9>>) {
  // expected-error @+1 {{operand #0 must be fixed-point scalar or ranked tensor of fixed-point values}}
  %0 = fxp.cast %x : tensor<*x!fxp.fixed<s32, 9>> -> tensor<*x!fxp.fixed<s8, 2>>
  return
}

// -----

func.func @bitcast_integers(%x: tensor<4xi8>) {
  // expected-error @+1 {{needs a fixed-point operand or result; use arith.bitcast between integers}}
  %0 = fxp.bitcast %x : tensor<4xi8> -> tensor<4xi8>
  return
}

// -----

func.func @bitcast_width(%x: tensor<4xi16>) {
  // expected-error @+1 {{storage widths differ: 16 vs 8}}
  %0 = fxp.bitcast %x : tensor<4xi16> -> tensor<4x!fxp.fixed<s8, 2>>
  return
}

// -----

func.func @bitcast_unknown_fl(%x: tensor<4xi8>) {
  // expected-error @+1 {{cannot reinterpret storage as '!fxp.fixed<s8, ?>': its fractional length is unknown}}
  %0 = fxp.bitcast %x : tensor<4xi8> -> tensor<4x!fxp.fixed<s8, ?>>
  return
}

// -----

func.func @bitcast_float(%x: tensor<4xf32>) {
  // expected-error @+1 {{operand #0 must be signless-integer or fixed-point scalar or ranked tensor}}
  %0 = fxp.bitcast %x : tensor<4xf32> -> tensor<4x!fxp.fixed<s32, 2>>
  return
}

// -----

func.func @add_shapes(%a: tensor<4x!fxp.fixed<s8, 2>>, %b: tensor<3x!fxp.fixed<s8, 2>>) {
  // expected-error @+1 {{all non-scalar operands/results must have the same shape and base type}}
  %0 = fxp.add %a, %b : tensor<4x!fxp.fixed<s8, 2>>, tensor<3x!fxp.fixed<s8, 2>> -> tensor<4x!fxp.fixed<s8, 2>>
  return
}

// -----

func.func @mul_broadcast_scalar(%a: tensor<4x!fxp.fixed<s8, 2>>, %b: !fxp.fixed<s8, 2>) {
  // expected-error @+1 {{requires the same shape for all operands and results}}
  %0 = fxp.mul %a, %b : tensor<4x!fxp.fixed<s8, 2>>, !fxp.fixed<s8, 2> -> tensor<4x!fxp.fixed<s16, 4>>
  return
}

// -----

func.func @sub_float(%a: tensor<4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{operand #0 must be fixed-point scalar or ranked tensor of fixed-point values}}
  %0 = fxp.sub %a, %b : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

func.func @clamp_nan(%a: tensor<4x!fxp.fixed<s8, 2>>) {
  // expected-error @+1 {{bounds must not be NaN}}
  %0 = fxp.clamp %a {min = 0x7FF8000000000000 : f64} : tensor<4x!fxp.fixed<s8, 2>> -> tensor<4x!fxp.fixed<s8, 2>>
  return
}

// -----

func.func @clamp_order(%a: tensor<4x!fxp.fixed<s8, 2>>) {
  // expected-error @+1 {{min (6.000000e+00) exceeds max (0.000000e+00)}}
  %0 = fxp.clamp %a {min = 6.0, max = 0.0} : tensor<4x!fxp.fixed<s8, 2>> -> tensor<4x!fxp.fixed<s8, 2>>
  return
}

// -----

func.func @clamp_type(%a: tensor<4x!fxp.fixed<s8, 2>>) {
  // expected-error @+1 {{all of {input, result} have same type}}
  %0 = fxp.clamp %a {max = 1.0} : tensor<4x!fxp.fixed<s8, 2>> -> tensor<4x!fxp.fixed<s8, 3>>
  return
}

// -----

func.func @clamp_f32_bound(%a: tensor<4x!fxp.fixed<s8, 2>>) {
  // expected-error @+1 {{attribute 'max' failed to satisfy constraint: 64-bit float attribute}}
  %0 = fxp.clamp %a {max = 1.0 : f32} : tensor<4x!fxp.fixed<s8, 2>> -> tensor<4x!fxp.fixed<s8, 2>>
  return
}

// -----

func.func @relu_type(%a: tensor<4x!fxp.fixed<s8, 2>>) {
  // expected-error @+1 {{all of {input, result} have same type}}
  %0 = fxp.relu %a : tensor<4x!fxp.fixed<s8, 2>> -> tensor<4x!fxp.fixed<u8, 2>>
  return
}

// -----

func.func @matmul_rank(%x: tensor<2x3x4x!fxp.fixed<u8, 6>>, %w: tensor<4x5x!fxp.fixed<s8, 7>>) {
  // expected-error @+1 {{expects rank-2 input, weight and result, got ranks 3, 2, 2}}
  %0 = fxp.matmul %x, %w : tensor<2x3x4x!fxp.fixed<u8, 6>>, tensor<4x5x!fxp.fixed<s8, 7>> -> tensor<2x5x!fxp.fixed<s32, 13>>
  return
}

// -----

func.func @matmul_reduction(%x: tensor<2x4x!fxp.fixed<u8, 6>>, %w: tensor<3x5x!fxp.fixed<s8, 7>>) {
  // expected-error @+1 {{reduction dimensions differ: input has K = 4, weight has K = 3}}
  %0 = fxp.matmul %x, %w : tensor<2x4x!fxp.fixed<u8, 6>>, tensor<3x5x!fxp.fixed<s8, 7>> -> tensor<2x5x!fxp.fixed<s32, 13>>
  return
}

// -----

func.func @matmul_result_shape(%x: tensor<2x4x!fxp.fixed<u8, 6>>, %w: tensor<4x5x!fxp.fixed<s8, 7>>) {
  // expected-error @+1 {{result shape must be [M, N] = [2, 5], got 'tensor<5x2x!fxp.fixed<s32, 13>>'}}
  %0 = fxp.matmul %x, %w : tensor<2x4x!fxp.fixed<u8, 6>>, tensor<4x5x!fxp.fixed<s8, 7>> -> tensor<5x2x!fxp.fixed<s32, 13>>
  return
}

// -----

func.func @matmul_bias_shape(%x: tensor<2x4x!fxp.fixed<u8, 6>>, %w: tensor<4x5x!fxp.fixed<s8, 7>>, %b: tensor<4x!fxp.fixed<s32, 13>>) {
  // expected-error @+1 {{bias must have shape [5], got 'tensor<4x!fxp.fixed<s32, 13>>'}}
  %0 = fxp.matmul %x, %w, %b : tensor<2x4x!fxp.fixed<u8, 6>>, tensor<4x5x!fxp.fixed<s8, 7>>, tensor<4x!fxp.fixed<s32, 13>> -> tensor<2x5x!fxp.fixed<s32, 13>>
  return
}

// -----

func.func @matmul_bias_fl(%x: tensor<2x4x!fxp.fixed<u8, 6>>, %w: tensor<4x5x!fxp.fixed<s8, 7>>, %b: tensor<5x!fxp.fixed<s32, 12>>) {
  // expected-error @+1 {{bias fractional length must be FL_x + FL_w = 13, got 12}}
  %0 = fxp.matmul %x, %w, %b : tensor<2x4x!fxp.fixed<u8, 6>>, tensor<4x5x!fxp.fixed<s8, 7>>, tensor<5x!fxp.fixed<s32, 12>> -> tensor<2x5x!fxp.fixed<s32, 13>>
  return
}

// -----

// 1024 products of u8 x s8 need 8 + 8 + 10 = 26 bits with the sign; s24 wraps.
func.func @matmul_wrap_overflow(%x: tensor<2x1024x!fxp.fixed<u8, 6>>, %w: tensor<1024x5x!fxp.fixed<s8, 7>>) {
  // expected-error @+1 {{result format '!fxp.fixed<s24, 13>' cannot hold the exact accumulator of 1024 products, and overflow wrap would corrupt it; widen the result or saturate}}
  %0 = fxp.matmul %x, %w overflow wrap : tensor<2x1024x!fxp.fixed<u8, 6>>, tensor<1024x5x!fxp.fixed<s8, 7>> -> tensor<2x5x!fxp.fixed<s24, 13>>
  return
}

// -----

// A signed accumulator never fits an unsigned result without wrapping.
func.func @matmul_wrap_unsigned(%x: tensor<2x4x!fxp.fixed<u8, 6>>, %w: tensor<4x5x!fxp.fixed<s8, 7>>) {
  // expected-error @+1 {{cannot hold the exact accumulator of 4 products}}
  %0 = fxp.matmul %x, %w overflow wrap : tensor<2x4x!fxp.fixed<u8, 6>>, tensor<4x5x!fxp.fixed<s8, 7>> -> tensor<2x5x!fxp.fixed<u32, 13>>
  return
}

// -----

func.func @matmul_wrap_unknown(%x: tensor<2x4x!fxp.fixed<u8, ?>>, %w: tensor<4x5x!fxp.fixed<s8, 7>>) {
  // expected-error @+1 {{with overflow wrap, every format must be known to prove that the accumulator does not wrap}}
  %0 = fxp.matmul %x, %w overflow wrap : tensor<2x4x!fxp.fixed<u8, ?>>, tensor<4x5x!fxp.fixed<s8, 7>> -> tensor<2x5x!fxp.fixed<s32, 13>>
  return
}

// -----

func.func @matmul_wrap_dynamic(%x: tensor<2x?x!fxp.fixed<u8, 6>>, %w: tensor<?x5x!fxp.fixed<s8, 7>>) {
  // expected-error @+1 {{with overflow wrap, the reduction size must be static to prove that the accumulator does not wrap}}
  %0 = fxp.matmul %x, %w overflow wrap : tensor<2x?x!fxp.fixed<u8, 6>>, tensor<?x5x!fxp.fixed<s8, 7>> -> tensor<2x5x!fxp.fixed<s32, 13>>
  return
}

// -----

func.func @conv_weight_rank(%x: tensor<1x8x8x3x!fxp.fixed<u8, 8>>, %w: tensor<4x3x3x!fxp.fixed<s8, 6>>) {
  // expected-error @+1 {{expects OHWI weights of rank 4, got 'tensor<4x3x3x!fxp.fixed<s8, 6>>'}}
  %0 = fxp.conv2d %x, %w : tensor<1x8x8x3x!fxp.fixed<u8, 8>>, tensor<4x3x3x!fxp.fixed<s8, 6>> -> tensor<1x6x6x4x!fxp.fixed<s32, 14>>
  return
}

// -----

func.func @conv_input_rank(%x: tensor<8x8x3x!fxp.fixed<u8, 8>>, %w: tensor<4x3x3x3x!fxp.fixed<s8, 6>>) {
  // expected-error @+1 {{expects NHWC input and result of rank 4}}
  %0 = fxp.conv2d %x, %w : tensor<8x8x3x!fxp.fixed<u8, 8>>, tensor<4x3x3x3x!fxp.fixed<s8, 6>> -> tensor<1x6x6x4x!fxp.fixed<s32, 14>>
  return
}

// -----

func.func @conv_dynamic_kernel(%x: tensor<1x8x8x3x!fxp.fixed<u8, 8>>, %w: tensor<4x?x3x3x!fxp.fixed<s8, 6>>) {
  // expected-error @+1 {{kernel height and width must be static}}
  %0 = fxp.conv2d %x, %w : tensor<1x8x8x3x!fxp.fixed<u8, 8>>, tensor<4x?x3x3x!fxp.fixed<s8, 6>> -> tensor<1x6x6x4x!fxp.fixed<s32, 14>>
  return
}

// -----

func.func @conv_strides_size(%x: tensor<1x8x8x3x!fxp.fixed<u8, 8>>, %w: tensor<4x3x3x3x!fxp.fixed<s8, 6>>) {
  // expected-error @+1 {{'strides' must have 2 elements, got 3}}
  %0 = fxp.conv2d %x, %w {strides = array<i64: 1, 1, 1>} : tensor<1x8x8x3x!fxp.fixed<u8, 8>>, tensor<4x3x3x3x!fxp.fixed<s8, 6>> -> tensor<1x6x6x4x!fxp.fixed<s32, 14>>
  return
}

// -----

func.func @conv_strides_zero(%x: tensor<1x8x8x3x!fxp.fixed<u8, 8>>, %w: tensor<4x3x3x3x!fxp.fixed<s8, 6>>) {
  // expected-error @+1 {{'strides' elements must be >= 1, got 0}}
  %0 = fxp.conv2d %x, %w {strides = array<i64: 0, 1>} : tensor<1x8x8x3x!fxp.fixed<u8, 8>>, tensor<4x3x3x3x!fxp.fixed<s8, 6>> -> tensor<1x6x6x4x!fxp.fixed<s32, 14>>
  return
}

// -----

func.func @conv_dilations(%x: tensor<1x8x8x3x!fxp.fixed<u8, 8>>, %w: tensor<4x3x3x3x!fxp.fixed<s8, 6>>) {
  // expected-error @+1 {{'dilations' elements must be >= 1, got -1}}
  %0 = fxp.conv2d %x, %w {dilations = array<i64: 1, -1>} : tensor<1x8x8x3x!fxp.fixed<u8, 8>>, tensor<4x3x3x3x!fxp.fixed<s8, 6>> -> tensor<1x6x6x4x!fxp.fixed<s32, 14>>
  return
}

// -----

func.func @conv_pad_size(%x: tensor<1x8x8x3x!fxp.fixed<u8, 8>>, %w: tensor<4x3x3x3x!fxp.fixed<s8, 6>>) {
  // expected-error @+1 {{'pad' must have 4 elements, got 2}}
  %0 = fxp.conv2d %x, %w {pad = array<i64: 1, 1>} : tensor<1x8x8x3x!fxp.fixed<u8, 8>>, tensor<4x3x3x3x!fxp.fixed<s8, 6>> -> tensor<1x6x6x4x!fxp.fixed<s32, 14>>
  return
}

// -----

func.func @conv_pad_negative(%x: tensor<1x8x8x3x!fxp.fixed<u8, 8>>, %w: tensor<4x3x3x3x!fxp.fixed<s8, 6>>) {
  // expected-error @+1 {{'pad' elements must be >= 0, got -1}}
  %0 = fxp.conv2d %x, %w {pad = array<i64: 0, 0, -1, 0>} : tensor<1x8x8x3x!fxp.fixed<u8, 8>>, tensor<4x3x3x3x!fxp.fixed<s8, 6>> -> tensor<1x6x6x4x!fxp.fixed<s32, 14>>
  return
}

// -----

func.func @conv_result_shape(%x: tensor<1x8x8x3x!fxp.fixed<u8, 8>>, %w: tensor<4x3x3x3x!fxp.fixed<s8, 6>>) {
  // expected-error @+1 {{result shape must be 1x3x3x4, got 'tensor<1x4x4x4x!fxp.fixed<s32, 14>>'}}
  %0 = fxp.conv2d %x, %w {strides = array<i64: 2, 2>} : tensor<1x8x8x3x!fxp.fixed<u8, 8>>, tensor<4x3x3x3x!fxp.fixed<s8, 6>> -> tensor<1x4x4x4x!fxp.fixed<s32, 14>>
  return
}

// -----

func.func @conv_window_too_large(%x: tensor<1x2x2x3x!fxp.fixed<u8, 8>>, %w: tensor<4x3x3x3x!fxp.fixed<s8, 6>>) {
  // expected-error @+1 {{window does not fit in the padded input}}
  %0 = fxp.conv2d %x, %w : tensor<1x2x2x3x!fxp.fixed<u8, 8>>, tensor<4x3x3x3x!fxp.fixed<s8, 6>> -> tensor<1x1x1x4x!fxp.fixed<s32, 14>>
  return
}

// -----

// Window arithmetic that would overflow: a huge dilation, huge padding.
func.func @conv_dilation_overflow(%x: tensor<1x8x8x3x!fxp.fixed<u8, 8>>, %w: tensor<4x3x3x3x!fxp.fixed<s8, 6>>) {
  // expected-error @+1 {{dilated window or padded input height is larger than 2^63 - 1}}
  %0 = fxp.conv2d %x, %w {dilations = array<i64: 4611686018427387904, 1>} : tensor<1x8x8x3x!fxp.fixed<u8, 8>>, tensor<4x3x3x3x!fxp.fixed<s8, 6>> -> tensor<1x?x6x4x!fxp.fixed<s32, 14>>
  return
}

// -----

func.func @conv_pad_overflow(%x: tensor<1x8x8x3x!fxp.fixed<u8, 8>>, %w: tensor<4x3x3x3x!fxp.fixed<s8, 6>>) {
  // expected-error @+1 {{dilated window or padded input width is larger than 2^63 - 1}}
  %0 = fxp.conv2d %x, %w {pad = array<i64: 0, 0, 9223372036854775807, 9223372036854775807>} : tensor<1x8x8x3x!fxp.fixed<u8, 8>>, tensor<4x3x3x3x!fxp.fixed<s8, 6>> -> tensor<1x6x4x4x!fxp.fixed<s32, 14>>
  return
}

// -----

func.func @conv_pad_overflow_dynamic(%x: tensor<1x?x?x3x!fxp.fixed<u8, 8>>, %w: tensor<4x3x3x3x!fxp.fixed<s8, 6>>) {
  // expected-error @+1 {{dilated window or padded input height is larger than 2^63 - 1}}
  %0 = fxp.conv2d %x, %w {pad = array<i64: 9223372036854775807, 1, 0, 0>} : tensor<1x?x?x3x!fxp.fixed<u8, 8>>, tensor<4x3x3x3x!fxp.fixed<s8, 6>> -> tensor<1x?x?x4x!fxp.fixed<s32, 14>>
  return
}

// -----

// 2^32 * 2^32 * 2 products would wrap to 0 and prove that s8 holds the sum;
// a reduction size beyond int64 is as unknown as a dynamic one.
func.func @conv_reduction_overflow(%x: tensor<1x?x?x2x!fxp.fixed<s8, 0>>, %w: tensor<1x4294967296x4294967296x2x!fxp.fixed<s8, 0>>) {
  // expected-error @+1 {{with overflow wrap, the reduction size must be static to prove that the accumulator does not wrap}}
  %0 = fxp.conv2d %x, %w overflow wrap : tensor<1x?x?x2x!fxp.fixed<s8, 0>>, tensor<1x4294967296x4294967296x2x!fxp.fixed<s8, 0>> -> tensor<1x?x?x1x!fxp.fixed<s8, 0>>
  return
}

// -----

func.func @conv_groups_zero(%x: tensor<1x8x8x3x!fxp.fixed<u8, 8>>, %w: tensor<4x3x3x3x!fxp.fixed<s8, 6>>) {
  // expected-error @+1 {{groups must be positive, got 0}}
  %0 = fxp.conv2d %x, %w {groups = 0 : i64} : tensor<1x8x8x3x!fxp.fixed<u8, 8>>, tensor<4x3x3x3x!fxp.fixed<s8, 6>> -> tensor<1x6x6x4x!fxp.fixed<s32, 14>>
  return
}

// -----

func.func @conv_groups_input(%x: tensor<1x8x8x3x!fxp.fixed<u8, 8>>, %w: tensor<4x3x3x1x!fxp.fixed<s8, 6>>) {
  // expected-error @+1 {{groups (2) must divide the 3 input channels}}
  %0 = fxp.conv2d %x, %w {groups = 2 : i64} : tensor<1x8x8x3x!fxp.fixed<u8, 8>>, tensor<4x3x3x1x!fxp.fixed<s8, 6>> -> tensor<1x6x6x4x!fxp.fixed<s32, 14>>
  return
}

// -----

func.func @conv_groups_output(%x: tensor<1x8x8x4x!fxp.fixed<u8, 8>>, %w: tensor<3x3x3x2x!fxp.fixed<s8, 6>>) {
  // expected-error @+1 {{groups (2) must divide the 3 output channels}}
  %0 = fxp.conv2d %x, %w {groups = 2 : i64} : tensor<1x8x8x4x!fxp.fixed<u8, 8>>, tensor<3x3x3x2x!fxp.fixed<s8, 6>> -> tensor<1x6x6x3x!fxp.fixed<s32, 14>>
  return
}

// -----

func.func @conv_groups_no_output(%x: tensor<1x8x8x4x!fxp.fixed<u8, 8>>, %w: tensor<0x3x3x2x!fxp.fixed<s8, 6>>) {
  // expected-error @+1 {{groups (2) need at least one output channel each, got none}}
  %0 = fxp.conv2d %x, %w {groups = 2 : i64} : tensor<1x8x8x4x!fxp.fixed<u8, 8>>, tensor<0x3x3x2x!fxp.fixed<s8, 6>> -> tensor<1x6x6x0x!fxp.fixed<s32, 14>>
  return
}

// -----

func.func @conv_group_channels(%x: tensor<1x8x8x4x!fxp.fixed<u8, 8>>, %w: tensor<4x3x3x4x!fxp.fixed<s8, 6>>) {
  // expected-error @+1 {{weight input channels must be C / groups = 2, got 4}}
  %0 = fxp.conv2d %x, %w {groups = 2 : i64} : tensor<1x8x8x4x!fxp.fixed<u8, 8>>, tensor<4x3x3x4x!fxp.fixed<s8, 6>> -> tensor<1x6x6x4x!fxp.fixed<s32, 14>>
  return
}

// -----

func.func @conv_bias_shape(%x: tensor<1x8x8x3x!fxp.fixed<u8, 8>>, %w: tensor<4x3x3x3x!fxp.fixed<s8, 6>>, %b: tensor<3x!fxp.fixed<s32, 14>>) {
  // expected-error @+1 {{bias must have shape [4], got 'tensor<3x!fxp.fixed<s32, 14>>'}}
  %0 = fxp.conv2d %x, %w, %b : tensor<1x8x8x3x!fxp.fixed<u8, 8>>, tensor<4x3x3x3x!fxp.fixed<s8, 6>>, tensor<3x!fxp.fixed<s32, 14>> -> tensor<1x6x6x4x!fxp.fixed<s32, 14>>
  return
}

// -----

func.func @conv_bias_fl(%x: tensor<1x8x8x3x!fxp.fixed<u8, 8>>, %w: tensor<4x3x3x3x!fxp.fixed<s8, 6>>, %b: tensor<4x!fxp.fixed<s32, 6>>) {
  // expected-error @+1 {{bias fractional length must be FL_x + FL_w = 14, got 6}}
  %0 = fxp.conv2d %x, %w, %b : tensor<1x8x8x3x!fxp.fixed<u8, 8>>, tensor<4x3x3x3x!fxp.fixed<s8, 6>>, tensor<4x!fxp.fixed<s32, 6>> -> tensor<1x6x6x4x!fxp.fixed<s32, 14>>
  return
}

// -----

// 27 products of u8 x s8 plus an s32 bias cannot wrap-fit in s16.
func.func @conv_wrap_overflow(%x: tensor<1x8x8x3x!fxp.fixed<u8, 8>>, %w: tensor<4x3x3x3x!fxp.fixed<s8, 6>>) {
  // expected-error @+1 {{result format '!fxp.fixed<s16, 14>' cannot hold the exact accumulator of 27 products}}
  %0 = fxp.conv2d %x, %w overflow wrap : tensor<1x8x8x3x!fxp.fixed<u8, 8>>, tensor<4x3x3x3x!fxp.fixed<s8, 6>> -> tensor<1x6x6x4x!fxp.fixed<s16, 14>>
  return
}

// -----

func.func @conv_float(%x: tensor<1x8x8x3xf32>, %w: tensor<4x3x3x3x!fxp.fixed<s8, 6>>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of fixed-point number format values, but got 'tensor<1x8x8x3xf32>'}}
  %0 = fxp.conv2d %x, %w : tensor<1x8x8x3xf32>, tensor<4x3x3x3x!fxp.fixed<s8, 6>> -> tensor<1x6x6x4x!fxp.fixed<s32, 14>>
  return
}

// -----

func.func @max_pool_format(%x: tensor<1x4x4x8x!fxp.fixed<u8, 5>>) {
  // expected-error @+1 {{result format must equal the input format '!fxp.fixed<u8, 5>', got '!fxp.fixed<u8, 4>'}}
  %0 = fxp.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x4x4x8x!fxp.fixed<u8, 5>> -> tensor<1x2x2x8x!fxp.fixed<u8, 4>>
  return
}

// -----

func.func @max_pool_kernel(%x: tensor<1x4x4x8x!fxp.fixed<u8, 5>>) {
  // expected-error @+1 {{'kernel' must have 2 elements, got 1}}
  %0 = fxp.max_pool2d %x {kernel = array<i64: 2>} : tensor<1x4x4x8x!fxp.fixed<u8, 5>> -> tensor<1x3x3x8x!fxp.fixed<u8, 5>>
  return
}

// -----

func.func @max_pool_kernel_missing(%x: tensor<1x4x4x8x!fxp.fixed<u8, 5>>) {
  // expected-error @+1 {{requires attribute 'kernel'}}
  %0 = fxp.max_pool2d %x : tensor<1x4x4x8x!fxp.fixed<u8, 5>> -> tensor<1x3x3x8x!fxp.fixed<u8, 5>>
  return
}

// -----

func.func @max_pool_pad(%x: tensor<1x4x4x8x!fxp.fixed<u8, 5>>) {
  // expected-error @+1 {{padding must be smaller than the kernel}}
  %0 = fxp.max_pool2d %x {kernel = array<i64: 2, 2>, pad = array<i64: 2, 0, 0, 0>} : tensor<1x4x4x8x!fxp.fixed<u8, 5>> -> tensor<1x5x3x8x!fxp.fixed<u8, 5>>
  return
}

// -----

// The average divides by the window's element count: it must not wrap.
func.func @avg_pool_window_overflow(%x: tensor<1x4294967296x4294967296x1x!fxp.fixed<s8, 0>>) {
  // expected-error @+1 {{window of 4294967296x4294967296 elements is larger than 2^63 - 1 elements}}
  %0 = fxp.avg_pool2d %x {kernel = array<i64: 4294967296, 4294967296>} : tensor<1x4294967296x4294967296x1x!fxp.fixed<s8, 0>> -> tensor<1x1x1x1x!fxp.fixed<s8, 0>>
  return
}

// -----

func.func @max_pool_shape(%x: tensor<1x4x4x8x!fxp.fixed<u8, 5>>) {
  // expected-error @+1 {{result shape must be 1x3x3x8, got 'tensor<1x2x2x8x!fxp.fixed<u8, 5>>'}}
  %0 = fxp.max_pool2d %x {kernel = array<i64: 2, 2>} : tensor<1x4x4x8x!fxp.fixed<u8, 5>> -> tensor<1x2x2x8x!fxp.fixed<u8, 5>>
  return
}

// -----

func.func @avg_pool_strides(%x: tensor<1x4x4x8x!fxp.fixed<u8, 5>>) {
  // expected-error @+1 {{'strides' elements must be >= 1, got 0}}
  %0 = fxp.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 0, 0>} : tensor<1x4x4x8x!fxp.fixed<u8, 5>> -> tensor<1x2x2x8x!fxp.fixed<u8, 5>>
  return
}

// -----

func.func @avg_pool_rank(%x: tensor<4x4x8x!fxp.fixed<u8, 5>>) {
  // expected-error @+1 {{expects NHWC input and result of rank 4}}
  %0 = fxp.avg_pool2d %x {kernel = array<i64: 2, 2>} : tensor<4x4x8x!fxp.fixed<u8, 5>> -> tensor<3x3x8x!fxp.fixed<u8, 5>>
  return
}

// -----

func.func @avg_pool_channels(%x: tensor<1x4x4x8x!fxp.fixed<u8, 5>>) {
  // expected-error @+1 {{result shape must be 1x3x3x8, got 'tensor<1x3x3x4x!fxp.fixed<u8, 5>>'}}
  %0 = fxp.avg_pool2d %x {kernel = array<i64: 2, 2>} : tensor<1x4x4x8x!fxp.fixed<u8, 5>> -> tensor<1x3x3x4x!fxp.fixed<u8, 5>>
  return
}

// -----

func.func @global_pool_rank(%x: tensor<7x7x64x!fxp.fixed<u8, 4>>) {
  // expected-error @+1 {{expects an NHWC input of rank 4, got 'tensor<7x7x64x!fxp.fixed<u8, 4>>'}}
  %0 = fxp.global_avg_pool %x : tensor<7x7x64x!fxp.fixed<u8, 4>> -> tensor<1x1x64x!fxp.fixed<u8, 4>>
  return
}

// -----

func.func @global_pool_shape(%x: tensor<1x7x7x64x!fxp.fixed<u8, 4>>) {
  // expected-error @+1 {{result shape must be 1x1x1x64, got 'tensor<1x64x!fxp.fixed<u8, 4>>'}}
  %0 = fxp.global_avg_pool %x : tensor<1x7x7x64x!fxp.fixed<u8, 4>> -> tensor<1x64x!fxp.fixed<u8, 4>>
  return
}

// -----

func.func @global_pool_empty(%x: tensor<1x0x7x64x!fxp.fixed<u8, 4>>) {
  // expected-error @+1 {{input must have a non-empty spatial extent}}
  %0 = fxp.global_avg_pool %x : tensor<1x0x7x64x!fxp.fixed<u8, 4>> -> tensor<1x1x1x64x!fxp.fixed<u8, 4>>
  return
}

// -----

func.func @global_avg_pool_extent_overflow(%x: tensor<1x4294967296x4294967296x1x!fxp.fixed<s8, 0>>) {
  // expected-error @+1 {{spatial extent of 4294967296x4294967296 elements is larger than 2^63 - 1 elements}}
  %0 = fxp.global_avg_pool %x : tensor<1x4294967296x4294967296x1x!fxp.fixed<s8, 0>> -> tensor<1x1x1x1x!fxp.fixed<s8, 0>>
  return
}

// -----

// Per-axis formats (per-channel weights).

// expected-error @+1 {{a per-axis format needs at least one fractional length}}
func.func @per_axis_empty(%w: tensor<0x!fxp.fixed_per_axis<s8, axis 0, []>>) {
  return
}

// -----

// expected-error @+1 {{fractional length must be in [-64, 64] or '?', got 65}}
func.func @per_axis_fl(%w: tensor<2x!fxp.fixed_per_axis<s8, axis 0, [65, 3]>>) {
  return
}

// -----

// expected-error @+1 {{the fractional lengths span 60 bits: aligned to the largest, 8-bit values need more than 64 bits}}
func.func @per_axis_spread(%w: tensor<2x!fxp.fixed_per_axis<s8, axis 0, [-30, 30]>>) {
  return
}

// -----

func.func @per_axis_count() {
  // expected-error @+1 {{'fxp.constant' op per-axis format lists 3 fractional lengths for dimension 1 of size 2}}
  %w = fxp.constant dense<1> : tensor<4x2xi8> -> tensor<4x2x!fxp.fixed_per_axis<s8, axis 1, [1, 2, 3]>>
  return
}

// -----

func.func @per_axis_rank() {
  // expected-error @+1 {{'fxp.constant' op per-axis format's axis 2 is not a dimension of 'tensor<4x2x!fxp.fixed_per_axis<s8, axis 2, [1, 2]>>'}}
  %w = fxp.constant dense<1> : tensor<4x2xi8> -> tensor<4x2x!fxp.fixed_per_axis<s8, axis 2, [1, 2]>>
  return
}

// -----

func.func @per_axis_quantize(%x: tensor<4x2xf32>) {
  // expected-error @+1 {{'fxp.quantize' op per-axis format lists 1 fractional lengths for dimension 0 of size 4}}
  %w = fxp.quantize %x : tensor<4x2xf32> -> tensor<4x2x!fxp.fixed_per_axis<s8, axis 0, [1]>>
  return
}

// -----

func.func @per_axis_bitcast(%x: tensor<?x2xi8>) {
  // expected-error @+1 {{'fxp.bitcast' op per-axis format lists 2 fractional lengths for dimension 0 of size ?}}
  %w = fxp.bitcast %x : tensor<?x2xi8> -> tensor<?x2x!fxp.fixed_per_axis<s8, axis 0, [1, 2]>>
  return
}

// -----

func.func @per_axis_matmul_axis(%x: tensor<2x4x!fxp.fixed<u8, 6>>, %w: tensor<4x4x!fxp.fixed_per_axis<s8, axis 0, [7, 5, 6, 7]>>) {
  // expected-error @+1 {{'fxp.matmul' op per-axis weights must have their fractional lengths along the output-channel dimension 1, got axis 0}}
  %0 = fxp.matmul %x, %w : tensor<2x4x!fxp.fixed<u8, 6>>, tensor<4x4x!fxp.fixed_per_axis<s8, axis 0, [7, 5, 6, 7]>> -> tensor<2x4x!fxp.fixed<s32, 13>>
  return
}

// -----

func.func @per_axis_conv_bias(%x: tensor<1x4x4x2x!fxp.fixed<u8, 6>>, %w: tensor<2x1x1x2x!fxp.fixed_per_axis<s8, axis 0, [7, 5]>>, %b: tensor<2x!fxp.fixed<s32, 11>>) {
  // The bias is at the accumulator's FL: the input's plus the largest weight FL.
  // expected-error @+1 {{'fxp.conv2d' op bias fractional length must be FL_x + FL_w = 13, got 11}}
  %0 = fxp.conv2d %x, %w, %b : tensor<1x4x4x2x!fxp.fixed<u8, 6>>, tensor<2x1x1x2x!fxp.fixed_per_axis<s8, axis 0, [7, 5]>>, tensor<2x!fxp.fixed<s32, 11>> -> tensor<1x4x4x2x!fxp.fixed<s32, 13>>
  return
}

// -----

func.func @per_axis_wrap(%x: tensor<2x300x!fxp.fixed<u8, 0>>, %w: tensor<300x2x!fxp.fixed_per_axis<s8, axis 1, [8, 0]>>) {
  // The aligned weights are 16 bits wide: 300 products overflow an s32.
  // expected-error @+1 {{'fxp.matmul' op result format '!fxp.fixed<s32, 8>' cannot hold the exact accumulator of 300 products, and overflow wrap would corrupt it; widen the result or saturate}}
  %0 = fxp.matmul %x, %w overflow wrap : tensor<2x300x!fxp.fixed<u8, 0>>, tensor<300x2x!fxp.fixed_per_axis<s8, axis 1, [8, 0]>> -> tensor<2x2x!fxp.fixed<s32, 8>>
  return
}

// -----

func.func @per_axis_elsewhere(%a: tensor<2x!fxp.fixed_per_axis<s8, axis 0, [1, 2]>>) {
  // Only contraction weights take per-axis formats.
  // expected-error @+1 {{'fxp.relu' op operand #0 must be fixed-point scalar or ranked tensor of fixed-point values}}
  %0 = fxp.relu %a : tensor<2x!fxp.fixed_per_axis<s8, axis 0, [1, 2]>> -> tensor<2x!fxp.fixed_per_axis<s8, axis 0, [1, 2]>>
  return
}
