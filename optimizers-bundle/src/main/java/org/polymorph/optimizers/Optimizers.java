package org.polymorph.optimizers;

import org.polymorph.autodiff.Ops;

/**
 * Typed factories for the classical optimizers (the formulas and sources are on each method). Every
 * factory throws IllegalArgumentException naming a bad argument. Methods that take an optimizer by
 * name ({@code optimizer=adam}) ask the registered {@link OptimizerProvider}s instead, so that an
 * optimizer from another bundle is chosen the same way.
 */
public final class Optimizers {
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
}
