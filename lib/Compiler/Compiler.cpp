//===- Compiler.cpp - the stages of fxp-compile ---------------------------===//

#include "fxp/Compiler/Compiler.h"

#include "fxp/InitAllFXP.h"
#include "fxp/Target/ONNX/ONNXImport.h"
#include "fxp/Target/Object/Object.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"

using namespace mlir;
using namespace mlir::fxp;

void mlir::fxp::registerCompilerDialects(DialectRegistry &registry) {
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  registerAllToLLVMIRTranslations(registry);
  fxp::registerAllDialects(registry);
}

OwningOpRef<ModuleOp> mlir::fxp::importModel(StringRef path,
                                             MLIRContext *context) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer) {
    emitError(FileLineColLoc::get(context, path, 0, 0))
        << "cannot read '" << path << "': " << buffer.getError().message();
    return nullptr;
  }
  return importONNX((*buffer)->getMemBufferRef(), context);
}

/// The function that holds the model: the only one with a body.
static FailureOr<func::FuncOp> getModelFunction(ModuleOp module) {
  func::FuncOp model;
  for (auto func : module.getOps<func::FuncOp>()) {
    if (func.isExternal())
      continue;
    if (model)
      return emitError(func.getLoc(), "a model is one function; this is a "
                                      "second one")
                 .attachNote(model.getLoc())
             << "the first";
    model = func;
  }
  if (!model)
    return module.emitError("the module has no function with a body");
  return model;
}

LogicalResult mlir::fxp::calibrateModel(ModuleOp module,
                                        ArrayRef<std::string> inputPaths,
                                        const CompileOptions &options) {
  FailureOr<func::FuncOp> model = getModelFunction(module);
  if (failed(model))
    return failure();
  // Only the std rule reads pre-activations (their sigma).
  CalibrationOptions calibration = options.calibration;
  calibration.preActivations = options.rule == "std";
  return calibrate(module, *model, inputPaths, calibration);
}

LogicalResult mlir::fxp::quantizeModel(ModuleOp module,
                                       const CompileOptions &options) {
  if (failed(getModelFunction(module)))
    return failure();
  F8NetPipelineOptions f8net;
  f8net.rule = options.rule;
  f8net.weightRule = options.weightRule;
  f8net.weightWidth = options.bits;
  f8net.firstLastWeightWidth = options.firstLastBits;
  f8net.activationWidth = options.bits;
  f8net.perChannelWeights = options.perChannelWeights;
  f8net.correctBias = options.correctBias.value_or(options.bits < 8);
  f8net.report = options.reportPath;
  PassManager pm(module.getContext());
  buildF8NetPipeline(pm, f8net);
  return pm.run(module);
}

/// Runs the ld.lld of the LLVM fxp builds on with `options`, to `task`.
static LogicalResult runLinker(ArrayRef<StringRef> options, const Twine &task,
                               Location loc) {
  llvm::ErrorOr<std::string> linker =
      llvm::sys::findProgramByName("ld.lld", {FXP_LLVM_TOOLS_DIR});
  if (!linker)
    return emitError(loc) << "cannot find ld.lld in " << FXP_LLVM_TOOLS_DIR
                          << " to " << task;
  SmallVector<StringRef> args = {*linker};
  llvm::append_range(args, options);
  std::string message;
  if (llvm::sys::ExecuteAndWait(*linker, args, std::nullopt, {}, 0, 0,
                                &message) != 0)
    return emitError(loc) << "ld.lld could not " << task
                          << (message.empty() ? "" : ": ") << message;
  return success();
}

/// Joins relocatable objects into one (ld.lld -r).
static LogicalResult joinObjects(ArrayRef<ObjectCode> objects,
                                 llvm::raw_pwrite_stream &os, Location loc) {
  SmallVector<SmallString<128>> paths;
  std::vector<llvm::FileRemover> removers;
  removers.reserve(objects.size() + 1);
  auto createTemporary = [&](ArrayRef<char> contents) -> LogicalResult {
    SmallString<128> &path = paths.emplace_back();
    int fd;
    if (std::error_code error = llvm::sys::fs::createTemporaryFile(
            "fxp-compile-part", "o", fd, path))
      return emitError(loc)
             << "cannot create a temporary object: " << error.message();
    removers.emplace_back(path);
    llvm::raw_fd_ostream file(fd, /*shouldClose=*/true);
    file.write(contents.data(), contents.size());
    file.close();
    if (file.has_error())
      return emitError(loc)
             << "cannot write a temporary object: " << file.error().message();
    return success();
  };
  for (const ObjectCode &object : objects)
    if (failed(createTemporary(object)))
      return failure();
  if (failed(createTemporary({})))
    return failure();
  SmallVector<StringRef> options = {"-r", "-o", paths.back()};
  for (const SmallString<128> &path : ArrayRef(paths).drop_back())
    options.push_back(path);
  if (failed(runLinker(options, "join the object's partitions", loc)))
    return failure();
  auto joined = llvm::MemoryBuffer::getFile(paths.back());
  if (!joined)
    return emitError(loc) << "cannot read the joined object: "
                          << joined.getError().message();
  os << (*joined)->getBuffer();
  return success();
}

LogicalResult mlir::fxp::lowerToLLVM(ModuleOp module,
                                     const CompileOptions &options) {
  FailureOr<Lowering> lowering = getLowering(module, options);
  if (failed(lowering))
    return failure();
  PassManager pm(module.getContext());
  lowering->buildPasses(pm);
  if (failed(pm.run(module)))
    return failure();
  return lowering->finish(module);
}

LogicalResult mlir::fxp::emitObject(ModuleOp module,
                                    const CompileOptions &options,
                                    llvm::raw_pwrite_stream &os) {
  FailureOr<Lowering> lowering = getLowering(module, options);
  if (failed(lowering))
    return failure();
  FailureOr<SmallVector<ObjectCode>> objects = lowerAndCompileToObjects(
      module, lowering->buildPasses, lowering->finish, 3);
  if (failed(objects))
    return failure();
  if (objects->size() == 1) {
    os << StringRef(objects->front().data(), objects->front().size());
    return success();
  }
  return joinObjects(*objects, os, module.getLoc());
}

LogicalResult mlir::fxp::linkSharedObject(StringRef objectPath,
                                          StringRef outputPath, Location loc) {
  return runLinker({"-shared", "-o", outputPath, objectPath},
                   "link '" + outputPath + "'", loc);
}
