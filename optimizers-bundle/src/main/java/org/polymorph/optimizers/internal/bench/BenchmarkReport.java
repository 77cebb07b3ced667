package org.polymorph.optimizers.internal.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.report.Plot;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * The files and result of a {@code lopt.benchmark} run: speedup.csv (one row per task and optimizer), curves.csv
 * (seed-mean loss per step of every run shown), tuning.csv (final loss of every grid point) and curves.png (one panel
 * per task, loss against step, tuned Adam over its longer horizon).
 */
final class BenchmarkReport {
    private final int steps;
    private final StringBuilder speedup = new StringBuilder("task,optimizer,lr,final_loss,adam_lr,adam_steps_to_target,speedup,censored\n");
    private final StringBuilder curves = new StringBuilder("task,optimizer,lr,step,loss\n");
    private final StringBuilder tuning = new StringBuilder("task,optimizer,lr,final_loss\n");
    private final List<Plot.Panel> panels = new ArrayList<>();
    private final Map<String, Map<String, Double>> speedups = new LinkedHashMap<>();

    /** Where the runs ran ({@link org.polymorph.core.distributed.WorkTally#facts}); null: on the run's thread. */
    private Map<String, Object> distributed;

    BenchmarkReport(int steps) { this.steps = steps; }

    /** Records result.json's {@code distributed} facts. */
    void distributed(Map<String, Object> facts) { this.distributed = facts; }

    void tuning(OptimizationTask task, LrTuning.Tuned tuned) {
        for (LrTuning.Run r : tuned.grid()) tuning.append(row(task.name(), r.optimizer(), num(r.lr()), num(r.finalLoss())));
    }

    /** The runs of one task at N = steps and tuned Adam's longer run; speedups of every run but Adam's. */
    void task(OptimizationTask task, List<LrTuning.Run> runs, LrTuning.Run adam) {
        Plot.Panel panel = new Plot.Panel(task.name(), "step", "training loss (seed mean)");
        boolean positive = true;
        Map<String, Double> perOptimizer = new LinkedHashMap<>();
        for (LrTuning.Run r : runs) {
            if (!r.optimizer().equals("adam")) {
                Speedup s = Speedup.of(r.curve(), adam.curve());
                perOptimizer.put(r.optimizer(), s.speedup());
                speedup.append(row(task.name(), r.optimizer(), num(r.lr()), num(r.finalLoss()), num(adam.lr()),
                        String.valueOf(s.adamSteps()), num(s.speedup()), String.valueOf(s.censored())));
            }
            LrTuning.Run shown = r.optimizer().equals("adam") ? adam : r;
            positive &= add(panel, task, shown);
        }
        speedups.put(task.name(), perOptimizer);
        panels.add(positive ? panel.logY() : panel);
    }

    Result write(RunDirectory dir) throws IOException {
        Result.Builder r = Result.builder().put("steps", steps).put("speedup", speedups);
        Map<String, int[]> wins = new LinkedHashMap<>();
        for (Map<String, Double> m : speedups.values()) {
            m.forEach((o, s) -> {
                int[] w = wins.computeIfAbsent(o, k -> new int[2]);
                w[0] += s > 1 ? 1 : 0;
                w[1]++;
            });
        }
        Map<String, String> faster = new LinkedHashMap<>();
        wins.forEach((o, w) -> faster.put(o, w[0] + "/" + w[1]));
        r.put("tasks_faster_than_tuned_adam", faster);
        if (distributed != null) r.put(org.polymorph.core.distributed.Placement.PARAM, distributed);
        for (Map.Entry<String, Map<String, Double>> e : speedups.entrySet()) {
            StringBuilder line = new StringBuilder(e.getKey() + ":");
            e.getValue().forEach((o, s) -> line.append(String.format(Locale.ROOT, " %s %.3g", o, s)));
            r.summary(line.toString());
        }
        r.summary("speedup over tuned Adam > 1 on (tasks): " + faster);
        if (dir != null) {
            dir.writeString("speedup.csv", speedup.toString());
            dir.writeString("curves.csv", curves.toString());
            dir.writeString("tuning.csv", tuning.toString());
            if (!panels.isEmpty()) dir.writeBytes("curves.png", Plot.png(panels));
            r.summary("speedup.csv, curves.csv, tuning.csv and curves.png in " + dir.path());
        }
        return r.build();
    }

    /** Adds the curve to the panel and curves.csv; whether all its losses are > 0 (a log axis shows them). */
    private boolean add(Plot.Panel panel, OptimizationTask task, LrTuning.Run r) {
        double[] x = new double[r.curve().length];
        boolean positive = true;
        for (int k = 0; k < x.length; k++) {
            x[k] = k;
            positive &= r.curve()[k] > 0;
            curves.append(row(task.name(), r.optimizer(), num(r.lr()), String.valueOf(k), num(r.curve()[k])));
        }
        panel.add(Double.isNaN(r.lr()) ? r.optimizer() : String.format(Locale.ROOT, "%s lr %.2g", r.optimizer(), r.lr()), x, r.curve());
        return positive;
    }

    private static String num(double v) { return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.9g", v); }

    private static String row(String... cells) { return String.join(",", cells) + "\n"; }
}
