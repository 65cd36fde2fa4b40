//===- Passes.td - fxp conversion passes -------------------*- tablegen -*-===//

#ifndef FXP_CONVERSION_PASSES_TD
#define FXP_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertFXPToArith : Pass<"convert-fxp-to-arith", "ModuleOp"> {
  let summary = "Lower fxp to exact integer arith, linalg and tensor ops";
  let description = [{
    The reference lowering: every fxp op becomes upstream `arith`, `math`,
    `linalg` and `tensor` ops on signless integers (and floats for
    `fxp.quantize`/`fxp.dequantize`), scalar-exact, with no vector tricks.
    Fixed-point types become their storage integers in every op, block
    argument and function signature.

    Intermediates are as wide as the exact values need (up to i256 for
    extreme fractional-length gaps); each op rounds once. Matmul and conv2d
    accumulate in an integer wide enough for the exact sum of their formats
    (a dynamic reduction size is assumed below 2^31).

    A value whose format has an unknown fractional length (`?`) cannot be
    lowered: the pass reports it and fails. Calibration statistics
    (`fxp.stats`) are dropped with the dialect.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def ConvertFXPISAToLLVM : Pass<"convert-fxp-isa-to-llvm"> {
  let summary = "Lower fxp_isa ops to LLVM intrinsic calls";
  let description = [{
    Each `fxp_isa` op becomes the `llvm.call_intrinsic` of its instruction.
    Runs after buffer deallocation, which cannot see through the unknown
    memory effects of an intrinsic call.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def MemRefCopyToLinalg : Pass<"fxp-memref-copy-to-linalg"> {
  let summary = "Turn memref.copy into code that needs no runtime library";
  let description = [{
    `memref.copy` between non-contiguous memrefs (bufferized `tensor.pad`,
    `insert_slice`) lowers to a call of `memrefCopy` in MLIR's runner
    library. This pass rewrites such copies: when both sides have contiguous
    rows of a static length (channels-last activations), into a loop nest of
    row copies, which lower to `llvm.memcpy` of a static size (vector moves);
    otherwise into `linalg.copy`, which lowers to loops. Copies that already
    lower to `llvm.memcpy` stay. With this pass, lowered code needs no
    runtime library, so that an object compiled ahead of time (for any
    target) links with libc and libm alone.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::scf::SCFDialect"];
}

#endif // FXP_CONVERSION_PASSES_TD
