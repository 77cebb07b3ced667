package org.polymorph.materials.io;

import org.polymorph.materials.space.Box;

/**
 * LAMMPS's restricted triclinic cell: a = (lx, 0, 0), b = (xy, ly, 0), c = (xz, yz, lz) with
 * lx, ly, lz > 0 (Å). Any right-handed cell (rows a, b, c) has such a form, reached by the rotation
 * that puts a along x and b in the xy plane: lx = |a|, xy = b·â, ly = √(|b|² − xy²), xz = c·â,
 * yz = (b·c − xy·xz)/ly, lz = √(|c|² − xz² − yz²) (LAMMPS manual, Howto triclinic). Positions and
 * vectors map with r' = r·M, M = h⁻¹·h_L (a rotation), which keeps fractional coordinates. LAMMPS
 * before 2023 stops with "Triclinic box skew is too large" unless |xy|, |xz| ≤ lx/2 and |yz| ≤ ly/2
 * (or {@code box tilt large}); {@link #reduced} brings a cell into that range without changing its lattice.
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

    /**
     * The same lattice with its tilts in LAMMPS's range, by the lattice-vector additions of LAMMPS's
     * {@code change_box} and ASE's {@code Prism}: c' = c − k·b (yz, and xz by k·xy), then c' − m·a (xz)
     * and b' = b − n·a (xy). The integers are chosen on the doubles themselves, with LAMMPS's own test
     * (domain.cpp, set_initial_box: |xy/lx| > 0.5 etc., computed in double), so that a tilt a rounding
     * step above half the box is reduced and one exactly at half stays: written with a shortest
     * round-trip decimal ({@code Double.toString}), what LAMMPS reads passes. Only along periodic axes:
     * xy and xz when a is periodic ({@code periodic[0]}), yz when b is ({@code periodic[1]}).
     *
     * @throws IllegalArgumentException for a tilt too many box lengths long to reduce in double (over ~1e15)
     */
    public LammpsBox reduced(boolean[] periodic) {
        double ryz = yz, rxz = xz, rxy = xy;
        if (periodic[1]) {
            long k = turns(yz, ly, "yz", "ly");
            ryz = yz - k * ly;
            rxz = xz - k * xy;
        }
        if (periodic[0]) {
            rxz -= turns(rxz, lx, "xz", "lx") * lx;
            rxy -= turns(xy, lx, "xy", "lx") * lx;
        }
        return new LammpsBox(lx, ly, lz, rxy, rxz, ryz);
    }

    /** The integer k with |fl(t − k·l) / l| ≤ 0.5 in double, as LAMMPS tests it. */
    private static long turns(double t, double l, String tilt, String length) {
        double q = t / l;
        if (Math.abs(q) < 1e15) {
            long k = (long) Math.rint(q);   // rint(±0.5) = 0: a tilt of exactly half the box stays
            for (int i = 0; i < 4; i++) {
                double r = (t - k * l) / l;
                if (r > 0.5) k++;
                else if (r < -0.5) k--;
                else return k;
            }
        }
        throw new IllegalArgumentException("LAMMPS cell: tilt " + tilt + " = " + t + " is " + q + " times " + length + " = " + l
                + "; cannot reduce it into LAMMPS's range; give a less skewed cell");
    }

    /**
     * Positions [3N] (Å, this frame) moved by whole cell vectors into this cell (fractional coordinates
     * in [0, 1)) along the periodic axes; atoms already inside keep their coordinates bit for bit.
     */
    public double[] wrap(double[] r, boolean[] periodic) {
        double[] h = h(), inv = Box.inverse(h), out = r.clone();
        for (int a = 0; a < r.length; a += 3) {
            for (int i = 0; i < 3; i++) {
                if (!periodic[i]) continue;
                double s = r[a] * inv[i] + r[a + 1] * inv[3 + i] + r[a + 2] * inv[6 + i];
                double n = Math.floor(s);
                if (n != 0) for (int k = 0; k < 3; k++) out[a + k] -= n * h[3 * i + k];
            }
        }
        return out;
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
