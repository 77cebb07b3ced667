package org.polymorph.materials.internal.properties;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * The rotations of a periodic crystal and its Laue class, found as spglib does (Togo and Tanaka,
 * arXiv:1808.01590, sections 3.1–3.2): the lattice's point group from integer matrices W that keep
 * the metric G = B Bᵀ of a reduced basis B (rows = lattice vectors, Å), then the W under which the
 * atoms, with some translation, land on atoms of the same species within {@code symprec} (Å).
 *
 * <p>Only the proper parts det(R)·R of the rotations are kept: a fourth-rank tensor such as the
 * elastic tensor is the same under R and −R, so the Laue class (the point group with the inversion
 * added) is what decides its independent constants (Nye, Physical Properties of Crystals, 1957, ch. VIII).
 */
public final class CrystalSymmetry {
    /** A Laue class with its crystal system; {@code high} tells 4/mmm from 4/m, −3m from −3, and so on. */
    public enum LaueClass {
        TRICLINIC("triclinic", "-1"), MONOCLINIC("monoclinic", "2/m"), ORTHORHOMBIC("orthorhombic", "mmm"),
        TETRAGONAL_LOW("tetragonal", "4/m"), TETRAGONAL_HIGH("tetragonal", "4/mmm"),
        TRIGONAL_LOW("trigonal", "-3"), TRIGONAL_HIGH("trigonal", "-3m"),
        HEXAGONAL_LOW("hexagonal", "6/m"), HEXAGONAL_HIGH("hexagonal", "6/mmm"),
        CUBIC_LOW("cubic", "m-3"), CUBIC_HIGH("cubic", "m-3m");

        private final String system;
        private final String symbol;

        LaueClass(String system, String symbol) {
            this.system = system;
            this.symbol = symbol;
        }

        /** The crystal system: triclinic, monoclinic, orthorhombic, tetragonal, trigonal, hexagonal or cubic. */
        public String system() { return system; }

        /** The Hermann–Mauguin symbol of the Laue class, e.g. 6/mmm. */
        public String symbol() { return symbol; }
    }

    /** Default position tolerance (Å), as pymatgen's SpacegroupAnalyzer. */
    public static final double SYMPREC = 0.01;

    private final List<double[]> rotations;
    private final LaueClass laue;

    private CrystalSymmetry(List<double[]> rotations) {
        this.rotations = List.copyOf(rotations);
        this.laue = classify(rotations);
    }

    /** The symmetry of {@code atoms} (periodic on all axes) with position tolerance {@code symprec} (Å). */
    public static CrystalSymmetry of(Atoms atoms, double symprec) {
        double[] r = atoms.positions();
        int[] t = atoms.types();
        PositionIndex index = new PositionIndex(r, t, atoms.box().h(), symprec);
        double[] b = reduce(primitive(atoms, index));
        double[] bInv = Box.inverse(b);
        List<double[]> found = new ArrayList<>();
        for (int[] w : latticeRotations(b, symprec)) {
            double[] rot = Rotations.orthonormal(cartesian(w, b, bInv));
            double[] proper = Rotations.det(rot) < 0 ? Rotations.scale(rot, -1) : rot;
            if (contains(found, proper)) continue;
            if (mapsAtoms(rot, r, t, index)) found.add(proper);
        }
        return new CrystalSymmetry(found);
    }

    /** The distinct proper rotations of the Laue group (Cartesian 3×3, row-major; identity included). */
    public List<double[]> rotations() { return rotations; }

    public LaueClass laueClass() { return laue; }

    /** Rotation angle class of R from its trace 1 + 2cos θ: 1 (identity), 2, 3, 4 or 6. */
    static int order(double[] rot) {
        double tr = rot[0] + rot[4] + rot[8];
        if (tr > 2.5) return 1;
        if (tr > 1.5) return 6;
        if (tr > 0.5) return 4;
        if (tr > -0.5) return 3;
        return 2;
    }

    private static LaueClass classify(List<double[]> rots) {
        int[] count = new int[7];
        for (double[] rot : rots) count[order(rot)]++;
        int n = rots.size();
        if (count[3] == 8) return n == 24 ? LaueClass.CUBIC_HIGH : LaueClass.CUBIC_LOW;
        if (count[6] > 0) return n == 12 ? LaueClass.HEXAGONAL_HIGH : LaueClass.HEXAGONAL_LOW;
        if (count[3] > 0) return n == 6 ? LaueClass.TRIGONAL_HIGH : LaueClass.TRIGONAL_LOW;
        if (count[4] > 0) return n == 8 ? LaueClass.TETRAGONAL_HIGH : LaueClass.TETRAGONAL_LOW;
        if (n == 4) return LaueClass.ORTHORHOMBIC;
        return n == 2 ? LaueClass.MONOCLINIC : LaueClass.TRICLINIC;
    }

    /** Lattice vectors (rows) shortened by pairwise Gauss steps until none gets shorter: a nearly Minkowski-reduced basis. */
    static double[] reduce(double[] h) {
        double[] b = h.clone();
        for (boolean changed = true; changed; ) {
            changed = false;
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    if (i == j) continue;
                    double m = Math.rint(dot(b, i, b, j) / dot(b, j, b, j));
                    if (m == 0) continue;
                    double before = dot(b, i, b, i);
                    double[] trial = b.clone();
                    for (int k = 0; k < 3; k++) trial[3 * i + k] -= m * b[3 * j + k];
                    if (dot(trial, i, trial, i) < before * (1 - 1e-12)) {
                        b = trial;
                        changed = true;
                    }
                }
            }
        }
        return b;
    }

    /** Integer matrices W (entries −1, 0, 1, det ±1) with (W B)(W B)ᵀ = B Bᵀ within the tolerance. */
    private static List<int[]> latticeRotations(double[] b, double symprec) {
        double[] g = new double[9];
        double lmax = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) g[3 * i + j] = dot(b, i, b, j);
            lmax = Math.max(lmax, Math.sqrt(g[4 * i]));
        }
        double tol = 2 * symprec * lmax + symprec * symprec;
        List<int[]> rows = new ArrayList<>();
        for (int c = 0; c < 27; c++) rows.add(new int[] {c % 3 - 1, c / 3 % 3 - 1, c / 9 - 1});
        List<int[]> out = new ArrayList<>();
        int[] w = new int[9];
        for (int[] r0 : rows) {
            if (Math.abs(quad(g, r0, r0) - g[0]) > tol) continue;
            for (int[] r1 : rows) {
                if (Math.abs(quad(g, r1, r1) - g[4]) > tol || Math.abs(quad(g, r0, r1) - g[1]) > tol) continue;
                for (int[] r2 : rows) {
                    if (Math.abs(quad(g, r2, r2) - g[8]) > tol || Math.abs(quad(g, r0, r2) - g[2]) > tol
                            || Math.abs(quad(g, r1, r2) - g[5]) > tol) continue;
                    for (int k = 0; k < 3; k++) { w[k] = r0[k]; w[3 + k] = r1[k]; w[6 + k] = r2[k]; }
                    double det = Box.det(toDouble(w));
                    if (Math.abs(Math.abs(det) - 1) < 1e-9) out.add(w.clone());
                }
            }
        }
        return out;
    }

    /** R with R bᵢ = (W B)ᵢ for each lattice vector bᵢ: R = Bᵀ Wᵀ B⁻ᵀ, row-major. */
    private static double[] cartesian(int[] w, double[] b, double[] bInv) {
        double[] wb = Box.matmul(toDouble(w), b);                         // rows: images of the lattice vectors
        return Rotations.transpose(Box.matmul(bInv, wb));                  // (B⁻¹ W B)ᵀ
    }

    /** Whether some translation takes R·rₖ onto an atom of the same type for every k (within the index's tolerance). */
    private static boolean mapsAtoms(double[] rot, double[] r, int[] type, PositionIndex index) {
        int n = type.length;
        double[] rr = new double[3 * n];
        for (int k = 0; k < n; k++) {
            for (int a = 0; a < 3; a++) rr[3 * k + a] = rot[3 * a] * r[3 * k] + rot[3 * a + 1] * r[3 * k + 1] + rot[3 * a + 2] * r[3 * k + 2];
        }
        for (int j = 0; j < n; j++) {
            if (type[j] == type[0] && translates(rr, r[3 * j] - rr[0], r[3 * j + 1] - rr[1], r[3 * j + 2] - rr[2], type, index)) return true;
        }
        return false;
    }

    /** Whether every point of {@code rr} [3N] moved by (x, y, z) lands on an atom of its type. */
    private static boolean translates(double[] rr, double x, double y, double z, int[] type, PositionIndex index) {
        for (int k = 0; k < type.length; k++) {
            if (index.find(rr[3 * k] + x, rr[3 * k + 1] + y, rr[3 * k + 2] + z, type[k]) < 0) return false;
        }
        return true;
    }

    /**
     * A primitive basis (rows, Å): the cell's lattice with the pure translations of the crystal added
     * (a conventional fcc cell has 4, an orthohexagonal hcp cell 2, a 2×2×2 supercell 8 times as many),
     * as its three successive minima, which in three dimensions form a basis. The cell itself when the
     * minima do not give the expected volume V/(number of translations).
     */
    private static double[] primitive(Atoms atoms, PositionIndex index) {
        double[] h = atoms.box().h();
        double[] r = atoms.positions();
        int[] type = atoms.types();
        List<double[]> shifts = new ArrayList<>();
        for (int j = 0; j < type.length; j++) {
            double x = r[3 * j] - r[0], y = r[3 * j + 1] - r[1], z = r[3 * j + 2] - r[2];
            if (type[j] == type[0] && translates(r, x, y, z, type, index)) shifts.add(new double[] {x, y, z});
        }
        if (shifts.size() == 1) return h;
        List<double[]> candidates = new ArrayList<>();
        for (double[] s : shifts) {
            for (int c = 0; c < 27; c++) {
                double[] v = s.clone();
                int[] n = {c % 3 - 1, c / 3 % 3 - 1, c / 9 - 1};
                for (int i = 0; i < 3; i++) for (int a = 0; a < 3; a++) v[a] += n[i] * h[3 * i + a];
                if (Rotations.norm(v) > 1e-6) candidates.add(v);
            }
        }
        candidates.sort((u, v) -> Double.compare(Rotations.norm(u), Rotations.norm(v)));
        double[] p = new double[9];
        int found = 0;
        double volume = Math.abs(Box.det(h)) / shifts.size();
        for (double[] v : candidates) {
            System.arraycopy(v, 0, p, 3 * found, 3);
            double[] test = p.clone();
            boolean independent = found == 0 ? true
                    : found == 1 ? Rotations.norm(Rotations.cross(test, 0, test, 1)) > 1e-3 * Rotations.norm(v) * Rotations.norm(new double[] {p[0], p[1], p[2]})
                    : Math.abs(Box.det(test)) > 1e-3 * volume;
            if (independent && ++found == 3) break;
        }
        return found == 3 && Math.abs(Math.abs(Box.det(p)) - volume) < 1e-6 * volume ? p : h;
    }

    private static boolean contains(List<double[]> rots, double[] rot) {
        for (double[] q : rots) {
            double d = 0;
            for (int i = 0; i < 9; i++) d = Math.max(d, Math.abs(q[i] - rot[i]));
            if (d < 1e-3) return true;
        }
        return false;
    }

    private static double quad(double[] g, int[] u, int[] v) {
        double s = 0;
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) s += u[i] * g[3 * i + j] * v[j];
        return s;
    }

    private static double dot(double[] a, int i, double[] b, int j) {
        return a[3 * i] * b[3 * j] + a[3 * i + 1] * b[3 * j + 1] + a[3 * i + 2] * b[3 * j + 2];
    }

    private static double[] toDouble(int[] w) {
        double[] d = new double[w.length];
        for (int i = 0; i < w.length; i++) d[i] = w[i];
        return d;
    }
}
