// RUN: fxp-opt %fxp_src/examples/f8net_block.mlir -canonicalize | FileCheck %s
// RUN: fxp-opt %fxp_src/examples/f8net_block.mlir -canonicalize | fxp-opt -verify-roundtrip

// The bundled example verifies; canonicalization folds the bitcast integer
// weights into fxp constants and keeps the integer dataflow.

// CHECK-LABEL: func @f8net_block
// CHECK-DAG: fxp.constant {{.*}} : tensor<2x3x3x2xi8> -> tensor<2x3x3x2x!fxp.fixed<s8, 6>>
// CHECK-DAG: fxp.constant dense<[1024, -2048]> : tensor<2xi32> -> tensor<2x!fxp.fixed<s32, 14>>
// CHECK: fxp.quantize %{{.*}} -> tensor<1x4x4x2x!fxp.fixed<u8, 8>>
// CHECK: fxp.conv2d {{.*}} -> tensor<1x4x4x2x!fxp.fixed<s32, 14>>
// CHECK: fxp.cast {{.*}} -> tensor<1x4x4x2x!fxp.fixed<u8, 5>>
// CHECK: fxp.conv2d {{.*}} -> tensor<1x4x4x2x!fxp.fixed<s32, 12>>
// CHECK: fxp.add
// CHECK: fxp.relu
// CHECK: fxp.dequantize
// CHECK-NOT: fxp.bitcast
