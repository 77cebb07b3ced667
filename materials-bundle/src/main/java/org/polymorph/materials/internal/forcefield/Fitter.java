package org.polymorph.materials.internal.forcefield;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.autodiff.AD;
import org.polymorph.materials.forcefield.Fit;
import org.polymorph.materials.forcefield.FitResult;
import org.polymorph.materials.forcefield.Target;
import org.polymorph.materials.potential.PotentialCatalog;

/** Runs a {@link Fit}: reads the start, builds the {@link Objective} and bounds, optimises, reports. */
public final class Fitter {
    private final AD ad;
    private final Fit fit;
    private final Objective objective;
    private final double[] start;
    private final double[] lo;
    private final double[] hi;

    /** {@code catalog}: where the fit's style (and any reference style of its MD targets) is found. */
    public Fitter(AD ad, PotentialCatalog catalog, Fit fit) {
        this.ad = ad;
        this.fit = fit;
        this.start = FitStyles.of(catalog, fit.style()).read(fit.potentialFile(), fit.element());
        this.objective = new Objective(ad, catalog, fit, start);
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

    public Objective objective() { return objective; }

    public double[] start() { return start.clone(); }

    /** The checkpoint of a fresh run: step 0 at the starting parameters (projected onto the bounds). */
    public Runner.Checkpoint fresh() {
        return new Runner.Checkpoint(0, new Runner(objective, lo, hi).project(objective.scaled(start)), null, List.of(), List.of());
    }

    /** Optimises from {@code from} up to the fit's step count and reports. */
    public FitResult run(Runner.Checkpoint from, Runner.Observer obs) {
        Runner r = new Runner(objective, lo, hi);
        Runner.Checkpoint end = fit.optimizer().equals("adam")
                ? r.adam(ad.ops(), from, fit.steps(), fit.learningRate(), obs)
                : r.lbfgs(from, fit.steps(), obs);
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
