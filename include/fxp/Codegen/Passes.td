//===- Passes.td - fxp code generation passes --------------*- tablegen -*-===//

#ifndef FXP_CODEGEN_PASSES_TD
#define FXP_CODEGEN_PASSES_TD

include "mlir/Pass/PassBase.td"

def FXPGenerateKernels : Pass<"fxp-generate-kernels", "ModuleOp"> {
  let summary = "Lower contractions and their epilogues to register-blocked "
                "micro-kernels for a target";
  let description = [{
    Each `fxp.matmul` and `fxp.conv2d` (groups = 1, or depthwise: groups = C
    = O) with constant weights whose accumulator AccumulatorRange proves to
    fit 32 bits becomes a register-blocked micro-kernel for the target's
    dot-product instruction,
    together with the chain of elementwise fxp ops (and reshapes) that
    follows it alone: the requantization, ReLU/PACT saturation and residual
    add are computed in registers before the single store.

    - Weights are packed at compile time into the kernel's layout (panels of
      the tile's columns, reduction groups of the instruction's width), with
      the bias and any signedness correction folded into the initial
      accumulators.
    - Activations are read in place when the instruction takes them as they
      are; otherwise they are staged once (padded, channels rounded up to the
      group size, widened or offset by 128 for the instruction's operand
      signedness). A convolution is an implicit GEMM over the staged input:
      no im2col buffer. A depthwise convolution's lanes are channels, each
      tap one group whose first element holds the weight.
    - Where the staged padding is a zero activation (no activation offset)
      a tile leaves out the products with it, as oneDNN's kernels do: its
      kernel rows run over those that read an input row for some of its
      pixels. Where the padding columns' products are 3% of all or more
      (a 3x3 convolution of an output 22 pixels wide or less) and
      `line-tiles` is on, tiles follow the output lines in segments of
      nearly equal size, and the segments at a line's ends unroll the
      kernel columns, each computing only the pixels that read an input
      column (ResNet-18's 7x7 convolution does 18% fewer products).
      Depthwise convolutions keep every product: their reduction is their
      taps alone, which LLVM unrolls when their bounds are constants.
    - The result is computed by the same FixedPointEmitter as the reference
      lowering, so both lowerings agree bit for bit.

    Other ops (and contractions the kernels do not take: dynamic shapes,
    grouped convolutions other than depthwise, inputs wider than 8 bits) are
    left for
    `--convert-fxp-to-arith`. The output mixes tensors with memrefs
    (`bufferization.to_buffer`/`to_tensor`) and lowers with the rest of
    `--fxp-lower-to-llvm`.
  }];
  let options = [
    Option<"target", "target", "std::string", /*default=*/"\"host\"",
           "Target: x86-64-v3, x86-64-v4, avx512vnni, aarch64-neon, "
           "aarch64-dotprod, aarch64-i8mm, or host (the running CPU)">,
    Option<"threads", "threads", "unsigned", /*default=*/"1",
           "Threads over output tiles: above 1, each kernel's tiles form an "
           "scf.parallel loop (distributed by --convert-scf-to-openmp)">,
    Option<"lineTiles", "line-tiles", "bool", /*default=*/"true",
           "Tile padded convolutions of narrow outputs along output lines, "
           "whose tiles leave out the products with padding columns (more "
           "code to compile for less to run)">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::arm_neon::ArmNeonDialect",
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::fxp_isa::ISADialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect",
  ];
}

def FXPCopyRepeatedResults
    : Pass<"fxp-copy-repeated-results", "::mlir::func::FuncOp"> {
  let summary = "Return a copy of a buffer that a function returns twice";
  let description = [{
    Each `func.return` operand that repeats an earlier one (a memref) is
    replaced by a fresh copy of it, so that every result is its own buffer.
    Upstream `--buffer-results-to-out-params{hoist-static-allocs}` crashes
    on an allocation returned twice (LLVM 22); a model may return one value
    twice (an output listed twice, an op folded into its input).
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

def FXPDeclaredResultsToOutParams
    : Pass<"fxp-declared-results-to-out-params", "ModuleOp"> {
  let summary = "Pass buffers for the memref results of declared functions";
  let description = [{
    A function declaration (no body) with memref results of static shape
    and identity layout takes them as out-parameters instead, appended to
    its arguments, and every call to it allocates them and passes them:
    the convention that `--buffer-results-to-out-params` gives functions
    with a body, which leaves declarations alone. A function defined in
    another module (a part of a model compiled on its own, see
    `--fxp-outline-parts`) and declared in this one is then called as it
    is defined. Declarations with other results are left alone.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

def FXPPlanBuffers : Pass<"fxp-plan-buffers", "::mlir::func::FuncOp"> {
  let summary = "Place a function's temporary buffers in one arena";
  let description = [{
    The statically shaped `memref.alloc`s of a function's body that the
    body also frees (`memref.dealloc`, as `--buffer-deallocation-pipeline`
    leaves them) become `memref.view`s of one arena, allocated at the start
    of the function and freed before its return. Offsets are chosen first
    fit by lifetime, so buffers that are never live at the same time share
    memory. One allocation per call instead of one per buffer: the C library
    keeps a single large block between calls, while many large blocks are
    mapped and unmapped (and their pages faulted in) on every call.

    Buffers with dynamic shapes, non-identity layouts, elements that are not
    whole bytes in memory (e.g. `i33`), or that escape the function are left
    as they are.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::memref::MemRefDialect",
  ];
}

def FXPOutlineLoopNests : Pass<"fxp-outline-loop-nests", "ModuleOp"> {
  let summary = "Move each top-level loop nest of a function into its own "
                "function";
  let description = [{
    Every operation with regions at the top of a function's body (a
    kernel's tile loops, an elementwise `linalg.generic`, a pool's window
    loops) moves into a new private function, called in its place and
    marked `noinline`. Constants it reads are cloned into the new function;
    other values it reads from the enclosing function become arguments,
    globals too, so that nests which differ only in the weights they read
    are the same function (see `--fxp-deduplicate-functions`). Its
    semantics are unchanged. Arguments that nothing else the function reads
    or writes may overlap are marked `llvm.noalias`, which LLVM could
    otherwise no longer infer from the common base and offsets: a constant
    global (nothing writes it), and a buffer that views the function's own
    allocation (e.g. a `memref.view` of the arena of `--fxp-plan-buffers`
    at a constant offset) and that no other argument overlaps.

    A model lowered in one piece is one LLVM function of tens of thousands
    of instructions, and LLVM's loop analyses (scalar evolution's guard
    queries, induction-variable simplification, loop strength reduction)
    are superlinear in the size of a function: compiling many small
    functions is several times faster, and the code is the same.

    Nests that read a memref with a dynamic shape, stride or offset stay in
    place (the bare-pointer calling convention of `fxp-compile`'s entry
    points cannot pass them), as do nests that the function runs more than
    once (inside another op) - only top-level operations move.
  }];
  let dependentDialects = [
    "::mlir::func::FuncDialect",
    "::mlir::LLVM::LLVMDialect",
    "::mlir::scf::SCFDialect",
  ];
}

def FXPOutlineParts : Pass<"fxp-outline-parts", "ModuleOp"> {
  let summary = "Cut the largest function into consecutive parts, each a "
                "function";
  let description = [{
    The operations of the module's largest function (the one with the most
    operations: a model) are cut into `parts` runs of consecutive operations
    with about as many operations each, constants aside. A run after the
    first starts at a contraction (an fxp contraction, or a TOSA
    convolution or matmul), and never where an earlier contraction's result
    is read on both sides: that would part a contraction from its epilogue,
    which the kernels fuse, and pass its wide accumulators between the
    parts. Where no such place is left, there are fewer parts. The function
    keeps
    the first run; each other run moves into a new public function
    `<name>.part<i>`, marked with the unit attribute `fxp.part` and called
    in its place. A part takes the values that it reads from earlier runs
    and returns those that later ones read. Constants, and the operations
    that compute from constants only (a reshaped or transposed weight), are
    not passed: every run that reads them gets its own copy, so that a
    contraction still sees constant weights. The semantics are unchanged.

    `fxp-compile` and calibration lower and compile each part in a module
    of its own, in parallel: most lowering passes work on the whole module
    and the LLVM IR translation and module split are serial, so one large
    model function would keep the other cores idle.
  }];
  let options = [
    Option<"parts", "parts", "unsigned", /*default=*/"2",
           "Number of parts (a function with fewer operations gets one per "
           "operation)">,
  ];
  let dependentDialects = [
    "::mlir::func::FuncDialect",
    "::mlir::scf::SCFDialect",
  ];
}

def FXPDeduplicateFunctions : Pass<"fxp-deduplicate-functions", "ModuleOp"> {
  let summary = "Merge private functions that are identical";
  let description = [{
    Private functions with a body whose types, attributes and bodies are
    the same (locations aside) become one: the uses of the others refer to
    the first, and the others are erased. An argument attribute stays on
    the merged function only where every merged function had it (e.g.
    `llvm.noalias` holds for the merged function only if it held for each
    call).

    After `--fxp-outline-loop-nests`, which passes the weights a nest reads
    as arguments, the layers of a model that have the same shapes and
    formats (MobileNetV2's repeated blocks, ResNet's repeated convolutions)
    share one function: LLVM compiles each kernel once, and the object's
    code is smaller.
  }];
}

def FXPSetLLVMTarget : Pass<"fxp-set-llvm-target", "ModuleOp"> {
  let summary = "Record the target's triple, CPU and features on LLVM functions";
  let description = [{
    Sets `llvm.target_triple` on the module and `target_cpu` /
    `target_features` on every `llvm.func`, so that the LLVM IR that
    `mlir-translate` makes of it compiles for the target's instructions with
    any `clang` or `llc` flags (the generated micro-kernels call
    target-specific intrinsics).
  }];
  let options = [
    Option<"target", "target", "std::string", /*default=*/"\"host\"",
           "Target, as for --fxp-generate-kernels">,
  ];
}

#endif // FXP_CODEGEN_PASSES_TD
