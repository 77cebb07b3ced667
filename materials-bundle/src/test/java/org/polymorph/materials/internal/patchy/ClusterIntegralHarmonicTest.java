package org.polymorph.materials.internal.patchy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.patchy.BodyType;
import org.polymorph.materials.patchy.BondRule;
import org.polymorph.materials.patchy.ClusterSpecies;
import org.polymorph.materials.patchy.Cutoff;
import org.polymorph.materials.patchy.PatchyModel;
import org.polymorph.materials.patchy.PatchyParams;
import org.polymorph.materials.patchy.TargetStructure;

/** The exact cluster integral against the harmonic free energy of a rigid bond (the hinged cases are in SimulateMethodTest, against MD). */
class ClusterIntegralHarmonicTest {
    private final AD ad = new AutodiffEngines().create(new ReferenceTensorService());

    /**
     * A 2D homodimer bonded face to face by two patch pairs (patches at ±30° on a circle of radius 0.5, cores of
     * diameter 0.8 that do not touch at the minimum): a rigid bond, whose exact K tends to the harmonic one as the well
     * deepens and stiffens.
     */
    record TwoPatchFace(double eps, double alpha) implements ClusterCase {
        private static final double R = 0.5, HALF = Math.toRadians(30);

        public PatchyModel model() {
            return new PatchyModel(2, List.of(new BodyType("P", new double[][] {{0, 0}}, new int[] {0, 1})), 2, Cutoff.jaxMd(1.0));
        }

        public PatchyParams params(Ops o, double depth) {
            double c = R * Math.cos(HALF), s = R * Math.sin(HALF);
            return PatchyParams.of(o, 2, new double[][] {{c, s, c, -s}}, new double[][] {{0, depth}, {depth, 0}},
                    new double[][] {{alpha, alpha}, {alpha, alpha}}, 0, 100, 0.8, 2);
        }

        public List<ClusterSpecies> species() {
            return List.of(new ClusterSpecies("dimer", new int[2], new double[][] {{0, 0, 0}, {2 * R * Math.cos(HALF), 0, Math.PI}}, null, 2));
        }

        public List<TargetStructure> targets() {
            return List.of(new TargetStructure("dimer", new int[2], new boolean[][] {{false, true}, {true, false}},
                    new double[][] {{0, 0}, {2 * R * Math.cos(HALF), 0}}, 0.5));
        }
    }

    private Predictions.Constants constants(ClusterCase c, double depth, long samples) {
        PatchyParams p = c.params(ad.ops(), depth);
        SimulateMethod.Values v = SimulateMethod.Values.of(ad.ops(), c.model(), p);
        BondRule rule = BondRule.energy(-1, v.epsMatrix(), v.alphaMatrix(), v.r0(), c.model().cutoff());
        return Predictions.constants(ad, c, p, 1.0, rule, samples, 7);
    }

    /**
     * The exact log K tends to the harmonic one as the rigid bond deepens and stiffens. With r0 = 0 the Morse energy of
     * a patch displacement x is ε(α²|x|² − α³|x|³ + ..): the |x|³ term is not analytic at the minimum and shifts log K
     * by O(ε^{−1/2}), so the gap shrinks as ε^{−1/2} (measured 0.66, 0.48, 0.38 at ε = 12, 20, 30), not as 1/ε.
     */
    @Test
    void rigidBondTendsToTheHarmonicConstant() {
        double[][] ea = {{12, 8}, {20, 12}, {30, 16}};
        double[] scaled = new double[ea.length];
        double previous = Double.POSITIVE_INFINITY;
        for (int i = 0; i < ea.length; i++) {
            Predictions.Constants k = constants(new TwoPatchFace(ea[i][0], ea[i][1]), ea[i][0], 400000);
            double gap = k.integral()[0] - k.harmonic()[0];
            assertTrue(k.integralError()[0] < 0.03, "resolved: " + k.integralError()[0]);
            assertTrue(gap > 0 && gap < previous - 3 * k.integralError()[0], "ε = " + ea[i][0] + ": gap " + gap + " shrinks from " + previous);
            previous = gap;
            scaled[i] = gap * Math.sqrt(ea[i][0]);
        }
        for (double s : scaled) assertEquals(scaled[0], s, 0.15 * scaled[0], "gap·√ε is constant: " + java.util.Arrays.toString(scaled));
    }
}
