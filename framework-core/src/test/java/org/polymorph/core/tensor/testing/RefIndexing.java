package org.polymorph.core.tensor.testing;

import java.util.Arrays;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Shape;

/** Gather and scatter ops of the reference service. Negative indices wrap once, as in NumPy. */
final class RefIndexing {
    private RefIndexing() { }

    /** Index {@code raw} along an axis of length {@code n}, wrapped, or an exception. */
    private static int index(String op, double raw, int n, String where) {
        long i = (long) raw;
        long w = i < 0 ? i + n : i;
        if (w < 0 || w >= n) {
            throw new IllegalArgumentException(op + ": index " + i + " is out of range for " + where + " of length " + n
                    + "; use indices in [" + (-n) + ", " + (n - 1) + "]");
        }
        return (int) w;
    }

    static RefTensor take(RefTensor x, RefTensor indices, int axis) {
        Values.requireIndices("take", indices);
        if (x.rank() == 0) throw new IllegalArgumentException("take: x is a scalar; reshape it to rank >= 1");
        int a = Layout.axis("take", axis, x.rank());
        int[] dims = x.dims();
        int[] outDims = outShape(dims, indices.dims(), a);
        double[] out = new double[Layout.size(outDims)];
        int[] oi = new int[outDims.length];
        int[] xi = new int[dims.length];
        int ir = indices.rank();
        for (int i = 0; i < out.length; i++) {
            Layout.unravel(i, outDims, oi);
            int[] ii = Arrays.copyOfRange(oi, a, a + ir);
            for (int k = 0; k < a; k++) xi[k] = oi[k];
            xi[a] = index("take", indices.get(Layout.ravel(ii, indices.dims())), dims[a], "axis " + axis + " of " + x.shape());
            for (int k = a + 1; k < dims.length; k++) xi[k] = oi[k - 1 + ir];
            out[i] = x.get(Layout.ravel(xi, dims));
        }
        return new RefTensor(x.dtype(), Shape.of(outDims), out);
    }

    /** x.shape[:axis] + indices.shape + x.shape[axis+1:]. */
    private static int[] outShape(int[] dims, int[] idx, int a) {
        int[] out = Layout.concat(Arrays.copyOf(dims, a), idx);
        return Layout.concat(out, Arrays.copyOfRange(dims, a + 1, dims.length));
    }

    static RefTensor takeAlongAxis(RefTensor x, RefTensor indices, int axis) {
        String op = "takeAlongAxis";
        Values.requireIndices(op, indices);
        if (x.rank() == 0 || indices.rank() != x.rank()) {
            throw new IllegalArgumentException(op + ": indices " + indices.shape() + " must have the rank of x "
                    + x.shape() + " (>= 1); reshape or expandDims them");
        }
        int a = Layout.axis(op, axis, x.rank());
        int[] dims = x.dims();
        int[] id = indices.dims();
        int[] xOff = dims.clone();
        xOff[a] = 1;
        int[] iOff = id.clone();
        iOff[a] = 1;
        int[] outDims = Layout.broadcast(op, Shape.of(xOff), Shape.of(iOff));
        outDims[a] = id[a];
        double[] out = new double[Layout.size(outDims)];
        int[] oi = new int[outDims.length];
        for (int i = 0; i < out.length; i++) {
            Layout.unravel(i, outDims, oi);
            int[] xi = oi.clone();
            for (int k = 0; k < xi.length; k++) if (k != a && dims[k] == 1) xi[k] = 0;
            int[] ii = oi.clone();
            for (int k = 0; k < ii.length; k++) if (k != a && id[k] == 1) ii[k] = 0;
            xi[a] = index(op, indices.get(Layout.ravel(ii, id)), dims[a], "axis " + axis + " of " + x.shape());
            out[i] = x.get(Layout.ravel(xi, dims));
        }
        return new RefTensor(x.dtype(), Shape.of(outDims), out);
    }

    static RefTensor scatterAdd(RefTensor target, RefTensor indices, RefTensor updates, int axis) {
        String op = "scatterAdd";
        Values.requireIndices(op, indices);
        Values.requireSameDtype(op, target, updates);
        Values.requireNumeric(op, target);
        if (target.rank() == 0) throw new IllegalArgumentException(op + ": target is a scalar; reshape it to rank >= 1");
        int a = Layout.axis(op, axis, target.rank());
        int[] dims = target.dims();
        int[] expect = outShape(dims, indices.dims(), a);
        if (!Arrays.equals(expect, updates.dims())) {
            throw new IllegalArgumentException(op + ": updates have shape " + updates.shape() + " but target "
                    + target.shape() + " with indices " + indices.shape() + " on axis " + axis + " needs "
                    + Arrays.toString(expect) + "; use the shape of take(target, indices, axis)");
        }
        double[] out = target.values().clone();
        long[] iout = new long[out.length];
        for (int i = 0; i < out.length; i++) iout[i] = (long) out[i];
        int[] ui = new int[expect.length];
        int[] ti = new int[dims.length];
        int ir = indices.rank();
        for (int i = 0; i < updates.length(); i++) {
            Layout.unravel(i, expect, ui);
            int[] ii = Arrays.copyOfRange(ui, a, a + ir);
            for (int k = 0; k < a; k++) ti[k] = ui[k];
            ti[a] = index(op, indices.get(Layout.ravel(ii, indices.dims())), dims[a], "axis " + axis + " of " + target.shape());
            for (int k = a + 1; k < dims.length; k++) ti[k] = ui[k - 1 + ir];
            int t = Layout.ravel(ti, dims);
            out[t] += updates.get(i);
            iout[t] += (long) updates.get(i);
        }
        return finish(target.dtype(), target.shape(), out, iout);
    }

    /** Float sums are kept in double until the end, then rounded; integer sums wrap. */
    private static RefTensor finish(DType dt, Shape shape, double[] out, long[] iout) {
        for (int i = 0; i < out.length; i++) out[i] = dt.isFloating() ? Values.store(dt, out[i]) : Values.wrap(dt, iout[i]);
        return new RefTensor(dt, shape, out);
    }

    static RefTensor segmentSum(RefTensor data, RefTensor ids, int numSegments) {
        String op = "segmentSum";
        Values.requireIndices(op, ids);
        Values.requireNumeric(op, data);
        if (numSegments < 0) throw new IllegalArgumentException(op + ": numSegments " + numSegments + " < 0; give a count >= 0");
        if (data.rank() == 0 || ids.rank() != 1 || ids.dims()[0] != data.dims()[0]) {
            throw new IllegalArgumentException(op + ": segment ids " + ids.shape() + " must be 1-D with one id per row of data "
                    + data.shape() + "; give ids of shape [" + (data.rank() == 0 ? "n" : data.dims()[0]) + "]");
        }
        int[] dims = data.dims();
        int row = Layout.size(Arrays.copyOfRange(dims, 1, dims.length));
        int[] outDims = dims.clone();
        outDims[0] = numSegments;
        double[] out = new double[numSegments * row];
        long[] iout = new long[out.length];
        for (int i = 0; i < dims[0]; i++) {
            long s = (long) ids.get(i);
            if (s < 0 || s >= numSegments) continue;
            for (int k = 0; k < row; k++) {
                out[(int) s * row + k] += data.get(i * row + k);
                iout[(int) s * row + k] += (long) data.get(i * row + k);
            }
        }
        return finish(data.dtype(), Shape.of(outDims), out, iout);
    }
}
