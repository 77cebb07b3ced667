package org.polymorph.materials.space;

import java.util.Arrays;

/**
 * A simulation cell. The rows of {@code h} (row-major 3x3, Å) are the lattice vectors a, b, c, so a
 * position is r = s·h for fractional coordinates s; LAMMPS's triclinic box is a = (lx, 0, 0),
 * b = (xy, ly, 0), c = (xz, yz, lz). Each axis is periodic or not; a free (non-periodic) axis
 * ignores its row of h except for reporting.
 */
public record Box(double[] h, boolean[] periodic) {
    public Box {
        if (h == null || h.length != 9) throw new IllegalArgumentException("Box: h needs 9 numbers (3 lattice vectors as rows), got "
                + (h == null ? "null" : h.length));
        if (periodic == null || periodic.length != 3) throw new IllegalArgumentException("Box: periodic needs 3 flags");
        h = h.clone();
        periodic = periodic.clone();
        for (double v : h) if (!Double.isFinite(v)) throw new IllegalArgumentException("Box: non-finite cell entry in " + Arrays.toString(h));
        if ((periodic[0] || periodic[1] || periodic[2]) && det(h) <= 0) {
            throw new IllegalArgumentException("Box: the cell " + Arrays.toString(h) + " has volume " + det(h)
                    + "; give right-handed lattice vectors of non-zero volume");
        }
    }

    /** A periodic orthorhombic box [0, lx) x [0, ly) x [0, lz). */
    public static Box orthorhombic(double lx, double ly, double lz) {
        return new Box(new double[] {lx, 0, 0, 0, ly, 0, 0, 0, lz}, new boolean[] {true, true, true});
    }

    /** A periodic cell with lattice vectors as the rows of h. */
    public static Box periodic(double[] h) { return new Box(h, new boolean[] {true, true, true}); }

    /** No periodic axis (a cluster); h only records a bounding cell. */
    public static Box free() { return new Box(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, new boolean[3]); }

    @Override public double[] h() { return h.clone(); }

    @Override public boolean[] periodic() { return periodic.clone(); }

    public boolean periodic(int axis) { return periodic[axis]; }

    public boolean anyPeriodic() { return periodic[0] || periodic[1] || periodic[2]; }

    /** Periodic on all three axes (a bulk cell: volume, pressure, phonons, NPT). */
    public boolean allPeriodic() { return periodic[0] && periodic[1] && periodic[2]; }

    public double h(int row, int col) { return h[3 * row + col]; }

    /** det(h) [Å³]. */
    public double volume() { return det(h); }

    public boolean isOrthorhombic() { return h[1] == 0 && h[2] == 0 && h[3] == 0 && h[5] == 0 && h[6] == 0 && h[7] == 0; }

    /** h⁻¹, row-major. */
    public double[] inverse() { return inverse(h); }

    /** Distances between opposite faces: V/|b×c|, V/|c×a|, V/|a×b| [Å]. */
    public double[] perpendicularWidths() {
        double v = Math.abs(volume());
        return new double[] {v / norm(cross(row(1), row(2))), v / norm(cross(row(2), row(0))), v / norm(cross(row(0), row(1)))};
    }

    public double[] row(int i) { return new double[] {h[3 * i], h[3 * i + 1], h[3 * i + 2]}; }

    /** The box deformed by the strain ε (row-major 3x3): h' = h (I + ε). */
    public Box strained(double[] eps) {
        double[] f = {1 + eps[0], eps[1], eps[2], eps[3], 1 + eps[4], eps[5], eps[6], eps[7], 1 + eps[8]};
        return new Box(matmul(h, f), periodic);
    }

    /** The same periodicity with another cell. */
    public Box withCell(double[] newH) { return new Box(newH, periodic); }

    public static double det(double[] m) {
        return m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
    }

    public static double[] inverse(double[] m) {
        double d = det(m);
        if (d == 0) throw new ArithmeticException("Box: singular cell " + Arrays.toString(m));
        return new double[] {
            (m[4] * m[8] - m[5] * m[7]) / d, (m[2] * m[7] - m[1] * m[8]) / d, (m[1] * m[5] - m[2] * m[4]) / d,
            (m[5] * m[6] - m[3] * m[8]) / d, (m[0] * m[8] - m[2] * m[6]) / d, (m[2] * m[3] - m[0] * m[5]) / d,
            (m[3] * m[7] - m[4] * m[6]) / d, (m[1] * m[6] - m[0] * m[7]) / d, (m[0] * m[4] - m[1] * m[3]) / d};
    }

    public static double[] matmul(double[] a, double[] b) {
        double[] c = new double[9];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 3; k++) c[3 * i + j] += a[3 * i + k] * b[3 * k + j];
        return c;
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    private static double norm(double[] a) { return Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]); }

    @Override public boolean equals(Object o) {
        return o instanceof Box b && Arrays.equals(h, b.h) && Arrays.equals(periodic, b.periodic);
    }

    @Override public int hashCode() { return 31 * Arrays.hashCode(h) + Arrays.hashCode(periodic); }

    @Override public String toString() { return "Box" + Arrays.toString(h) + " periodic " + Arrays.toString(periodic); }
}
