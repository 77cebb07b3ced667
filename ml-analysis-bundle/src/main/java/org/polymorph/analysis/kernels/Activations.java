package org.polymorph.analysis.kernels;

import org.polymorph.analysis.special.ErrorFunction;

/**
 * The nonlinearities of the layer grammar. Closed forms (all for centred Gaussians, c = k12/√(k11 k22), θ = arccos c):
 * <ul>
 *   <li>leaky relu max(x, a·x), relu a = 0 (arc-cosine kernel, Cho &amp; Saul 2009): E[φφ] = a·k12 + (1−a)²·√(k11k22)
 *       (sin θ + (π−θ) cos θ)/(2π), E[φ'φ'] = a + (1−a)²(π−θ)/(2π) (stax {@code ABRelu}/{@code LeakyRelu});</li>
 *   <li>abs: E[φφ] = √(k11k22)(2 sin θ + (π−2θ) cos θ)/π, E[φ'φ'] = 1 − 2θ/π (stax {@code Abs});</li>
 *   <li>erf (Williams 1997): E[φφ] = (2/π) arcsin(2k12/√((1+2k11)(1+2k22))),
 *       E[φ'φ'] = (4/π)/√((1+2k11)(1+2k22) − 4k12²) (stax {@code Erf}).</li>
 * </ul>
 * tanh, sigmoid (logistic) and gelu (exact, x·Φ(x), as stax {@code Gelu}) have none and use the quadrature.
 */
final class Activations {
    private Activations() { }

    static Activation leakyRelu(double slope) { return new LeakyRelu(slope); }

    static Activation abs() { return new Abs(); }

    static Activation erf() { return new ErfActivation(); }

    static Activation tanh() {
        return new Smooth() {
            @Override public double value(double x) { return Math.tanh(x); }
            @Override public double derivative(double x) { double t = Math.tanh(x); return 1 - t * t; }
            @Override public void valueAndDerivative(double x, double[] out) {
                out[0] = Math.tanh(x);
                out[1] = 1 - out[0] * out[0];
            }
        };
    }

    static Activation sigmoid() {
        return new Smooth() {
            @Override public double value(double x) { return 1 / (1 + Math.exp(-x)); }
            @Override public double derivative(double x) { double s = value(x); return s * (1 - s); }
            @Override public void valueAndDerivative(double x, double[] out) {
                out[0] = value(x);
                out[1] = out[0] * (1 - out[0]);
            }
        };
    }

    /** gelu(x) = x Φ(x), Φ the standard normal CDF; gelu'(x) = Φ(x) + x φ(x). */
    static Activation gelu() {
        return new Smooth() {
            @Override public double value(double x) { return x * cdf(x); }
            @Override public double derivative(double x) { return cdf(x) + x * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI); }
            @Override public void valueAndDerivative(double x, double[] out) {
                double c = cdf(x);
                out[0] = x * c;
                out[1] = c + x * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
            }
        };
    }

    static double cdf(double x) { return ErrorFunction.normalCdf(x); }

    /** √(k11 k22) and θ = arccos(c), c clipped to [−1, 1] against rounding. */
    private static double[] angle(double k11, double k12, double k22) {
        double s = Math.sqrt(k11 * k22);
        double c = s > 0 ? Math.max(-1, Math.min(1, k12 / s)) : 0;
        return new double[] {s, Math.acos(c), c};
    }

    private abstract static class Smooth implements Activation {
        @Override public boolean kinkAtZero() { return false; }
        @Override public boolean closedForm() { return false; }
    }

    private record LeakyRelu(double slope) implements Activation {
        @Override public double value(double x) { return x > 0 ? x : slope * x; }
        @Override public double derivative(double x) { return x > 0 ? 1 : slope; }
        @Override public boolean kinkAtZero() { return true; }
        @Override public boolean closedForm() { return true; }

        @Override
        public void expectations(double k11, double k12, double k22, GaussianQuadrature q, double[] out) {
            double[] st = angle(k11, k12, k22);
            double b = (1 - slope) * (1 - slope);
            out[0] = slope * k12 + b * st[0] * (Math.sin(st[1]) + (Math.PI - st[1]) * st[2]) / (2 * Math.PI);
            out[1] = slope + b * (Math.PI - st[1]) / (2 * Math.PI);
        }
    }

    private record Abs() implements Activation {
        @Override public double value(double x) { return Math.abs(x); }
        @Override public double derivative(double x) { return Math.signum(x); }
        @Override public boolean kinkAtZero() { return true; }
        @Override public boolean closedForm() { return true; }

        @Override
        public void expectations(double k11, double k12, double k22, GaussianQuadrature q, double[] out) {
            double[] st = angle(k11, k12, k22);
            out[0] = st[0] * (2 * Math.sin(st[1]) + (Math.PI - 2 * st[1]) * st[2]) / Math.PI;
            out[1] = 1 - 2 * st[1] / Math.PI;
        }
    }

    private record ErfActivation() implements Activation {
        @Override public double value(double x) { return ErrorFunction.erf(x); }
        @Override public double derivative(double x) { return 2 / Math.sqrt(Math.PI) * Math.exp(-x * x); }
        @Override public boolean kinkAtZero() { return false; }
        @Override public boolean closedForm() { return true; }

        @Override
        public void expectations(double k11, double k12, double k22, GaussianQuadrature q, double[] out) {
            double d = (1 + 2 * k11) * (1 + 2 * k22);
            out[0] = 2 / Math.PI * Math.asin(Math.max(-1, Math.min(1, 2 * k12 / Math.sqrt(d))));
            out[1] = 4 / Math.PI / Math.sqrt(d - 4 * k12 * k12);
        }
    }
}
