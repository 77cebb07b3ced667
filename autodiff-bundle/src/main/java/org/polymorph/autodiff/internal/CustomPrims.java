package org.polymorph.autodiff.internal;

import java.util.Arrays;
import java.util.function.Function;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.JvpResult;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Trees;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.VjpResult;
import org.polymorph.autodiff.internal.prim.Builtin;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/** Primitives built from user functions: custom VJP, custom JVP and checkpoint (remat). */
final class CustomPrims {
    private CustomPrims() { }

    /** Runs f on constants of the engine and returns the output tensors. */
    static Tensor[] evaluate(Engine e, Function<Var[], Var[]> f, Tensor[] args) {
        Var[] in = new Var[args.length];
        for (int i = 0; i < args.length; i++) in[i] = e.constant(args[i]);
        Var[] out = f.apply(in);
        Tensor[] t = new Tensor[out.length];
        for (int i = 0; i < out.length; i++) {
            if (out[i] instanceof Tracer) throw closesOverTracer(f);
            t[i] = out[i].value();
        }
        return t;
    }

    /** The function's result depends on a traced value it closes over, which the primitive cannot see. */
    static IllegalArgumentException closesOverTracer(Object f) {
        return new IllegalArgumentException("a custom/checkpointed function (" + f + ") closes over a value that is being"
                + " differentiated; pass that value as an argument so that its derivative is not lost");
    }

    static Var[] zerosFor(Ops o, Var[] ts, Var[] like) {
        Var[] out = new Var[ts.length];
        for (int i = 0; i < ts.length; i++) out[i] = ts[i] != null ? ts[i] : o.zerosLike(like[i]);
        return out;
    }

    /** Forward mode through f itself (the primal outputs are recomputed). */
    static Var[] jvpOf(Transforms ad, Function<Var[], Var[]> f, Var[] primals, Var[] tangents) {
        JvpResult<Var[]> r = ad.jvp(f, primals, zerosFor(ad.ops(), tangents, primals));
        return r.tangent();
    }

    static final class CustomVjp implements Builtin {
        private final Transforms ad;
        private final String label;
        private final Function<Var[], Var[]> f;
        private final AD.CustomVjpRule bwd;

        CustomVjp(Transforms ad, String label, Function<Var[], Var[]> f, AD.CustomVjpRule bwd) {
            this.ad = ad;
            this.label = label;
            this.f = f;
            this.bwd = bwd;
        }

        @Override public String name() { return "custom_vjp"; }
        @Override public String toString() { return "custom_vjp[" + label + "]"; }
        @Override public Tensor[] apply(TensorService ts, Tensor[] a) { return evaluate(ad.engine(), f, a); }
        @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) { return jvpOf(ad, f, x, t); }
        @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
            Var[] r = bwd.apply(x, y, zerosFor(o, ct, y));
            if (r == null || r.length != x.length) {
                throw new IllegalStateException("custom VJP of '" + label + "' returned " + (r == null ? "null" : r.length + " cotangents")
                        + " for " + x.length + " inputs; return one per input (null for none)");
            }
            return r;
        }
    }

    static final class CustomJvp implements Builtin {
        private final Transforms ad;
        private final String label;
        private final Function<Var[], Var[]> f;
        private final AD.CustomJvpRule rule;

        CustomJvp(Transforms ad, String label, Function<Var[], Var[]> f, AD.CustomJvpRule rule) {
            this.ad = ad;
            this.label = label;
            this.f = f;
            this.rule = rule;
        }

        @Override public String name() { return "custom_jvp"; }
        @Override public String toString() { return "custom_jvp[" + label + "]"; }
        @Override public Tensor[] apply(TensorService ts, Tensor[] a) { return evaluate(ad.engine(), f, a); }
        @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) { return rule.apply(x, zerosFor(o, t, x)); }

        /** The rule is linear in the tangents: its VJP with respect to them is the transpose. */
        @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
            Var[] zeros = zerosFor(o, new Var[x.length], x);
            VjpResult<Var[], Var[]> r = ad.vjp(ts -> rule.apply(x, ts), zeros);
            return r.pullback().apply(zerosFor(o, ct, y));
        }
    }

    /** Checkpoint: no residuals kept inside f; the VJP runs f again under a fresh reverse trace. */
    static final class Remat implements Builtin {
        private final Transforms ad;
        private final Function<Object, Object> f;
        private final Trees.Def inDef;
        private Trees.Def outDef;

        Remat(Transforms ad, Function<Object, Object> f, Trees.Def inDef) {
            this.ad = ad;
            this.f = f;
            this.inDef = inDef;
        }

        /** f as a function of flat leaves. */
        Var[] flat(Var[] leaves) {
            Object out = f.apply(Trees.unflatten(inDef, Arrays.asList(leaves)));
            Trees.Flat fo = Trees.flatten(out, ad.ops());
            if (outDef == null) outDef = fo.def();
            return fo.leaves().toArray(new Var[0]);
        }

        Trees.Def outDef() { return outDef; }

        @Override public String name() { return "checkpoint"; }
        @Override public Tensor[] apply(TensorService ts, Tensor[] a) { return evaluate(ad.engine(), this::flat, a); }
        @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) { return jvpOf(ad, this::flat, x, t); }
        @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
            VjpResult<Var[], Var[]> r = ad.vjp(this::flat, x);
            return r.pullback().apply(zerosFor(o, ct, y));
        }
    }
}
