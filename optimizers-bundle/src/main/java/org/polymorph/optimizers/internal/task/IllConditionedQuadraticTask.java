package org.polymorph.optimizers.internal.task;

import java.util.Locale;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * An ill-conditioned convex quadratic: loss {@code ½ xᵀ A x} with {@code A = Q diag(λ) Qᵀ}, eigenvalues
 * {@code λ_i = κ^(i / (dim - 1))} spread log-uniformly over [1, κ] (κ the condition number) and Q a fixed
 * rotation (Gram–Schmidt of a Gaussian matrix drawn from {@code RandomKey.of(rotationSeed)}), so the axes of the
 * valley are not the coordinate axes and a diagonal preconditioner (Adam's) cannot undo κ. x [dim] ~ N(0, 1);
 * no data. Minimum 0 at x = 0. The noiseless quadratic of Nesterov's lower bounds (Introductory Lectures, §2.1.4).
 */
final class IllConditionedQuadraticTask implements OptimizationTask {
    private final int dim;
    private final double condition;
    private final double[] a;   // A, row-major [dim, dim]

    IllConditionedQuadraticTask(int dim, double condition, long rotationSeed) {
        if (dim < 2) throw new IllegalArgumentException("ill-conditioned quadratic: dim = " + dim + "; give dim >= 2");
        if (!(condition >= 1)) {
            throw new IllegalArgumentException("ill-conditioned quadratic: condition number " + condition + "; give a condition number >= 1");
        }
        this.dim = dim;
        this.condition = condition;
        this.a = matrix(dim, condition, RandomKey.of(rotationSeed));
    }

    /** {@code quadratic_ill_conditioned_<dim>_k<κ>}, κ rounded to an integer. */
    @Override public String name() { return "quadratic_ill_conditioned_" + dim + "_k" + Math.round(condition); }

    @Override public String family() { return "quadratic_ill_conditioned"; }

    @Override public String description() {
        return String.format(Locale.ROOT, "1/2 x^T A x, A = Q diag(lambda) Q^T with eigenvalues log-spaced in [1, %g] (condition number) and a"
                + " fixed random rotation Q, x [%d] ~ N(0, 1), no data", condition, dim);
    }

    @Override public long parameterCount() { return dim; }

    /** The condition number κ = λ_max / λ_min of A. */
    double condition() { return condition; }

    /** A, row-major [dim, dim] (a copy). */
    double[] matrix() { return a.clone(); }

    @Override public Object init(Ops ops, RandomKey key) { return ops.constant(ops.tensors().normal(key, DType.FLOAT64, dim)); }

    @Override public Var loss(Ops ops, Object params, Object batch) {
        Var x = Tasks.vector(params, dim, name());
        Var ax = ops.reshape(ops.matmul(ops.constant(a, dim, dim), ops.reshape(x, dim, 1)), dim);
        return ops.dot(x, ax).mul(0.5);
    }

    @Override public BatchStream batches(TensorService ts, RandomKey key) { return BatchStream.NONE; }

    @Override public String toString() { return name(); }

    /** Q diag(λ) Qᵀ, Q from modified Gram–Schmidt of the columns of a standard normal matrix drawn from {@code key}. */
    static double[] matrix(int n, double condition, RandomKey key) {
        double[][] q = new double[n][n];   // q[j]: column j
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) q[j][i] = key.normal((long) j * n + i);
            for (int k = 0; k < j; k++) {
                double d = 0;
                for (int i = 0; i < n; i++) d += q[k][i] * q[j][i];
                for (int i = 0; i < n; i++) q[j][i] -= d * q[k][i];
            }
            double norm = 0;
            for (int i = 0; i < n; i++) norm += q[j][i] * q[j][i];
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) q[j][i] /= norm;
        }
        double[] a = new double[n * n];
        for (int k = 0; k < n; k++) {
            double lambda = Math.pow(condition, (double) k / (n - 1));
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < n; c++) a[r * n + c] += lambda * q[k][r] * q[k][c];
            }
        }
        return a;
    }
}
