package org.polymorph.optimizers;

import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.autodiff.Var;

/** Sanity: optimizers driven by AD.grad minimise f(x) = sum(a * (x - c)^2) to 1e-8. */
class ConvergenceTest {
    private final AdTesting t = new AdTesting();
    private final Var a = t.vec(1.0, 10.0, 3.0);
    private final Var c = t.vec(1.0, -2.0, 0.5);
    private final Function<Var, Var> f = x -> x.sub(c).square().mul(a).sum();

    private Var minimise(Optimizer opt, int steps) {
        Var x = t.vec(0.0, 0.0, 0.0);
        OptState s = opt.init(x);
        for (int k = 0; k < steps; k++) {
            Update u = opt.update(t.ad.grad(f, x), s, x);
            x = opt.applyUpdates(x, u.updates());
            s = u.state();
        }
        return x;
    }

    @Test
    void adamWithCosineDecay() {
        t.assertClose(t.values(c), minimise(Optimizers.adam(t.o, Schedule.cosineDecay(0.1, 1000, 0), 0.9, 0.999, 1e-8), 1000), 1e-8);
    }

    @Test
    void heavyBallMomentum() {
        t.assertClose(t.values(c), minimise(Optimizers.momentum(t.o, Schedule.constant(0.01), 0.9), 1000), 1e-8);
    }

    @Test
    void nesterovMomentum() {
        t.assertClose(t.values(c), minimise(Optimizers.nesterov(t.o, Schedule.constant(0.01), 0.9), 1000), 1e-8);
    }
}
