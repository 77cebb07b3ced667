package org.polymorph.analysis.kernels;

import org.polymorph.core.method.BadInputException;
import org.polymorph.core.tensor.Decompositions.Eigh;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * Mean prediction of an infinitely wide network trained by gradient flow on the MSE loss ½ Σ_i ||f(x_i) − y_i||²
 * (Jacot et al. 2018; Lee et al. 2019, eq. 9–10; neural-tangents {@code predict.gradient_descent_mse}, with our loss
 * normalisation): with the kernel Θ on the training set X and the mean output 0 at initialisation,
 * <pre>
 *   f_t(x*) = Θ(x*, X) Θ⁻¹ (I − e^{−Θ t}) Y,      f_∞(x*) = Θ(x*, X) Θ⁻¹ Y,
 * </pre>
 * t being the learning rate times the number of steps (dimensionless). With the NNGP kernel K instead of Θ, the
 * infinite-time formula is the NNGP (Gaussian-process) posterior mean K(x*, X) (K + λI)⁻¹ Y. The regulariser λ ≥ 0 is
 * added to the training kernel's diagonal (a ridge / observation-noise variance).
 */
public final class NtkRegression {
    private final TensorService ts;
    private final Tensor testTrain;
    private final Tensor values;
    private final Tensor vectors;

    /**
     * @param trainTrain  kernel on the training inputs (m, m), symmetric
     * @param testTrain   kernel between test and training inputs (k, m)
     * @param regulariser λ added to the diagonal of trainTrain, ≥ 0
     */
    public NtkRegression(TensorService ts, Tensor trainTrain, Tensor testTrain, double regulariser) {
        int m = trainTrain.dim(0);
        if (trainTrain.rank() != 2 || trainTrain.dim(1) != m || testTrain.rank() != 2 || testTrain.dim(1) != m) {
            throw new IllegalArgumentException("kernels must be (m, m) and (k, m), got " + trainTrain.shape() + " and "
                    + testTrain.shape());
        }
        if (!(regulariser >= 0)) {
            throw BadInputException.forParam("regulariser", regulariser, "must be ≥ 0", "use 0 or a small positive ridge");
        }
        this.ts = ts;
        this.testTrain = ts.cast(testTrain, DType.FLOAT64);
        Tensor reg = ts.add(ts.cast(trainTrain, DType.FLOAT64), ts.mul(ts.eye(DType.FLOAT64, m),
                ts.scalar(DType.FLOAT64, regulariser)));
        Eigh e = ts.eigh(reg);
        this.values = e.values();
        this.vectors = e.vectors();
    }

    /** Infinite-time mean prediction (k, o) for training targets y (m, o). */
    public Tensor meanPrediction(Tensor y) { return meanPrediction(y, Double.POSITIVE_INFINITY); }

    /** Mean prediction (k, o) after time t ≥ 0 (learning rate × steps); t = +∞ gives the kernel-regression limit. */
    public Tensor meanPrediction(Tensor y, double t) {
        if (!(t >= 0)) throw BadInputException.forParam("t", t, "must be ≥ 0", "give a non-negative training time");
        double[] lambda = ts.toDoubleArray(values);
        double[] g = new double[lambda.length];
        for (int i = 0; i < g.length; i++) {
            if (lambda[i] <= 1e-300 && Double.isInfinite(t)) {
                throw new ArithmeticException("the training kernel is singular (eigenvalue " + lambda[i]
                        + "); add a regulariser");
            }
            // (1 − e^{−λt})/λ, with its limit t at λ = 0.
            g[i] = Double.isInfinite(t) ? 1 / lambda[i] : lambda[i] == 0 ? t : -Math.expm1(-lambda[i] * t) / lambda[i];
        }
        Tensor y2 = y.rank() == 1 ? ts.reshape(y, y.dim(0), 1) : ts.cast(y, DType.FLOAT64);
        Tensor coeff = ts.matmul(ts.transpose(vectors, 1, 0), y2);                  // Vᵀ Y (m, o)
        coeff = ts.mul(coeff, ts.reshape(ts.fromArray(g, g.length), g.length, 1)); // g(Λ) Vᵀ Y
        Tensor out = ts.matmul(testTrain, ts.matmul(vectors, coeff));               // Θ*X V g(Λ) Vᵀ Y
        return y.rank() == 1 ? ts.reshape(out, out.dim(0)) : out;
    }
}
