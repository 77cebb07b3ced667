package org.polymorph.optimizers;

import java.util.List;
import java.util.Map;
import org.polymorph.autodiff.Ops;
import org.polymorph.optimizers.internal.Adam;
import org.polymorph.optimizers.internal.Check;
import org.polymorph.optimizers.internal.Config;
import org.polymorph.optimizers.internal.RmsProp;
import org.polymorph.optimizers.internal.Sgd;

/**
 * Factories for the classical optimizers (the formulas and sources are on each method), and
 * {@link #create} by name. Every factory throws IllegalArgumentException naming a bad argument.
 */
public final class Optimizers {
    /** The names {@link #create} accepts. */
    public static final List<String> NAMES = Config.OPTIMIZERS;
    /** The schedule names {@link #create} accepts for its {@code schedule} parameter. */
    public static final List<String> SCHEDULES = Config.SCHEDULES;

    private Optimizers() { }

    /** Plain SGD (optax.sgd): {@code u = -lr * g}. */
    public static Optimizer sgd(Ops ops, Schedule lr) { return new Sgd(ops, lr, 0, false); }

    /**
     * Heavy-ball momentum (Polyak 1964; optax.sgd(momentum), PyTorch SGD with dampening 0):
     * {@code b = g + momentum * b; u = -lr * b}, momentum in (0, 1).
     */
    public static Optimizer momentum(Ops ops, Schedule lr, double momentum) {
        if (!(momentum > 0)) throw Check.bad("momentum", momentum, "a number in (0, 1)");
        return new Sgd(ops, lr, momentum, false);
    }

    /**
     * Nesterov momentum (Sutskever et al. 2013; optax.sgd(nesterov=True), PyTorch SGD nesterov):
     * {@code b = g + momentum * b; u = -lr * (g + momentum * b)}, momentum in (0, 1).
     */
    public static Optimizer nesterov(Ops ops, Schedule lr, double momentum) { return new Sgd(ops, lr, momentum, true); }

    /**
     * Adam (Kingma &amp; Ba 2015; optax.adam with eps_root 0), bias-corrected moments:
     * {@code u = -lr * mhat / (sqrt(vhat) + eps)}. beta1, beta2 in [0, 1), eps >= 0.
     */
    public static Optimizer adam(Ops ops, Schedule lr, double beta1, double beta2, double eps) {
        return new Adam(ops, lr, beta1, beta2, eps, 0);
    }

    /**
     * AdamW (Loshchilov &amp; Hutter 2019; optax.adamw): Adam plus decoupled weight decay,
     * {@code u = -lr * (mhat / (sqrt(vhat) + eps) + weightDecay * param)}; update needs the params.
     */
    public static Optimizer adamw(Ops ops, Schedule lr, double beta1, double beta2, double eps, double weightDecay) {
        return new Adam(ops, lr, beta1, beta2, eps, weightDecay);
    }

    /**
     * RMSProp (Tieleman &amp; Hinton 2012) as PyTorch's RMSprop, eps outside the square root:
     * {@code v = decay * v + (1 - decay) * g^2; d = g / (sqrt(v - gbar^2) + eps)}, where the
     * gradient mean {@code gbar} is tracked only when {@code centered} (else 0); with momentum > 0,
     * {@code b = momentum * b + d; u = -lr * b}, otherwise {@code u = -lr * d}.
     */
    public static Optimizer rmsprop(Ops ops, Schedule lr, double decay, double eps, double momentum, boolean centered) {
        return new RmsProp(ops, lr, decay, eps, momentum, centered);
    }

    /**
     * The optimizer {@code name} (one of {@link #NAMES}) configured from names and numbers, as
     * {@code nn.train} passes them. Values may be Numbers, Booleans or Strings; null means absent.
     * <ul>
     *   <li>{@code lr} (default 1e-3 for adam/adamw, 1e-2 otherwise), the peak learning rate;</li>
     *   <li>momentum, nesterov: {@code momentum} (0.9); rmsprop: {@code momentum} (0), {@code decay}
     *       (0.99), {@code eps} (1e-8), {@code centered} (false); adam, adamw: {@code beta1} (0.9),
     *       {@code beta2} (0.999), {@code eps} (1e-8); adamw: {@code weight_decay} (1e-4);</li>
     *   <li>{@code schedule} (constant) and {@code warmup_steps} (0; linear from 0, any schedule);
     *       cosine, warmup_cosine: {@code decay_steps} (required, counts the warmup) and {@code alpha}
     *       (0, the final fraction of lr); warmup_cosine needs warmup_steps >= 1; step: {@code gamma}
     *       (0.1) and either {@code step_size} (every k steps) or {@code boundaries} (list or "a,b,c").</li>
     * </ul>
     * A key may repeat the name as {@code optimizer}.
     *
     * @throws IllegalArgumentException for an unknown name or key, a key that does not apply to this
     *         optimizer or schedule, or a bad value; the message names the parameter, the value and what is allowed
     */
    public static Optimizer create(Ops ops, String name, Map<String, ?> params) {
        if (ops == null) throw new IllegalArgumentException("ops must not be null");
        return Config.optimizer(ops, name, params);
    }
}
