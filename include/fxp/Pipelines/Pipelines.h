//===- Pipelines.h - fxp pass pipelines -------------------------*- C++ -*-===//

#ifndef FXP_PIPELINES_PIPELINES_H
#define FXP_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir::fxp {

/// Options shared by the pipelines that lower to the LLVM dialect.
struct LowerToLLVMOptions : public PassPipelineOptions<LowerToLLVMOptions> {
  Option<bool> outParams{
      *this, "out-params",
      llvm::cl::desc("Return results through out-parameters that the caller "
                     "allocates (upstream --buffer-results-to-out-params), "
                     "instead of buffers the callee allocates"),
      llvm::cl::init(false)};
  Option<bool> barePointers{
      *this, "bare-pointers",
      llvm::cl::desc("Pass statically shaped memrefs as bare pointers to "
                     "their data (upstream use-bare-ptr-memref-call-conv): "
                     "the C interface of compiled models"),
      llvm::cl::init(false)};
};

/// Adds the reference lowering of a module mixing fxp with upstream
/// func/arith/math/tensor/linalg ops down to the LLVM dialect: the exact
/// scalar code of --convert-fxp-to-arith, bufferized and lowered to loops.
void buildReferenceToLLVMPipeline(
    OpPassManager &pm,
    const LowerToLLVMOptions &options = LowerToLLVMOptions());

/// Options of the fast lowering.
struct FastLowerToLLVMOptions
    : public PassPipelineOptions<FastLowerToLLVMOptions> {
  Option<std::string> target{
      *this, "target",
      llvm::cl::desc("Target: x86-64-v3, x86-64-v4, avx512vnni, aarch64-neon, "
                     "aarch64-dotprod, aarch64-i8mm, or host (the running "
                     "CPU)"),
      llvm::cl::init("host")};
  Option<bool> outParams{
      *this, "out-params",
      llvm::cl::desc("Return results through out-parameters that the caller "
                     "allocates, as for --fxp-reference-to-llvm"),
      llvm::cl::init(false)};
  Option<unsigned> threads{
      *this, "threads",
      llvm::cl::desc("Threads over each kernel's output tiles (OpenMP; link "
                     "the object with -fopenmp / libomp)"),
      llvm::cl::init(1)};
  Option<bool> lineTiles{
      *this, "line-tiles",
      llvm::cl::desc("Tile padded convolutions of narrow outputs along output "
                     "lines, leaving out the products with padding columns "
                     "(more code to compile for less to run)"),
      llvm::cl::init(true)};
  Option<bool> barePointers{
      *this, "bare-pointers",
      llvm::cl::desc("Pass statically shaped memrefs as bare pointers, as "
                     "for --fxp-reference-to-llvm"),
      llvm::cl::init(false)};
};

/// Adds the fast lowering to the LLVM dialect for a target: micro-kernels for
/// contractions and their epilogues, the reference lowering for the rest.
void buildFastLowerToLLVMPipeline(OpPassManager &pm,
                                  const FastLowerToLLVMOptions &options);

/// A float TOSA model to the LLVM dialect: f32 contractions through the
/// kernels (an FMA as their instruction), the rest through upstream's TOSA
/// lowering. Used by calibration and float builds.
void buildFloatToLLVMPipeline(OpPassManager &pm,
                              const FastLowerToLLVMOptions &options);

/// Options of the F8Net pipeline.
struct F8NetPipelineOptions : public PassPipelineOptions<F8NetPipelineOptions> {
  Option<std::string> rule{*this, "rule",
                           llvm::cl::desc("Fractional-length rule: mse "
                                          "(default), std (F8Net's) or "
                                          "minmax"),
                           llvm::cl::init("mse")};
  Option<std::string> weightRule{
      *this, "weight-rule",
      llvm::cl::desc("The rule for constant weights, if not `rule`: std, mse "
                     "or minmax (--fxp-infer-frac-lengths)"),
      llvm::cl::init("")};
  Option<unsigned> weightWidth{*this, "weight-width",
                               llvm::cl::desc("Bits of weights"),
                               llvm::cl::init(8)};
  Option<unsigned> firstLastWeightWidth{
      *this, "first-last-weight-width",
      llvm::cl::desc("Least bits of the first and last contractions' "
                     "weights (0: weight-width) (--fxp-quantize)"),
      llvm::cl::init(8)};
  Option<unsigned> activationWidth{*this, "activation-width",
                                   llvm::cl::desc("Bits of activations"),
                                   llvm::cl::init(8)};
  Option<std::string> stdRange{
      *this, "std-range",
      llvm::cl::desc("Where the std rule's fractional length may lie: type "
                     "(default), auto or f8net (--fxp-infer-frac-lengths)"),
      llvm::cl::init("type")};
  Option<bool> perChannelWeights{
      *this, "per-channel-weights",
      llvm::cl::desc("A fractional length per output channel of constant "
                     "contraction weights (--fxp-infer-frac-lengths)"),
      llvm::cl::init(true)};
  Option<bool> rescaleGlobalPool{
      *this, "rescale-global-pool",
      llvm::cl::desc("F8Net's 64/49: global average pools divide by a shift "
                     "(--fxp-rescale-global-pool)"),
      llvm::cl::init(false)};
  Option<bool> foldPact{*this, "fold-pact",
                        llvm::cl::desc("Fold PACT clipping (--fxp-fold-pact)"),
                        llvm::cl::init(true)};
  Option<std::string> pactLevel{
      *this, "pact-level",
      llvm::cl::desc("Where PACT clipping folds: calibrated (default: the "
                     "smaller of alpha and the calibrated maximum) or alpha "
                     "(F8Net) (--fxp-fold-pact level)"),
      llvm::cl::init("calibrated")};
  Option<bool> correctBias{
      *this, "correct-bias",
      llvm::cl::desc("Remove the mean output shift of weight rounding through "
                     "the biases (--fxp-correct-bias)"),
      llvm::cl::init(false)};
  Option<std::string> report{
      *this, "report",
      llvm::cl::desc("Write the per-value format report here (.json: JSON)"),
      llvm::cl::init("")};
};

/// Adds F8Net's quantization of a float TOSA model: fold BatchNorm, turn the
/// model into fxp ops, fold PACT clipping, infer every fractional length,
/// correct the biases, align residual adds and fold the weights into constants.
void buildF8NetPipeline(OpPassManager &pm, const F8NetPipelineOptions &options);

/// Adds the upstream lowering of float TOSA to linalg, tensor and arith ops,
/// ahead of --fxp-reference-to-llvm: how float models run (calibration, the
/// float baseline of compiled models).
void buildTosaToLinalgPipeline(OpPassManager &pm);

/// Registers the fxp pass pipelines (`--fxp-lower-to-llvm`,
/// `--fxp-reference-to-llvm`, `--fxp-f8net`).
void registerPipelines();

} // namespace mlir::fxp

#endif // FXP_PIPELINES_PIPELINES_H
