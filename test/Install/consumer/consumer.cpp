// Parses and prints fxp IR through the installed package.

#include "fxp/InitAllFXP.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/raw_ostream.h"

int main() {
  mlir::DialectRegistry registry;
  mlir::fxp::registerAllDialects(registry);
  registry.insert<mlir::func::FuncDialect>();
  mlir::MLIRContext context(registry);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(
          "func.func @f(%a: !fxp.fixed<s8, 5>) -> !fxp.fixed<s16, 3> {\n"
          "  %0 = fxp.cast %a rounding floor : !fxp.fixed<s8, 5> -> "
          "!fxp.fixed<s16, 3>\n"
          "  return %0 : !fxp.fixed<s16, 3>\n"
          "}\n",
          &context);
  if (!module)
    return 1;
  module->print(llvm::outs());
  return 0;
}
