//===- Object.cpp - LLVM dialect to relocatable objects -------------------===//

#include "fxp/Target/Object/Object.h"

#include "fxp/Codegen/Outlining.h"
#include "fxp/Codegen/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"

#include <thread>

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

/// Renames the module's local symbols after `prefix`: the extracted
/// constants become hidden global symbols, which must not collide with
/// another part's or another model's in the user's program.
static void prefixLocalSymbols(llvm::Module &module, StringRef prefix) {
  for (llvm::GlobalValue &value : module.global_values())
    if (value.hasLocalLinkage() && value.hasName())
      value.setName(prefix + "." + value.getName());
}

/// Moves the initializers of `module`'s large constants (the weights) into
/// a module of their own, as bytes, and leaves declarations in their place.
/// LLVM's optimizer never sees them, and its object writer, which emits an
/// array of other elements than bytes one element at a time (the float
/// model's 3.5 M weights), writes each as one block. (The kernels read
/// weights at run-time offsets: LLVM folds no load from them.) Returns null
/// if there are none.
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

/// Translates `module` (LLVM dialect) to LLVM IR, optimizes it at
/// `optLevel` (0-3) and compiles it, position-independent, for the triple of
/// its `llvm.target_triple` attribute (the host's if absent) and the CPU and
/// features recorded on its functions. Returns its object, and one of its
/// constants of 4 KiB or more (the weights) as bytes. Local symbols become
/// hidden globals named after the module's first external function, so that
/// the objects can refer to each other. The targets must be registered.
static FailureOr<SmallVector<ObjectCode>> compileToObjects(ModuleOp module,
                                                           unsigned optLevel) {
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

  auto entry = llvm::find_if(llvmModule->functions(), [](llvm::Function &f) {
    return !f.isDeclaration() && !f.hasLocalLinkage();
  });
  prefixLocalSymbols(*llvmModule, entry == llvmModule->functions().end()
                                      ? "fxp"
                                      : entry->getName());
  std::unique_ptr<llvm::Module> constants = extractConstantData(*llvmModule);
  SmallVector<ObjectCode> objects(constants ? 2 : 1);
  llvm::Error failure =
      makeOptimizingTransformer(optLevel, 0, machine.get())(llvmModule.get());
  if (!failure)
    failure = emitObject(*llvmModule, *machine, objects.front());
  if (!failure && constants)
    failure = emitObject(*constants, *machine, objects.back());
  if (failure)
    return module.emitError("cannot compile the LLVM IR: ")
           << llvm::toString(std::move(failure));
  return objects;
}

/// The argument attributes that tell bufferization how a function without a
/// body uses its argument, and whether a function may write into it.
static constexpr StringLiteral kAccessAttrName = "bufferization.access";
static constexpr StringLiteral kWritableAttrName = "bufferization.writable";

/// Moves the part function `part` of `module` into a module of its own,
/// with declarations of the functions it calls, and leaves a declaration in
/// its place. Returns null, and changes nothing, if the part refers to
/// symbols other than functions (which a copy would not share).
static OwningOpRef<ModuleOp> moveToOwnModule(ModuleOp module, func::FuncOp part,
                                             SymbolTable &symbols) {
  SmallVector<func::FuncOp> callees;
  if (std::optional<SymbolTable::UseRange> uses =
          SymbolTable::getSymbolUses(part)) {
    llvm::SmallDenseSet<StringAttr> seen;
    for (const SymbolTable::SymbolUse &use : *uses) {
      StringAttr name = use.getSymbolRef().getRootReference();
      if (!seen.insert(name).second)
        continue;
      auto callee = dyn_cast_or_null<func::FuncOp>(symbols.lookup(name));
      if (!callee)
        return nullptr;
      callees.push_back(callee);
    }
  }
  OwningOpRef<ModuleOp> own = ModuleOp::create(module.getLoc());
  (*own)->setAttrs(module->getAttrDictionary());
  OpBuilder builder = OpBuilder::atBlockEnd(own->getBody());
  for (func::FuncOp callee : callees) {
    func::FuncOp declaration = callee.cloneWithoutRegions();
    declaration.setPrivate();
    builder.insert(declaration);
  }
  // The part only reads its arguments (its bufferization writes no result
  // into them), so the caller's bufferization need not copy them.
  auto definition = cast<func::FuncOp>(builder.clone(*part));
  part.eraseBody();
  part.setPrivate();
  MLIRContext *context = module.getContext();
  for (unsigned i = 0, e = part.getNumArguments(); i < e; ++i) {
    definition.setArgAttr(i, kWritableAttrName, BoolAttr::get(context, false));
    part.setArgAttr(i, kAccessAttrName, StringAttr::get(context, "read"));
  }
  return own;
}

FailureOr<SmallVector<ObjectCode>> mlir::fxp::lowerAndCompileToObjects(
    ModuleOp module, function_ref<void(OpPassManager &)> buildLowering,
    function_ref<LogicalResult(ModuleOp)> finishLowering, unsigned optLevel) {
  constexpr unsigned kParts = 2;
  MLIRContext *context = module.getContext();
  PassManager outline(context);
  outline.addPass(createFXPOutlineParts(FXPOutlinePartsOptions{kParts}));
  if (failed(outline.run(module)))
    return failure();

  SmallVector<OwningOpRef<ModuleOp>> ownModules;
  SmallVector<StringAttr> partNames;
  SymbolTable symbols(module);
  for (auto func : llvm::to_vector(module.getOps<func::FuncOp>())) {
    if (!func->hasAttr(kPartAttrName) || func.isExternal())
      continue;
    if (OwningOpRef<ModuleOp> own = moveToOwnModule(module, func, symbols)) {
      ownModules.push_back(std::move(own));
      partNames.push_back(func.getSymNameAttr());
    }
  }
  SmallVector<ModuleOp> modules = {module};
  for (OwningOpRef<ModuleOp> &own : ownModules)
    modules.push_back(*own);

  // The pass managers are built, and the dialects their passes need loaded,
  // before the threads start: neither may happen concurrently.
  SmallVector<std::unique_ptr<PassManager>> lowerings;
  for (size_t i = 0; i < modules.size(); ++i) {
    auto &pm = lowerings.emplace_back(std::make_unique<PassManager>(context));
    buildLowering(*pm);
    DialectRegistry dependentDialects;
    pm->getDependentDialects(dependentDialects);
    context->appendDialectRegistry(dependentDialects);
    for (StringRef name : dependentDialects.getDialectNames())
      context->getOrLoadDialect(name);
  }
  // Registering LLVM's targets is not thread-safe.
  llvm::InitializeAllTargetInfos();
  llvm::InitializeAllTargets();
  llvm::InitializeAllTargetMCs();
  llvm::InitializeAllAsmPrinters();
  SmallVector<SmallVector<ObjectCode>> objects(modules.size());
  auto lowerAndCompile = [&](size_t i) -> LogicalResult {
    ModuleOp lowered = modules[i];
    if (failed(lowerings[i]->run(lowered)) ||
        (i == 0 && failed(finishLowering(lowered))))
      return failure();
    // The parts call each other through hidden symbols: only the module's
    // own entry points are visible in the user's program. (They drop the
    // hints for bufferization, which LLVM IR has no use for.)
    for (StringAttr name : partNames) {
      auto func = lowered.lookupSymbol<LLVM::LLVMFuncOp>(name);
      if (!func)
        continue;
      func.setVisibility_(LLVM::Visibility::Hidden);
      for (unsigned arg = 0, e = func.getNumArguments(); arg < e; ++arg) {
        func.removeArgAttr(arg, kAccessAttrName);
        func.removeArgAttr(arg, kWritableAttrName);
      }
    }
    FailureOr<SmallVector<ObjectCode>> compiled =
        compileToObjects(lowered, optLevel);
    if (failed(compiled))
      return failure();
    objects[i] = std::move(*compiled);
    return success();
  };
  SmallVector<LogicalResult> results(modules.size(), failure());
  if (!context->isMultithreadingEnabled()) {
    for (size_t i = 0; i < modules.size(); ++i)
      results[i] = lowerAndCompile(i);
  } else {
    // A thread of its own per part (the calling thread for the first), not
    // tasks of the context's thread pool: a worker of the pool that waits
    // for its own part's nested tasks runs whatever task is queued, and
    // would run the other part inside that wait, one after the other
    // (MobileNetV2: 4.8-7.6 s instead of 2.7-3.5 s in a third of the
    // runs). The passes' nested work still goes to the pool. Diagnostics
    // come out in the parts' order.
    ParallelDiagnosticHandler diagnostics(context);
    auto run = [&](size_t i) {
      diagnostics.setOrderIDForThread(i);
      results[i] = lowerAndCompile(i);
      diagnostics.eraseOrderIDForThread();
    };
    std::vector<std::thread> threads;
    for (size_t i = 1; i < modules.size(); ++i)
      threads.emplace_back(run, i);
    run(0);
    for (std::thread &thread : threads)
      thread.join();
  }
  if (llvm::any_of(results, failed))
    return failure();
  SmallVector<ObjectCode> all;
  for (SmallVector<ObjectCode> &moduleObjects : objects)
    llvm::append_range(all, std::move(moduleObjects));
  return all;
}
