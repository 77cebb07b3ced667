package org.polymorph.optimizers.internal.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.polymorph.autodiff.AD;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.OptimizerProvider;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * A baseline tuned as VeLO tunes its baselines (arXiv 2211.09760, §4.1: Adam's learning rate over a log grid per
 * task): every learning rate of the grid is run for the same steps and seeds, and the one with the lowest final loss
 * ({@link Speedup#finalLoss}, the mean of the last 10 % of the seed-averaged curve) wins. Ties go to the smaller lr.
 */
public final class LrTuning {
    private LrTuning() { }

    /** One configuration's run: its learning rate (NaN for an untuned optimizer), the seed-mean curve and its final loss. */
    public record Run(String optimizer, double lr, double[] curve, double finalLoss) { }

    /** The tuned baseline: the winning run and every grid point's run, in grid order. */
    public record Tuned(Run best, List<Run> grid) { }

    /** {@code n} learning rates log-spaced from {@code lo} to {@code hi} inclusive (n = 1: lo). */
    public static double[] grid(double lo, double hi, int n) {
        if (!(lo > 0) || !(hi >= lo) || n < 1) {
            throw new IllegalArgumentException("lr grid: [" + lo + ", " + hi + "] with " + n + " points; give 0 < lr_min <= lr_max and >= 1 point");
        }
        double[] g = new double[n];
        for (int i = 0; i < n; i++) g[i] = n == 1 ? lo : Math.exp(Math.log(lo) + i * (Math.log(hi) - Math.log(lo)) / (n - 1));
        return g;
    }

    /** Runs {@code provider} (defaults, lr from the grid) on the task for each lr and seed; the best lr wins. */
    public static Tuned tune(AD ad, OptimizationTask task, OptimizerProvider provider, double[] grid, int steps, List<RandomKey> seeds) {
        List<Run> runs = new ArrayList<>();
        for (double lr : grid) runs.add(run(ad, task, provider.name(), lr, o -> provider.create(o.ops(), Map.of("lr", lr)), steps, seeds));
        return tuned(runs);
    }

    /** The grid's runs (in grid order) with the winner: the lowest final loss, the first of equals. */
    public static Tuned tuned(List<Run> grid) {
        Run best = null;
        for (Run r : grid) if (best == null || r.finalLoss() < best.finalLoss()) best = r;
        return new Tuned(best, List.copyOf(grid));
    }

    /** The run whose seeds gave the loss curves {@code perSeed} (in seed order): their mean per step, summed in that order. */
    public static Run mean(String name, double lr, List<double[]> perSeed) {
        double[] mean = new double[perSeed.get(0).length];
        for (double[] l : perSeed) for (int k = 0; k < mean.length; k++) mean[k] += l[k] / perSeed.size();
        return new Run(name, lr, mean, Speedup.finalLoss(mean));
    }

    /** The seed-mean curve of {@code optimizer} (built by {@code factory} from the engine) on the task. */
    public static Run run(AD ad, OptimizationTask task, String name, double lr, Function<AD, Optimizer> factory, int steps,
                          List<RandomKey> seeds) {
        Optimizer opt = factory.apply(ad);
        List<double[]> perSeed = new ArrayList<>();
        for (RandomKey key : seeds) perSeed.add(InnerTraining.losses(ad, task, opt, steps, key));
        return mean(name, lr, perSeed);
    }
}
