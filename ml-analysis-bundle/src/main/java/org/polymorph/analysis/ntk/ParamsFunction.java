package org.polymorph.analysis.ntk;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Trees;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Tensor;

/**
 * f(params, x) seen as a function of the flat list of parameter leaves, its output flattened per row: the form the
 * generic algorithms (Jacobian contraction, NTK-vector products) differentiate.
 */
final class ParamsFunction {
    final AD ad;
    final Ops o;
    final List<Var> leaves;
    private final Trees.Def def;
    private final BiFunction<Object, Var, Var> f;
    final int outSize;

    ParamsFunction(AD ad, BiFunction<Object, Var, Var> f, Object params, int outSize) {
        this.ad = ad;
        this.o = ad.ops();
        this.f = f;
        Trees.Flat flat = Trees.flatten(params, o);
        this.leaves = flat.leaves();
        this.def = flat.def();
        this.outSize = outSize;
    }

    /** The same tree with every Tensor leaf a constant Var (what f receives). */
    static Object asVars(Object params, Ops o) {
        Trees.Flat flat = Trees.flatten(params, o);
        return Trees.unflatten(flat.def(), flat.leaves());
    }

    long parameterCount() { return leaves.stream().mapToLong(Var::size).sum(); }

    /** ls → f(params(ls), x) reshaped to (rows · outSize). */
    Function<List<Var>, Var> flatOutput(Var x, int rows) {
        return ls -> o.reshape(f.apply(Trees.unflatten(def, ls), x), rows * outSize);
    }

    /** The standard basis of R^m as an (m, m) constant. */
    Var basis(int m) { return o.constant(o.tensors().eye(DType.FLOAT64, m)); }

    Var constant(Tensor t) { return o.constant(t); }
}
