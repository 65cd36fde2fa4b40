func.func @f8net_block(%pixels: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %x = fxp.quantize %pixels : tensor<1x4x4x2xf32> -> tensor<1x4x4x2x!fxp.fixed<u8, 8>>

  %w1_i8 = arith.constant dense<[[[[64, -32], [16, 8], [0, 4]],
                                  [[-8, 32], [64, 16], [-16, 0]],
                                  [[4, -4], [8, 24], [-32, 64]]],
                                 [[[-64, 32], [8, -8], [16, 0]],
                                  [[32, 16], [-64, 8], [0, 16]],
                                  [[4, 4], [-8, 24], [32, -16]]]]> : tensor<2x3x3x2xi8>
  %w1 = fxp.bitcast %w1_i8 : tensor<2x3x3x2xi8> -> tensor<2x3x3x2x!fxp.fixed<s8, 6>>
  %b1_i32 = arith.constant dense<[1024, -2048]> : tensor<2xi32>
  %b1 = fxp.bitcast %b1_i32 : tensor<2xi32> -> tensor<2x!fxp.fixed<s32, 14>>
  %acc1 = fxp.conv2d %x, %w1, %b1 {pad = array<i64: 1, 1, 1, 1>}
      : tensor<1x4x4x2x!fxp.fixed<u8, 8>>, tensor<2x3x3x2x!fxp.fixed<s8, 6>>, tensor<2x!fxp.fixed<s32, 14>>
      -> tensor<1x4x4x2x!fxp.fixed<s32, 14>>
  %a1 = fxp.cast %acc1 : tensor<1x4x4x2x!fxp.fixed<s32, 14>> -> tensor<1x4x4x2x!fxp.fixed<u8, 5>>

  %w2_i8 = arith.constant dense<[[[[96, -16]]], [[[8, 112]]]]> : tensor<2x1x1x2xi8>
  %w2 = fxp.bitcast %w2_i8 : tensor<2x1x1x2xi8> -> tensor<2x1x1x2x!fxp.fixed<s8, 7>>
  %acc2 = fxp.conv2d %a1, %w2
      : tensor<1x4x4x2x!fxp.fixed<u8, 5>>, tensor<2x1x1x2x!fxp.fixed<s8, 7>>
      -> tensor<1x4x4x2x!fxp.fixed<s32, 12>>

  %shortcut = fxp.cast %x : tensor<1x4x4x2x!fxp.fixed<u8, 8>> -> tensor<1x4x4x2x!fxp.fixed<s32, 12>>
  %sum = fxp.add %acc2, %shortcut
      : tensor<1x4x4x2x!fxp.fixed<s32, 12>>, tensor<1x4x4x2x!fxp.fixed<s32, 12>>
      -> tensor<1x4x4x2x!fxp.fixed<s32, 12>>
  %out = fxp.relu %sum : tensor<1x4x4x2x!fxp.fixed<s32, 12>> -> tensor<1x4x4x2x!fxp.fixed<s32, 12>>
  %y = fxp.dequantize %out : tensor<1x4x4x2x!fxp.fixed<s32, 12>> -> tensor<1x4x4x2xf32>
  return %y : tensor<1x4x4x2xf32>
}
