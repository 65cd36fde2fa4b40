//===- ISA.td - the fxp_isa dialect ------------------------*- tablegen -*-===//
//
// The dot-product instructions the generated micro-kernels need that upstream
// dialects lack (x86vector has only the signed-signed VNNI form; arm_neon has
// no usdot), as pure ops on builtin vectors, like x86vector's ops. Being
// pure, they pass through bufferization and buffer deallocation (which an
// llvm.call_intrinsic, of unknown memory effects, would stop);
// --convert-fxp-isa-to-llvm turns them into the LLVM intrinsic calls.
//
//===----------------------------------------------------------------------===//

#ifndef FXP_DIALECT_ISA_IR_ISA_TD
#define FXP_DIALECT_ISA_IR_ISA_TD

include "mlir/IR/OpBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def ISA_Dialect : Dialect {
  let name = "fxp_isa";
  let cppNamespace = "::mlir::fxp_isa";
  let summary = "Pure target instructions used by fxp's micro-kernels";
  let description = [{
    Integer dot-product instructions of x86 and AArch64 as ops without side
    effects on builtin vector types. Each lowers to one LLVM intrinsic.
  }];
}

def ISA_IntrinsicOpInterface : OpInterface<"IntrinsicOpInterface"> {
  let cppNamespace = "::mlir::fxp_isa";
  let description = [{
    An op that is one call of an LLVM intrinsic on its operands.
  }];
  let methods = [
    InterfaceMethod<"The LLVM intrinsic the op calls.", "::llvm::StringRef",
                    "getIntrinsicName">,
  ];
}

class ISA_Op<string mnemonic, list<Trait> traits = []>
    : Op<ISA_Dialect, mnemonic,
         traits # [Pure, DeclareOpInterfaceMethods<ISA_IntrinsicOpInterface>]>;

def ISA_VpdpbusdOp : ISA_Op<"vpdpbusd",
    [AllTypesMatch<["unsignedBytes", "signedBytes"]>,
     AllTypesMatch<["acc", "result"]>]> {
  let summary = "x86 AVX512-VNNI vpdpbusd (zmm)";
  let description = [{
    For each i32 lane: `acc + sum(u8(a[4i+j]) * s8(b[4i+j]), j = 0..3)`,
    wrapping modulo 2^32 (the non-saturating form).
  }];
  let arguments = (ins VectorOfLengthAndType<[16], [I32]>:$acc,
                       VectorOfLengthAndType<[64], [I8]>:$unsignedBytes,
                       VectorOfLengthAndType<[64], [I8]>:$signedBytes);
  let results = (outs VectorOfLengthAndType<[16], [I32]>:$result);
  let assemblyFormat = [{
    $acc `,` $unsignedBytes `,` $signedBytes attr-dict `:` type($signedBytes)
    `->` type($result)
  }];
}

def ISA_PmaddwdOp : ISA_Op<"pmaddwd", [AllTypesMatch<["lhs", "rhs"]>]> {
  let summary = "x86 vpmaddwd (ymm or zmm)";
  let description = [{
    For each i32 lane: `lhs[2i] * rhs[2i] + lhs[2i+1] * rhs[2i+1]` on signed
    i16 values (exact but for -32768 * -32768 twice).
  }];
  let arguments = (ins VectorOfLengthAndType<[16, 32], [I16]>:$lhs,
                       VectorOfLengthAndType<[16, 32], [I16]>:$rhs);
  let results = (outs VectorOfLengthAndType<[8, 16], [I32]>:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` type($lhs) `->` type($result)";
  let hasVerifier = 1;
}

def ISA_UsdotOp : ISA_Op<"usdot",
    [AllTypesMatch<["unsignedBytes", "signedBytes"]>,
     AllTypesMatch<["acc", "result"]>]> {
  let summary = "AArch64 i8mm usdot (128-bit)";
  let description = [{
    For each i32 lane: `acc + sum(u8(a[4i+j]) * s8(b[4i+j]), j = 0..3)`.
    With the unsigned operand a broadcast group, LLVM selects the indexed
    `sudot`.
  }];
  let arguments = (ins VectorOfLengthAndType<[4], [I32]>:$acc,
                       VectorOfLengthAndType<[16], [I8]>:$unsignedBytes,
                       VectorOfLengthAndType<[16], [I8]>:$signedBytes);
  let results = (outs VectorOfLengthAndType<[4], [I32]>:$result);
  let assemblyFormat = [{
    $acc `,` $unsignedBytes `,` $signedBytes attr-dict `:` type($signedBytes)
    `->` type($result)
  }];
}

#endif // FXP_DIALECT_ISA_IR_ISA_TD
