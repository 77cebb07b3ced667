package org.polymorph.core.tensor.testing;

import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Tensor;

/** Dtype rules of the reference service: how values are stored, converted and checked. */
final class Values {
    private Values() { }

    /**
     * The value as stored in {@code dtype}: float32 rounds to float, int32 wraps modulo 2^32
     * (the argument must already be integral), int64 is kept, bool is 1 for any non-zero value.
     */
    static double store(DType dtype, double v) {
        switch (dtype) {
            case FLOAT64: return v;
            case FLOAT32: return (float) v;
            case INT32: return (int) (long) v;
            case INT64: return (long) v;
            case BOOL: return v != 0 ? 1 : 0;
            default: throw new IllegalStateException("unhandled dtype " + dtype);
        }
    }

    /** An integer result wrapped to {@code dtype} (INT32: low 32 bits; INT64: as is). */
    static double wrap(DType dtype, long v) {
        return dtype == DType.INT32 ? (double) (int) v : (double) v;
    }

    /**
     * Cast semantics: float to int truncates toward zero (out-of-range and NaN values are not
     * specified; here Java's saturating conversion), int64 to int32 wraps, anything to bool is
     * {@code x != 0} (NaN is true), bool to numbers is 0 or 1, to float32 rounds to nearest.
     */
    static double convert(double v, DType from, DType to) {
        switch (to) {
            case FLOAT64: return v;
            case FLOAT32: return (float) v;
            case INT32: return from.isFloating() ? (double) (int) v : (double) (int) (long) v;
            case INT64: return (double) (long) v;
            case BOOL: return v != 0 ? 1 : 0;
            default: throw new IllegalStateException("unhandled dtype " + to);
        }
    }

    static void requireSameDtype(String op, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": dtypes " + a.dtype() + " " + a.shape() + " and "
                    + b.dtype() + " " + b.shape() + " differ; cast one operand with cast(x, dtype) first");
        }
    }

    static void requireFloating(String op, Tensor x) {
        if (!x.dtype().isFloating()) {
            throw new IllegalArgumentException(op + ": needs a float64 or float32 tensor, got " + x.dtype()
                    + " " + x.shape() + "; cast it with cast(x, DType.FLOAT64)");
        }
    }

    static void requireNumeric(String op, Tensor x) {
        if (x.dtype() == DType.BOOL) {
            throw new IllegalArgumentException(op + ": bool tensor " + x.shape()
                    + " is not supported; cast it to int32, int64 or a float dtype first");
        }
    }

    static void requireBool(String op, Tensor x) {
        if (x.dtype() != DType.BOOL) {
            throw new IllegalArgumentException(op + ": needs a bool tensor, got " + x.dtype() + " " + x.shape()
                    + "; compare (e.g. NE with zeros) or cast to bool first");
        }
    }

    static void requireIndices(String op, Tensor idx) {
        if (!idx.dtype().isInteger()) {
            throw new IllegalArgumentException(op + ": indices must be int32 or int64, got " + idx.dtype()
                    + " " + idx.shape() + "; cast them with cast(indices, DType.INT64)");
        }
    }
}
