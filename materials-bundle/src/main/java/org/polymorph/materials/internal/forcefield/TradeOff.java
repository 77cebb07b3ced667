package org.polymorph.materials.internal.forcefield;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.polymorph.autodiff.AD;
import org.polymorph.core.distributed.ClusterView;
import org.polymorph.core.distributed.Distributed;
import org.polymorph.core.distributed.Placement;
import org.polymorph.core.distributed.WorkItem;
import org.polymorph.core.distributed.WorkResults;
import org.polymorph.core.distributed.WorkTally;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.CancelledException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.run.Checkpoint;
import org.polymorph.core.runtime.Json;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.materials.forcefield.Fit;
import org.polymorph.materials.forcefield.Target;
import org.polymorph.materials.potential.FittableStyle;
import org.polymorph.materials.potential.PotentialCatalog;
import org.polymorph.optimizers.OptimizerProvider;

/**
 * ff.fit with {@code sweep=}: runs the {@link Sweep} weightings as independent work items on the Distributed service (local
 * threads, or the cluster's members; {@code distributed=}), in batches of as many as run at once, or one after another
 * without that service; writes {@code fitted_<k>.<style>} and ff.fit's checkpoint after each weighting (batch) and when
 * cancelled ({@code resume=true} skips the weightings already done), then {@code tradeoff.csv} (one row per
 * weighting: the effective weights, per target the relative error of each value in % (the value
 * itself for a zero target such as P_GPa) for targets of at most 6 values, the RMS relative error in %
 * and the RMS error in the target's units, the final loss and steps), {@code tradeoff.png} (RMS relative
 * error of each target at each weighting) and the same table in the result under {@code sweep}.
 */
final class TradeOff {
    /** Targets with at most this many values get one CSV column per value. */
    static final int PER_VALUE_COLUMNS = 6;

    private TradeOff() { }

    /**
     * The sweep of ff.fit ({@code method}) with parameters {@code p}; the fitted style from {@code catalog}, a gradient optimizer from
     * {@code optimizers}; the weightings as work items on {@code distributed} ({@link WeightingWork}), or one after another on this
     * thread when it is null.
     */
    static Result run(AD ad, PotentialCatalog catalog, ServiceCatalog<OptimizerProvider> optimizers, Fit fit, List<Sweep.Weighting> ws, Method method, Params p,
                      Progress progress, RunDirectory dir, Distributed distributed) throws IOException {
        long t0 = System.nanoTime();
        FittableStyle style = FitStyles.of(catalog, fit.style());
        List<Sweep.Row> rows = p.getBoolean("resume") ? load(ad, catalog, fit, ws, FitMethod.payload(dir, method, p)) : new ArrayList<>();
        int resumedFrom = rows.size();
        WorkTally tally = distributed == null ? null : new WorkTally(Placement.of(p));
        if (distributed == null) serial(style, ad, catalog, optimizers, fit, ws, method, p, progress, dir, rows);
        else distributed(style, distributed, tally, fit, ws, method, p, progress, dir, rows);
        List<String> names = names(fit.targets());
        dir.writeString("tradeoff.csv", csv(fit, names, rows));
        dir.writeBytes("tradeoff.png", chart(fit, names, rows));
        Result.Builder out = Result.builder().put("style", fit.style()).put("free", fit.free()).put("optimizer", fit.optimizer())
                .put("sweep", table(style, fit, names, rows)).put("resumed_from_weighting", resumedFrom).put("seconds", (System.nanoTime() - t0) / 1e9);
        if (tally != null) out.put(Placement.PARAM, tally.facts());
        List<String> files = new ArrayList<>();
        for (int k = 0; k < rows.size(); k++) files.add(fittedName(k, fit.style()));
        files.addAll(List.of("tradeoff.csv", "tradeoff.png", FitMethod.CHECKPOINT));
        out.put("files", files);
        out.summary(rows.size() + " fits of " + String.join(",", fit.free()) + " from " + fit.potentialFile().getFileName() + "; trade-off in " + dir.resolve("tradeoff.csv"));
        for (Sweep.Row r : rows) {
            StringBuilder b = new StringBuilder(r.weighting().label()).append(':');
            for (int t = 0; t < names.size(); t++) {
                Target tg = fit.targets().get(t);
                double rel = Sweep.rmsRelativePercent(tg, r.values()[t]);
                b.append(' ').append(names.get(t)).append(Double.isNaN(rel) ? String.format(Locale.ROOT, " rms %.4g", Sweep.rmsAbsolute(tg, r.values()[t]))
                        : String.format(Locale.ROOT, " %.3g %%", rel));
            }
            out.summary(b.toString());
        }
        return out.build();
    }

    /** The weightings not yet done, one after another on this thread (progress over all their steps), checkpointed after each and when cancelled. */
    private static void serial(FittableStyle style, AD ad, PotentialCatalog catalog, ServiceCatalog<OptimizerProvider> optimizers, Fit fit, List<Sweep.Weighting> ws, Method method,
                               Params p, Progress progress, RunDirectory dir, List<Sweep.Row> rows) throws IOException {
        long total = (long) ws.size() * Math.max(1, fit.steps());
        for (int k = rows.size(); k < ws.size(); k++) {
            long base = (long) k * Math.max(1, fit.steps());
            String which = String.format(Locale.ROOT, "weighting %d/%d (%s)", k + 1, ws.size(), ws.get(k).label());
            progress.update(base, total, which);
            Sweep.Row r = Sweep.run(ad, catalog, optimizers, fit, ws.get(k), cp -> {
                progress.update(base + cp.step(), total, String.format(Locale.ROOT, "%s: loss %.6g", which, cp.loss().get(cp.loss().size() - 1)));
                Checkpoint.writeIfCancelled(progress, which + ", step " + cp.step() + " of " + fit.steps(), () -> save(dir, method, p, rows));
            });
            done(style, fit, ws, method, p, dir, rows, r);
        }
    }

    /**
     * The weightings not yet done as work items on {@code distributed}, in batches of as many as its members run at once (progress
     * per weighting done), checkpointed after each batch; a cancelled batch's finished weightings are lost.
     */
    private static void distributed(FittableStyle style, Distributed distributed, WorkTally tally, Fit fit, List<Sweep.Weighting> ws, Method method, Params p, Progress progress,
                                    RunDirectory dir, List<Sweep.Row> rows) throws IOException {
        int batch = (int) Math.max(1, distributed.view().members().stream().mapToLong(ClusterView.Member::cores).sum());
        while (rows.size() < ws.size()) {
            int from = rows.size();
            int to = Math.min(ws.size(), from + batch);
            List<WorkItem> items = new ArrayList<>();
            for (int k = from; k < to; k++) items.add(WeightingWork.item(fit, ws.get(k), k));
            progress.update(from, ws.size(), String.format(Locale.ROOT, "weightings %d-%d of %d", from + 1, to, ws.size()));
            WorkResults r;
            try {
                r = tally.add(distributed.map(items, Placement.of(p), new Progress() {
                    @Override public void update(long done, long total, String message) {
                        progress.update(from + done, ws.size(), "weighting " + (from + done) + " of " + ws.size() + " done");
                    }

                    @Override public boolean cancelled() { return progress.cancelled(); }
                }));
            } catch (CancelledException e) {
                Checkpoint.writeIfCancelled(progress, "weighting " + (from + 1) + " of " + ws.size(), () -> save(dir, method, p, rows));
                throw e;
            }
            for (int k = from; k < to; k++) done(style, fit, ws, method, p, dir, rows, WeightingWork.row(ws.get(k), r.values().get(k - from)));
        }
    }

    /** Adds weighting {@code rows.size()}'s row, writes its fitted file and the checkpoint. */
    private static void done(FittableStyle style, Fit fit, List<Sweep.Weighting> ws, Method method, Params p, RunDirectory dir, List<Sweep.Row> rows, Sweep.Row r) throws IOException {
        int k = rows.size();
        rows.add(r);
        dir.writeString(fittedName(k, fit.style()), style.write(fit.element(), r.fitted(), "fitted by Polymorph ff.fit sweep, weighting " + (k + 1) + ": "
                + ws.get(k).label() + "\nfree: " + String.join(", ", fit.free())));
        save(dir, method, p, rows);
    }

    static String fittedName(int k, String style) { return "fitted_" + (k + 1) + "." + style; }

    /** Target column names: the kind, numbered when a kind repeats (elastic1, elastic2). */
    static List<String> names(List<Target> targets) {
        Map<String, Integer> count = new LinkedHashMap<>();
        for (Target t : targets) count.merge(t.kind(), 1, Integer::sum);
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<String> out = new ArrayList<>();
        for (Target t : targets) {
            int i = seen.merge(t.kind(), 1, Integer::sum);
            out.add(count.get(t.kind()) > 1 ? t.kind() + i : t.kind());
        }
        return out;
    }

    private static Set<String> kinds(List<Target> targets) {
        Set<String> k = new LinkedHashSet<>();
        for (Target t : targets) k.add(t.kind());
        return k;
    }

    private static double weight(Fit fit, String kind, Sweep.Weighting w) {
        for (Target t : fit.targets()) if (t.kind().equals(kind)) return Sweep.weightOf(t, w);
        return Double.NaN;
    }

    static String csv(Fit fit, List<String> names, List<Sweep.Row> rows) {
        StringBuilder b = new StringBuilder("weighting");
        for (String k : kinds(fit.targets())) b.append(",w_").append(k);
        for (int t = 0; t < names.size(); t++) {
            Target tg = fit.targets().get(t);
            if (tg.values().length <= PER_VALUE_COLUMNS) {
                for (int l = 0; l < tg.values().length; l++) {
                    String lab = names.get(t) + "_" + tg.labels().get(l).replaceAll("[^A-Za-z0-9]+", "_");
                    b.append(',').append(tg.values()[l] == 0 ? lab : lab + "_err_pct");
                }
            }
            b.append(',').append(names.get(t)).append("_rms_err_pct,").append(names.get(t)).append("_rms_abs");
        }
        b.append(",loss_final,steps\n");
        for (int r = 0; r < rows.size(); r++) {
            Sweep.Row row = rows.get(r);
            b.append(r + 1);
            for (String k : kinds(fit.targets())) b.append(',').append(g(weight(fit, k, row.weighting())));
            for (int t = 0; t < names.size(); t++) {
                Target tg = fit.targets().get(t);
                double[] m = row.values()[t];
                if (tg.values().length <= PER_VALUE_COLUMNS) {
                    for (int l = 0; l < m.length; l++) {
                        double tv = tg.values()[l];
                        b.append(',').append(g(tv == 0 ? m[l] : 100 * (m[l] - tv) / Math.abs(tv)));
                    }
                }
                b.append(',').append(g(Sweep.rmsRelativePercent(tg, m))).append(',').append(g(Sweep.rmsAbsolute(tg, m)));
            }
            b.append(',').append(g(row.lossFinal())).append(',').append(row.steps()).append('\n');
        }
        return b.toString();
    }

    private static String g(double v) { return Double.isNaN(v) ? "nan" : String.format(Locale.ROOT, "%.6g", v); }

    /** Bars: RMS relative error (%) of each target with non-zero values, one bar group per weighting. */
    static byte[] chart(Fit fit, List<String> names, List<Sweep.Row> rows) {
        List<String> groups = new ArrayList<>();
        List<Integer> idx = new ArrayList<>();
        for (int t = 0; t < names.size(); t++) {
            if (!Double.isNaN(Sweep.rmsRelativePercent(fit.targets().get(t), fit.targets().get(t).values()))) {
                groups.add(names.get(t));
                idx.add(t);
            }
        }
        List<String> swept = new ArrayList<>(rows.get(0).weighting().weights().keySet());
        List<String> labels = new ArrayList<>();
        for (Sweep.Row r : rows) {
            StringBuilder l = new StringBuilder();
            for (String k : swept) l.append(l.length() == 0 ? "" : ":").append(Sweep.num(weight(fit, k, r.weighting())));
            labels.add(l.toString());
        }
        double[][] v = new double[groups.size()][rows.size()];
        for (int gi = 0; gi < groups.size(); gi++) {
            for (int r = 0; r < rows.size(); r++) {
                double e = Sweep.rmsRelativePercent(fit.targets().get(idx.get(gi)), rows.get(r).values()[idx.get(gi)]);
                v[gi][r] = Double.isNaN(e) ? 0 : e;        // not evaluable there (soft mode): no bar; tradeoff.csv says nan
            }
        }
        return Charts.bars("RMS relative error (%) per target at weightings " + String.join(":", swept), labels, groups, v);
    }

    /** The result's sweep table: per weighting, its weights, free parameters, loss and per-target values and errors. */
    static List<Object> table(FittableStyle style, Fit fit, List<String> names, List<Sweep.Row> rows) {
        List<Object> out = new ArrayList<>();
        for (Sweep.Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            Map<String, Object> w = new LinkedHashMap<>();
            for (String k : kinds(fit.targets())) w.put(k, weight(fit, k, r.weighting()));
            m.put("weights", w);
            Map<String, Object> p = new LinkedHashMap<>();
            for (String n : fit.free()) p.put(n, r.fitted()[style.index(n)]);
            m.put("free_parameters", p);
            m.put("loss_final", r.lossFinal());
            m.put("steps", r.steps());
            List<Object> ts = new ArrayList<>();
            for (int t = 0; t < names.size(); t++) {
                Target tg = fit.targets().get(t);
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("name", names.get(t));
                e.put("labels", tg.labels());
                e.put("target", list(tg.values()));
                e.put("model", list(r.values()[t]));
                e.put("rms_relative_error_pct", finite(Sweep.rmsRelativePercent(tg, r.values()[t])));
                e.put("rms_error", finite(Sweep.rmsAbsolute(tg, r.values()[t])));
                ts.add(e);
            }
            m.put("targets", ts);
            out.add(m);
        }
        return out;
    }

    private static Object finite(double v) { return Double.isFinite(v) ? v : null; }

    private static List<Object> list(double[] v) {
        List<Object> l = new ArrayList<>();
        for (double d : v) l.add(finite(d));
        return l;
    }

    /** The weightings done and the step count they ran (which, unlike a single fit's, may not change on resume). */
    private static void save(RunDirectory dir, Method method, Params p, List<Sweep.Row> rows) {
        List<Object> done = new ArrayList<>();
        for (Sweep.Row r : rows) done.add(Map.of("fitted", list(r.fitted()), "loss", r.lossFinal(), "steps", r.steps()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sweep_steps", p.getInt("steps"));
        m.put("done", done);
        FitMethod.write(dir, method, p, m);
    }

    @SuppressWarnings("unchecked")
    private static List<Sweep.Row> load(AD ad, PotentialCatalog catalog, Fit fit, List<Sweep.Weighting> ws, Map<String, Object> m) {
        if (!(m.get("sweep_steps") instanceof Number n) || n.intValue() != fit.steps()) {
            throw BadInputException.forParam("steps", fit.steps(), "the earlier sweep ran " + m.get("sweep_steps") + " steps per weighting",
                    "resume the sweep with steps=" + m.get("sweep_steps") + ", or start a new run in another folder");
        }
        List<Sweep.Row> rows = new ArrayList<>();
        List<Object> done = (List<Object>) m.get("done");
        for (int k = 0; k < done.size() && k < ws.size(); k++) {
            Map<String, Object> d = (Map<String, Object>) done.get(k);
            double[] fitted = Json.doubles(d.get("fitted"));
            rows.add(Sweep.evaluate(ad, catalog, fit, ws.get(k), fitted, ((Number) d.get("loss")).doubleValue(), ((Number) d.get("steps")).intValue()));
        }
        return rows;
    }
}
