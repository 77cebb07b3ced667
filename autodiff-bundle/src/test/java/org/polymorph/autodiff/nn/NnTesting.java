package org.polymorph.autodiff.nn;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.autodiff.GradCheck;
import org.polymorph.autodiff.Trees;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Shape;

/** Fixtures for layer tests: float64 engine over the reference service, and layer gradient checks. */
final class NnTesting {
    final AdTesting t = new AdTesting();

    Layer.Init init(Layer layer, long seed, int... inputShape) {
        return layer.init(t.o, RandomKey.of(seed), Shape.of(inputShape), DType.FLOAT64);
    }

    /** Checks the layer's output against finite differences w.r.t. every parameter leaf and the input. */
    void checkLayer(Layer layer, Object params, Object state, Var x, Context ctx, int order) {
        checkLayer(layer, params, state, x, ctx, order, t.check);
    }

    void checkLayer(Layer layer, Object params, Object state, Var x, Context ctx, int order, GradCheck check) {
        Trees.Flat flat = Trees.flatten(params, t.o);
        List<Var> args = new ArrayList<>(flat.leaves());
        boolean xFloating = x.dtype().isFloating();
        if (xFloating) args.add(x);
        int n = flat.leaves().size();
        check.check(v -> {
            Object p = Trees.unflatten(flat.def(), List.of(v).subList(0, n));
            return layer.apply(p, state, xFloating ? v[n] : x, ctx).y();
        }, args.toArray(new Var[0]), order);
    }

    /** Row-major index of [i0, i1, i2, i3] in a tensor of shape s. */
    static int idx(int[] s, int i0, int i1, int i2, int i3) { return ((i0 * s[1] + i1) * s[2] + i2) * s[3] + i3; }
}
