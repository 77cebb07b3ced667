package org.polymorph.core.tensor;

import java.util.Arrays;

/** An immutable list of non-negative axis lengths. Rank 0 is a scalar. */
public final class Shape {
    private static final Shape SCALAR = new Shape(new int[0]);
    private final int[] dims;

    private Shape(int[] dims) { this.dims = dims; }

    public static Shape of(int... dims) {
        if (dims.length == 0) return SCALAR;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                throw new IllegalArgumentException("negative length " + dims[i] + " on axis " + i
                        + " of shape " + Arrays.toString(dims));
            }
        }
        return new Shape(dims.clone());
    }

    public static Shape scalar() { return SCALAR; }

    public int rank() { return dims.length; }

    /** Length of axis {@code axis}; negative axes count from the end. */
    public int dim(int axis) { return dims[normalizeAxis(axis)]; }

    /** A copy of the axis lengths. */
    public int[] toArray() { return dims.clone(); }

    /** Number of elements (1 for a scalar). */
    public long size() {
        long n = 1;
        for (int d : dims) n *= d;
        return n;
    }

    /** Maps a possibly negative axis into [0, rank), or throws naming the axis and the shape. */
    public int normalizeAxis(int axis) {
        int a = axis < 0 ? axis + dims.length : axis;
        if (a < 0 || a >= dims.length) {
            throw new IllegalArgumentException("axis " + axis + " is out of range for shape " + this
                    + " (rank " + dims.length + ")");
        }
        return a;
    }

    /** NumPy broadcasting of two shapes, or an exception naming both. */
    public static Shape broadcast(Shape a, Shape b) {
        int r = Math.max(a.rank(), b.rank());
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.rank() ? 1 : a.dims[i - (r - a.rank())];
            int db = i < r - b.rank() ? 1 : b.dims[i - (r - b.rank())];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes " + a + " and " + b
                        + " cannot be broadcast together (axis " + i + ": " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return new Shape(out);
    }

    @Override public boolean equals(Object o) {
        return o instanceof Shape && Arrays.equals(dims, ((Shape) o).dims);
    }

    @Override public int hashCode() { return Arrays.hashCode(dims); }

    @Override public String toString() { return Arrays.toString(dims); }
}
