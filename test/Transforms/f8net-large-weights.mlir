// The F8Net passes cost a small constant per weight element: 6.6 million
// weights (four 3x3 convolutions of 384 channels) take well under a second.
// They took 40 s when every element was quantized through arbitrary-precision
// floats, and again in every pass that folded them; the timeout catches a
// return to that.
// RUN: %python %S/Inputs/large_weights.py 4 384 > %t.mlir
// RUN: timeout 20 fxp-opt %t.mlir --fxp-f8net | FileCheck %s

// Every weight tensor is folded to integers once, at the std rule's format
// (sigma 0.05: FL floor(log2(40 / 0.05)) = 9).
// CHECK-LABEL: func @large
// CHECK-COUNT-4: fxp.constant dense<"0x{{[0-9A-F]+}}"> : tensor<384x3x3x384xi8> -> tensor<384x3x3x384x!fxp.fixed<s8, 9>>
// CHECK-NOT: fxp.quantize %{{.*}} : tensor<384x3x3x384xf32>
