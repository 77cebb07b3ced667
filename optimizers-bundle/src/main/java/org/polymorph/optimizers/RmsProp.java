package org.polymorph.optimizers;

import java.util.List;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;

/**
 * RMSProp (Tieleman &amp; Hinton 2012, Coursera lecture 6.5), centered variant (Graves 2013, eq. 38-40)
 * and optional momentum, exactly as PyTorch's torch.optim.RMSprop (equivalently optax.rmsprop with
 * eps_in_sqrt=False, initial_scale=0): eps is added <em>outside</em> the square root.
 * <pre>
 *   v_t   = rho * v_{t-1} + (1 - rho) * g_t^2
 *   gbar_t = rho * gbar_{t-1} + (1 - rho) * g_t                  (centered only)
 *   d_t   = g_t / (sqrt(v_t - gbar_t^2) + eps)                   (gbar = 0 when not centered)
 *   b_t   = momentum * b_{t-1} + d_t;  u_t = -lr(step) * b_t      (momentum > 0)
 *   u_t   = -lr(step) * d_t                                       (momentum = 0)
 * </pre>
 */
public final class RmsProp implements Optimizer {
    /**
     * {@code nu}: mean of squared gradients; {@code mu}: mean of gradients (centered only);
     * {@code trace}: momentum buffer (momentum only). Unused components are empty lists.
     */
    public record RmsPropState(Var count, Object nu, Object mu, Object trace) implements OptState { }

    private final Ops ops;
    private final Schedule lr;
    private final double decay;
    private final double eps;
    private final double momentum;
    private final boolean centered;

    RmsProp(Ops ops, Schedule lr, double decay, double eps, double momentum, boolean centered) {
        if (ops == null || lr == null) throw new IllegalArgumentException("rmsprop: ops and learning-rate schedule are required");
        this.ops = ops;
        this.lr = lr;
        this.decay = Check.decay("decay", decay);
        this.eps = Check.nonNegative("eps", eps);
        this.momentum = Check.decay("momentum", momentum);
        this.centered = centered;
    }

    @Override public Ops ops() { return ops; }

    @Override
    public OptState init(Object params) {
        Object zeros = Leafwise.zerosLike(ops, params);
        return new RmsPropState(Leafwise.count(ops, 0), zeros,
                centered ? Leafwise.zerosLike(ops, params) : List.of(),
                momentum > 0 ? Leafwise.zerosLike(ops, params) : List.of());
    }

    @Override
    public Update update(Object grads, OptState state, Object params) {
        RmsPropState s = Leafwise.state(state, RmsPropState.class, "rmsprop");
        String[] names = {"grads", "state"};
        long k = s.step();
        double scale = -lr.at(k);
        Object nu = Leafwise.map(ops, names, a -> a[0].square().mul(1.0 - decay).add(a[1].mul(decay)), grads, s.nu());
        Object mu = s.mu();
        Object direction;
        if (centered) {
            mu = Leafwise.map(ops, names, a -> a[0].mul(1.0 - decay).add(a[1].mul(decay)), grads, s.mu());
            direction = Leafwise.map(ops, names, a -> a[0].div(a[1].sub(a[2].square()).sqrt().add(eps)), grads, nu, mu);
        } else {
            direction = Leafwise.map(ops, names, a -> a[0].div(a[1].sqrt().add(eps)), grads, nu);
        }
        Object trace = s.trace();
        Object u;
        if (momentum > 0) {
            trace = Leafwise.map(ops, names, a -> a[0].add(a[1].mul(momentum)), direction, s.trace());
            u = Leafwise.map(ops, names, a -> a[0].mul(scale), trace);
        } else {
            u = Leafwise.map(ops, names, a -> a[0].mul(scale), direction);
        }
        return new Update(u, new RmsPropState(Leafwise.count(ops, k + 1), nu, mu, trace));
    }

    @Override
    public String toString() {
        return "rmsprop(decay=" + decay + ", eps=" + eps + ", momentum=" + momentum + ", centered=" + centered + ", lr=" + lr + ")";
    }
}
