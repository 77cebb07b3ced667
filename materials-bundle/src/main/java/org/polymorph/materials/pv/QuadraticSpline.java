package org.polymorph.materials.pv;

/**
 * The C¹ piecewise-quadratic interpolant of deltapv's {@code spline.qspline} / {@code spline.predict} (Mann et al.,
 * arXiv 2105.06305): on interval i, [x_i, x_{i+1}], y = a_i t² + b_i t + c_i, through (x_i, y_i) and (x_{i+1},
 * y_{i+1}), with a_0 = 0 (zero curvature on the first interval) and the slope continuous at every interior knot.
 * deltapv solves the 3(n − 1) conditions densely; here they are the O(n) forward recursion they reduce to (interval
 * i's slope at x_i is interval i − 1's), so the coefficients agree to rounding.
 *
 * <p>{@link #value} picks the interval as deltapv's {@code predict}: searchsorted(x, t) − 1 clipped to [0, n − 2], so
 * t ≤ x_1 uses the first quadratic (t below x_0 extrapolates it), t = x_k uses interval k − 1, and t beyond the last
 * knot extrapolates the last quadratic. The knots must increase strictly.
 *
 * <p>Reverse mode: {@link #pullback} maps weights on the coefficients to weights on the knots and values, and
 * {@link #valuesVjp} is the vector–Jacobian product of {@link #values} for fixed query points. Immutable.
 */
public final class QuadraticSpline {
    private final double[] x;
    private final double[] y;
    private final double[] a;
    private final double[] b;
    private final double[] c;

    private QuadraticSpline(double[] x, double[] y, double[] a, double[] b, double[] c) {
        this.x = x;
        this.y = y;
        this.a = a;
        this.b = b;
        this.c = c;
    }

    /**
     * The spline through (x_i, y_i), i = 0..n−1, n ≥ 2, x strictly increasing (not checked: equal knots give
     * non-finite coefficients, as deltapv's singular solve).
     * @throws IllegalArgumentException when the lengths differ or n &lt; 2
     */
    public static QuadraticSpline fit(double[] x, double[] y) {
        int n = x.length;
        if (y.length != n || n < 2) {
            throw new IllegalArgumentException("a quadratic spline needs n >= 2 knots and as many values, got " + n + " knots and " + y.length + " values");
        }
        double[] a = new double[n - 1], b = new double[n - 1], c = new double[n - 1];
        for (int i = 0; i < n - 1; i++) {
            double h = x[i + 1] - x[i], dy = y[i + 1] - y[i];
            if (i == 0) {
                a[i] = 0;
                b[i] = dy / h;
            } else {
                double slope = 2 * a[i - 1] * x[i] + b[i - 1];
                a[i] = (dy - slope * h) / (h * h);
                b[i] = slope - 2 * a[i] * x[i];
            }
            c[i] = y[i] - a[i] * x[i] * x[i] - b[i] * x[i];
        }
        return new QuadraticSpline(x.clone(), y.clone(), a, b, c);
    }

    /** The number of knots n. */
    public int knots() { return x.length; }

    /** Knot k's abscissa. */
    public double knot(int k) { return x[k]; }

    /** Interval i's quadratic coefficient a_i (i in [0, n − 2]). */
    public double a(int i) { return a[i]; }

    /** Interval i's linear coefficient b_i. */
    public double b(int i) { return b[i]; }

    /** Interval i's constant c_i. */
    public double c(int i) { return c[i]; }

    /** Interval i's quadratic at t (any t, no clipping): a_i t² + b_i t + c_i. */
    public double quadratic(int i, double t) {
        return a[i] * t * t + b[i] * t + c[i];
    }

    /** The interval used at t: (number of knots &lt; t) − 1, clipped to [0, n − 2] (deltapv's searchsorted − 1). */
    public int interval(double t) {
        int lo = 0, hi = x.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (x[mid] < t) lo = mid + 1;
            else hi = mid;
        }
        return Math.min(Math.max(lo - 1, 0), x.length - 2);
    }

    /** The spline at t (deltapv's {@code predict}). */
    public double value(double t) {
        return quadratic(interval(t), t);
    }

    /** The spline at each t [q]. */
    public double[] values(double[] t) {
        double[] out = new double[t.length];
        for (int k = 0; k < t.length; k++) out[k] = value(t[k]);
        return out;
    }

    /**
     * Reverse mode of {@link #fit}: given ∂L/∂a_i, ∂L/∂b_i, ∂L/∂c_i [n − 1] returns {∂L/∂x [n], ∂L/∂y [n]}. The weight
     * on a_0 is ignored (a_0 is 0 whatever the knots).
     */
    public double[][] pullback(double[] aBar, double[] bBar, double[] cBar) {
        int n = x.length;
        double[] ab = aBar.clone(), bb = bBar.clone();
        double[] xb = new double[n], yb = new double[n];
        for (int i = n - 2; i >= 0; i--) {
            double h = x[i + 1] - x[i], dy = y[i + 1] - y[i];
            double xi = x[i];
            // c_i = y_i − a_i x_i² − b_i x_i
            double cb = cBar[i];
            yb[i] += cb;
            ab[i] -= cb * xi * xi;
            bb[i] -= cb * xi;
            xb[i] -= cb * (2 * a[i] * xi + b[i]);
            double dyb, hb;
            if (i == 0) {
                // b_0 = dy / h
                dyb = bb[0] / h;
                hb = -bb[0] * dy / (h * h);
            } else {
                // b_i = s − 2 a_i x_i, a_i = (dy − s h)/h², s = 2 a_{i−1} x_i + b_{i−1}
                double s = 2 * a[i - 1] * xi + b[i - 1];
                double sb = bb[i];
                ab[i] -= 2 * xi * bb[i];
                xb[i] -= 2 * a[i] * bb[i];
                dyb = ab[i] / (h * h);
                sb -= ab[i] / h;
                hb = ab[i] * (s / (h * h) - 2 * dy / (h * h * h));
                ab[i - 1] += 2 * xi * sb;
                bb[i - 1] += sb;
                xb[i] += 2 * a[i - 1] * sb;
            }
            yb[i + 1] += dyb;
            yb[i] -= dyb;
            xb[i + 1] += hb;
            xb[i] -= hb;
        }
        return new double[][] {xb, yb};
    }

    /**
     * The vector–Jacobian product of {@link #values}(t) with respect to the knots and values, t fixed: given weights
     * w [q] on the outputs, returns {Σ_k w_k ∂value(t_k)/∂x [n], Σ_k w_k ∂value(t_k)/∂y [n]}. The interval choice is
     * piecewise constant in the knots, so it holds wherever no t_k equals a knot.
     */
    public double[][] valuesVjp(double[] t, double[] w) {
        if (t.length != w.length) {
            throw new IllegalArgumentException("valuesVjp needs one weight per query point, got " + t.length + " points and " + w.length + " weights");
        }
        double[] ab = new double[a.length], bb = new double[a.length], cb = new double[a.length];
        for (int k = 0; k < t.length; k++) {
            int i = interval(t[k]);
            ab[i] += w[k] * t[k] * t[k];
            bb[i] += w[k] * t[k];
            cb[i] += w[k];
        }
        return pullback(ab, bb, cb);
    }
}
