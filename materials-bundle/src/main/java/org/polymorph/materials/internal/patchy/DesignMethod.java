package org.polymorph.materials.internal.patchy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.polymorph.autodiff.AD;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.report.Plot;
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
 * best yield so far against evaluations; result.json: yields before and after, the optimised parameters and, per
 * search, its best yield and the evaluations it needed to reach 90 % of the best yield any search found.
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
                ParamSpec.integer("seed", 1, null, 0, Long.MAX_VALUE, "seed of the random search")));
        all.addAll(KagomeDesign.params());
        return all;
    }

    @Override
    public Result run(Params p, Progress progress, RunDirectory dir) throws Exception {
        AD engine = ad.get();
        if (p.getString("target").equals(KagomeDesign.TARGET)) return KagomeDesign.run(engine, optimizers, p, progress, dir);
        DesignObjective objective = DesignTargets.objective(engine, p);
        int steps = p.getInt("steps");
        Optimizer opt = OptimizerChoice.create(engine.ops(), optimizers, "optimizer", p.getString("optimizer"),
                Map.of("lr", p.getDouble("lr"), "num_steps", (long) steps), "use an optimizer that takes a learning rate, e.g. adam");
        DesignSearch search = new DesignSearch(engine, objective, progress);
        Map<String, List<DesignObjective.Sample>> traces = new LinkedHashMap<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        traces.put("gradient", search.ascend(opt, steps, p.getString("objective").equals("log_yield")));
        seconds.put("gradient", (System.nanoTime() - t0) * 1e-9);
        DesignObjective.Sample start = traces.get("gradient").get(0);
        if (start.failed()) throw BadInputException.forParam("opening", p.getDouble("opening"), "the starting point has no yield: "
                + start.failure(), "start from another opening angle, eps or alpha, or change patch_radius");
        int budget = p.getInt("search_evaluations") > 0 ? p.getInt("search_evaluations") : traces.get("gradient").size();
        if (p.getBoolean("compare")) {
            t0 = System.nanoTime();
            traces.put("random", search.random(budget, p.getInt("seed")));
            seconds.put("random", (System.nanoTime() - t0) * 1e-9);
            t0 = System.nanoTime();
            traces.put("grid", search.grid(budget));
            seconds.put("grid", (System.nanoTime() - t0) * 1e-9);
        }
        double best = 0;
        for (List<DesignObjective.Sample> t : traces.values()) best = Math.max(best, DesignSearch.best(t).yield());
        Result.Builder out = Result.builder().put("target", p.getString("target")).put("parameters", objective.names())
                .put("lower", objective.lower()).put("upper", objective.upper()).put("yield_before", start.yield())
                .put("parameters_before", start.theta()).put("best_yield_all_searches", best);
        Map<String, Object> per = new LinkedHashMap<>();
        for (Map.Entry<String, List<DesignObjective.Sample>> e : traces.entrySet()) {
            DesignObjective.Sample b = DesignSearch.best(e.getValue());
            int reach = DesignSearch.evaluationsToReach(e.getValue(), REACH, best);
            long failed = e.getValue().stream().filter(DesignObjective.Sample::failed).count();
            per.put(e.getKey(), Map.of("evaluations", e.getValue().size(), "best_yield", b.yield(), "best_parameters", b.theta(),
                    "evaluations_to_90pct_of_best", reach, "failed_evaluations", failed, "seconds", seconds.get(e.getKey())));
            out.summary(String.format(Locale.ROOT, "%s: best yield %.4f at %s after %d evaluations; 90%% of the best (%.4f) after %s",
                    e.getKey(), b.yield(), describe(objective, b.theta()), e.getValue().size(), REACH * best,
                    reach < 0 ? "never" : reach + " evaluations"));
        }
        DesignObjective.Sample after = DesignSearch.best(traces.get("gradient"));
        out.put("yield_after", after.yield()).put("parameters_after", after.theta()).put("searches", per);
        out.summary(String.format(Locale.ROOT, "gradient ascent: yield %.4f -> %.4f", start.yield(), after.yield()));
        return out.put("files", writeHistory(dir, objective, traces)).build();
    }

    private static String describe(DesignObjective o, double[] theta) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < theta.length; i++) sb.append(i == 0 ? "" : ", ").append(o.names().get(i)).append(String.format(Locale.ROOT, " %.3f", theta[i]));
        return sb.toString();
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
