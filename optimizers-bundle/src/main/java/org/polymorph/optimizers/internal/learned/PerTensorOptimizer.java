package org.polymorph.optimizers.internal.learned;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Trees;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.optimizers.OptState;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.Update;

/**
 * The frame of a per-parameter learned optimizer (learned_optimization's {@code opt_fn} optimizers):
 * the params are flattened ({@link Trees}), each tensor keeps its own accumulators, and
 * {@link #features} turns one tensor's parameter, gradient and accumulators into its feature rows
 * [size, F] and next accumulators. The rows of all tensors are stacked and go through the MLP in one
 * batch ({@code [N, F] → [N, 2]}, N the number of parameters), with the step embedding as features
 * shared by all rows when the architecture uses it; the update of each parameter is
 * {@code −a·exp(exp_mult·b)·step_mult}. All arithmetic is in {@link Ops}, so the update is
 * differentiable in θ, the params and the grads. Arithmetic is done in the first gradient's dtype
 * (θ and other tensors are cast when they differ; each update has its gradient's dtype). When the
 * architecture gives a {@link FusedPerParameterUpdate.Layout} and nothing is traced, the same update
 * runs in plain loops instead ({@link FusedPerParameterUpdate}).
 */
abstract class PerTensorOptimizer implements Optimizer {
    private final Ops ops;
    private final String architecture;
    private final PerParameterMlp mlp;
    private final double stepMult;
    private final double expMult;
    private final boolean stepFeatures;
    /** θ by name, as given (float64). */
    private final Map<String, Var> theta;
    /** The untraced fast path, or null (no layout, or θ traced). */
    private final FusedPerParameterUpdate fused;

    /**
     * @param stepFeatures whether the MLP's last inputs are the 11 step features (mlp_lopt, adafac_mlp_lopt)
     * @param layout       the features as {@link FusedPerParameterUpdate} computes them, or null for the Ops path only
     */
    PerTensorOptimizer(Ops ops, String architecture, Map<String, Var> theta, PerParameterMlp mlp, double stepMult, double expMult,
                       boolean stepFeatures, FusedPerParameterUpdate.Layout layout) {
        if (ops == null) throw new IllegalArgumentException(architecture + ": ops must not be null");
        this.ops = ops;
        this.architecture = architecture;
        this.theta = theta;
        this.mlp = mlp;
        this.stepMult = stepMult;
        this.expMult = expMult;
        this.stepFeatures = stepFeatures;
        this.fused = layout == null ? null : FusedPerParameterUpdate.of(ops, layout, mlp, theta, stepMult, expMult, stepFeatures);
    }

    /** One tensor's feature rows [size, F] (F = the MLP's inputs less the step features) and next accumulators. */
    record Features(Var rows, Object accumulators) { }

    /** The first accumulators of a tensor: zeros, a Var or a List of Vars. */
    protected abstract Object initLeaf(Var param);

    /**
     * One tensor's features.
     *
     * @param p     the parameter, any shape, in the working dtype
     * @param g     its gradient, the same shape and dtype
     * @param acc   its accumulators, from {@link #initLeaf} or the previous step
     * @param theta θ in the working dtype
     */
    protected abstract Features features(Var p, Var g, Object acc, Map<String, Var> theta);

    @Override public Ops ops() { return ops; }

    @Override
    public OptState init(Object params) {
        if (params == null) throw new IllegalArgumentException(architecture + ": params must not be null");
        List<Object> acc = new ArrayList<>();
        for (Var p : Trees.flatten(params, ops).leaves()) acc.add(initLeaf(p));
        return new LearnedState(ops.scalar(DType.INT64, 0), architecture, acc);
    }

    @Override
    public Update update(Object grads, OptState state, Object params) {
        if (!(state instanceof LearnedState s) || !architecture.equals(s.architecture())) {
            throw new IllegalArgumentException(architecture + ": expected a state from its own init, got "
                    + (state instanceof LearnedState s ? "one of " + s.architecture() : String.valueOf(state)));
        }
        if (params == null) throw new IllegalArgumentException(architecture + ": update needs the params (they are features)");
        Trees.Flat g = Trees.flatten(grads, ops);
        List<Var> p = Trees.flatten(params, ops).leaves();
        int k = p.size();
        if (k != g.leaves().size() || s.accumulators().size() != k) {
            throw new IllegalArgumentException(architecture + ": grads have " + g.leaves().size() + " tensors, params "
                    + k + " and the state " + s.accumulators().size());
        }
        if (k == 0) return new Update(Trees.unflatten(g.def(), List.of()), new LearnedState(ops.scalar(DType.INT64, s.step() + 1), architecture, List.of()));
        for (int i = 0; i < k; i++) {
            if (!g.leaves().get(i).shape().equals(p.get(i).shape())) {
                throw new IllegalArgumentException(architecture + ": gradient " + i + " has shape " + g.leaves().get(i).shape()
                        + " but its parameter " + p.get(i).shape());
            }
        }
        DType dtype = g.leaves().get(0).dtype();
        Var count = ops.scalar(DType.INT64, s.step() + 1);
        if (fused != null && fused.applies(p, g.leaves(), s.accumulators())) {
            FusedPerParameterUpdate.Result r = fused.update(p, g.leaves(), s.accumulators(), s.step(), dtype);
            return new Update(Trees.unflatten(g.def(), r.updates()), new LearnedState(count, architecture, r.accumulators()));
        }
        Map<String, Var> th = new LinkedHashMap<>();
        theta.forEach((name, v) -> th.put(name, LoptFeatures.asDtype(v, dtype)));
        Var[] rows = new Var[k];
        List<Object> next = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            Var gi = g.leaves().get(i);
            Features f = features(LoptFeatures.asDtype(p.get(i), dtype), LoptFeatures.asDtype(gi, dtype), s.accumulators().get(i), th);
            rows[i] = f.rows();
            next.add(f.accumulators());
        }
        Var x = k == 1 ? rows[0] : ops.concat(0, rows);
        Var shared = stepFeatures ? LoptFeatures.stepEmbedding(ops, s.step(), dtype) : null;
        Var delta = LoptFeatures.delta(mlp.apply(th, x, shared), stepMult, expMult);
        List<Var> updates = new ArrayList<>(k);
        int at = 0;
        for (int i = 0; i < k; i++) {
            Var gi = g.leaves().get(i);
            int n = (int) gi.size();
            Var d = k == 1 ? delta : ops.sliceAxis(delta, 0, at, at + n);
            updates.add(LoptFeatures.asDtype(d.reshape(gi.shape().toArray()), gi.dtype()));
            at += n;
        }
        return new Update(Trees.unflatten(g.def(), updates), new LearnedState(count, architecture, next));
    }

    @Override
    public String toString() { return architecture; }
}
