package org.polymorph.materials.internal.patchy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.report.Plot;
import org.polymorph.core.run.Checkpoint;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.materials.internal.method.Outputs;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.OptimizerChoice;
import org.polymorph.optimizers.OptimizerProvider;

/**
 * patchy.design: maximises the equilibrium yield of a self-limiting target cluster ({@link DesignObjective}) over patch
 * geometry and interaction parameters by gradient ascent (the paper's approach, King et al. PNAS 2024), and compares it
 * with a seeded uniform random search and a regular grid search over the same bounded parameters, by default with the
 * number of yield evaluations the ascent used. history_gradient.csv, history_random.csv, history_grid.csv: every evaluation; yield_vs_evaluation.png: the
 * best yield so far against evaluations; ascent.csv and yield_vs_step.png: the yield and θ at each gradient step;
 * snapshot_stepNNNN.extxyz (and .png in 2D): the target cluster relaxed at the start, every {@code snapshot_every} steps,
 * the best step and the end ({@link DesignReport}); result.json: yields before and after, the optimised parameters and, per
 * search, its best yield and the evaluations it needed to reach 90 % of the best yield any search found.
 * {@value DesignCheckpoint#FILE} ({@link DesignCheckpoint}) holds the ascent (its optimizer state included) and the
 * searches' samples after each search, every {@code checkpoint_every} steps or evaluations and when cancelled;
 * {@code resume=true} continues from it to the bit, also to more {@code steps} than the earlier run took.
 */
public final class DesignMethod implements Method {
    private static final double REACH = 0.9;
    private final Supplier<AD> ad;
    private final ServiceCatalog<OptimizerProvider> optimizers;

    public DesignMethod(Supplier<AD> ad, ServiceCatalog<OptimizerProvider> optimizers) {
        this.ad = ad;
        this.optimizers = optimizers;
    }

    @Override public String id() { return "patchy.design"; }

    @Override public String description() {
        return "design patchy particles for a self-limiting cluster: gradient ascent of its equilibrium yield over patch angles, "
                + "well depth and range, against random and grid search with the same evaluations";
    }

    @Override public List<ParamSpec> params() {
        List<ParamSpec> all = new ArrayList<>(List.of(
                ParamSpec.choice("target", "ring4", DesignTargets.NAMES, "target cluster: ring4 (2D square), ring6 (2D hexagon), "
                        + "triangle (3D, two patches), tetrahedron (3D, three), octahedron (3D, four), kagome (2D open lattice by MD, loss (1 − |ψ6|)²)"),
                ParamSpec.intList("competitors", List.of(), null, 3, 12,
                        "2D: ring sizes in competition with the target (empty: the target size and its two neighbours)"),
                ParamSpec.real("opening", 75.0, "degrees", 1, 179, "2D: starting angle between the two patches seen from the centre"),
                ParamSpec.real("opening_min", 40.0, "degrees", 1, 179, "2D: lower bound of the opening angle"),
                ParamSpec.real("opening_max", 160.0, "degrees", 1, 179, "2D: upper bound of the opening angle"),
                ParamSpec.real("polar", 50.0, "degrees", 1, 89, "3D: starting polar angle of the patches from the body axis"),
                ParamSpec.real("polar_min", 15.0, "degrees", 1, 89, "3D: lower bound of the polar angle"),
                ParamSpec.real("polar_max", 75.0, "degrees", 1, 89, "3D: upper bound of the polar angle"),
                ParamSpec.real("eps", 6.0, "kT", 0, 1000, "starting Morse well depth ε"),
                ParamSpec.real("eps_min", 2.0, "kT", 0, 1000, "lower bound of ε (0 or more: attraction only)"),
                ParamSpec.real("eps_max", 14.0, "kT", 0, 1000, "upper bound of ε"),
                ParamSpec.real("alpha", 5.0, "1/length", 0.1, 100, "starting Morse range α"),
                ParamSpec.real("alpha_min", 2.0, "1/length", 0.1, 100, "lower bound of α"),
                ParamSpec.real("alpha_max", 10.0, "1/length", 0.1, 100, "upper bound of α"),
                ParamSpec.real("patch_radius", 0.45, "length", 0.01, 10, "distance of the patches from the centre (core diameter 1)"),
                ParamSpec.real("core_eps", 100.0, "kT", 0.01, 1e6, "soft-sphere core ε (σ = 1, α = 2)"),
                ParamSpec.real("concentration", 0.001, "bodies/length^d", 1e-12, 1, "total body concentration"),
                ParamSpec.integer("steps", 30, "steps", 1, 100_000, "gradient-ascent steps (one yield-and-gradient evaluation each)"),
                ParamSpec.choice("optimizer", "adam", OptimizerChoice.choices(optimizers),
                        "optimizer of the ascent, on the parameters scaled to [0, 1] between their bounds"),
                ParamSpec.choice("objective", "log_yield", List.of("log_yield", "yield"),
                        "what the ascent maximises: log of the target yield (moves where the target is still rare) or the yield"),
                ParamSpec.real("lr", 0.05, null, 1e-6, 10, "learning rate (fraction of each parameter's range per step)"),
                ParamSpec.bool("compare", true, "also run random and grid search"),
                ParamSpec.integer("search_evaluations", 0, null, 0, 1_000_000,
                        "yield evaluations of the random and of the grid search (0: as many as the gradient ascent used)"),
                ParamSpec.integer("seed", 1, null, 0, Long.MAX_VALUE, "seed of the random search"),
                ParamSpec.integer("snapshot_every", 0, "steps", 0, 100_000,
                        "snapshot the target cluster every this many gradient steps (0: at the start, the end and the best step only)"),
                ParamSpec.integer("checkpoint_every", 0, "steps", 0, 1_000_000, "write " + DesignCheckpoint.FILE
                        + " every this many gradient steps and search evaluations (0: after each search and when cancelled)"),
                ParamSpec.bool("resume", false, "continue from " + DesignCheckpoint.FILE + " in the run directory (--out of the earlier run) to the bit; "
                        + "steps may grow (not for target=kagome)")));
        all.addAll(KagomeDesign.params());
        return all;
    }

    @Override public Set<String> resumeMayChange() { return Set.of("snapshot_every"); }

    @Override
    public Result run(Params p, Progress progress, RunDirectory dir) throws Exception {
        AD engine = ad.get();
        Ops o = engine.ops();
        if (p.getString("target").equals(KagomeDesign.TARGET)) {
            if (p.getBoolean("resume")) throw BadInputException.forParam("resume", true, "target=kagome does not checkpoint its MD runs",
                    "run it again without resume");
            return KagomeDesign.run(engine, optimizers, p, progress, dir);
        }
        DesignObjective objective = DesignTargets.objective(engine, p);
        int steps = p.getInt("steps");
        Optimizer opt = OptimizerChoice.create(o, optimizers, "optimizer", p.getString("optimizer"),
                Map.of("lr", p.getDouble("lr"), "num_steps", (long) steps), "use an optimizer that takes a learning rate, e.g. adam");
        DesignSearch search = new DesignSearch(engine, objective, progress);
        int every = p.getInt("checkpoint_every");
        int dims = objective.names().size();
        DesignCheckpoint.State[] latest = new DesignCheckpoint.State[1];
        Checkpoint.Save save = () -> DesignCheckpoint.write(dir, this, p, o, latest[0]);
        long resumedFrom = -1;
        if (p.getBoolean("resume")) {
            latest[0] = DesignCheckpoint.read(dir, this, p, o, opt.init(o.constant(new double[dims], dims)));
            resumedFrom = latest[0].ascent().step();
            if (steps < resumedFrom) throw BadInputException.forParam("steps", steps, "the checkpoint's ascent is already at step " + resumedFrom,
                    "give steps >= " + resumedFrom);
            progress.message("resuming patchy.design at gradient step " + resumedFrom);
        } else {
            latest[0] = new DesignCheckpoint.State(search.start(opt), List.of(), 0, List.of());
        }
        Map<String, List<DesignObjective.Sample>> traces = new LinkedHashMap<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        DesignSearch.Ascent ascent = search.ascend(opt, latest[0].ascent(), steps, p.getString("objective").equals("log_yield"), a -> {
            latest[0] = latest[0].withAscent(a);
            observed(progress, save, every, a.step(), "gradient step " + a.step() + " of " + steps);
        });
        DesignObjective.Sample start = ascent.samples().get(0);
        if (start.failed()) throw BadInputException.forParam("opening", p.getDouble("opening"), "the starting point has no yield: "
                + start.failure(), "start from another opening angle, eps or alpha, or change patch_radius");
        latest[0] = latest[0].withAscent(ascent);
        save.save();
        traces.put("gradient", ascent.samples());
        seconds.put("gradient", (System.nanoTime() - t0) * 1e-9);
        int budget = p.getInt("search_evaluations") > 0 ? p.getInt("search_evaluations") : ascent.samples().size();
        if (p.getBoolean("compare")) {
            t0 = System.nanoTime();
            traces.put("random", search.random(budget, p.getInt("seed"), latest[0].random(), r -> {
                latest[0] = latest[0].withRandom(r);
                observed(progress, save, every, r.size(), "random search evaluation " + r.size() + " of " + budget);
            }));
            latest[0] = latest[0].withRandom(traces.get("random"));
            save.save();
            seconds.put("random", (System.nanoTime() - t0) * 1e-9);
            t0 = System.nanoTime();
            // grid samples of another budget lie on another grid: they are kept only for the same number of cells
            List<DesignObjective.Sample> done = search.gridSize(latest[0].gridBudget()) == search.gridSize(budget) ? latest[0].grid() : List.of();
            traces.put("grid", search.grid(budget, done, g -> {
                latest[0] = latest[0].withGrid(budget, g);
                observed(progress, save, every, g.size(), "grid search evaluation " + g.size() + " of " + search.gridSize(budget));
            }));
            latest[0] = latest[0].withGrid(budget, traces.get("grid"));
            save.save();
            seconds.put("grid", (System.nanoTime() - t0) * 1e-9);
        }
        double best = 0;
        for (List<DesignObjective.Sample> t : traces.values()) best = Math.max(best, DesignSearch.best(t).yield());
        Result.Builder out = Result.builder().put("target", p.getString("target")).put("parameters", objective.names())
                .put("lower", objective.lower()).put("upper", objective.upper()).put("yield_before", start.yield())
                .put("parameters_before", start.theta()).put("best_yield_all_searches", best).put("gradient_steps", ascent.step())
                .put("resumed_from", resumedFrom);
        Map<String, Object> per = new LinkedHashMap<>();
        for (Map.Entry<String, List<DesignObjective.Sample>> e : traces.entrySet()) {
            DesignObjective.Sample b = DesignSearch.best(e.getValue());
            int reach = DesignSearch.evaluationsToReach(e.getValue(), REACH, best);
            long failed = e.getValue().stream().filter(DesignObjective.Sample::failed).count();
            per.put(e.getKey(), Map.of("evaluations", e.getValue().size(), "best_yield", b.yield(), "best_parameters", b.theta(),
                    "evaluations_to_90pct_of_best", reach, "failed_evaluations", failed, "seconds", seconds.get(e.getKey())));
            out.summary(String.format(Locale.ROOT, "%s: best yield %.4f at %s after %d evaluations; 90%% of the best (%.4f) after %s",
                    e.getKey(), b.yield(), DesignReport.describe(objective, b.theta()), e.getValue().size(), REACH * best,
                    reach < 0 ? "never" : reach + " evaluations"));
        }
        DesignObjective.Sample after = DesignSearch.best(traces.get("gradient"));
        out.put("yield_after", after.yield()).put("parameters_after", after.theta()).put("searches", per);
        out.summary(String.format(Locale.ROOT, "gradient ascent: yield %.4f -> %.4f", start.yield(), after.yield()));
        List<String> files = writeHistory(dir, objective, traces);
        files.addAll(DesignReport.ascent(dir, objective, ascent));
        DesignReport.Snapshots snaps = DesignReport.snapshots(dir, engine, objective, p.getString("target"), ascent, p.getInt("snapshot_every"));
        files.addAll(snaps.files());
        files.add(DesignCheckpoint.FILE);
        out.put("snapshots", snaps.steps());
        return out.put("files", files).build();
    }

    /** After a step or evaluation {@code count}: a checkpoint every {@code every} (0: none), and the checkpoint and a stop when cancelled. */
    private static void observed(Progress progress, Checkpoint.Save save, int every, int count, String where) {
        if (every > 0 && count % every == 0) {
            try {
                save.save();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + DesignCheckpoint.FILE + " at " + where, e);
            }
        }
        Checkpoint.writeIfCancelled(progress, where, save);
    }

    /** history_SEARCH.csv per search (evaluation, yield, best so far, failed, θ) and the plot of the best yield so far. */
    private static List<String> writeHistory(RunDirectory dir, DesignObjective objective, Map<String, List<DesignObjective.Sample>> traces)
            throws java.io.IOException {
        List<String> files = new ArrayList<>();
        Plot.Panel panel = new Plot.Panel("best target yield against yield evaluations", "evaluation", "best yield so far");
        Plot.Panel each = new Plot.Panel("target yield at each evaluation", "evaluation", "yield");
        for (Map.Entry<String, List<DesignObjective.Sample>> e : traces.entrySet()) {
            List<DesignObjective.Sample> t = e.getValue();
            List<double[]> rows = new ArrayList<>();
            double[] x = new double[t.size()], y = new double[t.size()], v = new double[t.size()];
            double b = 0;
            for (int k = 0; k < t.size(); k++) {
                DesignObjective.Sample s = t.get(k);
                if (!s.failed()) b = Math.max(b, s.yield());
                x[k] = k + 1;
                y[k] = b;
                v[k] = s.yield();
                double[] row = new double[4 + s.theta().length];
                row[0] = k + 1;
                row[1] = s.yield();
                row[2] = b;
                row[3] = s.failed() ? 1 : 0;
                System.arraycopy(s.theta(), 0, row, 4, s.theta().length);
                rows.add(row);
            }
            String name = "history_" + e.getKey() + ".csv";
            Outputs.csv(dir, name, "evaluation,yield,best_yield,failed," + String.join(",", objective.names()), rows);
            files.add(name);
            panel.linePoints(e.getKey(), x, y);
            if (e.getKey().equals("gradient")) each.linePoints(e.getKey(), x, v);
            else each.points(e.getKey(), x, v);
        }
        dir.writeBytes("yield_vs_evaluation.png", Plot.png(List.of(panel.yRange(0, 1), each.yRange(0, 1))));
        files.add("yield_vs_evaluation.png");
        return files;
    }
}
