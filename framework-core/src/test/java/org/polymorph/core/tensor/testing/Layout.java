package org.polymorph.core.tensor.testing;

import java.util.Arrays;
import org.polymorph.core.tensor.Shape;

/** Row-major index arithmetic and NumPy broadcasting for the reference service. */
final class Layout {
    private Layout() { }

    /** Number of elements, or an exception if it does not fit in an int. */
    static int size(int[] dims) {
        long n = 1;
        for (int d : dims) n *= d;
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has too many elements");
        return (int) n;
    }

    /** Fills {@code idx} with the multi-index of row-major position {@code flat} in {@code dims}. */
    static void unravel(int flat, int[] dims, int[] idx) {
        for (int a = dims.length - 1; a >= 0; a--) {
            idx[a] = flat % dims[a];
            flat /= dims[a];
        }
    }

    /** Row-major position of the multi-index {@code idx} in {@code dims}. */
    static int ravel(int[] idx, int[] dims) {
        int flat = 0;
        for (int a = 0; a < dims.length; a++) flat = flat * dims[a] + idx[a];
        return flat;
    }

    /**
     * Position in an operand of shape {@code dims} of the element that broadcasting maps to the
     * output multi-index {@code out} (operand axes are aligned to the right; length-1 axes repeat).
     */
    static int broadcastOffset(int[] out, int[] dims) {
        int shift = out.length - dims.length;
        int flat = 0;
        for (int a = 0; a < dims.length; a++) flat = flat * dims[a] + (dims[a] == 1 ? 0 : out[a + shift]);
        return flat;
    }

    /** Broadcast shape of all operands, or an exception naming the op and the fix. */
    static int[] broadcast(String op, Shape... shapes) {
        Shape out = Shape.scalar();
        try {
            for (Shape s : shapes) out = Shape.broadcast(out, s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": " + e.getMessage()
                    + "; make the shapes compatible with reshape, expandDims or broadcastTo");
        }
        return out.toArray();
    }

    /** Copies {@code src} into an operand-aligned broadcast view of shape {@code outDims}. */
    static double[] broadcastValues(double[] src, int[] srcDims, int[] outDims) {
        int n = size(outDims);
        double[] out = new double[n];
        int[] idx = new int[outDims.length];
        for (int i = 0; i < n; i++) {
            unravel(i, outDims, idx);
            out[i] = src[broadcastOffset(idx, srcDims)];
        }
        return out;
    }

    /** {@code dims} with axis {@code axis} removed. */
    static int[] without(int[] dims, int axis) {
        int[] out = new int[dims.length - 1];
        for (int a = 0, j = 0; a < dims.length; a++) if (a != axis) out[j++] = dims[a];
        return out;
    }

    static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Normalises a possibly negative axis for rank {@code rank}, naming the op on failure. */
    static int axis(String op, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for rank " + rank
                    + "; use an axis in [" + (-rank) + ", " + (rank - 1) + "]");
        }
        return a;
    }

    /**
     * Splits a tensor of shape {@code dims} into lines along {@code axis}: line {@code l} holds the
     * positions {@code lines[l][0..dims[axis])}, lines in row-major order of the other axes.
     */
    static int[][] lines(int[] dims, int axis) {
        int len = dims[axis];
        int outer = 1;
        int inner = 1;
        for (int a = 0; a < axis; a++) outer *= dims[a];
        for (int a = axis + 1; a < dims.length; a++) inner *= dims[a];
        int[][] out = new int[outer * inner][len];
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                for (int k = 0; k < len; k++) out[o * inner + in][k] = (o * len + k) * inner + in;
            }
        }
        return out;
    }
}
