package org.polymorph.analysis.dks;

/**
 * Q and C maps of a (transformed) activation φ and their local derivatives (Poole et al. 2016; DKS paper §3), by
 * Gaussian quadrature. With inputs of squared norm q per unit, the Q map is Q(q) = E[φ(√q·z)²]; for two inputs of
 * q = 1 with correlation c, the local C map is C(c) = E[φ(u)φ(v)]/Q(1) with (u, v) standard normal of correlation
 * c. Derivatives follow from E[f(u)g(v)]′ = E[f′(u)g′(v)]: C′(c) = E[φ′(u)φ′(v)]/Q(1), C″(c) = E[φ″(u)φ″(v)]/Q(1),
 * and Q′(q) = E[z·φ(√q z)·φ′(√q z)]/√q. Solving for the transformation lives in {@link TransformSolver}.
 */
public final class Dks {
    private Dks() { }

    /** E[φ(z)], z ~ N(0, 1). */
    public static double mean(ActivationTransform phi) {
        return Quadrature.mean(phi::value, phi.kinks());
    }

    /** Q(q) = E[φ(√q z)²] (q ≥ 0, squared length per unit). */
    public static double qMap(ActivationTransform phi, double q) {
        if (q == 0.0) return square(phi.value(0.0));
        double r = Math.sqrt(q);
        return Quadrature.mean(z -> square(phi.value(r * z)), scaledKinks(phi, r));
    }

    /** dQ/dq at q (q &gt; 0). */
    public static double qMapSlope(ActivationTransform phi, double q) {
        double r = Math.sqrt(q);
        return Quadrature.mean(z -> z * phi.value(r * z) * phi.d1(r * z), scaledKinks(phi, r)) / r;
    }

    /** The local C map C(c) at q = 1, c ∈ [−1, 1]. */
    public static double cMap(ActivationTransform phi, double c) {
        return cMapDerivative(phi, 0, c);
    }

    /** C′(c) at q = 1. */
    public static double cMapSlope(ActivationTransform phi, double c) {
        return cMapDerivative(phi, 1, c);
    }

    /** C″(c) at q = 1 (smooth activations; a piecewise-linear φ has a delta there, which this leaves out). */
    public static double cMapCurvature(ActivationTransform phi, double c) {
        return cMapDerivative(phi, 2, c);
    }

    /** The order-th derivative of the local C map at c, normalised by Q(1). */
    public static double cMapDerivative(ActivationTransform phi, int order, double c) {
        return unnormalisedC(phi, order, c) / qMap(phi, 1.0);
    }

    /**
     * E[φ^{(k)}(u)·φ^{(k)}(v)] at correlation c, one-dimensional at c = 0 (a square of a mean) and c = ±1, as
     * google-deepmind/dks {@code _calc_c_map} does before dividing by the output q.
     */
    static double unnormalisedC(ActivationTransform phi, int order, double c) {
        if (c < -1.0 || c > 1.0) throw new IllegalArgumentException("correlation c = " + c + " outside [-1, 1]");
        if (c == 0.0) return square(Quadrature.mean(x -> phi.derivative(order, x), phi.kinks()));
        return Quadrature.correlatedMean(x -> phi.derivative(order, x), x -> phi.derivative(order, x), c,
                phi.kinks(), phi.kinks());
    }

    /** Q′(1) = E[z·φ(z)·φ′(z)], the local Q-map slope DKS sets to 1. */
    public static double localQSlope(ActivationTransform phi) {
        return Quadrature.mean(z -> z * phi.value(z) * phi.d1(z), phi.kinks());
    }

    /**
     * The closed-form local C map of a leaky ReLU with negative slope α (DKS paper; q = 1):
     * C(c) = [(1 − α)²(√(1 − c²) + (π − arccos c)·c)/π + 2αc]/(1 + α²).
     */
    public static double leakyReluCMap(double c, double alpha) {
        double a = 1 - alpha;
        return (a * a * (Math.sqrt(1 - c * c) + (Math.PI - Math.acos(c)) * c) / Math.PI + 2 * alpha * c)
                / (1 + alpha * alpha);
    }

    private static double[] scaledKinks(ActivationTransform phi, double r) {
        double[] k = phi.kinks();
        for (int i = 0; i < k.length; i++) k[i] /= r;
        return k;
    }

    private static double square(double v) { return v * v; }
}
