package org.polymorph.analysis.internal.dks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.polymorph.analysis.dks.ActivationTransform;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.report.Plot;

/** curves.csv, curves.png and the result of dks.train_deep from its history rows. */
final class DeepCurves {
    private DeepCurves() { }

    static void write(RunDirectory dir, List<String> variants, List<TrainDeepMethod.Row> history) throws IOException {
        StringBuilder csv = new StringBuilder("variant,step,loss,train_acc,test_acc\n");
        for (TrainDeepMethod.Row r : history) {
            csv.append(variants.get(r.variant())).append(',').append(r.step()).append(',').append(r.loss()).append(',')
                    .append(Double.isNaN(r.trainAcc()) ? "" : Double.toString(r.trainAcc())).append(',')
                    .append(Double.isNaN(r.testAcc()) ? "" : Double.toString(r.testAcc())).append('\n');
        }
        dir.writeString("curves.csv", csv.toString());
        Plot.Panel loss = new Plot.Panel("minibatch loss (softmax cross-entropy)", "SGD step", "loss");
        Plot.Panel train = new Plot.Panel("train accuracy", "SGD step", "fraction correct").yRange(0, 1);
        Plot.Panel test = new Plot.Panel("test accuracy", "SGD step", "fraction correct").yRange(0, 1);
        for (int v = 0; v < variants.size(); v++) {
            List<double[]> l = new ArrayList<>(), a = new ArrayList<>();
            for (TrainDeepMethod.Row r : history) {
                if (r.variant() != v || !Double.isFinite(r.loss())) continue;
                l.add(new double[] {r.step(), r.loss()});
                if (!Double.isNaN(r.testAcc())) a.add(new double[] {r.step(), r.trainAcc(), r.testAcc()});
            }
            if (l.isEmpty()) continue;
            loss.add(variants.get(v), column(l, 0), column(l, 1));
            if (!a.isEmpty()) {
                train.linePoints(variants.get(v), column(a, 0), column(a, 1));
                test.linePoints(variants.get(v), column(a, 0), column(a, 2));
            }
        }
        dir.writeBytes("curves.png", Plot.png(List.of(loss, train, test)));
    }

    static Result result(List<String> variants, Map<String, ActivationTransform> phis, List<TrainDeepMethod.Row> history,
                         Params p, TrainData data) {
        Result.Builder r = Result.builder().put("dataset", p.getString("dataset")).put("activation", p.getString("activation"))
                .put("depth", p.getInt("depth")).put("width", p.getInt("width")).put("shallow_depth", p.getInt("shallow_depth"))
                .put("steps", p.getInt("steps")).put("lr", p.getDouble("lr")).put("train_examples", data.trainSize())
                .put("test_examples", data.testSize()).put("init", "orthogonal (Haar), zero biases");
        Map<String, Object> per = new LinkedHashMap<>();
        for (int v = 0; v < variants.size(); v++) {
            String name = variants.get(v);
            TrainDeepMethod.Row last = null, lastEval = null;
            for (TrainDeepMethod.Row row : history) {
                if (row.variant() != v) continue;
                last = row;
                if (!Double.isNaN(row.testAcc())) lastEval = row;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            ActivationTransform t = phis.get(name);
            m.put("input_scale", t.inputScale());
            m.put("input_shift", t.inputShift());
            m.put("output_shift", t.outputShift());
            m.put("output_scale", t.outputScale());
            boolean diverged = last != null && !Double.isFinite(last.loss());
            m.put("diverged", diverged);
            if (last != null) m.put("steps_done", last.step());
            if (last != null && !diverged) m.put("final_loss", last.loss());
            if (lastEval != null) {
                m.put("train_accuracy", lastEval.trainAcc());
                m.put("test_accuracy", lastEval.testAcc());
                r.summary(String.format(Locale.ROOT, "%-13s %s step %d: loss %.4f, train acc %.4f, test acc %.4f", name,
                        diverged ? "(diverged)" : "", lastEval.step(), last.loss(), lastEval.trainAcc(), lastEval.testAcc()));
            }
            per.put(name, m);
        }
        return r.put("variants", per).put("files", List.of("curves.csv", "curves.png", "checkpoint.bin")).build();
    }

    private static double[] column(List<double[]> rows, int c) {
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) out[i] = rows.get(i)[c];
        return out;
    }
}
