package org.polymorph.optimizers.internal.learned;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.TensorService;

/**
 * hyper_v2's update in plain {@code double[]} loops, for when nothing differentiates it (θ, the params,
 * the grads, the state and the loss all {@linkplain Ops#isConstant constants}): the tensor features
 * ({@link HyperV2TensorFeatures#values}), one LSTM step for all tensors ({@link HyperV2Lstm#values}), each
 * tensor's MLP mixed from the bank ({@link HyperV2Mlp.Bank}) and its parameters through it in one pass
 * ({@link FusedPerParameterUpdate#delta} with MLPLOpt's momentum features and, with rms_features, the second-moment ones). The same formulas as
 * {@link HyperV2Optimizer}'s {@link Ops} path, in float64 as that path computes; the state it gives holds the
 * same values, so either path continues from the other's state.
 */
final class FusedHyperV2Update {
    /** Per tensor its update (float64, flattened [n]), its momenta [n, M] and second moment [n]; the LSTM state [T, H]. */
    record Result(List<double[]> updates, List<Var> momentum, List<Var> rms, Var hidden, Var cell) { }


    private final Ops ops;
    private final HyperV2Config config;
    private final PerParameterMlp mlp;
    private final HyperV2Lstm.Weights lstm;
    private final HyperV2Mlp.Bank bank;
    /** The per-parameter columns: MLPLOpt's momenta, with the second-moment ones when rms_features (which update rms). */
    private final FusedPerParameterUpdate.Layout features;

    private FusedHyperV2Update(Ops ops, HyperV2 lopt, Map<String, Var> theta) {
        this.ops = ops;
        this.config = lopt.settings();
        this.mlp = lopt.mlp();
        this.lstm = HyperV2Lstm.Weights.of(ops.tensors(), theta);
        this.bank = HyperV2Mlp.Bank.of(ops.tensors(), theta, config.ffHiddenLayers());
        this.features = config.rmsFeatures()
                ? new FusedPerParameterUpdate.MomentaRms(HyperV2Accumulators.MOMENTUM_DECAYS, HyperV2Accumulators.RMS_DECAY)
                : new FusedPerParameterUpdate.Momenta(HyperV2Accumulators.MOMENTUM_DECAYS, false);
    }

    /** The fused update for θ, or null when θ is traced (the {@link Ops} path must run). */
    static FusedHyperV2Update of(Ops ops, HyperV2 lopt, Map<String, Var> theta) {
        for (Var v : theta.values()) if (!ops.isConstant(v)) return null;
        return new FusedHyperV2Update(ops, lopt, theta);
    }

    /** Whether the params, grads, state and loss (may be null) are all constants. */
    boolean applies(List<Var> params, List<Var> grads, HyperV2State s, Var loss) {
        List<Var> all = new ArrayList<>(params);
        all.addAll(grads);
        all.addAll(s.momentum());
        all.addAll(s.rms());
        all.addAll(List.of(s.count(), s.lstmHidden(), s.lstmCell(), s.lossMeans(), s.lossMin(), s.lossCount()));
        if (loss != null) all.add(loss);
        for (Var v : all) if (!ops.isConstant(v)) return false;
        return true;
    }

    /**
     * One update.
     *
     * @param params       the parameters, any shapes
     * @param grads        their gradients, already clipped to hyper_v2's range, flattened [n], float64
     * @param lossFeatures the loss features [9] of this step
     * @param fraction     t / numSteps (0 when unknown)
     */
    Result update(List<Var> params, List<double[]> grads, HyperV2State s, double[] lossFeatures, double fraction) {
        TensorService ts = ops.tensors();
        int t = params.size();
        int f = HyperV2TensorFeatures.COUNT;
        double[][] p = new double[t][];
        double[][] m = new double[t][];
        double[][] rms = new double[t][];
        double[] x = new double[t * f];
        for (int i = 0; i < t; i++) {
            p[i] = ts.toDoubleArray(params.get(i).value());
            m[i] = ts.toDoubleArray(s.momentum().get(i).value());
            rms[i] = ts.toDoubleArray(s.rms().get(i).value());
            double[] feat = HyperV2TensorFeatures.values(p[i], m[i], rms[i], params.get(i).shape().toArray(), fraction, lossFeatures);
            System.arraycopy(feat, 0, x, i * f, f);
        }
        HyperV2Lstm.Values net = HyperV2Lstm.values(lstm, x, t, ts.toDoubleArray(s.lstmHidden().value()), ts.toDoubleArray(s.lstmCell().value()));
        List<double[]> updates = new ArrayList<>(t);
        List<Var> momentum = new ArrayList<>(t);
        List<Var> nextRms = new ArrayList<>(t);
        for (int i = 0; i < t; i++) {
            double[] g = grads.get(i);
            int n = g.length;
            FusedPerParameterUpdate.Weights w = bank.mix(mlp, net.controls(), i);
            double[] v = rms[i];
            double[][] acc = config.rmsFeatures() ? new double[][] {m[i], v} : new double[][] {m[i]};
            double[] delta = FusedPerParameterUpdate.delta(w, features, p[i], g, new int[] {n}, acc,
                    w.firstLayerBias(s.step(), features.columns(), true), 1.0, config.expMult());
            // HyperV2Mlp.update: step multiplier · step_mult [· sqrt(mean(p²) + 1e-9)]
            double scale = net.step()[i] * config.stepMult();
            if (config.paramScaleMult()) {
                double sq = 0;
                for (double pv : p[i]) sq += pv * pv;
                scale *= Math.sqrt(sq / n + 1e-9);
            }
            for (int r = 0; r < n; r++) delta[r] *= scale;
            updates.add(delta);
            momentum.add(ops.constant(m[i], n, HyperV2Accumulators.MOMENTA));
            if (!config.rmsFeatures()) {       // MomentaRms has updated it
                for (int r = 0; r < n; r++) v[r] = v[r] * HyperV2Accumulators.RMS_DECAY + g[r] * g[r] * (1 - HyperV2Accumulators.RMS_DECAY);
            }
            nextRms.add(ops.constant(v, n));
        }
        int h = lstm.hidden();
        return new Result(updates, momentum, nextRms, ops.constant(net.hidden(), t, h), ops.constant(net.cell(), t, h));
    }
}
