package org.polymorph.analysis.kernels;

/**
 * A pointwise nonlinearity φ as the infinite-width recursions see it: for (u, v) ~ N(0, [[k11, k12], [k12, k22]])
 * the NNGP map E[φ(u)φ(v)] and the NTK factor E[φ'(u)φ'(v)] (neural-tangents {@code stax/elementwise.py}).
 * Closed forms where they exist; otherwise {@link GaussianQuadrature}.
 */
interface Activation {
    double value(double x);

    double derivative(double x);

    /** out[0] = φ(x), out[1] = φ'(x); override where the two share work. */
    default void valueAndDerivative(double x, double[] out) {
        out[0] = value(x);
        out[1] = derivative(x);
    }

    /** True when φ or φ' has a kink at 0 only (relu family); the quadrature splits its sectors there. */
    boolean kinkAtZero();

    /** True when {@link #expectations} is analytic rather than by quadrature. */
    boolean closedForm();

    /**
     * out[0] = E[φ(u)φ(v)], out[1] = E[φ'(u)φ'(v)] for the covariance (k11, k12, k22).
     * Default: by the quadrature rule {@code q}.
     */
    default void expectations(double k11, double k12, double k22, GaussianQuadrature q, double[] out) {
        q.expectations(this, k11, k12, k22, out);
    }
}
