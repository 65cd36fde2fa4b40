// RUN: fxp-opt %s --fxp-infer-frac-lengths="rule=std report=%t.json" -o /dev/null
// RUN: FileCheck %s --input-file=%t.json --check-prefix=JSON
// RUN: fxp-opt %s --fxp-infer-frac-lengths="rule=std report=%t.txt" -o /dev/null
// RUN: FileCheck %s --input-file=%t.txt --check-prefix=TABLE
// RUN: fxp-opt %s --fxp-infer-frac-lengths="rule=mse report=%t.mse.txt" -o /dev/null
// RUN: FileCheck %s --input-file=%t.mse.txt --check-prefix=MSE

// The report lists every inferred value of every function with its format,
// where it came from, the rule that chose it, sigma and the quantization
// SQNR.

// JSON: "format": "!fxp.fixed<s8, 7>"
// JSON-NEXT: "producer": "fxp.quantize"
// JSON-NEXT: "rule": "std"
// JSON-NEXT: "sigma": 0.25
// JSON-NEXT: "source": "weights"
// JSON: "format": "!fxp.fixed<s8, 5>"
// JSON: "rule": "std"
// JSON-NEXT: "sigma": 1.25
// JSON-NEXT: "source": "stats"
// JSON-NEXT: "sqnr_db": {{[0-9.]+}}

// TABLE: value          producer               format                   source       rule         sigma    SQNR dB
// TABLE: %0             fxp.quantize           !fxp.fixed<s8, 7>        weights      std           0.25      exact
// TABLE: %0             fxp.cast               !fxp.fixed<s8, 5>        stats        std           1.25       {{[0-9.]+}}
// A format given before inference (by the user, or by PACT folding) is
// reported with its quality over the statistics.
// TABLE: %0             fxp.cast               !fxp.fixed<u8, 6>        given                      0.50       {{[0-9.]+}}

func.func @weights() -> tensor<4x!fxp.fixed<s8, ?>> {
  %w = arith.constant dense<[0.25, -0.25, 0.25, -0.25]> : tensor<4xf32>
  %q = fxp.quantize %w : tensor<4xf32> -> tensor<4x!fxp.fixed<s8, ?>>
  return %q : tensor<4x!fxp.fixed<s8, ?>>
}

func.func @activations(%acc: tensor<4x!fxp.fixed<s32, 12>>) -> tensor<4x!fxp.fixed<s8, ?>> {
  %0 = fxp.cast %acc {fxp.stats = #fxp.stats<mean = 0.0, std = 1.25, min = -3.0, max = 2.0, count = 100>} : tensor<4x!fxp.fixed<s32, 12>> -> tensor<4x!fxp.fixed<s8, ?>>
  return %0 : tensor<4x!fxp.fixed<s8, ?>>
}

func.func @given(%acc: tensor<4x!fxp.fixed<s32, 12>>) -> tensor<4x!fxp.fixed<u8, 6>> {
  %0 = fxp.cast %acc {fxp.stats = #fxp.stats<mean = 1.0, std = 0.5, min = 0.0, max = 3.0, count = 100>} : tensor<4x!fxp.fixed<s32, 12>> -> tensor<4x!fxp.fixed<u8, 6>>
  return %0 : tensor<4x!fxp.fixed<u8, 6>>
}

// Pixels k/255 in a 128-bin histogram over [0, 1]: the bin centres
// (2i + 1)/256 lie on the grid of u8 FL 8, the pixels do not. Their SQNR is
// that of values spread over the bins (54 dB: rounding, and 1.0 saturating
// to 255/256 by a step), not "exact".
// MSE: %0 fxp.quantize !fxp.fixed<u8, 8> stats mse {{[0-9.]+}} 5{{[0-9]\.[0-9]}} {{[0-9.]+}}
func.func @pixels(%x: tensor<4xf32>) -> tensor<4x!fxp.fixed<u8, ?>> {
  %0 = fxp.quantize %x {fxp.stats = #fxp.stats<mean = 0.5, std = 0.2887, min = 0.0, max = 1.0, count = 1280, histogram = [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10]>} : tensor<4xf32> -> tensor<4x!fxp.fixed<u8, ?>>
  return %0 : tensor<4x!fxp.fixed<u8, ?>>
}
