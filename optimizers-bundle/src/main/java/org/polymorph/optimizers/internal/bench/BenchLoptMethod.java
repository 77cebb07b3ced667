package org.polymorph.optimizers.internal.bench;

import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.polymorph.autodiff.AD;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.runtime.Timing;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.internal.meta.OneTruncation;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * {@code bench.lopt}: the cost of a learned optimizer. Inner step: wall time per training step (batch, loss and
 * gradient, update) and per update alone, with Adam and with the learned optimizer, on the same task, seeds and batches,
 * median over {@code repeats} runs of {@code steps} steps after one untimed run; the ratio learned/Adam per step (goal
 * ≤ 2 for mlp_lopt on image_mlp_fashion_mnist8_relu32, VeLO's cost argument). Outer step: the time of one truncated-BPTT
 * meta-gradient over {@code unroll} inner steps and of one antithetic ES pair over the same unroll ({@link OneTruncation}, meta-training's estimators;
 * meta-training's own outer step adds its outer Adam update, negligible beside these). No peer runs (JAX is not
 * installable here).
 */
public final class BenchLoptMethod implements Method {
    private final BenchServices services;

    @Inject
    public BenchLoptMethod(BenchServices services) { this.services = services; }

    @Override public String id() { return "bench.lopt"; }

    @Override public String description() {
        return "learned-optimizer cost: wall time per inner step with Adam and with a learned optimizer (ratio, goal <= 2 for"
                + " mlp_lopt), and per outer step (truncated-BPTT meta-gradient, ES pair)";
    }

    @Override public List<ParamSpec> params() {
        return List.of(
                ParamSpec.text("task", "image_mlp_fashion_mnist8_relu32", "registered optimization task"),
                ParamSpec.text("optimizer", "mlp_lopt", "learned:<file>, or a learned-optimizer architecture at its initial theta"),
                ParamSpec.text("config", "", "an architecture's hyper-parameters, key=number,... (e.g. step_mult=0.01); empty: its defaults"),
                ParamSpec.integer("steps", 100, "steps", 1, 1_000_000, "inner steps per timed run"),
                ParamSpec.integer("repeats", 3, "", 1, 1000, "timed runs of each (median)"),
                ParamSpec.integer("unroll", 16, "steps", 0, 4096, "inner steps of the timed outer step (0: skip the outer step)"));
    }

    @Override
    public Result run(Params p, Progress progress, RunDirectory dir) {
        AD ad = services.ad();
        OptimizationTask task = services.task("task", p.getString("task"));
        LearnedSpec lopt = services.learned(p.getString("optimizer"), "optimizer", p.getString("config"));
        int steps = p.getInt("steps"), repeats = p.getInt("repeats");
        Optimizer adam = services.optimizer("optimizer", "adam").create(ad.ops(), Map.of("lr", 1e-3));
        Optimizer learned = lopt.optimizer().optimizer(ad.ops(), lopt.theta(ad.ops()), steps);
        progress.message("bench.lopt: inner steps with adam");
        double[] a = perStep(ad, task, adam, steps, repeats);
        progress.checkCancelled("bench.lopt: after adam");
        progress.message("bench.lopt: inner steps with " + lopt.name());
        double[] l = perStep(ad, task, learned, steps, repeats);
        progress.checkCancelled("bench.lopt: after " + lopt.name());
        Result.Builder r = Result.builder().put("task", task.name()).put("optimizer", lopt.name()).put("steps", steps).put("repeats", repeats)
                .put("backend", ad.ops().tensors().name())
                .put("adam_step_ms", Timing.round(a[0] * 1e3, 4)).put("lopt_step_ms", Timing.round(l[0] * 1e3, 4))
                .put("step_ratio", Timing.round(l[0] / a[0], 4))
                .put("adam_update_ms", Timing.round(a[1] * 1e3, 4)).put("lopt_update_ms", Timing.round(l[1] * 1e3, 4))
                .put("update_ratio", Timing.round(l[1] / a[1], 4));
        r.summary(String.format(Locale.ROOT, "%s: inner step %.3f ms with adam, %.3f ms with %s: ratio %.2f (goal <= 2); updates alone"
                + " %.3f vs %.3f ms (ratio %.1f)", task.name(), a[0] * 1e3, l[0] * 1e3, lopt.name(), l[0] / a[0], a[1] * 1e3, l[1] * 1e3, l[1] / a[1]));
        int unroll = p.getInt("unroll");
        if (unroll > 0) {
            progress.message("bench.lopt: outer steps over " + unroll + " inner steps");
            OptimizationTask fixed = new FixedBatchTask(task, task.batches(ad.ops().tensors(), RandomKey.of(1)).batch(0));
            OneTruncation mg = new OneTruncation(ad, fixed, lopt.optimizer(), RandomKey.of(0), unroll);
            Object theta = lopt.theta(ad.ops());
            Object p0 = task.init(ad.ops(), RandomKey.of(0));
            double bptt = Timing.median(Timing.samples(() -> mg.bptt(theta, p0, true), 1, repeats));
            double es = Timing.median(Timing.samples(() -> mg.es(theta, p0, 0.01, 1, RandomKey.of(2)), 1, repeats));
            r.put("unroll", unroll).put("bptt_outer_step_s", Timing.round(bptt, 4)).put("es_pair_outer_step_s", Timing.round(es, 4))
                    .put("bptt_over_inner_steps", Timing.round(bptt / (unroll * l[0]), 3));
            r.summary(String.format(Locale.ROOT, "outer step over %d inner steps: truncated-BPTT meta-gradient %.3f s (%.1f learned inner steps"
                    + " each), antithetic ES pair %.3f s", unroll, bptt, bptt / (unroll * l[0]), es));
        }
        return r.build();
    }

    /** Median seconds per step and per update over {@code repeats} runs, after one untimed run (JIT warm-up). */
    private static double[] perStep(AD ad, OptimizationTask task, Optimizer opt, int steps, int repeats) {
        InnerTraining.timed(ad, task, opt, steps, RandomKey.of(0));
        double[] step = new double[repeats], update = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            InnerTraining.Timed t = InnerTraining.timed(ad, task, opt, steps, RandomKey.of(0));
            step[i] = t.seconds() / steps;
            update[i] = t.updateSeconds() / steps;
        }
        return new double[] {Timing.median(step), Timing.median(update)};
    }
}
