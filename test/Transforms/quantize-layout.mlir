// RUN: fxp-opt %s --fxp-quantize -split-input-file | FileCheck %s

// The ONNX importer's form of an NCHW model: the transposes at the input
// and the output stay float (linalg.transpose, so that no TOSA is left);
// the input is quantized after its transpose (with the transpose's
// statistics), the output dequantized before its transpose. A slice (ONNX's
// stride remainder) keeps the format.
// CHECK-LABEL: func @edges
// CHECK: %[[T:.*]] = linalg.transpose ins(%arg0 : tensor<1x2x6x6xf32>) outs(%{{.*}} : tensor<1x6x6x2xf32>) permutation = [0, 2, 3, 1]
// CHECK: %[[X:.*]] = fxp.quantize %[[T]] {fxp.stats = {{.*}}} : tensor<1x6x6x2xf32> -> tensor<1x6x6x2x!fxp.fixed<u8, ?>>
// CHECK: %[[S:.*]] = tensor.extract_slice %[[X]][0, 0, 0, 0] [1, 5, 5, 2] [1, 1, 1, 1] : tensor<1x6x6x2x!fxp.fixed<u8, ?>> to tensor<1x5x5x2x!fxp.fixed<u8, ?>>
// CHECK: %[[C:.*]] = fxp.conv2d %[[S]], {{.*}} -> tensor<1x2x2x3x!fxp.fixed<s32, ?>>
// CHECK: %[[R:.*]] = fxp.relu %[[C]]
// CHECK: %[[D:.*]] = fxp.dequantize %[[R]] : tensor<1x2x2x3x!fxp.fixed<s32, ?>> -> tensor<1x2x2x3xf32>
// CHECK: %[[Y:.*]] = linalg.transpose ins(%[[D]] : tensor<1x2x2x3xf32>) outs(%{{.*}} : tensor<1x3x2x2xf32>) permutation = [0, 3, 1, 2]
// CHECK: return %[[Y]]
// CHECK-NOT: tosa.
func.func @edges(%x: tensor<1x2x6x6xf32> {fxp.stats = #fxp.stats<mean = 0.5, std = 0.25, min = 0.0, max = 1.0, count = 72>}) -> tensor<1x3x2x2xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %t = tosa.transpose %x {perms = array<i32: 0, 2, 3, 1>, fxp.stats = #fxp.stats<mean = 0.5, std = 0.25, min = 0.0, max = 1.0, count = 72>} : (tensor<1x2x6x6xf32>) -> tensor<1x6x6x2xf32>
  %start = tosa.const_shape {values = dense<0> : tensor<4xindex>} : () -> !tosa.shape<4>
  %size = tosa.const_shape {values = dense<[1, 5, 5, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %s = tosa.slice %t, %start, %size : (tensor<1x6x6x2xf32>, !tosa.shape<4>, !tosa.shape<4>) -> tensor<1x5x5x2xf32>
  %w = "tosa.const"() <{values = dense<0.5> : tensor<3x3x3x2xf32>}> : () -> tensor<3x3x3x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  %c = tosa.conv2d %s, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x5x5x2xf32>, tensor<3x3x3x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x3xf32>
  %r = tosa.clamp %c {min_val = 0.0 : f32, max_val = 3.4028235e+38 : f32} : (tensor<1x2x2x3xf32>) -> tensor<1x2x2x3xf32>
  %y = tosa.transpose %r {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x2x2x3xf32>) -> tensor<1x3x2x2xf32>
  return %y : tensor<1x3x2x2xf32>
}

// -----

// A transpose between two layers (none that the importer makes) runs in
// float too: dequantize, transpose, quantize with its statistics.
// CHECK-LABEL: func @between
// CHECK: %[[R:.*]] = fxp.relu
// CHECK: %[[D:.*]] = fxp.dequantize %[[R]]
// CHECK: %[[T:.*]] = linalg.transpose ins(%[[D]]
// CHECK: %[[Q:.*]] = fxp.quantize %[[T]] {fxp.stats = {{.*}}} : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!fxp.fixed<u8, ?>>
// CHECK: fxp.conv2d %[[Q]]
func.func @between(%x: tensor<1x2x2x2xf32>) -> tensor<1x4xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %r = tosa.clamp %c {min_val = 0.0 : f32, max_val = 3.4028235e+38 : f32} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %t = tosa.transpose %r {perms = array<i32: 0, 3, 1, 2>, fxp.stats = #fxp.stats<mean = 0.5, std = 0.25, min = 0.0, max = 1.0, count = 8>} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %w2 = "tosa.const"() <{values = dense<0.5> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
  %b2 = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c2 = tosa.conv2d %t, %w2, %b2, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<1x1x1x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32>
  %y = tosa.transpose %c2 {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x2x2x1xf32>) -> tensor<1x1x2x2xf32>
  %shape = tosa.const_shape {values = dense<[1, 4]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %z = tosa.reshape %y, %shape : (tensor<1x1x2x2xf32>, !tosa.shape<2>) -> tensor<1x4xf32>
  return %z : tensor<1x4xf32>
}

// -----

// Concat: each input is requantized to one activation format chosen from
// the statistics of the whole (unsigned: both inputs are ReLU outputs).
// CHECK-LABEL: func @concat
// CHECK: %[[A:.*]] = fxp.relu
// CHECK: %[[B:.*]] = fxp.relu
// CHECK: %[[CA:.*]] = fxp.cast %[[A]] {fxp.stats = #fxp.stats<mean = 1.{{0*}}e+00, std = 5.{{0*}}e-01, {{.*}}>} : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<u8, ?>>
// CHECK: %[[CB:.*]] = fxp.cast %[[B]] {fxp.stats = #fxp.stats<mean = 1.{{0*}}e+00, std = 5.{{0*}}e-01, {{.*}}>} : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<u8, ?>>
// CHECK: %[[CAT:.*]] = tensor.concat dim(3) %[[CA]], %[[CB]] : (tensor<1x2x2x2x!fxp.fixed<u8, ?>>, tensor<1x2x2x2x!fxp.fixed<u8, ?>>) -> tensor<1x2x2x4x!fxp.fixed<u8, ?>>
// CHECK: fxp.conv2d %[[CAT]]
func.func @concat(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x1xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %c1 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %r1 = tosa.clamp %c1 {min_val = 0.0 : f32, max_val = 3.4028235e+38 : f32} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %c2 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %r2 = tosa.clamp %c2 {min_val = 0.0 : f32, max_val = 3.4028235e+38 : f32} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %cat = tosa.concat %r1, %r2 {axis = 3 : i32, fxp.stats = #fxp.stats<mean = 1.0, std = 0.5, min = 0.0, max = 2.0, count = 16>} : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x4xf32>
  %w2 = "tosa.const"() <{values = dense<0.5> : tensor<1x1x1x4xf32>}> : () -> tensor<1x1x1x4xf32>
  %b2 = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv2d %cat, %w2, %b2, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x4xf32>, tensor<1x1x1x4xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32>
  return %y : tensor<1x2x2x1xf32>
}

// -----

// A batched matmul with constant weights: one fxp.matmul per batch on its
// rows and its slice of the weights (quantized once, so that every product
// has the same format), with the bias absorbed, concatenated.
// CHECK-LABEL: func @batched_matmul
// CHECK: %[[X:.*]] = fxp.quantize %arg0
// CHECK: %[[W:.*]] = fxp.quantize %{{.*}} : tensor<8x5xf32> -> tensor<8x5x!fxp.fixed<s8, ?>>
// CHECK: %[[B:.*]] = fxp.quantize %{{.*}} : tensor<5xf32> -> tensor<5x!fxp.fixed<s32, ?>>
// CHECK: %[[X0:.*]] = tensor.extract_slice %[[X]][0, 0, 0] [1, 3, 4] [1, 1, 1]
// CHECK: %[[W0:.*]] = tensor.extract_slice %[[W]][0, 0] [4, 5] [1, 1]
// CHECK: %[[R0:.*]] = tensor.collapse_shape %[[X0]]
// CHECK: %[[M0:.*]] = fxp.matmul %[[R0]], %[[W0]], %[[B]] : tensor<3x4x!fxp.fixed<u8, ?>>, tensor<4x5x!fxp.fixed<s8, ?>>, tensor<5x!fxp.fixed<s32, ?>> -> tensor<3x5x!fxp.fixed<s32, ?>>
// CHECK: %[[E0:.*]] = tensor.expand_shape %[[M0]]
// CHECK: %[[X1:.*]] = tensor.extract_slice %[[X]][1, 0, 0] [1, 3, 4] [1, 1, 1]
// CHECK: %[[W1:.*]] = tensor.extract_slice %[[W]][4, 0] [4, 5] [1, 1]
// CHECK: %[[E1:.*]] = tensor.expand_shape
// CHECK: %[[CAT:.*]] = tensor.concat dim(0) %[[E0]], %[[E1]] : (tensor<1x3x5x!fxp.fixed<s32, ?>>, tensor<1x3x5x!fxp.fixed<s32, ?>>) -> tensor<2x3x5x!fxp.fixed<s32, ?>>
// CHECK: fxp.dequantize %[[CAT]]
func.func @batched_matmul(%x: tensor<2x3x4xf32> {fxp.stats = #fxp.stats<mean = 0.5, std = 0.25, min = 0.0, max = 1.0, count = 24>}) -> tensor<2x3x5xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<2x4x5xf32>}> : () -> tensor<2x4x5xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.matmul %x, %w, %zp, %zp : (tensor<2x3x4xf32>, tensor<2x4x5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x3x5xf32>
  %bias = "tosa.const"() <{values = dense<0.25> : tensor<1x1x5xf32>}> : () -> tensor<1x1x5xf32>
  %1 = tosa.add %0, %bias : (tensor<2x3x5xf32>, tensor<1x1x5xf32>) -> tensor<2x3x5xf32>
  return %1 : tensor<2x3x5xf32>
}
