//===- fxp-plugin.cpp - fxp as an mlir-opt dialect plugin -----------------===//

#include "fxp/InitAllFXP.h"

#include "mlir/Tools/Plugins/DialectPlugin.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/Compiler.h"

/// The entry point `mlir-opt --load-dialect-plugin` looks up.
extern "C" LLVM_ATTRIBUTE_WEAK mlir::DialectPluginLibraryInfo
mlirGetDialectPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "FXP", LLVM_VERSION_STRING,
          [](mlir::DialectRegistry *registry) {
            mlir::fxp::registerAllDialects(*registry);
          }};
}
