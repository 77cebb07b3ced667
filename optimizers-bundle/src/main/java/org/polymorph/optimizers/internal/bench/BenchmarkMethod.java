package org.polymorph.optimizers.internal.bench;

import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.polymorph.autodiff.AD;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.OptimizerProvider;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * {@code lopt.benchmark}: VeLO's evaluation (arXiv 2211.09760, §4.1, Fig. 1) on registered tasks. Per task, the
 * baselines (Adam, AdamW, SGD with momentum by default) are tuned over a log grid of learning rates
 * ({@link LrTuning}); the optimizers under test run with their own settings; tuned Adam is then run for
 * {@code adam_horizon × steps} steps and each optimizer's speedup over it is measured ({@link Speedup}). Writes
 * speedup.csv, curves.csv (seed-mean loss per step), tuning.csv (final loss of every grid point) and curves.png
 * (one panel per task). Single-threaded and a pure function of its parameters: seed s uses {@code RandomKey.of(s)}.
 */
public final class BenchmarkMethod implements Method {
    static final String DEFAULT_TASKS = "image_mlp_fashion_mnist16_relu64,image_mlp_fashion_mnist8_relu64x64x64,"
            + "image_mlp_fashion_mnist8_tanh128_b32,image_mlp_fashion_mnist_relu32,conv_fashion_mnist16_8x16_b64,rnn_lm_markov8_h32,"
            + "quadratic_ill_conditioned_20_k1000,rosenbrock,lj_cluster_13";

    private final BenchServices services;

    @Inject
    public BenchmarkMethod(BenchServices services) { this.services = services; }

    @Override public String id() { return "lopt.benchmark"; }

    @Override public String description() {
        return "learned-optimizer benchmark: LR-tuned Adam/AdamW/momentum baselines and the given optimizers on held-out tasks; "
                + "VeLO's speedup over tuned Adam (speedup.csv), loss curves (curves.csv, curves.png, one panel per task)";
    }

    @Override public List<ParamSpec> params() {
        return List.of(
                ParamSpec.text("optimizers", "", "optimizers under test, comma-separated: learned:<file> (a learned-optimizer file of"
                        + " lopt.meta_train), a learned-optimizer architecture (at its initial theta) or a registered optimizer name run with"
                        + " its defaults (empty: only the baselines, each"
                        + " compared with tuned Adam)"),
                ParamSpec.text("tasks", DEFAULT_TASKS, "registered optimization tasks, comma-separated"),
                ParamSpec.integer("steps", 200, "steps", 10, 10_000_000, "inner training steps N per run"),
                ParamSpec.integer("seeds", 1, "", 1, 1000, "seeds per run (0..seeds-1); curves are seed means"),
                ParamSpec.text("baselines", "adam,adamw,momentum", "LR-tuned baselines, comma-separated; adam must be one of them"),
                ParamSpec.integer("grid", 14, "", 1, 1000, "learning rates in the log grid"),
                ParamSpec.real("lr_min", 1e-5, "", 1e-12, 100, "smallest learning rate of the grid"),
                ParamSpec.real("lr_max", 1.0, "", 1e-12, 100, "largest learning rate of the grid"),
                ParamSpec.real("adam_horizon", 2.0, "", 1, 100, "tuned Adam runs adam_horizon x steps steps for the speedup"));
    }

    @Override
    public Result run(Params p, Progress progress, RunDirectory dir) throws IOException {
        AD ad = services.ad();
        int steps = p.getInt("steps");
        List<RandomKey> seeds = new ArrayList<>();
        for (int s = 0; s < p.getInt("seeds"); s++) seeds.add(RandomKey.of(s));
        List<String> baselines = names(p, "baselines");
        if (!baselines.contains("adam")) {
            throw BadInputException.forParam("baselines", p.getString("baselines"), "the speedup is measured against tuned Adam",
                    "include adam, e.g. baselines=adam,adamw,momentum");
        }
        List<OptimizationTask> chosen = new ArrayList<>();
        for (String t : names(p, "tasks")) chosen.add(services.task("tasks", t));
        Map<String, OptimizerProvider> tuned = new LinkedHashMap<>();
        for (String o : baselines) tuned.put(o, services.optimizer("baselines", o));
        Map<String, Function<AD, Optimizer>> tested = new LinkedHashMap<>();
        for (String o : names(p, "optimizers")) contender(o, steps, tested);
        double lrMin = p.getDouble("lr_min"), lrMax = p.getDouble("lr_max");
        if (lrMax < lrMin) {
            throw BadInputException.forParam("lr_max", lrMax, "below lr_min = " + lrMin, "give lr_max >= lr_min");
        }
        Plan plan = new Plan(steps, (int) Math.round(p.getDouble("adam_horizon") * steps), seeds,
                LrTuning.grid(lrMin, lrMax, p.getInt("grid")), tuned, tested);
        BenchmarkReport report = new BenchmarkReport(steps);
        for (int i = 0; i < chosen.size(); i++) {
            progress.update(i, chosen.size(), "lopt.benchmark: " + chosen.get(i).name());
            benchTask(ad, chosen.get(i), plan, report, progress);
        }
        return report.write(dir);
    }

    /** What every task gets: N, tuned Adam's horizon, the seeds, the lr grid, the tuned baselines, the optimizers under test. */
    private record Plan(int steps, int horizon, List<RandomKey> seeds, double[] grid, Map<String, OptimizerProvider> baselines,
                        Map<String, Function<AD, Optimizer>> tested) { }

    /** Tunes the baselines on {@code task}, runs the optimizers under test and tuned Adam's long run, and reports them. */
    private static void benchTask(AD ad, OptimizationTask task, Plan plan, BenchmarkReport report, Progress progress) {
        List<LrTuning.Run> runs = new ArrayList<>();
        LrTuning.Run adam = null;
        for (Map.Entry<String, OptimizerProvider> b : plan.baselines().entrySet()) {
            progress.message("lopt.benchmark: " + task.name() + ", tuning " + b.getKey());
            LrTuning.Tuned tuned = LrTuning.tune(ad, task, b.getValue(), plan.grid(), plan.steps(), plan.seeds());
            report.tuning(task, tuned);
            runs.add(tuned.best());
            if (b.getKey().equals("adam")) adam = tuned.best();
            progress.checkCancelled("lopt.benchmark: after tuning " + b.getKey() + " on " + task.name());
        }
        for (Map.Entry<String, Function<AD, Optimizer>> o : plan.tested().entrySet()) {
            progress.message("lopt.benchmark: " + task.name() + ", " + o.getKey());
            runs.add(LrTuning.run(ad, task, o.getKey(), Double.NaN, o.getValue(), plan.steps(), plan.seeds()));
            progress.checkCancelled("lopt.benchmark: after " + o.getKey() + " on " + task.name());
        }
        double lr = adam.lr();
        OptimizerProvider adamProvider = plan.baselines().get("adam");
        report.task(task, runs, LrTuning.run(ad, task, "adam", lr, a -> adamProvider.create(a.ops(), Map.of("lr", lr)), plan.horizon(),
                plan.seeds()));
    }

    /**
     * Adds the optimizer of entry {@code spec} under its report name: a learned optimizer ({@link LearnedSpec}: a file, or
     * an architecture at its initial θ) told the run's length, or a registered optimizer with its defaults.
     */
    private void contender(String spec, int steps, Map<String, Function<AD, Optimizer>> out) {
        if (services.isLearned(spec)) {
            LearnedSpec l = services.learned(spec, "optimizers");
            out.put(l.name(), a -> l.optimizer().optimizer(a.ops(), l.theta(a.ops()), steps));
        } else {
            OptimizerProvider op = services.optimizer("optimizers", spec);
            out.put(spec, a -> op.create(a.ops(), Map.of()));
        }
    }

    /** The comma-separated entries of parameter {@code key}, trimmed, empty ones dropped. */
    static List<String> names(Params p, String key) {
        return Arrays.stream(p.getString(key).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
