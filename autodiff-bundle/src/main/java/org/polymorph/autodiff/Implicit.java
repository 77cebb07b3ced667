package org.polymorph.autodiff;

import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Derivatives of solutions by the implicit function theorem, not by unrolling the solver: for
 * x*(θ) with g(x*, θ) = 0, dx* = −(∂g/∂x)⁻¹ (∂g/∂θ) dθ (Blondel et al. 2022, "Efficient and modular
 * implicit differentiation"). The solver runs on concrete values; only g is differentiated.
 * The linear solve is matrix-free GMRES built from JVPs/VJPs of g, or a dense solve of the explicit
 * Jacobian for small problems. Derivatives of order two and higher need {@link LinearSolve#DENSE},
 * whose solve is itself differentiable.
 */
public final class Implicit {
    private Implicit() { }

    public enum LinearSolve {
        /** Build ∂g/∂x with jacobianFwd and solve it: exact, differentiable to any order; O(n) JVPs + O(n³). */
        DENSE,
        /** Matrix-free GMRES on JVPs (forward) or VJPs (reverse), to a relative residual of 1e-12: first order. */
        GMRES
    }

    /**
     * x* = solver(θ), a root of g(·, θ). θ is a pytree; the result carries derivatives with respect to θ.
     * The solver gets concrete values (no tracers) and must return x* to high accuracy.
     */
    public static <T> Var root(AD ad, BiFunction<Var, T, Var> g, Function<T, Var> solver, T theta, LinearSolve method) {
        return ad.implicitRoot(g, solver, theta, method);
    }

    /**
     * The fixed point x* = f(x*, θ), found by iterating from x0 until the largest change is below
     * {@code tol}; throws ArithmeticException when maxIter iterations do not converge.
     */
    public static <T> Var fixedPoint(AD ad, BiFunction<Var, T, Var> f, Var x0, T theta, double tol, int maxIter,
                                     LinearSolve method) {
        if (tol <= 0 || maxIter < 1) throw new IllegalArgumentException("fixedPoint: tol = " + tol + ", maxIter = " + maxIter
                + "; give tol > 0 and maxIter >= 1");
        Ops o = ad.ops();
        Function<T, Var> solver = th -> {
            Var x = o.constant(x0.value());
            for (int k = 0; k < maxIter; k++) {
                Var next = f.apply(x, th);
                double change = o.max(o.abs(o.sub(next, x))).item();
                x = o.constant(next.value());
                if (change < tol) return x;
                if (Double.isNaN(change)) throw new ArithmeticException("fixedPoint: NaN at iteration " + k);
            }
            throw new ArithmeticException("fixedPoint: no convergence to " + tol + " in " + maxIter
                    + " iterations; raise maxIter or check that f is a contraction");
        };
        return root(ad, (x, th) -> o.sub(f.apply(x, th), x), solver, theta, method);
    }

    /**
     * x* = minimizer(θ), a stationary point of loss(·, θ); derivatives through ∇ₓ loss = 0, so the
     * linear system is the Hessian of the loss.
     */
    public static <T> Var argmin(AD ad, BiFunction<Var, T, Var> loss, Function<T, Var> minimizer, T theta, LinearSolve method) {
        return root(ad, (x, th) -> ad.grad((Var xv) -> loss.apply(xv, th), x), minimizer, theta, method);
    }
}
