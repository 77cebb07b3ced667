package org.polymorph.optimizers.internal.learned;

import java.util.Map;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.TensorService;

/**
 * adafac_mlp_lopt's 28 per-parameter feature columns and accumulator updates in plain loops, for
 * {@link FusedPerParameterUpdate}: the same formulas as {@link AdafacMlpLOpt}'s {@code features}
 * (learned_optimization learned_optimizers/adafac_mlp_lopt.py and common.py), in float64. Accumulators
 * per tensor, in the state's order: momenta [s…, 3], second moment [s…, 1] and either the Adafactor row
 * and column statistics (rank ≥ 2: [s without the largest axis, 3] and [s without the second largest, 3])
 * or the full statistic [s…, 3]; s is the parameter's shape, a scalar taken as [1].
 *
 * @param momentum  the momentum decays d = 1 − (1 − d₀)·exp(10·θ) (3)
 * @param rms       the second-moment decay, clipped to [0, 1] (1)
 * @param adafactor the Adafactor decays, clipped to [0, 1] (3)
 */
record FusedAdafactorFeatures(double[] momentum, double[] rms, double[] adafactor) implements FusedPerParameterUpdate.Layout {
    FusedAdafactorFeatures {
        momentum = momentum.clone();
        rms = rms.clone();
        adafactor = adafactor.clone();
        if (rms.length != 1 || adafactor.length != momentum.length) {
            throw new IllegalArgumentException("the adafactor layout takes one rms decay and as many Adafactor as momentum decays");
        }
    }

    /** The decays of θ's {@code momentum_decays}, {@code rms_decays} and {@code adafactor_decays}. */
    static FusedAdafactorFeatures of(TensorService ts, Map<String, Var> theta) {
        return new FusedAdafactorFeatures(decays(ts, theta.get("momentum_decays"), AdafacMlpLOpt.MOMENTUM_DECAYS, false),
                decays(ts, theta.get("rms_decays"), AdafacMlpLOpt.RMS_DECAYS, true),
                decays(ts, theta.get("adafactor_decays"), AdafacMlpLOpt.ADAFACTOR_DECAYS, true));
    }

    /** {@code 1 − (1 − d₀)·exp(10·θ)}, optionally clipped to [0, 1] (AdafacMlpLOpt's decay). */
    private static double[] decays(TensorService ts, Var theta, double[] d0, boolean clip) {
        double[] th = ts.toDoubleArray(theta.value());
        double[] d = new double[d0.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = -(Math.exp(th[i] * 10.0) * (1 - d0[i])) + 1.0;
            if (clip) d[i] = Math.min(Math.max(d[i], 0), 1);
        }
        return d;
    }

    @Override public int columns() { return AdafacMlpLOpt.NORMALISED; }

    @Override public boolean normalised() { return true; }

    @Override
    public void features(double[] p, double[] g, int[] shape, double[][] acc, double[] x) {
        int[] s = shape.length == 0 ? new int[] {1} : shape;
        int n = p.length;
        int k = momentum.length;
        double[] m = acc[0];
        double[] v2 = acc[1];
        double dr = rms[0];
        for (int e = 0; e < n; e++) {
            for (int j = 0; j < k; j++) m[e * k + j] = m[e * k + j] * momentum[j] + g[e] * (1 - momentum[j]);
            v2[e] = v2[e] * dr + g[e] * g[e] * (1 - dr);
        }
        // per element and decay: the row and column features and the factors of the factored gradient and momentum
        double[] row = new double[n * k];
        double[] col = new double[n * k];
        double[] factor = new double[n * k];
        double[] momentFactor = new double[n * k];
        int[] f = AdafacMlpLOpt.factoredDims(s);
        if (f != null) {
            factored(g, s, f[0], f[1], acc[2], acc[3], row, col, factor);
            System.arraycopy(factor, 0, momentFactor, 0, factor.length);
        } else {
            double[] v = acc[2];
            for (int e = 0; e < n; e++) {
                double gsq = g[e] * g[e] + 1e-30;
                for (int j = 0; j < k; j++) {
                    int i = e * k + j;
                    v[i] = v[i] * adafactor[j] + gsq * (1 - adafactor[j]);
                    row[i] = v[i];
                    col[i] = v[i];
                    factor[i] = safeRsqrt(v[i] + 1e-9);
                    momentFactor[i] = 1.0 / Math.sqrt(v[i] + 1e-6);
                }
            }
        }
        // columns g, p, m(k), rms, m·rsqrt(rms + 1e-6)(k), rsqrt(rms + 1e-6), g·factor(k), row(k), col(k),
        // rsqrt(row + 1e-8)(k), rsqrt(col + 1e-8)(k), m·factor(k)
        int cols = columns();
        for (int e = 0; e < n; e++) {
            int at = e * cols;
            double rs = 1.0 / Math.sqrt(v2[e] + 1e-6);
            x[at] = g[e];
            x[at + 1] = p[e];
            x[at + 2 + k] = v2[e];
            x[at + 3 + 2 * k] = rs;
            for (int j = 0; j < k; j++) {
                int i = e * k + j;
                x[at + 2 + j] = m[i];
                x[at + 3 + k + j] = m[i] * rs;
                x[at + 4 + 2 * k + j] = g[e] * factor[i];
                x[at + 4 + 3 * k + j] = row[i];
                x[at + 4 + 4 * k + j] = col[i];
                x[at + 4 + 5 * k + j] = 1.0 / Math.sqrt(row[i] + 1e-8);
                x[at + 4 + 6 * k + j] = 1.0 / Math.sqrt(col[i] + 1e-8);
                x[at + 4 + 7 * k + j] = m[i] * momentFactor[i];
            }
        }
    }

    /**
     * Adafactor's factored statistics of a tensor of shape {@code s} (rank ≥ 2; common.py
     * {@code factored_dims}, adafac_mlp_lopt.py): {@code vRow ← d·vRow + (1 − d)·mean over axis d0 of (g² + 1e-30)},
     * {@code vCol} likewise over axis d1 (both updated in place, [·, k]); per element its row and column
     * statistic and the factor {@code safe_rsqrt(vRow / (mean over d1 of vRow + 1e-9))·safe_rsqrt(vCol)}.
     *
     * @param d1 the axis of the second largest dimension; d0 that of the largest
     */
    private void factored(double[] g, int[] s, int d1, int d0, double[] vRow, double[] vCol, double[] row, double[] col, double[] factor) {
        int n = g.length;
        int k = adafactor.length;
        int[] rowOf = dropAxis(s, d0);
        int[] colOf = dropAxis(s, d1);
        double[] rowSum = new double[n / s[d0]];
        double[] colSum = new double[n / s[d1]];
        for (int e = 0; e < n; e++) {
            double gsq = g[e] * g[e] + 1e-30;
            rowSum[rowOf[e]] += gsq;
            colSum[colOf[e]] += gsq;
        }
        accumulate(vRow, rowSum, s[d0]);
        accumulate(vCol, colSum, s[d1]);
        // the mean of vRow over axis d1 of its own shape (s without d0)
        int[] rowShape = new int[s.length - 1];
        for (int i = 0, j = 0; i < s.length; i++) if (i != d0) rowShape[j++] = s[i];
        int axis = d1 > d0 ? d1 - 1 : d1;
        int[] meanOf = dropAxis(rowShape, axis);
        double[] rowMean = new double[meanOf.length / rowShape[axis] * k];
        for (int r = 0; r < meanOf.length; r++) for (int j = 0; j < k; j++) rowMean[meanOf[r] * k + j] += vRow[r * k + j];
        for (int i = 0; i < rowMean.length; i++) rowMean[i] /= rowShape[axis];
        double[] rowFactor = new double[vRow.length];
        for (int r = 0; r < meanOf.length; r++) {
            for (int j = 0; j < k; j++) rowFactor[r * k + j] = safeRsqrt(vRow[r * k + j] / (rowMean[meanOf[r] * k + j] + 1e-9));
        }
        for (int e = 0; e < n; e++) {
            for (int j = 0; j < k; j++) {
                int ri = rowOf[e] * k + j;
                int ci = colOf[e] * k + j;
                row[e * k + j] = vRow[ri];
                col[e * k + j] = vCol[ci];
                factor[e * k + j] = rowFactor[ri] * safeRsqrt(vCol[ci]);
            }
        }
    }

    /** {@code v[i, j] ← v[i, j]·d_j + (sum[i] / count)·(1 − d_j)}, v [·, k]. */
    private void accumulate(double[] v, double[] sum, int count) {
        int k = adafactor.length;
        for (int i = 0; i < sum.length; i++) {
            double mean = sum[i] / count;
            for (int j = 0; j < k; j++) v[i * k + j] = v[i * k + j] * adafactor[j] + mean * (1 - adafactor[j]);
        }
    }

    /** For each flat (row-major) index of {@code shape}, the flat index of the same element with {@code axis} removed. */
    private static int[] dropAxis(int[] shape, int axis) {
        int inner = 1;
        for (int i = axis + 1; i < shape.length; i++) inner *= shape[i];
        int len = shape[axis];
        int n = inner * len;
        for (int i = 0; i < axis; i++) n *= shape[i];
        int[] out = new int[n];
        for (int e = 0; e < n; e++) out[e] = e / (inner * len) * inner + e % inner;
        return out;
    }

    /** {@code rsqrt(max(x, 1e-9))} (common.safe_rsqrt). */
    private static double safeRsqrt(double x) { return 1.0 / Math.sqrt(Math.max(x, 1e-9)); }
}
