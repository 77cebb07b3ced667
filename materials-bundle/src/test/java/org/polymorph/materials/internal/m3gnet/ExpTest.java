package org.polymorph.materials.internal.m3gnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import jdk.incubator.vector.DoubleVector;
import org.junit.jupiter.api.Test;

/** {@link Exp}: within 2 ulp of Math.exp on [−700, 700], clamped beyond, NaN kept; its lanes form gives the same bits. */
class ExpTest {
    @Test
    void withinTwoUlpOfMathExp() {
        Random rnd = new Random(5);
        double worst = 0;
        for (int k = 0; k < 200_000; k++) {
            double x = k % 2 == 0 ? 1400 * (rnd.nextDouble() - 0.5) : 20 * rnd.nextGaussian();
            double e = Math.exp(x);
            worst = Math.max(worst, Math.abs(Exp.exp(x) - e) / Math.ulp(e));
        }
        assertTrue(worst <= 2, "largest error " + worst + " ulp");
        for (double x : new double[] {0, -0.0, 1, -1, Math.log(2), 0.5 * Math.log(2), 1e-300, -1e-300}) {
            assertEquals(Math.exp(x), Exp.exp(x), 2 * Math.ulp(Math.exp(x)), "x = " + x);
        }
        assertEquals(Exp.exp(700), Exp.exp(1e6));
        assertEquals(Exp.exp(-700), Exp.exp(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isFinite(Exp.exp(1e308)) && Exp.exp(-1e308) > 0);
        assertTrue(Double.isNaN(Exp.exp(Double.NaN)));
    }

    @Test
    void lanesGiveTheSameBits() {
        assumeTrue(Dense.LANES, "the JVM lacks the Vector API (--add-modules jdk.incubator.vector)");
        Random rnd = new Random(9);
        int lanes = DoubleVector.SPECIES_PREFERRED.length();
        double[] x = new double[lanes * 5000];
        for (int k = 0; k < x.length; k++) x[k] = k % 3 == 0 ? 1500 * (rnd.nextDouble() - 0.5) : 10 * rnd.nextGaussian();
        x[0] = Double.NaN;
        double[] y = new double[x.length];
        for (int k = 0; k < x.length; k += lanes) VectorLanes.exp(DoubleVector.fromArray(DoubleVector.SPECIES_PREFERRED, x, k)).intoArray(y, k);
        for (int k = 0; k < x.length; k++) assertEquals(Double.doubleToLongBits(Exp.exp(x[k])), Double.doubleToLongBits(y[k]), "x = " + x[k]);
    }
}
