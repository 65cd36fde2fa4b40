// A u8 x s8 matmul with constant weights, for the code generation tests.
func.func @matmul(%x: tensor<8x32x!fxp.fixed<u8, 6>>) -> tensor<8x16x!fxp.fixed<s32, 13>> {
  %w = fxp.constant dense<1> : tensor<32x16xi8> -> tensor<32x16x!fxp.fixed<s8, 7>>
  %acc = fxp.matmul %x, %w : tensor<8x32x!fxp.fixed<u8, 6>>, tensor<32x16x!fxp.fixed<s8, 7>> -> tensor<8x16x!fxp.fixed<s32, 13>>
  return %acc : tensor<8x16x!fxp.fixed<s32, 13>>
}
