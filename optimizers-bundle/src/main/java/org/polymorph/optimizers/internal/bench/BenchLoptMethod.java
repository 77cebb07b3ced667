package org.polymorph.optimizers.internal.bench;

import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.polymorph.autodiff.AD;
import org.polymorph.core.method.BadInputException;
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
 * {@code bench.lopt}: the cost of learned optimizers. Inner step: wall time per training step (batch, loss and
 * gradient, update) and per update alone, with Adam and with each learned optimizer listed in {@code optimizer}, on the
 * same task, seeds and batches, median over {@code repeats} runs of {@code steps} steps after one untimed run of each, the
 * runs of all optimizers interleaved; the ratio
 * learned/Adam per step for each (goal ≤ 2 for mlp_lopt on image_mlp_fashion_mnist8_relu32, VeLO's cost argument). The
 * unprefixed keys ({@code optimizer}, {@code lopt_step_ms}, {@code step_ratio}, …) are those of the first optimizer listed;
 * {@code step_ms}, {@code step_ratios} and {@code update_ratios} hold every one's by name. Outer step, for the first
 * optimizer: the time of one truncated-BPTT meta-gradient over {@code unroll} inner steps and of one antithetic ES pair
 * over the same unroll ({@link OneTruncation}, meta-training's estimators; meta-training's own outer step adds its outer Adam update, negligible
 * beside these). No peer runs (JAX is not installable here).
 */
public final class BenchLoptMethod implements Method {
    private final BenchServices services;

    @Inject
    public BenchLoptMethod(BenchServices services) { this.services = services; }

    @Override public String id() { return "bench.lopt"; }

    @Override public String description() {
        return "learned-optimizer cost: wall time per inner step with Adam and with each learned optimizer (ratios, goal <= 2"
                + " for mlp_lopt), and per outer step (truncated-BPTT meta-gradient, ES pair) of the first";
    }

    @Override public List<ParamSpec> params() {
        return List.of(
                ParamSpec.text("task", "image_mlp_fashion_mnist8_relu32", "registered optimization task"),
                ParamSpec.text("optimizer", "mlp_lopt,notebook_mlp,adafac_mlp_lopt,hyper_v2", "comma-separated: learned:<file>, or a"
                        + " learned-optimizer architecture at its initial theta; the outer step is timed for the first"),
                ParamSpec.text("config", "", "hyper-parameters for every listed architecture, key=number,... (e.g. step_mult=0.01);"
                        + " empty: their defaults"),
                ParamSpec.integer("steps", 100, "steps", 1, 1_000_000, "inner steps per timed run"),
                ParamSpec.integer("repeats", 3, "", 1, 1000, "timed runs of each (median)"),
                ParamSpec.integer("unroll", 16, "steps", 0, 4096, "inner steps of the timed outer step (0: skip the outer step)"));
    }

    @Override
    public Result run(Params p, Progress progress, RunDirectory dir) {
        AD ad = services.ad();
        OptimizationTask task = services.task("task", p.getString("task"));
        List<LearnedSpec> lopts = new ArrayList<>();
        for (String spec : BenchmarkMethod.names(p, "optimizer")) {
            LearnedSpec l = services.learned(spec, "optimizer", p.getString("config"));
            for (LearnedSpec other : lopts) {
                if (other.name().equals(l.name())) {
                    throw BadInputException.forParam("optimizer", p.getString("optimizer"), "lists " + l.name() + " twice",
                            "name each learned optimizer once");
                }
            }
            lopts.add(l);
        }
        if (lopts.isEmpty()) {
            throw BadInputException.forParam("optimizer", p.getString("optimizer"), "names no learned optimizer",
                    "give one or more, comma-separated, e.g. optimizer=mlp_lopt,hyper_v2");
        }
        int steps = p.getInt("steps"), repeats = p.getInt("repeats");
        List<Optimizer> contenders = new ArrayList<>();
        contenders.add(services.optimizer("optimizer", "adam").create(ad.ops(), Map.of("lr", 1e-3)));
        for (LearnedSpec lopt : lopts) contenders.add(lopt.optimizer().optimizer(ad.ops(), lopt.theta(ad.ops()), steps));
        progress.message("bench.lopt: inner steps with adam and " + lopts.size() + " learned optimizers, interleaved");
        double[][] t = perStep(ad, task, contenders, steps, repeats, progress);
        double[] a = t[0];
        Map<String, Double> stepMs = new LinkedHashMap<>(), stepRatios = new LinkedHashMap<>(), updateRatios = new LinkedHashMap<>();
        Result.Builder r = Result.builder().put("task", task.name()).put("optimizer", lopts.get(0).name()).put("steps", steps)
                .put("repeats", repeats).put("backend", ad.ops().tensors().name())
                .put("adam_step_ms", Timing.round(a[0] * 1e3, 4)).put("adam_update_ms", Timing.round(a[1] * 1e3, 4));
        double firstStep = t[1][0];
        for (int i = 0; i < lopts.size(); i++) {
            LearnedSpec lopt = lopts.get(i);
            double[] l = t[i + 1];
            if (i == 0) {
                r.put("lopt_step_ms", Timing.round(l[0] * 1e3, 4)).put("step_ratio", Timing.round(l[0] / a[0], 4))
                        .put("lopt_update_ms", Timing.round(l[1] * 1e3, 4)).put("update_ratio", Timing.round(l[1] / a[1], 4));
            }
            stepMs.put(lopt.name(), Timing.round(l[0] * 1e3, 4));
            stepRatios.put(lopt.name(), Timing.round(l[0] / a[0], 4));
            updateRatios.put(lopt.name(), Timing.round(l[1] / a[1], 4));
            r.summary(String.format(Locale.ROOT, "%s: inner step %.3f ms with adam, %.3f ms with %s: ratio %.2f (goal <= 2); updates"
                    + " alone %.3f vs %.3f ms (ratio %.1f)", task.name(), a[0] * 1e3, l[0] * 1e3, lopt.name(), l[0] / a[0], a[1] * 1e3,
                    l[1] * 1e3, l[1] / a[1]));
        }
        r.put("step_ms", stepMs).put("step_ratios", stepRatios).put("update_ratios", updateRatios);
        int unroll = p.getInt("unroll");
        if (unroll > 0) {
            LearnedSpec lopt = lopts.get(0);
            progress.message("bench.lopt: outer steps of " + lopt.name() + " over " + unroll + " inner steps");
            OptimizationTask fixed = new FixedBatchTask(task, task.batches(ad.ops().tensors(), RandomKey.of(1)).batch(0));
            OneTruncation mg = new OneTruncation(ad, fixed, lopt.optimizer(), RandomKey.of(0), unroll);
            Object theta = lopt.theta(ad.ops());
            Object p0 = task.init(ad.ops(), RandomKey.of(0));
            double bptt = Timing.median(Timing.samples(() -> mg.bptt(theta, p0, true), 1, repeats));
            double es = Timing.median(Timing.samples(() -> mg.es(theta, p0, 0.01, 1, RandomKey.of(2)), 1, repeats));
            r.put("unroll", unroll).put("bptt_outer_step_s", Timing.round(bptt, 4)).put("es_pair_outer_step_s", Timing.round(es, 4))
                    .put("bptt_over_inner_steps", Timing.round(bptt / (unroll * firstStep), 3));
            r.summary(String.format(Locale.ROOT, "%s outer step over %d inner steps: truncated-BPTT meta-gradient %.3f s (%.1f learned"
                    + " inner steps each), antithetic ES pair %.3f s", lopt.name(), unroll, bptt, bptt / (unroll * firstStep), es));
        }
        return r.build();
    }

    /**
     * Per optimizer, the median seconds per step and per update over {@code repeats} runs, after one untimed run of each
     * (JIT warm-up); the runs are interleaved (each repeat runs every optimizer once) so that a change in the machine's
     * load or a late compilation falls on all of them alike.
     */
    private static double[][] perStep(AD ad, OptimizationTask task, List<Optimizer> opts, int steps, int repeats, Progress progress) {
        for (Optimizer opt : opts) InnerTraining.timed(ad, task, opt, steps, RandomKey.of(0));
        double[][] step = new double[opts.size()][repeats], update = new double[opts.size()][repeats];
        for (int i = 0; i < repeats; i++) {
            for (int k = 0; k < opts.size(); k++) {
                InnerTraining.Timed t = InnerTraining.timed(ad, task, opts.get(k), steps, RandomKey.of(0));
                step[k][i] = t.seconds() / steps;
                update[k][i] = t.updateSeconds() / steps;
            }
            progress.checkCancelled("bench.lopt: after timed run " + (i + 1) + " of " + repeats);
        }
        double[][] out = new double[opts.size()][];
        for (int k = 0; k < opts.size(); k++) out[k] = new double[] {Timing.median(step[k]), Timing.median(update[k])};
        return out;
    }
}
