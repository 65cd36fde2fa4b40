//===- fxp-plugin.cpp - fxp as an mlir-opt plugin -------------------------===//
//
// `mlir-opt --load-dialect-plugin=libFXPPlugin.so` gets the dialect and the
// fxp passes; `--load-pass-plugin` the passes alone.
//
//===----------------------------------------------------------------------===//

#include "fxp/InitAllFXP.h"

#include "mlir/Tools/Plugins/DialectPlugin.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/Compiler.h"

extern "C" LLVM_ATTRIBUTE_WEAK mlir::DialectPluginLibraryInfo
mlirGetDialectPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "FXP", LLVM_VERSION_STRING,
          [](mlir::DialectRegistry *registry) {
            mlir::fxp::registerAllDialects(*registry);
            mlir::fxp::registerAllPasses();
          }};
}

extern "C" LLVM_ATTRIBUTE_WEAK mlir::PassPluginLibraryInfo
mlirGetPassPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "FXPPasses", LLVM_VERSION_STRING,
          []() { mlir::fxp::registerAllPasses(); }};
}
