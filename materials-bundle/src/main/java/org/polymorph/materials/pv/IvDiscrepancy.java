package org.polymorph.materials.pv;

/**
 * The polar discrepancy between two J–V curves, deltapv's {@code util.dpol} (the objective of its inverse problem,
 * {@code optimize/multi.py}): each curve becomes points (x, y) = (V, 10·J), V in volts and J in A/cm² (deltapv's
 * scaling), then polar coordinates θ = atan2(x, y), r = √(x² + y²) (θ from 0 at short circuit past
 * π/2 once J turns negative); r(θ) of each curve is interpolated by the {@link QuadraticSpline} at {@value #ANGLES}
 * angles evenly spaced over [0, π/2], and the discrepancy is Σ_k (r₁(θ_k) − r₂(θ_k))².
 *
 * <p>deltapv takes x = 0.05·(bias index) whatever voltages were stored; here x is the bias given, which is the same
 * for a sweep from 0 V in steps of {@code voltage_step} (pass k·voltage_step). The two curves are interpolated
 * separately, so they may have different lengths, as in deltapv. θ must increase along each curve (J falling with
 * V), as deltapv's searchsorted assumes.
 */
public final class IvDiscrepancy {
    /** The number of interpolation angles (deltapv's linspace(0, π/2, 100)). */
    public static final int ANGLES = 100;
    /** deltapv's scale of J (A/cm²) against V (V). */
    private static final double J_SCALE = 10;

    private IvDiscrepancy() { }

    /** The discrepancy and its gradient with respect to the first curve's currents, dD/dJ₁ [m₁] (cm²/A). */
    public record Gradient(double value, double[] dCurrent) { }

    /** The {@value #ANGLES} angles θ_k = k·(π/2)/99 (rad), the last exactly π/2. */
    public static double[] angles() {
        double[] t = new double[ANGLES];
        double step = (Math.PI / 2) / (ANGLES - 1);
        for (int k = 0; k < ANGLES; k++) t[k] = k * step;
        t[ANGLES - 1] = Math.PI / 2;
        return t;
    }

    /**
     * D(curve 1, curve 2) for biases {@code v} (V) and currents {@code j} (A/cm²), each curve at least 2 points.
     * @throws IllegalArgumentException when a curve's arrays differ in length or have fewer than 2 points
     */
    public static double value(double[] v1, double[] j1, double[] v2, double[] j2) {
        double[] t = angles();
        double[] r1 = polarSpline(v1, j1).values(t), r2 = polarSpline(v2, j2).values(t);
        double d = 0;
        for (int k = 0; k < ANGLES; k++) d += (r1[k] - r2[k]) * (r1[k] - r2[k]);
        return d;
    }

    /** D and dD/dJ₁ by reverse mode through the moving knots θ_i and values r_i of curve 1's spline. */
    public static Gradient gradient(double[] v1, double[] j1, double[] v2, double[] j2) {
        double[] t = angles();
        QuadraticSpline s1 = polarSpline(v1, j1);
        double[] r1 = s1.values(t), r2 = polarSpline(v2, j2).values(t);
        double d = 0;
        double[] w = new double[ANGLES];
        for (int k = 0; k < ANGLES; k++) {
            d += (r1[k] - r2[k]) * (r1[k] - r2[k]);
            w[k] = 2 * (r1[k] - r2[k]);
        }
        double[][] knotBar = s1.valuesVjp(t, w);
        double[] dj = new double[j1.length];
        for (int i = 0; i < j1.length; i++) {
            double x = v1[i], y = J_SCALE * j1[i], rr = x * x + y * y;
            // ∂θ/∂y = −x/r², ∂r/∂y = y/r
            dj[i] = J_SCALE * (knotBar[0][i] * (-x / rr) + knotBar[1][i] * (y / Math.sqrt(rr)));
        }
        return new Gradient(d, dj);
    }

    /** r(θ) of one curve as a spline through its polar points. */
    private static QuadraticSpline polarSpline(double[] v, double[] j) {
        if (v.length != j.length || v.length < 2) {
            throw new IllegalArgumentException("a J-V curve needs as many biases as currents and at least 2 points, got "
                    + v.length + " biases and " + j.length + " currents");
        }
        double[] theta = new double[v.length], r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            double x = v[i], y = J_SCALE * j[i];
            theta[i] = Math.atan2(x, y);
            r[i] = Math.sqrt(x * x + y * y);
        }
        return QuadraticSpline.fit(theta, r);
    }
}
