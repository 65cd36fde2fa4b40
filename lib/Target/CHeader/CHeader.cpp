//===- CHeader.cpp - the C interface of compiled models -------------------===//

#include "fxp/Target/CHeader/CHeader.h"

#include "fxp/Dialect/FXP/IR/FXP.h"
#include "mlir/InitAllDialects.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InterleavedRange.h"

using namespace mlir;
using namespace mlir::fxp;

std::string mlir::fxp::getCIdentifier(StringRef name) {
  std::string identifier;
  for (char c : name)
    identifier += llvm::isAlnum(c) ? c : '_';
  static const llvm::StringSet<> keywords = {
      "auto",     "break",    "case",     "char",   "const",   "continue",
      "default",  "do",       "double",   "else",   "enum",    "extern",
      "float",    "for",      "goto",     "if",     "inline",  "int",
      "long",     "register", "restrict", "return", "short",   "signed",
      "sizeof",   "static",   "struct",   "switch", "typedef", "union",
      "unsigned", "void",     "volatile", "while",  "batch"};
  if (identifier.empty() || llvm::isDigit(identifier.front()))
    identifier.insert(identifier.begin(), '_');
  if (keywords.contains(identifier))
    identifier += '_';
  return identifier;
}

std::string mlir::fxp::getCElementType(Type elementType) {
  auto fixed = dyn_cast<FixedType>(elementType);
  if (!fixed)
    return "float";
  unsigned bits = std::max<unsigned>(8, llvm::PowerOf2Ceil(fixed.getWidth()));
  return llvm::formatv("{0}int{1}_t", fixed.getIsSigned() ? "" : "u", bits);
}

/// Reads the tensors of one side of an entry point; `names` are the
/// `fxp.name` attributes, or null.
static LogicalResult readTensors(func::FuncOp func, TypeRange types,
                                 ArrayAttr names, StringRef side,
                                 llvm::StringSet<> &parameters,
                                 SmallVectorImpl<CTensor> &tensors) {
  for (auto [i, type] : llvm::enumerate(types)) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    Type element = tensor ? tensor.getElementType() : Type();
    auto fixed = dyn_cast_if_present<FixedType>(element);
    if (!tensor || !tensor.hasStaticShape() || tensor.getRank() == 0 ||
        !(element.isF32() || (fixed && fixed.hasKnownFracLength())))
      return func.emitError("the C interface needs statically shaped "
                            "tensors of f32 or of known fixed-point formats, "
                            "with a leading batch dimension; ")
             << side << " " << i << " is " << type;
    auto dictionary =
        names ? dyn_cast_if_present<DictionaryAttr>(names[i]) : nullptr;
    auto nameAttr = dictionary ? dictionary.getAs<StringAttr>(kCNameAttrName)
                               : StringAttr();
    std::string name = nameAttr ? nameAttr.str() : (side + Twine(i)).str();
    std::string parameter = getCIdentifier(name);
    while (!parameters.insert(parameter).second)
      parameter += '_';
    tensors.push_back({name, parameter, tensor});
  }
  return success();
}

FailureOr<CInterface> mlir::fxp::getCInterface(ModuleOp module) {
  CInterface interface;
  std::optional<int64_t> batch;
  func::FuncOp batchSource;
  for (auto func : module.getOps<func::FuncOp>()) {
    auto name = func->getAttrOfType<StringAttr>(kCInterfaceAttrName);
    if (!name)
      continue;
    CEntryPoint entry{name.str(), func, {}, {}};
    llvm::StringSet<> parameters;
    if (failed(readTensors(func, func.getArgumentTypes(),
                           func.getArgAttrsAttr(), "input", parameters,
                           entry.inputs)) ||
        failed(readTensors(func, func.getResultTypes(), func.getResAttrsAttr(),
                           "output", parameters, entry.outputs)))
      return failure();
    for (const CTensor &tensor :
         llvm::concat<const CTensor>(entry.inputs, entry.outputs)) {
      int64_t leading = tensor.type.getDimSize(0);
      if (!batch) {
        batch = leading;
        batchSource = func;
      }
      if (leading == *batch)
        continue;
      InFlightDiagnostic diag =
          func.emitError("the C interface needs one batch size, the leading "
                         "dimension of every input and output; '")
          << tensor.name << "' has " << leading << ", not " << *batch;
      diag.attachNote(batchSource.getLoc()) << "the batch size is set here";
      return diag;
    }
    interface.entryPoints.push_back(std::move(entry));
  }
  if (interface.entryPoints.empty())
    return module.emitError("no function is marked as a C entry point (")
           << kCInterfaceAttrName << ")";
  interface.batch = *batch;
  return interface;
}

/// The format of a tensor as the header documents it.
static std::string describe(const CTensor &tensor) {
  std::string text = llvm::formatv(
      "[batch, {0}] {1}",
      llvm::interleaved(tensor.type.getShape().drop_front(), ", ", "", ""),
      getCElementType(tensor.type.getElementType()));
  if (auto fixed = dyn_cast<FixedType>(tensor.type.getElementType()))
    text += llvm::formatv(", fixed point {0}{1} with FL {2}: real value = "
                          "q * 2^{3}",
                          fixed.getIsSigned() ? "s" : "u", fixed.getWidth(),
                          *fixed.getFracLength(), -*fixed.getFracLength());
  return text;
}

/// The macros that describe one input or output to programs (and fxp's
/// Python runtime, which reads them).
static void writeMacros(const CTensor &tensor, StringRef prefix,
                        llvm::raw_ostream &os) {
  os << llvm::formatv("#define {0}_NAME \"{1}\"\n", prefix,
                      llvm::StringRef(tensor.name).str());
  os << llvm::formatv("#define {0}_SHAPE {{{1}}\n", prefix,
                      llvm::interleaved(tensor.type.getShape(), ", ", "", ""));
  os << llvm::formatv("#define {0}_SIZE {1}\n", prefix,
                      tensor.type.getNumElements() / tensor.type.getDimSize(0));
  if (auto fixed = dyn_cast<FixedType>(tensor.type.getElementType())) {
    os << llvm::formatv("#define {0}_BITS {1}\n", prefix, fixed.getWidth());
    os << llvm::formatv("#define {0}_SIGNED {1}\n", prefix,
                        fixed.getIsSigned() ? 1 : 0);
    os << llvm::formatv("#define {0}_FL {1}\n", prefix, *fixed.getFracLength());
  }
}

LogicalResult mlir::fxp::exportCHeader(ModuleOp module, llvm::raw_ostream &os) {
  FailureOr<CInterface> interface = getCInterface(module);
  if (failed(interface))
    return failure();
  std::string guard =
      StringRef(interface->entryPoints.front().name).upper() + "_H";
  os << "/* Generated by fxp-compile: the C interface of a compiled model. "
        "*/\n"
     << "#ifndef " << guard << "\n#define " << guard << "\n\n"
     << "#include <stdint.h>\n\n"
     << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n";
  for (const CEntryPoint &entry : interface->entryPoints) {
    std::string prefix = StringRef(entry.name).upper();
    bool isFixed =
        llvm::any_of(llvm::concat<const CTensor>(entry.inputs, entry.outputs),
                     [](const CTensor &t) {
                       return isa<FixedType>(t.type.getElementType());
                     });
    os << "\n/* " << entry.name << ": "
       << (isFixed ? "the stored integers of the fixed-point formats in and "
                     "out."
                   : "float in, float out.")
       << "\n *\n"
       << " * Runs the model on `batch` images, a multiple of " << prefix
       << "_BATCH. Arrays\n"
       << " * are dense, in C order; the caller allocates the outputs.\n"
       << " * Returns 0, or -1 (and computes nothing) when batch is negative "
          "or\n"
       << " * not a multiple of " << prefix << "_BATCH.\n *\n";
    for (const CTensor &tensor : entry.inputs)
      os << " * " << tensor.parameter << " (input \"" << tensor.name
         << "\"): " << describe(tensor) << "\n";
    for (const CTensor &tensor : entry.outputs)
      os << " * " << tensor.parameter << " (output \"" << tensor.name
         << "\"): " << describe(tensor) << "\n";
    os << " */\n";
    os << llvm::formatv("#define {0}_BATCH {1}\n", prefix, interface->batch);
    os << llvm::formatv("#define {0}_NUM_INPUTS {1}\n", prefix,
                        entry.inputs.size());
    os << llvm::formatv("#define {0}_NUM_OUTPUTS {1}\n", prefix,
                        entry.outputs.size());
    for (auto [i, tensor] : llvm::enumerate(entry.inputs))
      writeMacros(tensor, (prefix + "_INPUT" + Twine(i)).str(), os);
    for (auto [i, tensor] : llvm::enumerate(entry.outputs))
      writeMacros(tensor, (prefix + "_OUTPUT" + Twine(i)).str(), os);
    os << "int " << entry.name << "(int64_t batch";
    for (const CTensor &tensor : entry.inputs)
      os << ", const " << getCElementType(tensor.type.getElementType()) << " *"
         << tensor.parameter;
    for (const CTensor &tensor : entry.outputs)
      os << ", " << getCElementType(tensor.type.getElementType()) << " *"
         << tensor.parameter;
    os << ");\n";
  }
  os << "\n#ifdef __cplusplus\n}\n#endif\n\n#endif /* " << guard << " */\n";
  return success();
}

void mlir::fxp::registerToCHeaderTranslation() {
  TranslateFromMLIRRegistration registration(
      "export-c-header",
      "Write the C header of the entry points (fxp.c_interface) of a module",
      [](Operation *op, llvm::raw_ostream &os) -> LogicalResult {
        auto module = dyn_cast<ModuleOp>(op);
        if (!module)
          return op->emitError("expected a module");
        return exportCHeader(module, os);
      },
      // A model with entry points mixes fxp with any upstream dialect the
      // importer and the F8Net passes produce (linalg, tensor, arith, ...).
      [](DialectRegistry &registry) {
        registerAllDialects(registry);
        registry.insert<FXPDialect>();
      });
}
