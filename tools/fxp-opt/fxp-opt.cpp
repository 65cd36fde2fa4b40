//===- fxp-opt.cpp - the fxp optimizer driver -----------------------------===//
//
// mlir-opt with the fxp dialect: every upstream dialect, pass and extension
// is registered, so any upstream pipeline runs on fxp IR.
//
//===----------------------------------------------------------------------===//

#include "fxp/InitAllFXP.h"

#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::fxp::registerAllPasses();
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::fxp::registerAllDialects(registry);
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "fxp optimizer driver: fixed-point MLIR for F8Net\n",
      registry));
}
