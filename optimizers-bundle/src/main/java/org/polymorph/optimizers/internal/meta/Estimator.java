package org.polymorph.optimizers.internal.meta;

import java.util.function.Supplier;
import org.polymorph.autodiff.AD;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.optimizers.learned.LearnedOptimizer;

/**
 * An outer-gradient estimator (learned_optimization's outer_trainers): one population member's estimate of
 * the meta-gradient at θ and its meta-loss, from that member's state, which it advances. The trainer
 * averages the members' estimates in member order.
 */
interface Estimator {
    /** The name a Method parameter gives it: es, tes, pes, bptt. */
    String name();

    /**
     * Member {@code member}'s estimate at outer step {@code outerStep}. Its randomness comes only from
     * {@link Setup#perturbationKey} and {@link Setup#episodeKey}, so it is the same on any thread.
     *
     * @param state the member's state after the previous outer step; null before the first
     */
    Contribution estimate(Setup setup, Frozen theta, long outerStep, int member, Member state);

    /**
     * What a member carries between outer steps: its inner run (the positive one for antithetic estimators), the
     * negative run (PES only, else null) and PES's accumulated perturbation (else null).
     */
    record Member(InnerState pos, InnerState neg, Frozen accum) { }

    /** A member's meta-gradient estimate (θ's structure), its meta-loss and its next state. */
    record Contribution(Frozen grad, double loss, Member next) { }

    /**
     * What every estimate needs: an autodiff engine per call (engines are not shared between threads), the task
     * distribution, the learned optimizer, the root key, the truncation length K (inner steps), the
     * perturbation standard deviation σ, the meta-loss reduction and whether BPTT checkpoints.
     */
    record Setup(Supplier<AD> engines, TaskDistribution tasks, LearnedOptimizer lopt, RandomKey root, int truncation, double std,
                 MetaLoss.Reduction reduction, boolean checkpoint) {
        TensorService ts(AD ad) { return ad.ops().tensors(); }

        /** The key of member {@code member}'s perturbation at outer step {@code outerStep}. */
        RandomKey perturbationKey(long outerStep, int member) { return root.foldIn(0).foldIn(outerStep).foldIn(member); }

        /** The key of member {@code member}'s episode {@code episode}. */
        RandomKey episodeKey(int member, long episode) { return root.foldIn(1).foldIn(member).foldIn(episode); }

        /** The member's inner run to continue: {@code s}, or a new episode when there is none or it has ended. */
        InnerState continued(AD ad, Frozen theta, int member, InnerState s) {
            if (s == null) return tasks.start(ad.ops(), lopt, theta, episodeKey(member, 0), 0, true);
            if (!s.done()) return s;
            return tasks.start(ad.ops(), lopt, theta, episodeKey(member, s.episode() + 1), s.episode() + 1, false);
        }

        /**
         * The antithetic finite-difference weight {@code (L+ − L−) / (2σ²)}; 0 when the difference is not finite
         * (learned_optimization's nan_to_num on the loss difference).
         */
        double antithetic(double plus, double minus) {
            double d = plus - minus;
            return Double.isFinite(d) ? d / (2 * std * std) : 0;
        }
    }
}
