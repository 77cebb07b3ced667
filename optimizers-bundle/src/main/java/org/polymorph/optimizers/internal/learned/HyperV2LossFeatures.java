package org.polymorph.optimizers.internal.learned;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;

/**
 * hyper_v2's loss features (learned_optimization research/general_lopt/hyper_v2.py,
 * {@code BufferLossAccumulators}): 10 exponential moving averages of the training loss with half-lives
 * log-spaced from 10 to the training length, bias-corrected, and their running minima. The 9 features
 * compare each average with the next longer one, relative to its running minimum,
 * {@code clip((mean_k - min_k) / max(1e-8, mean_{k+1} - min_k) - 1, -1, 1)}, which is invariant to the
 * loss's scale and offset; they are 0 for the first two losses. Each new loss is clipped at twice the
 * largest corrected average so one spike cannot dominate. All in {@link Ops}: differentiable in the loss.
 */
final class HyperV2LossFeatures {
    /** Number of averages; the features are one fewer. */
    static final int AVERAGES = 10;
    static final int COUNT = AVERAGES - 1;
    /** The running minimum before any loss (hyper_v2 999999999999). */
    private static final double NO_MIN = 1e12;

    private final double[] decays;

    /** Half-lives logspace(1, log10(max(10, numSteps)), 10) steps, as hyper_v2 with its loss-buffer fix. */
    HyperV2LossFeatures(long numSteps) {
        double hi = Math.log10(Math.max(10, numSteps));
        decays = new double[AVERAGES];
        for (int k = 0; k < AVERAGES; k++) {
            double halfLife = Math.pow(10, 1 + (hi - 1) * k / (AVERAGES - 1));
            decays[k] = Math.exp(-1.0 / halfLife);
        }
    }

    /** The averages [10] and running minima [10] before any loss. */
    Var[] init(Ops ops) {
        return new Var[] {ops.constant(ops.tensors().zeros(DType.FLOAT64, AVERAGES)),
                ops.constant(ops.tensors().full(DType.FLOAT64, NO_MIN, AVERAGES))};
    }

    /**
     * The averages and minima after {@code loss} (a scalar), the {@code seen}-th loss (0-based).
     *
     * @return {means [10], runningMin [10]}
     */
    Var[] update(Ops ops, Var means, Var runningMin, Var loss, long seen) {
        Var clipAt = seen == 0 ? loss : ops.max(corrected(ops, means, seen), 0);
        Var clipped = ops.minimum(ops.abs(clipAt).mul(2.0), loss.reshape());
        Var d = ops.constant(decays, AVERAGES);
        Var next = means.mul(d).add(ops.sub(ops.scalar(DType.FLOAT64, 1.0), d).mul(clipped));
        return new Var[] {next, ops.minimum(runningMin, corrected(ops, next, seen + 1))};
    }

    /** The 9 features [9] after {@code seen} losses. */
    Var features(Ops ops, Var means, Var runningMin, long seen) {
        if (seen <= 2) return ops.constant(ops.tensors().zeros(DType.FLOAT64, COUNT));
        Var cor = corrected(ops, means, seen);
        Var longer = ops.sliceAxis(cor, 0, 1, AVERAGES);
        Var shorter = ops.sliceAxis(cor, 0, 0, COUNT);
        Var min = ops.sliceAxis(runningMin, 0, 0, COUNT);
        Var den = ops.maximum(longer.sub(min), ops.scalar(DType.FLOAT64, 1e-8));
        return clip(ops, shorter.sub(min).div(den).sub(1.0), -1, 1);
    }

    /** means / (1 - decay^n), the bias-corrected averages after n >= 1 losses. */
    private Var corrected(Ops ops, Var means, long n) {
        double[] c = new double[AVERAGES];
        for (int k = 0; k < AVERAGES; k++) c[k] = 1.0 / (1.0 - Math.pow(decays[k], n));
        return means.mul(ops.constant(c, AVERAGES));
    }

    /** min(max(x, lo), hi). */
    static Var clip(Ops ops, Var x, double lo, double hi) {
        return ops.minimum(ops.maximum(x, ops.scalarLike(x, lo)), ops.scalarLike(x, hi));
    }
}
