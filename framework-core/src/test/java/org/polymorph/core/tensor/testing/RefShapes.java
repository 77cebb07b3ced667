package org.polymorph.core.tensor.testing;

import java.util.Arrays;
import org.polymorph.core.tensor.Shape;

/** Shape ops of the reference service; every result is a fresh contiguous copy. */
final class RefShapes {
    private RefShapes() { }

    static RefTensor reshape(RefTensor x, int... shape) {
        int[] dims = shape.clone();
        int infer = -1;
        long known = 1;
        for (int a = 0; a < dims.length; a++) {
            if (dims[a] == -1 && infer < 0) {
                infer = a;
            } else if (dims[a] < 0) {
                throw new IllegalArgumentException("reshape: bad target shape " + Arrays.toString(shape) + " for "
                        + x.shape() + "; lengths must be >= 0 with at most one -1");
            } else {
                known *= dims[a];
            }
        }
        if (infer >= 0) {
            if (known == 0 || x.length() % known != 0) {
                throw new IllegalArgumentException("reshape: cannot infer the -1 axis of " + Arrays.toString(shape)
                        + " from " + x.shape() + " (" + x.length() + " elements); give all lengths explicitly");
            }
            dims[infer] = (int) (x.length() / known);
            known *= dims[infer];
        }
        if (known != x.length()) {
            throw new IllegalArgumentException("reshape: cannot reshape " + x.shape() + " (" + x.length()
                    + " elements) to " + Arrays.toString(shape) + "; the element counts must match");
        }
        return new RefTensor(x.dtype(), Shape.of(dims), x.values().clone());
    }

    static RefTensor transpose(RefTensor x, int... perm) {
        int r = x.rank();
        int[] p = new int[r];
        if (perm == null || perm.length == 0) {
            for (int a = 0; a < r; a++) p[a] = r - 1 - a;
        } else {
            if (perm.length != r) {
                throw new IllegalArgumentException("transpose: permutation " + Arrays.toString(perm) + " has length "
                        + perm.length + " but " + x.shape() + " has rank " + r + "; give one axis per dimension");
            }
            boolean[] seen = new boolean[r];
            for (int a = 0; a < r; a++) {
                p[a] = Layout.axis("transpose", perm[a], r);
                if (seen[p[a]]) {
                    throw new IllegalArgumentException("transpose: " + Arrays.toString(perm)
                            + " is not a permutation (axis " + perm[a] + " repeats); list every axis once");
                }
                seen[p[a]] = true;
            }
        }
        int[] dims = x.dims();
        int[] outDims = new int[r];
        for (int a = 0; a < r; a++) outDims[a] = dims[p[a]];
        double[] out = new double[x.length()];
        int[] oi = new int[r];
        int[] xi = new int[r];
        for (int i = 0; i < out.length; i++) {
            Layout.unravel(i, outDims, oi);
            for (int a = 0; a < r; a++) xi[p[a]] = oi[a];
            out[i] = x.get(Layout.ravel(xi, dims));
        }
        return new RefTensor(x.dtype(), Shape.of(outDims), out);
    }

    /** numpy basic slicing per axis, with numpy's clamping of start and stop. */
    static RefTensor slice(RefTensor x, int[] start, int[] stop, int[] step) {
        int r = x.rank();
        if (start.length != r || stop.length != r || step.length != r) {
            throw new IllegalArgumentException("slice: start/stop/step have lengths " + start.length + "/" + stop.length
                    + "/" + step.length + " but " + x.shape() + " has rank " + r + "; give one entry per axis");
        }
        int[] dims = x.dims();
        int[] first = new int[r];
        int[] outDims = new int[r];
        for (int a = 0; a < r; a++) {
            if (step[a] == 0) throw new IllegalArgumentException("slice: step 0 on axis " + a + "; use a non-zero step");
            long n = dims[a];
            long lo = clamp(start[a], n, step[a]);
            long hi = clamp(stop[a], n, step[a]);
            long len = step[a] > 0 ? (hi - lo + step[a] - 1) / step[a] : (lo - hi - step[a] - 1) / -step[a];
            first[a] = (int) lo;
            outDims[a] = (int) Math.max(0, len);
        }
        double[] out = new double[Layout.size(outDims)];
        int[] oi = new int[r];
        int[] xi = new int[r];
        for (int i = 0; i < out.length; i++) {
            Layout.unravel(i, outDims, oi);
            for (int a = 0; a < r; a++) xi[a] = first[a] + oi[a] * step[a];
            out[i] = x.get(Layout.ravel(xi, dims));
        }
        return new RefTensor(x.dtype(), Shape.of(outDims), out);
    }

    /** Negative bounds count from the end; then clamp to [0, n] (step > 0) or [-1, n-1] (step < 0). */
    private static long clamp(long bound, long n, int step) {
        long b = bound < 0 ? bound + n : bound;
        return step > 0 ? Math.max(0, Math.min(n, b)) : Math.max(-1, Math.min(n - 1, b));
    }

    static RefTensor concat(int axis, RefTensor... xs) {
        if (xs.length == 0) throw new IllegalArgumentException("concat: no tensors given; pass at least one");
        RefTensor f = xs[0];
        if (f.rank() == 0) throw new IllegalArgumentException("concat: scalars cannot be concatenated; use stack");
        int a = Layout.axis("concat", axis, f.rank());
        int total = 0;
        for (RefTensor t : xs) {
            Values.requireSameDtype("concat", f, t);
            int[] d = t.dims();
            boolean ok = d.length == f.rank();
            for (int k = 0; ok && k < d.length; k++) ok = k == a || d[k] == f.dims()[k];
            if (!ok) {
                throw new IllegalArgumentException("concat: shapes " + f.shape() + " and " + t.shape()
                        + " differ off axis " + axis + "; all axes but the concatenation axis must match");
            }
            total += d[a];
        }
        int[] outDims = f.dims();
        outDims[a] = total;
        double[] out = new double[Layout.size(outDims)];
        int[] idx = new int[outDims.length];
        int offset = 0;
        for (RefTensor t : xs) {
            int[] d = t.dims();
            for (int i = 0; i < t.length(); i++) {
                Layout.unravel(i, d, idx);
                idx[a] += offset;
                out[Layout.ravel(idx, outDims)] = t.get(i);
            }
            offset += d[a];
        }
        return new RefTensor(f.dtype(), Shape.of(outDims), out);
    }

    static RefTensor stack(int axis, RefTensor... xs) {
        if (xs.length == 0) throw new IllegalArgumentException("stack: no tensors given; pass at least one");
        int a = Layout.axis("stack", axis, xs[0].rank() + 1);
        RefTensor[] expanded = new RefTensor[xs.length];
        for (int i = 0; i < xs.length; i++) {
            if (!xs[i].shape().equals(xs[0].shape())) {
                throw new IllegalArgumentException("stack: shapes " + xs[0].shape() + " and " + xs[i].shape()
                        + " differ; stacked tensors must have one shape");
            }
            int[] d = xs[i].dims();
            int[] e = new int[d.length + 1];
            for (int k = 0, j = 0; k < e.length; k++) e[k] = k == a ? 1 : d[j++];
            expanded[i] = new RefTensor(xs[i].dtype(), Shape.of(e), xs[i].values());
        }
        return concat(a, expanded);
    }

    static RefTensor broadcastTo(RefTensor x, int... shape) {
        Shape target = Shape.of(shape);
        int[] dims = x.dims();
        boolean ok = dims.length <= shape.length;
        for (int a = 0; ok && a < dims.length; a++) {
            int t = shape[shape.length - dims.length + a];
            ok = dims[a] == t || dims[a] == 1;
        }
        if (!ok) {
            throw new IllegalArgumentException("broadcastTo: cannot broadcast " + x.shape() + " to " + target
                    + "; each axis must match or have length 1, and the target rank must not be smaller");
        }
        return new RefTensor(x.dtype(), target, Layout.broadcastValues(x.values(), dims, shape));
    }

    static RefTensor pad(RefTensor x, int[][] widths, double value) {
        int r = x.rank();
        if (widths.length != r) {
            throw new IllegalArgumentException("pad: " + widths.length + " pad widths for " + x.shape()
                    + "; give one {before, after} pair per axis");
        }
        int[] dims = x.dims();
        int[] outDims = new int[r];
        for (int a = 0; a < r; a++) {
            if (widths[a] == null || widths[a].length != 2 || widths[a][0] < 0 || widths[a][1] < 0) {
                throw new IllegalArgumentException("pad: width " + Arrays.toString(widths[a]) + " on axis " + a
                        + " is invalid; give {before, after} with both >= 0");
            }
            outDims[a] = dims[a] + widths[a][0] + widths[a][1];
        }
        double[] out = new double[Layout.size(outDims)];
        Arrays.fill(out, Values.convert(value, org.polymorph.core.tensor.DType.FLOAT64, x.dtype()));
        int[] idx = new int[r];
        for (int i = 0; i < x.length(); i++) {
            Layout.unravel(i, dims, idx);
            for (int a = 0; a < r; a++) idx[a] += widths[a][0];
            out[Layout.ravel(idx, outDims)] = x.get(i);
        }
        return new RefTensor(x.dtype(), Shape.of(outDims), out);
    }
}
