package org.polymorph.core.tensor.testing;

import java.util.Arrays;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Shape;

/** Splits tensors [..., m, n] into double[m][n] matrices and back; checks linalg arguments. */
final class Matrices {
    private Matrices() { }

    /** Batch axes of a [..., m, n] tensor. */
    static int[] batch(RefTensor x) {
        return Arrays.copyOf(x.dims(), x.rank() - 2);
    }

    /** Checks rank >= 2 and a floating dtype (and squareness when asked). */
    static void check(String op, RefTensor a, boolean square) {
        Values.requireFloating(op, a);
        if (a.rank() < 2) {
            throw new IllegalArgumentException(op + ": needs a matrix or a batch of matrices [..., m, n], got "
                    + a.shape() + "; reshape it");
        }
        if (square && a.dims()[a.rank() - 1] != a.dims()[a.rank() - 2]) {
            throw new IllegalArgumentException(op + ": needs square matrices, got shape " + a.shape()
                    + "; the last two axes must have one length");
        }
    }

    /** Matrix number {@code b} (row-major batch order) of {@code x}, with the batch axes of {@code dims}. */
    static double[][] get(RefTensor x, int b) {
        int r = x.rank();
        int m = x.dims()[r - 2];
        int n = x.dims()[r - 1];
        double[][] out = new double[m][n];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) out[i][j] = x.get((b * m + i) * n + j);
        return out;
    }

    /** The matrix of broadcast batch index {@code bi} in {@code x}, whose batch axes broadcast to it. */
    static double[][] getBroadcast(RefTensor x, int[] bi) {
        return get(x, Layout.broadcastOffset(bi, batch(x)));
    }

    /** Writes matrices (all m x n) into a tensor of shape batch + [m, n]. */
    static RefTensor build(DType dt, int[] batch, double[][][] ms, int m, int n) {
        double[] out = new double[ms.length * m * n];
        for (int b = 0; b < ms.length; b++) {
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) out[(b * m + i) * n + j] = ms[b][i][j];
        }
        return RefTensor.stored(dt, Layout.concat(batch, new int[] {m, n}), out);
    }

    /** Writes vectors (all of length n) into a tensor of shape batch + [n]. */
    static RefTensor buildVectors(DType dt, int[] batch, double[][] vs, int n) {
        double[] out = new double[vs.length * n];
        for (int b = 0; b < vs.length; b++) System.arraycopy(vs[b], 0, out, b * n, n);
        return RefTensor.stored(dt, Layout.concat(batch, new int[] {n}), out);
    }

    /** Jacobi iterations need finite input; a NaN or infinity throws {@link ArithmeticException}. */
    static double[][] requireFinite(String op, double[][] m, int batch) {
        for (double[] row : m) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    throw new ArithmeticException(op + ": matrix " + batch + " has a non-finite entry (" + v
                            + "); remove NaN and infinite values first");
                }
            }
        }
        return m;
    }

    static double[][] multiply(double[][] a, double[][] b) {
        int m = a.length;
        int k = b.length;
        int n = k == 0 ? 0 : b[0].length;
        double[][] c = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) s += a[i][p] * b[p][j];
                c[i][j] = s;
            }
        }
        return c;
    }

    static double[][] transpose(double[][] a, int cols) {
        double[][] t = new double[cols][a.length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < cols; j++) t[j][i] = a[i][j];
        return t;
    }

    static Shape shapeOf(int[] batch, int... tail) {
        return Shape.of(Layout.concat(batch, tail));
    }
}
