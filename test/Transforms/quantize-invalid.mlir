// RUN: fxp-opt %s --fxp-quantize -split-input-file -verify-diagnostics

func.func @unsupported(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{--fxp-quantize does not support 'tosa.sigmoid'}}
  %0 = tosa.sigmoid %x : (tensor<1x4xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

func.func @computed_weights(%x: tensor<1x4x4x2xf32>, %w: tensor<3x1x1x2xf32>) -> tensor<1x4x4x3xf32> {
  %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-error @+1 {{--fxp-quantize needs constant weights}}
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<3x1x1x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x3xf32>
  return %0 : tensor<1x4x4x3xf32>
}

// -----

func.func @int8_model(%x: tensor<1x4x4x2xi8>) -> tensor<1x4x4x3xi32> {
  %w = "tosa.const"() <{values = dense<1> : tensor<3x1x1x2xi8>}> : () -> tensor<3x1x1x2xi8>
  %b = "tosa.const"() <{values = dense<0> : tensor<3xi32>}> : () -> tensor<3xi32>
  %zp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  // expected-error @+1 {{--fxp-quantize expects a float model, got 'tensor<1x4x4x3xi32>'}}
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xi8>, tensor<3x1x1x2xi8>, tensor<3xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x4x4x3xi32>
  return %0 : tensor<1x4x4x3xi32>
}

// -----

func.func @batched_matmul(%x: tensor<2x3x4xf32>, %w: tensor<2x4x5xf32>) -> tensor<2x3x5xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-error @+1 {{--fxp-quantize needs constant weights}}
  %0 = tosa.matmul %x, %w, %zp, %zp : (tensor<2x3x4xf32>, tensor<2x4x5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}

// -----

// The given sizes' product overflows: the -1 cannot be computed.
func.func @reshape_huge(%x: tensor<?x2xf32>) -> tensor<4294967296x4294967296x?xf32> {
  %s = tosa.const_shape {values = dense<[4294967296, 4294967296, -1]> : tensor<3xindex>} : () -> !tosa.shape<3>
  // expected-error @+1 {{--fxp-quantize cannot infer the -1 of reshape shape (4294967296, 4294967296, -1)}}
  %0 = tosa.reshape %x, %s : (tensor<?x2xf32>, !tosa.shape<3>) -> tensor<4294967296x4294967296x?xf32>
  return %0 : tensor<4294967296x4294967296x?xf32>
}

// -----

func.func @constant_add(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %c = "tosa.const"() <{values = dense<1.0> : tensor<1x4xf32>}> : () -> tensor<1x4xf32>
  // expected-error @+1 {{--fxp-quantize supports adds of two activations (residuals) and per-channel adds after a conv or matmul}}
  %0 = tosa.add %x, %c : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}
