//===- Object.cpp - LLVM dialect to relocatable objects -------------------===//

#include "fxp/Target/Object/Object.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/Constants.h"
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

/// Moves the initializers of `module`'s large constants (the weights) into
/// a module of their own, as bytes, and leaves declarations in their place.
/// Partitions travel to their threads as bitcode, which holds an array
/// element by element: 12 M weights take over a second to write and read
/// back, and as bytes in an object of their own a few milliseconds. (The
/// kernels read weights at run-time offsets: LLVM folds no load from them.)
/// Returns null if there are none.
static std::unique_ptr<llvm::Module> extractConstantData(llvm::Module &module) {
  constexpr uint64_t kMinBytes = 4096;
  std::unique_ptr<llvm::Module> data;
  const llvm::DataLayout &layout = module.getDataLayout();
  for (llvm::GlobalVariable &global : module.globals()) {
    auto *initializer =
        global.hasInitializer()
            ? dyn_cast<llvm::ConstantDataSequential>(global.getInitializer())
            : nullptr;
    if (!global.isConstant() || !initializer || global.hasSection() ||
        global.hasComdat() || global.isThreadLocal() ||
        layout.getTypeAllocSize(initializer->getType()) < kMinBytes)
      continue;
    if (!data) {
      data = std::make_unique<llvm::Module>("constants", module.getContext());
      data->setTargetTriple(module.getTargetTriple());
      data->setDataLayout(layout);
    }
    // A local constant becomes a hidden global (its name is already
    // prefixed); both sides agree on the alignment the code may assume.
    if (global.hasLocalLinkage()) {
      global.setLinkage(llvm::GlobalValue::ExternalLinkage);
      global.setVisibility(llvm::GlobalValue::HiddenVisibility);
    }
    global.setAlignment(layout.getPreferredAlign(&global));
    StringRef bytes = initializer->getRawDataValues();
    llvm::Type *byte = llvm::Type::getInt8Ty(module.getContext());
    auto *copy = new llvm::GlobalVariable(
        *data, llvm::ArrayType::get(byte, bytes.size()), /*isConstant=*/true,
        global.getLinkage(),
        llvm::ConstantDataArray::getRaw(bytes, bytes.size(), byte),
        global.getName());
    copy->setAlignment(global.getAlign());
    copy->setVisibility(global.getVisibility());
    global.setInitializer(nullptr);
  }
  return data;
}

/// Compiles `module` without optimizing it, into `object`.
static llvm::Error emitObject(llvm::Module &module,
                              llvm::TargetMachine &machine,
                              SmallVectorImpl<char> &object) {
  llvm::raw_svector_ostream os(object);
  llvm::legacy::PassManager codegen;
  if (machine.addPassesToEmitFile(codegen, os, nullptr,
                                  llvm::CodeGenFileType::ObjectFile))
    return llvm::createStringError("LLVM cannot write objects for '" +
                                   module.getTargetTriple().str() + "'");
  codegen.run(module);
  return llvm::Error::success();
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
  return emitObject(**module, *machine, object);
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
  std::unique_ptr<llvm::Module> constants = extractConstantData(*llvmModule);
  SmallVector<SmallString<0>> bitcodes;
  llvm::SplitModule(
      *llvmModule, kPartitions, [&](std::unique_ptr<llvm::Module> partition) {
        llvm::raw_svector_ostream bitcode(bitcodes.emplace_back());
        llvm::WriteBitcodeToFile(*partition, bitcode);
      });
  // The constants' object last, compiled in the module's context (nothing
  // else uses it meanwhile) while the partitions compile in their own.
  SmallVector<ObjectCode> objects(bitcodes.size() + (constants ? 1 : 0));
  SmallVector<std::string> errors(objects.size());
  {
    llvm::DefaultThreadPool pool(llvm::hardware_concurrency());
    for (size_t i = 0; i < bitcodes.size(); ++i)
      pool.async([&, i] {
        if (llvm::Error error =
                compilePartition(bitcodes[i], *target, triple, cpu, features,
                                 optLevel, objects[i]))
          errors[i] = llvm::toString(std::move(error));
      });
    if (constants)
      pool.async([&] {
        if (llvm::Error error =
                emitObject(*constants, *machine, objects.back()))
          errors.back() = llvm::toString(std::move(error));
      });
    pool.wait();
  }
  for (const std::string &message : errors)
    if (!message.empty())
      return module.emitError("cannot compile the LLVM IR: ") << message;
  return objects;
}
