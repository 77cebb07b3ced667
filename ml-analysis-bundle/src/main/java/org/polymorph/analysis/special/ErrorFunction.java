package org.polymorph.analysis.special;

/** The error function and the standard normal distribution function, in double precision (Java has no erf). */
public final class ErrorFunction {
    private ErrorFunction() { }

    /** Complementary error function, absolute error ~1e-16: Taylor series below 2.5, continued fraction above. */
    public static double erfc(double x) {
        if (Double.isNaN(x)) return x;
        if (x < 0) return 2 - erfc(-x);
        if (x < 2.5) {
            double sum = 0;
            double term = x;
            for (int n = 0; n < 200; n++) {
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
                term *= -x * x / (n + 1);
            }
            return 1 - 2 / Math.sqrt(Math.PI) * sum;
        }
        if (x > 27) return 0;
        // erfc(x) = e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))) (A&S 7.1.14), evaluated bottom-up; the
        // depths reach relative 2e-15 (checked against Python's math.erfc on [2.5, 26]).
        double f = x;
        for (int k = x < 3.5 ? 40 : x < 5 ? 20 : 12; k >= 1; k--) f = x + 0.5 * k / f;
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
    }

    /** erf(x) = 1 − erfc(x). */
    public static double erf(double x) { return 1 - erfc(x); }

    /** Φ(x) = P(Z ≤ x) for a standard normal Z: erfc(−x/√2)/2, absolute error ~1e-16. */
    public static double normalCdf(double x) { return 0.5 * erfc(-x / Math.sqrt(2)); }
}
