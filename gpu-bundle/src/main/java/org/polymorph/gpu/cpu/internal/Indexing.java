package org.polymorph.gpu.cpu.internal;

import java.util.Arrays;
import org.polymorph.core.tensor.DType;

/** Gather (take, takeAlongAxis) and scatter (scatterAdd, segmentSum). Negative indices wrap once. */
final class Indexing {
    private Indexing() { }

    private static int index(String op, long i, int n, String where) {
        long w = i < 0 ? i + n : i;
        if (w < 0 || w >= n) {
            throw new IllegalArgumentException(op + ": index " + i + " is out of range for " + where + " of length " + n
                    + "; use indices in [" + (-n) + ", " + (n - 1) + "]");
        }
        return (int) w;
    }

    /** Offsets (for a tensor with dims/strides/base) of take(x, idx, a), row-major over the take shape. */
    private static int[] takeOffsets(String op, int[] dims, int[] strides, int base, long[] idx, int a) {
        int[] outer = Layout.offsets(Arrays.copyOf(dims, a), Arrays.copyOf(strides, a), base);
        int[] inner = Layout.offsets(Arrays.copyOfRange(dims, a + 1, dims.length), Arrays.copyOfRange(strides, a + 1, dims.length), 0);
        int[] out = new int[outer.length * idx.length * inner.length];
        int[] pos = new int[idx.length];
        for (int k = 0; k < idx.length; k++) pos[k] = index(op, idx[k], dims[a], "axis " + a + " of " + Arrays.toString(dims)) * strides[a];
        int p = 0;
        for (int o : outer) for (int q : pos) for (int in : inner) out[p++] = o + q + in;
        return out;
    }

    private static int[] takeDims(int[] dims, int[] idxDims, int a) {
        return Layout.concat(Layout.concat(Arrays.copyOf(dims, a), idxDims), Arrays.copyOfRange(dims, a + 1, dims.length));
    }

    static NdTensor take(NdTensor x, NdTensor indices, int axis) {
        Checks.indices("take", indices);
        if (x.dims.length == 0) throw new IllegalArgumentException("take: x is a scalar; reshape it to rank >= 1");
        int a = Layout.axis("take", axis, x.dims.length);
        int[] off = takeOffsets("take", x.dims, x.strides, x.offset, Dense.longs(indices), a);
        return NdTensor.of(x.dtype, takeDims(x.dims, indices.dims, a), Dense.gather(x, off));
    }

    static NdTensor takeAlongAxis(NdTensor x, NdTensor indices, int axis) {
        String op = "takeAlongAxis";
        Checks.indices(op, indices);
        if (x.dims.length == 0 || indices.dims.length != x.dims.length) {
            throw new IllegalArgumentException(op + ": indices " + indices.shape + " must have the rank of x "
                    + x.shape + " (>= 1); reshape or expandDims them");
        }
        int a = Layout.axis(op, axis, x.dims.length);
        int[] xOff = x.dims.clone();
        xOff[a] = 1;
        int[] iOff = indices.dims.clone();
        iOff[a] = 1;
        int[] outDims = Layout.broadcast(op, xOff, iOff);
        outDims[a] = indices.dims[a];
        long[] idx = Dense.longs(indices, outDims);
        int[] s = new int[x.dims.length];
        for (int k = 0; k < s.length; k++) s[k] = k == a || x.dims[k] == 1 ? 0 : x.strides[k];
        int[] off = Layout.offsets(outDims, s, x.offset);
        for (int i = 0; i < off.length; i++) off[i] += index(op, idx[i], x.dims[a], "axis " + axis + " of " + x.shape) * x.strides[a];
        return NdTensor.of(x.dtype, outDims, Dense.gather(x, off));
    }

    static NdTensor scatterAdd(NdTensor target, NdTensor indices, NdTensor updates, int axis) {
        String op = "scatterAdd";
        Checks.indices(op, indices);
        Checks.sameDtype(op, target, updates);
        Checks.numeric(op, target);
        if (target.dims.length == 0) throw new IllegalArgumentException(op + ": target is a scalar; reshape it to rank >= 1");
        int a = Layout.axis(op, axis, target.dims.length);
        int[] expect = takeDims(target.dims, indices.dims, a);
        if (!Arrays.equals(expect, updates.dims)) {
            throw new IllegalArgumentException(op + ": updates have shape " + updates.shape + " but target "
                    + target.shape + " with indices " + indices.shape + " on axis " + axis + " needs "
                    + Arrays.toString(expect) + "; use the shape of take(target, indices, axis)");
        }
        int[] dst = takeOffsets(op, target.dims, Layout.rowMajorStrides(target.dims), 0, Dense.longs(indices), a);
        if (target.dtype.isFloating()) {
            double[] out = Dense.doubles(target).clone();
            double[] u = Dense.doubles(updates);
            for (int i = 0; i < dst.length; i++) out[dst[i]] += u[i];
            return Dense.fromDoubles(target.dtype, target.dims, out);
        }
        long[] out = Dense.longs(target);
        long[] u = Dense.longs(updates);
        for (int i = 0; i < dst.length; i++) out[dst[i]] += u[i];
        return Dense.fromLongs(target.dtype, target.dims, out);
    }

    static NdTensor segmentSum(NdTensor data, NdTensor ids, int numSegments) {
        String op = "segmentSum";
        Checks.indices(op, ids);
        Checks.numeric(op, data);
        if (numSegments < 0) throw new IllegalArgumentException(op + ": numSegments " + numSegments + " < 0; give a count >= 0");
        if (data.dims.length == 0 || ids.dims.length != 1 || ids.dims[0] != data.dims[0]) {
            throw new IllegalArgumentException(op + ": segment ids " + ids.shape + " must be 1-D with one id per row of data "
                    + data.shape + "; give ids of shape [" + (data.dims.length == 0 ? "n" : data.dims[0]) + "]");
        }
        int rows = data.dims[0];
        int row = Layout.size(Arrays.copyOfRange(data.dims, 1, data.dims.length));
        int[] outDims = data.dims.clone();
        outDims[0] = numSegments;
        long[] seg = Dense.longs(ids);
        if (data.dtype.isFloating()) {
            double[] v = Dense.doubles(data);
            double[] out = new double[Layout.size(outDims)];
            for (int i = 0; i < rows; i++) {
                long s = seg[i];
                if (s < 0 || s >= numSegments) continue;
                for (int k = 0, o = (int) s * row, p = i * row; k < row; k++) out[o + k] += v[p + k];
            }
            return Dense.fromDoubles(data.dtype, outDims, out);
        }
        long[] v = Dense.longs(data);
        long[] out = new long[Layout.size(outDims)];
        for (int i = 0; i < rows; i++) {
            long s = seg[i];
            if (s < 0 || s >= numSegments) continue;
            for (int k = 0, o = (int) s * row, p = i * row; k < row; k++) out[o + k] += v[p + k];
        }
        return Dense.fromLongs(data.dtype, outDims, out);
    }
}
