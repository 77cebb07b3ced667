package org.polymorph.optimizers.internal.bench;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.AutodiffService;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.TensorService;
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

    private final Provider<TensorService> tensors;
    private final Provider<AutodiffService> autodiff;
    private final ServiceCatalog<OptimizerProvider> optimizers;
    private final ServiceCatalog<OptimizationTask> tasks;

    @Inject
    public BenchmarkMethod(Provider<TensorService> tensors, Provider<AutodiffService> autodiff,
                           ServiceCatalog<OptimizerProvider> optimizers, ServiceCatalog<OptimizationTask> tasks) {
        this.tensors = tensors;
        this.autodiff = autodiff;
        this.optimizers = optimizers;
        this.tasks = tasks;
    }

    @Override public String id() { return "lopt.benchmark"; }

    @Override public String description() {
        return "learned-optimizer benchmark: LR-tuned Adam/AdamW/momentum baselines and the given optimizers on held-out tasks; "
                + "VeLO's speedup over tuned Adam (speedup.csv), loss curves (curves.csv, curves.png, one panel per task)";
    }

    @Override public List<ParamSpec> params() {
        return List.of(
                ParamSpec.text("optimizers", "", "optimizers under test, comma-separated registered optimizer names run with their"
                        + " defaults (empty: only the baselines, each compared with tuned Adam)"),
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
        AD ad = autodiff.get().create(tensors.get());
        int steps = p.getInt("steps");
        List<RandomKey> seeds = new ArrayList<>();
        for (int s = 0; s < p.getInt("seeds"); s++) seeds.add(RandomKey.of(s));
        List<String> baselines = names(p, "baselines");
        if (!baselines.contains("adam")) {
            throw BadInputException.forParam("baselines", p.getString("baselines"), "the speedup is measured against tuned Adam",
                    "include adam, e.g. baselines=adam,adamw,momentum");
        }
        List<OptimizationTask> chosen = new ArrayList<>();
        for (String t : names(p, "tasks")) chosen.add(tasks.get("tasks", t));
        List<String> tested = names(p, "optimizers");
        Map<String, OptimizerProvider> providers = new LinkedHashMap<>();
        for (String o : baselines) providers.put(o, optimizers.get("baselines", o));
        for (String o : tested) providers.put(o, optimizers.get("optimizers", o));
        double lrMin = p.getDouble("lr_min"), lrMax = p.getDouble("lr_max");
        if (lrMax < lrMin) {
            throw BadInputException.forParam("lr_max", lrMax, "below lr_min = " + lrMin, "give lr_max >= lr_min");
        }
        double[] grid = LrTuning.grid(lrMin, lrMax, p.getInt("grid"));
        int horizon = (int) Math.round(p.getDouble("adam_horizon") * steps);

        BenchmarkReport report = new BenchmarkReport(steps);
        int done = 0, total = chosen.size() * (baselines.size() * grid.length + tested.size() + 1);
        for (OptimizationTask task : chosen) {
            List<LrTuning.Run> runs = new ArrayList<>();
            LrTuning.Run adam = null;
            for (String b : baselines) {
                progress.update(done, total, "lopt.benchmark: " + task.name() + ", tuning " + b);
                LrTuning.Tuned tuned = LrTuning.tune(ad, task, providers.get(b), grid, steps, seeds);
                done += grid.length;
                report.tuning(task, tuned);
                runs.add(tuned.best());
                if (b.equals("adam")) adam = tuned.best();
                progress.checkCancelled("lopt.benchmark: after tuning " + b + " on " + task.name());
            }
            for (String o : tested) {
                progress.update(done++, total, "lopt.benchmark: " + task.name() + ", " + o);
                OptimizerProvider op = providers.get(o);
                runs.add(LrTuning.run(ad, task, o, Double.NaN, a -> op.create(a.ops(), Map.of()), steps, seeds));
                progress.checkCancelled("lopt.benchmark: after " + o + " on " + task.name());
            }
            double adamLr = adam.lr();
            LrTuning.Run longAdam = LrTuning.run(ad, task, "adam", adamLr,
                    a -> providers.get("adam").create(a.ops(), Map.of("lr", adamLr)), horizon, seeds);
            done++;
            report.task(task, runs, longAdam);
        }
        return report.write(dir, p);
    }

    private static List<String> names(Params p, String key) {
        return Arrays.stream(p.getString(key).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
