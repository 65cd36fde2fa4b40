// A conv over a dynamic height and width: TOSA makes an input smaller than
// the window an error, and --fxp-quantize checks it at run time instead of
// letting the lowering compute a negative output size.
// RUN: fxp-opt %s --fxp-f8net | fxp-opt --fxp-reference-to-llvm > %t.mlir
// RUN: mlir-runner %t.mlir -e fits -entry-point-result=void \
// RUN:     -shared-libs=%mlir_c_runner_utils | FileCheck %s --check-prefix=FITS
// RUN: not --crash stdbuf -o0 mlir-runner %t.mlir -e too_small \
// RUN:     -entry-point-result=void -shared-libs=%mlir_c_runner_utils 2>&1 \
// RUN:   | FileCheck %s --check-prefix=SMALL

// FITS: sizes 1, 1
// SMALL: ERROR: 'fxp.conv2d' at loc("{{.*}}dynamic-window.mlir":[[# @LINE + 7]]:8): input height must be at least 3 to hold the padded window
// SMALL-NOT: sizes

func.func @conv(%x: tensor<1x?x?x2xf32> {fxp.stats = #fxp.stats<mean = 0.0, std = 1.0, min = -1.0, max = 1.0, count = 4>}) -> tensor<1x?x?x1xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<1x3x3x2xf32>}> : () -> tensor<1x3x3x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %z = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv2d %x, %w, %b, %z, %z {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x?x?x2xf32>, tensor<1x3x3x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x?x?x1xf32>
  return %y : tensor<1x?x?x1xf32>
}

func.func @run(%x: tensor<1x?x?x2xf32>) {
  %y = call @conv(%x) : (tensor<1x?x?x2xf32>) -> tensor<1x?x?x1xf32>
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %h = tensor.dim %y, %c1 : tensor<1x?x?x1xf32>
  %w = tensor.dim %y, %c2 : tensor<1x?x?x1xf32>
  vector.print str "sizes "
  vector.print %h : index punctuation <comma>
  vector.print %w : index
  return
}

func.func @fits() {
  %x = arith.constant dense<1.0> : tensor<1x3x3x2xf32>
  %d = tensor.cast %x : tensor<1x3x3x2xf32> to tensor<1x?x?x2xf32>
  call @run(%d) : (tensor<1x?x?x2xf32>) -> ()
  return
}

func.func @too_small() {
  %x = arith.constant dense<1.0> : tensor<1x2x4x2xf32>
  %d = tensor.cast %x : tensor<1x2x4x2xf32> to tensor<1x?x?x2xf32>
  call @run(%d) : (tensor<1x?x?x2xf32>) -> ()
  return
}
