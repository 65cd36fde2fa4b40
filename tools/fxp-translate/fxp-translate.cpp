//===- fxp-translate.cpp - the fxp translation driver ---------------------===//
//
// mlir-translate with fxp's translations: --import-onnx reads an ONNX model
// and prints float TOSA; --export-c-header writes the C header of a model
// with entry points (fxp-compile --emit=fxp). Every upstream translation is
// registered too.
//
//===----------------------------------------------------------------------===//

#include "fxp/Target/CHeader/CHeader.h"
#include "fxp/Target/ONNX/ONNXImport.h"

#include "mlir/InitAllTranslations.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  mlir::registerAllTranslations();
  mlir::fxp::registerFromONNXTranslation();
  mlir::fxp::registerToCHeaderTranslation();
  return mlir::failed(
      mlir::mlirTranslateMain(argc, argv, "fxp translation driver\n"));
}
