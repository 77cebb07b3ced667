package org.polymorph.materials.properties;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * The bookkeeping of a supercell phonon calculation (as phonopy's): which unit-cell atom κ each
 * supercell atom is an image of, one home atom per κ, and for every (κ, j) the shortest vectors
 * r_j + S·h − r_home(κ) over the supercell images S (ties kept, for phonopy's multiplicity average).
 * Correct when the force constants vanish beyond half the supercell width.
 */
final class PhononLattice {
    private static final double TOL = 1e-5;    // Å / fractional

    public final int basis;          // nb
    public final int atoms;          // N
    public final int[] home;         // [nb] supercell index of each unit-cell atom
    public final int[] kind;         // [N] unit-cell atom of each supercell atom
    public final double[] mass;      // [nb] amu
    private final double[][][] images;   // [nb][N][3·multiplicity]

    public PhononLattice(Atoms unitCell, Atoms supercell) {
        basis = unitCell.size();
        atoms = supercell.size();
        Box bu = unitCell.box();
        Box bs = supercell.box();
        if (!bs.allPeriodic()) {
            throw new IllegalArgumentException("phonons: the supercell must be periodic along x, y and z");
        }
        double[] invU = bu.inverse();
        double[] m = Box.matmul(bs.h(), invU);
        for (double x : m) {
            if (Math.abs(x - Math.rint(x)) > TOL) {
                throw new IllegalArgumentException("phonons: supercell cell " + java.util.Arrays.toString(bs.h())
                        + " is not an integer multiple of the unit cell " + java.util.Arrays.toString(bu.h()) + "; give a commensurate supercell");
            }
        }
        double[] ru = unitCell.positions();
        double[] rs = supercell.positions();
        kind = new int[atoms];
        home = new int[basis];
        java.util.Arrays.fill(home, -1);
        for (int j = 0; j < atoms; j++) {
            kind[j] = -1;
            for (int k = 0; k < basis && kind[j] < 0; k++) {
                double[] f = frac(rs, j, ru, k, invU);
                if (near(f[0]) && near(f[1]) && near(f[2]) && unitCell.type(k) == supercell.type(j)) kind[j] = k;
            }
            if (kind[j] < 0) throw new IllegalArgumentException("phonons: supercell atom " + j + " is not an image of any unit-cell atom");
            if (home[kind[j]] < 0) home[kind[j]] = j;
        }
        for (int k = 0; k < basis; k++) {
            if (home[k] < 0) throw new IllegalArgumentException("phonons: unit-cell atom " + k + " has no image in the supercell");
        }
        mass = new double[basis];
        for (int k = 0; k < basis; k++) mass[k] = unitCell.masses()[unitCell.type(k)];
        double[] hs = bs.h();
        double[] invS = bs.inverse();
        images = new double[basis][atoms][];
        for (int k = 0; k < basis; k++) {
            for (int j = 0; j < atoms; j++) images[k][j] = shortest(rs, home[k], j, hs, invS);
        }
    }

    private static boolean near(double x) { return Math.abs(x - Math.rint(x)) < TOL; }

    private static double[] frac(double[] a, int i, double[] b, int k, double[] inv) {
        double[] d = {a[3 * i] - b[3 * k], a[3 * i + 1] - b[3 * k + 1], a[3 * i + 2] - b[3 * k + 2]};
        double[] f = new double[3];
        for (int c = 0; c < 3; c++) for (int a2 = 0; a2 < 3; a2++) f[c] += d[a2] * inv[3 * a2 + c];
        return f;
    }

    private static double[] shortest(double[] r, int i, int j, double[] h, double[] inv) {
        double[] s = frac(r, j, r, i, inv);
        for (int c = 0; c < 3; c++) s[c] -= Math.rint(s[c]);
        List<double[]> best = new ArrayList<>();
        double bestLen = Double.POSITIVE_INFINITY;
        for (int a = -2; a <= 2; a++) {
            for (int b = -2; b <= 2; b++) {
                for (int c = -2; c <= 2; c++) {
                    double[] f = {s[0] + a, s[1] + b, s[2] + c};
                    double[] d = new double[3];
                    for (int x = 0; x < 3; x++) d[x] = f[0] * h[x] + f[1] * h[3 + x] + f[2] * h[6 + x];
                    double len = Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
                    if (len < bestLen - TOL) {
                        best.clear();
                        bestLen = len;
                    }
                    if (Math.abs(len - bestLen) <= TOL) best.add(d);
                }
            }
        }
        double[] out = new double[3 * best.size()];
        for (int m = 0; m < best.size(); m++) System.arraycopy(best.get(m), 0, out, 3 * m, 3);
        return out;
    }

    /**
     * The mass-weighted phase matrix of home atom κ at wavevector q (Cartesian, 1/Å): [3N, 3nb]
     * with entry ((j, β), (kind(j), β)) = ⟨cos or sin(q·d)⟩_images / √(m_κ m_kind(j)).
     */
    public double[] phases(int k, double[] q, boolean sine) {
        int nb3 = 3 * basis;
        double[] p = new double[3 * atoms * nb3];
        for (int j = 0; j < atoms; j++) {
            double[] d = images[k][j];
            int mult = d.length / 3;
            double acc = 0;
            for (int m = 0; m < mult; m++) {
                double ph = q[0] * d[3 * m] + q[1] * d[3 * m + 1] + q[2] * d[3 * m + 2];
                acc += sine ? Math.sin(ph) : Math.cos(ph);
            }
            double w = acc / mult / Math.sqrt(mass[k] * mass[kind[j]]);
            for (int b = 0; b < 3; b++) p[(3 * j + b) * nb3 + 3 * kind[j] + b] = w;
        }
        return p;
    }
}
