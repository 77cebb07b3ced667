package org.polymorph.materials.internal.patchy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReweightedGradientTest {
    /**
     * Two states of energies U = θ·u with u = 0 and 1 at θ = ln 3, β = 2: probabilities ∝ e^{−βθu}, i.e. 9/10 and 1/10,
     * sampled exactly (9 of one per 1 of the other in every block): the estimator equals the exact d⟨A⟩/dθ, checked
     * against the central difference of ⟨A⟩(θ) = (A0 + A1 e^{−βθ})/(1 + e^{−βθ}).
     */
    @Test
    void exactSamplesOfATwoStateSystemGiveTheDerivativeOfTheBoltzmannAverage() {
        double beta = 2, theta = Math.log(3), a0 = 0.3, a1 = 1.7, b0 = -2, b1 = 5;
        ReweightedGradient rw = new ReweightedGradient();
        for (int block = 0; block < 8; block++) {
            for (int k = 0; k < 9; k++) rw.add(new double[] {a0, b0}, new double[] {0, 0});
            rw.add(new double[] {a1, b1}, new double[] {1, 2});
        }
        ReweightedGradient.Estimate e = rw.estimate(0, 8, beta);
        double h = 1e-6;
        for (int x = 0; x < 2; x++) {
            double lo = x == 0 ? a0 : b0, hi = x == 0 ? a1 : b1;
            java.util.function.DoubleUnaryOperator mean = t -> (lo + hi * Math.exp(-beta * t)) / (1 + Math.exp(-beta * t));
            double fd = (mean.applyAsDouble(theta + h) - mean.applyAsDouble(theta - h)) / (2 * h);
            assertEquals(mean.applyAsDouble(theta), e.mean()[x], 1e-12);
            assertEquals(fd, e.gradient()[x][0], 1e-8, "observable " + x);
            // the second slope is 2u: twice the first's derivative
            assertEquals(2 * fd, e.gradient()[x][1], 1e-8);
            assertEquals(0, e.gradientError()[x][0], 1e-12, "identical blocks");
        }
        assertEquals(80, e.used());
    }
}
