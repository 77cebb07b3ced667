package org.polymorph.optimizers.internal.meta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.core.tensor.RandomKey;

/** Truncated BPTT through SGD on a quadratic equals the closed-form meta-gradient. */
class UnrollTest {
    private final AdTesting t = new AdTesting();
    private final MetaFixtures.Quadratic quad = new MetaFixtures.Quadratic(new double[] {1, 0.5, 2}, new double[] {1, -2, 0.5});
    private final MetaFixtures.LearnableSgd sgd = new MetaFixtures.LearnableSgd(0.1);

    @Test
    void bpttEqualsTheClosedFormMetaGradientWithAndWithoutCheckpointing() {
        int k = 12;
        TaskDistribution dist = MetaFixtures.fixedLength(quad, 100);
        Frozen theta = Frozen.of(sgd.initMetaParams(t.o, RandomKey.of(0)), t.o);
        InnerState s = dist.start(t.o, sgd, theta, RandomKey.of(1), 0, true);
        for (boolean checkpoint : new boolean[] {false, true}) {
            Unroll.Grad g = Unroll.bptt(t.ad, dist, sgd, theta, s, k, MetaLoss.Reduction.MEAN, checkpoint);
            double want = quad.meanLossGradient(0.1, k);
            assertEquals(want, g.grad().flat(t.ts)[0], 1e-8 * Math.abs(want), "checkpoint " + checkpoint);
            assertEquals(quad.meanLoss(0.1, k), g.metaLoss(), 1e-12);
            assertEquals(k, g.next().iteration());
            // the forward truncation gives the same loss and the same next state
            Unroll.Result f = Unroll.forward(t.ad, dist, sgd, theta, s, k, MetaLoss.Reduction.MEAN);
            assertEquals(g.metaLoss(), f.metaLoss(), 1e-14);
            assertArrayEquals(g.next().params().flat(t.ts), f.next().params().flat(t.ts), 0);
        }
    }

    @Test
    void aTruncationStopsAtTheEpisodeEnd() {
        TaskDistribution dist = MetaFixtures.fixedLength(quad, 7);
        Frozen theta = Frozen.of(sgd.initMetaParams(t.o, RandomKey.of(0)), t.o);
        InnerState s = dist.start(t.o, sgd, theta, RandomKey.of(1), 0, false);
        Unroll.Result r = Unroll.forward(t.ad, dist, sgd, theta, s, 5, MetaLoss.Reduction.MEAN);
        Unroll.Result r2 = Unroll.forward(t.ad, dist, sgd, theta, r.next(), 5, MetaLoss.Reduction.MEAN);
        assertEquals(7, r2.next().iteration());
        assertTrue(r2.next().done());
        double tail = 0;   // the mean of steps 5 and 6
        for (int step = 5; step < 7; step++) {
            for (int i = 0; i < 3; i++) tail += 0.5 * quad.a()[i] * quad.x0()[i] * quad.x0()[i] * Math.pow(1 - 0.1 * quad.a()[i], 2 * step);
        }
        assertEquals(tail / 2, r2.metaLoss(), 1e-12);
    }

}
