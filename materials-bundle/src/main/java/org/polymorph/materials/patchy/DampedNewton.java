package org.polymorph.materials.patchy;

import java.util.function.Function;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.ValueAndGrad;
import org.polymorph.autodiff.Var;

/**
 * Minimises a smooth scalar function of a small vector on concrete values by Levenberg-damped Newton steps with exact
 * autodiff Hessians: (H + μI)Δ = −∇f, a step accepted when f falls (μ shrinks), refused otherwise (μ grows).
 * Converged when the largest gradient component is below {@code gradientTolerance}.
 */
record DampedNewton(AD ad, double gradientTolerance, int maxIterations) {
    /** The minimiser reached from x0 [n]; throws ArithmeticException naming {@code what} when it does not converge. */
    double[] minimise(Function<Var, Var> f, double[] x0, String what) {
        Ops o = ad.ops();
        int n = x0.length;
        Var x = o.constant(x0, n);
        ValueAndGrad<Var> vg = ad.valueAndGrad(f, x);
        double mu = 1e-3;
        for (int it = 0; it < maxIterations; it++) {
            double[] g = o.tensors().toDoubleArray(vg.grad().value());
            double gmax = 0;
            for (double v : g) gmax = Math.max(gmax, Math.abs(v));
            if (!Double.isFinite(vg.value().item()) || Double.isNaN(gmax)) {
                throw new ArithmeticException(what + ": energy or gradient is not finite at iteration " + it);
            }
            if (gmax < gradientTolerance) return o.tensors().toDoubleArray(x.value());
            Var h = ad.hessian(f, x);
            while (true) {
                Var shifted = o.add(h, o.constant(identity(n, mu), n, n));
                Var step = o.solve(shifted, o.reshape(vg.grad().neg(), n, 1));
                Var trial = o.constant(o.add(x, o.reshape(step, n)).value());
                ValueAndGrad<Var> tv = ad.valueAndGrad(f, trial);
                if (tv.value().item() <= vg.value().item() + 1e-13 * Math.max(1, Math.abs(vg.value().item()))) {
                    x = trial;
                    vg = tv;
                    mu = Math.max(mu / 10, 1e-12);
                    break;
                }
                mu *= 10;
                if (mu > 1e12) throw new ArithmeticException(what + ": no descent step at iteration " + it + " (gradient " + gmax + ")");
            }
        }
        throw new ArithmeticException(what + ": no convergence to gradient " + gradientTolerance + " in " + maxIterations + " Newton steps");
    }

    private static double[] identity(int n, double scale) {
        double[] m = new double[n * n];
        for (int i = 0; i < n; i++) m[i * n + i] = scale;
        return m;
    }
}
