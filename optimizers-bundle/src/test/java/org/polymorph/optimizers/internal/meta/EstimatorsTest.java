package org.polymorph.optimizers.internal.meta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.tensor.RandomKey;

/**
 * The outer estimators on a quadratic whose meta-gradient is known in closed form (SGD with a learnable log learning
 * rate on ½ Σ a_i x_i²): ES and PES are unbiased (up to O(σ²) smoothing) for it, BPTT equals it, and the trainer is
 * deterministic for any number of threads.
 */
class EstimatorsTest {
    private final AdTesting t = new AdTesting();
    private final Supplier<AD> engines = () -> new AutodiffEngines().create(t.ts);
    private final MetaFixtures.Quadratic quad = new MetaFixtures.Quadratic(new double[] {1, 0.5, 2}, new double[] {1, -2, 0.5});
    private final MetaFixtures.LearnableSgd sgd = new MetaFixtures.LearnableSgd(0.1);
    private final Frozen theta = Frozen.of(sgd.initMetaParams(t.o, RandomKey.of(0)), t.o);

    private Estimator.Setup setup(long length, int truncation, double std) {
        return new Estimator.Setup(engines, MetaFixtures.fixedLength(quad, length), sgd, RandomKey.of(42), truncation, std,
                MetaLoss.Reduction.MEAN, true);
    }

    /** FullES over N members: the sample mean is within 4 standard errors (plus the O(σ²) smoothing bias) of the truth. */
    @Test
    void fullEsConvergesToTheClosedFormMetaGradient() {
        int length = 10, n = 2000;
        double std = 0.01;
        Estimator.Setup s = setup(length, 0, std);
        double[] g = new double[n];
        for (int m = 0; m < n; m++) g[m] = new FullEs().estimate(s, theta, 0, m, null).grad().flat(t.ts)[0];
        assertWithinStandardErrors(quad.meanLossGradient(0.1, length), g, 1e-3);
    }

    /**
     * PES over whole episodes of T = 12 steps in truncations of K = 4: the sum of a member's three estimates is unbiased
     * for the gradient of the sum of its truncations' mean losses, (T/K) · d/dθ mean_T L.
     */
    @Test
    void pesSummedOverAnEpisodeConvergesToTheClosedFormMetaGradient() {
        int length = 12, k = 4, n = 2000;
        Estimator.Setup s = setup(length, k, 0.01);
        TruncatedPes pes = new TruncatedPes();
        double[] g = new double[n];
        for (int m = 0; m < n; m++) {
            Estimator.Member state = null;
            for (int j = 0; j < length / k; j++) {
                Estimator.Contribution c = pes.estimate(s, theta, j, m, state);
                g[m] += c.grad().flat(t.ts)[0];
                state = c.next();
            }
            assertTrue(state.pos().done() && state.pos().iteration() == length);
        }
        assertWithinStandardErrors((double) length / k * quad.meanLossGradient(0.1, length), g, 1e-3);
    }

    @Test
    void truncatedBpttIsTheExactTruncationGradientAndContinuesTheEpisode() {
        Estimator.Setup s = setup(20, 6, 0);
        TruncatedBptt bptt = new TruncatedBptt();
        Estimator.Contribution c = bptt.estimate(s, theta, 0, 0, null);
        assertEquals(quad.meanLossGradient(0.1, 6), c.grad().flat(t.ts)[0], 1e-10);
        assertEquals(6, c.next().pos().iteration());
        Estimator.Contribution c2 = bptt.estimate(s, theta, 1, 0, c.next());
        assertEquals(12, c2.next().pos().iteration());
        assertTrue(c2.loss() < c.loss(), c.loss() + " -> " + c2.loss());
    }

    /** The same seed gives the same meta-training, bit for bit, on 1 and on 3 threads; and meta-training lowers the loss. */
    @Test
    void theTrainerIsDeterministicForAnyThreadCount() throws Exception {
        for (Estimator e : new Estimator[] {new TruncatedPes(), new TruncatedBptt(), new FullEs(), new TruncatedEs()}) {
            double[][] thetas = new double[2][];
            MetaTrainer.State[] ends = new MetaTrainer.State[2];
            int i = 0;
            for (int threads : new int[] {1, 3}) {
                Estimator.Setup s = new Estimator.Setup(engines, new TaskDistribution(java.util.List.of(quad),
                        new LogUniformLengthSchedule(5, 40), 10), sgd, RandomKey.of(7), 4, 0.01, MetaLoss.Reduction.MEAN, true);
                MetaTrainer tr = new MetaTrainer(new MetaTrainer.Config(e, s, 5, 1e-2, 0, threads), theta);
                for (int k = 0; k < 6; k++) tr.step();
                thetas[i] = tr.theta().flat(t.ts);
                ends[i++] = tr.state();
            }
            assertArrayEquals(thetas[0], thetas[1], 0, e.name());
            assertEquals(ends[0].history(), ends[1].history(), e.name());
            assertTrue(thetas[0][0] != theta.flat(t.ts)[0], e.name());
        }
    }

    private static void assertWithinStandardErrors(double want, double[] samples, double bias) {
        double mean = 0;
        for (double x : samples) mean += x / samples.length;
        double var = 0;
        for (double x : samples) var += (x - mean) * (x - mean) / (samples.length - 1);
        double se = Math.sqrt(var / samples.length);
        assertEquals(want, mean, 4 * se + bias * Math.abs(want), "mean " + mean + " standard error " + se + " truth " + want);
        assertTrue(se < 0.2 * Math.abs(want), "standard error " + se + " too large for a test against " + want);
    }
}
