// RUN: mlir-opt %s --load-dialect-plugin=%fxp_libs/libFXPPlugin%shlibext | FileCheck %s
// RUN: mlir-opt %s --load-dialect-plugin=%fxp_libs/libFXPPlugin%shlibext -canonicalize | FileCheck %s --check-prefix=CANON

// A stock mlir-opt parses, verifies, prints and folds fxp IR with the plugin.
// (Storage integers print signed: u8 255 is i8 -1.)

// CHECK-LABEL: func @requant
// CHECK: fxp.cast %{{.*}} rounding half_up : tensor<4x!fxp.fixed<s32, 11>> -> tensor<4x!fxp.fixed<u8, 4>>
// CANON-LABEL: func @requant
// CANON: fxp.constant dense<[6, 7, 0, -1]> : tensor<4xi8> -> tensor<4x!fxp.fixed<u8, 4>>
func.func @requant() -> tensor<4x!fxp.fixed<u8, 4>> {
  %a = arith.constant dense<[704, 832, -128, 38400]> : tensor<4xi32>
  %b = fxp.bitcast %a : tensor<4xi32> -> tensor<4x!fxp.fixed<s32, 11>>
  %r = fxp.cast %b rounding half_up : tensor<4x!fxp.fixed<s32, 11>> -> tensor<4x!fxp.fixed<u8, 4>>
  return %r : tensor<4x!fxp.fixed<u8, 4>>
}

// Loaded as a pass plugin as well, it brings the fxp passes (named in
// --pass-pipeline, since mlir-opt parses its flags before loading plugins).
// RUN: mlir-opt %s --load-dialect-plugin=%fxp_libs/libFXPPlugin%shlibext --load-pass-plugin=%fxp_libs/libFXPPlugin%shlibext --pass-pipeline="builtin.module(convert-fxp-to-arith)" | FileCheck %s --check-prefix=LOWER
// LOWER-LABEL: func @requant
// LOWER-NOT: fxp.
// LOWER: linalg.generic
