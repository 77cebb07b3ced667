package org.polymorph.optimizers.internal.meta;

import org.polymorph.autodiff.AD;

/**
 * Truncated backpropagation through time (learned_optimization's {@code TruncatedGrad}; the notebook's truncated
 * BPTT): the exact gradient of a truncation's meta-loss in θ by reverse mode through its K inner steps (see
 * {@link Unroll#bptt}), the state it starts from treated as a constant; the member continues from its end. Biased
 * by the truncation, with variance that grows with K on chaotic inner dynamics (Metz et al., arXiv 2111.05803).
 */
final class TruncatedBptt implements Estimator {
    @Override public String name() { return "bptt"; }

    @Override
    public Contribution estimate(Setup s, Frozen theta, long outerStep, int member, Member state) {
        AD ad = s.engines().get();
        InnerState from = s.continued(ad, theta, member, state == null ? null : state.pos());
        Unroll.Grad g = Unroll.bptt(ad, s.tasks(), s.lopt(), theta, from, s.truncation(), s.reduction(), s.checkpoint());
        return new Contribution(g.grad(), g.metaLoss(), new Member(g.next(), null, null));
    }
}
