package org.polymorph.materials.internal.patchy;

import java.util.List;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.patchy.PatchyParams;

/**
 * What patchy.design maximises: the equilibrium yield of a target cluster as a function of P design parameters
 * θ [P] inside a box of bounds, with its gradient. A point where the yield cannot be evaluated (a cluster species
 * without a rigid minimum there) is a failed sample of yield 0, not an error.
 */
abstract class DesignObjective {
    /** One evaluation: θ [P], the target's share of the bodies, dY/dθ [P] (null when not asked for or failed), and why it failed (null). */
    record Sample(double[] theta, double yield, double[] gradient, String failure) {
        boolean failed() { return failure != null; }
    }

    private final List<String> names;
    private final double[] lower, upper, start;

    /** Parameter names [P] for reports, bounds [P] and the start of the gradient ascent [P] inside them. */
    DesignObjective(List<String> names, double[] lower, double[] upper, double[] start) {
        this.names = List.copyOf(names);
        this.lower = lower.clone();
        this.upper = upper.clone();
        this.start = start.clone();
    }

    List<String> names() { return names; }

    double[] lower() { return lower.clone(); }

    double[] upper() { return upper.clone(); }

    double[] start() { return start.clone(); }

    /** The target's share of the bodies (scalar) from θ, scalar Vars [1] each. */
    abstract Var share(Ops o, Var[] theta);

    /** The target's yield at θ, with its gradient by reverse mode when {@code gradient}. */
    Sample evaluate(AD ad, double[] theta, boolean gradient) {
        Ops o = ad.ops();
        Var[] at = new Var[theta.length];
        for (int i = 0; i < theta.length; i++) at[i] = scalar(o, theta[i]);
        try {
            if (!gradient) return new Sample(theta.clone(), share(o, at).item(), null, null);
            double[] y = new double[1];
            Var[] g = ad.grad(v -> {
                Var s = share(o, v);
                y[0] = s.item();
                return s;
            }, at);
            double[] grad = new double[theta.length];
            for (int i = 0; i < grad.length; i++) grad[i] = g[i].item();
            return new Sample(theta.clone(), y[0], grad, null);
        } catch (ArithmeticException e) {
            return new Sample(theta.clone(), 0, null, e.getMessage());
        }
    }

    /**
     * Parameters of one body type with patches [m, d] and one patch species of well depth ε and range α (scalars [1]),
     * r0 = 0, soft-sphere cores of diameter σ = 1, exponent 2 and strength {@code coreEps} (kT).
     */
    static PatchyParams params(Ops o, Var patches, Var eps, Var alpha, double coreEps) {
        return new PatchyParams(new Var[] {patches}, o.reshape(eps, 1, 1), o.reshape(alpha, 1, 1), scalar(o, 0), scalar(o, coreEps),
                scalar(o, 1), scalar(o, 2));
    }

    /** Entry {@code index} of a vector as a scalar. */
    static Var entry(Ops o, Var v, int index) { return o.sum(o.sliceAxis(v, 0, index, index + 1)); }

    static Var scalar(Ops o, double v) { return o.constant(new double[] {v}, 1); }
}
