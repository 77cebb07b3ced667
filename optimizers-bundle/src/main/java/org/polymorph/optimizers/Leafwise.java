package org.polymorph.optimizers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Trees;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;

/** Leafwise arithmetic over several pytrees of one structure, and state helpers. */
final class Leafwise {
    private Leafwise() { }

    /**
     * Applies {@code f} to the i-th leaves of all {@code trees} (in order) and rebuilds a tree of
     * the first tree's structure. {@code names} label the trees in the error when leaf counts differ.
     */
    public static Object map(Ops ops, String[] names, Function<Var[], Var> f, Object... trees) {
        Trees.Flat first = Trees.flatten(trees[0], ops);
        int n = first.leaves().size();
        List<List<Var>> all = new ArrayList<>(trees.length);
        all.add(first.leaves());
        for (int t = 1; t < trees.length; t++) {
            List<Var> leaves = Trees.flatten(trees[t], ops).leaves();
            if (leaves.size() != n) {
                throw new IllegalArgumentException("trees differ: " + names[0] + " has " + n + " leaves but "
                        + names[t] + " has " + leaves.size());
            }
            all.add(leaves);
        }
        List<Var> out = new ArrayList<>(n);
        Var[] args = new Var[trees.length];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < trees.length; t++) args[t] = all.get(t).get(i);
            out.add(f.apply(args));
        }
        return Trees.unflatten(first.def(), out);
    }

    /** Zeros shaped like every leaf of {@code tree} (optax's zeros_like moments). */
    public static Object zerosLike(Ops ops, Object tree) {
        if (tree == null) throw new IllegalArgumentException("params must not be null");
        return Trees.map(tree, ops, ops::zerosLike);
    }

    /** The step count as an INT64 scalar constant. */
    public static Var count(Ops ops, long step) {
        return ops.scalar(DType.INT64, step);
    }

    /** {@code state} as the record type {@code type}, or an error naming both. */
    public static <S extends OptState> S state(OptState state, Class<S> type, String optimizer) {
        if (!type.isInstance(state)) {
            throw new IllegalArgumentException(optimizer + ": expected a state from its own init ("
                    + type.getSimpleName() + "), got " + (state == null ? "null" : state.getClass().getName()));
        }
        return type.cast(state);
    }
}
