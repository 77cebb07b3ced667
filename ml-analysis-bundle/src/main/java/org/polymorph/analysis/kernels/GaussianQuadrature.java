package org.polymorph.analysis.kernels;

import org.polymorph.analysis.special.GaussLegendre;
/**
 * Bivariate Gaussian expectations E[φ(u)φ(v)], E[φ'(u)φ'(v)] for (u, v) ~ N(0, [[k11, k12], [k12, k22]]) by a polar
 * product rule. With u = a z1, v = b z1 + s z2 (Cholesky, z standard normal) and z = r (cos θ, sin θ):
 * <pre>
 *   E[F] = (1/2π) ∫_0^π dθ ∫_0^∞ e^{−t} [F(ρω) + F(−ρω)] dt,   ρ = √(2t), ω = (cos θ, sin θ),
 * </pre>
 * i.e. the generalised Gauss–Hermite weight |r| e^{−r²/2} on each line through the origin, taken as Gauss–Laguerre in
 * t = r²/2 (antipodal points paired so the integrand is even in r and smooth in t), times Gauss–Legendre in θ.
 * For activations with a kink at 0 (relu family) the θ range is split at the two lines u = 0 and v = 0, so the rule is
 * exact in r (the integrand is t·g(θ)) and spectrally accurate in θ: it reproduces the arc-cosine closed forms to
 * rounding, where a Cartesian tensor Gauss–Hermite rule converges only algebraically across the kinks.
 */
final class GaussianQuadrature {
    /** Default nodes per direction (radial and angular per sector). */
    static final int DEFAULT_POINTS = 48;

    private final double[] tNodes;
    private final double[] tWeights;
    /** Radii √(2 t_m) of the radial nodes. */
    private final double[] rhos;
    private final double[] xNodes;
    private final double[] xWeights;

    GaussianQuadrature(int points) {
        if (points < 2) throw new IllegalArgumentException("quadrature needs at least 2 points, got " + points);
        double[][] lag = laguerre(points);
        double[][] leg = GaussLegendre.rule(points);
        tNodes = lag[0];
        tWeights = lag[1];
        rhos = new double[tNodes.length];
        for (int m = 0; m < rhos.length; m++) rhos[m] = Math.sqrt(2 * tNodes[m]);
        xNodes = leg[0];
        xWeights = leg[1];
    }

    int points() { return tNodes.length; }

    /** out[0] = E[φ(u)φ(v)], out[1] = E[φ'(u)φ'(v)]. */
    void expectations(Activation f, double k11, double k12, double k22, double[] out) {
        double a = Math.sqrt(Math.max(k11, 0));
        double b = a > 0 ? k12 / a : 0;
        double s = Math.sqrt(Math.max(k22 - b * b, 0));
        double[] cuts = f.kinkAtZero() ? kinkAngles(b, s) : new double[] {0, Math.PI};
        double[] pu = new double[2];
        double[] pv = new double[2];
        double[] mu = new double[2];
        double[] mv = new double[2];
        double e0 = 0;
        double e1 = 0;
        for (int c = 0; c + 1 < cuts.length; c++) {
            double half = 0.5 * (cuts[c + 1] - cuts[c]);
            if (half <= 0) continue;
            double mid = 0.5 * (cuts[c + 1] + cuts[c]);
            for (int k = 0; k < xNodes.length; k++) {
                double theta = mid + half * xNodes[k];
                double du = a * Math.cos(theta);
                double dv = b * Math.cos(theta) + s * Math.sin(theta);
                double r0 = 0;
                double r1 = 0;
                for (int m = 0; m < tNodes.length; m++) {
                    double rho = rhos[m];
                    f.valueAndDerivative(rho * du, pu);
                    f.valueAndDerivative(rho * dv, pv);
                    f.valueAndDerivative(-rho * du, mu);
                    f.valueAndDerivative(-rho * dv, mv);
                    r0 += tWeights[m] * (pu[0] * pv[0] + mu[0] * mv[0]);
                    r1 += tWeights[m] * (pu[1] * pv[1] + mu[1] * mv[1]);
                }
                e0 += half * xWeights[k] * r0;
                e1 += half * xWeights[k] * r1;
            }
        }
        out[0] = e0 / (2 * Math.PI);
        out[1] = e1 / (2 * Math.PI);
    }

    /** Sorted sector boundaries in [0, π]: the directions where u = a cos θ or v = b cos θ + s sin θ vanish. */
    private static double[] kinkAngles(double b, double s) {
        double thetaU = Math.PI / 2;
        double thetaV = Math.atan2(-b, s);
        if (thetaV < 0) thetaV += Math.PI;
        double lo = Math.min(thetaU, thetaV);
        double hi = Math.max(thetaU, thetaV);
        return new double[] {0, lo, hi, Math.PI};
    }

    /** Gauss–Laguerre nodes and weights for ∫_0^∞ e^{−t} g(t) dt (Newton; starting guesses after Stroud &amp; Secrest). */
    static double[][] laguerre(int n) {
        double[] x = new double[n];
        double[] w = new double[n];
        double z = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0) z = 3.0 / (1 + 2.4 * n);
            else if (i == 1) z += 15.0 / (1 + 2.5 * n);
            else z += (1 + 2.55 * (i - 1)) / (1.9 * (i - 1)) * (z - x[i - 2]);
            double p2 = 0;
            double pp = 0;
            for (int it = 0; it < 200; it++) {
                double p1 = 1;
                p2 = 0;
                for (int j = 0; j < n; j++) {
                    double p3 = p2;
                    p2 = p1;
                    p1 = ((2 * j + 1 - z) * p2 - j * p3) / (j + 1);
                }
                pp = n * (p1 - p2) / z;
                double dz = p1 / pp;
                z -= dz;
                if (Math.abs(dz) <= 1e-15 * Math.max(1, z)) break;
            }
            x[i] = z;
            w[i] = -1 / (pp * n * p2);
        }
        return new double[][] {x, w};
    }
}
