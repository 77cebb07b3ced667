package org.polymorph.materials.internal.forcefield;

import org.polymorph.autodiff.AD;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.materials.forcefield.Fit;
import org.polymorph.materials.forcefield.FitResult;
import org.polymorph.materials.potential.PotentialCatalog;
import org.polymorph.optimizers.OptimizerProvider;

/** Performs fits (see {@link Fit}). */
public final class Fitting {
    /** Told after every optimizer step: the step just made (1-based), the loss before it, all parameters after it. */
    @FunctionalInterface
    public interface Listener {
        void step(int step, double loss, double[] parameters);
    }

    private Fitting() { }

    /**
     * Runs {@code fit} from its starting file; its style (and the reference styles of its MD targets) come from {@code potentials},
     * a gradient optimizer it names from {@code optimizers}.
     */
    public static FitResult run(AD ad, PotentialCatalog potentials, ServiceCatalog<OptimizerProvider> optimizers, Fit fit, Listener listener) {
        Fitter f = new Fitter(ad, potentials, optimizers, fit);
        return f.run(f.fresh(), cp -> listener.step(cp.step(), cp.loss().get(cp.loss().size() - 1), f.objective().full(cp.x())));
    }

    /** The loss at the given free-parameter values (file units, the others at their starting values) and its gradient w.r.t. them: {loss, ∂L/∂θ...}. */
    public static double[] lossAndGradient(AD ad, PotentialCatalog potentials, Fit fit, double[] freeValues) {
        Fitter f = new Fitter(ad, potentials, fit);
        if (freeValues.length != fit.free().size()) throw new IllegalArgumentException("lossAndGradient: " + freeValues.length + " values for " + fit.free().size() + " free parameters");
        double[] full = f.start();
        for (int j = 0; j < freeValues.length; j++) full[f.objective().style().index(fit.free().get(j))] = freeValues[j];
        double[] lg = f.objective().lossAndGradient(f.objective().scaled(full));
        for (int j = 0; j < freeValues.length; j++) lg[1 + j] /= f.objective().scale(j);      // θ = x · scale
        return lg;
    }
}
