package org.polymorph.gpu.cpu.internal;

import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;

/** Creation, transfer to and from Java arrays, and keyed random tensors. */
final class Creation {
    private Creation() { }

    static NdTensor full(DType dtype, double value, int... shape) {
        Checks.shapeArg("full", shape);
        requireDtype("full", dtype);
        NdTensor one = Dense.fromDoubles(dtype, new int[] {1}, new double[] {value});
        return NdTensor.of(dtype, shape, Dense.gather(one, new int[Layout.size(shape)]));
    }

    static NdTensor arange(DType dtype, double start, double stop, double step) {
        requireDtype("arange", dtype);
        if (step == 0 || Double.isNaN(step) || Double.isNaN(start) || Double.isNaN(stop)) {
            throw new IllegalArgumentException("arange: start " + start + ", stop " + stop + ", step " + step
                    + " do not define a range; give finite values and a non-zero step");
        }
        double len = Math.ceil((stop - start) / step);
        if (len > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("arange: " + len + " elements from " + start + " to " + stop + " by " + step
                    + " is too many; use a larger step");
        }
        int n = (int) Math.max(0, len);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = start + i * step;
        return Dense.fromDoubles(dtype, new int[] {n}, v);
    }

    static NdTensor eye(DType dtype, int n) {
        requireDtype("eye", dtype);
        if (n < 0) throw new IllegalArgumentException("eye: size " + n + " < 0; give n >= 0");
        double[] v = new double[n * n];
        for (int i = 0; i < n; i++) v[i * n + i] = 1;
        return Dense.fromDoubles(dtype, new int[] {n, n}, v);
    }

    static NdTensor fromArray(DType dtype, Object data, int length, int... shape) {
        Checks.shapeArg("fromArray", shape);
        if (data == null) throw new IllegalArgumentException("fromArray: data is null; pass an array");
        if (Layout.size(shape) != length) {
            throw new IllegalArgumentException("fromArray: " + length + " values do not fill shape "
                    + java.util.Arrays.toString(shape) + " (" + Layout.size(shape) + " elements); give a matching shape");
        }
        Object copy = Dense.alloc(dtype, length);
        System.arraycopy(data, 0, copy, 0, length);
        return NdTensor.of(dtype, shape, copy);
    }

    static double[] toDoubles(NdTensor x) {
        double[] d = Dense.doubles(x);
        return d == x.storage.heap() ? d.clone() : d;
    }

    static float[] toFloats(NdTensor x) {
        float[] f = Dense.floats(x);
        return f == x.storage.heap() ? f.clone() : f;
    }

    static long[] toLongs(NdTensor x) { return Dense.longs(x); }

    static int[] toInts(NdTensor x) {
        if (x.dtype == DType.INT32) return (int[]) Dense.gather(x, x.contiguous ? null : Layout.offsets(x, x.dims));
        if (x.dtype.isFloating()) {
            double[] d = Dense.doubles(x);
            int[] out = new int[d.length];
            for (int i = 0; i < d.length; i++) out[i] = (int) d[i];
            return out;
        }
        long[] l = Dense.longs(x);
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) out[i] = (int) l[i];
        return out;
    }

    static boolean[] toBools(NdTensor x) { return Dense.bools(x, x.dims).clone(); }

    /** Element i (row-major) is key.normal(i), stored in the dtype. */
    static NdTensor normal(RandomKey key, DType dtype, int... shape) {
        return random("normal", key, dtype, shape, 0, 1, true);
    }

    /** Element i is low + (high - low) * key.uniform(i). */
    static NdTensor uniform(RandomKey key, DType dtype, double low, double high, int... shape) {
        return random("uniform", key, dtype, shape, low, high, false);
    }

    private static NdTensor random(String op, RandomKey key, DType dtype, int[] shape, double low, double high, boolean normal) {
        if (key == null) throw new IllegalArgumentException(op + ": key is null; pass RandomKey.of(seed) or a split key");
        Checks.shapeArg(op, shape);
        requireDtype(op, dtype);
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException(op + ": dtype " + dtype + " is not floating; use float64 or float32");
        }
        double[] v = new double[Layout.size(shape)];
        for (int i = 0; i < v.length; i++) v[i] = normal ? key.normal(i) : low + (high - low) * key.uniform(i);
        return Dense.fromDoubles(dtype, shape, v);
    }

    private static void requireDtype(String op, DType dtype) {
        if (dtype == null) throw new IllegalArgumentException(op + ": dtype is null; give one of float64, float32, int32, int64, bool");
    }
}
