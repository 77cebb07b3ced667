package org.polymorph.optimizers.internal.learned;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.ReduceOp;
import org.polymorph.core.tensor.Shape;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.learned.LearnedOptimizer;

/**
 * AdafacMLPLOpt (learned_optimization {@code learned_optimizers/adafac_mlp_lopt.py} with its
 * default {@code concat_weights=True}, and the accumulators of {@code learned_optimizers/common.py}).
 * Accumulators with learnable decays {@code d = 1 − (1 − d₀)·exp(10·θ_d)} (θ_d = 0 at init):
 * 3 momenta {@code m ← d·m + (1 − d)·g} (d₀ 0.9, 0.99, 0.999), one second moment
 * {@code rms ← d·rms + (1 − d)·g²} (d₀ 0.999) and 3 Adafactor statistics (d₀ 0.9, 0.99, 0.999; the rms and
 * Adafactor decays clipped to [0, 1]): for a tensor of rank ≥ 2 the row and column means of
 * {@code g² + 1e-30} over its two largest axes, else the full {@code g² + 1e-30}. Per parameter 28
 * features normalised per tensor: g, p, m(3), rms(1), m·rsqrt(rms + 1e-6)(3), rsqrt(rms + 1e-6)(1),
 * the factored gradient(3), row(3), column(3), their rsqrt(· + 1e-8)(3 + 3) and the factored momentum(3);
 * then the 11 step features, 39 in all. MLP {@code 39 → hidden_size × hidden_layers → 2} (ReLU),
 * {@code p ← p − a·exp(exp_mult·b)·step_mult}; weights truncated normal, stddev 1/√fan_in, biases 0. When nothing is
 * traced, {@link FusedAdafactorFeatures} computes the same features in plain loops ({@link FusedPerParameterUpdate}).
 */
record AdafacMlpLOpt(MlpHyper hyper) implements LearnedOptimizer {
    static final String NAME = "adafac_mlp_lopt";
    static final double[] MOMENTUM_DECAYS = {0.9, 0.99, 0.999};
    static final double[] RMS_DECAYS = {0.999};
    static final double[] ADAFACTOR_DECAYS = {0.9, 0.99, 0.999};
    /** Normalised features: 2 + 3·M + 2·R + 5·A = 28. */
    static final int NORMALISED = 2 + 3 * MOMENTUM_DECAYS.length + 2 * RMS_DECAYS.length + 5 * ADAFACTOR_DECAYS.length;
    /** All inputs of the MLP: 39. */
    static final int FEATURES = NORMALISED + LoptFeatures.TIMESCALES.length;

    @Override public String architecture() { return NAME; }

    @Override public Map<String, Object> config() { return hyper.config(); }

    private Map<String, Shape> shapes() {
        Map<String, Shape> s = new LinkedHashMap<>();
        s.put("momentum_decays", Shape.of(MOMENTUM_DECAYS.length));
        s.put("rms_decays", Shape.of(RMS_DECAYS.length));
        s.put("adafactor_decays", Shape.of(ADAFACTOR_DECAYS.length));
        s.putAll(hyper.mlp(FEATURES).shapes());
        return s;
    }

    @Override
    public Object initMetaParams(Ops ops, RandomKey key) {
        Map<String, Object> theta = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> e : shapes().entrySet()) {
            if (e.getKey().endsWith("decays")) theta.put(e.getKey(), ops.constant(ops.tensors().zeros(DType.FLOAT64, e.getValue().toArray())));
        }
        theta.putAll(hyper.mlp(FEATURES).init(ops, key, HaikuInit.TRUNCATED_FAN_IN));
        return theta;
    }

    @Override
    public Optimizer optimizer(Ops ops, Object theta, long numSteps) {
        return new Opt(ops, LoptFeatures.theta(NAME, theta, shapes(), ops));
    }

    /**
     * The two axes Adafactor factors ({@code common.factored_dims}): for rank ≥ 2, {d1, d0} = the
     * axes of the second largest and the largest dimension (a stable sort: ties keep axis order); null below rank 2.
     */
    static int[] factoredDims(int[] shape) {
        if (shape.length < 2) return null;
        Integer[] idx = new Integer[shape.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> Integer.compare(shape[a], shape[b]));
        return new int[] {idx[idx.length - 2], idx[idx.length - 1]};
    }

    /** {@code shape} without axis {@code delete}, then {@code last}. */
    private static int[] with(int[] shape, int delete, int last) {
        int[] out = new int[shape.length];
        int k = 0;
        for (int i = 0; i < shape.length; i++) if (i != delete) out[k++] = shape[i];
        out[k] = last;
        return out;
    }

    /** {@code shape}, then {@code last}. */
    private static int[] append(int[] shape, int last) {
        int[] out = Arrays.copyOf(shape, shape.length + 1);
        out[shape.length] = last;
        return out;
    }

    /** A scalar parameter is treated as shape [1] (adafac_mlp_lopt.py does the same). */
    private static int[] work(Shape s) { return s.rank() == 0 ? new int[] {1} : s.toArray(); }

    /** The optimizer one θ defines; accumulators per tensor: [m, rms, v_row, v_col] (rank ≥ 2) or [m, rms, v]. */
    private final class Opt extends PerTensorOptimizer {
        Opt(Ops ops, Map<String, Var> theta) { super(ops, NAME, theta, hyper.mlp(FEATURES), hyper.stepMult(), hyper.expMult(), true,
                FusedAdafactorFeatures.of(ops.tensors(), theta)); }

        @Override
        protected Object initLeaf(Var param) {
            int[] s = work(param.shape());
            int[] f = factoredDims(s);
            Var m = zeros(param.dtype(), append(s, MOMENTUM_DECAYS.length));
            Var rms = zeros(param.dtype(), append(s, RMS_DECAYS.length));
            int a = ADAFACTOR_DECAYS.length;
            if (f == null) return List.of(m, rms, zeros(param.dtype(), append(s, a)));
            return List.of(m, rms, zeros(param.dtype(), with(s, f[1], a)), zeros(param.dtype(), with(s, f[0], a)));
        }

        private Var zeros(DType dtype, int[] shape) { return ops().constant(ops().tensors().zeros(dtype, shape)); }

        /** {@code 1 − (1 − d₀)·exp(10·θ)} (adafac_mlp_lopt.py param_to_decay(decay_to_param(d₀) + θ)), optionally clipped to [0, 1]. */
        private Var decay(Var th, double[] d0, boolean clip) {
            double[] keep = new double[d0.length];
            for (int i = 0; i < keep.length; i++) keep[i] = 1 - d0[i];
            Ops o = ops();
            Var d = o.exp(th.mul(10.0)).mul(LoptFeatures.asDtype(o.constant(keep, keep.length), th.dtype())).neg().add(1.0);
            return clip ? o.minimum(o.maximum(d, o.scalarLike(d, 0)), o.scalarLike(d, 1)) : d;
        }

        /** {@code rsqrt(max(x, 1e-9))} (common.safe_rsqrt). */
        private Var safeRsqrt(Var x) { return ops().rsqrt(ops().maximum(x, ops().scalarLike(x, 1e-9))); }

        @Override
        protected Features features(Var p, Var g, Object acc, Map<String, Var> theta) {
            Ops o = ops();
            List<?> a = (List<?>) acc;
            int[] s = work(p.shape());
            int r = s.length;
            int n = (int) p.size();
            Var ge = o.expandDims(g.reshape(s), r);
            Var pe = o.expandDims(p.reshape(s), r);
            Var dm = decay(theta.get("momentum_decays"), MOMENTUM_DECAYS, false);
            Var dr = decay(theta.get("rms_decays"), RMS_DECAYS, true);
            Var da = decay(theta.get("adafactor_decays"), ADAFACTOR_DECAYS, true);
            Var m = ((Var) a.get(0)).mul(dm).add(ge.mul(dm.neg().add(1.0)));
            Var g2 = ge.square();
            Var rms = ((Var) a.get(1)).mul(dr).add(g2.mul(dr.neg().add(1.0)));
            Var gsq = g2.add(1e-30);
            Var mix = da.neg().add(1.0);
            int[] f = factoredDims(s);
            int k = ADAFACTOR_DECAYS.length;
            Var facG;
            Var[] fac;
            List<Object> next;
            if (f != null) {
                int d1 = f[0];
                int d0 = f[1];
                Var vRow = ((Var) a.get(2)).mul(da).add(o.mean(gsq, d0).mul(mix));
                Var vCol = ((Var) a.get(3)).mul(da).add(o.mean(gsq, d1).mul(mix));
                Var rowColMean = o.reduce(ReduceOp.MEAN, vRow, true, d1 > d0 ? d1 - 1 : d1);
                Var rowFactor = o.expandDims(safeRsqrt(vRow.div(rowColMean.add(1e-9))), d0);
                Var colFactor = o.expandDims(safeRsqrt(vCol), d1);
                facG = ge.mul(rowFactor).mul(colFactor);
                Var rowFeat = o.broadcastTo(o.expandDims(vRow, d0), append(s, k));
                Var colFeat = o.broadcastTo(o.expandDims(vCol, d1), append(s, k));
                fac = new Var[] {rowFeat, colFeat, o.rsqrt(rowFeat.add(1e-8)), o.rsqrt(colFeat.add(1e-8)), m.mul(rowFactor).mul(colFactor)};
                next = List.of(m, rms, vRow, vCol);
            } else {
                Var v = ((Var) a.get(2)).mul(da).add(gsq.mul(mix));
                facG = ge.mul(safeRsqrt(v.add(1e-9)));
                Var rv = o.rsqrt(v.add(1e-8));
                fac = new Var[] {v, v, rv, rv, m.mul(o.rsqrt(v.add(1e-6)))};
                next = List.of(m, rms, v);
            }
            Var rs = o.rsqrt(rms.add(1e-6));
            Var[] parts = {ge, pe, m, rms, m.mul(rs), rs, facG, fac[0], fac[1], fac[2], fac[3], fac[4]};
            return new Features(LoptFeatures.normalize(o.concat(r, parts).reshape(n, NORMALISED)), next);
        }
    }
}
