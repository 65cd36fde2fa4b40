//===- fxp-translate.cpp - the fxp translation driver ---------------------===//
//
// mlir-translate with fxp's translations: --import-onnx reads an ONNX model
// and prints float TOSA. Every upstream translation is registered too.
//
//===----------------------------------------------------------------------===//

#include "fxp/Target/ONNX/ONNXImport.h"

#include "mlir/InitAllTranslations.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  mlir::registerAllTranslations();
  mlir::fxp::registerFromONNXTranslation();
  return mlir::failed(
      mlir::mlirTranslateMain(argc, argv, "fxp translation driver\n"));
}
