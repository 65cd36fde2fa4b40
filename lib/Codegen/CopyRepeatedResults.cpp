//===- CopyRepeatedResults.cpp - one buffer per returned value ------------===//
//
// --fxp-copy-repeated-results: a function that returns the same buffer
// twice returns a copy the second time. Upstream
// --buffer-results-to-out-params{hoist-static-allocs} replaces a returned
// allocation by its out-parameter and crashes when that allocation is
// returned twice (LLVM 22); models do return one value twice (an output
// listed twice, an op that canonicalization folds into its input, every
// activation of the calibration clone).
//
//===----------------------------------------------------------------------===//

#include "fxp/Codegen/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

namespace mlir::fxp {
#define GEN_PASS_DEF_FXPCOPYREPEATEDRESULTS
#include "fxp/Codegen/Passes.h.inc"
} // namespace mlir::fxp

using namespace mlir;

namespace {
struct FXPCopyRepeatedResultsPass
    : fxp::impl::FXPCopyRepeatedResultsBase<FXPCopyRepeatedResultsPass> {
  void runOnOperation() override {
    getOperation().walk([](func::ReturnOp ret) {
      OpBuilder builder(ret);
      DenseSet<Value> returned;
      for (OpOperand &operand : ret->getOpOperands()) {
        Value value = operand.get();
        auto type = dyn_cast<MemRefType>(value.getType());
        if (!type || returned.insert(value).second)
          continue;
        Location loc = ret.getLoc();
        SmallVector<Value> sizes;
        for (int64_t dim = 0; dim < type.getRank(); ++dim)
          if (type.isDynamicDim(dim))
            sizes.push_back(memref::DimOp::create(builder, loc, value, dim));
        auto copyType = MemRefType::get(type.getShape(), type.getElementType(),
                                        nullptr, type.getMemorySpace());
        Value copy = memref::AllocOp::create(builder, loc, copyType, sizes);
        memref::CopyOp::create(builder, loc, value, copy);
        if (copyType != type)
          copy = memref::CastOp::create(builder, loc, type, copy);
        operand.set(copy);
      }
    });
  }
};
} // namespace
