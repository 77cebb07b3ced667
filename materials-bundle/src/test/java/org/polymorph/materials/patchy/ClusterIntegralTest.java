package org.polymorph.materials.patchy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Monte Carlo cluster integral against cases known by quadrature. */
class ClusterIntegralTest {
    private static final double EPS = 5, ALPHA = 3, THRESHOLD = -1;

    /** Morse ε[(1 − e^{−αr})² − 1] between point patches (r0 = 0, untruncated to r = 2 as jax-md's cut-off quirk). */
    private static double morse(double r) {
        double m = -Math.expm1(-ALPHA * r);
        return r < 2 ? EPS * (m * m - 1) : 0;
    }

    /** Bodies whose single patch sits on the centre and whose cores do not interact: βU = the patch pair energies. */
    private static ClusterIntegral pointPatches(int d) {
        PatchyModel m = new PatchyModel(d, List.of(new BodyType("P", new double[][] {new double[d]}, new int[] {0})), 1, Cutoff.jaxMd(1.0));
        BondRule rule = BondRule.energy(THRESHOLD, new double[][] {{EPS}}, new double[][] {{ALPHA}}, 0, m.cutoff());
        return new ClusterIntegral(m, new double[][][] {{new double[d]}}, c -> {
            double u = 0;
            for (int i = 0; i < c.size(); i++) for (int j = i + 1; j < c.size(); j++) u += morse(c.distance(c.centres()[i], c.centres()[j]));
            return u;
        }, rule, m.cutoff().range());
    }

    /** K = (1/2!) ∫ S_d(r) e^{−βU(r)} 1(U(r) < threshold) dr by Simpson's rule, S_d the sphere's surface (2πr, 4πr²). */
    private static double quadrature(int d) {
        int n = 200000;
        double top = 2, h = top / n, s = 0;
        for (int k = 0; k <= n; k++) {
            double r = k * h, u = morse(r);
            double f = u < THRESHOLD ? (d == 2 ? 2 * Math.PI * r : 4 * Math.PI * r * r) * Math.exp(-u) : 0;
            s += f * (k == 0 || k == n ? 1 : k % 2 == 1 ? 4 : 2);
        }
        return s * h / 3 / 2;
    }

    @Test
    void pointPatchDimerEqualsQuadratureToItsError() {
        for (int d = 2; d <= 3; d++) {
            ClusterIntegral.Estimate e = pointPatches(d).estimate(new int[2], null, 200000, 3);
            double exact = Math.log(quadrature(d));
            assertTrue(e.error() > 0 && e.error() < 0.01, "resolved: " + e);
            assertEquals(exact, e.logK(), 4 * e.error(), d + "D: " + e + " against quadrature " + exact);
        }
    }

    @Test
    void bondDistanceIsWhereTheRuleStops() {
        // ε[(1 − e^{−αr})² − 1] = −1 at r* = −ln(1 − √(1 − 1/ε))/α
        double expected = -Math.log(1 - Math.sqrt(1 - 1 / EPS)) / ALPHA;
        assertEquals(expected, pointPatches(3).bondDistance(0, 0), 2.0 / 20000 + 1e-12);
    }

    @Test
    void deterministicFromTheSeed() {
        ClusterIntegral c = pointPatches(2);
        assertEquals(c.estimate(new int[2], null, 10000, 5), c.estimate(new int[2], null, 10000, 5));
        assertTrue(c.estimate(new int[2], null, 10000, 5).logK() != c.estimate(new int[2], null, 10000, 6).logK());
    }

    /**
     * Three point patches: the bonded trimer (connected by the bond rule) integral equals the quadrature over the two
     * positions, checked against a plain Monte Carlo over a uniform box (a different estimator of the same integral).
     */
    @Test
    void pointPatchTrimerAgreesWithUniformSampling() {
        ClusterIntegral c = pointPatches(2);
        ClusterIntegral.Estimate e = c.estimate(new int[3], null, 400000, 11);
        double rStar = c.bondDistance(0, 0), box = 2 * 2 * rStar;
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
        int n = 2000000;
        double sum = 0, sq = 0;
        for (int k = 0; k < n; k++) {
            double[] b = {box * (rng.nextDouble() - 0.5), box * (rng.nextDouble() - 0.5)};
            double[] cc = {box * (rng.nextDouble() - 0.5), box * (rng.nextDouble() - 0.5)};
            double rab = Math.hypot(b[0], b[1]), rac = Math.hypot(cc[0], cc[1]), rbc = Math.hypot(b[0] - cc[0], b[1] - cc[1]);
            int bonds = (morse(rab) < THRESHOLD ? 1 : 0) + (morse(rac) < THRESHOLD ? 1 : 0) + (morse(rbc) < THRESHOLD ? 1 : 0);
            if (bonds < 2) continue;
            double w = Math.exp(-morse(rab) - morse(rac) - morse(rbc)) * Math.pow(box, 4);
            sum += w;
            sq += w * w;
        }
        double mean = sum / n, err = Math.sqrt((sq / n - mean * mean) / n) / mean;
        assertEquals(Math.log(mean / 6), e.logK(), 4 * Math.hypot(err, e.error()), "importance " + e + " against uniform " + Math.log(mean / 6) + " ± " + err);
    }
}
