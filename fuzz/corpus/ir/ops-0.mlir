func.func @conversions(%x: tensor<4xf32>, %h: f16, %acc: tensor<4x!fxp.fixed<s32, 11>>,
                       %i: tensor<4xi8>) {
  %0 = fxp.quantize %x : tensor<4xf32> -> tensor<4x!fxp.fixed<s8, 5>>
  %1 = fxp.quantize %x rounding half_up overflow wrap : tensor<4xf32> -> tensor<4x!fxp.fixed<s8, ?>>
  %2 = fxp.quantize %h rounding half_even overflow saturate : f16 -> !fxp.fixed<u8, 8>
  %3 = fxp.dequantize %0 : tensor<4x!fxp.fixed<s8, 5>> -> tensor<4xf32>
  %4 = fxp.dequantize %2 : !fxp.fixed<u8, 8> -> bf16
  %5 = fxp.cast %acc : tensor<4x!fxp.fixed<s32, 11>> -> tensor<4x!fxp.fixed<u8, 4>>
  %6 = fxp.cast %acc rounding floor : tensor<4x!fxp.fixed<s32, 11>> -> tensor<4x!fxp.fixed<s8, ?>>
  %7 = fxp.cast %acc rounding trunc overflow wrap : tensor<4x!fxp.fixed<s32, 11>> -> tensor<4x!fxp.fixed<s16, 13>>
  %8 = fxp.cast %acc overflow wrap : tensor<4x!fxp.fixed<s32, 11>> -> tensor<4x!fxp.fixed<s16, 13>>
  %9 = fxp.bitcast %i : tensor<4xi8> -> tensor<4x!fxp.fixed<s8, 5>>
  %10 = fxp.bitcast %9 : tensor<4x!fxp.fixed<s8, 5>> -> tensor<4xi8>
  %11 = fxp.bitcast %9 : tensor<4x!fxp.fixed<s8, 5>> -> tensor<4x!fxp.fixed<u8, -3>>
  %12 = fxp.constant dense<[64, -32, 0, 127]> : tensor<4xi8> -> tensor<4x!fxp.fixed<s8, 6>>
  %13 = fxp.constant 3 : i16 -> !fxp.fixed<u16, 2>
  return
}

func.func @arithmetic(%a: tensor<4x!fxp.fixed<s32, 9>>, %b: tensor<4x!fxp.fixed<s32, 11>>,
                      %c: !fxp.fixed<s8, 5>, %d: !fxp.fixed<s8, 6>,
                      %e: tensor<2x3x!fxp.fixed<s8, ?>>) {
  %0 = fxp.add %a, %b : tensor<4x!fxp.fixed<s32, 9>>, tensor<4x!fxp.fixed<s32, 11>> -> tensor<4x!fxp.fixed<s32, 11>>
  %1 = fxp.add %a, %b rounding half_away overflow wrap : tensor<4x!fxp.fixed<s32, 9>>, tensor<4x!fxp.fixed<s32, 11>> -> tensor<4x!fxp.fixed<s8, 2>>
  %2 = fxp.sub %a, %b rounding floor : tensor<4x!fxp.fixed<s32, 9>>, tensor<4x!fxp.fixed<s32, 11>> -> tensor<4x!fxp.fixed<s32, ?>>
  %3 = fxp.mul %c, %d : !fxp.fixed<s8, 5>, !fxp.fixed<s8, 6> -> !fxp.fixed<s16, 11>
  %4 = fxp.mul %c, %d rounding half_up : !fxp.fixed<s8, 5>, !fxp.fixed<s8, 6> -> !fxp.fixed<u8, 4>
  %5 = fxp.clamp %a {min = 0.0, max = 6.0} : tensor<4x!fxp.fixed<s32, 9>> -> tensor<4x!fxp.fixed<s32, 9>>
  %6 = fxp.clamp %c {max = 1.5} : !fxp.fixed<s8, 5> -> !fxp.fixed<s8, 5>
  %7 = fxp.relu %e : tensor<2x3x!fxp.fixed<s8, ?>> -> tensor<2x3x!fxp.fixed<s8, ?>>
  return
}

func.func @contractions(%x: tensor<2x16x!fxp.fixed<u8, 6>>, %w: tensor<16x10x!fxp.fixed<s8, 7>>,
                        %b: tensor<10x!fxp.fixed<s32, 13>>,
                        %img: tensor<1x8x8x3x!fxp.fixed<u8, 8>>,
                        %k: tensor<4x3x3x3x!fxp.fixed<s8, 6>>,
                        %kb: tensor<4x!fxp.fixed<s32, 14>>,
                        %dw: tensor<3x3x3x1x!fxp.fixed<s8, ?>>,
                        %dyn: tensor<?x16x!fxp.fixed<u8, ?>>) {
  %0 = fxp.matmul %x, %w, %b : tensor<2x16x!fxp.fixed<u8, 6>>, tensor<16x10x!fxp.fixed<s8, 7>>, tensor<10x!fxp.fixed<s32, 13>> -> tensor<2x10x!fxp.fixed<s32, 13>>
  %1 = fxp.matmul %x, %w rounding half_up : tensor<2x16x!fxp.fixed<u8, 6>>, tensor<16x10x!fxp.fixed<s8, 7>> -> tensor<2x10x!fxp.fixed<u8, 4>>
  %2 = fxp.matmul %x, %w overflow wrap : tensor<2x16x!fxp.fixed<u8, 6>>, tensor<16x10x!fxp.fixed<s8, 7>> -> tensor<2x10x!fxp.fixed<s24, 13>>
  %3 = fxp.matmul %dyn, %w : tensor<?x16x!fxp.fixed<u8, ?>>, tensor<16x10x!fxp.fixed<s8, 7>> -> tensor<?x10x!fxp.fixed<s32, ?>>
  %4 = fxp.conv2d %img, %k, %kb {strides = array<i64: 2, 2>, pad = array<i64: 1, 1, 1, 1>} : tensor<1x8x8x3x!fxp.fixed<u8, 8>>, tensor<4x3x3x3x!fxp.fixed<s8, 6>>, tensor<4x!fxp.fixed<s32, 14>> -> tensor<1x4x4x4x!fxp.fixed<s32, 14>>
  %5 = fxp.conv2d %img, %dw rounding floor {groups = 3 : i64, dilations = array<i64: 2, 2>, pad = array<i64: 0, 1, 2, 0>} : tensor<1x8x8x3x!fxp.fixed<u8, 8>>, tensor<3x3x3x1x!fxp.fixed<s8, ?>> -> tensor<1x5x6x3x!fxp.fixed<u8, ?>>
  %6 = fxp.conv2d %img, %k {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, groups = 1 : i64} : tensor<1x8x8x3x!fxp.fixed<u8, 8>>, tensor<4x3x3x3x!fxp.fixed<s8, 6>> -> tensor<1x6x6x4x!fxp.fixed<s32, 14>>
  return
}

func.func @pooling(%x: tensor<1x4x4x8x!fxp.fixed<u8, 5>>, %y: tensor<1x7x7x64x!fxp.fixed<u8, 4>>) {
  %0 = fxp.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x4x4x8x!fxp.fixed<u8, 5>> -> tensor<1x2x2x8x!fxp.fixed<u8, 5>>
  %1 = fxp.max_pool2d %x {kernel = array<i64: 3, 3>, pad = array<i64: 1, 1, 1, 1>} : tensor<1x4x4x8x!fxp.fixed<u8, 5>> -> tensor<1x4x4x8x!fxp.fixed<u8, 5>>
  %2 = fxp.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x4x4x8x!fxp.fixed<u8, 5>> -> tensor<1x2x2x8x!fxp.fixed<u8, 5>>
  %3 = fxp.avg_pool2d %x rounding half_up overflow wrap {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pad = array<i64: 1, 1, 1, 1>} : tensor<1x4x4x8x!fxp.fixed<u8, 5>> -> tensor<1x2x2x8x!fxp.fixed<u8, 7>>
  %4 = fxp.global_avg_pool %y : tensor<1x7x7x64x!fxp.fixed<u8, 4>> -> tensor<1x1x1x64x!fxp.fixed<u8, 4>>
  %5 = fxp.global_avg_pool %y rounding trunc : tensor<1x7x7x64x!fxp.fixed<u8, 4>> -> tensor<1x1x1x64x!fxp.fixed<s16, ?>>
  return
}
