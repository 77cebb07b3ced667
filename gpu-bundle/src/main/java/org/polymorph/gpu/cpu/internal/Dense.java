package org.polymorph.gpu.cpu.internal;

import java.util.Arrays;
import org.polymorph.core.tensor.DType;

/**
 * Reads tensors into contiguous row-major Java arrays (broadcast to a target shape when asked),
 * converting the dtype as a cast would. When the tensor already is that array it is returned
 * without a copy: callers must treat every returned array as read-only.
 */
final class Dense {
    private Dense() { }

    static double[] doubles(NdTensor t) { return doubles(t, t.dims); }

    static double[] doubles(NdTensor t, int[] outDims) {
        if (t.dtype == DType.FLOAT64 && t.isWholeStorage() && Arrays.equals(t.dims, outDims)) return t.storage.doubles();
        int[] off = sameRange(t, outDims) ? null : Layout.offsets(t, outDims);
        int n = off == null ? t.size : off.length;
        int base = t.offset;
        double[] out = new double[n];
        Object h = t.storage.heap();
        switch (t.dtype) {
            case FLOAT64: {
                double[] s = (double[]) h;
                if (off == null) System.arraycopy(s, base, out, 0, n);
                else for (int i = 0; i < n; i++) out[i] = s[off[i]];
                break;
            }
            case FLOAT32: {
                float[] s = (float[]) h;
                for (int i = 0; i < n; i++) out[i] = s[off == null ? base + i : off[i]];
                break;
            }
            case INT32: {
                int[] s = (int[]) h;
                for (int i = 0; i < n; i++) out[i] = s[off == null ? base + i : off[i]];
                break;
            }
            case INT64: {
                long[] s = (long[]) h;
                for (int i = 0; i < n; i++) out[i] = s[off == null ? base + i : off[i]];
                break;
            }
            default: {
                boolean[] s = (boolean[]) h;
                for (int i = 0; i < n; i++) out[i] = s[off == null ? base + i : off[i]] ? 1 : 0;
            }
        }
        return out;
    }

    static float[] floats(NdTensor t) {
        if (t.dtype == DType.FLOAT32 && t.isWholeStorage()) return t.storage.floats();
        if (t.dtype == DType.FLOAT32) return (float[]) gather(t, t.contiguous ? null : Layout.offsets(t, t.dims));
        double[] d = doubles(t);
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) out[i] = (float) d[i];
        return out;
    }

    /** Integer view of the values: floats truncate toward zero, bool is 0/1. */
    static long[] longs(NdTensor t) { return longs(t, t.dims); }

    static long[] longs(NdTensor t, int[] outDims) {
        int[] off = sameRange(t, outDims) ? null : Layout.offsets(t, outDims);
        int n = off == null ? t.size : off.length;
        int base = t.offset;
        long[] out = new long[n];
        Object h = t.storage.heap();
        switch (t.dtype) {
            case INT64: {
                long[] s = (long[]) h;
                if (off == null) System.arraycopy(s, base, out, 0, n);
                else for (int i = 0; i < n; i++) out[i] = s[off[i]];
                break;
            }
            case INT32: {
                int[] s = (int[]) h;
                for (int i = 0; i < n; i++) out[i] = s[off == null ? base + i : off[i]];
                break;
            }
            case BOOL: {
                boolean[] s = (boolean[]) h;
                for (int i = 0; i < n; i++) out[i] = s[off == null ? base + i : off[i]] ? 1 : 0;
                break;
            }
            default: {
                double[] d = doubles(t, outDims);
                for (int i = 0; i < n; i++) out[i] = (long) d[i];
            }
        }
        return out;
    }

    static boolean[] bools(NdTensor t, int[] outDims) {
        if (t.dtype == DType.BOOL) {
            int[] off = sameRange(t, outDims) ? null : Layout.offsets(t, outDims);
            return (boolean[]) gather(t, off);
        }
        double[] d = doubles(t, outDims);
        boolean[] out = new boolean[d.length];
        for (int i = 0; i < d.length; i++) out[i] = d[i] != 0 || Double.isNaN(d[i]);
        return out;
    }

    /** Elements at {@code offsets} (or the contiguous range when null) in the tensor's own dtype. */
    static Object gather(NdTensor t, int[] offsets) {
        Object h = t.storage.heap();
        int n = offsets == null ? t.size : offsets.length;
        Object out = alloc(t.dtype, n);
        if (offsets == null) {
            System.arraycopy(h, t.offset, out, 0, n);
            return out;
        }
        switch (t.dtype) {
            case FLOAT64: { double[] s = (double[]) h, o = (double[]) out; for (int i = 0; i < n; i++) o[i] = s[offsets[i]]; break; }
            case FLOAT32: { float[] s = (float[]) h, o = (float[]) out; for (int i = 0; i < n; i++) o[i] = s[offsets[i]]; break; }
            case INT32: { int[] s = (int[]) h, o = (int[]) out; for (int i = 0; i < n; i++) o[i] = s[offsets[i]]; break; }
            case INT64: { long[] s = (long[]) h, o = (long[]) out; for (int i = 0; i < n; i++) o[i] = s[offsets[i]]; break; }
            default: { boolean[] s = (boolean[]) h, o = (boolean[]) out; for (int i = 0; i < n; i++) o[i] = s[offsets[i]]; }
        }
        return out;
    }

    /** A contiguous copy (or the tensor itself when it already is contiguous from offset 0). */
    static NdTensor compact(NdTensor t) {
        if (t.contiguous && t.offset == 0) return t;
        return NdTensor.of(t.dtype, t.dims, gather(t, t.contiguous ? null : Layout.offsets(t, t.dims)));
    }

    static Object alloc(DType dtype, int n) {
        switch (dtype) {
            case FLOAT64: return new double[n];
            case FLOAT32: return new float[n];
            case INT32: return new int[n];
            case INT64: return new long[n];
            default: return new boolean[n];
        }
    }

    /** A tensor of {@code dtype} from double values (float32 rounds; integers truncate; bool is != 0). */
    static NdTensor fromDoubles(DType dtype, int[] dims, double[] v) {
        switch (dtype) {
            case FLOAT64: return NdTensor.of(dtype, dims, v);
            case FLOAT32: {
                float[] f = new float[v.length];
                for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
                return NdTensor.of(dtype, dims, f);
            }
            case INT32: {
                int[] f = new int[v.length];
                for (int i = 0; i < v.length; i++) f[i] = (int) v[i];
                return NdTensor.of(dtype, dims, f);
            }
            case INT64: {
                long[] f = new long[v.length];
                for (int i = 0; i < v.length; i++) f[i] = (long) v[i];
                return NdTensor.of(dtype, dims, f);
            }
            default: {
                boolean[] f = new boolean[v.length];
                for (int i = 0; i < v.length; i++) f[i] = v[i] != 0;
                return NdTensor.of(dtype, dims, f);
            }
        }
    }

    /** A tensor of an integer dtype from 64-bit values (INT32 keeps the low 32 bits). */
    static NdTensor fromLongs(DType dtype, int[] dims, long[] v) {
        if (dtype == DType.INT64) return NdTensor.of(dtype, dims, v);
        if (dtype == DType.INT32) {
            int[] f = new int[v.length];
            for (int i = 0; i < v.length; i++) f[i] = (int) v[i];
            return NdTensor.of(dtype, dims, f);
        }
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return fromDoubles(dtype, dims, d);
    }

    private static boolean sameRange(NdTensor t, int[] outDims) {
        return t.contiguous && Arrays.equals(t.dims, outDims);
    }
}
