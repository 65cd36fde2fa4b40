//===- FXPToArith.cpp - the fxp reference lowering ------------------------===//
//
// Lowers fxp ops to exact integer arith/math/linalg/tensor ops: the type
// conversion, the conversion of other ops' types and the pass. The patterns
// of each kind of op live beside it: Elementwise.cpp, Contractions.cpp,
// Pooling.cpp.
//
//===----------------------------------------------------------------------===//

#include "fxp/Conversion/Passes.h"

#include "LoweringUtils.h"
#include "fxp/Dialect/FXP/IR/FXP.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AsmState.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::fxp {
#define GEN_PASS_DEF_CONVERTFXPTOARITH
#include "fxp/Conversion/Passes.h.inc"
} // namespace mlir::fxp

using namespace mlir;
using namespace mlir::fxp;

//===----------------------------------------------------------------------===//
// Type conversion
//===----------------------------------------------------------------------===//

FixedToStorageTypeConverter::FixedToStorageTypeConverter() {
  addConversion([](Type type) { return type; });
  addConversion([](FixedType type) -> Type { return type.getStorageType(); });
  addConversion([](RankedTensorType type) -> Type {
    if (Type storage = getStorageType(type))
      return storage;
    return type;
  });
}

namespace {
/// Ops of other dialects (tensor.extract, tensor.empty, a linalg.generic
/// over fixed-point tensors, scf.for, ...) that carry fixed-point types get
/// their storage types, in their results and in their regions; the fxp ops
/// inside a region lower like any other.
struct ConvertOpTypes : ConversionPattern {
  ConvertOpTypes(const TypeConverter &converter, MLIRContext *ctx)
      : ConversionPattern(converter, MatchAnyOpTypeTag(), /*benefit=*/1, ctx) {}
  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    if (isa<FXPDialect>(op->getDialect()) || isa<FunctionOpInterface>(op))
      return failure();
    SmallVector<Type> resultTypes;
    if (failed(getTypeConverter()->convertTypes(op->getResultTypes(),
                                                resultTypes)))
      return failure();
    OperationState state(op->getLoc(), op->getName(), operands, resultTypes,
                         op->getAttrs(), op->getSuccessors());
    for (unsigned i = 0, e = op->getNumRegions(); i < e; ++i)
      state.addRegion();
    Operation *converted = rewriter.create(state);
    for (auto [from, to] :
         llvm::zip(op->getRegions(), converted->getRegions())) {
      rewriter.inlineRegionBefore(from, to, to.end());
      if (failed(rewriter.convertRegionTypes(&to, *getTypeConverter())))
        return failure();
    }
    rewriter.replaceOp(op, converted->getResults());
    return success();
  }
};
} // namespace

void mlir::fxp::populateFXPToArithConversionPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  populateElementwiseLoweringPatterns(converter, patterns);
  populateContractionLoweringPatterns(converter, patterns);
  populatePoolingLoweringPatterns(converter, patterns);
  patterns.add<ConvertOpTypes>(converter, patterns.getContext());
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

namespace {
struct ConvertFXPToArithPass
    : fxp::impl::ConvertFXPToArithBase<ConvertFXPToArithPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (failed(checkKnownFormats(module)))
      return signalPassFailure();

    MLIRContext *ctx = &getContext();
    FixedToStorageTypeConverter converter;
    RewritePatternSet patterns(ctx);
    populateFXPToArithConversionPatterns(converter, patterns);
    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                   converter);
    populateCallOpTypeConversionPattern(patterns, converter);
    populateReturnOpTypeConversionPattern(patterns, converter);

    ConversionTarget target(*ctx);
    target.addIllegalDialect<FXPDialect>();
    target.markUnknownOpDynamicallyLegal([&](Operation *op) {
      if (auto func = dyn_cast<FunctionOpInterface>(op))
        return converter.isSignatureLegal(
                   cast<FunctionType>(func.getFunctionType())) &&
               converter.isLegal(&func.getFunctionBody());
      return converter.isLegal(op) &&
             llvm::all_of(op->getRegions(), [&](Region &region) {
               return converter.isLegal(&region);
             });
    });
    if (failed(applyFullConversion(module, target, std::move(patterns))))
      return signalPassFailure();
    dropStatistics(module);
  }

  /// Calibration statistics (`fxp.stats` on ops and function arguments)
  /// belong to the fxp dialect, which the lowered module no longer uses.
  static void dropStatistics(ModuleOp module) {
    StringRef name = StatsAttr::getAttrName();
    module.walk([&](Operation *op) {
      op->removeAttr(name);
      if (auto func = dyn_cast<FunctionOpInterface>(op))
        for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
          func.removeArgAttr(i, name);
    });
  }

  /// Reports every value whose format has an unknown fractional length.
  static LogicalResult checkKnownFormats(ModuleOp module) {
    AsmState state(module);
    bool failed = false;
    auto check = [&](Operation *op, Value value) {
      FixedType fixed = getFixedElementType(value.getType());
      if (!fixed || fixed.hasKnownFracLength())
        return;
      std::string name;
      llvm::raw_string_ostream os(name);
      value.printAsOperand(os, state);
      op->emitError("cannot lower ")
          << name << " of type " << value.getType()
          << ": its fractional length is unknown; run "
             "--fxp-infer-frac-lengths first";
      failed = true;
    };
    module.walk([&](Operation *op) {
      for (Value result : op->getResults())
        check(op, result);
      for (Region &region : op->getRegions())
        for (Block &block : region)
          for (BlockArgument arg : block.getArguments())
            check(op, arg);
    });
    return success(!failed);
  }
};
} // namespace
