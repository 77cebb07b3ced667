package org.polymorph.materials.io;

import org.polymorph.materials.space.Box;

/**
 * LAMMPS's restricted triclinic cell: a = (lx, 0, 0), b = (xy, ly, 0), c = (xz, yz, lz) with
 * lx, ly, lz > 0 (Å). Any right-handed cell (rows a, b, c) has such a form, reached by the rotation
 * that puts a along x and b in the xy plane: lx = |a|, xy = b·â, ly = √(|b|² − xy²), xz = c·â,
 * yz = (b·c − xy·xz)/ly, lz = √(|c|² − xz² − yz²) (LAMMPS manual, Howto triclinic). Positions and
 * vectors map with r' = r·M, M = h⁻¹·h_L (a rotation), which keeps fractional coordinates. Tilts
 * are not reduced: LAMMPS versions before 2023 need {@code box tilt large} for |xy| > lx/2 etc.
 */
public record LammpsBox(double lx, double ly, double lz, double xy, double xz, double yz) {
    public LammpsBox {
        if (!(lx > 0 && ly > 0 && lz > 0)) {
            throw new IllegalArgumentException("LammpsBox: lx, ly, lz = " + lx + ", " + ly + ", " + lz + "; need all > 0 (Å)");
        }
        if (!Double.isFinite(xy) || !Double.isFinite(xz) || !Double.isFinite(yz)) {
            throw new IllegalArgumentException("LammpsBox: non-finite tilt " + xy + ", " + xz + ", " + yz);
        }
    }

    /** The restricted form of a cell; exact (no rotation error) when h is already lower triangular. */
    public static LammpsBox of(double[] h) {
        if (h[1] == 0 && h[2] == 0 && h[5] == 0) return new LammpsBox(h[0], h[4], h[8], h[3], h[6], h[7]);
        double la = Math.sqrt(h[0] * h[0] + h[1] * h[1] + h[2] * h[2]);
        double xy = (h[3] * h[0] + h[4] * h[1] + h[5] * h[2]) / la;
        double bb = h[3] * h[3] + h[4] * h[4] + h[5] * h[5];
        double ly = Math.sqrt(bb - xy * xy);
        double xz = (h[6] * h[0] + h[7] * h[1] + h[8] * h[2]) / la;
        double bc = h[3] * h[6] + h[4] * h[7] + h[5] * h[8];
        double yz = (bc - xy * xz) / ly;
        double cc = h[6] * h[6] + h[7] * h[7] + h[8] * h[8];
        return new LammpsBox(la, ly, Math.sqrt(cc - xz * xz - yz * yz), xy, xz, yz);
    }

    /** Rows (lx,0,0), (xy,ly,0), (xz,yz,lz). */
    public double[] h() { return new double[] {lx, 0, 0, xy, ly, 0, xz, yz, lz}; }

    public boolean isOrthogonal() { return xy == 0 && xz == 0 && yz == 0; }

    /** A periodic Box with this cell. */
    public Box toBox() { return Box.periodic(h()); }

    /**
     * M = h⁻¹·h_L (row-major 3x3) taking positions and vectors of {@code box} into this frame,
     * r' = r·M; the identity when the box is already lower triangular.
     */
    public static double[] rotation(Box box) {
        double[] h = box.h();
        if (h[1] == 0 && h[2] == 0 && h[5] == 0) return new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
        return Box.matmul(Box.inverse(h), of(h).h());
    }

    /** Applies r' = r·M to a [3N] array (null stays null). */
    public static double[] apply(double[] m, double[] v) {
        if (v == null) return null;
        double[] out = new double[v.length];
        for (int a = 0; a < v.length; a += 3) {
            for (int j = 0; j < 3; j++) out[a + j] = v[a] * m[j] + v[a + 1] * m[3 + j] + v[a + 2] * m[6 + j];
        }
        return out;
    }
}
