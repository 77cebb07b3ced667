package org.polymorph.materials.internal.pv;

import java.util.Arrays;

/**
 * The objective of an SLSQP search over a design's variables, remembered at the last point: SLSQP asks for f(x) and
 * then ∂f/∂x at the same accepted x, and each costs a J–V sweep (with its adjoint for the gradient), so the sweep at
 * the last x is kept. With {@code gradientWithValue} every new point is swept with its adjoint at once (one sweep per
 * point, as pv.optimize counts solves); without, a value alone costs a forward sweep and the gradient at that point
 * one forward sweep with its adjoint.
 */
abstract class SweepMemo {
    private final int n;
    private final boolean gradientWithValue;
    private double[] lastX;
    private double lastF;
    private final double[] lastGrad;
    private boolean gradKnown;

    /** {@code n}: the number of variables. */
    SweepMemo(int n, boolean gradientWithValue) {
        this.n = n;
        this.gradientWithValue = gradientWithValue;
        this.lastGrad = new double[n];
    }

    /** f at x; with {@code gradOut} non-null also ∂f/∂x [n] written into it. */
    protected abstract double sweep(double[] x, double[] gradOut);

    /** f(x), from the remembered sweep when x is the last point. */
    final double value(double[] x) {
        at(x, gradientWithValue);
        return lastF;
    }

    /** Writes ∂f/∂x [n] into {@code grad}, from the remembered sweep when it had the gradient at x. */
    final void gradient(double[] x, double[] grad) {
        at(x, true);
        System.arraycopy(lastGrad, 0, grad, 0, n);
    }

    private void at(double[] x, boolean needGradient) {
        boolean same = lastX != null && Arrays.equals(lastX, x);
        if (same && (gradKnown || !needGradient)) return;
        lastF = sweep(x, needGradient ? lastGrad : null);
        gradKnown = needGradient;
        lastX = x.clone();
    }
}
