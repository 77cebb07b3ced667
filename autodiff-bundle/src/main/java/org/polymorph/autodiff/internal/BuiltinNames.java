package org.polymorph.autodiff.internal;

import java.util.Locale;
import org.polymorph.core.tensor.BinaryOp;
import org.polymorph.core.tensor.ReduceOp;
import org.polymorph.core.tensor.UnaryOp;

/** Registers the names of the engine's own primitives under {@link Registry#BUILTIN}. */
final class BuiltinNames {
    private BuiltinNames() { }

    static final String[] OTHERS = {
        "where", "cast", "stop_gradient", "argmax", "matmul", "reshape", "transpose", "slice", "slice_transpose",
        "concat", "broadcast_to", "pad", "custom_vjp", "custom_jvp", "checkpoint", "implicit_root",
        "einsum", "take", "take_along_axis", "scatter_add", "segment_sum", "cumsum", "argsort",
        "solve", "inverse", "det", "cholesky", "eigh", "qr", "svd", "rfft", "irfft",
    };

    static void registerAll(Registry r) {
        for (UnaryOp op : UnaryOp.values()) r.register(op.name().toLowerCase(Locale.ROOT), Registry.BUILTIN);
        for (BinaryOp op : BinaryOp.values()) r.register(op.name().toLowerCase(Locale.ROOT), Registry.BUILTIN);
        for (ReduceOp op : ReduceOp.values()) r.register("reduce_" + op.name().toLowerCase(Locale.ROOT), Registry.BUILTIN);
        for (String n : OTHERS) r.register(n, Registry.BUILTIN);
    }
}
