package org.polymorph.materials.patchy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.GradCheck;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.internal.patchy.ToolboxDimer;

class EquilibriumYieldsTest {
    private final AD ad = new AutodiffEngines().create(new ReferenceTensorService());
    private final Ops o = ad.ops();

    /**
     * det H for the toolbox dimer by hand: three coincident patch pairs, each an isotropic spring k = 2a²D0 (Morse
     * curvature at r0), so H = k Σ_p Jpᵀ Jp with Jp = [I, −[p]×] the patch's displacement under body B's translation
     * and rotation about its centre (p from B's centre); the sphere contacts sit exactly at r_max, where the α = 2.5
     * repulsion has zero curvature.
     */
    private static double toolboxLogDet(double d0, double a) {
        double k = 2 * a * a * d0;
        double c = Math.cos(Math.PI / 6), s = Math.sin(Math.PI / 6);
        double[][] ps = {{-1, 0, 0.3}, {-1, 0.3 * c, -0.3 * s}, {-1, -0.3 * c, -0.3 * s}};
        double[][] h = new double[6][6];
        for (double[] p : ps) {
            double[][] j = new double[3][6];
            double[][] cross = {{0, -p[2], p[1]}, {p[2], 0, -p[0]}, {-p[1], p[0], 0}};
            for (int r = 0; r < 3; r++) {
                j[r][r] = 1;
                for (int q = 0; q < 3; q++) j[r][3 + q] = -cross[r][q];
            }
            for (int x = 0; x < 6; x++) for (int y = 0; y < 6; y++) for (int r = 0; r < 3; r++) h[x][y] += k * j[r][x] * j[r][y];
        }
        return Math.log(det(h));
    }

    private static double det(double[][] m) {
        int n = m.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) a[i] = m[i].clone();
        double d = 1;
        for (int p = 0; p < n; p++) {
            d *= a[p][p];
            for (int i = p + 1; i < n; i++) {
                double f = a[i][p] / a[p][p];
                for (int j = p; j < n; j++) a[i][j] -= f * a[p][j];
            }
        }
        return d;
    }

    @Test
    void toolboxDimerFreeEnergyMatchesClosedForm() {
        EquilibriumYields ey = new EquilibriumYields(ad, ToolboxDimer.model(5), 1.0);
        for (double d0 : new double[] {7, 8, 9}) {
            EquilibriumYields.FreeEnergy f = ey.freeEnergy(ToolboxDimer.dimer(), ToolboxDimer.params(o, d0, 5));
            assertEquals(-3 * d0, f.energy().item(), 1e-9);
            assertEquals(toolboxLogDet(d0, 5), f.logDetHessian().item(), 1e-7);
            double logQ = Math.log(8 * Math.PI * Math.PI) + 3 * d0 + 3 * Math.log(2 * Math.PI) - 0.5 * toolboxLogDet(d0, 5);
            assertEquals(logQ, f.logQ().item(), 1e-7);
        }
    }

    /** Heterodimer mass action against its closed form: K m² + m = c0, share of bodies in dimers = K m² / c0. */
    @Test
    void heterodimerYieldMatchesClosedForm() {
        EquilibriumYields ey = new EquilibriumYields(ad, ToolboxDimer.model(5), 1.0);
        double c0 = 0.0005;
        EquilibriumYields.Yields y = ey.yields(List.of(ToolboxDimer.dimer()), ToolboxDimer.params(o, 8, 5), new double[] {c0, c0});
        double k = Math.exp(y.clusters().get(0).logQ().item() - 2 * ey.logOrientationVolume());
        double m = (-1 + Math.sqrt(1 + 4 * k * c0)) / (2 * k);
        double[] f = o.tensors().toDoubleArray(y.fractions().value());
        assertEquals(k * m * m / c0, f[2], 1e-12);
        assertEquals(m / (2 * c0), f[0], 1e-12);
        assertEquals(1.0, f[0] + f[1] + f[2], 1e-12);
    }

    /**
     * The toolbox's published simulation yields (data/dimers.csv, c = 0.001, 9 + 9 bodies): 0.0803 ± 0.0175 at D0 = 7,
     * 0.406 ± 0.041 at D0 = 8, 0.797 ± 0.054 at D0 = 9, against our theory in the toolbox's canonical convention.
     */
    @Test
    void toolboxPublishedDimerYields() {
        EquilibriumYields ey = new EquilibriumYields(ad, ToolboxDimer.model(5), 1.0);
        double[] d0 = {7, 8, 9}, sim = {0.0803, 0.4062, 0.7973}, err = {0.0175, 0.0412, 0.0541};
        for (int i = 0; i < 3; i++) {
            EquilibriumYields.Yields y = ey.yields(List.of(ToolboxDimer.dimer()), ToolboxDimer.params(o, d0[i], 5), new double[] {0.0005, 0.0005});
            double logK = y.clusters().get(0).logQ().item() - 2 * ey.logOrientationVolume();
            double canonical = new CanonicalEnsemble(new double[][] {{1, 1}}, new int[] {9, 9}).shares(new double[] {logK}, 18 / 0.001).perStructure()[0];
            double massAction = o.tensors().toDoubleArray(y.fractions().value())[2];
            System.out.printf("toolbox dimer D0 = %.0f: canonical 9+9 %.4f, mass action (share of bodies) %.4f, simulation %.4f +- %.4f%n",
                    d0[i], canonical, massAction, sim[i], err[i]);
            assertEquals(sim[i], canonical, 3 * err[i]);
        }
    }

    /** 2D triangle: one type, patches at ±30° on radius 0.45 inside a core of diameter 1 (preloaded bonds). */
    private static PatchyModel triangleModel() {
        return new PatchyModel(2, List.of(new BodyType("A", new double[][] {{0, 0}}, new int[] {0, 0})), 1, Cutoff.jaxMd(1.0));
    }

    private PatchyParams triangleParams(double eps) {
        double t = Math.PI / 6, r = 0.45;
        return PatchyParams.of(o, 2, new double[][] {{r * Math.cos(t), r * Math.sin(t), r * Math.cos(t), -r * Math.sin(t)}},
                new double[][] {{eps}}, new double[][] {{5}}, 0, 100, 1, 2);
    }

    private static ClusterSpecies triangle() {
        double side = 0.9, radius = side / Math.sqrt(3);
        double[][] seed = new double[3][];
        for (int i = 0; i < 3; i++) {
            double phi = 2 * Math.PI * i / 3;
            seed[i] = new double[] {radius * Math.cos(phi), radius * Math.sin(phi), phi + Math.PI};
        }
        return new ClusterSpecies("triangle", new int[] {0, 0, 0}, seed, null, 3);
    }

    /** d(triangle share)/d(every parameter), forward and reverse, against central differences. */
    @Test
    void yieldGradientMatchesFiniteDifferences() {
        EquilibriumYields ey = new EquilibriumYields(ad, triangleModel(), 1.0);
        PatchyParams p0 = triangleParams(6);
        Var[] x = {p0.patches()[0], p0.morseEps(), p0.morseAlpha(), p0.morseR0(), p0.coreEps(), p0.coreSigma(), p0.coreAlpha()};
        EquilibriumYields.Yields y0 = ey.yields(List.of(triangle()), p0, new double[] {0.01});
        double share = o.tensors().toDoubleArray(y0.fractions().value())[1];
        System.out.printf("2D triangle: E0 %.6f, share %.6f, Hessian eigenvalues %s%n", y0.clusters().get(0).energy().item(), share,
                java.util.Arrays.toString(y0.clusters().get(0).hessianEigenvalues()));
        new GradCheck(ad, 1e-5, 1e-6, 1e-5, 3).check(v -> o.sliceAxis(ey.yields(List.of(triangle()),
                new PatchyParams(new Var[] {v[0]}, v[1], v[2], v[3], v[4], v[5], v[6]), new double[] {0.01}).fractions(), 0, 1, 2), x, 1);
    }

    /**
     * d(dimer share)/d(D0, a) of the toolbox heterodimer (all depths ∝ D0, all ranges = a; the cut-off radius stays at
     * 8/5), forward and reverse. Perturbing single matrix entries would move the minimum away from coincident patches,
     * where the r0 = 0 Morse has a |x|³ term: its Hessian has a kink there and the derivative is one-sided.
     */
    @Test
    void toolboxYieldGradientMatchesFiniteDifferences() {
        EquilibriumYields ey = new EquilibriumYields(ad, ToolboxDimer.model(5), 1.0);
        PatchyParams p0 = ToolboxDimer.params(o, 1, 5);
        Var pattern = p0.morseEps();
        Var ones = o.onesLike(p0.morseAlpha());
        new GradCheck(ad, 1e-5, 1e-6, 1e-5, 5).check(v -> o.sliceAxis(ey.yields(List.of(ToolboxDimer.dimer()),
                new PatchyParams(p0.patches(), o.mul(pattern, v[0]), o.mul(ones, v[1]), p0.morseR0(), p0.coreEps(), p0.coreSigma(),
                        p0.coreAlpha()), new double[] {0.0005, 0.0005}).fractions(), 0, 2, 3),
                new Var[] {o.constant(new double[] {8}), o.constant(new double[] {5})}, 1);
    }

    @Test
    void floppyClusterIsRefused() {
        // one patch each on the core surface: the bond is a pin joint, bending is held only by quartic core overlap
        PatchyModel m = new PatchyModel(2, List.of(new BodyType("A", new double[][] {{0, 0}}, new int[] {0})), 1, Cutoff.jaxMd(1.0));
        PatchyParams p = PatchyParams.of(o, 2, new double[][] {{0.5, 0}}, new double[][] {{6}}, new double[][] {{5}}, 0, 100, 1, 2);
        ClusterSpecies dimer = new ClusterSpecies("AA", new int[] {0, 0}, new double[][] {{0, 0, 0}, {1, 0, Math.PI}}, null, 2);
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> new EquilibriumYields(ad, m, 1.0).freeEnergy(dimer, p));
        assertEquals(true, e.getMessage().contains("no rigid minimum"), e.getMessage());
    }
}
