package org.polymorph.core.tensor.testing;

import java.util.Arrays;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Shape;

/**
 * matmul, dot and outer of the reference service: textbook triple loops. Float products are
 * summed in double and rounded once to the dtype; integer products use 64-bit arithmetic and wrap.
 */
final class RefContractions {
    private RefContractions() { }

    static RefTensor matmul(RefTensor a, RefTensor b) {
        String op = "matmul";
        Values.requireSameDtype(op, a, b);
        Values.requireNumeric(op, a);
        if (a.rank() == 0 || b.rank() == 0) {
            throw new IllegalArgumentException(op + ": operands need rank >= 1, got " + a.shape() + " and " + b.shape()
                    + "; use mul for scalars");
        }
        int[] ad = a.rank() == 1 ? new int[] {1, a.dims()[0]} : a.dims();
        int[] bd = b.rank() == 1 ? new int[] {b.dims()[0], 1} : b.dims();
        int m = ad[ad.length - 2];
        int k = ad[ad.length - 1];
        int n = bd[bd.length - 1];
        if (bd[bd.length - 2] != k) {
            throw new IllegalArgumentException(op + ": inner dimensions differ for shapes " + a.shape() + " and "
                    + b.shape() + " (" + k + " vs " + bd[bd.length - 2] + "); transpose or reshape an operand");
        }
        int[] aBatch = Arrays.copyOf(ad, ad.length - 2);
        int[] bBatch = Arrays.copyOf(bd, bd.length - 2);
        int[] batch = Layout.broadcast(op + " (batch axes)", Shape.of(aBatch), Shape.of(bBatch));
        int nb = Layout.size(batch);
        double[] out = new double[nb * m * n];
        int[] bi = new int[batch.length];
        for (int t = 0; t < nb; t++) {
            Layout.unravel(t, batch, bi);
            int ao = Layout.broadcastOffset(bi, aBatch) * m * k;
            int bo = Layout.broadcastOffset(bi, bBatch) * k * n;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    out[(t * m + i) * n + j] = dotRange(a.dtype(), a.values(), ao + i * k, 1, b.values(), bo + j, n, k);
                }
            }
        }
        int[] outDims = Layout.concat(batch, new int[] {m, n});
        if (a.rank() == 1) outDims = Layout.without(outDims, outDims.length - 2);
        if (b.rank() == 1) outDims = Layout.without(outDims, outDims.length - 1);
        return new RefTensor(a.dtype(), Shape.of(outDims), out);
    }

    /** sum_p x[xo + p*xs] * y[yo + p*ys] for p < len, in the arithmetic of {@code dt}. */
    private static double dotRange(DType dt, double[] x, int xo, int xs, double[] y, int yo, int ys, int len) {
        if (!dt.isFloating()) {
            long acc = 0;
            for (int p = 0; p < len; p++) acc += (long) x[xo + p * xs] * (long) y[yo + p * ys];
            return Values.wrap(dt, acc);
        }
        double acc = 0;
        for (int p = 0; p < len; p++) acc += x[xo + p * xs] * y[yo + p * ys];
        return Values.store(dt, acc);
    }

    static RefTensor dot(RefTensor a, RefTensor b) {
        if (a.rank() != 1 || b.rank() != 1) return matmul(a, b);
        Values.requireSameDtype("dot", a, b);
        Values.requireNumeric("dot", a);
        if (a.length() != b.length()) {
            throw new IllegalArgumentException("dot: lengths differ, shapes " + a.shape() + " and " + b.shape()
                    + "; give two vectors of one length");
        }
        double v = dotRange(a.dtype(), a.values(), 0, 1, b.values(), 0, 1, a.length());
        return new RefTensor(a.dtype(), Shape.scalar(), new double[] {v});
    }

    /** numpy.outer: both operands are flattened; out[i, j] = a[i] * b[j]. */
    static RefTensor outer(RefTensor a, RefTensor b) {
        Values.requireSameDtype("outer", a, b);
        Values.requireNumeric("outer", a);
        int m = a.length();
        int n = b.length();
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                out[i * n + j] = dotRange(a.dtype(), a.values(), i, 1, b.values(), j, 1, 1);
            }
        }
        return new RefTensor(a.dtype(), Shape.of(m, n), out);
    }
}
