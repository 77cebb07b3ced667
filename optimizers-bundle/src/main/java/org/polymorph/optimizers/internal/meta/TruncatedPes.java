package org.polymorph.optimizers.internal.meta;

import org.polymorph.autodiff.AD;
import org.polymorph.core.tensor.TensorService;

/**
 * Persistent evolution strategies (Vicol, Metz, Sohl-Dickstein, ICML 2021; learned_optimization's
 * {@code TruncatedPES}, outer_trainers/truncated_pes.py). A member keeps two inner runs, one trained with θ + ε_j
 * and one with θ − ε_j in every truncation j, and the sum ξ = Σ_j ε_j of the perturbations since its episode began.
 * Each truncation draws a fresh ε ~ N(0, σ²), sets ξ ← ξ + ε, runs K steps of both and estimates
 * {@code (L+ − L−)/(2σ²) · ξ}: unbiased for the gradient of the whole episode's loss. A truncation never crosses an
 * episode's end here, so the peer's second term (steps after the episode ended, weighted by ε alone) is empty; the
 * next truncation starts a new episode with ξ = 0.
 */
final class TruncatedPes implements Estimator {
    @Override public String name() { return "pes"; }

    @Override
    public Contribution estimate(Setup s, Frozen theta, long outerStep, int member, Member state) {
        AD ad = s.engines().get();
        TensorService ts = s.ts(ad);
        InnerState pos, neg;
        Frozen accum;
        if (state == null || state.pos().done()) {
            pos = s.continued(ad, theta, member, state == null ? null : state.pos());
            neg = pos;
            accum = theta.zeros(ts);
        } else {
            pos = state.pos();
            neg = state.neg();
            accum = state.accum();
        }
        Frozen eps = theta.normalLike(ts, s.perturbationKey(outerStep, member), s.std());
        Frozen xi = accum.plus(ts, eps, 1);
        Unroll.Result plus = Unroll.forward(ad, s.tasks(), s.lopt(), theta.plus(ts, eps, 1), pos, s.truncation(), s.reduction());
        Unroll.Result minus = Unroll.forward(ad, s.tasks(), s.lopt(), theta.plus(ts, eps, -1), neg, s.truncation(), s.reduction());
        double w = s.antithetic(plus.metaLoss(), minus.metaLoss());
        return new Contribution(xi.times(ts, w), (plus.metaLoss() + minus.metaLoss()) / 2,
                new Member(plus.next(), minus.next(), xi));
    }
}
