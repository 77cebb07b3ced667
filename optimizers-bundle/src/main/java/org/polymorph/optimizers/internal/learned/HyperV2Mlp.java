package org.polymorph.optimizers.internal.learned;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.TensorService;

/**
 * The per-parameter MLP of hyper_v2 with MLPLOpt's inputs, its weights mixed per tensor from a bank.
 *
 * <p>Mixing (hyper_v2 {@code interpolate_theta}): each MLP weight of tensor t is
 * {@code 100 * mean_k(controls[t, k] * W_k)} over the K weight sets of the bank.
 *
 * <p>Inputs per parameter are {@link MlpLOpt}'s 19 features (gradient, parameter and momenta normalised
 * over the tensor, then the 11 step embeddings) and, with {@code rms_features}, {@link #RMS_COLUMNS} more before the
 * step embeddings: m_j·r for each momentum, r and g·r with r = rsqrt(rms + 10⁻⁶), rms the second moment after this
 * gradient (hyper_v2.py's {@code norm_g}, {@code rsqrt} and {@code rms_norm_g} inputs; m_0.9·r is Adam's direction
 * without bias correction), normalised over the tensor like the others; the MLP is a {@link PerParameterMlp}. Its two outputs
 * (direction a, magnitude b) give the step of hyper_v2's {@code _ff_mod}:
 * <pre>
 *   update = -a * exp(exp_mult * b) * step_mult * s * [sqrt(mean(p^2) + 1e-9)  if param_scale_mult]
 * </pre>
 * with s the tensor's step multiplier from {@link HyperV2Lstm}.
 */
final class HyperV2Mlp {
    static final int OUTPUTS = 2;
    /** The per-parameter columns rms_features adds: m_j·r per momentum, r, g·r. */
    static final int RMS_COLUMNS = HyperV2Accumulators.MOMENTA + 2;
    /** ε of r = rsqrt(rms + ε) (hyper_v2.py 1e-6). */
    static final double RMS_EPS = 1e-6;

    private HyperV2Mlp() { }

    /**
     * The weights of every tensor's MLP: for each layer l, {W_l [T, in*out], b_l [T, out]} whose row t
     * holds tensor t's mixed weights, flattened.
     */
    static List<Var[]> mix(Ops ops, Map<String, Var> theta, Var controls, int layers) {
        int k = controls.dim(1);
        Var c = controls.mul(100.0 / k);
        List<Var[]> out = new ArrayList<>(layers + 1);
        for (int l = 0; l <= layers; l++) {
            Var w = theta.get(HyperV2.ffW(l));
            Var b = theta.get(HyperV2.ffB(l));
            out.add(new Var[] {ops.matmul(c, w.reshape(k, w.dim(1) * w.dim(2))), ops.matmul(c, b)});
        }
        return out;
    }

    /**
     * The bank as plain arrays, for the untraced path: per layer l, {@code w[l]} [K, in*out] and
     * {@code b[l]} [K, out], row-major.
     */
    record Bank(double[][] w, double[][] b) {
        static Bank of(TensorService ts, Map<String, Var> theta, int layers) {
            double[][] w = new double[layers + 1][];
            double[][] b = new double[layers + 1][];
            for (int l = 0; l <= layers; l++) {
                w[l] = ts.toDoubleArray(theta.get(HyperV2.ffW(l)).value());
                b[l] = ts.toDoubleArray(theta.get(HyperV2.ffB(l)).value());
            }
            return new Bank(w, b);
        }

        /** Tensor t's MLP weights, as {@link #mix} gives them: {@code Σ_k (100/K)·controls[t, k]·W_k}; controls [T, K] row-major. */
        FusedPerParameterUpdate.Weights mix(PerParameterMlp mlp, double[] controls, int t) {
            int k = b[0].length / mlp.widths()[1];
            double[] c = new double[k];
            for (int j = 0; j < k; j++) c[j] = controls[t * k + j] * (100.0 / k);
            return new FusedPerParameterUpdate.Weights(mlp.widths(), combine(w, c), combine(b, c));
        }

        private static double[][] combine(double[][] bank, double[] c) {
            double[][] out = new double[bank.length][];
            for (int l = 0; l < bank.length; l++) {
                int size = bank[l].length / c.length;
                out[l] = new double[size];
                for (int j = 0; j < c.length; j++) {
                    double cj = c[j];
                    for (int i = 0; i < size; i++) out[l][i] += cj * bank[l][j * size + i];
                }
            }
            return out;
        }
    }

    /**
     * The update [n] of one tensor.
     *
     * @param mixed {@link #mix}'s output
     * @param t     the tensor's row in it
     * @param mlp   the MLP's layout (widths {@link MlpLOpt#FEATURES}, hidden, {@link #OUTPUTS})
     * @param p     parameters [n]; g gradient [n]; m momenta after g [n, M]; rms the second moment after g [n]
     * @param step  the tensor's step multiplier, a scalar
     * @param count the step count before this update
     */
    static Var update(Ops ops, List<Var[]> mixed, int t, PerParameterMlp mlp, Var p, Var g, Var m, Var rms, Var step, long count,
                      HyperV2Config cfg) {
        int n = p.dim(0);
        int[] widths = mlp.widths();
        Map<String, Var> weights = new LinkedHashMap<>();
        for (int l = 0; l < mixed.size(); l++) {
            weights.put("w" + l, ops.sliceAxis(mixed.get(l)[0], 0, t, t + 1).reshape(widths[l], widths[l + 1]));
            weights.put("b" + l, ops.sliceAxis(mixed.get(l)[1], 0, t, t + 1).reshape(widths[l + 1]));
        }
        Var columns = ops.concat(1, g.reshape(n, 1), p.reshape(n, 1), m);
        if (cfg.rmsFeatures()) {
            Var r = ops.rsqrt(rms.add(RMS_EPS)).reshape(n, 1);
            columns = ops.concat(1, columns, m.mul(r), r, g.reshape(n, 1).mul(r));
        }
        Var x = LoptFeatures.normalize(columns);
        Var out = mlp.apply(weights, x, LoptFeatures.stepEmbedding(ops, count, x.dtype()));
        Var scale = step.mul(cfg.stepMult());
        if (cfg.paramScaleMult()) scale = scale.mul(ops.sqrt(ops.mean(p.square()).add(1e-9)));
        return LoptFeatures.delta(out, 1.0, cfg.expMult()).reshape(n).mul(scale);
    }
}
