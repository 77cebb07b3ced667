package org.polymorph.autodiff.nn;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Shape;

/**
 * Layers applied one after another (stax {@code serial}). Params and state are Lists with one
 * entry per layer; layer i gets key {@code key.foldIn(i)} at init and {@link Context#child}(i) at
 * apply, so no two layers share randomness.
 */
public final class Sequential implements Layer {
    private final List<Layer> layers;

    public Sequential(List<Layer> layers) {
        if (layers.isEmpty()) throw new IllegalArgumentException("Sequential: give at least one layer");
        this.layers = List.copyOf(layers);
    }

    /** The composition of {@code layers}, first applied first. */
    public static Sequential serial(Layer... layers) { return new Sequential(List.of(layers)); }

    public List<Layer> layers() { return layers; }

    @Override public Init init(Ops ops, RandomKey key, Shape inputShape, DType dtype) {
        List<Object> params = new ArrayList<>();
        List<Object> states = new ArrayList<>();
        Shape shape = inputShape;
        for (int i = 0; i < layers.size(); i++) {
            Init in = layers.get(i).init(ops, key.foldIn(i), shape, dtype);
            params.add(in.params());
            states.add(in.state());
            shape = in.outputShape();
        }
        return new Init(params, states, shape);
    }

    @Override public Output apply(Object params, Object state, Var x, Context ctx) {
        List<?> ps = list(params, "params");
        List<?> ss = list(state, "state");
        List<Object> next = new ArrayList<>();
        Var y = x;
        for (int i = 0; i < layers.size(); i++) {
            Output out = layers.get(i).apply(ps.get(i), ss.get(i), y, ctx.child(i));
            y = out.y();
            next.add(out.state());
        }
        return new Output(y, next);
    }

    private List<?> list(Object tree, String what) {
        if (!(tree instanceof List<?> l) || l.size() != layers.size()) {
            throw new IllegalArgumentException("Sequential: " + what + " must be a List of " + layers.size()
                    + " entries (one per layer), got " + (tree == null ? "null" : tree.getClass().getName()
                    + (tree instanceof List<?> l2 ? " of " + l2.size() : "")));
        }
        return (List<?>) tree;
    }

    @Override public String toString() { return "Sequential" + layers; }
}
