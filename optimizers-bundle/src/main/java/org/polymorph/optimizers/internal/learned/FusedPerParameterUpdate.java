package org.polymorph.optimizers.internal.learned;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * The update of a momentum-feature per-parameter learned optimizer (mlp_lopt, notebook_mlp) in
 * plain {@code double[]} loops, for when nothing differentiates it: θ, the params, the grads and the
 * accumulators are all {@linkplain Ops#isConstant constants}. It computes what
 * {@link PerTensorOptimizer}'s {@link Ops} path computes (the same formulas, in float64 whatever the
 * working dtype, so equal to rounding in float64) without building the [N, F] feature matrix and
 * the [N, hidden] activations as tensors: per parameter row, its features go through the MLP in
 * small arrays, and the step-embedding share of layer 1 ({@code shared @ w0[F:] + b0}, [hidden]) is
 * computed once per step.
 */
final class FusedPerParameterUpdate {
    /**
     * The features of one architecture. Momenta {@code m_j ← d_j·m_j + (1 − d_j)·g}, updated before use.
     *
     * @param decays    the momentum decays d_j
     * @param notebook  true: columns {@code [p, m, g]}, one decay, accumulator shaped like the parameter,
     *                  no normalisation (the no-dependency notebook); false: columns {@code [g, p, m_0 … m_k-1]}
     *                  normalised per tensor by {@code x·rsqrt(1e-5 + mean(x²))}, accumulators [size, k] (mlp_lopt.py)
     */
    record Layout(double[] decays, boolean notebook) {
        Layout {
            decays = decays.clone();
            if (notebook && decays.length != 1) throw new IllegalArgumentException("the notebook layout has one momentum decay");
        }

        /** Per-row feature columns. */
        int columns() { return notebook ? 3 : 2 + decays.length; }
    }

    /** The updates per tensor (the gradients' dtypes and shapes) and next accumulators (the working dtype). */
    record Result(List<Var> updates, List<Object> accumulators) { }

    private final Ops ops;
    private final Layout layout;
    private final int[] widths;
    /** Layer weights row-major: w[i] is [widths[i], widths[i+1]] (w[0] includes the step-feature rows), b[i] [widths[i+1]]. */
    private final double[][] w;
    private final double[][] b;
    private final double stepMult;
    private final double expMult;
    private final boolean stepFeatures;

    private FusedPerParameterUpdate(Ops ops, Layout layout, PerParameterMlp mlp, Map<String, Var> theta, double stepMult,
                                    double expMult, boolean stepFeatures) {
        this.ops = ops;
        this.layout = layout;
        this.widths = mlp.widths();
        this.stepMult = stepMult;
        this.expMult = expMult;
        this.stepFeatures = stepFeatures;
        int layers = mlp.layers();
        w = new double[layers][];
        b = new double[layers][];
        for (int i = 0; i < layers; i++) {
            w[i] = ops.tensors().toDoubleArray(theta.get("w" + i).value());
            b[i] = ops.tensors().toDoubleArray(theta.get("b" + i).value());
        }
        int shared = stepFeatures ? LoptFeatures.TIMESCALES.length : 0;
        if (widths[0] != layout.columns() + shared || widths[layers] != 2) {
            throw new IllegalArgumentException("an MLP " + widths[0] + " -> " + widths[layers] + " does not fit " + layout.columns()
                    + " feature columns, " + shared + " step features and the 2 outputs (a, b)");
        }
    }

    /**
     * The fused update for θ, or null when θ is traced (its derivative is wanted: the {@link Ops} path
     * must run).
     *
     * @param stepFeatures whether the MLP's last inputs are the 11 step features
     */
    static FusedPerParameterUpdate of(Ops ops, Layout layout, PerParameterMlp mlp, Map<String, Var> theta, double stepMult,
                                      double expMult, boolean stepFeatures) {
        for (Var v : theta.values()) if (!ops.isConstant(v)) return null;
        return new FusedPerParameterUpdate(ops, layout, mlp, theta, stepMult, expMult, stepFeatures);
    }

    /** Whether the params, grads and accumulators are all constants (nothing differentiates the update). */
    boolean applies(List<Var> params, List<Var> grads, List<Object> accumulators) {
        for (Var v : params) if (!ops.isConstant(v)) return false;
        for (Var v : grads) if (!ops.isConstant(v)) return false;
        for (Object a : accumulators) if (!(a instanceof Var v) || !ops.isConstant(v)) return false;
        return true;
    }

    /**
     * One update.
     *
     * @param params       the parameter tensors, any shapes
     * @param grads        their gradients, the same shapes
     * @param accumulators per tensor its momenta ({@link Layout}), from the previous step or zeros
     * @param step         the updates made before this one (the step embedding's t)
     * @param dtype        the working dtype: the accumulators' dtype
     */
    Result update(List<Var> params, List<Var> grads, List<Object> accumulators, long step, DType dtype) {
        TensorService ts = ops.tensors();
        int hidden = widths[1];
        double[] first = firstLayerBias(step);
        List<Var> updates = new ArrayList<>(params.size());
        List<Object> next = new ArrayList<>(params.size());
        int cols = layout.columns();
        int k = layout.decays().length;
        double[] h = new double[maxWidth()];
        double[] h2 = new double[maxWidth()];
        for (int t = 0; t < params.size(); t++) {
            Var gv = grads.get(t);
            double[] p = ts.toDoubleArray(params.get(t).value());
            double[] g = ts.toDoubleArray(gv.value());
            double[] acc = ts.toDoubleArray(((Var) accumulators.get(t)).value());
            int n = p.length;
            double[] x = new double[n * cols];
            double[] scale = features(p, g, acc, x);
            double[] delta = new double[n];
            for (int r = 0; r < n; r++) {
                // layer 1: x_r · scale @ w0[:F] + (shared @ w0[F:] + b0)
                System.arraycopy(first, 0, h, 0, hidden);
                for (int f = 0, row = r * cols; f < cols; f++) {
                    double xv = x[row + f] * scale[f];
                    if (xv == 0) continue;
                    double[] w0 = w[0];
                    for (int j = 0, at = f * hidden; j < hidden; j++) h[j] += xv * w0[at + j];
                }
                double[] in = h;
                double[] out = h2;
                for (int l = 1; l < w.length; l++) {
                    int wi = widths[l];
                    int wo = widths[l + 1];
                    System.arraycopy(b[l], 0, out, 0, wo);
                    for (int i = 0; i < wi; i++) {
                        double a = in[i];
                        if (a <= 0) continue;   // ReLU
                        for (int j = 0, at = i * wo; j < wo; j++) out[j] += a * w[l][at + j];
                    }
                    double[] swap = in;
                    in = out;
                    out = swap;
                }
                // p ← p − a·exp(exp_mult·b)·step_mult (LoptFeatures.delta)
                delta[r] = in[0] * Math.exp(in[1] * expMult) * -stepMult;
            }
            updates.add(ops.constant(cast(ts.fromArray(delta, gv.shape().toArray()), gv.dtype())));
            int[] accShape = layout.notebook() ? gv.shape().toArray() : new int[] {n, k};
            next.add(ops.constant(cast(ts.fromArray(acc, accShape), dtype)));
        }
        return new Result(updates, next);
    }

    /**
     * Fills {@code x} [n, columns] with one tensor's raw feature rows, updates {@code acc} to the
     * next momenta in place, and returns the per-column factors of the per-tensor normalisation (ones
     * for the notebook).
     */
    private double[] features(double[] p, double[] g, double[] acc, double[] x) {
        int n = p.length;
        int cols = layout.columns();
        double[] d = layout.decays();
        int k = d.length;
        double[] scale = new double[cols];
        if (layout.notebook()) {
            for (int r = 0; r < n; r++) {
                acc[r] = acc[r] * d[0] + g[r] * (1 - d[0]);
                x[r * 3] = p[r];
                x[r * 3 + 1] = acc[r];
                x[r * 3 + 2] = g[r];
            }
            Arrays.fill(scale, 1.0);
            return scale;
        }
        for (int r = 0; r < n; r++) {
            int row = r * cols;
            x[row] = g[r];
            x[row + 1] = p[r];
            for (int j = 0; j < k; j++) {
                double m = acc[r * k + j] * d[j] + g[r] * (1 - d[j]);
                acc[r * k + j] = m;
                x[row + 2 + j] = m;
            }
            for (int c = 0; c < cols; c++) scale[c] += x[row + c] * x[row + c];
        }
        // x·rsqrt(1e-5 + mean over the rows of x²) (LoptFeatures.normalize)
        for (int c = 0; c < cols; c++) scale[c] = 1.0 / Math.sqrt(scale[c] / n + 1e-5);
        return scale;
    }

    /** {@code b0} plus, with step features, {@code tanh(t/τ − 1) @ w0[F:]}: the first layer's share equal for all rows, [hidden]. */
    private double[] firstLayerBias(long step) {
        int hidden = widths[1];
        double[] c = b[0].clone();
        if (!stepFeatures) return c;
        int f = layout.columns();
        double[] tau = LoptFeatures.TIMESCALES;
        for (int i = 0; i < tau.length; i++) {
            double e = Math.tanh(step / tau[i] - 1.0);
            for (int j = 0, at = (f + i) * hidden; j < hidden; j++) c[j] += e * w[0][at + j];
        }
        return c;
    }

    private int maxWidth() {
        int m = 0;
        for (int i = 1; i < widths.length; i++) m = Math.max(m, widths[i]);
        return m;
    }

    private Tensor cast(Tensor x, DType dtype) { return x.dtype() == dtype ? x : ops.tensors().cast(x, dtype); }
}
