package org.polymorph.optimizers.internal.bench;

/**
 * VeLO's speedup over learning-rate-tuned Adam (Metz et al. 2022, arXiv 2211.09760, §4.1 and Fig. 1): the number of
 * steps Adam needs to reach the loss an optimizer reaches after N steps, divided by N. Minibatch losses are noisy, so
 * both sides are trailing means over a window of {@code w = max(1, round(N / 10))} steps: the target is the mean of
 * the optimizer's last w losses, and Adam reaches it at the first step count t ≥ w whose trailing mean
 * {@code mean(adam[t - w .. t - 1])} is at most the target. Losses are per step, {@code l[k]} the loss before update
 * k; a diverged run's losses are +∞.
 *
 * @param target     the optimizer's final loss (mean of its last w losses); +∞ if it diverged
 * @param adamSteps  the step count t at which Adam first reaches the target, or -1 if it does not within its run
 * @param speedup    {@code adamSteps / N}; when Adam never gets there, {@code adamLength / N} (a lower bound,
 *                   {@code censored}); 0 when the optimizer diverged
 * @param censored   whether Adam's run ended before reaching the target (speedup is then "at least")
 */
public record Speedup(double target, int adamSteps, double speedup, boolean censored) {
    /** The trailing-mean window for a run of {@code n} steps: {@code max(1, round(n / 10))}. */
    public static int window(int n) { return Math.max(1, (int) Math.round(n / 10.0)); }

    /** Mean of the last {@code window(losses.length)} losses (+∞ if any is). */
    public static double finalLoss(double[] losses) {
        return trailingMean(losses, losses.length, window(losses.length));
    }

    /** The speedup of the optimizer with {@code losses} (N of them) over tuned Adam with {@code adam} (any length). */
    public static Speedup of(double[] losses, double[] adam) {
        if (losses.length == 0) throw new IllegalArgumentException("speedup: the optimizer's curve is empty; give N >= 1 steps");
        int n = losses.length, w = window(n);
        double target = finalLoss(losses);
        if (!Double.isFinite(target)) return new Speedup(target, -1, 0, false);
        for (int t = w; t <= adam.length; t++) {
            if (trailingMean(adam, t, w) <= target) return new Speedup(target, t, (double) t / n, false);
        }
        return new Speedup(target, -1, (double) adam.length / n, true);
    }

    /** {@code mean(x[t - w .. t - 1])}. */
    static double trailingMean(double[] x, int t, int w) {
        double s = 0;
        for (int k = t - w; k < t; k++) s += x[k];
        return s / w;
    }
}
