package org.polymorph.optimizers.internal.learned;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;

/**
 * The per-tensor inputs of hyper_v2's LSTM (learned_optimization research/general_lopt/hyper_v2.py,
 * {@code lstm_features_for_tensor}), in its order (sorted by name):
 * <pre>
 *   fraction_left [9]  tanh(10 (t/numSteps - s)), s in {0.03, 0.1, 0.2, 0.4, 0.6, 0.8, 0.9, 1.0, 1.1}
 *   loss_features [9]  {@link HyperV2LossFeatures}
 *   mean_rms      [1]  clip_log_abs(mean(rms'))
 *   rank          [5]  one-hot of the number of axes longer than 1 (4 and above share the last slot)
 *   var_m         [M]  clip_log_abs(var over the tensor of each momentum m')
 *   var_rms       [1]  clip_log_abs(var over the tensor of rms')
 * </pre>
 * with {@code x' = x / sqrt(max(1e-9, mean(p^2)))} and {@code clip_log_abs(v) = clip(log(1e-8 + |10 v|), -5, 5) / 2}.
 * M is the number of momentum decays ({@link HyperV2Accumulators#MOMENTUM_DECAYS}). hyper_v2 centres var_rms on the
 * momentum's mean; here it is the variance of rms'.
 */
final class HyperV2TensorFeatures {
    static final double[] FRACTION_SCALES = {0.03, 0.1, 0.2, 0.4, 0.6, 0.8, 0.9, 1.0, 1.1};
    static final int RANKS = 5;
    /** Number of features per tensor. */
    static final int COUNT = FRACTION_SCALES.length + HyperV2LossFeatures.COUNT + 1 + RANKS + HyperV2Accumulators.MOMENTA + 1;

    private HyperV2TensorFeatures() { }

    /**
     * The features [COUNT] of one tensor.
     *
     * @param p        the parameter values, flattened [n]
     * @param m        its momenta before this step's gradient [n, M]
     * @param rms      its second-moment average before this step's gradient [n]
     * @param shape    the tensor's shape (for the rank feature)
     * @param fraction t / numSteps (0 when the length is unknown)
     * @param loss     the loss features [9]
     */
    static Var of(Ops ops, Var p, Var m, Var rms, int[] shape, double fraction, Var loss) {
        Var norm = ops.rsqrt(ops.maximum(ops.mean(p.square()), ops.scalar(DType.FLOAT64, 1e-9)));
        Var mn = m.mul(norm);
        Var rn = rms.mul(norm);
        Var varM = mn.sub(ops.mean(mn, 0)).square().mean(0);
        Var meanRms = ops.mean(rn);
        Var varRms = rn.sub(meanRms).square().mean();
        return ops.concat(0, fractionEmbedding(ops, fraction), loss, clipLogAbs(ops, meanRms).reshape(1),
                rankOneHot(ops, shape), clipLogAbs(ops, varM), clipLogAbs(ops, varRms).reshape(1));
    }

    static Var fractionEmbedding(Ops ops, double fraction) {
        double[] v = new double[FRACTION_SCALES.length];
        for (int i = 0; i < v.length; i++) v[i] = Math.tanh(10 * (fraction - FRACTION_SCALES[i]));
        return ops.constant(v, v.length);
    }

    static Var rankOneHot(Ops ops, int[] shape) {
        int r = 0;
        for (int d : shape) if (d > 1) r++;
        double[] v = new double[RANKS];
        v[Math.min(r, RANKS - 1)] = 1;
        return ops.constant(v, RANKS);
    }

    private static Var clipLogAbs(Ops ops, Var v) {
        Var mag = ops.log(ops.abs(v.mul(10.0)).add(1e-8));
        return HyperV2LossFeatures.clip(ops, mag, -5, 5).mul(0.5);
    }
}
