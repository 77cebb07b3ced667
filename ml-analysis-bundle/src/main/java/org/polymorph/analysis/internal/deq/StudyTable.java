package org.polymorph.analysis.internal.deq;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.report.Plot;

/**
 * The study's table: per (family, σ), over its seeds, the fraction whose training stayed stable, the mean test accuracy
 * of the runs that finished (NaN when none did), the mean final loss and forward iterations. Writes
 * {@value #CSV} (one row per cell), {@value #RUNS_CSV} (one row per seed) and {@value #PNG}.
 */
final class StudyTable {
    static final String CSV = "init_study.csv";
    static final String RUNS_CSV = "runs.csv";
    static final String PNG = "init_study.png";

    /** One (family, σ) cell. */
    record Row(String family, double sigma, int seeds, double stableFraction, double accuracy, int accuracyRuns,
               double finalLoss, double iterations) {
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("family", family);
            m.put("sigma", sigma);
            m.put("seeds", seeds);
            m.put("stable_fraction", stableFraction);
            StudyRun.putFinite(m, "test_accuracy_mean", accuracy);
            m.put("accuracy_runs", accuracyRuns);
            StudyRun.putFinite(m, "final_loss_mean", finalLoss);
            StudyRun.putFinite(m, "forward_iterations_mean", iterations);
            return m;
        }
    }

    private StudyTable() { }

    /** Rows in the order families × σ, over the runs present (cells without runs are left out). */
    static List<Row> rows(List<String> families, List<Double> sigmas, List<StudyRun> runs) {
        List<Row> rows = new ArrayList<>();
        for (String f : families) {
            for (double s : sigmas) {
                int n = 0, stable = 0, accN = 0, lossN = 0, itN = 0;
                double acc = 0, loss = 0, it = 0;
                for (StudyRun r : runs) {
                    if (!r.family().equals(f) || Double.compare(r.sigma(), s) != 0) continue;
                    n++;
                    if (r.stable()) stable++;
                    if (Double.isFinite(r.testAccuracy())) { acc += r.testAccuracy(); accN++; }
                    if (Double.isFinite(r.finalLoss())) { loss += r.finalLoss(); lossN++; }
                    if (Double.isFinite(r.meanIterations())) { it += r.meanIterations(); itN++; }
                }
                if (n == 0) continue;
                rows.add(new Row(f, s, n, (double) stable / n, accN == 0 ? Double.NaN : acc / accN, accN,
                        lossN == 0 ? Double.NaN : loss / lossN, itN == 0 ? Double.NaN : it / itN));
            }
        }
        return rows;
    }

    /** Per family, the largest σ at which every seed trained stably (absent when none did). */
    static Map<String, Double> maxStableSigma(List<Row> rows) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Row r : rows) if (r.stableFraction() == 1.0) m.merge(r.family(), r.sigma(), Math::max);
        return m;
    }

    static void write(RunDirectory dir, List<Row> rows, List<StudyRun> runs) throws IOException {
        if (dir == null) return;
        StringBuilder csv = new StringBuilder("family,sigma,seeds,stable_fraction,test_accuracy_mean,accuracy_runs,final_loss_mean,forward_iterations_mean\n");
        for (Row r : rows) {
            csv.append(r.family()).append(',').append(r.sigma()).append(',').append(r.seeds()).append(',').append(r.stableFraction())
                    .append(',').append(num(r.accuracy())).append(',').append(r.accuracyRuns()).append(',').append(num(r.finalLoss()))
                    .append(',').append(num(r.iterations())).append('\n');
        }
        dir.writeString(CSV, csv.toString());
        StringBuilder rc = new StringBuilder("family,sigma,seed,stable,steps_done,initial_loss,final_loss,test_accuracy,"
                + "forward_iterations_mean,forward_residual_max,outcome\n");
        for (StudyRun r : runs) {
            rc.append(r.family()).append(',').append(r.sigma()).append(',').append(r.seed()).append(',').append(r.stable()).append(',')
                    .append(r.stepsDone()).append(',').append(num(r.initialLoss())).append(',').append(num(r.finalLoss())).append(',')
                    .append(num(r.testAccuracy())).append(',').append(num(r.meanIterations())).append(',').append(num(r.maxResidual()))
                    .append(",\"").append(r.outcome().replace("\"", "'")).append("\"\n");
        }
        dir.writeString(RUNS_CSV, rc.toString());
        dir.writeBytes(PNG, Plot.png(panels(rows)));
    }

    private static List<Plot.Panel> panels(List<Row> rows) {
        Plot.Panel stable = new Plot.Panel("fraction of seeds whose training stays stable", "weight scale sigma", "fraction").yRange(0, 1);
        Plot.Panel acc = new Plot.Panel("test accuracy after training (runs that finished)", "weight scale sigma", "fraction correct").yRange(0, 1);
        Map<String, List<Row>> byFamily = new LinkedHashMap<>();
        for (Row r : rows) byFamily.computeIfAbsent(r.family(), k -> new ArrayList<>()).add(r);
        for (Map.Entry<String, List<Row>> e : byFamily.entrySet()) {
            List<Row> rs = e.getValue();
            double[] s = new double[rs.size()], fr = new double[rs.size()];
            List<double[]> pts = new ArrayList<>();
            for (int i = 0; i < rs.size(); i++) {
                s[i] = rs.get(i).sigma();
                fr[i] = rs.get(i).stableFraction();
                if (Double.isFinite(rs.get(i).accuracy())) pts.add(new double[] {rs.get(i).sigma(), rs.get(i).accuracy()});
            }
            stable.linePoints(e.getKey(), s, fr);
            if (!pts.isEmpty()) {
                double[] ax = new double[pts.size()], ay = new double[pts.size()];
                for (int i = 0; i < ax.length; i++) { ax[i] = pts.get(i)[0]; ay[i] = pts.get(i)[1]; }
                acc.linePoints(e.getKey(), ax, ay);
            }
        }
        return List.of(stable, acc);
    }

    private static String num(double v) { return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : ""; }
}
