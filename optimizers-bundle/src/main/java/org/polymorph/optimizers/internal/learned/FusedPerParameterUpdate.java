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
 * The update of a per-parameter learned optimizer (mlp_lopt, notebook_mlp, adafac_mlp_lopt, and the
 * per-parameter share of hyper_v2) in plain {@code double[]} loops, for when nothing differentiates it:
 * θ, the params, the grads and the accumulators are all {@linkplain Ops#isConstant constants}. It
 * computes what {@link PerTensorOptimizer}'s {@link Ops} path computes (the same formulas, in float64
 * whatever the working dtype, so equal to rounding in float64) without building the [N, F] feature
 * matrix and the [N, hidden] activations as tensors: per parameter row, its features go through the
 * MLP in small arrays, and the step-embedding share of layer 1 ({@code shared @ w0[F:] + b0},
 * [hidden]) is computed once per step and weight set.
 */
final class FusedPerParameterUpdate {
    /** How one tensor's raw feature rows and next accumulators come from its parameter and gradient. */
    interface Layout {
        /** Per-row feature columns F (the MLP's inputs less the step features). */
        int columns();

        /** Whether the columns are normalised per tensor by {@code x·rsqrt(1e-5 + mean(x²))} ({@link LoptFeatures#normalize}). */
        boolean normalised();

        /**
         * Fills {@code x} [n, columns] with one tensor's raw feature rows and updates its accumulators in place.
         *
         * @param p     the parameter, flattened [n]
         * @param g     its gradient [n]
         * @param shape the parameter's shape
         * @param acc   its accumulators' values, in the order the architecture's state holds them
         */
        void features(double[] p, double[] g, int[] shape, double[][] acc, double[] x);
    }

    /**
     * Momentum features. Momenta {@code m_j ← d_j·m_j + (1 − d_j)·g}, updated before use.
     *
     * @param decays    the momentum decays d_j
     * @param notebook  true: columns {@code [p, m, g]}, one decay, accumulator shaped like the parameter,
     *                  no normalisation (the no-dependency notebook); false: columns {@code [g, p, m_0 … m_k-1]}
     *                  normalised per tensor, accumulator [size, k] (mlp_lopt.py, and hyper_v2's per-parameter MLP)
     */
    record Momenta(double[] decays, boolean notebook) implements Layout {
        Momenta {
            decays = decays.clone();
            if (notebook && decays.length != 1) throw new IllegalArgumentException("the notebook layout has one momentum decay");
        }

        @Override public int columns() { return notebook ? 3 : 2 + decays.length; }

        @Override public boolean normalised() { return !notebook; }

        @Override
        public void features(double[] p, double[] g, int[] shape, double[][] accumulators, double[] x) {
            double[] acc = accumulators[0];
            int n = p.length;
            double[] d = decays;
            if (notebook) {
                for (int r = 0; r < n; r++) {
                    acc[r] = acc[r] * d[0] + g[r] * (1 - d[0]);
                    x[r * 3] = p[r];
                    x[r * 3 + 1] = acc[r];
                    x[r * 3 + 2] = g[r];
                }
                return;
            }
            int cols = columns();
            for (int r = 0; r < n; r++) momentumRow(d, acc, p, g, r, x, r * cols);
        }

        /**
         * Row r's columns {@code [g, p, m_0 … m_k-1]} at x[row …], its momenta {@code acc} [n, k] updated by
         * {@code m_j ← d_j·m_j + (1 − d_j)·g} first.
         */
        static void momentumRow(double[] decays, double[] acc, double[] p, double[] g, int r, double[] x, int row) {
            int k = decays.length;
            x[row] = g[r];
            x[row + 1] = p[r];
            for (int j = 0; j < k; j++) {
                double m = acc[r * k + j] * decays[j] + g[r] * (1 - decays[j]);
                acc[r * k + j] = m;
                x[row + 2 + j] = m;
            }
        }
    }

    /**
     * {@link Momenta}'s normalised columns {@code [g, p, m_0 … m_k-1]} followed by hyper_v2's second-moment columns
     * {@code m_j·r} (per momentum), {@code r} and {@code g·r}, r = rsqrt(rms + {@link HyperV2Mlp#RMS_EPS}) with
     * {@code rms ← rmsDecay·rms + (1 − rmsDecay)·g²} updated before use; accumulators {momenta [size, k], rms [size]}.
     */
    record MomentaRms(double[] decays, double rmsDecay) implements Layout {
        MomentaRms { decays = decays.clone(); }

        @Override public int columns() { return 2 * decays.length + 4; }

        @Override public boolean normalised() { return true; }

        @Override
        public void features(double[] p, double[] g, int[] shape, double[][] accumulators, double[] x) {
            double[] acc = accumulators[0];
            double[] rms = accumulators[1];
            int k = decays.length;
            int cols = columns();
            for (int r = 0; r < p.length; r++) {
                int row = r * cols;
                Momenta.momentumRow(decays, acc, p, g, r, x, row);
                rms[r] = rms[r] * rmsDecay + g[r] * g[r] * (1 - rmsDecay);
                double inv = 1.0 / Math.sqrt(rms[r] + HyperV2Mlp.RMS_EPS);
                for (int j = 0; j < k; j++) x[row + 2 + k + j] = x[row + 2 + j] * inv;
                x[row + 2 + 2 * k] = inv;
                x[row + 3 + 2 * k] = g[r] * inv;
            }
        }
    }

    /**
     * One MLP's weights as plain arrays: {@code w[l]} row-major [widths[l], widths[l+1]] (w[0] includes
     * the step-feature rows), {@code b[l]} [widths[l+1]]; ReLU between layers, outputs (a, b).
     */
    record Weights(int[] widths, double[][] w, double[][] b) {
        /** The weights {@code w0, b0, w1, …} of {@code mlp} read from θ. */
        static Weights of(TensorService ts, PerParameterMlp mlp, Map<String, Var> theta) {
            int layers = mlp.layers();
            double[][] w = new double[layers][];
            double[][] b = new double[layers][];
            for (int i = 0; i < layers; i++) {
                w[i] = ts.toDoubleArray(theta.get("w" + i).value());
                b[i] = ts.toDoubleArray(theta.get("b" + i).value());
            }
            return new Weights(mlp.widths(), w, b);
        }

        /**
         * {@code b0} plus, with step features, {@code tanh(t/τ − 1) @ w0[F:]}: the first layer's share
         * equal for all rows, [hidden].
         *
         * @param columns F, the per-row feature columns before the step features
         */
        double[] firstLayerBias(long step, int columns, boolean stepFeatures) {
            int hidden = widths[1];
            double[] c = b[0].clone();
            if (!stepFeatures) return c;
            double[] tau = LoptFeatures.TIMESCALES;
            for (int i = 0; i < tau.length; i++) {
                double e = Math.tanh(step / tau[i] - 1.0);
                for (int j = 0, at = (columns + i) * hidden; j < hidden; j++) c[j] += e * w[0][at + j];
            }
            return c;
        }

        /**
         * The MLP on each row of {@code x} [n, cols] (column c multiplied by {@code scale[c]}), the
         * first layer starting from {@code first}; {@code delta[r] = a·exp(expMult·b)·(−stepMult)}
         * ({@link LoptFeatures#delta}).
         */
        void apply(double[] x, double[] scale, int n, int cols, double[] first, double stepMult, double expMult, double[] delta) {
            int hidden = widths[1];
            int max = 0;
            for (int i = 1; i < widths.length; i++) max = Math.max(max, widths[i]);
            double[] h = new double[max];
            double[] h2 = new double[max];
            double[] w0 = w[0];
            for (int r = 0; r < n; r++) {
                // layer 1: x_r · scale @ w0[:F] + (shared @ w0[F:] + b0)
                System.arraycopy(first, 0, h, 0, hidden);
                for (int f = 0, row = r * cols; f < cols; f++) {
                    double xv = x[row + f] * scale[f];
                    if (xv == 0) continue;
                    for (int j = 0, at = f * hidden; j < hidden; j++) h[j] += xv * w0[at + j];
                }
                double[] in = h;
                double[] out = h2;
                for (int l = 1; l < w.length; l++) {
                    int wi = widths[l];
                    int wo = widths[l + 1];
                    double[] wl = w[l];
                    System.arraycopy(b[l], 0, out, 0, wo);
                    for (int i = 0; i < wi; i++) {
                        double a = in[i];
                        if (a <= 0) continue;   // ReLU
                        for (int j = 0, at = i * wo; j < wo; j++) out[j] += a * wl[at + j];
                    }
                    double[] swap = in;
                    in = out;
                    out = swap;
                }
                // p ← p − a·exp(exp_mult·b)·step_mult
                delta[r] = in[0] * Math.exp(in[1] * expMult) * -stepMult;
            }
        }
    }

    /** The updates per tensor (the gradients' dtypes and shapes) and next accumulators (the working dtype). */
    record Result(List<Var> updates, List<Object> accumulators) { }

    private final Ops ops;
    private final Layout layout;
    private final Weights weights;
    private final double stepMult;
    private final double expMult;
    private final boolean stepFeatures;

    private FusedPerParameterUpdate(Ops ops, Layout layout, PerParameterMlp mlp, Map<String, Var> theta, double stepMult,
                                    double expMult, boolean stepFeatures) {
        this.ops = ops;
        this.layout = layout;
        this.weights = Weights.of(ops.tensors(), mlp, theta);
        this.stepMult = stepMult;
        this.expMult = expMult;
        this.stepFeatures = stepFeatures;
        int[] widths = mlp.widths();
        int shared = stepFeatures ? LoptFeatures.TIMESCALES.length : 0;
        if (widths[0] != layout.columns() + shared || widths[mlp.layers()] != 2) {
            throw new IllegalArgumentException("an MLP " + widths[0] + " -> " + widths[mlp.layers()] + " does not fit " + layout.columns()
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

    /** Whether the params, grads and accumulators (Vars or lists of Vars) are all constants (nothing differentiates the update). */
    boolean applies(List<Var> params, List<Var> grads, List<Object> accumulators) {
        for (Var v : params) if (!ops.isConstant(v)) return false;
        for (Var v : grads) if (!ops.isConstant(v)) return false;
        for (Object a : accumulators) for (Var v : leaves(a)) if (v == null || !ops.isConstant(v)) return false;
        return true;
    }

    /**
     * One update.
     *
     * @param params       the parameter tensors, any shapes
     * @param grads        their gradients, the same shapes
     * @param accumulators per tensor its accumulators ({@link Layout}; a Var or a list of Vars), from the previous step or init
     * @param step         the updates made before this one (the step embedding's t)
     * @param dtype        the working dtype: the accumulators' dtype
     */
    Result update(List<Var> params, List<Var> grads, List<Object> accumulators, long step, DType dtype) {
        TensorService ts = ops.tensors();
        double[] first = weights.firstLayerBias(step, layout.columns(), stepFeatures);
        List<Var> updates = new ArrayList<>(params.size());
        List<Object> next = new ArrayList<>(params.size());
        for (int t = 0; t < params.size(); t++) {
            Var gv = grads.get(t);
            List<Var> in = leaves(accumulators.get(t));
            double[][] acc = new double[in.size()][];
            for (int j = 0; j < acc.length; j++) acc[j] = ts.toDoubleArray(in.get(j).value());
            double[] delta = delta(weights, layout, ts.toDoubleArray(params.get(t).value()), ts.toDoubleArray(gv.value()),
                    gv.shape().toArray(), acc, first, stepMult, expMult);
            updates.add(ops.constant(cast(ts.fromArray(delta, gv.shape().toArray()), gv.dtype())));
            List<Var> out = new ArrayList<>(acc.length);
            for (int j = 0; j < acc.length; j++) out.add(ops.constant(cast(ts.fromArray(acc[j], in.get(j).shape().toArray()), dtype)));
            next.add(accumulators.get(t) instanceof Var ? out.get(0) : List.copyOf(out));
        }
        return new Result(updates, next);
    }

    /**
     * One tensor's parameter changes [n]: its feature rows ({@code layout}, accumulators updated in
     * place), normalised when the layout says so, through the MLP {@code weights}.
     *
     * @param first {@link Weights#firstLayerBias} for this step
     */
    static double[] delta(Weights weights, Layout layout, double[] p, double[] g, int[] shape, double[][] acc, double[] first,
                          double stepMult, double expMult) {
        int n = p.length;
        int cols = layout.columns();
        double[] x = new double[n * cols];
        layout.features(p, g, shape, acc, x);
        double[] scale = new double[cols];
        if (layout.normalised()) {
            for (int r = 0; r < n; r++) for (int c = 0, row = r * cols; c < cols; c++) scale[c] += x[row + c] * x[row + c];
            // x·rsqrt(1e-5 + mean over the rows of x²) (LoptFeatures.normalize)
            for (int c = 0; c < cols; c++) scale[c] = 1.0 / Math.sqrt(scale[c] / n + 1e-5);
        } else {
            Arrays.fill(scale, 1.0);
        }
        double[] delta = new double[n];
        weights.apply(x, scale, n, cols, first, stepMult, expMult, delta);
        return delta;
    }

    /** An accumulator entry as its list of tensors (a Var alone, or a list); null entries for anything else. */
    private static List<Var> leaves(Object acc) {
        if (acc instanceof Var v) return List.of(v);
        List<Var> out = new ArrayList<>();
        if (acc instanceof List<?> l) for (Object o : l) out.add(o instanceof Var v ? v : null);
        else out.add(null);
        return out;
    }

    private Tensor cast(Tensor x, DType dtype) { return x.dtype() == dtype ? x : ops.tensors().cast(x, dtype); }
}
