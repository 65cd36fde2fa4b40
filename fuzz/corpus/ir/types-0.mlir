func.func @formats(%a: !fxp.fixed<s8, 5>, %b: !fxp.fixed<u8, 6>,
                   %c: !fxp.fixed<s32, 11>, %d: !fxp.fixed<s8, ?>,
                   %e: !fxp.fixed<u2, -64>, %f: !fxp.fixed<s64, 64>,
                   %g: !fxp.fixed<u16, 20>,
                   %h: tensor<1x28x28x1x!fxp.fixed<u8, 8>>,
                   %i: tensor<?x4x!fxp.fixed<s16, ?>>,
                   %j: memref<4x!fxp.fixed<s8, 3>>) {
  return
}

func.func @stats(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = arith.negf %x {fxp.stats = #fxp.stats<mean = 0.1, std = 0.53, min = -2.0, max = 3.9, count = 4096>} : tensor<4xf32>
  %1 = arith.negf %0 {fxp.stats = #fxp.stats<count = 1, max = 0.0, min = 0.0, std = 0.0, mean = 0.0>} : tensor<4xf32>
  %2 = arith.negf %1 {fxp.stats = #fxp.stats<histogram = [2, 0, 2], mean = 0.5, std = 0.5, min = 0.0, max = 1.0, count = 4>} : tensor<4xf32>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

func.func @enums() attributes {r = #fxp<rounding half_away>, o = #fxp<overflow wrap>} {
  return
}
