package org.polymorph.optimizers.internal.learned;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.autodiff.ValueAndGrad;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.optimizers.OptState;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.Optimizers;
import org.polymorph.optimizers.Schedule;
import org.polymorph.optimizers.Update;
import org.polymorph.optimizers.internal.task.StandardTasks;
import org.polymorph.optimizers.learned.LearnedOptimizer;
import org.polymorph.optimizers.learned.LossAwareOptimizer;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * Wall time of an inner training step (batch, loss and gradient, update) with hyper_v2 against Adam on
 * image_mlp_fashion_mnist8_relu32 (Debian's Fashion-MNIST), with mlp_lopt for comparison, both at their initial θ,
 * on the pure-Java reference tensor service.
 * Run with {@code -Dbench.lopt.hyper=true}; prints the times and the ratios.
 */
class HyperV2InnerStepCostTest {
    private static final int WARMUP = 20;
    private static final int STEPS = 100;

    private final AdTesting t = new AdTesting();

    @Test
    @EnabledIfSystemProperty(named = "bench.lopt.hyper", matches = "true")
    void hyperV2AgainstAdamOnFashionMnist8() {
        OptimizationTask task = StandardTasks.all().stream().filter(x -> x.name().equals("image_mlp_fashion_mnist8_relu32"))
                .findFirst().orElseThrow();
        OptimizationTask.BatchStream batches;
        try {
            batches = task.batches(t.ts, RandomKey.of(1));
            batches.batch(0);
        } catch (IllegalStateException e) {
            Assumptions.abort("Fashion-MNIST is absent: " + e.getMessage());
            return;
        }
        HyperV2 lopt = new HyperV2(HyperV2Config.parse(Map.of()));
        Optimizer hyper = lopt.optimizer(t.o, lopt.initMetaParams(t.o, RandomKey.of(0)), WARMUP + STEPS);
        Optimizer adam = Optimizers.adam(t.o, Schedule.constant(1e-3), 0.9, 0.999, 1e-8);
        LearnedOptimizer mlp = LearnedArchitectures.all().stream().filter(x -> x.name().equals("mlp_lopt")).findFirst()
                .orElseThrow().create(Map.of());
        Optimizer mlpOpt = mlp.optimizer(t.o, mlp.initMetaParams(t.o, RandomKey.of(0)), WARMUP + STEPS);
        double[] h = run(task, batches, hyper);
        double[] a = run(task, batches, adam);
        double[] m = run(task, batches, mlpOpt);
        double[] h2 = run(task, batches, hyper);
        double[] a2 = run(task, batches, adam);
        double[] m2 = run(task, batches, mlpOpt);
        double stepH = Math.min(h[0], h2[0]), stepA = Math.min(a[0], a2[0]), stepM = Math.min(m[0], m2[0]);
        double updH = Math.min(h[1], h2[1]), updA = Math.min(a[1], a2[1]), updM = Math.min(m[1], m2[1]);
        System.out.printf("inner step: hyper_v2 %.3f ms, mlp_lopt %.3f ms, adam %.3f ms, ratios to adam %.2f, %.2f; update alone:"
                + " hyper_v2 %.3f ms, mlp_lopt %.3f ms, adam %.3f ms, ratios %.2f, %.2f; final loss hyper_v2 %.4f, adam %.4f%n",
                stepH, stepM, stepA, stepH / stepA, stepM / stepA, updH, updM, updA, updH / updA, updM / updA, h[2], a[2]);
        assertTrue(Double.isFinite(h[2]) && Double.isFinite(a[2]));
        assertTrue(stepH / stepA < 10, "a hyper_v2 step costs " + stepH / stepA + " Adam steps");
    }

    /** {ms per step, ms per update, last loss} over STEPS steps after WARMUP. */
    private double[] run(OptimizationTask task, OptimizationTask.BatchStream batches, Optimizer opt) {
        Object params = task.init(t.o, RandomKey.of(0));
        OptState s = opt.init(params);
        long total = 0;
        long update = 0;
        double loss = Double.NaN;
        for (int k = 0; k < WARMUP + STEPS; k++) {
            long t0 = System.nanoTime();
            Object batch = batches.batch(k);
            ValueAndGrad<Object> vg = t.ad.valueAndGrad(p -> task.loss(t.o, p, batch), params);
            long t1 = System.nanoTime();
            Update u = opt instanceof LossAwareOptimizer la ? la.update(vg.grad(), s, params, vg.value()) : opt.update(vg.grad(), s, params);
            params = opt.applyUpdates(params, u.updates());
            s = u.state();
            long t2 = System.nanoTime();
            if (k >= WARMUP) {
                total += t2 - t0;
                update += t2 - t1;
            }
            loss = vg.value().item();
        }
        return new double[] {total / 1e6 / STEPS, update / 1e6 / STEPS, loss};
    }
}
