//===- CInterface.cpp - the entry points of compiled models ---------------===//
//
// A quantized model function takes float tensors, quantizes them (after the
// ONNX importer's layout transposes), computes in fixed point and
// dequantizes its results (before the output transposes). Its C interface
// has two entry points: the integer one is the fixed-point computation from
// the quantized inputs to the unquantized outputs, and the float one
// quantizes, calls it and dequantizes. Quantization and dequantization are
// elementwise, so moving them across the layout transposes changes no value;
// the integer entry point then takes and returns tensors in the model's own
// (ONNX) layout, as the float one does.
//
// Each entry point is a function for one call (the model's own batch,
// usually 1); after lowering, the C function around it loops over the
// caller's batch.
//
//===----------------------------------------------------------------------===//

#include "fxp/Compiler/Compiler.h"

#include "fxp/Codegen/Passes.h"
#include "fxp/Dialect/FXP/IR/FXP.h"
#include "fxp/Pipelines/Pipelines.h"
#include "fxp/Target/CHeader/CHeader.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;
using namespace mlir::fxp;

namespace {
/// quantize(transpose(x)) -> transpose(quantize(x)).
struct QuantizeBeforeTranspose : OpRewritePattern<QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(QuantizeOp quantize,
                                PatternRewriter &rewriter) const override {
    auto transpose = quantize.getInput().getDefiningOp<linalg::TransposeOp>();
    if (!transpose)
      return failure();
    Value input = transpose.getInput();
    FixedType format = getFixedElementType(quantize.getType());
    Operation *quantized = rewriter.clone(*quantize);
    quantized->setOperand(0, input);
    quantized->getResult(0).setType(
        cast<RankedTensorType>(input.getType()).clone(format));
    auto type = cast<RankedTensorType>(quantize.getType());
    Value init = tensor::EmptyOp::create(rewriter, transpose.getLoc(),
                                         type.getShape(), format);
    rewriter.replaceOp(
        quantize, linalg::TransposeOp::create(rewriter, transpose.getLoc(),
                                              quantized->getResult(0), init,
                                              transpose.getPermutation())
                      .getResult());
    return success();
  }
};

/// transpose(dequantize(x)) -> dequantize(transpose(x)).
struct DequantizeAfterTranspose : OpRewritePattern<linalg::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::TransposeOp transpose,
                                PatternRewriter &rewriter) const override {
    auto dequantize = transpose.getInput().getDefiningOp<DequantizeOp>();
    if (!dequantize || !transpose.hasPureTensorSemantics())
      return failure();
    Value fixed = dequantize.getInput();
    auto resultType =
        cast<RankedTensorType>(transpose.getResult()[0].getType());
    Value init = tensor::EmptyOp::create(rewriter, transpose.getLoc(),
                                         resultType.getShape(),
                                         getFixedElementType(fixed.getType()));
    Value transposed =
        linalg::TransposeOp::create(rewriter, transpose.getLoc(), fixed, init,
                                    transpose.getPermutation())
            .getResult()[0];
    Operation *dequantized = rewriter.clone(*dequantize);
    dequantized->setOperand(0, transposed);
    dequantized->getResult(0).setType(resultType);
    rewriter.replaceOp(transpose, dequantized->getResults());
    return success();
  }
};
} // namespace

/// The name a location gives a tensor: the ONNX importer puts each argument
/// at its input's name and the return at the outputs' names, fused when
/// there are several.
static std::optional<std::string> getTensorName(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  return std::nullopt;
}

/// Names every argument and result of `func` (`fxp.name`), and makes it the
/// entry point `name`.
static void markEntryPoint(func::FuncOp func, StringRef name,
                           ArrayRef<std::string> inputNames,
                           ArrayRef<std::string> outputNames) {
  MLIRContext *context = func.getContext();
  func->setAttr(kCInterfaceAttrName, StringAttr::get(context, name));
  for (auto [i, tensorName] : llvm::enumerate(inputNames))
    func.setArgAttr(i, kCNameAttrName, StringAttr::get(context, tensorName));
  for (auto [i, tensorName] : llvm::enumerate(outputNames))
    func.setResultAttr(i, kCNameAttrName, StringAttr::get(context, tensorName));
}

/// The quantization of each argument of `func`: an argument may only be
/// quantized, to one format (equal quantizations are merged).
static FailureOr<SmallVector<QuantizeOp>>
getInputQuantizations(func::FuncOp func, ArrayRef<std::string> names) {
  SmallVector<QuantizeOp> quantizations;
  for (BlockArgument arg : func.getArguments()) {
    QuantizeOp first;
    for (Operation *user : llvm::make_early_inc_range(arg.getUsers())) {
      auto quantize = dyn_cast<QuantizeOp>(user);
      if (!quantize)
        return user->emitError("the integer entry point needs the model's "
                               "input '")
               << names[arg.getArgNumber()]
               << "' to be quantized before any other use";
      if (!first) {
        first = quantize;
        continue;
      }
      if (quantize.getType() != first.getType() ||
          quantize->getAttrDictionary() != first->getAttrDictionary())
        return quantize
                   .emitError("the integer entry point needs one format of "
                              "the input '")
                   .attachNote(first.getLoc())
               << names[arg.getArgNumber()] << "'; it is also quantized here";
      quantize.replaceAllUsesWith(first.getResult());
      quantize.erase();
    }
    if (!first)
      return func.emitError("the input '")
             << names[arg.getArgNumber()]
             << "' is not used; the integer entry point cannot give it a "
                "format";
    quantizations.push_back(first);
  }
  return quantizations;
}

/// The dequantization that computes each result of `func`.
static FailureOr<SmallVector<DequantizeOp>>
getOutputDequantizations(func::FuncOp func, ArrayRef<std::string> names) {
  SmallVector<DequantizeOp> dequantizations;
  Operation *ret = func.getBody().back().getTerminator();
  for (auto [i, operand] : llvm::enumerate(ret->getOperands())) {
    auto dequantize = operand.getDefiningOp<DequantizeOp>();
    if (!dequantize)
      return ret->emitError("the integer entry point needs the model's "
                            "output '")
             << names[i] << "' to be dequantized last";
    dequantizations.push_back(dequantize);
  }
  return dequantizations;
}

/// Splits the quantized model function `model` (named `name`) into the
/// integer computation `<name>_int` and the float entry point around it.
static LogicalResult splitIntegerEntryPoint(func::FuncOp model, StringRef name,
                                            ArrayRef<std::string> inputNames,
                                            ArrayRef<std::string> outputNames) {
  MLIRContext *context = model.getContext();
  RewritePatternSet patterns(context);
  patterns.add<QuantizeBeforeTranspose, DequantizeAfterTranspose>(context);
  if (failed(applyPatternsGreedily(model, std::move(patterns))))
    return model.emitError("cannot move quantization to the model's inputs "
                           "and outputs");
  FailureOr<SmallVector<QuantizeOp>> quantizations =
      getInputQuantizations(model, inputNames);
  if (failed(quantizations))
    return failure();
  FailureOr<SmallVector<DequantizeOp>> dequantizations =
      getOutputDequantizations(model, outputNames);
  if (failed(dequantizations))
    return failure();

  // The integer function takes the model's body: its arguments are the
  // quantized inputs, its results what was dequantized.
  OpBuilder builder(model.getContext());
  builder.setInsertionPointAfter(model);
  SmallVector<Type> inputTypes = llvm::map_to_vector(
      *quantizations, [](QuantizeOp q) { return q.getType(); });
  SmallVector<Type> outputTypes = llvm::map_to_vector(
      *dequantizations, [](DequantizeOp d) { return d.getInput().getType(); });
  auto integer =
      func::FuncOp::create(builder, model.getLoc(), (name + "_int_call").str(),
                           builder.getFunctionType(inputTypes, outputTypes));
  integer.getBody().takeBody(model.getBody());
  Block &body = integer.getBody().front();
  for (auto [arg, quantize] : llvm::zip(body.getArguments(), *quantizations)) {
    quantize.replaceAllUsesWith(arg);
    arg.setType(quantize.getType());
  }
  Operation *ret = integer.getBody().back().getTerminator();
  for (auto [operand, dequantize] :
       llvm::zip(ret->getOpOperands(), *dequantizations))
    operand.set(dequantize.getInput());
  markEntryPoint(integer, (name + "_int").str(), inputNames, outputNames);

  // The float entry point quantizes, calls and dequantizes, with the model's
  // own ops.
  Block *entry = model.addEntryBlock();
  builder.setInsertionPointToEnd(entry);
  SmallVector<Value> quantized;
  for (auto [arg, quantize] :
       llvm::zip(entry->getArguments(), *quantizations)) {
    quantize->moveBefore(entry, entry->end());
    quantize->setOperand(0, arg);
    quantized.push_back(quantize.getResult());
  }
  auto call = func::CallOp::create(builder, model.getLoc(), integer, quantized);
  SmallVector<Value> results;
  for (auto [result, dequantize] :
       llvm::zip(call.getResults(), *dequantizations)) {
    Operation *dequantized = builder.clone(*dequantize);
    dequantized->setOperand(0, result);
    results.push_back(dequantized->getResult(0));
  }
  func::ReturnOp::create(builder, ret->getLoc(), results);
  for (DequantizeOp dequantize : *dequantizations)
    if (dequantize->use_empty())
      dequantize.erase();
  return success();
}

LogicalResult mlir::fxp::buildCInterface(ModuleOp module,
                                         const CompileOptions &options) {
  auto funcs = llvm::to_vector(llvm::make_filter_range(
      module.getOps<func::FuncOp>(),
      [](func::FuncOp func) { return !func.isExternal(); }));
  if (funcs.size() != 1)
    return module.emitError("the C interface is made of one model function; "
                            "the module has ")
           << funcs.size();
  func::FuncOp model = funcs.front();
  SmallVector<std::string> inputNames, outputNames;
  for (BlockArgument arg : model.getArguments())
    inputNames.push_back(
        getTensorName(arg.getLoc())
            .value_or(("input" + Twine(arg.getArgNumber())).str()));
  // Named by the return's location, one name or one per output.
  Location retLoc = model.getBody().back().getTerminator()->getLoc();
  auto fused = dyn_cast<FusedLoc>(retLoc);
  for (unsigned i = 0, e = model.getNumResults(); i < e; ++i) {
    std::optional<std::string> name;
    if (fused && fused.getLocations().size() == e)
      name = getTensorName(fused.getLocations()[i]);
    else if (e == 1)
      name = getTensorName(retLoc);
    outputNames.push_back(name.value_or(("output" + Twine(i)).str()));
  }

  bool quantized = false;
  model.walk(
      [&](Operation *op) { quantized |= isa<FXPDialect>(op->getDialect()); });
  if (quantized && failed(splitIntegerEntryPoint(model, options.name,
                                                 inputNames, outputNames)))
    return failure();
  model.setSymName(options.name + "_call");
  markEntryPoint(model, options.name, inputNames, outputNames);
  return success();
}

namespace {
/// What the C function of an entry point needs to know of the lowered
/// function it calls per batch.
struct BatchLoop {
  std::string name, callee;
  /// Per input, then per output: the element type as lowered, and the
  /// number of elements per image.
  SmallVector<std::pair<Type, int64_t>> parameters;
};
} // namespace

static SmallVector<BatchLoop> getBatchLoops(CInterface &interface) {
  SmallVector<BatchLoop> loops;
  for (CEntryPoint &entry : interface.entryPoints) {
    BatchLoop loop{entry.name, entry.function.getSymName().str(), {}};
    for (const CTensor &tensor :
         llvm::concat<const CTensor>(entry.inputs, entry.outputs)) {
      Type element = tensor.type.getElementType();
      if (auto fixed = dyn_cast<FixedType>(element))
        element = IntegerType::get(element.getContext(), fixed.getWidth());
      loop.parameters.push_back(
          {element, tensor.type.getNumElements() / interface.batch});
    }
    loops.push_back(std::move(loop));
  }
  return loops;
}

/// Adds the C function
///
///   int name(int64_t batch, T *parameter...) {
///     if (batch < 0 || batch % B != 0) return -1;
///     for (int64_t i = 0; i < batch; i += B)
///       callee(parameter + i * elements per image...);
///     return 0;
///   }
///
/// around `callee`, the lowered function of one call, whose parameters are
/// bare pointers (inputs, then the outputs' out-parameters).
static LogicalResult addBatchLoop(ModuleOp module, const BatchLoop &loop,
                                  int64_t batch) {
  auto callee = module.lookupSymbol<LLVM::LLVMFuncOp>(loop.callee);
  MLIRContext *context = module.getContext();
  auto ptr = LLVM::LLVMPointerType::get(context);
  if (!callee || callee.getNumArguments() != loop.parameters.size() ||
      !llvm::all_of(callee.getArgumentTypes(),
                    [&](Type type) { return type == ptr; }) ||
      !isa<LLVM::LLVMVoidType>(callee.getFunctionType().getReturnType()))
    return module.emitError("the lowered '")
           << loop.callee
           << "' does not take bare pointers to its inputs and outputs";
  // Only the C function is visible; the call may be inlined into it.
  callee.setLinkage(LLVM::Linkage::Internal);
  for (unsigned i = 0, e = callee.getNumArguments(); i < e; ++i)
    callee.removeArgAttr(i, StringAttr::get(context, kCNameAttrName));
  callee->removeAttr(kCInterfaceAttrName);

  Location loc = callee.getLoc();
  OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
  auto i32 = builder.getI32Type(), i64 = builder.getI64Type();
  SmallVector<Type> parameterTypes = {i64};
  parameterTypes.append(loop.parameters.size(), ptr);
  auto function = LLVM::LLVMFuncOp::create(
      builder, loc, loop.name,
      LLVM::LLVMFunctionType::get(i32, parameterTypes));
  // Compiled for the target as the callee is, so that it can be inlined.
  function.setTargetCpuAttr(callee.getTargetCpuAttr());
  function.setTargetFeaturesAttr(callee.getTargetFeaturesAttr());

  Block *entry = function.addEntryBlock(builder);
  Block *header = function.addBlock(), *body = function.addBlock(),
        *done = function.addBlock(), *invalid = function.addBlock();
  Value index = header->addArgument(i64, loc);
  auto constant = [&](Type type, int64_t value) -> Value {
    return LLVM::ConstantOp::create(builder, loc, type,
                                    builder.getIntegerAttr(type, value));
  };

  builder.setInsertionPointToEnd(entry);
  Value count = entry->getArgument(0);
  Value zero = constant(i64, 0), step = constant(i64, batch);
  Value negative =
      LLVM::ICmpOp::create(builder, loc, LLVM::ICmpPredicate::slt, count, zero);
  Value remainder = LLVM::SRemOp::create(builder, loc, count, step);
  Value partial = LLVM::ICmpOp::create(builder, loc, LLVM::ICmpPredicate::ne,
                                       remainder, zero);
  Value bad = LLVM::OrOp::create(builder, loc, negative, partial);
  LLVM::CondBrOp::create(builder, loc, bad, invalid, ValueRange(), header,
                         ValueRange(zero));

  builder.setInsertionPointToEnd(header);
  Value finished = LLVM::ICmpOp::create(builder, loc, LLVM::ICmpPredicate::sge,
                                        index, count);
  LLVM::CondBrOp::create(builder, loc, finished, done, ValueRange(), body,
                         ValueRange());

  builder.setInsertionPointToEnd(body);
  SmallVector<Value> arguments;
  for (auto [parameter, elements] :
       llvm::zip(entry->getArguments().drop_front(), loop.parameters)) {
    auto [elementType, perImage] = elements;
    Value offset =
        LLVM::MulOp::create(builder, loc, index, constant(i64, perImage));
    arguments.push_back(LLVM::GEPOp::create(builder, loc, ptr, elementType,
                                            parameter, ValueRange(offset)));
  }
  LLVM::CallOp::create(builder, loc, callee, arguments);
  Value next = LLVM::AddOp::create(builder, loc, index, step);
  LLVM::BrOp::create(builder, loc, ValueRange(next), header);

  builder.setInsertionPointToEnd(done);
  LLVM::ReturnOp::create(builder, loc, constant(i32, 0));
  builder.setInsertionPointToEnd(invalid);
  LLVM::ReturnOp::create(builder, loc, constant(i32, -1));
  return success();
}

FailureOr<Lowering> mlir::fxp::getLowering(ModuleOp module,
                                           const CompileOptions &options) {
  // The interface as the tensor types say, before lowering erases them.
  FailureOr<CInterface> interface = getCInterface(module);
  if (failed(interface))
    return failure();
  Lowering lowering;
  lowering.buildPasses = [options](OpPassManager &pm) {
    if (options.referenceLowering) {
      if (options.floatModel)
        buildTosaToLinalgPipeline(pm);
      LowerToLLVMOptions reference;
      reference.outParams = true;
      reference.barePointers = true;
      buildReferenceToLLVMPipeline(pm, reference);
      FXPSetLLVMTargetOptions target;
      target.target = options.target;
      pm.addPass(createFXPSetLLVMTarget(target));
      return;
    }
    FastLowerToLLVMOptions fast;
    fast.target = options.target;
    fast.outParams = true;
    fast.barePointers = true;
    fast.threads = options.threads;
    if (options.floatModel)
      buildFloatToLLVMPipeline(pm, fast);
    else
      buildFastLowerToLLVMPipeline(pm, fast);
  };
  lowering.finish = [loops = getBatchLoops(*interface),
                     batch = interface->batch](ModuleOp lowered) {
    for (const BatchLoop &loop : loops)
      if (failed(addBatchLoop(lowered, loop, batch)))
        return failure();
    return success();
  };
  return lowering;
}
