package org.polymorph.optimizers;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;

/**
 * Adam (Kingma &amp; Ba 2015, Algorithm 1) and, with {@code weightDecay > 0}, AdamW (Loshchilov &amp;
 * Hutter 2019, decoupled weight decay), as optax.adam / optax.adamw (eps_root = 0):
 * <pre>
 *   m_t = b1 * m_{t-1} + (1 - b1) * g_t          v_t = b2 * v_{t-1} + (1 - b2) * g_t^2
 *   mhat = m_t / (1 - b1^t)                       vhat = v_t / (1 - b2^t)        (t = step + 1)
 *   u_t = -lr(step) * (mhat / (sqrt(vhat) + eps) + wd * param)
 * </pre>
 * The decay term {@code lr * wd * param} is scaled by the schedule but not by the moments.
 */
public final class Adam implements Optimizer {
    /** First and second moments, pytrees like the params. */
    public record AdamState(Var count, Object mu, Object nu) implements OptState { }

    private final Ops ops;
    private final Schedule lr;
    private final double b1;
    private final double b2;
    private final double eps;
    private final double weightDecay;

    Adam(Ops ops, Schedule lr, double b1, double b2, double eps, double weightDecay) {
        if (ops == null || lr == null) throw new IllegalArgumentException("adam: ops and learning-rate schedule are required");
        this.ops = ops;
        this.lr = lr;
        this.b1 = Check.decay("beta1", b1);
        this.b2 = Check.decay("beta2", b2);
        this.eps = Check.nonNegative("eps", eps);
        this.weightDecay = Check.nonNegative("weight_decay", weightDecay);
    }

    private String name() { return weightDecay > 0 ? "adamw" : "adam"; }

    @Override public Ops ops() { return ops; }

    @Override
    public OptState init(Object params) {
        return new AdamState(Leafwise.count(ops, 0), Leafwise.zerosLike(ops, params), Leafwise.zerosLike(ops, params));
    }

    @Override
    public Update update(Object grads, OptState state, Object params) {
        AdamState s = Leafwise.state(state, AdamState.class, name());
        if (weightDecay > 0 && params == null) {
            throw new IllegalArgumentException("adamw: update needs the params for the decoupled weight decay");
        }
        String[] names = {"grads", "moments", "moments", "params"};
        long k = s.step();
        double scale = -lr.at(k);
        double bc1 = 1.0 - Math.pow(b1, k + 1);
        double bc2 = 1.0 - Math.pow(b2, k + 1);
        Object mu = Leafwise.map(ops, names, a -> a[0].mul(1.0 - b1).add(a[1].mul(b1)), grads, s.mu());
        Object nu = Leafwise.map(ops, names, a -> a[0].square().mul(1.0 - b2).add(a[1].mul(b2)), grads, s.nu());
        Object u;
        if (weightDecay > 0) {
            u = Leafwise.map(ops, names, a -> direction(a[1], a[2], bc1, bc2).add(a[3].mul(weightDecay)).mul(scale),
                    grads, mu, nu, params);
        } else {
            u = Leafwise.map(ops, names, a -> direction(a[1], a[2], bc1, bc2).mul(scale), grads, mu, nu);
        }
        return new Update(u, new AdamState(Leafwise.count(ops, k + 1), mu, nu));
    }

    /** {@code mhat / (sqrt(vhat) + eps)}. */
    private Var direction(Var m, Var v, double bc1, double bc2) {
        return m.div(bc1).div(v.div(bc2).sqrt().add(eps));
    }

    @Override
    public String toString() {
        return name() + "(b1=" + b1 + ", b2=" + b2 + ", eps=" + eps + ", wd=" + weightDecay + ", lr=" + lr + ")";
    }
}
