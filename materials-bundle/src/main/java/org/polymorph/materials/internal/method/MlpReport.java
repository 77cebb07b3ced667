package org.polymorph.materials.internal.method;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.polymorph.core.report.Plot;
import org.polymorph.core.method.RunDirectory;

/**
 * The files of an {@code ff.mlp} run: {@code train_loss.csv} (step, loss in the mixed units of ForceMatching),
 * {@code finetune_loss.csv} (round, g(r) loss Å, optimizer steps, effective sample fraction), {@code loss.png} (log10 of both),
 * {@code rdf.csv} (r Å, then reference / energy-force / fine-tuned g at each temperature) and {@code rdf.png} (one panel per
 * temperature: the three g(r) overlaid).
 */
final class MlpReport {
    private MlpReport() { }

    static void write(RunDirectory dir, double[] r, List<Double> temps, MlpCheckpoint cp, String reference) throws IOException {
        List<double[]> rows = new ArrayList<>();
        for (int k = 0; k < cp.trainLoss.size(); k++) rows.add(new double[] {k + 1, cp.trainLoss.get(k)});
        Outputs.csv(dir, "train_loss.csv", "step,loss", rows);
        rows = new ArrayList<>();
        for (int k = 0; k < cp.rounds.size(); k++) rows.add(new double[] {k + 1, cp.rounds.get(k)[0], cp.rounds.get(k)[1], cp.rounds.get(k)[2]});
        Outputs.csv(dir, "finetune_loss.csv", "round,loss_A,steps,ess_fraction", rows);
        List<Plot.Panel> loss = new ArrayList<>();
        loss.add(new Plot.Panel("energy/force training", "optimizer step", "log10 loss").add("loss", steps(cp.trainLoss.size()),
                log10(cp.trainLoss.stream().mapToDouble(Double::doubleValue).toArray())));
        loss.add(new Plot.Panel("g(r) fine-tuning (DiffTRe)", "round", "log10(loss / Å)").linePoints("loss at the round's first step", steps(cp.rounds.size()),
                log10(cp.rounds.stream().mapToDouble(x -> x[0]).toArray())));
        dir.writeBytes("loss.png", Plot.png(loss));

        StringBuilder header = new StringBuilder("r_A");
        List<Plot.Panel> panels = new ArrayList<>();
        for (int j = 0; j < temps.size(); j++) {
            String t = String.format(Locale.ROOT, "%.0fK", temps.get(j));
            header.append(",ref_").append(t).append(",energy_force_").append(t).append(",finetuned_").append(t);
            panels.add(new Plot.Panel(String.format(Locale.ROOT, "g(r) at %.0f K (%s)", temps.get(j), j == 0 ? "fine-tune temperature" : "unseen"), "r (Å)", "g(r)")
                    .add(reference + " (reference)", r, cp.curves.get("ref@" + j)).add("energy/force model", r, cp.curves.get("ef@" + j))
                    .add("fine-tuned on g(r)", r, cp.curves.get("ft@" + j)));
        }
        rows = new ArrayList<>();
        for (int k = 0; k < r.length; k++) {
            double[] row = new double[1 + 3 * temps.size()];
            row[0] = r[k];
            for (int j = 0; j < temps.size(); j++) {
                row[1 + 3 * j] = cp.curves.get("ref@" + j)[k];
                row[2 + 3 * j] = cp.curves.get("ef@" + j)[k];
                row[3 + 3 * j] = cp.curves.get("ft@" + j)[k];
            }
            rows.add(row);
        }
        Outputs.csv(dir, "rdf.csv", header.toString(), rows);
        dir.writeBytes("rdf.png", Plot.png(panels));
    }

    private static double[] steps(int n) {
        double[] x = new double[n];
        for (int k = 0; k < n; k++) x[k] = k + 1;
        return x;
    }

    private static double[] log10(double[] v) {
        double[] out = new double[v.length];
        for (int k = 0; k < v.length; k++) out[k] = v[k] > 0 ? Math.log10(v[k]) : Double.NaN;
        return out;
    }
}
