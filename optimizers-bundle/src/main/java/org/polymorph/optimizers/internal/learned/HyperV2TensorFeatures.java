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

    /**
     * {@link #of} in plain arrays, for the untraced path ({@link FusedHyperV2Update}): the same formulas in float64.
     *
     * @param m    momenta [n, M] row-major
     * @param loss the loss features [9]
     */
    static double[] values(double[] p, double[] m, double[] rms, int[] shape, double fraction, double[] loss) {
        int n = p.length;
        int k = HyperV2Accumulators.MOMENTA;
        double sq = 0;
        for (double x : p) sq += x * x;
        double norm = 1.0 / Math.sqrt(Math.max(sq / n, 1e-9));
        double[] mean = new double[k];
        for (int r = 0; r < n; r++) for (int j = 0; j < k; j++) mean[j] += m[r * k + j] * norm;
        for (int j = 0; j < k; j++) mean[j] /= n;
        double[] varM = new double[k];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < k; j++) {
                double d = m[r * k + j] * norm - mean[j];
                varM[j] += d * d;
            }
        }
        double meanRms = 0;
        for (double x : rms) meanRms += x * norm;
        meanRms /= n;
        double varRms = 0;
        for (double x : rms) varRms += (x * norm - meanRms) * (x * norm - meanRms);
        double[] out = new double[COUNT];
        double[] fe = fractionValues(fraction);
        System.arraycopy(fe, 0, out, 0, fe.length);
        int at = fe.length;
        System.arraycopy(loss, 0, out, at, loss.length);
        at += loss.length;
        out[at++] = clipLogAbs(meanRms);
        double[] rank = rankValues(shape);
        System.arraycopy(rank, 0, out, at, RANKS);
        at += RANKS;
        for (int j = 0; j < k; j++) out[at++] = clipLogAbs(varM[j] / n);
        out[at] = clipLogAbs(varRms / n);
        return out;
    }

    static Var fractionEmbedding(Ops ops, double fraction) {
        double[] v = fractionValues(fraction);
        return ops.constant(v, v.length);
    }

    /** tanh(10 (fraction - s)) for s in {@link #FRACTION_SCALES}. */
    private static double[] fractionValues(double fraction) {
        double[] v = new double[FRACTION_SCALES.length];
        for (int i = 0; i < v.length; i++) v[i] = Math.tanh(10 * (fraction - FRACTION_SCALES[i]));
        return v;
    }

    static Var rankOneHot(Ops ops, int[] shape) { return ops.constant(rankValues(shape), RANKS); }

    /** The one-hot [5] of the number of axes longer than 1. */
    private static double[] rankValues(int[] shape) {
        int r = 0;
        for (int d : shape) if (d > 1) r++;
        double[] v = new double[RANKS];
        v[Math.min(r, RANKS - 1)] = 1;
        return v;
    }

    private static Var clipLogAbs(Ops ops, Var v) {
        Var mag = ops.log(ops.abs(v.mul(10.0)).add(1e-8));
        return HyperV2LossFeatures.clip(ops, mag, -5, 5).mul(0.5);
    }

    private static double clipLogAbs(double v) {
        return Math.min(Math.max(Math.log(Math.abs(v * 10.0) + 1e-8), -5), 5) * 0.5;
    }
}
