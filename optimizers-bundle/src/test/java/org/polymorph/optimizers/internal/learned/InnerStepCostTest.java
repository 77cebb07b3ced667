package org.polymorph.optimizers.internal.learned;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.autodiff.ValueAndGrad;
import org.polymorph.autodiff.data.Datasets;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.optimizers.OptState;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.Optimizers;
import org.polymorph.optimizers.Schedule;
import org.polymorph.optimizers.Update;
import org.polymorph.optimizers.internal.task.StandardTasks;
import org.polymorph.optimizers.learned.LearnedOptimizer;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * Wall time of one inner training step (loss and gradient, optimizer update, apply) on
 * image_mlp_fashion_mnist8_relu32 (2,410 parameters, batch 128) with mlp_lopt against Adam, on the
 * reference tensor service. Prints the figures (goal: mlp_lopt ≤ 2× Adam); asserts only that both
 * train (a timing assertion would fail on a busy machine).
 */
class InnerStepCostTest {
    private static final int WARMUP = 15;
    private static final int STEPS = 40;
    private static final int ROUNDS = 3;

    private final AdTesting t = new AdTesting();

    @Test
    void mlpLOptStepAgainstAdam() {
        Path dir = Path.of(Datasets.FASHION_MNIST_DIR);
        Assumptions.assumeTrue(Files.isDirectory(dir), "Fashion-MNIST is not installed at " + dir);
        OptimizationTask task = StandardTasks.all(dir).stream().filter(x -> x.name().equals("image_mlp_fashion_mnist8_relu32"))
                .findFirst().orElseThrow();
        OptimizationTask.BatchStream data = task.batches(t.ts, RandomKey.of(1));
        LearnedOptimizer lopt = LearnedArchitectures.all().get(1).create(Map.of());
        Optimizer learned = lopt.optimizer(t.o, lopt.initMetaParams(t.o, RandomKey.of(0)), 1000);
        Optimizer adam = Optimizers.adam(t.o, Schedule.constant(1e-2), 0.9, 0.999, 1e-8);
        double[][] a = new double[2][ROUNDS];
        double[][] l = new double[2][ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            double[] x = secondsPerStep(task, data, adam, r == 0);
            double[] y = secondsPerStep(task, data, learned, r == 0);
            for (int i = 0; i < 2; i++) {
                a[i][r] = x[i];
                l[i][r] = y[i];
            }
        }
        for (double[] d : a) Arrays.sort(d);
        for (double[] d : l) Arrays.sort(d);
        int mid = ROUNDS / 2;
        double ratio = l[0][mid] / a[0][mid];
        System.out.printf(Locale.ROOT, "inner step on %s (reference tensor service, median of %d rounds of %d steps): adam %.2f ms "
                        + "(update %.2f ms), mlp_lopt %.2f ms (update %.2f ms), ratio %.2f (goal <= 2)%n",
                task.name(), ROUNDS, STEPS, 1e3 * a[0][mid], 1e3 * a[1][mid], 1e3 * l[0][mid], 1e3 * l[1][mid], ratio);
        assertTrue(Double.isFinite(ratio) && ratio > 0, "ratio " + ratio);
    }

    /**
     * Mean seconds of one whole step and of its optimizer update alone, over {@link #STEPS} steps (after
     * {@link #WARMUP} when {@code warm}); checks that the loss stays finite.
     */
    private double[] secondsPerStep(OptimizationTask task, OptimizationTask.BatchStream data, Optimizer opt, boolean warm) {
        Object params = task.init(t.o, RandomKey.of(2));
        OptState state = opt.init(params);
        long start = 0;
        long inUpdate = 0;
        int total = (warm ? WARMUP : 0) + STEPS;
        for (int k = 0; k < total; k++) {
            if (k == total - STEPS) {
                start = System.nanoTime();
                inUpdate = 0;
            }
            Object batch = data.batch(k);
            ValueAndGrad<Object> vg = t.ad.valueAndGrad(p -> task.loss(t.o, p, batch), params);
            long u0 = System.nanoTime();
            Update u = opt.update(vg.grad(), state, params);
            params = opt.applyUpdates(params, u.updates());
            inUpdate += System.nanoTime() - u0;
            state = u.state();
            assertTrue(Double.isFinite(vg.value().item()), opt + " loss at step " + k);
        }
        return new double[] {(System.nanoTime() - start) / 1e9 / STEPS, inUpdate / 1e9 / STEPS};
    }
}
