//===- Object.cpp - LLVM dialect to relocatable objects -------------------===//

#include "fxp/Target/Object/Object.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/Transforms/Utils/SplitModule.h"

using namespace mlir;
using namespace mlir::fxp;

/// A machine for position-independent code, its code generation optimized
/// at `optLevel` (0 to 3, as -O).
static std::unique_ptr<llvm::TargetMachine>
createTargetMachine(const llvm::Target &target, const llvm::Triple &triple,
                    StringRef cpu, StringRef features, unsigned optLevel) {
  return std::unique_ptr<llvm::TargetMachine>(
      target.createTargetMachine(triple, cpu, features, llvm::TargetOptions(),
                                 llvm::Reloc::PIC_, std::nullopt,
                                 llvm::CodeGenOpt::getLevel(optLevel).value_or(
                                     llvm::CodeGenOptLevel::Aggressive)));
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

/// Renames the module's local symbols after `prefix`: partitions refer to
/// each other's through hidden global symbols, which must not collide with
/// another model's in the user's program.
static void prefixLocalSymbols(llvm::Module &module, StringRef prefix) {
  for (llvm::GlobalValue &value : module.global_values())
    if (value.hasLocalLinkage() && value.hasName())
      value.setName(prefix + "." + value.getName());
}

/// Optimizes and compiles one partition, given as bitcode, in its own LLVM
/// context, into `object`.
static llvm::Error compilePartition(StringRef bitcode,
                                    const llvm::Target &target,
                                    const llvm::Triple &triple, StringRef cpu,
                                    StringRef features, unsigned optLevel,
                                    SmallVectorImpl<char> &object) {
  llvm::LLVMContext context;
  llvm::Expected<std::unique_ptr<llvm::Module>> module = llvm::parseBitcodeFile(
      llvm::MemoryBufferRef(bitcode, "partition"), context);
  if (!module)
    return module.takeError();
  std::unique_ptr<llvm::TargetMachine> machine =
      createTargetMachine(target, triple, cpu, features, optLevel);
  if (llvm::Error error =
          makeOptimizingTransformer(optLevel, 0, machine.get())(module->get()))
    return error;
  llvm::raw_svector_ostream os(object);
  llvm::legacy::PassManager codegen;
  if (machine->addPassesToEmitFile(codegen, os, nullptr,
                                   llvm::CodeGenFileType::ObjectFile))
    return llvm::createStringError("LLVM cannot write objects for '" +
                                   triple.str() + "'");
  codegen.run(**module);
  return llvm::Error::success();
}

FailureOr<SmallVector<ObjectCode>>
mlir::fxp::compileToObjects(ModuleOp module, unsigned optLevel) {
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
  std::string cpu, features;
  std::tie(cpu, features) = getTargetCPU(module);
  std::unique_ptr<llvm::TargetMachine> machine =
      createTargetMachine(*target, triple, cpu, features, optLevel);

  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, llvmContext);
  if (!llvmModule)
    return module.emitError("cannot translate the module to LLVM IR");
  llvmModule->setTargetTriple(triple);
  llvmModule->setDataLayout(machine->createDataLayout());

  // The functions (one per loop nest, see fxp-outline-loop-nests) are
  // optimized and compiled in kPartitions modules on as many threads as
  // there are cores. The partitions do not depend on the number of cores,
  // so neither does the code.
  constexpr unsigned kPartitions = 4;
  auto entry = llvm::find_if(llvmModule->functions(), [](llvm::Function &f) {
    return !f.isDeclaration() && !f.hasLocalLinkage();
  });
  prefixLocalSymbols(*llvmModule, entry == llvmModule->functions().end()
                                      ? "fxp"
                                      : entry->getName());
  SmallVector<SmallString<0>> bitcodes;
  llvm::SplitModule(
      *llvmModule, kPartitions, [&](std::unique_ptr<llvm::Module> partition) {
        llvm::raw_svector_ostream bitcode(bitcodes.emplace_back());
        llvm::WriteBitcodeToFile(*partition, bitcode);
      });
  SmallVector<ObjectCode> objects(bitcodes.size());
  SmallVector<std::string> errors(bitcodes.size());
  {
    llvm::DefaultThreadPool pool(llvm::hardware_concurrency());
    for (size_t i = 0; i < bitcodes.size(); ++i)
      pool.async([&, i] {
        if (llvm::Error error =
                compilePartition(bitcodes[i], *target, triple, cpu, features,
                                 optLevel, objects[i]))
          errors[i] = llvm::toString(std::move(error));
      });
    pool.wait();
  }
  for (const std::string &message : errors)
    if (!message.empty())
      return module.emitError("cannot compile the LLVM IR: ") << message;
  return objects;
}
