// RUN: fxp-opt %s --fxp-quantize -split-input-file | FileCheck %s
// Dynamic sizes that TOSA allows: the output parses back and keeps weights.
// RUN: fxp-opt %s --fxp-quantize -split-input-file | fxp-opt -split-input-file -o /dev/null

// A dynamic K in the input: K and N come from the constant weights, which
// keep their values, and the input is cast to the weights' K.
// CHECK-LABEL: func @dynamic_k
// CHECK: %[[X:.*]] = tensor.cast %{{.*}} : tensor<1x2x?x!fxp.fixed<s8, ?>> to tensor<1x2x2x!fxp.fixed<s8, ?>>
// CHECK: %[[W:.*]] = arith.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00, 3.000000e+00], [4.000000e+00, 5.000000e+00, 6.000000e+00]]> : tensor<2x3xf32>
// CHECK: %[[WQ:.*]] = fxp.quantize %[[W]]
// CHECK: %[[K:.*]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1], [2]] : tensor<1x2x2x!fxp.fixed<s8, ?>> into tensor<2x2x!fxp.fixed<s8, ?>>
// CHECK: fxp.matmul %[[K]], %[[WQ]] : tensor<2x2x!fxp.fixed<s8, ?>>, tensor<2x3x!fxp.fixed<s8, ?>> -> tensor<2x3x!fxp.fixed<s32, ?>>
func.func @dynamic_k(%a: tensor<1x2x?xf32>) -> tensor<1x2x3xf32> {
  %w = "tosa.const"() <{values = dense<[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]]> : tensor<1x2x3xf32>}> : () -> tensor<1x2x3xf32>
  %z = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.matmul %a, %w, %z, %z : (tensor<1x2x?xf32>, tensor<1x2x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x3xf32>
  return %y : tensor<1x2x3xf32>
}

// -----

// A dynamic N in the result: the matmul has the weights' N, and its result
// is cast to the TOSA result's type for the ops after it.
// CHECK-LABEL: func @dynamic_n
// CHECK: %[[Y:.*]] = fxp.matmul {{.*}} -> tensor<2x3x!fxp.fixed<s32, ?>>
// CHECK: %[[E:.*]] = tensor.expand_shape %[[Y]] {{.*}} into tensor<1x2x3x!fxp.fixed<s32, ?>>
// CHECK: %[[C:.*]] = tensor.cast %[[E]] : tensor<1x2x3x!fxp.fixed<s32, ?>> to tensor<1x2x?x!fxp.fixed<s32, ?>>
// CHECK: fxp.dequantize %[[C]] : tensor<1x2x?x!fxp.fixed<s32, ?>> -> tensor<1x2x?xf32>
func.func @dynamic_n(%a: tensor<1x2x2xf32>) -> tensor<1x2x?xf32> {
  %w = "tosa.const"() <{values = dense<[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]]> : tensor<1x2x3xf32>}> : () -> tensor<1x2x3xf32>
  %z = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.matmul %a, %w, %z, %z : (tensor<1x2x2xf32>, tensor<1x2x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x?xf32>
  return %y : tensor<1x2x?xf32>
}

// -----

// A dynamic batch is the weights' batch (TOSA requires it).
// CHECK-LABEL: func @dynamic_batch
// CHECK: %[[X:.*]] = tensor.cast %{{.*}} : tensor<?x3x4x!fxp.fixed<s8, ?>> to tensor<1x3x4x!fxp.fixed<s8, ?>>
// CHECK: tensor.collapse_shape %[[X]]
// CHECK: %[[E:.*]] = tensor.expand_shape
// CHECK: tensor.cast %[[E]] : tensor<1x3x5x!fxp.fixed<s32, ?>> to tensor<?x3x5x!fxp.fixed<s32, ?>>
func.func @dynamic_batch(%x: tensor<?x3x4xf32>) -> tensor<?x3x5xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x4x5xf32>}> : () -> tensor<1x4x5xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.matmul %x, %w, %zp, %zp : (tensor<?x3x4xf32>, tensor<1x4x5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<?x3x5xf32>
  return %0 : tensor<?x3x5xf32>
}

// -----

// A reshape to a dynamic type takes its sizes from the TOSA shape, with the
// -1 resolved from the static input.
// CHECK-LABEL: func @reshape_inferred
// CHECK: %[[S:.*]] = arith.constant dense<[1, 8]> : tensor<2xindex>
// CHECK: tensor.reshape %{{.*}}(%[[S]]) : (tensor<1x2x2x2x!fxp.fixed<s8, ?>>, tensor<2xindex>) -> tensor<1x?x!fxp.fixed<s8, ?>>
func.func @reshape_inferred(%a: tensor<1x2x2x2xf32>) -> tensor<1x?xf32> {
  %s = tosa.const_shape {values = dense<[1, -1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %y = tosa.reshape %a, %s : (tensor<1x2x2x2xf32>, !tosa.shape<2>) -> tensor<1x?xf32>
  return %y : tensor<1x?xf32>
}

// -----

// With a dynamic input the -1 is its element count divided by the other
// sizes, at run time.
// CHECK-LABEL: func @reshape_dynamic_input
// CHECK: %[[N:.*]] = tensor.dim %[[X:.*]], %{{.*}} : tensor<?x2x2x2x!fxp.fixed<s8, ?>>
// CHECK: arith.muli %{{.*}}, %[[N]] : index
// CHECK: %[[SIZE:.*]] = arith.divui %{{.*}}, %[[C8:.*]] : index
// CHECK: %[[S:.*]] = tensor.from_elements %[[SIZE]], %{{.*}} : tensor<2xindex>
// CHECK: tensor.reshape %{{.*}}(%[[S]]) : (tensor<?x2x2x2x!fxp.fixed<s8, ?>>, tensor<2xindex>) -> tensor<?x8x!fxp.fixed<s8, ?>>
func.func @reshape_dynamic_input(%a: tensor<?x2x2x2xf32>) -> tensor<?x8xf32> {
  %s = tosa.const_shape {values = dense<[-1, 8]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %y = tosa.reshape %a, %s : (tensor<?x2x2x2xf32>, !tosa.shape<2>) -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}

// -----

// A pool over a dynamic height asserts at run time that the window fits.
// CHECK-LABEL: func @pool_dynamic_height
// CHECK: %[[H:.*]] = tensor.dim %{{.*}}, %{{.*}} : tensor<1x?x4x2x!fxp.fixed<s8, ?>>
// CHECK: %[[FITS:.*]] = arith.cmpi sge, %[[H]], %{{.*}} : index
// CHECK: cf.assert %[[FITS]], "ERROR: 'fxp.max_pool2d' at {{.*}}: input height must be at least 2 to hold the padded window"
// CHECK-NOT: cf.assert
// CHECK: fxp.max_pool2d
func.func @pool_dynamic_height(%a: tensor<1x?x4x2xf32>) -> tensor<1x?x2x2xf32> {
  %y = tosa.max_pool2d %a {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x?x4x2xf32>) -> tensor<1x?x2x2xf32>
  return %y : tensor<1x?x2x2xf32>
}
