//===- FXPDialect.cpp - fxp dialect, types and attributes -----------------===//

#include "fxp/Dialect/FXP/IR/FXP.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/CheckedArithmetic.h"

#include <cmath>

using namespace mlir;
using namespace mlir::fxp;

#include "fxp/Dialect/FXP/IR/FXPDialect.cpp.inc"
#include "fxp/Dialect/FXP/IR/FXPEnums.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "fxp/Dialect/FXP/IR/FXPTypes.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "fxp/Dialect/FXP/IR/FXPAttributes.cpp.inc"

void FXPDialect::initialize() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "fxp/Dialect/FXP/IR/FXPTypes.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "fxp/Dialect/FXP/IR/FXPAttributes.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "fxp/Dialect/FXP/IR/FXPOps.cpp.inc"
      >();
}

Operation *FXPDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                           Type type, Location loc) {
  // Folders produce storage integers; a fixed-point result becomes an
  // fxp.constant, an integer one (from a bitcast) an arith.constant.
  auto typed = dyn_cast<TypedAttr>(value);
  if (!typed || typed.getType() != getStorageType(type))
    return arith::ConstantOp::materialize(builder, value, type, loc);
  if (!getFixedElementType(type) && !getFixedPerAxisElementType(type))
    return nullptr;
  return ConstantOp::create(builder, loc, type, typed);
}

//===----------------------------------------------------------------------===//
// Helpers on fixed-point scalar and tensor types
//===----------------------------------------------------------------------===//

FixedType mlir::fxp::getFixedElementType(Type type) {
  return dyn_cast<FixedType>(getElementTypeOrSelf(type));
}

Type mlir::fxp::cloneWithElementType(Type like, Type element) {
  if (auto shaped = dyn_cast<ShapedType>(like))
    return shaped.clone(element);
  return element;
}

FixedPerAxisType mlir::fxp::getFixedPerAxisElementType(Type type) {
  return dyn_cast<FixedPerAxisType>(getElementTypeOrSelf(type));
}

int64_t mlir::fxp::getTrailingSize(ShapedType type, unsigned dim) {
  int64_t size = 1;
  for (int64_t later : type.getShape().drop_front(dim + 1))
    size *= later;
  return size;
}

ElementFormats::ElementFormats(Type type) {
  FixedPerAxisType perAxis = getFixedPerAxisElementType(type);
  if (!perAxis) {
    formats.push_back(getFixedElementType(type));
    return;
  }
  for (int64_t i = 0, e = perAxis.getFracLengths().size(); i < e; ++i)
    formats.push_back(perAxis.getSliceFormat(i));
  trailing = getTrailingSize(cast<ShapedType>(type), perAxis.getAxis());
}

FixedType mlir::fxp::getAlignedWeightFormat(Type weightType) {
  if (FixedPerAxisType perAxis = getFixedPerAxisElementType(weightType))
    return perAxis.getAlignedFormat();
  return getFixedElementType(weightType);
}

SmallVector<int64_t> mlir::fxp::getWeightChannelShifts(Type weightType) {
  FixedPerAxisType perAxis = getFixedPerAxisElementType(weightType);
  if (!perAxis)
    return {};
  int64_t max = perAxis.getMaxFracLength();
  return llvm::map_to_vector(perAxis.getFracLengths(), [&](int64_t fracLength) {
    return max - fracLength;
  });
}

Type mlir::fxp::getStorageType(Type fixedLike) {
  if (FixedType fixed = getFixedElementType(fixedLike))
    return cloneWithElementType(fixedLike, fixed.getStorageType());
  if (FixedPerAxisType perAxis = getFixedPerAxisElementType(fixedLike))
    return cloneWithElementType(fixedLike, perAxis.getStorageType());
  return {};
}

//===----------------------------------------------------------------------===//
// FixedType
//===----------------------------------------------------------------------===//

LogicalResult FixedType::verify(function_ref<InFlightDiagnostic()> emitError,
                                unsigned width, bool isSigned,
                                std::optional<int64_t> fracLength) {
  if (width < kMinWidth || width > kMaxWidth)
    return emitError() << "fixed-point width must be in [" << kMinWidth << ", "
                       << kMaxWidth << "], got " << width;
  if (fracLength &&
      (*fracLength < kMinFracLength || *fracLength > kMaxFracLength))
    return emitError() << "fractional length must be in [" << kMinFracLength
                       << ", " << kMaxFracLength << "] or '?', got "
                       << *fracLength;
  return success();
}

/// Parses the signedness letter and the width, e.g. `s8` or `u32`.
static ParseResult parseSignedWidth(AsmParser &parser, unsigned &width,
                                    bool &isSigned) {
  SMLoc loc = parser.getCurrentLocation();
  StringRef word;
  if (parser.parseKeyword(&word))
    return failure();
  if (word.size() < 2 || (word[0] != 's' && word[0] != 'u') ||
      word.drop_front().getAsInteger(10, width))
    return parser.emitError(loc, "expected 's' or 'u' followed by the width, "
                                 "like 's8' or 'u8', got '")
           << word << "'";
  isSigned = word[0] == 's';
  return success();
}

Type FixedType::parse(AsmParser &parser) {
  MLIRContext *ctx = parser.getContext();
  SMLoc loc = parser.getCurrentLocation();
  unsigned width = 0;
  bool isSigned = false;
  if (parser.parseLess() || parseSignedWidth(parser, width, isSigned))
    return {};
  std::optional<int64_t> fracLength;
  if (parser.parseComma())
    return {};
  if (failed(parser.parseOptionalQuestion())) {
    int64_t value = 0;
    if (parser.parseInteger(value))
      return {};
    fracLength = value;
  }
  if (parser.parseGreater())
    return {};
  return getChecked([&] { return parser.emitError(loc); }, ctx, width, isSigned,
                    fracLength);
}

void FixedType::print(AsmPrinter &printer) const {
  printer << '<' << (getIsSigned() ? 's' : 'u') << getWidth() << ", ";
  if (hasKnownFracLength())
    printer << *getFracLength();
  else
    printer << '?';
  printer << '>';
}

IntegerType FixedType::getStorageType() const {
  return IntegerType::get(getContext(), getWidth());
}

FixedType FixedType::withFracLength(std::optional<int64_t> fracLength) const {
  return get(getContext(), getWidth(), getIsSigned(), fracLength);
}

llvm::APInt FixedType::getSaturationMax(unsigned bits) const {
  assert(bits > getWidth() && "needs a sign bit above the width");
  unsigned magnitudeBits = getIsSigned() ? getWidth() - 1 : getWidth();
  return llvm::APInt::getLowBitsSet(bits, magnitudeBits);
}

llvm::APInt FixedType::getSaturationMin(unsigned bits) const {
  if (!getIsSigned())
    return llvm::APInt::getZero(bits);
  return -getSaturationMax(bits);
}

llvm::APInt FixedType::getStorageMin(unsigned bits) const {
  if (!getIsSigned())
    return llvm::APInt::getZero(bits);
  return getSaturationMin(bits) - 1;
}

//===----------------------------------------------------------------------===//
// FixedPerAxisType
//===----------------------------------------------------------------------===//

LogicalResult
FixedPerAxisType::verify(function_ref<InFlightDiagnostic()> emitError,
                         unsigned width, bool isSigned, unsigned axis,
                         ArrayRef<int64_t> fracLengths) {
  if (fracLengths.empty())
    return emitError() << "a per-axis format needs at least one fractional "
                          "length";
  for (int64_t fracLength : fracLengths)
    if (failed(FixedType::verify(emitError, width, isSigned, fracLength)))
      return failure();
  // The aligned format must exist too.
  int64_t spread =
      *llvm::max_element(fracLengths) - *llvm::min_element(fracLengths);
  if (width + spread > FixedType::kMaxWidth)
    return emitError() << "the fractional lengths span " << spread
                       << " bits: aligned to the largest, " << width
                       << "-bit values need more than " << FixedType::kMaxWidth
                       << " bits";
  return success();
}

Type FixedPerAxisType::parse(AsmParser &parser) {
  SMLoc loc = parser.getCurrentLocation();
  unsigned width = 0;
  bool isSigned = false;
  unsigned axis = 0;
  SmallVector<int64_t> fracLengths;
  if (parser.parseLess() || parseSignedWidth(parser, width, isSigned) ||
      parser.parseComma() || parser.parseKeyword("axis") ||
      parser.parseInteger(axis) || parser.parseComma() ||
      parser.parseCommaSeparatedList(
          AsmParser::Delimiter::Square,
          [&] { return parser.parseInteger(fracLengths.emplace_back()); }) ||
      parser.parseGreater())
    return {};
  return getChecked([&] { return parser.emitError(loc); }, parser.getContext(),
                    width, isSigned, axis, fracLengths);
}

void FixedPerAxisType::print(AsmPrinter &printer) const {
  printer << '<' << (getIsSigned() ? 's' : 'u') << getWidth() << ", axis "
          << getAxis() << ", [";
  llvm::interleaveComma(getFracLengths(), printer);
  printer << "]>";
}

IntegerType FixedPerAxisType::getStorageType() const {
  return IntegerType::get(getContext(), getWidth());
}

FixedType FixedPerAxisType::getSliceFormat(int64_t index) const {
  return FixedType::get(getContext(), getWidth(), getIsSigned(),
                        getFracLengths()[index]);
}

int64_t FixedPerAxisType::getMinFracLength() const {
  return *llvm::min_element(getFracLengths());
}

int64_t FixedPerAxisType::getMaxFracLength() const {
  return *llvm::max_element(getFracLengths());
}

FixedType FixedPerAxisType::getAlignedFormat() const {
  return FixedType::get(getContext(),
                        getWidth() + getMaxFracLength() - getMinFracLength(),
                        getIsSigned(), getMaxFracLength());
}

//===----------------------------------------------------------------------===//
// StatsAttr
//===----------------------------------------------------------------------===//

LogicalResult StatsAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                llvm::APFloat mean, llvm::APFloat std,
                                llvm::APFloat min, llvm::APFloat max,
                                int64_t count, ArrayRef<int64_t> histogram,
                                llvm::APFloat histogramMin,
                                llvm::APFloat histogramMax) {
  for (auto [name, value] : {std::pair<StringRef, llvm::APFloat>{"mean", mean},
                             {"std", std},
                             {"min", min},
                             {"max", max}})
    if (!value.isFinite())
      return emitError() << "statistic '" << name << "' must be finite";
  if (std.isNegative() && !std.isZero())
    return emitError() << "std must be non-negative, got "
                       << std.convertToDouble();
  if (min > max)
    return emitError() << "min (" << min.convertToDouble() << ") exceeds max ("
                       << max.convertToDouble() << ")";
  if (mean < min || mean > max)
    return emitError() << "mean (" << mean.convertToDouble()
                       << ") lies outside [min, max]";
  if (count <= 0)
    return emitError() << "count must be positive, got " << count;
  int64_t binned = 0;
  for (int64_t bin : histogram) {
    if (bin < 0)
      return emitError() << "histogram counts must be non-negative, got "
                         << bin;
    std::optional<int64_t> sum = llvm::checkedAdd(binned, bin);
    if (!sum)
      return emitError() << "histogram counts add up to more than 2^63 - 1";
    binned = *sum;
  }
  if (!histogram.empty() && binned != count)
    return emitError() << "histogram counts add up to " << binned
                       << ", not count (" << count << ")";
  if (!histogramMin.isFinite() || !histogramMax.isFinite() ||
      histogramMin > min || histogramMax < max)
    return emitError() << "histogram_range [" << histogramMin.convertToDouble()
                       << ", " << histogramMax.convertToDouble()
                       << "] does not hold [min, max]";
  return success();
}

SmallVector<double> StatsAttr::getBinCenters() const {
  double min = getHistogramMin().convertToDouble(),
         max = getHistogramMax().convertToDouble();
  size_t bins = getHistogram().size();
  SmallVector<double> centers;
  for (size_t i = 0; i < bins; ++i)
    centers.push_back(min + (max - min) * (i + 0.5) / bins);
  return centers;
}

Attribute StatsAttr::parse(AsmParser &parser, Type) {
  SMLoc loc = parser.getCurrentLocation();
  std::optional<double> mean, std, min, max;
  std::optional<int64_t> count;
  std::optional<SmallVector<int64_t>> histogram;
  std::optional<std::pair<double, double>> histogramRange;
  auto parseField = [&]() -> ParseResult {
    SMLoc fieldLoc = parser.getCurrentLocation();
    StringRef name;
    if (parser.parseKeyword(&name) || parser.parseEqual())
      return failure();
    auto parseReal = [&](std::optional<double> &field) -> ParseResult {
      if (field)
        return parser.emitError(fieldLoc, "duplicate statistic '")
               << name << "'";
      double value = 0;
      if (parser.parseFloat(value))
        return failure();
      field = value;
      return success();
    };
    if (name == "mean")
      return parseReal(mean);
    if (name == "std")
      return parseReal(std);
    if (name == "min")
      return parseReal(min);
    if (name == "max")
      return parseReal(max);
    if (name == "histogram") {
      if (histogram)
        return parser.emitError(fieldLoc, "duplicate statistic 'histogram'");
      histogram.emplace();
      return parser.parseCommaSeparatedList(
          AsmParser::Delimiter::Square, [&]() -> ParseResult {
            return parser.parseInteger(histogram->emplace_back());
          });
    }
    if (name == "histogram_range") {
      if (histogramRange)
        return parser.emitError(fieldLoc,
                                "duplicate statistic 'histogram_range'");
      histogramRange.emplace();
      if (parser.parseLSquare() || parser.parseFloat(histogramRange->first) ||
          parser.parseComma() || parser.parseFloat(histogramRange->second) ||
          parser.parseRSquare())
        return failure();
      return success();
    }
    if (name == "count") {
      if (count)
        return parser.emitError(fieldLoc, "duplicate statistic 'count'");
      int64_t value = 0;
      if (parser.parseInteger(value))
        return failure();
      count = value;
      return success();
    }
    return parser.emitError(fieldLoc, "unknown statistic '")
           << name
           << "'; expected mean, std, min, max, count, histogram or "
              "histogram_range";
  };
  if (parser.parseCommaSeparatedList(AsmParser::Delimiter::LessGreater,
                                     parseField))
    return {};
  for (auto [name, present] :
       {std::pair<StringRef, bool>{"mean", mean.has_value()},
        {"std", std.has_value()},
        {"min", min.has_value()},
        {"max", max.has_value()},
        {"count", count.has_value()}})
    if (!present) {
      parser.emitError(loc, "missing statistic '") << name << "'";
      return {};
    }
  return getChecked(
      [&] { return parser.emitError(loc); }, parser.getContext(),
      llvm::APFloat(*mean), llvm::APFloat(*std), llvm::APFloat(*min),
      llvm::APFloat(*max), *count,
      histogram ? ArrayRef<int64_t>(*histogram) : ArrayRef<int64_t>(),
      llvm::APFloat(histogramRange ? histogramRange->first : *min),
      llvm::APFloat(histogramRange ? histogramRange->second : *max));
}

void StatsAttr::print(AsmPrinter &printer) const {
  printer << "<mean = ";
  printer.printFloat(getMean());
  printer << ", std = ";
  printer.printFloat(getStd());
  printer << ", min = ";
  printer.printFloat(getMin());
  printer << ", max = ";
  printer.printFloat(getMax());
  printer << ", count = " << getCount();
  if (!getHistogram().empty()) {
    printer << ", histogram = [";
    llvm::interleaveComma(getHistogram(), printer);
    printer << ']';
    if (getHistogramMin() != getMin() || getHistogramMax() != getMax()) {
      printer << ", histogram_range = [";
      printer.printFloat(getHistogramMin());
      printer << ", ";
      printer.printFloat(getHistogramMax());
      printer << ']';
    }
  }
  printer << '>';
}
