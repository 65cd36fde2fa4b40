func.func @unknown_operand(%a: tensor<4x!fxp.fixed<u8, ?>>, %w: tensor<4x2x!fxp.fixed<s8, 7>>) -> tensor<1x2x!fxp.fixed<s32, ?>> {
  %x = tensor.expand_shape %a [[0, 1]] output_shape [1, 4] : tensor<4x!fxp.fixed<u8, ?>> into tensor<1x4x!fxp.fixed<u8, ?>>
  %0 = fxp.matmul %x, %w : tensor<1x4x!fxp.fixed<u8, ?>>, tensor<4x2x!fxp.fixed<s8, 7>> -> tensor<1x2x!fxp.fixed<s32, ?>>
  return %0 : tensor<1x2x!fxp.fixed<s32, ?>>
}
