package org.polymorph.autodiff;

import java.util.function.Function;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.TensorService;

/**
 * Checks derivatives against central finite differences along random directions, the equivalent of
 * JAX's {@code check_grads}: forward mode compares J·v with (f(x+εv) − f(x−εv))/2ε, reverse mode
 * compares ⟨u, J·v⟩ with ⟨Jᵀu, v⟩. Order 2 repeats both checks on the JVP and the VJP themselves
 * (forward-over-forward, forward-over-reverse, reverse-over-reverse). Use float64 inputs.
 */
public final class GradCheck {
    private final AD ad;
    private final double eps;
    private final double atol;
    private final double rtol;
    private final long seed;

    /** Tolerances suited to float64: ε = 1e-6, atol = rtol = 1e-6. */
    public GradCheck(AD ad) { this(ad, 1e-6, 1e-6, 1e-6, 0); }

    public GradCheck(AD ad, double eps, double atol, double rtol, long seed) {
        this.ad = ad;
        this.eps = eps;
        this.atol = atol;
        this.rtol = rtol;
        this.seed = seed;
    }

    /** Checks f at x to {@code order} (1 or 2) in both modes; throws AssertionError naming the mode on a mismatch. */
    public void check(Function<Var[], Var> f, Var[] x, int order) {
        check(f, x, order, true, true, "");
    }

    /** As {@link #check}, choosing the modes. */
    public void check(Function<Var[], Var> f, Var[] x, int order, boolean fwd, boolean rev) {
        check(f, x, order, fwd, rev, "");
    }

    private void check(Function<Var[], Var> f, Var[] x, int order, boolean fwd, boolean rev, String path) {
        Ops o = ad.ops();
        RandomKey key = RandomKey.of(seed).foldIn(path.hashCode());
        Var[] v = direction(o, x, key.foldIn(1));
        Var y = f.apply(x);
        Var u = o.constant(o.tensors().normal(key.foldIn(2), DType.FLOAT64, y.shape().toArray()));
        u = o.cast(u, y.dtype());
        Var fd = finiteDifference(f, x, v);
        if (fwd) {
            Var t = ad.jvp(f, x, v).tangent();
            compare(values(o, t), values(o, fd), path + "jvp");
        }
        if (rev) {
            Var[] ct = ad.vjp(f, x).pullback().apply(u);
            double lhs = 0;
            for (int i = 0; i < x.length; i++) if (x[i].dtype().isFloating()) lhs += dot(values(o, ct[i]), values(o, v[i]));
            double rhs = dot(values(o, u), values(o, fd));
            compare(new double[] {lhs}, new double[] {rhs}, path + "vjp");
        }
        if (order > 1) {
            Var[] vf = v;
            Var uf = u;
            if (fwd) check(p -> ad.jvp(f, p, vf).tangent(), x, order - 1, fwd, rev, path + "jvp/");
            if (rev) check(p -> flatConcat(o, ad.vjp(f, p).pullback().apply(uf), p), x, order - 1, fwd, rev, path + "vjp/");
        }
    }

    private Var[] direction(Ops o, Var[] x, RandomKey key) {
        Var[] v = new Var[x.length];
        for (int i = 0; i < x.length; i++) {
            v[i] = x[i].dtype().isFloating()
                    ? o.cast(o.constant(o.tensors().normal(key.foldIn(i), DType.FLOAT64, x[i].shape().toArray())), x[i].dtype())
                    : o.zerosLike(x[i]);
        }
        return v;
    }

    private Var finiteDifference(Function<Var[], Var> f, Var[] x, Var[] v) {
        Ops o = ad.ops();
        Var[] xp = new Var[x.length];
        Var[] xm = new Var[x.length];
        for (int i = 0; i < x.length; i++) {
            if (x[i].dtype().isFloating()) {
                Var step = o.mul(v[i], o.scalarLike(v[i], eps));
                xp[i] = o.add(x[i], step);
                xm[i] = o.sub(x[i], step);
            } else {
                xp[i] = x[i];
                xm[i] = x[i];
            }
        }
        return o.div(o.sub(f.apply(xp), f.apply(xm)), o.scalarLike(x[0], 2 * eps));
    }

    private static Var flatConcat(Ops o, Var[] parts, Var[] like) {
        java.util.List<Var> flat = new java.util.ArrayList<>();
        for (int i = 0; i < parts.length; i++) if (like[i].dtype().isFloating()) flat.add(o.reshape(parts[i], -1));
        return o.concat(0, flat.toArray(new Var[0]));
    }

    private static double[] values(Ops o, Var v) {
        TensorService ts = o.tensors();
        return ts.toDoubleArray(v.value());
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private void compare(double[] got, double[] want, String what) {
        if (got.length != want.length) throw new AssertionError(what + ": " + got.length + " values vs " + want.length + " from finite differences");
        for (int i = 0; i < got.length; i++) {
            double tol = atol + rtol * Math.max(Math.abs(got[i]), Math.abs(want[i]));
            if (!(Math.abs(got[i] - want[i]) <= tol)) {
                throw new AssertionError(what + " mismatch at element " + i + ": autodiff " + got[i]
                        + ", finite differences " + want[i] + " (tolerance " + tol + ")");
            }
        }
    }
}
