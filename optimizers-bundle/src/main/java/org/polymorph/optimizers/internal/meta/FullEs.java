package org.polymorph.optimizers.internal.meta;

import org.polymorph.autodiff.AD;

/**
 * learned_optimization's {@code FullES} (outer_trainers/full_es.py) with loss_type "avg": each member trains a fresh
 * episode to its end with θ + ε and with θ − ε, ε ~ N(0, σ²) per entry of θ, from the same initial parameters and
 * batches; estimate {@code (L+ − L−)/(2σ²) · ε} where L± is the episode's meta-loss (mean over all its steps, or the
 * final loss); reported loss {@code (L+ + L−)/2}. The episode of outer step n is the member's episode n.
 */
final class FullEs implements Estimator {
    @Override public String name() { return "es"; }

    @Override
    public Contribution estimate(Setup s, Frozen theta, long outerStep, int member, Member state) {
        AD ad = s.engines().get();
        InnerState start = s.tasks().start(ad.ops(), s.lopt(), theta, s.episodeKey(member, outerStep), outerStep, false);
        Frozen eps = theta.normalLike(s.ts(ad), s.perturbationKey(outerStep, member), s.std());
        int all = (int) Math.min(Integer.MAX_VALUE, start.length());
        double plus = Unroll.forward(ad, s.tasks(), s.lopt(), theta.plus(s.ts(ad), eps, 1), start, all, s.reduction()).metaLoss();
        double minus = Unroll.forward(ad, s.tasks(), s.lopt(), theta.plus(s.ts(ad), eps, -1), start, all, s.reduction()).metaLoss();
        return new Contribution(eps.times(s.ts(ad), s.antithetic(plus, minus)), (plus + minus) / 2, null);
    }
}
