package org.polymorph.gpu.cpu.internal;

import java.util.Arrays;

/**
 * Shape ops. Reshape of a contiguous tensor, transpose, strided slice and broadcastTo are O(1)
 * views over the same storage; concat, stack and pad copy through one offsets gather per input.
 */
final class ShapeOps {
    private ShapeOps() { }

    static NdTensor permuteView(NdTensor x, int[] perm) {
        int r = perm.length;
        int[] d = new int[r];
        int[] s = new int[r];
        boolean identity = true;
        for (int i = 0; i < r; i++) {
            d[i] = x.dims[perm[i]];
            s[i] = x.strides[perm[i]];
            identity &= perm[i] == i;
        }
        return identity ? x : x.view(d, s, x.offset);
    }

    static NdTensor reshape(NdTensor x, int... shape) {
        if (shape == null) throw new IllegalArgumentException("reshape: target shape is null; pass the axis lengths");
        int[] target = shape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < target.length; i++) {
            if (target[i] == -1 && infer < 0) {
                infer = i;
            } else if (target[i] < 0) {
                throw new IllegalArgumentException("reshape: bad target shape " + Arrays.toString(shape) + " for "
                        + x.shape + "; lengths must be >= 0 with at most one -1");
            } else {
                known *= target[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || x.size % known != 0) {
                throw new IllegalArgumentException("reshape: cannot infer the -1 axis of " + Arrays.toString(shape)
                        + " for " + x.shape + " (" + x.size + " elements); give lengths whose product divides " + x.size);
            }
            target[infer] = (int) (x.size / known);
            known *= target[infer];
        }
        if (known != x.size) {
            throw new IllegalArgumentException("reshape: cannot reshape " + x.shape + " (" + x.size + " elements) into "
                    + Arrays.toString(shape) + " (" + known + "); keep the element count");
        }
        NdTensor c = x.contiguous ? x : Dense.compact(x);
        return c.view(target, Layout.rowMajorStrides(target), c.offset);
    }

    static NdTensor transpose(NdTensor x, int... perm) {
        int r = x.dims.length;
        int[] p = perm;
        if (p == null || p.length == 0) {
            p = new int[r];
            for (int i = 0; i < r; i++) p[i] = r - 1 - i;
        } else {
            if (p.length != r) {
                throw new IllegalArgumentException("transpose: permutation " + Arrays.toString(perm) + " has length "
                        + p.length + " but " + x.shape + " has rank " + r + "; give one entry per axis");
            }
            p = p.clone();
            boolean[] seen = new boolean[r];
            for (int i = 0; i < r; i++) {
                int a = p[i] < 0 ? p[i] + r : p[i];
                if (a < 0 || a >= r || seen[a]) {
                    throw new IllegalArgumentException("transpose: " + Arrays.toString(perm)
                            + " is not a permutation of the axes of " + x.shape + "; list each axis once");
                }
                seen[a] = true;
                p[i] = a;
            }
        }
        return permuteView(x, p);
    }

    static NdTensor slice(NdTensor x, int[] start, int[] stop, int[] step) {
        int r = x.dims.length;
        if (start == null || stop == null || step == null || start.length != r || stop.length != r || step.length != r) {
            throw new IllegalArgumentException("slice: start/stop/step must each have one entry per axis of " + x.shape
                    + " (rank " + r + "); got " + Arrays.toString(start) + "/" + Arrays.toString(stop) + "/" + Arrays.toString(step));
        }
        int[] d = new int[r];
        int[] s = new int[r];
        int off = x.offset;
        for (int a = 0; a < r; a++) {
            if (step[a] == 0) throw new IllegalArgumentException("slice: step 0 on axis " + a + "; use a non-zero step");
            long n = x.dims[a];
            long lo = clamp(start[a], n, step[a]);
            long hi = clamp(stop[a], n, step[a]);
            long len = step[a] > 0 ? (hi - lo + step[a] - 1) / step[a] : (lo - hi - step[a] - 1) / -step[a];
            d[a] = (int) Math.max(0, len);
            s[a] = x.strides[a] * step[a];
            if (d[a] > 0) off += (int) lo * x.strides[a];
        }
        if (Layout.size(d) == 0) off = x.offset;
        return x.view(d, s, off);
    }

    /** Negative bounds count from the end, then clamp to [0, n] (step > 0) or [-1, n-1] (step < 0). */
    private static long clamp(long bound, long n, int step) {
        long b = bound < 0 ? bound + n : bound;
        return step > 0 ? Math.max(0, Math.min(n, b)) : Math.max(-1, Math.min(n - 1, b));
    }

    static NdTensor broadcastTo(NdTensor x, int... shape) {
        Checks.shapeArg("broadcastTo", shape);
        boolean ok = shape.length >= x.dims.length;
        for (int i = 0; ok && i < x.dims.length; i++) {
            int t = shape[shape.length - x.dims.length + i];
            ok = x.dims[i] == t || x.dims[i] == 1;
        }
        if (!ok) {
            throw new IllegalArgumentException("broadcastTo: cannot broadcast " + x.shape + " to " + Arrays.toString(shape)
                    + "; each axis must match or be 1, and the target rank must be at least " + x.dims.length);
        }
        return x.view(shape, Layout.broadcastStrides(x.dims, x.strides, shape), x.offset);
    }

    static NdTensor concat(int axis, NdTensor... xs) {
        if (xs.length == 0) throw new IllegalArgumentException("concat: no tensors given; pass at least one");
        NdTensor f = xs[0];
        if (f.dims.length == 0) throw new IllegalArgumentException("concat: scalars cannot be concatenated; use stack");
        int a = Layout.axis("concat", axis, f.dims.length);
        int total = 0;
        for (NdTensor t : xs) {
            Checks.sameDtype("concat", f, t);
            boolean ok = t.dims.length == f.dims.length;
            for (int i = 0; ok && i < f.dims.length; i++) ok = i == a || t.dims[i] == f.dims[i];
            if (!ok) {
                throw new IllegalArgumentException("concat: shapes " + f.shape + " and " + t.shape
                        + " differ off axis " + axis + "; all axes but the concatenation axis must match");
            }
            total += t.dims[a];
        }
        int[] outDims = f.dims.clone();
        outDims[a] = total;
        int outer = Layout.size(Arrays.copyOf(outDims, a));
        int inner = Layout.size(Arrays.copyOfRange(outDims, a + 1, outDims.length));
        Object out = Dense.alloc(f.dtype, Layout.size(outDims));
        int pos = 0;
        for (NdTensor t : xs) {
            Object src = Dense.gather(t, t.contiguous ? null : Layout.offsets(t, t.dims));
            int chunk = t.dims[a] * inner;
            for (int o = 0; o < outer && chunk > 0; o++) System.arraycopy(src, o * chunk, out, o * total * inner + pos, chunk);
            pos += chunk;
        }
        return NdTensor.of(f.dtype, outDims, out);
    }

    static NdTensor stack(int axis, NdTensor... xs) {
        if (xs.length == 0) throw new IllegalArgumentException("stack: no tensors given; pass at least one");
        int a = Layout.axis("stack", axis, xs[0].dims.length + 1);
        NdTensor[] expanded = new NdTensor[xs.length];
        for (int i = 0; i < xs.length; i++) {
            if (!Arrays.equals(xs[i].dims, xs[0].dims)) {
                throw new IllegalArgumentException("stack: shapes " + xs[0].shape + " and " + xs[i].shape
                        + " differ; stacked tensors must have one shape");
            }
            int[] d = new int[xs[i].dims.length + 1];
            for (int k = 0, j = 0; k < d.length; k++) d[k] = k == a ? 1 : xs[i].dims[j++];
            expanded[i] = reshape(xs[i], d);
        }
        return concat(a, expanded);
    }

    static NdTensor pad(NdTensor x, int[][] widths, double value) {
        int r = x.dims.length;
        if (widths == null || widths.length != r) {
            throw new IllegalArgumentException("pad: " + (widths == null ? "null" : widths.length) + " pad widths for "
                    + x.shape + "; give one {before, after} pair per axis");
        }
        int[] outDims = new int[r];
        int[] outStrides;
        for (int a = 0; a < r; a++) {
            if (widths[a] == null || widths[a].length != 2 || widths[a][0] < 0 || widths[a][1] < 0) {
                throw new IllegalArgumentException("pad: width " + Arrays.toString(widths[a]) + " on axis " + a
                        + " is invalid; give {before, after} with both >= 0");
            }
            outDims[a] = x.dims[a] + widths[a][0] + widths[a][1];
        }
        outStrides = Layout.rowMajorStrides(outDims);
        int base = 0;
        for (int a = 0; a < r; a++) base += widths[a][0] * outStrides[a];
        NdTensor fill = Dense.fromDoubles(x.dtype, new int[] {1}, new double[] {value});
        Object out = Dense.gather(fill, new int[Layout.size(outDims)]);
        int[] dst = Layout.offsets(x.dims, outStrides, base);
        Object src = Dense.gather(x, x.contiguous ? null : Layout.offsets(x, x.dims));
        scatterCopy(src, dst, out);
        return NdTensor.of(x.dtype, outDims, out);
    }

    /** out[dst[i]] = src[i] for arrays of one primitive type. */
    private static void scatterCopy(Object src, int[] dst, Object out) {
        if (src instanceof double[]) { double[] s = (double[]) src, o = (double[]) out; for (int i = 0; i < dst.length; i++) o[dst[i]] = s[i]; }
        else if (src instanceof float[]) { float[] s = (float[]) src, o = (float[]) out; for (int i = 0; i < dst.length; i++) o[dst[i]] = s[i]; }
        else if (src instanceof int[]) { int[] s = (int[]) src, o = (int[]) out; for (int i = 0; i < dst.length; i++) o[dst[i]] = s[i]; }
        else if (src instanceof long[]) { long[] s = (long[]) src, o = (long[]) out; for (int i = 0; i < dst.length; i++) o[dst[i]] = s[i]; }
        else { boolean[] s = (boolean[]) src, o = (boolean[]) out; for (int i = 0; i < dst.length; i++) o[dst[i]] = s[i]; }
    }
}
