package org.polymorph.autodiff.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;

/**
 * GMRES (Saad & Schultz 1986) on Vars: Arnoldi with modified Gram-Schmidt and Givens rotations.
 * Every coefficient is a scalar Var, so the solve works unchanged inside vmap (one solve per
 * example) and is differentiable; only the stopping test reads concrete values (the largest
 * residual over a batch).
 */
final class Gmres {
    private Gmres() { }

    static Var solve(Ops o, Function<Var, Var> a, Var b, double rtol, int maxIter) {
        Var beta = norm(o, b);
        double beta0 = maxAbs(o, beta);
        if (beta0 == 0) return o.zerosLike(b);
        List<Var> v = new ArrayList<>();
        v.add(o.div(b, beta));
        Var[][] h = new Var[maxIter + 1][maxIter];
        Var[] cs = new Var[maxIter];
        Var[] sn = new Var[maxIter];
        Var[] e = new Var[maxIter + 1];
        e[0] = beta;
        int k = 0;
        while (k < maxIter) {
            Var w = a.apply(v.get(k));
            for (int i = 0; i <= k; i++) {
                h[i][k] = o.sum(o.mul(w, v.get(i)));
                w = o.sub(w, o.mul(v.get(i), h[i][k]));
            }
            Var hNext = norm(o, w);
            h[k + 1][k] = hNext;
            for (int i = 0; i < k; i++) {
                Var top = o.add(o.mul(cs[i], h[i][k]), o.mul(sn[i], h[i + 1][k]));
                h[i + 1][k] = o.sub(o.mul(cs[i], h[i + 1][k]), o.mul(sn[i], h[i][k]));
                h[i][k] = top;
            }
            Var r = o.sqrt(o.add(o.square(h[k][k]), o.square(h[k + 1][k])));
            cs[k] = o.div(h[k][k], r);
            sn[k] = o.div(h[k + 1][k], r);
            h[k][k] = r;
            e[k + 1] = o.neg(o.mul(sn[k], e[k]));
            e[k] = o.mul(cs[k], e[k]);
            k++;
            double hn = minAbs(o, hNext);
            if (maxAbs(o, e[k]) <= rtol * beta0 || hn == 0) break;
            v.add(o.div(w, hNext));
        }
        if (maxAbs(o, e[k]) > Math.sqrt(rtol) * beta0) {
            throw new ArithmeticException("GMRES: residual " + maxAbs(o, e[k]) / beta0 + " (relative) after " + k
                    + " iterations; the Jacobian may be singular (LinearSolve.DENSE reports it)");
        }
        Var[] y = new Var[k];
        for (int i = k - 1; i >= 0; i--) {
            Var s = e[i];
            for (int j = i + 1; j < k; j++) s = o.sub(s, o.mul(h[i][j], y[j]));
            y[i] = o.div(s, h[i][i]);
        }
        Var x = o.mul(v.get(0), y[0]);
        for (int i = 1; i < k; i++) x = o.add(x, o.mul(v.get(i), y[i]));
        return x;
    }

    private static Var norm(Ops o, Var a) { return o.sqrt(o.sum(o.square(a))); }

    /** Largest |value| of a scalar Var, over the batch inside vmap. */
    private static double maxAbs(Ops o, Var s) {
        double m = 0;
        for (double d : o.tensors().toDoubleArray(s.value())) m = Math.max(m, Math.abs(d));
        return m;
    }

    private static double minAbs(Ops o, Var s) {
        double m = Double.POSITIVE_INFINITY;
        for (double d : o.tensors().toDoubleArray(s.value())) m = Math.min(m, Math.abs(d));
        return m;
    }
}
