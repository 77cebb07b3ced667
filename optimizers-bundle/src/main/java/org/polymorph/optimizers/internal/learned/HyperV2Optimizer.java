package org.polymorph.optimizers.internal.learned;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Trees;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.optimizers.OptState;
import org.polymorph.optimizers.Update;
import org.polymorph.optimizers.learned.LossAwareOptimizer;

/**
 * The optimizer a θ of {@link HyperV2} defines (hyper_v2's {@code opt_fn}): each update clips the
 * gradient to [-1000, 1000], updates the loss averages (when given the loss), runs the per-tensor LSTM
 * one step on the tensor features from the accumulators before this gradient, mixes each tensor's MLP
 * from the bank, updates the accumulators and applies the MLP to every parameter. Everything is in
 * {@link Ops}, so the updates are differentiable in θ, in the params and in the loss. It computes in
 * float64 (θ's dtype, and the state's); each update is cast to its parameter's dtype. When nothing is traced
 * (θ, params, grads, state and loss constants) the same update runs in plain loops ({@link FusedHyperV2Update}).
 */
final class HyperV2Optimizer implements LossAwareOptimizer {
    private static final double GRAD_CLIP = 1000;

    private final Ops ops;
    private final HyperV2 lopt;
    private final Map<String, Var> theta;
    private final long numSteps;
    private final HyperV2LossFeatures lossFeatures;
    /** The untraced fast path, or null (θ traced). */
    private final FusedHyperV2Update fused;

    HyperV2Optimizer(Ops ops, HyperV2 lopt, Map<String, Var> theta, long numSteps) {
        if (numSteps < 0) throw new IllegalArgumentException("hyper_v2: numSteps = " + numSteps + "; give 0 (unknown) or more");
        this.ops = ops;
        this.lopt = lopt;
        this.theta = theta;
        this.numSteps = numSteps;
        this.lossFeatures = new HyperV2LossFeatures(numSteps);
        this.fused = FusedHyperV2Update.of(ops, lopt, theta);
    }

    @Override public Ops ops() { return ops; }

    @Override
    public OptState init(Object params) {
        if (params == null) throw new IllegalArgumentException("hyper_v2: params must not be null");
        List<Var> leaves = Trees.flatten(params, ops).leaves();
        List<Var> momentum = new ArrayList<>(leaves.size());
        List<Var> rms = new ArrayList<>(leaves.size());
        for (Var p : leaves) {
            momentum.add(zeros((int) p.size(), HyperV2Accumulators.MOMENTA));
            rms.add(zeros((int) p.size()));
        }
        int t = leaves.size();
        int h = lopt.settings().lstmHiddenSize();
        Var hidden = ops.broadcastTo(theta.get(HyperV2.INIT_H).reshape(1, h), t, h);
        Var cell = ops.broadcastTo(theta.get(HyperV2.INIT_C).reshape(1, h), t, h);
        Var[] loss = lossFeatures.init(ops);
        return new HyperV2State(count(0), momentum, rms, hidden, cell, loss[0], loss[1], count(0));
    }

    @Override
    public Update update(Object grads, OptState state, Object params) {
        return update(grads, state, params, null);
    }

    @Override
    public Update update(Object grads, OptState state, Object params, Var loss) {
        if (!(state instanceof HyperV2State s)) {
            throw new IllegalArgumentException("hyper_v2: expected a state from its own init, got "
                    + (state == null ? "none" : "the state of another optimizer"));
        }
        if (params == null) throw new IllegalArgumentException("hyper_v2: update needs the params (a feature of every step)");
        Trees.Flat gf = Trees.flatten(grads, ops);
        List<Var> ps = Trees.flatten(params, ops).leaves();
        int t = gf.leaves().size();
        if (ps.size() != t || s.momentum().size() != t) {
            throw new IllegalArgumentException("hyper_v2: grads have " + t + " leaves, params " + ps.size()
                    + " and the state " + s.momentum().size() + "; use one model's trees throughout");
        }
        long step = s.step();
        Losses losses = losses(s, loss);
        Var lossFeat = lossFeatures.features(ops, losses.means(), losses.min(), losses.seen());
        double fraction = numSteps > 0 ? (double) step / numSteps : 0;
        for (int i = 0; i < t; i++) {
            if (!gf.leaves().get(i).shape().equals(ps.get(i).shape())) {
                throw new IllegalArgumentException("hyper_v2: gradient " + i + " has shape " + gf.leaves().get(i).shape()
                        + " but its parameter " + ps.get(i).shape());
            }
        }
        if (fused != null && fused.applies(ps, gf.leaves(), s, loss)) return fusedUpdate(gf, ps, s, losses, lossFeat, fraction);
        Var[] g = new Var[t];
        Var[] p = new Var[t];
        Var[] features = new Var[t];
        for (int i = 0; i < t; i++) {
            Var pi = ps.get(i);
            int n = (int) pi.size();
            p[i] = ops.cast(pi, DType.FLOAT64).reshape(n);
            g[i] = HyperV2LossFeatures.clip(ops, ops.cast(gf.leaves().get(i), DType.FLOAT64).reshape(n), -GRAD_CLIP, GRAD_CLIP);
            features[i] = HyperV2TensorFeatures.of(ops, p[i], s.momentum().get(i), s.rms().get(i), pi.shape().toArray(), fraction, lossFeat);
        }
        HyperV2Lstm.Out net = HyperV2Lstm.apply(ops, theta, ops.stack(0, features), s.lstmHidden(), s.lstmCell());
        List<Var[]> mixed = HyperV2Mlp.mix(ops, theta, net.controls(), lopt.settings().ffHiddenLayers());
        PerParameterMlp mlp = lopt.mlp();
        List<Var> updates = new ArrayList<>(t);
        List<Var> momentum = new ArrayList<>(t);
        List<Var> rms = new ArrayList<>(t);
        for (int i = 0; i < t; i++) {
            Var m = HyperV2Accumulators.momentum(ops, s.momentum().get(i), g[i]);
            momentum.add(m);
            Var v = HyperV2Accumulators.rms(s.rms().get(i), g[i]);
            rms.add(v);
            Var scale = ops.sliceAxis(net.step(), 0, i, i + 1).reshape();
            Var u = HyperV2Mlp.update(ops, mixed, i, mlp, p[i], g[i], m, v, scale, step, lopt.settings());
            updates.add(ops.cast(u, ps.get(i).dtype()).reshape(ps.get(i).shape().toArray()));
        }
        HyperV2State next = new HyperV2State(count(step + 1), momentum, rms, net.hidden(), net.cell(), losses.means(),
                losses.min(), count(losses.seen()));
        return new Update(Trees.unflatten(gf.def(), updates), next);
    }

    /**
     * The update by {@link FusedHyperV2Update}: the same values as the {@link Ops} path, computed in plain loops; the
     * loss averages (10 values, {@code losses}) and their features come from the Ops code on constants.
     */
    private Update fusedUpdate(Trees.Flat gf, List<Var> ps, HyperV2State s, Losses losses, Var lossFeat, double fraction) {
        TensorService ts = ops.tensors();
        List<double[]> g = new ArrayList<>(ps.size());
        for (Var gi : gf.leaves()) {
            double[] v = ts.toDoubleArray(gi.value());
            for (int r = 0; r < v.length; r++) v[r] = Math.min(Math.max(v[r], -GRAD_CLIP), GRAD_CLIP);
            g.add(v);
        }
        FusedHyperV2Update.Result r = fused.update(ps, g, s, ts.toDoubleArray(lossFeat.value()), fraction);
        List<Var> updates = new ArrayList<>(ps.size());
        for (int i = 0; i < ps.size(); i++) {
            Tensor u = ts.fromArray(r.updates().get(i), ps.get(i).shape().toArray());
            updates.add(ops.constant(u.dtype() == ps.get(i).dtype() ? u : ts.cast(u, ps.get(i).dtype())));
        }
        HyperV2State next = new HyperV2State(count(s.step() + 1), r.momentum(), r.rms(), r.hidden(), r.cell(), losses.means(),
                losses.min(), count(losses.seen()));
        return new Update(Trees.unflatten(gf.def(), updates), next);
    }

    /** The loss averages [10], their minima [10] and the number of losses seen, after {@code loss} (none: unchanged). */
    private record Losses(Var means, Var min, long seen) { }

    private Losses losses(HyperV2State s, Var loss) {
        long seen = (long) s.lossCount().item();
        if (loss == null) return new Losses(s.lossMeans(), s.lossMin(), seen);
        if (loss.size() != 1) throw new IllegalArgumentException("hyper_v2: the loss must be a scalar, got shape " + loss.shape());
        Var[] next = lossFeatures.update(ops, s.lossMeans(), s.lossMin(), ops.cast(loss, DType.FLOAT64).reshape(), seen);
        return new Losses(next[0], next[1], seen + 1);
    }

    private Var count(long n) { return ops.scalar(DType.INT64, n); }

    private Var zeros(int... shape) { return ops.constant(ops.tensors().zeros(DType.FLOAT64, shape)); }

    @Override public String toString() { return lopt + "(numSteps=" + numSteps + ")"; }
}
