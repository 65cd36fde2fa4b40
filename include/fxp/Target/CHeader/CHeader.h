//===- CHeader.h - the C interface of compiled models -----------*- C++ -*-===//
//
// A compiled model exports C entry points, one per function of the module
// marked `fxp.c_interface = "NAME"`. The function takes one call's worth of
// inputs (its leading dimension, the batch B, is shared by every input and
// output) and returns the outputs; the entry point is
//
//   int NAME(int64_t batch, const T *input..., T *output...);
//
// which runs batch / B calls on consecutive images, with bare pointers to
// caller-allocated buffers (the outputs are out-parameters). Elements are
// float for f32 tensors and the storage integer (int8_t, uint8_t, ...) of
// fixed-point tensors. The header documents this, generated from the
// signatures, as is the loop fxp-compile adds around each function.
//
//===----------------------------------------------------------------------===//

#ifndef FXP_TARGET_CHEADER_CHEADER_H
#define FXP_TARGET_CHEADER_CHEADER_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace mlir::fxp {

/// The attribute that makes a function a C entry point: its C name.
constexpr StringLiteral kCInterfaceAttrName = "fxp.c_interface";
/// The argument and result attribute that names a parameter.
constexpr StringLiteral kCNameAttrName = "fxp.name";

/// An input or output of an entry point.
struct CTensor {
  /// The tensor's name in the model, and the parameter's: that name made a
  /// C identifier, unique in the entry point.
  std::string name, parameter;
  /// One call's tensor: f32, or fixed-point elements.
  RankedTensorType type;
};

/// A C entry point and the function it calls per batch of images.
struct CEntryPoint {
  std::string name;
  func::FuncOp function;
  SmallVector<CTensor> inputs, outputs;
};

/// The C interface of a module.
struct CInterface {
  /// Images per call: the leading dimension of every input and output.
  int64_t batch = 1;
  SmallVector<CEntryPoint> entryPoints;
};

/// The entry points of `module`; an error at the function that does not fit
/// the C interface (other element types, shapes that are not static or
/// disagree on the batch).
FailureOr<CInterface> getCInterface(ModuleOp module);

/// `name` made a C identifier: other characters become '_', and a leading
/// digit or a keyword gets one more.
std::string getCIdentifier(StringRef name);

/// The C type of an element: float, or the storage integer of a fixed-point
/// format (the smallest of int8_t ... int64_t that holds its width).
std::string getCElementType(Type elementType);

/// Writes the C header declaring the entry points of `module`, with macros
/// describing each input and output: `NAME_INPUT0_SHAPE`, `NAME_INPUT0_FL`,
/// ... (NAME the entry point's name in upper case).
LogicalResult exportCHeader(ModuleOp module, llvm::raw_ostream &os);

/// Registers `--export-c-header` (for fxp-translate).
void registerToCHeaderTranslation();

} // namespace mlir::fxp

#endif // FXP_TARGET_CHEADER_CHEADER_H
