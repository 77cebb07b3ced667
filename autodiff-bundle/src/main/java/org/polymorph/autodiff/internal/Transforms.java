package org.polymorph.autodiff.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Implicit;
import org.polymorph.autodiff.WithAux;
import org.polymorph.autodiff.JvpResult;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Trees;
import org.polymorph.autodiff.ValueAndGrad;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.VjpResult;
import org.polymorph.autodiff.PrimitiveRegistry;
import org.polymorph.core.tensor.Tensor;

/** The transformations of {@link AD} over an {@link Engine}. */
public final class Transforms implements AD {
    private final Engine e;

    public Transforms(Engine engine) { this.e = engine; }

    public Engine engine() { return e; }

    @Override public Ops ops() { return e; }

    @Override public PrimitiveRegistry primitives() { return e.registry(); }

    @Override
    public <T> Var implicitRoot(BiFunction<Var, T, Var> g, Function<T, Var> solver, T theta, Implicit.LinearSolve method) {
        return ImplicitRoot.bind(this, g, solver, theta, method);
    }

    @Override public <T> T grad(Function<T, Var> f, T x) { return valueAndGrad(f, x).grad(); }

    @Override public <T> ValueAndGrad<T> valueAndGrad(Function<T, Var> f, T x) {
        return valueAndGradWithAux(v -> new WithAux(f.apply(v), null), x);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> ValueAndGrad<T> valueAndGradWithAux(Function<T, WithAux> f, T x) {
        Trees.Flat fx = Trees.flatten(x, e);
        VjpTrace tr = new VjpTrace(e, e.nextLevel());
        List<Var> ins = new ArrayList<>();
        for (Var v : fx.leaves()) ins.add(tr.input(v));
        WithAux out = f.apply((T) Trees.unflatten(fx.def(), ins));
        if (out == null || out.value() == null) throw new IllegalArgumentException("grad: the function returned null; return a scalar Var");
        Var y = out.value();
        if (y.size() != 1) {
            throw new IllegalArgumentException("grad: the function must return a scalar (size-1) Var, got shape " + y.shape()
                    + "; reduce it (sum, mean) or use vjp/jacobian");
        }
        Var yp = tr.primalOf(y);
        Var[] cts = tr.backward(List.of(y), List.of(e.onesLike(yp)), ins, true);
        tr.untrack();
        List<Var> g = new ArrayList<>();
        for (int i = 0; i < cts.length; i++) g.add(cts[i] != null ? cts[i] : e.zerosLike(fx.leaves().get(i)));
        return new ValueAndGrad<>(yp, (T) Trees.unflatten(fx.def(), g), lowerAux(out.aux(), tr));
    }

    private Object lowerAux(Object aux, VjpTrace tr) {
        if (aux == null) return null;
        return Trees.map(aux, e, tr::primalOf);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T, R> VjpResult<T, R> vjp(Function<T, R> f, T x) {
        Trees.Flat fx = Trees.flatten(x, e);
        VjpTrace tr = new VjpTrace(e, e.nextLevel());
        List<Var> ins = new ArrayList<>();
        for (Var v : fx.leaves()) ins.add(tr.input(v));
        R out = f.apply((T) Trees.unflatten(fx.def(), ins));
        tr.untrack();
        Trees.Flat fo = Trees.flatten(out, e);
        List<Var> lowered = new ArrayList<>();
        for (Var v : fo.leaves()) lowered.add(tr.primalOf(v));
        Function<R, T> pullback = ct -> {
            Trees.Flat fc = Trees.flatten(ct, e);
            if (fc.leaves().size() != fo.leaves().size()) {
                throw new IllegalArgumentException("vjp: the cotangent has " + fc.leaves().size() + " leaves, the output "
                        + fo.leaves().size() + "; give a cotangent of the output's structure");
            }
            for (int i = 0; i < fc.leaves().size(); i++) {
                if (!fc.leaves().get(i).shape().equals(lowered.get(i).shape())) {
                    throw new IllegalArgumentException("vjp: cotangent leaf " + i + " has shape " + fc.leaves().get(i).shape()
                            + ", the output " + lowered.get(i).shape());
                }
            }
            Var[] cts = tr.backward(fo.leaves(), fc.leaves(), ins, false);
            List<Var> g = new ArrayList<>();
            for (int i = 0; i < cts.length; i++) g.add(cts[i] != null ? cts[i] : e.zerosLike(fx.leaves().get(i)));
            return (T) Trees.unflatten(fx.def(), g);
        };
        return new VjpResult<>((R) Trees.unflatten(fo.def(), lowered), pullback);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T, R> JvpResult<R> jvp(Function<T, R> f, T x, T tangent) {
        Trees.Flat fx = Trees.flatten(x, e);
        Trees.Flat ft = Trees.flatten(tangent, e);
        if (fx.leaves().size() != ft.leaves().size()) {
            throw new IllegalArgumentException("jvp: the tangent has " + ft.leaves().size() + " leaves, the input "
                    + fx.leaves().size() + "; give a tangent of the input's structure");
        }
        JvpTrace tr = new JvpTrace(e, e.nextLevel());
        List<Var> ins = new ArrayList<>();
        for (int i = 0; i < fx.leaves().size(); i++) ins.add(tr.input(fx.leaves().get(i), ft.leaves().get(i)));
        R out = f.apply((T) Trees.unflatten(fx.def(), ins));
        Trees.Flat fo = Trees.flatten(out, e);
        List<Var> primals = new ArrayList<>();
        List<Var> tangents = new ArrayList<>();
        for (Var v : fo.leaves()) {
            primals.add(tr.primalOf(v));
            tangents.add(tr.tangentOf(v));
        }
        return new JvpResult<>((R) Trees.unflatten(fo.def(), primals), (R) Trees.unflatten(fo.def(), tangents));
    }

    @Override public <T> T hvp(Function<T, Var> f, T x, T v) {
        return jvp((T p) -> grad(f, p), x, v).tangent();
    }

    @Override public Var jacobianFwd(Function<Var, Var> f, Var x) {
        Var basis = basis(x);                                                   // [n, x.shape...]
        Var cols = vmap((Var t) -> jvp(f, x, t).tangent()).apply(basis);        // [n, out.shape...]
        int outRank = cols.rank() - 1;
        int[] perm = new int[cols.rank()];
        for (int i = 0; i < outRank; i++) perm[i] = i + 1;
        perm[outRank] = 0;
        Var j = e.transpose(cols, perm);                                        // [out..., n]
        return e.reshape(j, concat(Arrays.copyOfRange(cols.shape().toArray(), 1, cols.rank()), x.shape().toArray()));
    }

    @Override public Var jacobianRev(Function<Var, Var> f, Var x) {
        VjpResult<Var, Var> r = vjp(f, x);
        Var rows = vmap(r.pullback()).apply(basis(r.out()));                    // [m, x.shape...]
        return e.reshape(rows, concat(r.out().shape().toArray(), x.shape().toArray()));
    }

    @Override public Var hessian(Function<Var, Var> f, Var x) { return jacobianFwd(p -> grad(f, p), x); }

    /** The standard basis of x's space as [n, x.shape...]. */
    private Var basis(Var x) {
        int n = (int) x.size();
        Tensor eye = e.tensors().cast(e.tensors().eye(org.polymorph.core.tensor.DType.FLOAT64, n), x.dtype());
        return e.constant(e.tensors().reshape(eye, concat(new int[] {n}, x.shape().toArray())));
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T, R> Function<T, R> vmap(Function<T, R> f) {
        return x -> {
            Trees.Flat fx = Trees.flatten(x, e);
            if (fx.leaves().isEmpty()) throw new IllegalArgumentException("vmap: the argument has no leaves to batch over");
            Var first = fx.leaves().get(0);
            if (first.rank() == 0) throw new IllegalArgumentException("vmap: leaves need a leading batch axis; got a scalar");
            BatchTrace tr = new BatchTrace(e, e.nextLevel(), first.dim(0));
            List<Var> ins = new ArrayList<>();
            for (Var v : fx.leaves()) ins.add(tr.input(v));
            R out = f.apply((T) Trees.unflatten(fx.def(), ins));
            return Trees.map(out, e, tr::batchedOf);
        };
    }

    @Override public Var[] apply(org.polymorph.autodiff.Primitive p, Var... args) { return e.bind(p, args); }

    @Override public <T> T stopGradient(T x) { return Trees.map(x, e, e::stopGradient); }

    @Override public Function<Var[], Var[]> customVjp(String name, Function<Var[], Var[]> f, CustomVjpRule bwd) {
        CustomPrims.CustomVjp p = new CustomPrims.CustomVjp(this, name, f, bwd);
        return args -> e.bind(p, args);
    }

    @Override public Function<Var[], Var[]> customJvp(String name, Function<Var[], Var[]> f, CustomJvpRule rule) {
        CustomPrims.CustomJvp p = new CustomPrims.CustomJvp(this, name, f, rule);
        return args -> e.bind(p, args);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T, R> R checkpoint(Function<T, R> f, T x) {
        Trees.Flat fx = Trees.flatten(x, e);
        if (!(innermost(fx.leaves()) instanceof VjpTrace)) return f.apply(x);
        CustomPrims.Remat p = new CustomPrims.Remat(this, (Function<Object, Object>) f, fx.def());
        Var[] outs = e.bind(p, fx.leaves().toArray(new Var[0]));
        return (R) Trees.unflatten(p.outDef(), Arrays.asList(outs));
    }

    private static Trace innermost(List<Var> vs) {
        Trace top = null;
        for (Var v : vs) if (v instanceof Tracer t && (top == null || t.trace.level > top.level)) top = t.trace;
        return top;
    }
}
