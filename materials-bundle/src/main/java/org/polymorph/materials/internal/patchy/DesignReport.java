package org.polymorph.materials.internal.patchy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.polymorph.autodiff.AD;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.report.Plot;
import org.polymorph.materials.internal.method.Outputs;

/**
 * patchy.design's per-step report of its gradient ascent: ascent.csv (one row per accepted step: step, the evaluation
 * it took in history_gradient.csv, yield, θ), yield_vs_step.png, and snapshots of the target cluster relaxed at
 * chosen steps: snapshot_stepNNNN.extxyz (bodies with orientations, {@link ExtXyz}; the cell around the cluster is not
 * periodic) and, in 2D, snapshot_stepNNNN.png ({@link Render2d}).
 */
final class DesignReport {
    /** The snapshot files written and, per snapshot, its step, yield and θ (or why none could be taken). */
    record Snapshots(List<String> files, List<Map<String, Object>> steps) { }

    private DesignReport() { }

    /** ascent.csv and yield_vs_step.png of {@code a}'s accepted steps; the names of the files written. */
    static List<String> ascent(RunDirectory dir, DesignObjective objective, DesignSearch.Ascent a) throws IOException {
        List<double[]> rows = new ArrayList<>();
        double[] step = new double[a.accepted().size()], yield = new double[step.length];
        for (int k = 0; k < step.length; k++) {
            int index = a.accepted().get(k);
            DesignObjective.Sample s = a.samples().get(index);
            double[] row = new double[3 + s.theta().length];
            row[0] = k;
            row[1] = index + 1;
            row[2] = s.yield();
            System.arraycopy(s.theta(), 0, row, 3, s.theta().length);
            rows.add(row);
            step[k] = k;
            yield[k] = s.yield();
        }
        Outputs.csv(dir, "ascent.csv", "step,evaluation,yield," + String.join(",", objective.names()), rows);
        Plot.Panel panel = new Plot.Panel("target yield along the gradient ascent", "gradient step", "yield").linePoints("gradient", step, yield);
        dir.writeBytes("yield_vs_step.png", Plot.png(List.of(panel.yRange(0, 1))));
        return List.of("ascent.csv", "yield_vs_step.png");
    }

    /**
     * Snapshots of the target cluster at step 0, every {@code every} steps (0: none between), the last step and the step
     * of the best yield; the objective relaxes the cluster again at each (these minimisations are not counted as
     * yield evaluations).
     */
    static Snapshots snapshots(RunDirectory dir, AD ad, DesignObjective objective, String target, DesignSearch.Ascent a, int every)
            throws IOException {
        TreeSet<Integer> at = new TreeSet<>(List.of(0, a.step(), bestStep(a)));
        for (int k = every; every > 0 && k < a.step(); k += every) at.add(k);
        List<String> files = new ArrayList<>();
        List<Map<String, Object>> steps = new ArrayList<>();
        for (int k : at) {
            DesignObjective.Sample s = a.samples().get(a.accepted().get(k));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("step", k);
            m.put("yield", s.yield());
            m.put("parameters", s.theta());
            DesignObjective.Cluster c = objective.target(ad, s.theta());
            if (c == null) {
                m.put("unavailable", "the target has no relaxed minimum at these parameters");
                steps.add(m);
                continue;
            }
            String name = String.format(Locale.ROOT, "snapshot_step%04d", k);
            StringBuilder info = new StringBuilder(String.format(Locale.ROOT, "target=%s gradient_step=%d yield=%s", target, k, s.yield()));
            for (int i = 0; i < s.theta().length; i++) info.append(' ').append(objective.names().get(i)).append('=').append(s.theta()[i]);
            dir.writeString(name + ".extxyz", ExtXyz.bodies(c.bodies(), c.model(), false, info.toString()));
            List<String> written = new ArrayList<>(List.of(name + ".extxyz"));
            if (c.model().dimension() == 2) {
                dir.writeBytes(name + ".png", Render2d.png(c.bodies(), c.model(), c.patches(), DesignObjective.CORE_SIGMA, String.format(Locale.ROOT,
                        "%s relaxed at gradient step %d: yield %.4f (%s)", target, k, s.yield(), describe(objective, s.theta()))));
                written.add(name + ".png");
            }
            m.put("files", written);
            files.addAll(written);
            steps.add(m);
        }
        return new Snapshots(files, steps);
    }

    /** The accepted step of the ascent's highest yield (the first of equals). */
    static int bestStep(DesignSearch.Ascent a) {
        int best = 0;
        for (int k = 1; k < a.accepted().size(); k++) {
            if (a.samples().get(a.accepted().get(k)).yield() > a.samples().get(a.accepted().get(best)).yield()) best = k;
        }
        return best;
    }

    /** θ as "name value, ..." with 3 decimals. */
    static String describe(DesignObjective o, double[] theta) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < theta.length; i++) sb.append(i == 0 ? "" : ", ").append(o.names().get(i)).append(String.format(Locale.ROOT, " %.3f", theta[i]));
        return sb.toString();
    }
}
