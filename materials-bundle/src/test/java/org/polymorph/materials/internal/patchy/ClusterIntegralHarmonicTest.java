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

/** The exact cluster integral against the harmonic free energy where the harmonic approximation holds, and where it does not. */
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

    @Test
    void rigidBondAgreesWithHarmonic() {
        for (double[] ea : new double[][] {{12, 8}, {20, 12}, {30, 16}}) {
            Predictions.Constants k = constants(new TwoPatchFace(ea[0], ea[1]), ea[0], 400000);
            System.out.printf("two-patch face eps %.0f alpha %.0f: harmonic log K %.4f, integral %.4f +- %.4f%n", ea[0], ea[1], k.harmonic()[0],
                    k.integral()[0], k.integralError()[0]);
        }
    }

    @Test
    void hingeDoesNotAgree() {
        for (double eps : new double[] {6, 8}) {
            for (double ce : new double[] {100, 1000}) {
                Predictions.Constants k = constants(new OnePatchDimer(2, 0.45, ce, 5), eps, 400000);
                System.out.printf("one-patch eps %.0f core %.0f: harmonic log K %.4f, integral %.4f +- %.4f%n", eps, ce, k.harmonic()[0],
                        k.integral()[0], k.integralError()[0]);
            }
        }
        LinearTrimer t = new LinearTrimer(0.45, Math.PI, 1000, 5);
        Predictions.Constants k = constants(t, 8, 400000);
        for (int s = 0; s < 3; s++) System.out.printf("trimer %s: harmonic log K %.4f, integral %.4f +- %.4f%n", k.names().get(s), k.harmonic()[s],
                k.integral()[s], k.integralError()[s]);
    }
}
