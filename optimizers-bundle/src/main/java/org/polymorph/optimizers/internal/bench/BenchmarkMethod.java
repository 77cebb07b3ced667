package org.polymorph.optimizers.internal.bench;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.core.distributed.Distributed;
import org.polymorph.core.distributed.Placement;
import org.polymorph.core.distributed.WorkItem;
import org.polymorph.core.distributed.WorkKind;
import org.polymorph.core.distributed.WorkResults;
import org.polymorph.core.distributed.WorkTally;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * {@code lopt.benchmark}: VeLO's evaluation (arXiv 2211.09760, §4.1, Fig. 1) on registered tasks. Per task, the
 * baselines (Adam, AdamW, SGD with momentum by default) are tuned over a log grid of learning rates
 * ({@link LrTuning}); the optimizers under test run with their own settings; tuned Adam is then run for
 * {@code adam_horizon × steps} steps and each optimizer's speedup over it is measured ({@link Speedup}). Writes
 * speedup.csv, curves.csv (seed-mean loss per step), tuning.csv (final loss of every grid point) and curves.png
 * (one panel per task). A pure function of its parameters: seed s uses {@code RandomKey.of(s)}. Every training run is an
 * independent work item ({@link RunWork}) on the Distributed service ({@code distributed=}), in two jobs: the tuning
 * runs with the optimizers under test, then tuned Adam's long runs, which need the tuned learning rate.
 */
public final class BenchmarkMethod implements Method {
    static final String DEFAULT_TASKS = "image_mlp_fashion_mnist16_relu64,image_mlp_fashion_mnist8_relu64x64x64,"
            + "image_mlp_fashion_mnist8_tanh128_b32,image_mlp_fashion_mnist_relu32,conv_fashion_mnist16_8x16_b64,rnn_lm_markov8_h32,"
            + "quadratic_ill_conditioned_20_k1000,rosenbrock,lj_cluster_13";

    private final BenchServices services;
    private final RunWork kind;
    /** Runs the training runs ({@link RunWork} items); null: one after another on the run's thread. */
    private final Provider<Distributed> distributed;

    /** {@code distributed}: the service the training runs go to ({@link RunWork} items), or null to run them on the run's thread. */
    @Inject
    public BenchmarkMethod(BenchServices services, Provider<Distributed> distributed) {
        this.services = services;
        this.kind = new RunWork(services);
        this.distributed = distributed;
    }

    /** Without a Distributed service: the training runs one after another on the run's thread. */
    public BenchmarkMethod(BenchServices services) { this(services, null); }

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
                ParamSpec.real("adam_horizon", 2.0, "", 1, 100, "tuned Adam runs adam_horizon x steps steps for the speedup"),
                Placement.spec());
    }

    @Override
    public Result run(Params p, Progress progress, RunDirectory dir) throws IOException {
        int steps = p.getInt("steps");
        int seeds = p.getInt("seeds");
        List<String> baselines = names(p, "baselines");
        if (!baselines.contains("adam")) {
            throw BadInputException.forParam("baselines", p.getString("baselines"), "the speedup is measured against tuned Adam",
                    "include adam, e.g. baselines=adam,adamw,momentum");
        }
        List<OptimizationTask> chosen = new ArrayList<>();
        for (String t : names(p, "tasks")) chosen.add(services.task("tasks", t));
        for (String o : baselines) services.optimizer("baselines", o);
        Map<String, Map<String, Object>> tested = new LinkedHashMap<>();
        for (String o : names(p, "optimizers")) contender(o, tested);
        double lrMin = p.getDouble("lr_min"), lrMax = p.getDouble("lr_max");
        if (lrMax < lrMin) {
            throw BadInputException.forParam("lr_max", lrMax, "below lr_min = " + lrMin, "give lr_max >= lr_min");
        }
        double[] grid = LrTuning.grid(lrMin, lrMax, p.getInt("grid"));
        int horizon = (int) Math.round(p.getDouble("adam_horizon") * steps);
        Runs runs = new Runs(distributed == null ? null : distributed.get(), distributed == null ? null : Placement.of(p), progress,
                (long) chosen.size() * seeds * ((long) baselines.size() * grid.length + tested.size() + 1));
        // phase 1: every grid point of every baseline and every optimizer under test, on every task and seed
        List<WorkItem> first = new ArrayList<>();
        for (int t = 0; t < chosen.size(); t++) {
            String task = chosen.get(t).name();
            for (int b = 0; b < baselines.size(); b++) {
                for (int g = 0; g < grid.length; g++) {
                    for (int s = 0; s < seeds; s++) {
                        first.add(RunWork.item("t" + t + "-b" + b + "-lr" + g + "-s" + s, task, RunWork.registered(baselines.get(b), grid[g]), steps, s));
                    }
                }
            }
            int o = 0;
            for (Map<String, Object> opt : tested.values()) {
                for (int s = 0; s < seeds; s++) first.add(RunWork.item("t" + t + "-o" + o + "-s" + s, task, opt, steps, s));
                o++;
            }
        }
        Iterator<double[]> done = runs.map(first).iterator();
        List<List<LrTuning.Tuned>> tunedPerTask = new ArrayList<>();
        List<List<LrTuning.Run>> testedPerTask = new ArrayList<>();
        for (int t = 0; t < chosen.size(); t++) {
            List<LrTuning.Tuned> tuned = new ArrayList<>();
            for (String b : baselines) {
                List<LrTuning.Run> points = new ArrayList<>();
                for (double lr : grid) points.add(LrTuning.mean(b, lr, next(done, seeds)));
                tuned.add(LrTuning.tuned(points));
            }
            List<LrTuning.Run> others = new ArrayList<>();
            for (String name : tested.keySet()) others.add(LrTuning.mean(name, Double.NaN, next(done, seeds)));
            tunedPerTask.add(tuned);
            testedPerTask.add(others);
        }
        // phase 2: tuned Adam's long run on every task, at the lr phase 1 chose
        List<WorkItem> second = new ArrayList<>();
        int adam = baselines.indexOf("adam");
        for (int t = 0; t < chosen.size(); t++) {
            double lr = tunedPerTask.get(t).get(adam).best().lr();
            for (int s = 0; s < seeds; s++) second.add(RunWork.item("t" + t + "-adam-s" + s, chosen.get(t).name(), RunWork.registered("adam", lr), horizon, s));
        }
        done = runs.map(second).iterator();
        BenchmarkReport report = new BenchmarkReport(steps);
        for (int t = 0; t < chosen.size(); t++) {
            List<LrTuning.Run> shown = new ArrayList<>();
            for (LrTuning.Tuned tuned : tunedPerTask.get(t)) {
                report.tuning(chosen.get(t), tuned);
                shown.add(tuned.best());
            }
            shown.addAll(testedPerTask.get(t));
            report.task(chosen.get(t), shown, LrTuning.mean("adam", tunedPerTask.get(t).get(adam).best().lr(), next(done, seeds)));
        }
        if (runs.tally != null) report.distributed(runs.tally.facts());
        return report.write(dir);
    }

    /** The next {@code n} loss curves (a configuration's seeds, in seed order). */
    private static List<double[]> next(Iterator<double[]> it, int n) {
        List<double[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(it.next());
        return out;
    }

    /**
     * Hands out a run's training runs, all of a phase in one job: to the Distributed service at {@code placement}, or with
     * none ({@code distributed} null) one after another on this thread, each through its JSON text as the service returns
     * it. Reports every finished run of the {@code total} to {@code progress}.
     */
    private final class Runs {
        private final Distributed distributed;
        private final Placement placement;
        private final Progress progress;
        private final long total;
        private final WorkTally tally;
        private long finished;

        Runs(Distributed distributed, Placement placement, Progress progress, long total) {
            this.distributed = distributed;
            this.placement = placement;
            this.progress = progress;
            this.total = total;
            this.tally = distributed == null ? null : new WorkTally(placement);
        }

        /** The loss curves of {@code items}, in their order. */
        List<double[]> map(List<WorkItem> items) {
            List<double[]> out = new ArrayList<>(items.size());
            if (items.isEmpty()) return out;
            if (distributed == null) {
                for (WorkItem item : items) {
                    progress.checkCancelled("lopt.benchmark: before run " + item.id());
                    out.add(RunWork.losses(WorkKind.runCanonical(kind, item, progress)));
                    progress.update(++finished, total, "lopt.benchmark: " + finished + " of " + total + " training runs done");
                }
                return out;
            }
            long base = finished;
            WorkResults r = tally.add(distributed.map(items, placement, new Progress() {
                @Override public void update(long done, long all, String message) {
                    progress.update(base + done, total, "lopt.benchmark: " + (base + done) + " of " + total + " training runs done");
                }

                @Override public boolean cancelled() { return progress.cancelled(); }
            }));
            finished += items.size();
            for (Map<String, Object> v : r.values()) out.add(RunWork.losses(v));
            return out;
        }
    }

    /**
     * Adds the item parameters of the optimizer entry {@code spec} names under its report name: a learned optimizer
     * ({@link LearnedSpec}: a file's content, or an architecture at its initial θ), or a registered optimizer with its defaults.
     */
    private void contender(String spec, Map<String, Map<String, Object>> out) {
        String name;
        Map<String, Object> item;
        if (services.isLearned(spec)) {
            LearnedSpec l = services.learned(spec, "optimizers");
            name = l.name();
            item = RunWork.learned(l);
        } else {
            services.optimizer("optimizers", spec);
            name = spec;
            item = RunWork.registered(spec, Double.NaN);
        }
        if (out.containsKey(name)) {
            throw BadInputException.forParam("optimizers", spec, "another entry is also reported as '" + name + "' and one would hide the other",
                    "list each optimizer once; give learned-optimizer files different file names");
        }
        out.put(name, item);
    }

    /** The comma-separated entries of parameter {@code key}, trimmed, empty ones dropped. */
    static List<String> names(Params p, String key) {
        return Arrays.stream(p.getString(key).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
