package org.polymorph.core.tensor.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.function.Executable;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * Shared machinery of the contract groups: input recipes that build the same values in any
 * service, and comparison of a service's result with the {@link ReferenceTensorService}'s.
 * Default tolerances: |actual - expected| <= atol + rtol |expected| with rtol = atol = 1e-12 for
 * float64 and 1e-5 for float32; integer and bool results must be exact.
 */
public abstract class ContractSupport {
    /** The oracle every result is compared with. */
    protected static final TensorService REF = new ReferenceTensorService();

    protected static final DType F64 = DType.FLOAT64;
    protected static final DType F32 = DType.FLOAT32;
    protected static final DType I32 = DType.INT32;
    protected static final DType I64 = DType.INT64;
    protected static final DType BOOL = DType.BOOL;

    /** The service under test; called often, so return a shared instance. */
    protected abstract TensorService service();

    /** A recipe for one input: builds the same tensor (values, shape, dtype, views) in any service. */
    @FunctionalInterface
    protected interface In {
        Tensor in(TensorService s);

        /** A transposed view (empty perm reverses the axes). */
        default In t(int... perm) { return s -> s.transpose(in(s), perm); }

        /** A strided slice view. */
        default In slice(int[] start, int[] stop, int[] step) { return s -> s.slice(in(s), start, stop, step); }

        default In reshape(int... shape) { return s -> s.reshape(in(s), shape); }
    }

    /** Values as stored in {@code dtype}, built through the matching fromArray overload. */
    protected static In data(DType dtype, double[] v, int... shape) {
        double[] values = v.clone();
        int[] dims = shape.clone();
        return s -> build(s, dtype, values, dims);
    }

    static Tensor build(TensorService s, DType dtype, double[] v, int[] shape) {
        switch (dtype) {
            case FLOAT64: return s.fromArray(v, shape);
            case FLOAT32: {
                float[] f = new float[v.length];
                for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
                return s.fromArray(f, shape);
            }
            case INT32: return s.fromArray(Arrays.stream(v).mapToInt(d -> (int) d).toArray(), shape);
            case INT64: return s.fromArray(Arrays.stream(v).mapToLong(d -> (long) d).toArray(), shape);
            default: {
                boolean[] b = new boolean[v.length];
                for (int i = 0; i < v.length; i++) b[i] = v[i] != 0;
                return s.fromArray(b, shape);
            }
        }
    }

    protected static int size(int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    /** Deterministic values: floats uniform in [lo, hi), integers in [lo, hi], bools fair coins. */
    protected static double[] values(DType dtype, long seed, double lo, double hi, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            if (dtype.isFloating()) v[i] = lo + (hi - lo) * r.nextDouble();
            else if (dtype == DType.BOOL) v[i] = r.nextBoolean() ? 1 : 0;
            else v[i] = r.nextLong((long) lo, (long) hi + 1);
        }
        return v;
    }

    /** Random input: floats in [-1, 1), integers in [-9, 9], bools. */
    protected static In rand(DType dtype, long seed, int... shape) {
        double bound = dtype.isFloating() ? 1 : 9;
        return data(dtype, values(dtype, seed, -bound, bound, size(shape)), shape);
    }

    /** Random input with floats in [lo, hi) and integers in [lo, hi]. */
    protected static In randRange(DType dtype, long seed, double lo, double hi, int... shape) {
        return data(dtype, values(dtype, seed, lo, hi, size(shape)), shape);
    }

    protected static In f64(double[] v, int... shape) { return data(DType.FLOAT64, v, shape); }

    protected static In i64(long... v) {
        return data(DType.INT64, Arrays.stream(v).asDoubleStream().toArray(), v.length);
    }

    /** INT64 indices of the given shape (rank 0 when no shape is given). */
    protected static In idx(long[] v, int... shape) {
        return data(DType.INT64, Arrays.stream(v).asDoubleStream().toArray(), shape);
    }

    protected static double rtol(DType dt) { return dt == DType.FLOAT32 ? 1e-5 : dt == DType.FLOAT64 ? 1e-12 : 0; }

    /** Runs {@code f} in the service under test and in the reference; results must agree. */
    protected void agree(String label, Function<TensorService, Tensor> f) {
        Tensor expected = f.apply(REF);
        double tol = rtol(expected.dtype());
        check(label, f.apply(service()), expected, tol, tol);
    }

    protected void agree(String label, double rtol, double atol, Function<TensorService, Tensor> f) {
        check(label, f.apply(service()), f.apply(REF), rtol, atol);
    }

    /**
     * Like {@link #agree}, but when the reference rejects the call with an
     * IllegalArgumentException (an unsupported dtype, say), the service must reject it too.
     */
    protected void agreeOrReject(String label, Function<TensorService, Tensor> f) {
        Tensor expected;
        try {
            expected = f.apply(REF);
        } catch (IllegalArgumentException e) {
            assertThrows(IllegalArgumentException.class, () -> f.apply(service()),
                    label + ": the reference rejects this call (" + e.getMessage() + "), so must the service");
            return;
        }
        double tol = rtol(expected.dtype());
        check(label, f.apply(service()), expected, tol, tol);
    }

    /** Compares a result of the service under test with a reference result: shape, dtype, values. */
    protected void check(String label, Tensor actual, Tensor expected, double rtol, double atol) {
        assertEquals(expected.shape(), actual.shape(), label + ": shape");
        assertEquals(expected.dtype(), actual.dtype(), label + ": dtype");
        assertValues(label, service().toDoubleArray(actual), REF.toDoubleArray(expected), rtol, atol);
    }

    /** Elementwise closeness; NaN matches NaN and infinities must match exactly. */
    protected static void assertValues(String label, double[] actual, double[] expected, double rtol, double atol) {
        assertEquals(expected.length, actual.length, label + ": element count");
        for (int i = 0; i < expected.length; i++) {
            double a = actual[i];
            double e = expected[i];
            boolean ok = Double.isNaN(e) ? Double.isNaN(a)
                    : Double.isInfinite(e) ? a == e : Math.abs(a - e) <= atol + rtol * Math.abs(e);
            if (!ok) {
                fail(String.format(Locale.ROOT, "%s: element %d is %.17g, expected %.17g (rtol %.1e, atol %.1e)",
                        label, i, a, e, rtol, atol));
            }
        }
    }

    /** Asserts that {@code body} throws {@code type} with a message containing every fragment (case-insensitive). */
    protected static <E extends Throwable> E assertFails(Class<E> type, Executable body, String... fragments) {
        E e = assertThrows(type, body);
        String msg = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        for (String f : fragments) {
            assertTrue(msg.contains(f.toLowerCase(Locale.ROOT)), "message '" + e.getMessage() + "' should mention '" + f + "'");
        }
        return e;
    }

    /** Values of a service tensor. */
    protected double[] read(Tensor t) { return service().toDoubleArray(t); }

    /** max |x| over an array (1 for an empty one), for scale-aware tolerances. */
    protected static double maxAbs(double[] v) {
        double m = 0;
        for (double d : v) m = Math.max(m, Math.abs(d));
        return v.length == 0 ? 1 : m;
    }
}
