package org.polymorph.optimizers.internal.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.optimizers.OptState;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.Update;
import org.polymorph.optimizers.learned.LearnedOptimizer;
import org.polymorph.optimizers.learned.LossAwareOptimizer;

/** A scaled learned optimizer's updates are the scale times the inner one's, over several steps, its state the inner one's. */
class ScaledStepTest {
    private final AdTesting t = new AdTesting();

    @Test
    void updatesAreScaledAndTheStateIsUnchanged() {
        LearnedOptimizer inner = BenchFixtures.ARCHITECTURES.get("a", "learnable_adam").create(Map.of("initial_learning_rate", 0.1));
        assertSame(inner, ScaledStep.of(inner, 1));
        LearnedOptimizer scaled = ScaledStep.of(inner, 2.5);
        Object theta = inner.initMetaParams(t.o, RandomKey.of(0));
        Optimizer a = inner.optimizer(t.o, theta, 10), b = scaled.optimizer(t.o, theta, 10);
        Object p = t.o.constant(t.ts.fromArray(new double[] {1, -2, 0.5}, 3));
        OptState sa = a.init(p), sb = b.init(p);
        for (int step = 0; step < 3; step++) {
            Object g = t.o.constant(t.ts.fromArray(new double[] {0.3 * step + 0.1, -1, 2}, 3));
            Update ua = a.update(g, sa, p);
            Update ub = ((LossAwareOptimizer) b).update(g, sb, p, t.o.scalar(DType.FLOAT64, 1));
            double[] x = BenchFixtures.flat(ua.updates(), t.o), y = BenchFixtures.flat(ub.updates(), t.o);
            for (int i = 0; i < x.length; i++) assertEquals(2.5 * x[i], y[i], 1e-15 * Math.abs(y[i]), "step " + step + ", entry " + i);
            assertEquals(Arrays.toString(BenchFixtures.flat(ua.state(), t.o)), Arrays.toString(BenchFixtures.flat(ub.state(), t.o)));
            sa = ua.state();
            sb = ub.state();
            p = a.applyUpdates(p, ua.updates());
        }
    }

}
