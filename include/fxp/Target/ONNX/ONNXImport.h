//===- ONNXImport.h - ONNX models to float TOSA -----------------*- C++ -*-===//
//
// The ONNX importer: a float ONNX model (opsets 11 to 17) becomes a module
// with one func.func of float TOSA, the form --fxp-quantize and --fxp-f8net
// take. docs/ONNX.md lists the supported ops and how layouts are handled.
//
//===----------------------------------------------------------------------===//

#ifndef FXP_TARGET_ONNX_ONNXIMPORT_H
#define FXP_TARGET_ONNX_ONNXIMPORT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/MemoryBufferRef.h"

namespace mlir::fxp {

/// Imports the serialized ONNX model in `buffer` (its identifier names the
/// file in locations). Returns null after emitting an error at the node
/// concerned when the model is malformed or uses what is not supported.
OwningOpRef<ModuleOp> importONNX(llvm::MemoryBufferRef buffer,
                                 MLIRContext *context);

/// Registers the `--import-onnx` translation (for fxp-translate).
void registerFromONNXTranslation();

} // namespace mlir::fxp

#endif // FXP_TARGET_ONNX_ONNXIMPORT_H
