package org.polymorph.materials.patchy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.tensor.testing.ReferenceTensorService;

class CanonicalEnsembleTest {
    private final AD ad = new AutodiffEngines().create(new ReferenceTensorService());

    private static double logFactorial(int n) {
        double s = 0;
        for (int k = 2; k <= n; k++) s += Math.log(k);
        return s;
    }

    /** Homodimer, n bodies: Z(N) ∝ (K/V)^N / ((n − 2N)! N!), share ⟨2N⟩/n. */
    private static double homodimer(double logK, int n, double v) {
        double z = 0, m = 0;
        for (int k = 0; k <= n / 2; k++) {
            double w = Math.exp(k * (logK - Math.log(v)) - logFactorial(n - 2 * k) - logFactorial(k));
            z += w;
            m += 2.0 * k * w;
        }
        return m / z / n;
    }

    /** Heterodimer, the toolbox's convention: P(N) ∝ C(n_A, N) C(n_B, N) N! (K/V)^N, yield ⟨N/(n_A + n_B − N)⟩. */
    private static double heterodimer(double logK, int a, int b, double v) {
        double z = 0, y = 0;
        for (int d = 0; d <= Math.min(a, b); d++) {
            double w = Math.exp(logFactorial(a) - logFactorial(d) - logFactorial(a - d) + logFactorial(b) - logFactorial(d) - logFactorial(b - d)
                    + logFactorial(d) + d * (logK - Math.log(v)));
            z += w;
            y += w * d / (a + b - d);
        }
        return y / z;
    }

    @Test
    void dimersEqualTheirClosedForms() {
        for (double logK : new double[] {-1, 2, 5, 9}) {
            assertEquals(homodimer(logK, 16, 320), new CanonicalEnsemble(new double[][] {{2}}, new int[] {16}).shares(new double[] {logK}, 320).clusters()[0], 1e-12);
            CanonicalEnsemble.Shares s = new CanonicalEnsemble(new double[][] {{1, 1}}, new int[] {9, 7}).shares(new double[] {logK}, 1e4);
            assertEquals(heterodimer(logK, 9, 7, 1e4), s.perStructure()[0], 1e-12);
            assertEquals(1, s.monomers()[0] + s.monomers()[1] + s.clusters()[0], 1e-12, "every body is somewhere");
        }
    }

    /** At fixed density the shares of a growing box tend to mass action (here a heterotrimer's six species). */
    @Test
    void largeBoxTendsToMassAction() {
        double[][] counts = {{1, 1, 0}, {0, 1, 1}, {1, 1, 1}};
        double[] logK = {2.0, 1.5, 4.0};
        double c = 0.02;
        double[] limit = new MassAction(ad, counts, new double[] {c, c, c}).shares(logK);
        double previous = Double.POSITIVE_INFINITY;
        for (int n : new int[] {10, 40, 160}) {
            double[] s = new CanonicalEnsemble(counts, new int[] {n, n, n}).shares(logK, n / c).clusters();
            double gap = 0;
            for (int k = 0; k < 3; k++) gap = Math.max(gap, Math.abs(s[k] - limit[3 + k]));
            assertEquals(true, gap < previous, "n = " + n + ": gap " + gap + " shrinks");
            previous = gap;
        }
        assertEquals(0, previous, 5e-3, "160 bodies of each type are near the mass-action limit");
    }
}
