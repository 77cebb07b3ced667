package org.polymorph.optimizers;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;

/**
 * Stochastic gradient descent, plain or with heavy-ball (Polyak 1964) or Nesterov (Sutskever et
 * al. 2013) momentum, as optax.sgd = trace + scale_by_learning_rate (and PyTorch SGD, dampening 0):
 * <pre>
 *   trace_t = g_t + mu * trace_{t-1}                    (trace_0 = 0)
 *   u_t     = -lr(t) * trace_t                          heavy ball
 *   u_t     = -lr(t) * (g_t + mu * trace_t)             Nesterov
 *   u_t     = -lr(t) * g_t                              plain (no trace kept)
 * </pre>
 */
public final class Sgd implements Optimizer {
    /** Plain SGD keeps only the step count. */
    public record CountState(Var count) implements OptState { }

    /** Momentum state: the trace (velocity), a pytree like the params. */
    public record TraceState(Var count, Object trace) implements OptState { }

    private final Ops ops;
    private final Schedule lr;
    private final double momentum;
    private final boolean nesterov;

    /** {@code momentum = 0} and {@code nesterov = false} gives plain SGD. */
    Sgd(Ops ops, Schedule lr, double momentum, boolean nesterov) {
        if (ops == null || lr == null) throw new IllegalArgumentException("sgd: ops and learning-rate schedule are required");
        if (nesterov && momentum == 0) throw Check.bad("momentum", momentum, "a number in (0, 1) for nesterov");
        this.ops = ops;
        this.lr = lr;
        this.momentum = Check.decay("momentum", momentum);
        this.nesterov = nesterov;
    }

    private String name() { return nesterov ? "nesterov" : momentum > 0 ? "momentum" : "sgd"; }

    @Override public Ops ops() { return ops; }

    @Override
    public OptState init(Object params) {
        Var count = Leafwise.count(ops, 0);
        return momentum > 0 ? new TraceState(count, Leafwise.zerosLike(ops, params)) : new CountState(count);
    }

    @Override
    public Update update(Object grads, OptState state, Object params) {
        String[] names = {"grads", "trace"};
        if (momentum == 0) {
            CountState s = Leafwise.state(state, CountState.class, name());
            long k = s.step();
            double scale = -lr.at(k);
            Object u = Leafwise.map(ops, names, a -> a[0].mul(scale), grads);
            return new Update(u, new CountState(Leafwise.count(ops, k + 1)));
        }
        TraceState s = Leafwise.state(state, TraceState.class, name());
        long k = s.step();
        double scale = -lr.at(k);
        Object trace = Leafwise.map(ops, names, a -> a[0].add(a[1].mul(momentum)), grads, s.trace());
        Object u = nesterov
                ? Leafwise.map(ops, names, a -> a[0].add(a[1].mul(momentum)).mul(scale), grads, trace)
                : Leafwise.map(ops, names, a -> a[0].mul(scale), trace);
        return new Update(u, new TraceState(Leafwise.count(ops, k + 1), trace));
    }

    @Override public String toString() { return name() + "(momentum=" + momentum + ", lr=" + lr + ")"; }
}
