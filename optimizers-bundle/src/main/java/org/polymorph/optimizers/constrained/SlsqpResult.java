package org.polymorph.optimizers.constrained;

/**
 * The outcome of {@link Slsqp#minimize}, named as scipy's {@code OptimizeResult}.
 *
 * @param x the last accepted point (length n; the start point clipped to the bounds when no step was taken)
 * @param f f(x)
 * @param iterations major iterations, scipy's {@code nit}: QP subproblems solved, the final converged one included
 * @param functionEvaluations evaluations of f and the constraints, scipy's {@code nfev}
 * @param gradientEvaluations evaluations of the gradient and the Jacobians, scipy's {@code njev}
 * @param status why it stopped; only {@link Status#SUCCESS} means a KKT point was found
 * @param message the status in words
 * @param constraintViolation max over constraints of |h_j(x)| and max(0, -c_j(x)) at x
 * @param multipliers Lagrange multipliers of the last QP (length m_e + m_i: equalities first;
 *                    those of inequalities are &ge; 0; grad f = sum_j multipliers_j grad g_j at a KKT point)
 */
public record SlsqpResult(double[] x, double f, int iterations, int functionEvaluations, int gradientEvaluations,
                          Status status, String message, double constraintViolation, double[] multipliers) {

    /** Exit states. Codes follow scipy's SLSQP modes where scipy has one. */
    public enum Status {
        /** A KKT point to the tolerance (scipy mode 0). */
        SUCCESS(0, "Optimization terminated successfully"),
        /** The linearised constraints stay incompatible even relaxed (scipy mode 4): the problem looks infeasible. */
        INFEASIBLE(4, "Inequality constraints incompatible"),
        /** The QP subproblem did not finish in its iteration limit (scipy mode 3). */
        QP_FAILED(3, "More than 3*n iterations in LSQ subproblem"),
        /** The merit function could not be decreased along the QP direction (scipy mode 8). */
        LINE_SEARCH_FAILED(8, "Positive directional derivative for linesearch"),
        /** maxIterations reached (scipy mode 9). */
        ITERATION_LIMIT(9, "Iteration limit reached"),
        /** x grew without bound while f kept decreasing: the problem looks unbounded below. */
        UNBOUNDED(10, "Objective appears unbounded below"),
        /** f, a constraint or a gradient was not finite at an accepted point. */
        NON_FINITE(11, "Objective, constraint or gradient is not finite"),
        /** The cancellation check answered true. */
        CANCELLED(12, "Cancelled");

        private final int code;
        private final String message;

        Status(int code, String message) {
            this.code = code;
            this.message = message;
        }

        /** scipy's exit mode where it has one, else a code of our own above 9. */
        public int code() { return code; }

        /** The status in words. */
        public String message() { return message; }
    }

    /** True when a KKT point was found. */
    public boolean success() { return status == Status.SUCCESS; }
}
