package org.polymorph.optimizers.internal.learned.hyper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;

/**
 * The per-parameter MLP of hyper_v2 with MLPLOpt's inputs, and its weights mixed per tensor from a bank.
 *
 * <p>Mixing (hyper_v2 {@code interpolate_theta}): each MLP weight of tensor t is
 * {@code 100 * mean_k(controls[t, k] * W_k)} over the K weight sets of the bank.
 *
 * <p>Inputs per parameter (learned_optimization learned_optimizers/mlp_lopt.py, 19 features): the gradient,
 * the parameter and the M = 6 momenta, each normalised over the tensor by {@code x / sqrt(1e-5 + mean(x^2))},
 * then 11 step embeddings {@code tanh(t / tau - 1)}, tau in {@link #TIME_SCALES}, with t the step before
 * this update. The embeddings are the same for every parameter, so their product with the first layer's
 * rows is added to its bias. Hidden layers are ReLU; the two outputs (direction d, magnitude a) give the
 * step of hyper_v2's {@code _ff_mod}:
 * <pre>
 *   update = -d * exp(exp_mult * a) * step_mult * s * [sqrt(mean(p^2) + 1e-9)  if param_scale_mult]
 * </pre>
 * with s the tensor's step multiplier from {@link TensorLstm}.
 */
final class ParamMlp {
    static final double[] TIME_SCALES = {1, 3, 10, 30, 100, 300, 1000, 3000, 1e4, 3e4, 1e5};
    /** Normalised per-parameter inputs: g, p and the momenta. */
    static final int NORMALISED = 2 + Accumulators.MOMENTA;
    /** All inputs. */
    static final int COUNT = NORMALISED + TIME_SCALES.length;
    static final int OUTPUTS = 2;

    private ParamMlp() { }

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
     * The update [n] of one tensor.
     *
     * @param mixed  {@link #mix}'s output
     * @param t      the tensor's row in it
     * @param widths the layer widths: COUNT, the hidden sizes, OUTPUTS
     * @param p      parameters [n]; g gradient [n]; m momenta after g [n, M]
     * @param step   the tensor's step multiplier, a scalar
     * @param count  the step count before this update
     */
    static Var update(Ops ops, List<Var[]> mixed, int t, int[] widths, Var p, Var g, Var m, Var step, long count,
                      HyperV2Config cfg) {
        Var x = ops.concat(1, ops.expandDims(g, 1), ops.expandDims(p, 1), m);
        x = x.mul(ops.rsqrt(ops.mean(x.square(), 0).add(1e-5)));
        Var o = null;
        for (int l = 0; l < mixed.size(); l++) {
            Var w = ops.sliceAxis(mixed.get(l)[0], 0, t, t + 1).reshape(widths[l], widths[l + 1]);
            Var b = ops.sliceAxis(mixed.get(l)[1], 0, t, t + 1).reshape(widths[l + 1]);
            if (l == 0) {
                Var wTime = ops.sliceAxis(w, 0, NORMALISED, COUNT);
                b = b.add(ops.matmul(timeEmbedding(ops, count).reshape(1, TIME_SCALES.length), wTime).reshape(widths[1]));
                w = ops.sliceAxis(w, 0, 0, NORMALISED);
                o = TensorLstm.dense(ops, x, w, b);
            } else {
                o = TensorLstm.dense(ops, o, w, b);
            }
            if (l < mixed.size() - 1) o = TensorLstm.relu(ops, o);
        }
        Var direction = ops.sliceAxis(o, 1, 0, 1).reshape(p.dim(0));
        Var magnitude = ops.sliceAxis(o, 1, 1, 2).reshape(p.dim(0));
        Var scale = step.mul(cfg.stepMult());
        if (cfg.paramScaleMult()) scale = scale.mul(ops.sqrt(ops.mean(p.square()).add(1e-9)));
        return direction.mul(ops.exp(magnitude.mul(cfg.expMult()))).mul(scale).neg();
    }

    /** tanh(t / tau - 1) for tau in TIME_SCALES [11]. */
    static Var timeEmbedding(Ops ops, long count) {
        double[] v = new double[TIME_SCALES.length];
        for (int i = 0; i < v.length; i++) v[i] = Math.tanh(count / TIME_SCALES[i] - 1);
        return ops.constant(v, v.length);
    }
}
