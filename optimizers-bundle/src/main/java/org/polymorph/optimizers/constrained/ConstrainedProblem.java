package org.polymorph.optimizers.constrained;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A smooth problem: minimise f(x) over x in R^n subject to h(x) = 0 (m_e equalities),
 * c(x) &ge; 0 (m_i inequalities, scipy's convention) and lower &le; x &le; upper. Gradients are the
 * caller's, exact. Methods write into the arrays given (no allocation per call); the solver never
 * keeps a reference to them.
 */
@ConsumerType
public interface ConstrainedProblem {
    /** n, the number of variables. */
    int dimension();

    /** f(x); x has length n. May return +infinity or NaN outside the domain (the line search backs off). */
    double value(double[] x);

    /** Writes df/dx (length n) into {@code grad}. */
    void gradient(double[] x, double[] grad);

    /** m_e, the number of equality constraints h(x) = 0. */
    default int equalityCount() { return 0; }

    /** Writes h(x) (length m_e) into {@code out}. */
    default void equalities(double[] x, double[] out) { }

    /** Writes dh/dx (shape [m_e][n], row j the gradient of h_j) into {@code jac}. */
    default void equalityJacobian(double[] x, double[][] jac) { }

    /** m_i, the number of inequality constraints c(x) &ge; 0. */
    default int inequalityCount() { return 0; }

    /** Writes c(x) (length m_i) into {@code out}. */
    default void inequalities(double[] x, double[] out) { }

    /** Writes dc/dx (shape [m_i][n]) into {@code jac}. */
    default void inequalityJacobian(double[] x, double[][] jac) { }

    /** Lower bounds (length n, -infinity where none), or null for none. */
    default double[] lower() { return null; }

    /** Upper bounds (length n, +infinity where none), or null for none. */
    default double[] upper() { return null; }
}
