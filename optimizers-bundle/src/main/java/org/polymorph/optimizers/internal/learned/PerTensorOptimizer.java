package org.polymorph.optimizers.internal.learned;

import java.util.ArrayList;
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
 * {@link #step} turns one tensor's parameter, gradient, accumulators and the step count into its
 * update and next accumulators with the meta-parameters θ. All arithmetic is in {@link Ops}, so
 * the update is differentiable in θ, the params and the grads. Arithmetic is done in the grads'
 * dtype (θ is cast when they differ).
 */
abstract class PerTensorOptimizer implements Optimizer {
    private final Ops ops;
    private final String architecture;
    /** θ by name, as given (float64). */
    protected final Map<String, Var> theta;

    PerTensorOptimizer(Ops ops, String architecture, Map<String, Var> theta) {
        if (ops == null) throw new IllegalArgumentException(architecture + ": ops must not be null");
        this.ops = ops;
        this.architecture = architecture;
        this.theta = theta;
    }

    /** One tensor's update (added to the parameter, its shape) and next accumulators. */
    record LeafStep(Var update, Object accumulators) { }

    /** The first accumulators of a tensor: zeros, a Var or a List of Vars. */
    protected abstract Object initLeaf(Var param);

    /**
     * One tensor's step.
     *
     * @param p     the parameter, any shape
     * @param g     its gradient, the same shape
     * @param acc   its accumulators, from {@link #initLeaf} or the previous step
     * @param t     the number of updates made before this one (the step embedding's iteration)
     * @param theta θ in the dtype of {@code g}
     */
    protected abstract LeafStep step(Var p, Var g, Object acc, long t, Map<String, Var> theta);

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
        if (p.size() != g.leaves().size() || s.accumulators().size() != p.size()) {
            throw new IllegalArgumentException(architecture + ": grads have " + g.leaves().size() + " tensors, params "
                    + p.size() + " and the state " + s.accumulators().size());
        }
        long t = s.step();
        List<Var> updates = new ArrayList<>(p.size());
        List<Object> next = new ArrayList<>(p.size());
        Map<DType, Map<String, Var>> cast = new java.util.EnumMap<>(DType.class);
        for (int i = 0; i < p.size(); i++) {
            Var gi = g.leaves().get(i);
            if (!gi.shape().equals(p.get(i).shape())) {
                throw new IllegalArgumentException(architecture + ": gradient " + i + " has shape " + gi.shape()
                        + " but its parameter " + p.get(i).shape());
            }
            Map<String, Var> th = cast.computeIfAbsent(gi.dtype(), this::thetaAs);
            LeafStep st = step(p.get(i), gi, s.accumulators().get(i), t, th);
            updates.add(st.update());
            next.add(st.accumulators());
        }
        return new Update(Trees.unflatten(g.def(), updates), new LearnedState(ops.scalar(DType.INT64, t + 1), architecture, next));
    }

    private Map<String, Var> thetaAs(DType dtype) {
        Map<String, Var> out = new java.util.LinkedHashMap<>();
        theta.forEach((k, v) -> out.put(k, v.dtype() == dtype ? v : ops.cast(v, dtype)));
        return out;
    }

    @Override
    public String toString() { return architecture; }
}
