/**
 * Constrained nonlinear optimization by sequential quadratic programming (SLSQP class, after
 * D. Kraft, "A software package for sequential quadratic programming", DFVLR-FB 88-28, 1988, and
 * scipy's {@code minimize(method='SLSQP')}): a damped BFGS approximation of the Hessian of the
 * Lagrangian, a quadratic subproblem per iteration solved by a dual active-set method (Goldfarb and
 * Idnani 1983), and a line search on the L1 exact-penalty merit function (Han 1977, Powell 1978).
 *
 * <p>The caller gives exact gradients: {@link org.polymorph.optimizers.constrained.ConstrainedProblem}
 * holds the objective f(x), its gradient, equality constraints h(x) = 0, inequality constraints
 * c(x) &ge; 0 (scipy's sign convention), their Jacobians and bounds on x.
 *
 * <pre>{@code
 * SlsqpResult r = Slsqp.defaults().maxIterations(100).tolerance(1e-9).minimize(problem, x0);
 * if (!r.success()) throw new IllegalStateException(r.message());
 * }</pre>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.polymorph.optimizers.constrained;
