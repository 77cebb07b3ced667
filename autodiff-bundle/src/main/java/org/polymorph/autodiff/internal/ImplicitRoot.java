package org.polymorph.autodiff.internal;

import java.util.Arrays;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.polymorph.autodiff.Implicit.LinearSolve;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Trees;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.internal.prim.Builtin;
import org.polymorph.autodiff.internal.prim.Rules;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * x*(θ) with g(x*, θ) = 0 as a primitive of θ's leaves. JVP: solve J_x ẋ = −J_θ θ̇. VJP: solve
 * J_xᵀ u = x̄, then θ̄ = −J_θᵀ u. J-products come from the engine's jvp/vjp of g.
 */
public final class ImplicitRoot implements Builtin {
    private final Transforms ad;
    private final BiFunction<Var, Object, Var> g;
    private final Function<Object, Var> solver;
    private final Trees.Def thetaDef;
    private final LinearSolve method;

    private ImplicitRoot(Transforms ad, BiFunction<Var, Object, Var> g, Function<Object, Var> solver, Trees.Def thetaDef,
                         LinearSolve method) {
        this.ad = ad;
        this.g = g;
        this.solver = solver;
        this.thetaDef = thetaDef;
        this.method = method;
    }

    @SuppressWarnings("unchecked")
    public static <T> Var bind(Transforms ad, BiFunction<Var, T, Var> g, Function<T, Var> solver, T theta, LinearSolve method) {
        if (method == null) throw new IllegalArgumentException("implicit root: method is null; use DENSE or GMRES");
        Trees.Flat ft = Trees.flatten(theta, ad.ops());
        ImplicitRoot p = new ImplicitRoot(ad, (BiFunction<Var, Object, Var>) g, (Function<Object, Var>) solver, ft.def(), method);
        return ad.engine().bind1(p, ft.leaves().toArray(new Var[0]));
    }

    @Override public String name() { return "implicit_root"; }

    @Override public Tensor[] apply(TensorService ts, Tensor[] a) {
        Var[] th = new Var[a.length];
        for (int i = 0; i < a.length; i++) th[i] = ad.engine().constant(a[i]);
        Var x = solver.apply(theta(th));
        if (x == null) throw new IllegalStateException("implicit root: the solver returned null");
        if (x instanceof Tracer) throw CustomPrims.closesOverTracer(solver);
        return Rules.one(x.value());
    }

    private Object theta(Var[] leaves) { return Trees.unflatten(thetaDef, Arrays.asList(leaves)); }

    @Override public Var[] jvp(Ops o, Var[] th, Var[] out, Var[] t) {
        Var x = out[0];
        Object theta = theta(th);
        Var[] tz = CustomPrims.zerosFor(o, t, th);
        Var gTheta = ad.jvp((Var[] p) -> g.apply(x, theta(p)), th, tz).tangent();
        Var rhs = o.neg(gTheta);
        Function<Var, Var> jx = v -> ad.jvp((Var xv) -> g.apply(xv, theta), x, v).tangent();
        return Rules.one(solve(o, x, jx, rhs, false, theta));
    }

    @Override public Var[] vjp(Ops o, Var[] th, Var[] out, Var[] ct) {
        if (ct[0] == null) return new Var[th.length];
        Var x = out[0];
        Object theta = theta(th);
        Function<Var, Var> jxT = v -> ad.vjp((Var xv) -> g.apply(xv, theta), x).pullback().apply(v);
        Var u = solve(o, x, jxT, ct[0], true, theta);
        Var[] gt = ad.vjp((Var[] p) -> g.apply(x, theta(p)), th).pullback().apply(u);
        Var[] result = new Var[th.length];
        for (int i = 0; i < th.length; i++) result[i] = th[i].dtype().isFloating() ? o.neg(gt[i]) : null;
        return result;
    }

    /** Solves A v = b with A = J_x (or J_xᵀ when transposed), given as the map {@code a}. */
    private Var solve(Ops o, Var x, Function<Var, Var> a, Var b, boolean transposed, Object theta) {
        if (method == LinearSolve.DENSE) {
            int n = (int) x.size();
            Var j = o.reshape(ad.jacobianFwd((Var xv) -> g.apply(xv, theta), x), n, n);
            if (transposed) j = o.transpose(j);
            return o.reshape(o.solve(j, o.reshape(b, n)), x.shape().toArray());
        }
        return Gmres.solve(o, a, b, 1e-12, Math.min(400, (int) x.size() + 10));
    }

}
