package org.polymorph.optimizers.internal.meta;

import org.polymorph.autodiff.AD;

/**
 * Antithetic ES on truncations (the no-dependency notebook's truncated ES): from the member's inner state, K steps
 * with θ + ε and K steps with θ − ε; estimate {@code (L+ − L−)/(2σ²) · ε} from the truncations' meta-losses; the member
 * continues from the θ + ε run. Biased (it ignores θ's effect on the state a truncation starts from), unlike
 * {@link TruncatedPes}.
 */
final class TruncatedEs implements Estimator {
    @Override public String name() { return "tes"; }

    @Override
    public Contribution estimate(Setup s, Frozen theta, long outerStep, int member, Member state) {
        AD ad = s.engines().get();
        InnerState from = s.continued(ad, theta, member, state == null ? null : state.pos());
        Frozen eps = theta.normalLike(s.ts(ad), s.perturbationKey(outerStep, member), s.std());
        Unroll.Result plus = Unroll.forward(ad, s.tasks(), s.lopt(), theta.plus(s.ts(ad), eps, 1), from, s.truncation(), s.reduction());
        Unroll.Result minus = Unroll.forward(ad, s.tasks(), s.lopt(), theta.plus(s.ts(ad), eps, -1), from, s.truncation(), s.reduction());
        double w = s.antithetic(plus.metaLoss(), minus.metaLoss());
        return new Contribution(eps.times(s.ts(ad), w), (plus.metaLoss() + minus.metaLoss()) / 2,
                new Member(plus.next(), null, null));
    }
}
