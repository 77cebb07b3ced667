package org.polymorph.materials.internal.forcefield;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.polymorph.autodiff.AD;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.materials.forcefield.Fit;
import org.polymorph.materials.forcefield.FitResult;
import org.polymorph.materials.forcefield.Target;
import org.polymorph.materials.potential.PotentialCatalog;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.OptimizerChoice;
import org.polymorph.optimizers.OptimizerProvider;

/** Runs a {@link Fit}: reads the start, builds the {@link Objective} and bounds, optimises, reports. */
public final class Fitter {
    /** The optimizer name of projected L-BFGS, which is not a gradient transformation and so not a provider. */
    public static final String LBFGS = "lbfgs";

    private final Fit fit;
    private final Objective objective;
    private final Optimizer gradient;
    private final double[] start;
    private final double[] lo;
    private final double[] hi;

    /** A fitter of {@code fit} by L-BFGS, or for its objective alone: no gradient optimizer can be named. */
    public Fitter(AD ad, PotentialCatalog catalog, Fit fit) {
        this(ad, catalog, ServiceCatalog.of("optimizer", Map.of()), fit);
    }

    /**
     * {@code catalog}: where the fit's style (and any reference style of its MD targets) is found;
     * {@code optimizers}: where a gradient optimizer other than {@value #LBFGS} is found by the fit's optimizer name
     * ({@code name} or {@code name:argument}, as {@code learned:<file>}).
     */
    public Fitter(AD ad, PotentialCatalog catalog, ServiceCatalog<OptimizerProvider> optimizers, Fit fit) {
        this(ad, catalog, optimizers, fit, 1);
    }

    /** As above, the MD targets' trajectories on {@code threads} threads ({@link Objective#Objective(AD, PotentialCatalog, Fit, double[], int)}). */
    public Fitter(AD ad, PotentialCatalog catalog, ServiceCatalog<OptimizerProvider> optimizers, Fit fit, int threads) {
        this.fit = fit;
        this.start = FitStyles.of(catalog, fit.style()).read(fit.potentialFile(), fit.element());
        this.objective = new Objective(ad, catalog, fit, start, threads);
        this.gradient = fit.optimizer().equals(LBFGS) ? null : gradientOptimizer(ad, optimizers, fit);
        int k = fit.free().size();
        lo = new double[k];
        hi = new double[k];
        for (int j = 0; j < k; j++) {
            double[] b = fit.bounds().get(fit.free().get(j));
            double[] s = b == null ? new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY} : objective.scaledBounds(j, b[0], b[1]);
            lo[j] = s[0];
            hi[j] = s[1];
        }
    }

    /**
     * The registered optimizer the fit names ({@code adam}, or {@code learned:<file>}: {@link OptimizerChoice}), at the fit's
     * learning rate when it takes one, for the fit's step count (a learned optimizer's step features).
     */
    private static Optimizer gradientOptimizer(AD ad, ServiceCatalog<OptimizerProvider> optimizers, Fit fit) {
        String name = fit.optimizer().split(":", 2)[0].trim();
        if (optimizers.find(name).isEmpty()) {
            throw BadInputException.forParam("optimizer", fit.optimizer(), "not a registered optimizer",
                    "use " + LBFGS + (optimizers.names().isEmpty() ? "" : " or one of " + String.join(", ", OptimizerChoice.choices(optimizers))));
        }
        return OptimizerChoice.create(ad.ops(), optimizers, "optimizer", fit.optimizer(), Map.of("lr", fit.learningRate(), "num_steps", fit.steps()),
                "use an optimizer that takes a learning rate lr, e.g. adam");
    }

    public Objective objective() { return objective; }

    public double[] start() { return start.clone(); }

    /** The checkpoint of a fresh run: step 0 at the starting parameters (projected onto the bounds). */
    public Runner.Checkpoint fresh() {
        return new Runner.Checkpoint(0, new Runner(objective, lo, hi).project(objective.scaled(start)), null, List.of(), List.of());
    }

    /** Optimises from {@code from} up to the fit's step count and reports. */
    public FitResult run(Runner.Checkpoint from, Runner.Observer obs) {
        Runner r = new Runner(objective, lo, hi);
        Runner.Checkpoint end = gradient != null ? r.descend(gradient, from, fit.steps(), obs) : r.lbfgs(from, fit.steps(), obs);
        double[] fitted = objective.full(end.x());
        double[][] before = objective.properties(objective.scaled(start));
        double[][] after = objective.properties(end.x());
        List<FitResult.TargetReport> reports = new ArrayList<>();
        for (int t = 0; t < fit.targets().size(); t++) {
            Target tg = fit.targets().get(t);
            reports.add(new FitResult.TargetReport(tg.kind(), tg.labels(), tg.values(), before[t], after[t], tg.weight()));
        }
        double[] loss = end.loss().stream().mapToDouble(Double::doubleValue).toArray();
        double[][] traj = new double[end.trajectory().size()][];
        for (int k = 0; k < traj.length; k++) traj[k] = objective.full(end.trajectory().get(k));
        String text = objective.style().write(fit.element(), fitted, "fitted by Polymorph ff.fit (" + fit.optimizer() + ", " + end.loss().size()
                + " loss evaluations recorded) from " + fit.potentialFile().getFileName() + "\nfree: " + String.join(", ", fit.free()));
        return new FitResult(objective.style().names(), start.clone(), fitted, fit.free(), loss, traj, reports, text);
    }
}
