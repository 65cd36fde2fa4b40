//===- Pipelines.cpp - fxp pass pipelines ---------------------------------===//

#include "fxp/Pipelines/Pipelines.h"

#include "fxp/Codegen/Passes.h"
#include "fxp/Conversion/Passes.h"
#include "fxp/Dialect/FXP/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

/// Adds upstream passes spelled as text, so that they read like the mlir-opt
/// command line they are equivalent to.
static void addUpstreamPipeline(OpPassManager &pm, StringRef pipeline) {
  LogicalResult parsed = parsePassPipeline(pipeline, pm);
  assert(succeeded(parsed) && "the upstream pipeline text is valid");
  (void)parsed;
}

/// Bufferizes code lowered from fxp (integer arith/linalg/tensor ops, and
/// the generated kernels' vector and memref ops) and lowers it to the LLVM
/// dialect. All upstream but for turning copies into loops, so that lowered
/// code needs no runtime library.
static void buildBufferizeToLLVM(OpPassManager &pm, bool outParams,
                                 bool barePointers, unsigned threads = 1) {
  // Arith and math ops on tensors become linalg.generic ops, which
  // bufferize.
  std::string pipeline =
      "canonicalize,"
      "convert-elementwise-to-linalg,"
      "one-shot-bufferize{bufferize-function-boundaries "
      "function-boundary-type-conversion=identity-layout-map},";
  // The caller's buffer replaces the callee's allocation of a static shape,
  // so that calling a lowered function allocates nothing.
  // (A function declared here and defined in another module gets the same
  // convention.)
  if (outParams)
    pipeline += "fxp-declared-results-to-out-params,"
                "func.func(fxp-copy-repeated-results),"
                "buffer-results-to-out-params{hoist-static-allocs "
                "modify-public-functions},";
  // Small buffers (a model's activations, staging copies) live on the stack
  // instead of costing a malloc and a free per op.
  pipeline +=
      "func.func(promote-buffers-to-stack{max-alloc-size-in-bytes=65536}),"
      "buffer-deallocation-pipeline,"
      "func.func(fxp-plan-buffers),"
      // One function per loop nest: LLVM compiles many small functions
      // several times faster than one large one. Nests alike but for their
      // weights (layers of the same shape) share one.
      "fxp-outline-loop-nests,"
      "fxp-deduplicate-functions,";
  // Parallel loops (the kernels' tiles) become OpenMP worksharing loops;
  // canonicalization inlines the allocation scopes their bodies get (they
  // allocate nothing), which would otherwise hold the loops' control flow.
  if (threads > 1)
    pipeline += "convert-scf-to-openmp{num-threads=" + std::to_string(threads) +
                "},canonicalize,";
  // Passes that stay within a function run on the functions in parallel;
  // those that may declare module symbols (allocation, printing and libm
  // functions) run on the module.
  pipeline += "func.func(convert-fxp-isa-to-llvm,"
              "convert-bufferization-to-memref,"
              "fxp-memref-copy-to-linalg,"
              "convert-linalg-to-loops,"
              "convert-vector-to-scf,"
              "expand-strided-metadata,"
              "lower-affine,"
              "convert-scf-to-cf),"
              "finalize-memref-to-llvm,"
              "convert-vector-to-llvm,"
              "func.func(convert-math-to-llvm),"
              "convert-math-to-libm,"
              "func.func(convert-arith-to-llvm,"
              "convert-index-to-llvm,"
              "convert-ub-to-llvm),"
              "convert-cf-to-llvm,";
  pipeline += barePointers
                  ? "convert-func-to-llvm{use-bare-ptr-memref-call-conv},"
                  : "convert-func-to-llvm,";
  if (threads > 1)
    pipeline += "convert-openmp-to-llvm,";
  pipeline += "reconcile-unrealized-casts";
  addUpstreamPipeline(pm, pipeline);
}

void mlir::fxp::buildReferenceToLLVMPipeline(
    OpPassManager &pm, const LowerToLLVMOptions &options) {
  pm.addPass(createConvertFXPToArith());
  buildBufferizeToLLVM(pm, options.outParams, options.barePointers);
}

/// Contractions to the kernels for `options.target`, the other ops through
/// `lowerOthers`, then bufferization, the LLVM dialect and the target on the
/// functions.
static void
buildKernelsToLLVM(OpPassManager &pm,
                   const fxp::FastLowerToLLVMOptions &options,
                   function_ref<void(OpPassManager &)> lowerOthers) {
  fxp::FXPGenerateKernelsOptions kernels;
  kernels.target = options.target;
  kernels.threads = options.threads;
  kernels.lineTiles = options.lineTiles;
  pm.addPass(fxp::createFXPGenerateKernels(kernels));
  lowerOthers(pm);
  buildBufferizeToLLVM(pm, options.outParams, options.barePointers,
                       options.threads);
  fxp::FXPSetLLVMTargetOptions target;
  target.target = options.target;
  pm.addPass(fxp::createFXPSetLLVMTarget(target));
}

void mlir::fxp::buildFastLowerToLLVMPipeline(
    OpPassManager &pm, const FastLowerToLLVMOptions &options) {
  // Folding first turns weights reshaped or bitcast from constants into
  // fxp.constant, which the kernels pack.
  pm.addPass(createCanonicalizerPass());
  buildKernelsToLLVM(pm, options, [](OpPassManager &others) {
    others.addPass(createConvertFXPToArith());
  });
}

void mlir::fxp::buildFloatToLLVMPipeline(
    OpPassManager &pm, const FastLowerToLLVMOptions &options) {
  // The contractions become kernels while they are still TOSA ops, whose
  // geometry the kernels read; the rest goes through upstream's lowering.
  buildKernelsToLLVM(pm, options, buildTosaToLinalgPipeline);
}

void mlir::fxp::buildF8NetPipeline(OpPassManager &pm,
                                   const F8NetPipelineOptions &options) {
  pm.addNestedPass<func::FuncOp>(createFXPFoldBatchNorm());
  if (options.rescaleGlobalPool)
    pm.addNestedPass<func::FuncOp>(createFXPRescaleGlobalPool());
  FXPQuantizeOptions quantize;
  quantize.weightWidth = options.weightWidth;
  quantize.firstLastWeightWidth = options.firstLastWeightWidth;
  quantize.activationWidth = options.activationWidth;
  pm.addNestedPass<func::FuncOp>(createFXPQuantize(quantize));
  if (options.foldPact)
    pm.addNestedPass<func::FuncOp>(
        createFXPFoldPact(FXPFoldPactOptions{options.pactLevel}));
  FXPInferFracLengthsOptions infer;
  infer.rule = options.rule;
  infer.weightRule = options.weightRule;
  infer.stdRange = options.stdRange;
  infer.perChannelWeights = options.perChannelWeights;
  infer.report = options.report;
  pm.addPass(createFXPInferFracLengths(infer));
  if (options.correctBias)
    pm.addNestedPass<func::FuncOp>(createFXPCorrectBias());
  pm.addNestedPass<func::FuncOp>(createFXPAlignResiduals());
  pm.addPass(createCanonicalizerPass());
}

void mlir::fxp::buildTosaToLinalgPipeline(OpPassManager &pm) {
  addUpstreamPipeline(
      pm, "tosa-to-linalg-pipeline,func.func(tosa-to-tensor,tosa-to-arith)");
}

void mlir::fxp::registerPipelines() {
  PassPipelineRegistration<F8NetPipelineOptions>(
      "fxp-f8net",
      "F8Net: quantize a float TOSA model into 8-bit fixed point (fold "
      "BatchNorm, --fxp-quantize, --fxp-fold-pact, --fxp-infer-frac-lengths, "
      "with correct-bias=true --fxp-correct-bias, --fxp-align-residuals, "
      "canonicalize)",
      buildF8NetPipeline);
  PassPipelineRegistration<FastLowerToLLVMOptions>(
      "fxp-lower-to-llvm",
      "Lower fxp and upstream tensor code to the LLVM dialect through the "
      "fast path: contractions and their epilogues become vectorized "
      "micro-kernels for the target (--fxp-generate-kernels), the rest the "
      "exact reference lowering; bit-identical to --fxp-reference-to-llvm",
      buildFastLowerToLLVMPipeline);
  PassPipelineRegistration<FastLowerToLLVMOptions>(
      "fxp-float-to-llvm",
      "Lower a float TOSA model to the LLVM dialect: its f32 convolutions "
      "and matmuls with constant weights become the fast path's "
      "micro-kernels with an FMA (--fxp-generate-kernels), the rest "
      "upstream's --tosa-to-linalg-pipeline; for calibration and float "
      "builds",
      buildFloatToLLVMPipeline);
  PassPipelineRegistration<LowerToLLVMOptions>(
      "fxp-reference-to-llvm",
      "Lower fxp and upstream tensor code to the LLVM dialect through the "
      "exact reference lowering (--convert-fxp-to-arith), bufferization and "
      "loops",
      buildReferenceToLLVMPipeline);
}
