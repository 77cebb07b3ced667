package org.polymorph.example.custommethod.internal;

/**
 * The n-dimensional Rosenbrock function (Rosenbrock 1960, the "banana" valley):
 * f(x) = sum_{i=0}^{n-2} [100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2]. Global minimum f = 0 at x = (1, ..., 1).
 */
final class Rosenbrock {
    private Rosenbrock() { }

    static double value(double[] x) {
        double f = 0;
        for (int i = 0; i + 1 < x.length; i++) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            f += 100 * a * a + b * b;
        }
        return f;
    }

    /** Writes df/dx into {@code grad} (same length as x) and returns f(x). */
    static double valueAndGradient(double[] x, double[] grad) {
        java.util.Arrays.fill(grad, 0.0);
        double f = 0;
        for (int i = 0; i + 1 < x.length; i++) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            f += 100 * a * a + b * b;
            grad[i] += -400 * x[i] * a - 2 * b;
            grad[i + 1] += 200 * a;
        }
        return f;
    }

    /** The classic start point: -1.2 at even indices, 1 at odd ones. */
    static double[] start(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = i % 2 == 0 ? -1.2 : 1.0;
        return x;
    }
}
