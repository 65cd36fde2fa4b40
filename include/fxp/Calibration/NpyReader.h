//===- NpyReader.h - float arrays from NumPy .npy files ---------*- C++ -*-===//
//
// Reads the calibration inputs of fxp-calibrate and fxp-compile: a .npy
// file (format versions 1 to 3) holding float32 or float64 values, little-
// or big-endian, in C or Fortran order. The header is parsed as the Python
// dictionary literal that NumPy writes, so that a header that says something
// else is rejected rather than misread. Every size is checked before it is
// used: a file can only make the reader fail, never read past its buffer or
// allocate more than the file's own size.
//
// Header-only so that the fuzzer of the reader (fuzz/) builds without the
// calibration library and its JIT.
//
//===----------------------------------------------------------------------===//

#ifndef FXP_CALIBRATION_NPYREADER_H
#define FXP_CALIBRATION_NPYREADER_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InterleavedRange.h"

#include <cmath>
#include <limits>
#include <optional>
#include <vector>

namespace mlir::fxp {

/// A float32 array in C (row-major) order.
struct NpyArray {
  llvm::SmallVector<int64_t> shape;
  std::vector<float> data;
};

namespace detail {

/// The fields of a .npy header: `{'descr': '<f4', 'fortran_order': False,
/// 'shape': (2, 3), }`.
struct NpyHeader {
  std::string descr;
  bool fortranOrder = false;
  llvm::SmallVector<int64_t> shape;
};

/// A recursive-descent parser of the dictionary literal of a .npy header.
class HeaderParser {
public:
  explicit HeaderParser(llvm::StringRef text) : rest(text) {}

  llvm::Expected<NpyHeader> parse() {
    NpyHeader header;
    bool hasDescr = false, hasOrder = false, hasShape = false;
    if (!consume('{'))
      return fail("the header is not a dictionary");
    while (!consume('}')) {
      std::optional<std::string> key = parseString();
      if (!key || !consume(':'))
        return fail("the header is not a dictionary of named fields");
      if (*key == "descr") {
        std::optional<std::string> descr = parseString();
        if (hasDescr || !descr)
          return fail("the header has a bad or repeated 'descr'");
        header.descr = *descr;
        hasDescr = true;
      } else if (*key == "fortran_order") {
        std::optional<bool> order = parseBool();
        if (hasOrder || !order)
          return fail("the header has a bad or repeated 'fortran_order'");
        header.fortranOrder = *order;
        hasOrder = true;
      } else if (*key == "shape") {
        if (hasShape || !parseShape(header.shape))
          return fail("the header has a bad or repeated 'shape'");
        hasShape = true;
      } else {
        return fail("the header has an unknown field '" + *key + "'");
      }
      // Fields are separated by commas; the last may have one too.
      if (!consume(',') && !peek('}'))
        return fail("the header is not a dictionary of named fields");
    }
    if (!llvm::StringRef(rest).trim().empty())
      return fail("the header has text after its dictionary");
    if (!hasDescr || !hasOrder || !hasShape)
      return fail("the header needs 'descr', 'fortran_order' and 'shape'");
    return header;
  }

private:
  static llvm::Error fail(const llvm::Twine &message) {
    return llvm::createStringError(message);
  }
  void skipSpace() { rest = rest.ltrim(" \t\r\n"); }
  bool peek(char c) {
    skipSpace();
    return rest.starts_with(llvm::StringRef(&c, 1));
  }
  bool consume(char c) {
    if (!peek(c))
      return false;
    rest = rest.drop_front();
    return true;
  }
  std::optional<std::string> parseString() {
    skipSpace();
    if (rest.empty() || (rest.front() != '\'' && rest.front() != '"'))
      return std::nullopt;
    char quote = rest.front();
    size_t end = rest.find(quote, 1);
    if (end == llvm::StringRef::npos)
      return std::nullopt;
    std::string value = rest.slice(1, end).str();
    rest = rest.drop_front(end + 1);
    return value;
  }
  std::optional<bool> parseBool() {
    skipSpace();
    if (rest.consume_front("True"))
      return true;
    if (rest.consume_front("False"))
      return false;
    return std::nullopt;
  }
  /// A tuple of non-negative integers: `()`, `(3,)`, `(2, 3)`.
  bool parseShape(llvm::SmallVectorImpl<int64_t> &shape) {
    if (!consume('('))
      return false;
    while (!consume(')')) {
      skipSpace();
      uint64_t size = 0;
      if (rest.consumeInteger(10, size) ||
          size > uint64_t(std::numeric_limits<int64_t>::max()))
        return false;
      shape.push_back(size);
      if (!consume(',') && !peek(')'))
        return false;
    }
    return true;
  }

  llvm::StringRef rest;
};

} // namespace detail

/// Parses the bytes of a .npy file. Errors are sentences about the file,
/// such as "is not a .npy file", for the caller to prefix with its name.
inline llvm::Expected<NpyArray> parseNpy(llvm::StringRef bytes) {
  auto fail = [](const llvm::Twine &message) -> llvm::Error {
    return llvm::createStringError(message);
  };
  if (!bytes.starts_with("\x93NUMPY") || bytes.size() < 10)
    return fail("is not a .npy file");
  unsigned major = uint8_t(bytes[6]);
  if (major < 1 || major > 3)
    return fail("has .npy format version " + llvm::Twine(major) +
                "; versions 1 to 3 are supported");
  // Version 1 has a 16-bit header length, versions 2 and 3 a 32-bit one.
  size_t lengthBytes = major == 1 ? 2 : 4;
  size_t headerStart = 8 + lengthBytes;
  if (bytes.size() < headerStart)
    return fail("is truncated");
  uint64_t headerLength =
      major == 1 ? llvm::support::endian::read16le(bytes.data() + 8)
                 : llvm::support::endian::read32le(bytes.data() + 8);
  if (bytes.size() - headerStart < headerLength)
    return fail("is truncated");
  llvm::StringRef headerText = bytes.substr(headerStart, headerLength);
  llvm::Expected<detail::NpyHeader> header =
      detail::HeaderParser(headerText).parse();
  if (!header)
    return fail("has a bad header (" + llvm::toString(header.takeError()) +
                "): " + headerText.trim());

  llvm::StringRef descr = header->descr;
  if (descr.size() != 3 || (descr[0] != '<' && descr[0] != '>') ||
      (descr.drop_front() != "f4" && descr.drop_front() != "f8"))
    return fail("must hold float32 or float64 values ('<f4', '>f4', '<f8' "
                "or '>f8'), got '" +
                descr + "'");
  llvm::endianness order =
      descr[0] == '<' ? llvm::endianness::little : llvm::endianness::big;
  size_t elementSize = descr[2] == '4' ? 4 : 8;

  int64_t count = 1;
  for (int64_t size : header->shape) {
    std::optional<int64_t> product = llvm::checkedMul(count, size);
    if (!product)
      return fail("has a shape whose element count overflows 64 bits");
    count = *product;
  }
  llvm::StringRef payload = bytes.drop_front(headerStart + headerLength);
  std::optional<int64_t> needed = llvm::checkedMul<int64_t>(count, elementSize);
  if (!needed || uint64_t(*needed) != payload.size())
    return fail(llvm::formatv("holds {0} bytes of data; its shape ({1}) needs "
                              "{2} elements of {3} bytes",
                              payload.size(), llvm::interleaved(header->shape),
                              count, elementSize));

  NpyArray array;
  array.shape = header->shape;
  array.data.resize(count);
  if (count == 0)
    return array;
  // C order stores the last index fastest, Fortran order the first: walk the
  // file in its order and place each element at its C-order position. No
  // dimension is 0, so every stride is at most the element count.
  size_t rank = array.shape.size();
  llvm::SmallVector<int64_t> cStrides(rank, 1), index(rank, 0);
  for (size_t d = rank; d-- > 1;)
    cStrides[d - 1] = cStrides[d] * array.shape[d];
  int64_t position = 0;
  for (int64_t i = 0; i < count; ++i) {
    const char *element = payload.data() + i * elementSize;
    double value =
        elementSize == 4
            ? double(llvm::support::endian::read<float>(element, order))
            : llvm::support::endian::read<double>(element, order);
    if (std::isfinite(value) &&
        std::abs(value) > double(std::numeric_limits<float>::max()))
      return fail(llvm::formatv("holds {0:e} at element {1}, outside the "
                                "float32 range",
                                value, i));
    int64_t target = header->fortranOrder ? position : i;
    array.data[target] = float(value);
    if (!header->fortranOrder)
      continue;
    for (size_t d = 0; d < rank; ++d) {
      position += cStrides[d];
      if (++index[d] < array.shape[d])
        break;
      position -= cStrides[d] * array.shape[d];
      index[d] = 0;
    }
  }
  return array;
}

} // namespace mlir::fxp

#endif // FXP_CALIBRATION_NPYREADER_H
