package org.polymorph.gpu.cpu.internal;

import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Tensor;

/** Argument checks shared by the ops; messages name the op, the shapes/dtypes and the fix. */
final class Checks {
    private Checks() { }

    /** The argument as this backend's tensor, or an exception naming where it came from. */
    static NdTensor own(String op, Tensor t) {
        if (t instanceof NdTensor) return (NdTensor) t;
        if (t == null) throw new IllegalArgumentException(op + ": tensor argument is null; pass a tensor");
        throw new IllegalArgumentException(op + ": tensor " + t.shape() + " " + t.dtype() + " was made by another"
                + " TensorService (" + t.getClass().getName() + "); create it with this service (nd4j-cpu)");
    }

    static void sameDtype(String op, NdTensor a, NdTensor b) {
        if (a.dtype != b.dtype) {
            throw new IllegalArgumentException(op + ": dtypes " + a.dtype + " " + a.shape + " and "
                    + b.dtype + " " + b.shape + " differ; cast one operand with cast(x, dtype) first");
        }
    }

    static void floating(String op, NdTensor x) {
        if (!x.dtype.isFloating()) {
            throw new IllegalArgumentException(op + ": needs a float64 or float32 tensor, got " + x.dtype
                    + " " + x.shape + "; cast it with cast(x, DType.FLOAT64)");
        }
    }

    static void numeric(String op, NdTensor x) {
        if (x.dtype == DType.BOOL) {
            throw new IllegalArgumentException(op + ": bool tensor " + x.shape
                    + " is not supported; cast it to int32, int64 or a float dtype first");
        }
    }

    static void bool(String op, NdTensor x) {
        if (x.dtype != DType.BOOL) {
            throw new IllegalArgumentException(op + ": needs a bool tensor, got " + x.dtype + " " + x.shape
                    + "; compare (e.g. NE with zeros) or cast to bool first");
        }
    }

    static void indices(String op, NdTensor idx) {
        if (!idx.dtype.isInteger()) {
            throw new IllegalArgumentException(op + ": indices must be int32 or int64, got " + idx.dtype
                    + " " + idx.shape + "; cast them with cast(indices, DType.INT64)");
        }
    }

    static void shapeArg(String op, int[] shape) {
        if (shape == null) throw new IllegalArgumentException(op + ": shape is null; pass the axis lengths");
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException(op + ": negative length " + shape[i] + " on axis " + i
                        + " of shape " + java.util.Arrays.toString(shape) + "; lengths must be >= 0");
            }
        }
    }
}
