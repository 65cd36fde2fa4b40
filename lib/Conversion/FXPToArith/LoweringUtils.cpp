//===- LoweringUtils.cpp - shared pieces of the reference lowering --------===//

#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::fxp;

SmallVector<utils::IteratorType> mlir::fxp::getIterators(unsigned parallel,
                                                         unsigned reduction) {
  SmallVector<utils::IteratorType> iterators(parallel,
                                             utils::IteratorType::parallel);
  iterators.append(reduction, utils::IteratorType::reduction);
  return iterators;
}

Value mlir::fxp::buildElementwise(OpBuilder &builder, Location loc,
                                  ValueRange operands, Type resultType,
                                  ScalarBuilder scalar) {
  auto tensorType = dyn_cast<RankedTensorType>(resultType);
  if (!tensorType) {
    FixedPointEmitter emitter(builder, loc);
    return scalar(emitter, loc, operands);
  }
  Value init = tensor::EmptyOp::create(
      builder, loc, tensor::getMixedSizes(builder, loc, operands.front()),
      tensorType.getElementType());
  SmallVector<AffineMap> maps(
      operands.size() + 1,
      builder.getMultiDimIdentityMap(tensorType.getRank()));
  auto generic = linalg::GenericOp::create(
      builder, loc, TypeRange{tensorType}, operands, ValueRange{init}, maps,
      getIterators(tensorType.getRank()),
      [&](OpBuilder &b, Location nestedLoc, ValueRange args) {
        FixedPointEmitter emitter(b, nestedLoc);
        Value result = scalar(emitter, nestedLoc, args.drop_back());
        linalg::YieldOp::create(b, nestedLoc, result);
      });
  return generic.getResult(0);
}

Value mlir::fxp::buildFilled(OpBuilder &builder, Location loc,
                             ArrayRef<OpFoldResult> shape, IntegerType type,
                             const APInt &value) {
  Value empty = tensor::EmptyOp::create(builder, loc, shape, type);
  Value fill = arith::ConstantOp::create(
      builder, loc, IntegerAttr::get(type, value.sextOrTrunc(type.getWidth())));
  return linalg::FillOp::create(builder, loc, fill, empty).getResult(0);
}

OpFoldResult mlir::fxp::getDim(OpBuilder &builder, Location loc, Value tensor,
                               int64_t dim) {
  return tensor::getMixedSize(builder, loc, tensor, dim);
}

OpFoldResult mlir::fxp::getWindowedSize(OpBuilder &builder, Location loc,
                                        int64_t staticResult, OpFoldResult size,
                                        int64_t kernel, int64_t stride,
                                        int64_t dilation, int64_t padBefore,
                                        int64_t padAfter) {
  if (!ShapedType::isDynamic(staticResult))
    return builder.getIndexAttr(staticResult);
  Value value = getValueOrCreateConstantIndexOp(builder, loc, size);
  auto index = [&](int64_t v) {
    return arith::ConstantIndexOp::create(builder, loc, v);
  };
  int64_t span = dilation * (kernel - 1) + 1;
  Value padded = arith::AddIOp::create(builder, loc, value,
                                       index(padBefore + padAfter - span));
  Value steps = arith::DivUIOp::create(builder, loc, padded, index(stride));
  return arith::AddIOp::create(builder, loc, steps, index(1)).getResult();
}

Value mlir::fxp::padSpatial(OpBuilder &builder, Location loc, Value input,
                            ArrayRef<int64_t> pad, const APInt &padValue) {
  if (llvm::all_of(pad, [](int64_t p) { return p == 0; }))
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> low = {0, pad[0], pad[2], 0};
  SmallVector<int64_t> high = {0, pad[1], pad[3], 0};
  auto resultType = tensor::PadOp::inferResultType(type, low, high);
  Value value = arith::ConstantOp::create(
      builder, loc, IntegerAttr::get(type.getElementType(), padValue));
  return tensor::PadOp::create(builder, loc, resultType, input,
                               getAsOpFoldResult(builder.getI64ArrayAttr(low)),
                               getAsOpFoldResult(builder.getI64ArrayAttr(high)),
                               value);
}
