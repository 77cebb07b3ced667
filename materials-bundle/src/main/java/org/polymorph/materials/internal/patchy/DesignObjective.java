package org.polymorph.materials.internal.patchy;

import java.util.List;
import org.polymorph.autodiff.AD;

/**
 * What patchy.design maximises: the equilibrium yield of a target cluster as a function of P design parameters
 * θ [P] inside a box of bounds, with its gradient. A point where the yield cannot be evaluated (a cluster species
 * without a rigid minimum there) is a failed sample, not an error.
 */
interface DesignObjective {
    /** One evaluation: θ [P], the target's share of the bodies, dY/dθ [P] (null when not asked for or failed), and why it failed (null). */
    record Sample(double[] theta, double yield, double[] gradient, String failure) {
        boolean failed() { return failure != null; }
    }

    /** Parameter names for reports, [P]. */
    List<String> names();

    /** Lower bounds [P]. */
    double[] lower();

    /** Upper bounds [P]. */
    double[] upper();

    /** The starting point of the gradient ascent [P], inside the bounds. */
    double[] start();

    /** The target's yield at θ, with its gradient when {@code gradient}. */
    Sample evaluate(AD ad, double[] theta, boolean gradient);
}
