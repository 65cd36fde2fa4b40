// RUN: fxp-opt %s --fxp-rescale-global-pool -split-input-file | FileCheck %s

// F8Net's 64/49: the 7x7 global average pool becomes a depthwise
// convolution by 1/64 (a shift in integer code); the convolution before it,
// its ReLU6's bound and both their statistics scale by 64/49, so that the
// mean is unchanged (49/64 * 64/49 = 1, 6 * 64/49 = 7.8367...).
// CHECK-LABEL: func @global_pool
// CHECK-DAG: %[[W:.*]] = "tosa.const"() <{values = dense<1.000000e+00> : tensor<2x1x1x1xf32>}>
// CHECK-DAG: %[[B:.*]] = "tosa.const"() <{values = dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>}>
// CHECK-DAG: %[[D:.*]] = "tosa.const"() <{values = dense<1.562500e-02> : tensor<7x7x2x1xf32>}>
// CHECK: %[[C:.*]] = tosa.conv2d %{{.*}}, %[[W]], %[[B]], {{.*}}fxp.stats = #fxp.stats<mean = {{0\.99999|1\.0}}{{.*}}, std = {{1\.99999|2\.0}}{{.*}}, min = {{.*}}, max = 1.000000e+01
// CHECK: %[[R:.*]] = tosa.clamp %[[C]] {{{.*}}max_val = 7.83673477 : f32, min_val = 0.000000e+00 : f32}
// CHECK: %[[P:.*]] = tosa.depthwise_conv2d %[[R]], %[[D]], {{.*}}fxp.stats = #fxp.stats<mean = 5.000000e-01
// CHECK-NOT: tosa.avg_pool2d
// CHECK: return %[[P]]
func.func @global_pool(%x: tensor<1x7x7x1xf32>) -> tensor<1x1x1x2xf32> {
  %w = "tosa.const"() <{values = dense<0.765625> : tensor<2x1x1x1xf32>}> : () -> tensor<2x1x1x1xf32>
  %b = "tosa.const"() <{values = dense<[0.765625, 1.53125]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, fxp.stats = #fxp.stats<mean = 0.765625, std = 1.53125, min = -0.765625, max = 7.65625, count = 98>} : (tensor<1x7x7x1xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x7x7x2xf32>
  %r = tosa.clamp %c {min_val = 0.0 : f32, max_val = 6.0 : f32} : (tensor<1x7x7x2xf32>) -> tensor<1x7x7x2xf32>
  %p = tosa.avg_pool2d %r, %zp, %zp {acc_type = f32, kernel = array<i64: 7, 7>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, fxp.stats = #fxp.stats<mean = 0.5, std = 0.25, min = 0.0, max = 1.0, count = 2>} : (tensor<1x7x7x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x2xf32>
  return %p : tensor<1x1x1x2xf32>
}

// -----

// Left alone: a window that is a power of two (already a shift), a pool
// that is not global, and a convolution that something else also reads.
// CHECK-LABEL: func @not_rescaled
// CHECK-COUNT-3: tosa.avg_pool2d
// CHECK-NOT: tosa.depthwise_conv2d
func.func @not_rescaled(%x: tensor<1x4x4x1xf32>, %y: tensor<1x7x7x1xf32>) -> (tensor<1x1x1x1xf32>, tensor<1x5x5x1xf32>, tensor<1x7x7x1xf32>, tensor<1x1x1x1xf32>) {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x1xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x1xf32>
  %p = tosa.avg_pool2d %c, %zp, %zp {acc_type = f32, kernel = array<i64: 4, 4>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x1xf32>
  %c2 = tosa.conv2d %y, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x7x7x1xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x7x7x1xf32>
  %q = tosa.avg_pool2d %c2, %zp, %zp {acc_type = f32, kernel = array<i64: 3, 3>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x7x7x1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x5x5x1xf32>
  %c3 = tosa.conv2d %y, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x7x7x1xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x7x7x1xf32>
  %s = tosa.avg_pool2d %c3, %zp, %zp {acc_type = f32, kernel = array<i64: 7, 7>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x7x7x1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x1xf32>
  return %p, %q, %c3, %s : tensor<1x1x1x1xf32>, tensor<1x5x5x1xf32>, tensor<1x7x7x1xf32>, tensor<1x1x1x1xf32>
}
