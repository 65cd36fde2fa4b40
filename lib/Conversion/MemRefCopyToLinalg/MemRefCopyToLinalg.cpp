//===- MemRefCopyToLinalg.cpp - memref.copy without a runtime library -----===//

#include "fxp/Conversion/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Utils/MemRefUtils.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::fxp {
#define GEN_PASS_DEF_MEMREFCOPYTOLINALG
#include "fxp/Conversion/Passes.h.inc"
} // namespace mlir::fxp

using namespace mlir;

/// Whether finalize-memref-to-llvm lowers a copy from or to `type` to
/// llvm.memcpy (a copy between two such types) rather than to a call of the
/// runner library's memrefCopy.
static bool isMemcpyLayout(MemRefType type) {
  return type.getLayout().isIdentity() ||
         memref::isStaticShapeAndContiguousRowMajor(type);
}

/// Whether the innermost dimension of `type` has a static size and unit
/// stride: its rows are contiguous.
static bool hasContiguousRows(MemRefType type) {
  int64_t offset;
  SmallVector<int64_t> strides;
  return type.getRank() >= 2 && !type.isDynamicDim(type.getRank() - 1) &&
         succeeded(type.getStridesAndOffset(strides, offset)) &&
         strides.back() == 1;
}

namespace {
/// A copy between memrefs with contiguous rows (a bufferized tensor.pad or
/// insert_slice of channels-last activations) becomes a loop nest of row
/// copies, which lower to llvm.memcpy of a static size, i.e. vector moves;
/// any other copy becomes a linalg.copy, which lowers to loops of elements.
struct CopyWithoutRuntime : OpRewritePattern<memref::CopyOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(memref::CopyOp copy,
                                PatternRewriter &rewriter) const override {
    auto source = dyn_cast<MemRefType>(copy.getSource().getType());
    auto target = dyn_cast<MemRefType>(copy.getTarget().getType());
    if (!source || !target)
      return rewriter.notifyMatchFailure(copy, "unranked memrefs");
    if (isMemcpyLayout(source) && isMemcpyLayout(target))
      return rewriter.notifyMatchFailure(copy, "lowers to llvm.memcpy");
    if (!hasContiguousRows(source) || !hasContiguousRows(target)) {
      rewriter.replaceOpWithNewOp<linalg::CopyOp>(copy, copy.getSource(),
                                                  copy.getTarget());
      return success();
    }
    Location loc = copy.getLoc();
    int64_t rank = source.getRank();
    int64_t rowLength = source.getDimSize(rank - 1);
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    SmallVector<Value> lowerBounds(rank - 1, zero), steps(rank - 1, one);
    SmallVector<Value> upperBounds;
    for (int64_t dim = 0; dim < rank - 1; ++dim)
      upperBounds.push_back(
          memref::DimOp::create(rewriter, loc, copy.getSource(), dim));
    SmallVector<OpFoldResult> sizes(rank - 1, rewriter.getIndexAttr(1));
    sizes.push_back(rewriter.getIndexAttr(rowLength));
    SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
    scf::buildLoopNest(
        rewriter, loc, lowerBounds, upperBounds, steps,
        [&](OpBuilder &b, Location l, ValueRange indices) {
          SmallVector<OpFoldResult> offsets(indices);
          offsets.push_back(b.getIndexAttr(0));
          auto row = [&](Value memref) -> Value {
            auto type = memref::SubViewOp::inferRankReducedResultType(
                {rowLength}, cast<MemRefType>(memref.getType()), offsets, sizes,
                strides);
            return memref::SubViewOp::create(b, l, cast<MemRefType>(type),
                                             memref, offsets, sizes, strides);
          };
          memref::CopyOp::create(b, l, row(copy.getSource()),
                                 row(copy.getTarget()));
        });
    rewriter.eraseOp(copy);
    return success();
  }
};

struct MemRefCopyToLinalgPass
    : fxp::impl::MemRefCopyToLinalgBase<MemRefCopyToLinalgPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<CopyWithoutRuntime>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
