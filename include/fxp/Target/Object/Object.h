//===- Object.h - LLVM dialect to relocatable objects -----------*- C++ -*-===//
//
// A module in the LLVM dialect, compiled to relocatable objects in parallel:
// its functions (one per loop nest after --fxp-outline-loop-nests) are split
// into a fixed number of partitions, each optimized and compiled on its own
// thread; large constants go into an object of their own. fxp-compile joins
// the objects into one; calibration loads them into a JIT.
//
//===----------------------------------------------------------------------===//

#ifndef FXP_TARGET_OBJECT_OBJECT_H
#define FXP_TARGET_OBJECT_OBJECT_H

#include "mlir/IR/BuiltinOps.h"

namespace mlir::fxp {

/// The bytes of one relocatable object file.
using ObjectCode = SmallVector<char, 0>;

/// Translates `module` (LLVM dialect) to LLVM IR, optimizes it at
/// `optLevel` (0-3) and compiles it, position-independent, for the triple of
/// its `llvm.target_triple` attribute (the host's if absent) and the CPU and
/// features recorded on its functions. Returns the objects of the
/// partitions, and one of the constants of 4 KiB or more (the weights) as
/// bytes; their number does not depend on the machine, so neither does the
/// code. Local symbols become hidden globals named after the module's first
/// external function, so that the objects can refer to each other.
FailureOr<SmallVector<ObjectCode>> compileToObjects(ModuleOp module,
                                                    unsigned optLevel);

} // namespace mlir::fxp

#endif // FXP_TARGET_OBJECT_OBJECT_H
