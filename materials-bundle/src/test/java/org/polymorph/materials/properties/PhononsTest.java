package org.polymorph.materials.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.internal.potential.LjCut;
import org.polymorph.materials.internal.properties.BandPlot;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

class PhononsTest {
    private final ReferenceTensorService ts = new ReferenceTensorService();
    private final AD ad = new AutodiffEngines().create(ts);
    private final Ops o = ad.ops();

    // argon-like LJ (eV, Å, amu); cutoff below half the 3x3x3 supercell width
    private static final double EPS = 0.0104;
    private static final double SIG = 3.40;
    private static final double A = 5.26;
    private static final double RC = 7.0;
    private static final double MASS = 39.948;

    private static Atoms fccPrimitive(double a, double mass) {
        return Atoms.of(new double[] {0, 0, 0}, "Ar", mass, Box.periodic(new double[] {0, a / 2, a / 2, a / 2, 0, a / 2, a / 2, a / 2, 0}));
    }

    @Test
    void ljFccFrequenciesMatchFiniteDifferenceForceConstants(@TempDir Path dir) throws Exception {
        LjCut lj = new LjCut(EPS, SIG, RC, false);
        Atoms unit = fccPrimitive(A, MASS);
        Atoms sc = Lattices.build("fcc", A, new int[] {3, 3, 3}, "Ar", MASS);
        Phonons ph = Phonons.compute(ad, lj, unit, sc);
        // independent: Φ_0α,jβ = −∂F_jβ/∂u_0α by central differences of the fused kernel's forces
        int n = sc.size();
        double d = 1e-4;
        double[][] phi = new double[3][3 * n];
        NeighborListBuilder b = new NeighborListBuilder(RC, 0, true);
        for (int a = 0; a < 3; a++) {
            double[] rp = sc.positions();
            double[] rm = sc.positions();
            rp[a] += d;
            rm[a] -= d;
            double[] fp = lj.compute(sc.withPositions(rp), b.build(sc.withPositions(rp))).forces();
            double[] fm = lj.compute(sc.withPositions(rm), b.build(sc.withPositions(rm))).forces();
            for (int k = 0; k < 3 * n; k++) phi[a][k] = -(fp[k] - fm[k]) / (2 * d);
        }
        double[][] qs = {{0, 0, 0}, {0, 0.5, 0.5}, {0.5, 0.5, 0.5}, {0.25, 0.5, 0.75}, {0.1, 0.2, 0.05}};
        for (double[] qf : qs) {
            double[] q = Phonons.cartesian(qf, unit.box().h());
            double[] dm = new double[9];      // monatomic centrosymmetric lattice: D(q) real
            double[] r = sc.positions();
            for (int j = 0; j < n; j++) {
                double[] dv = {r[3 * j] - r[0], r[3 * j + 1] - r[1], r[3 * j + 2] - r[2]};
                for (int x = 0; x < 3; x++) dv[x] -= 3 * A * Math.rint(dv[x] / (3 * A));
                double c = Math.cos(q[0] * dv[0] + q[1] * dv[1] + q[2] * dv[2]);
                for (int a = 0; a < 3; a++) for (int bb = 0; bb < 3; bb++) dm[3 * a + bb] += phi[a][3 * j + bb] * c / MASS;
            }
            double[] want = jacobiEigenvalues(dm);
            double[] got = ph.frequencies(qf);
            for (int k = 0; k < 3; k++) {
                double nu = Math.signum(want[k]) * Math.sqrt(Math.abs(want[k])) * 15.633302300230191;
                assertEquals(nu, got[k], 1e-5 * Math.max(1, Math.abs(nu)), "q " + java.util.Arrays.toString(qf) + " band " + k);
            }
        }
        double[] gamma = ph.frequencies(new double[3]);
        for (double nu : gamma) assertEquals(0, nu, 1e-4, "acoustic modes vanish at Γ");
        double[] x = ph.frequencies(new double[] {0, 0.5, 0.5});
        assertTrue(x[0] > 0.5 && x[2] > x[0], "X-point frequencies " + java.util.Arrays.toString(x));

        BandPath path = new BandPath(List.of("Γ", "X", "W", "K", "Γ", "L"),
                List.of(new double[] {0, 0, 0}, new double[] {0, 0.5, 0.5}, new double[] {0.25, 0.5, 0.75},
                        new double[] {0.375, 0.375, 0.75}, new double[] {0, 0, 0}, new double[] {0.5, 0.5, 0.5}), 8);
        Dispersion disp = ph.dispersion(path, unit.box().h());
        assertEquals(5 * 8 + 1, disp.distance().length);
        assertEquals(0, disp.frequencies()[0][2], 1e-4);
        assertEquals(x[2], disp.frequencies()[8][2], 1e-9, "the path passes X after one segment");
        assertEquals(disp.distance()[8], disp.labelDistances()[1], 1e-12);
        Path png = dir.resolve("bands.png");
        BandPlot.write(png, "LJ fcc (argon-like)", disp);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(800, img.getWidth());
        int coloured = 0;
        for (int px = 0; px < img.getWidth(); px += 2) for (int py = 0; py < img.getHeight(); py += 2) if ((img.getRGB(px, py) & 0xff) > 150 && ((img.getRGB(px, py) >> 16) & 0xff) < 100) coloured++;
        assertTrue(coloured > 200, "bands drawn: " + coloured + " blue pixels");
    }

    @Test
    void eigenvaluesAreDifferentiableInTheLjParameters() {
        LjCut lj = new LjCut(EPS, SIG, 5.0, false);          // first shell only: fits half the 2x2x2 supercell
        Atoms unit = fccPrimitive(A, MASS);
        Atoms sc = Lattices.build("fcc", A, new int[] {2, 2, 2}, "Ar", MASS);
        double[] q = {0.1, 0.2, 0.05};
        new org.polymorph.autodiff.GradCheck(ad, 1e-7, 1e-9, 1e-5, 11).check(x -> Phonons.compute(ad, lj, new LjCut.Params(x[0], x[1]), unit, sc)
                .eigenvalues(q, unit.box().h()), new org.polymorph.autodiff.Var[] {o.constant(new double[] {EPS}, 1, 1), o.constant(new double[] {SIG}, 1, 1)}, 1);
    }

    @Test
    void aConventionalCellFoldsThePrimitiveBands() {
        // the 4-atom cubic cell's 12 bands at q are the primitive bands at q + G, G ∈ {0, x, y, z}·2π/a
        LjCut lj = new LjCut(EPS, SIG, 5.0, false);
        Atoms prim = fccPrimitive(A, MASS);
        Atoms conv = Lattices.build("fcc", A, new int[] {1, 1, 1}, "Ar", MASS);
        Atoms sc = Lattices.build("fcc", A, new int[] {2, 2, 2}, "Ar", MASS);
        double[] qConv = {0.1, 0.2, 0.05};
        double[] got = Phonons.compute(ad, lj, conv, sc).frequencies(qConv);
        Phonons p = Phonons.compute(ad, lj, prim, sc);
        double[] hp = prim.box().h();
        double[] want = new double[12];
        double[][] gs = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        for (int g = 0; g < 4; g++) {
            double[] qc = Phonons.cartesian(new double[] {qConv[0] + gs[g][0], qConv[1] + gs[g][1], qConv[2] + gs[g][2]}, conv.box().h());
            double[] qf = new double[3];
            for (int i = 0; i < 3; i++) for (int x = 0; x < 3; x++) qf[i] += hp[3 * i + x] * qc[x] / (2 * Math.PI);
            System.arraycopy(p.frequencies(qf), 0, want, 3 * g, 3);
        }
        java.util.Arrays.sort(want);
        for (int k = 0; k < 12; k++) assertEquals(want[k], got[k], 1e-7, "band " + k);
    }

    @Test
    void hessianIsSymmetricAndTranslationInvariant() {
        LjCut lj = new LjCut(EPS, SIG, RC, false);
        Atoms atoms = Lattices.build("fcc", A, new int[] {1, 1, 1}, "Ar", MASS);
        double[] r = atoms.positions();
        r[0] += 0.05;
        r[4] -= 0.03;
        atoms = atoms.withPositions(r);
        NeighborList nl = new NeighborListBuilder(RC, 0, true).build(atoms);
        double[] hh = ts.toDoubleArray(Phonons.hessian(ad, lj, lj.parameters(o), atoms, nl).value());
        int m = 3 * atoms.size();
        double scale = 0;
        for (double v : hh) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < m; i++) {
            double row = 0;
            for (int j = 0; j < m; j++) {
                row += hh[i * m + j];
                assertEquals(hh[i * m + j], hh[j * m + i], 1e-12 * scale);
            }
            assertEquals(0, row, 1e-11 * scale, "row " + i + " sums to zero");
        }
    }

    @Test
    void swSiliconMatchesPhonopy() {
        checkSwPhonons(SwLoader.siSw());
    }

    @Test
    void testSideStillingerWeberMatchesPhonopy() {
        checkSwPhonons(new ReferenceSw());
    }

    private void checkSwPhonons(Potential sw) {
        Map<String, Object> ph = Oracles.parse("oracles/phonons.json");
        @SuppressWarnings("unchecked")
        Map<String, Object> meta = (Map<String, Object>) ph.get("_meta");
        double a = ((Number) meta.get("lattice_constant_A")).doubleValue();
        double m = ((Number) meta.get("mass_amu")).doubleValue();
        Atoms unit = new Atoms(new double[] {0, 0, 0, a / 4, a / 4, a / 4}, new int[2], List.of("Si"), new double[] {m},
                Box.periodic(new double[] {0, a / 2, a / 2, a / 2, 0, a / 2, a / 2, a / 2, 0}));
        Phonons phon = Phonons.compute(ad, sw, unit, Lattices.build("diamond", a, new int[] {3, 3, 3}, "Si", m));
        @SuppressWarnings("unchecked")
        Map<String, Object> raw = (Map<String, Object>) ((Map<String, Object>) ((List<Object>) ph.get("calculations")).get(2)).get("fc_raw");
        @SuppressWarnings("unchecked")
        Map<String, List<Number>> special = (Map<String, List<Number>>) raw.get("special_points_THz");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, List<Number>>> points = (Map<String, Map<String, List<Number>>>) meta.get("special_points");
        for (String label : special.keySet()) {
            List<Number> qf = points.get(label).get("q_reduced_primitive");
            double[] got = phon.frequencies(new double[] {qf.get(0).doubleValue(), qf.get(1).doubleValue(), qf.get(2).doubleValue()});
            List<Number> want = special.get(label);
            for (int k = 0; k < 6; k++) assertEquals(want.get(k).doubleValue(), got[k], 1e-4, label + " band " + k);
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> gx = (List<Map<String, Object>>) raw.get("Gamma_X_path");
        for (Map<String, Object> pt : gx) {
            @SuppressWarnings("unchecked")
            List<Number> qf = (List<Number>) pt.get("q_reduced_primitive");
            @SuppressWarnings("unchecked")
            List<Number> want = (List<Number>) pt.get("frequencies_THz");
            double[] got = phon.frequencies(new double[] {qf.get(0).doubleValue(), qf.get(1).doubleValue(), qf.get(2).doubleValue()});
            for (int k = 0; k < 6; k++) assertEquals(want.get(k).doubleValue(), got[k], 1e-4, "Γ–X t=" + pt.get("t") + " band " + k);
        }
    }

    /** Eigenvalues of a symmetric 3x3 by cyclic Jacobi rotations, ascending. */
    static double[] jacobiEigenvalues(double[] m) {
        double[] a = m.clone();
        for (int sweep = 0; sweep < 50; sweep++) {
            for (int p = 0; p < 2; p++) {
                for (int q = p + 1; q < 3; q++) {
                    if (Math.abs(a[3 * p + q]) < 1e-300) continue;
                    double theta = (a[3 * q + q] - a[3 * p + p]) / (2 * a[3 * p + q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < 3; k++) {
                        double akp = a[3 * k + p];
                        double akq = a[3 * k + q];
                        a[3 * k + p] = c * akp - s * akq;
                        a[3 * k + q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < 3; k++) {
                        double apk = a[3 * p + k];
                        double aqk = a[3 * q + k];
                        a[3 * p + k] = c * apk - s * aqk;
                        a[3 * q + k] = s * apk + c * aqk;
                    }
                }
            }
        }
        double[] ev = {a[0], a[4], a[8]};
        java.util.Arrays.sort(ev);
        return ev;
    }
}
