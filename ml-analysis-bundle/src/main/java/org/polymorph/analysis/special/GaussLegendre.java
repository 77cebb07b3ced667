package org.polymorph.analysis.special;

/** Gauss–Legendre quadrature nodes and weights. */
public final class GaussLegendre {
    private GaussLegendre() { }

    /**
     * The n-point Gauss–Legendre rule on [−1, 1]: {nodes, weights}, the nodes (roots of P_n) by Newton on the
     * three-term recurrence from Chebyshev-like guesses, the weights 2/((1 − x²)·P_n′(x)²).
     */
    public static double[][] rule(int n) {
        if (n < 1) throw new IllegalArgumentException("Gauss–Legendre rule: n = " + n + "; give n >= 1");
        double[] x = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            double z = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
            double dp = 0;
            for (int it = 0; it < 100; it++) {
                double p1 = 1;
                double p2 = 0;
                for (int j = 0; j < n; j++) {
                    double p3 = p2;
                    p2 = p1;
                    p1 = ((2 * j + 1) * z * p2 - j * p3) / (j + 1);
                }
                dp = n * (z * p1 - p2) / (z * z - 1);
                double dz = p1 / dp;
                z -= dz;
                if (Math.abs(dz) < 1e-16) break;
            }
            x[i] = z;
            w[i] = 2 / ((1 - z * z) * dp * dp);
        }
        return new double[][] {x, w};
    }
}
