func.func @tiny_resnet(%x: tensor<1x4x4x2xf32> {fxp.stats = #fxp.stats<mean = 0.53259, std = 0.28089, min = 0.0039062, max = 0.98828, count = 32>}) -> tensor<1x1x3xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %w1 = "tosa.const"() <{values = dense<[[[[0.25, -0.5], [0.125, 0.25], [0.0, 0.5]], [[-0.25, 0.5], [0.5, 0.25], [-0.5, 0.0]], [[0.125, -0.125], [0.25, 0.75], [-0.25, 0.5]]], [[[-0.5, 0.25], [0.25, -0.25], [0.5, 0.0]], [[0.25, 0.5], [-0.5, 0.25], [0.0, 0.5]], [[0.125, 0.125], [-0.25, 0.75], [0.25, -0.5]]]]> : tensor<2x3x3x2xf32>}> : () -> tensor<2x3x3x2xf32>
  %b1 = "tosa.const"() <{values = dense<[0.1, -0.2]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %c1 = tosa.conv2d %x, %w1, %b1, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x3x3x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %bn_s = "tosa.const"() <{values = dense<[[[[1.5, 0.75]]]]> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
  %bn_m = tosa.mul %c1, %bn_s, %shift : (tensor<1x4x4x2xf32>, tensor<1x1x1x2xf32>, tensor<1xi8>) -> tensor<1x4x4x2xf32>
  %bn_t = "tosa.const"() <{values = dense<[[[[0.05, 0.1]]]]> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
  %bn = tosa.add %bn_m, %bn_t : (tensor<1x4x4x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %r1 = tosa.clamp %bn {min_val = 0.0 : f32, max_val = 6.0 : f32, fxp.stats = #fxp.stats<mean = 0.98525, std = 0.74525, min = 0.0, max = 2.54961, count = 32>} : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %w2 = "tosa.const"() <{values = dense<[[[[0.75, -0.25]]], [[[0.5, 0.5]]]]> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b2 = "tosa.const"() <{values = dense<[0.0, 0.1]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %c2 = tosa.conv2d %r1, %w2, %b2, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %sum = tosa.add %c2, %r1 : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %r2 = tosa.clamp %sum {min_val = 0.0 : f32, max_val = 3.4028235e+38 : f32, fxp.stats = #fxp.stats<mean = 2.05060, std = 1.03320, min = 0.48235, max = 4.32875, count = 32>} : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %pool = tosa.avg_pool2d %r2, %zp, %zp {acc_type = f32, kernel = array<i64: 4, 4>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x2xf32>
  %shape = tosa.const_shape {values = dense<[1, 1, 2]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %flat = tosa.reshape %pool, %shape : (tensor<1x1x1x2xf32>, !tosa.shape<3>) -> tensor<1x1x2xf32>
  %w3 = "tosa.const"() <{values = dense<[[[1.0, -0.5, 0.25], [0.5, 0.75, -1.0]]]> : tensor<1x2x3xf32>}> : () -> tensor<1x2x3xf32>
  %fc = tosa.matmul %flat, %w3, %zp, %zp : (tensor<1x1x2xf32>, tensor<1x2x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x3xf32>
  %b3 = "tosa.const"() <{values = dense<[[[0.1, 0.2, -0.3]]]> : tensor<1x1x3xf32>}> : () -> tensor<1x1x3xf32>
  %logits = tosa.add %fc, %b3 : (tensor<1x1x3xf32>, tensor<1x1x3xf32>) -> tensor<1x1x3xf32>
  return %logits : tensor<1x1x3xf32>
}
