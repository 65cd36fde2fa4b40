//===- Compiler.cpp - the stages of fxp-compile ---------------------------===//

#include "fxp/Compiler/Compiler.h"

#include "fxp/InitAllFXP.h"
#include "fxp/Target/ONNX/ONNXImport.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"

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
  return calibrate(module, *model, inputPaths, options.calibration);
}

LogicalResult mlir::fxp::quantizeModel(ModuleOp module,
                                       const CompileOptions &options) {
  if (failed(getModelFunction(module)))
    return failure();
  F8NetPipelineOptions f8net;
  f8net.rule = options.rule;
  f8net.weightWidth = options.bits;
  f8net.activationWidth = options.bits;
  f8net.report = options.reportPath;
  PassManager pm(module.getContext());
  buildF8NetPipeline(pm, f8net);
  return pm.run(module);
}

/// The CPU and features the lowering recorded on the module's functions.
static std::pair<std::string, std::string> getTargetCPU(ModuleOp module) {
  for (auto func : module.getOps<LLVM::LLVMFuncOp>()) {
    if (!func.getTargetCpu())
      continue;
    std::string features;
    if (LLVM::TargetFeaturesAttr attr = func.getTargetFeaturesAttr())
      features = attr.getFeaturesString();
    return {func.getTargetCpu()->str(), features};
  }
  return {"generic", ""};
}

LogicalResult mlir::fxp::emitObject(ModuleOp module,
                                    llvm::raw_pwrite_stream &os) {
  llvm::InitializeAllTargetInfos();
  llvm::InitializeAllTargets();
  llvm::InitializeAllTargetMCs();
  llvm::InitializeAllAsmPrinters();

  auto tripleAttr = module->getAttrOfType<StringAttr>(
      LLVM::LLVMDialect::getTargetTripleAttrName());
  llvm::Triple triple(tripleAttr ? tripleAttr.str()
                                 : llvm::sys::getDefaultTargetTriple());
  std::string error;
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return module.emitError("cannot compile for '")
           << triple.str() << "': " << error;
  auto [cpu, features] = getTargetCPU(module);
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, cpu, features, llvm::TargetOptions(), llvm::Reloc::PIC_,
      std::nullopt, llvm::CodeGenOptLevel::Aggressive));

  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, llvmContext);
  if (!llvmModule)
    return module.emitError("cannot translate the module to LLVM IR");
  llvmModule->setTargetTriple(triple);
  llvmModule->setDataLayout(machine->createDataLayout());
  if (llvm::Error error =
          makeOptimizingTransformer(3, 0, machine.get())(llvmModule.get()))
    return module.emitError("cannot optimize the LLVM IR: ")
           << llvm::toString(std::move(error));

  llvm::legacy::PassManager codegen;
  if (machine->addPassesToEmitFile(codegen, os, nullptr,
                                   llvm::CodeGenFileType::ObjectFile))
    return module.emitError("LLVM cannot write objects for '")
           << triple.str() << "'";
  codegen.run(*llvmModule);
  return success();
}

LogicalResult mlir::fxp::linkSharedObject(StringRef objectPath,
                                          StringRef outputPath, Location loc) {
  llvm::ErrorOr<std::string> linker =
      llvm::sys::findProgramByName("ld.lld", {FXP_LLVM_TOOLS_DIR});
  if (!linker)
    return emitError(loc) << "cannot find ld.lld in " << FXP_LLVM_TOOLS_DIR
                          << " to link a shared library";
  std::string message;
  StringRef args[] = {*linker, "-shared", "-o", outputPath, objectPath};
  if (llvm::sys::ExecuteAndWait(*linker, args, std::nullopt, {}, 0, 0,
                                &message) != 0)
    return emitError(loc) << "ld.lld could not link '" << outputPath << "'"
                          << (message.empty() ? "" : ": ") << message;
  return success();
}
