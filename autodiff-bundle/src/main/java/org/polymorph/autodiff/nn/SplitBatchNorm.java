package org.polymorph.autodiff.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Shape;

/**
 * Auxiliary (split) batch normalisation (Xie et al. 2020, "Adversarial examples improve image
 * recognition"): several named sets of statistics, e.g. "clean" and "aux", so that batches from
 * different distributions never mix their statistics. {@link Context#statsName()} selects the set
 * (null selects the first name); only that set's running statistics are updated.
 *
 * <p>Affine parameters: with {@code sharedAffine} false (the paper's auxiliary BN, the default),
 * params are a {@code Map<String, BatchNorm.Affine>} with one γ, β per name; with true, a single
 * {@link BatchNorm.Affine} is shared by all sets. State is a {@code Map<String, BatchNorm.Stats>}.
 * Normalisation within a set is exactly {@link BatchNorm}'s.
 */
public final class SplitBatchNorm implements Layer {
    private final List<String> names;
    private final boolean sharedAffine;
    private final BatchNorm bn;

    /** Separate affine parameters per set, momentum 0.99, ε = 1e-5. */
    public SplitBatchNorm(String... names) { this(List.of(names), false, 0.99, 1e-5); }

    public SplitBatchNorm(List<String> names, boolean sharedAffine, double momentum, double epsilon) {
        if (names.isEmpty()) throw new IllegalArgumentException("SplitBatchNorm: give at least one statistics name");
        if (names.stream().distinct().count() != names.size()) throw new IllegalArgumentException("SplitBatchNorm: duplicate names in " + names);
        this.names = List.copyOf(names);
        this.sharedAffine = sharedAffine;
        this.bn = new BatchNorm(momentum, epsilon);
    }

    public List<String> names() { return names; }

    @Override public Init init(Ops ops, RandomKey key, Shape inputShape, DType dtype) {
        Checks.minRank(inputShape, 2, "SplitBatchNorm");
        int c = inputShape.dim(-1);
        Map<String, Object> affine = new LinkedHashMap<>();
        Map<String, Object> stats = new LinkedHashMap<>();
        for (String n : names) {
            affine.put(n, BatchNorm.initAffine(ops, c, dtype));
            stats.put(n, BatchNorm.initStats(ops, c, dtype));
        }
        Object params = sharedAffine ? BatchNorm.initAffine(ops, c, dtype) : affine;
        return new Init(params, stats, inputShape);
    }

    @Override public Output apply(Object params, Object state, Var x, Context ctx) {
        String name = ctx.statsName() == null ? names.get(0) : ctx.statsName();
        if (!names.contains(name)) {
            throw new IllegalArgumentException("SplitBatchNorm: no statistics named '" + name + "'; this layer has " + names);
        }
        BatchNorm.Affine affine = sharedAffine
                ? Checks.params(params, BatchNorm.Affine.class, "SplitBatchNorm")
                : Checks.params(entry(params, name, "params"), BatchNorm.Affine.class, "SplitBatchNorm");
        BatchNorm.Stats stats = Checks.params(entry(state, name, "state"), BatchNorm.Stats.class, "SplitBatchNorm (state)");
        Output out = bn.normalize(affine, stats, x, ctx.training());
        Map<String, Object> next = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) state).entrySet()) next.put((String) e.getKey(), e.getValue());
        next.put(name, out.state());
        return new Output(out.y(), next);
    }

    private static Object entry(Object tree, String name, String what) {
        if (!(tree instanceof Map<?, ?> m) || !m.containsKey(name)) {
            throw new IllegalArgumentException("SplitBatchNorm: " + what + " must be a Map with an entry '" + name + "'; pass what init returned");
        }
        return m.get(name);
    }

    @Override public String toString() { return "SplitBatchNorm(" + names + (sharedAffine ? ", shared affine)" : ")"); }
}
