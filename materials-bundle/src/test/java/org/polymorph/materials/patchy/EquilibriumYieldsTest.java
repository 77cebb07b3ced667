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
            double canonical = EquilibriumYields.canonicalDimerYield(logK, 9, 9, 18 / 0.001);
            double massAction = o.tensors().toDoubleArray(y.fractions().value())[2];
            System.out.printf("toolbox dimer D0 = %.0f: canonical 9+9 %.4f, mass action (share of bodies) %.4f, simulation %.4f +- %.4f%n",
                    d0[i], canonical, massAction, sim[i], err[i]);
            assertEquals(sim[i], canonical, 3 * err[i]);
        }
    }
}
