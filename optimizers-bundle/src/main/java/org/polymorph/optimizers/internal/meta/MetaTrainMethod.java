package org.polymorph.optimizers.internal.meta;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.AutodiffService;
import org.polymorph.autodiff.Ops;
import org.polymorph.core.distributed.Distributed;
import org.polymorph.core.distributed.Placement;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.CancelledException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.report.Plot;
import org.polymorph.core.run.Checkpoint;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.optimizers.learned.LearnedOptimizer;
import org.polymorph.optimizers.learned.LearnedOptimizerArchitecture;
import org.polymorph.optimizers.learned.LearnedOptimizerFile;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * lopt.meta_train: meta-trains a learned optimizer (a registered architecture, or the one in a learned-optimizer file)
 * on registered optimization tasks with an outer estimator (es, tes, pes, bptt) and outer Adam; writes the learned
 * optimizer file {@value #OUTPUT}, meta_loss.csv and meta_loss.png, and the checkpoint {@value MetaCheckpoint#FILE}
 * every {@code checkpoint_every} outer steps; {@code resume=true} continues bit for bit. Each outer step's population members
 * are independent work items ({@link MemberWork}) on the Distributed service ({@code distributed=}).
 *
 * <p>Randomness: {@code RandomKey.of(seed)} is the root; θ's initialisation draws from {@code foldIn(2)}, everything
 * else as {@link Estimator.Setup} says (from (seed, outer step, member) and (seed, member, episode)).
 */
public final class MetaTrainMethod implements Method {
    static final String ID = "lopt.meta_train";
    static final String OUTPUT = "learned_optimizer.lopt";
    static final List<Estimator> ESTIMATORS = List.of(new FullEs(), new TruncatedEs(), new TruncatedPes(), new TruncatedBptt());

    private final Provider<TensorService> tensors;
    private final Provider<AutodiffService> autodiff;
    private final ServiceCatalog<LearnedOptimizerArchitecture> architectures;
    private final ServiceCatalog<OptimizationTask> tasks;
    /** Runs the population's members ({@link MemberWork}); null: one after another on the run's thread. */
    private final Provider<Distributed> distributed;

    /** {@code distributed}: the service the members run on ({@link MemberWork} items), or null to run them on the run's thread. */
    @Inject
    public MetaTrainMethod(Provider<TensorService> tensors, Provider<AutodiffService> autodiff,
                           ServiceCatalog<LearnedOptimizerArchitecture> architectures, ServiceCatalog<OptimizationTask> tasks,
                           Provider<Distributed> distributed) {
        this.tensors = tensors;
        this.autodiff = autodiff;
        this.architectures = architectures;
        this.tasks = tasks;
        this.distributed = distributed;
    }

    /** Without a Distributed service: the members one after another on the run's thread. */
    public MetaTrainMethod(Provider<TensorService> tensors, Provider<AutodiffService> autodiff,
                           ServiceCatalog<LearnedOptimizerArchitecture> architectures, ServiceCatalog<OptimizationTask> tasks) {
        this(tensors, autodiff, architectures, tasks, null);
    }

    @Override public String id() { return ID; }

    @Override
    public String description() {
        return "meta-trains a learned optimizer on registered tasks by full or truncated ES, PES or truncated BPTT with outer Adam"
                + " (the population's members as work items on local threads or the cluster); "
                + OUTPUT + ", meta_loss.csv, meta_loss.png, checkpoint.bin";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.choice("architecture", "notebook_mlp", architectures.names(), "learned-optimizer architecture to meta-train from its initialisation"),
                ParamSpec.text("config", "", "the architecture's hyper-parameters, key=value pairs separated by commas"
                        + " (hyper_v2: start_lr=0.03,param_scale_mult=false); empty: its defaults"),
                ParamSpec.path("init", "", "a learned optimizer file to start from (its architecture and θ; overrides architecture and config)"),
                ParamSpec.choice("estimator", "pes", ESTIMATORS.stream().map(Estimator::name).toList(),
                        "outer gradient: es (full-length antithetic ES), tes (truncated ES), pes (persistent ES), bptt (truncated backprop)"),
                ParamSpec.text("tasks", "notebook_mlp_fashion_mnist8",
                        "comma-separated task names or families (" + String.join(", ", tasks.names()) + ")"),
                ParamSpec.integer("max_task_params", 0, "", 0, Integer.MAX_VALUE, "keep only tasks with at most this many parameters (0: all)"),
                ParamSpec.integer("outer_steps", 100, "steps", 1, 100_000_000, "outer (meta-gradient) steps in all (a resumed run counts the earlier ones)"),
                ParamSpec.integer("population", 8, "", 1, 100_000, "inner problems per outer step (learned_optimization's num_tasks)"),
                ParamSpec.integer("trunc_length", 10, "steps", 1, 1_000_000, "inner steps per truncation (tes, pes, bptt)"),
                ParamSpec.integer("min_length", 100, "steps", 1, 100_000_000, "shortest inner training (log-uniform length schedule)"),
                ParamSpec.integer("max_length", 100, "steps", 1, 100_000_000, "longest inner training (log-uniform length schedule)"),
                ParamSpec.integer("initial_offset", 0, "steps", 0, 100_000_000,
                        "a member's first inner run starts at a random iteration below this (staggers the episodes)"),
                ParamSpec.real("std", 0.01, "", 1e-12, 10, "standard deviation of the ES/PES perturbations of θ"),
                ParamSpec.real("outer_lr", 1e-3, "", 1e-12, 10, "learning rate of the outer Adam"),
                ParamSpec.real("clip", 0.0, "", 0, 1e12, "clip each entry of the meta-gradient to [-clip, clip] (0: no clipping)"),
                ParamSpec.choice("loss", "mean", List.of("mean", "final"), "meta-loss of a truncation: mean per-step training loss, or the final one"),
                ParamSpec.bool("bptt_checkpoint", true, "bptt: sqrt(K) checkpointing of the unroll (less memory, one more forward)"),
                ParamSpec.integer("seed", 0, "", 0, Integer.MAX_VALUE, "seed of θ's initialisation, the tasks, data orders and perturbations"),
                ParamSpec.integer("threads", 0, "", 0, 1024, "population members handed out at once to the work threads (polymorph.work.threads)"
                        + " or the cluster; 0: the whole population (the result does not depend on it)"),
                ParamSpec.integer("checkpoint_every", 10, "steps", 1, 1_000_000_000, "write checkpoint.bin every this many outer steps (and at the end)"),
                ParamSpec.bool("resume", false, "continue from checkpoint.bin in the run directory (--out of the earlier run)"),
                Placement.spec());
    }

    @Override public Set<String> resumeMayChange() { return Set.of("outer_steps"); }

    /**
     * The architecture {@code name} with the hyper-parameters of {@code config} ({@code key=value,key=value}); the values
     * reach it as text, which the architectures read as numbers and flags themselves (as they read a file's JSON).
     *
     * @throws BadInputException naming {@code config}: a pair without '=', or a value the architecture refuses
     */
    private LearnedOptimizer createArchitecture(String name, String config) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        for (String pair : config.split(",")) {
            if (pair.isBlank()) continue;
            int eq = pair.indexOf('=');
            if (eq <= 0) throw BadInputException.forParam("config", config, "'" + pair.trim() + "' is not key=value", "write config=key=value,key=value");
            values.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        try {
            return architectures.get("architecture", name).create(values);
        } catch (BadInputException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw BadInputException.forParam("config", config, e.getMessage(), "give only hyper-parameters that " + name + " takes, in their ranges");
        }
    }

    @Override
    public Result run(Params params, Progress progress, RunDirectory dir) throws Exception {
        long t0 = System.nanoTime();
        TensorService ts = tensors.get();
        AutodiffService ads = autodiff.get();
        Supplier<AD> engines = () -> ads.create(ts);
        Ops o = engines.get().ops();
        RandomKey root = RandomKey.of(params.getInt("seed"));
        LearnedOptimizer lopt;
        Frozen theta0;
        String init = params.getString("init").trim();
        if (init.isEmpty()) {
            lopt = createArchitecture(params.getString("architecture"), params.getString("config"));
            theta0 = Frozen.of(lopt.initMetaParams(o, root.foldIn(2)), o);
        } else {
            LearnedOptimizerFile.Loaded loaded = LearnedOptimizerFile.read(Path.of(init), architectures);
            lopt = loaded.optimizer();
            theta0 = Frozen.of(loaded.theta(o), o);
        }
        long minLength = params.getInt("min_length"), maxLength = params.getInt("max_length");
        if (maxLength < minLength) {
            throw BadInputException.forParam("max_length", maxLength, "below min_length = " + minLength, "use max_length >= min_length");
        }
        TaskDistribution dist = new TaskDistribution(selectTasks(params.getString("tasks"), params.getInt("max_task_params")),
                new LogUniformLengthSchedule(minLength, maxLength), params.getInt("initial_offset"));
        Estimator estimator = ESTIMATORS.stream().filter(e -> e.name().equals(params.getString("estimator"))).findFirst().orElseThrow();
        Estimator.Setup setup = new Estimator.Setup(engines, dist, lopt, root, params.getInt("trunc_length"), params.getDouble("std"),
                params.getString("loss").equals("mean") ? MetaLoss.Reduction.MEAN : MetaLoss.Reduction.FINAL, params.getBoolean("bptt_checkpoint"));
        MetaTrainer.Config config = new MetaTrainer.Config(estimator, setup, params.getInt("population"), params.getDouble("outer_lr"),
                params.getDouble("clip"), params.getInt("threads"));
        int outerSteps = params.getInt("outer_steps");
        int every = params.getInt("checkpoint_every");

        MetaTrainer.State start = null;
        if (params.getBoolean("resume")) {
            if (dir == null) throw BadInputException.forParam("resume", true, "there is no run directory", "run with --out DIR of the earlier run");
            Checkpoint c = Checkpoint.resume(dir, MetaCheckpoint.FILE, this, params);
            try {
                start = MetaCheckpoint.read(o, c, dir.resolve(MetaCheckpoint.FILE), lopt, dist);
            } catch (IOException e) {
                throw new BadInputException("parameter 'resume' = 'true': " + e.getMessage() + "; start a fresh run with resume=false", e);
            }
            if (start.step() > outerSteps) {
                throw BadInputException.forParam("outer_steps", outerSteps, "below the " + start.step() + " outer steps already in the checkpoint",
                        "use outer_steps >= " + start.step());
            }
            progress.message("resuming from outer step " + start.step() + " of " + outerSteps);
        }
        DistributedPopulation spread = distributed == null ? null : new DistributedPopulation(distributed.get(), Placement.of(params), params.getInt("seed"));
        MetaTrainer trainer = new MetaTrainer(config, start == null ? MetaTrainer.initial(config, theta0) : start,
                spread == null ? MetaTrainer.SERIAL : spread);
        long first = trainer.state().step();
        for (long k = first; k < outerSteps; k++) {
            long at = k;
            Checkpoint.Save saveNow = () -> save(ts, trainer.state(), dir, params, lopt);
            Checkpoint.writeIfCancelled(progress, "outer step " + k + " of " + outerSteps, saveNow);
            Progress inStep = new Progress() {       // the members' reports, at the outer step's count
                @Override public void update(long done, long total, String message) { progress.update(at, outerSteps, message); }

                @Override public boolean cancelled() { return progress.cancelled(); }
            };
            MetaTrainer.Row row;
            try {
                row = trainer.step(inStep);
            } catch (CancelledException e) {
                Checkpoint.writeIfCancelled(progress, "outer step " + k + " of " + outerSteps, saveNow);
                throw e;
            }
            if (row.step() % every == 0 || row.step() == outerSteps) save(ts, trainer.state(), dir, params, lopt);
            progress.update(at + 1, outerSteps, String.format(Locale.ROOT, "outer step %d/%d meta-loss %.5f |g| %.3g",
                    row.step(), outerSteps, row.metaLoss(), row.gradNorm()));
        }
        MetaTrainer.State end = trainer.state();
        save(ts, end, dir, params, lopt);
        List<MetaTrainer.Row> h = end.history();
        double firstLoss = h.isEmpty() ? Double.NaN : h.get(0).metaLoss();
        double lastLoss = h.isEmpty() ? Double.NaN : tailMean(h, 20);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Result.Builder r = Result.builder()
                .put("architecture", lopt.architecture())
                .put("estimator", estimator.name())
                .put("tasks", dist.tasks().stream().map(OptimizationTask::name).toList())
                .put("outer_steps", end.step())
                .put("resumed_from", first)
                .put("first_meta_loss", firstLoss)
                .put("final_meta_loss", lastLoss)
                .put("seconds", Math.round(seconds * 1000) / 1000.0)
                .put("seconds_per_outer_step", end.step() > first ? seconds / (end.step() - first) : null)
                .put("backend", ts.name());
        if (spread != null) r.put(Placement.PARAM, spread.tally().facts());
        r.summary(String.format(Locale.ROOT, "%s by %s on %s: %d outer steps of %d members%s in %.1f s", lopt.architecture(),
                estimator.name(), dist.tasks().stream().map(OptimizationTask::name).toList(), end.step(), config.population(),
                first > 0 ? " (resumed at " + first + ")" : "", seconds));
        r.summary(String.format(Locale.ROOT, "meta-loss %.4f at the first outer step, %.4f (mean of the last 20) at the end", firstLoss, lastLoss));
        r.summary(OUTPUT + ", meta_loss.csv, meta_loss.png and checkpoint.bin in " + (dir == null ? "(no run directory)" : dir.path()));
        return r.build();
    }

    /** The tasks named (or whose family is named) in {@code spec}, in registry order, at most {@code maxParams} parameters each. */
    private List<OptimizationTask> selectTasks(String spec, int maxParams) {
        Set<OptimizationTask> chosen = new LinkedHashSet<>();
        for (String raw : spec.split(",")) {
            String name = raw.trim();
            if (name.isEmpty()) continue;
            List<OptimizationTask> match = new ArrayList<>();
            tasks.find(name).ifPresent(match::add);
            if (match.isEmpty()) {
                for (String n : tasks.names()) tasks.find(n).filter(t -> t.family().equals(name)).ifPresent(match::add);
            }
            if (match.isEmpty()) {
                throw BadInputException.forParam("tasks", spec, "'" + name + "' is neither a registered task nor a task family",
                        "use names from " + tasks.names());
            }
            chosen.addAll(match);
        }
        List<OptimizationTask> out = chosen.stream().filter(t -> maxParams == 0 || t.parameterCount() <= maxParams).toList();
        if (out.isEmpty()) {
            throw BadInputException.forParam(chosen.isEmpty() ? "tasks" : "max_task_params", chosen.isEmpty() ? spec : maxParams,
                    "leaves no task", chosen.isEmpty() ? "name at least one task" : "raise max_task_params or set it to 0");
        }
        return out;
    }

    /** The checkpoint, the learned optimizer file and the meta-loss curve. */
    private void save(TensorService ts, MetaTrainer.State s, RunDirectory dir, Params params, LearnedOptimizer lopt) throws IOException {
        if (dir == null) return;
        MetaCheckpoint.write(ts, s, dir, this, params);
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("trained_by", ID);
        provenance.put("estimator", params.getString("estimator"));
        provenance.put("tasks", params.getString("tasks"));
        provenance.put("outer_steps", s.step());
        provenance.put("seed", params.getInt("seed"));
        AD ad = autodiff.get().create(ts);
        LearnedOptimizerFile.write(dir.resolve(OUTPUT), lopt, s.theta().thaw(ad.ops()), provenance);
        StringBuilder csv = new StringBuilder("outer_step,meta_loss,grad_norm\n");
        for (MetaTrainer.Row r : s.history()) csv.append(r.step()).append(',').append(r.metaLoss()).append(',').append(r.gradNorm()).append('\n');
        dir.writeString("meta_loss.csv", csv.toString());
        int n = s.history().size();
        if (n == 0) return;
        double[] x = new double[n], y = new double[n], avg = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = s.history().get(i).step();
            y[i] = s.history().get(i).metaLoss();
            avg[i] = tailMean(s.history().subList(0, i + 1), 20);
        }
        dir.writeBytes("meta_loss.png", Plot.png(List.of(new Plot.Panel("meta-loss (" + params.getString("estimator") + ")", "outer step",
                "meta-loss").add("population mean", x, y).add("running mean of 20", x, avg))));
    }

    /** Mean meta-loss of the last {@code n} rows (the notebook's running mean). */
    static double tailMean(List<MetaTrainer.Row> rows, int n) {
        double s = 0;
        int from = Math.max(0, rows.size() - n);
        for (int i = from; i < rows.size(); i++) s += rows.get(i).metaLoss();
        return s / (rows.size() - from);
    }
}
