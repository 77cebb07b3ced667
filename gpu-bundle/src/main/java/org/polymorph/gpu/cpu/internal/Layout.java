package org.polymorph.gpu.cpu.internal;

import java.util.Arrays;

/** Index arithmetic on dims and strides (in elements): sizes, broadcasting, element offsets. */
final class Layout {
    private Layout() { }

    static int size(int[] dims) {
        long n = 1;
        for (int d : dims) n *= d;
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has " + n
                    + " elements, more than this backend's limit of 2^31-1; split the work");
        }
        return (int) n;
    }

    static int[] rowMajorStrides(int[] dims) {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= Math.max(dims[i], 1);
        }
        return s;
    }

    /** Row-major contiguous, ignoring the strides of length-1 axes. */
    static boolean isContiguous(int[] dims, int[] strides) {
        int expect = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            if (dims[i] == 0) return true;
            if (dims[i] != 1 && strides[i] != expect) return false;
            expect *= dims[i];
        }
        return true;
    }

    /** Maps a possibly negative axis into [0, rank) or throws naming the op. */
    static int axis(String op, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for rank " + rank
                    + "; use an axis in [" + (-rank) + ", " + (rank - 1) + "]");
        }
        return a;
    }

    /** NumPy broadcast of several shapes, or an exception naming the op and the shapes. */
    static int[] broadcast(String op, int[]... shapes) {
        int r = 0;
        for (int[] s : shapes) r = Math.max(r, s.length);
        int[] out = new int[r];
        Arrays.fill(out, 1);
        for (int[] s : shapes) {
            for (int i = 0; i < s.length; i++) {
                int o = r - s.length + i;
                if (s[i] == out[o] || s[i] == 1) continue;
                if (out[o] != 1) {
                    StringBuilder b = new StringBuilder();
                    for (int[] t : shapes) b.append(b.length() == 0 ? "" : ", ").append(Arrays.toString(t));
                    throw new IllegalArgumentException(op + ": shapes " + b + " cannot be broadcast together (axis "
                            + o + ": " + out[o] + " vs " + s[i] + "); reshape or broadcastTo matching shapes");
                }
                out[o] = s[i];
            }
        }
        return out;
    }

    /** Strides of {@code t} broadcast to {@code outDims} (0 on broadcast axes). Assumes compatibility. */
    static int[] broadcastStrides(int[] dims, int[] strides, int[] outDims) {
        int[] s = new int[outDims.length];
        int shift = outDims.length - dims.length;
        for (int i = 0; i < dims.length; i++) s[i + shift] = dims[i] == 1 ? 0 : strides[i];
        return s;
    }

    /** Storage offsets of all elements of {@code t} broadcast to {@code outDims}, row-major. */
    static int[] offsets(NdTensor t, int[] outDims) {
        return offsets(outDims, broadcastStrides(t.dims, t.strides, outDims), t.offset);
    }

    /** Offsets of a strided walk over {@code dims} (odometer, innermost axis fastest). */
    static int[] offsets(int[] dims, int[] strides, int base) {
        int n = size(dims);
        int[] out = new int[n];
        if (n == 0) return out;
        int r = dims.length;
        if (r == 0) {
            out[0] = base;
            return out;
        }
        int inner = dims[r - 1];
        int is = strides[r - 1];
        int[] idx = new int[r];
        int pos = base;
        for (int i = 0; i < n; i += inner) {
            for (int j = 0, p = pos; j < inner; j++, p += is) out[i + j] = p;
            for (int a = r - 2; a >= 0; a--) {
                pos += strides[a];
                if (++idx[a] < dims[a]) break;
                pos -= strides[a] * dims[a];
                idx[a] = 0;
            }
        }
        return out;
    }

    static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** {@code dims} without axis {@code a}. */
    static int[] without(int[] dims, int a) {
        int[] out = new int[dims.length - 1];
        for (int i = 0, j = 0; i < dims.length; i++) if (i != a) out[j++] = dims[i];
        return out;
    }

    /** The permutation moving axis {@code a} to the end. */
    static int[] axisLast(int rank, int a) {
        int[] p = new int[rank];
        for (int i = 0, j = 0; i < rank; i++) if (i != a) p[j++] = i;
        p[rank - 1] = a;
        return p;
    }

    static int[] inverse(int[] perm) {
        int[] inv = new int[perm.length];
        for (int i = 0; i < perm.length; i++) inv[perm[i]] = i;
        return inv;
    }
}
