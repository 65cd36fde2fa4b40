//===- Object.h - LLVM dialect to relocatable objects -----------*- C++ -*-===//
//
// A model lowered to the LLVM dialect and compiled to relocatable objects,
// in parallel: the model function is cut into parts (--fxp-outline-parts),
// each lowered, optimized and compiled in a module of its own on its own
// thread; large constants go into an object of their own. fxp-compile joins
// the objects into one; calibration loads them into a JIT.
//
//===----------------------------------------------------------------------===//

#ifndef FXP_TARGET_OBJECT_OBJECT_H
#define FXP_TARGET_OBJECT_OBJECT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"

namespace mlir::fxp {

/// The bytes of one relocatable object file.
using ObjectCode = SmallVector<char, 0>;

/// Lowers `module` to the LLVM dialect with the passes `buildLowering` adds
/// and compiles it, position-independent, at `optLevel` (0-3), for the triple
/// that the lowering records (the host's if none) and the CPU and features
/// it records on the functions; in parts that lower and compile in parallel:
/// the module's largest function (the model) is cut into consecutive parts
/// (--fxp-outline-parts), and each part but the first goes into a module of its
/// own. `finishLowering` completes the lowered module that keeps the rest (the
/// first part and the other functions) before it compiles. Returns an object
/// per part, and one of each part's constants of 4 KiB or more (the weights) as
/// bytes. The number of parts is fixed, so the code does not depend on the
/// machine.
FailureOr<SmallVector<ObjectCode>> lowerAndCompileToObjects(
    ModuleOp module, function_ref<void(OpPassManager &)> buildLowering,
    function_ref<LogicalResult(ModuleOp)> finishLowering, unsigned optLevel);

} // namespace mlir::fxp

#endif // FXP_TARGET_OBJECT_OBJECT_H
