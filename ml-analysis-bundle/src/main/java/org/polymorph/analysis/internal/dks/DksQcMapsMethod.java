package org.polymorph.analysis.internal.dks;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.analysis.dks.Activation;
import org.polymorph.analysis.dks.ActivationTransform;
import org.polymorph.analysis.dks.Dks;
import org.polymorph.analysis.dks.TransformSolver;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.report.Plot;

/**
 * dks.qc_maps: Q map Q(q) and its slope on q ∈ [0, q_max], and the local C map C(c), C′(c) (and C″(c) for smooth
 * activations) on c ∈ [−1, 1] at q = 1, for the raw activation φ and for its DKS/TAT transform φ̂. Writes
 * qmap.csv, cmap.csv and qc_maps.png; the result holds the transform and the maps' values at the DKS anchors.
 */
public final class DksQcMapsMethod implements Method {
    @Override public String id() { return "dks.qc_maps"; }

    @Override public String description() {
        return "Q and C maps (raw and DKS/TAT-transformed) of an activation: qmap.csv, cmap.csv, qc_maps.png";
    }

    @Override public List<ParamSpec> params() {
        List<ParamSpec> ps = new ArrayList<>(DksSetup.params("tanh"));
        ps.add(ParamSpec.integer("points", 41, "", 3, 2001, "grid points for q and for c"));
        ps.add(ParamSpec.real("q_max", 4.0, "squared length per unit", 0.01, 100, "largest q of the Q-map table"));
        return List.copyOf(ps);
    }

    @Override
    public Result run(Params p, Progress progress, RunDirectory dir) throws Exception {
        TransformSolver.Solution s = DksSetup.solve(p);
        ActivationTransform hat = s.transform();
        ActivationTransform raw = ActivationTransform.identity(hat.activation());
        boolean curvature = !raw.activation().kinkAtZero() || raw.activation() == Activation.ELU;
        int n = p.getInt("points");
        double qMax = p.getDouble("q_max");
        List<double[]> qRows = new ArrayList<>();
        double[] qs = new double[n], qRaw = new double[n], qHat = new double[n];
        for (int i = 0; i < n; i++) {
            double q = qMax * i / (n - 1);
            qs[i] = q;
            qRaw[i] = Dks.qMap(raw, q);
            qHat[i] = Dks.qMap(hat, q);
            double slopeQ = Math.max(q, 1e-6);
            qRows.add(new double[] {q, qRaw[i], qHat[i], Dks.qMapSlope(raw, slopeQ), Dks.qMapSlope(hat, slopeQ)});
        }
        DksSetup.csv(dir, "qmap.csv", "q,Q_raw,Q_transformed,dQdq_raw,dQdq_transformed", qRows);
        List<double[]> cRows = new ArrayList<>();
        double[] cs = new double[n], cRaw = new double[n], cHat = new double[n], dRaw = new double[n], dHat = new double[n];
        for (int i = 0; i < n; i++) {
            progress.update(i, n, "C map at c = " + DksSetup.fmt(-1.0 + 2.0 * i / (n - 1)));
            progress.checkCancelled("C map point " + i + " of " + n);
            double c = -1.0 + 2.0 * i / (n - 1);
            cs[i] = c;
            cRaw[i] = Dks.cMap(raw, c);
            cHat[i] = Dks.cMap(hat, c);
            dRaw[i] = Dks.cMapSlope(raw, c);
            dHat[i] = Dks.cMapSlope(hat, c);
            cRows.add(curvature
                    ? new double[] {c, cRaw[i], cHat[i], dRaw[i], dHat[i], Dks.cMapCurvature(raw, c), Dks.cMapCurvature(hat, c)}
                    : new double[] {c, cRaw[i], cHat[i], dRaw[i], dHat[i]});
        }
        DksSetup.csv(dir, "cmap.csv", "c,C_raw,C_transformed,dCdc_raw,dCdc_transformed"
                + (curvature ? ",d2Cdc2_raw,d2Cdc2_transformed" : ""), cRows);
        String name = raw.activation().id(), how = p.getString("method").toUpperCase(java.util.Locale.ROOT);
        dir.writeBytes("qc_maps.png", Plot.png(List.of(
                new Plot.Panel("Q map of " + name, "q (input)", "Q(q) (output)")
                        .add("raw", qs, qRaw).add(how, qs, qHat).add("identity", qs, qs),
                new Plot.Panel("local C map of " + name + " at q = 1", "c (input)", "C(c) (output)")
                        .add("raw", cs, cRaw).add(how, cs, cHat).add("identity", cs, cs),
                new Plot.Panel("C-map slope", "c", "C'(c)").add("raw", cs, dRaw).add(how, cs, dHat))));
        return Result.builder().put("activation", name).put("method", p.getString("method"))
                .put("input_scale", hat.inputScale()).put("input_shift", hat.inputShift())
                .put("output_shift", hat.outputShift()).put("output_scale", hat.outputScale())
                .put("raw", maps(raw)).put("transformed", maps(hat))
                .put("files", List.of("qmap.csv", "cmap.csv", "qc_maps.png"))
                .summary(name + " " + how + ": C'(1) raw " + DksSetup.fmt(Dks.cMapSlope(raw, 1.0)) + " -> transformed "
                        + DksSetup.fmt(Dks.cMapSlope(hat, 1.0)) + "; C(0) raw " + DksSetup.fmt(Dks.cMap(raw, 0.0))
                        + " -> " + DksSetup.fmt(Dks.cMap(hat, 0.0)))
                .build();
    }

    private static java.util.Map<String, Object> maps(ActivationTransform t) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("q_1", Dks.qMap(t, 1.0));
        m.put("q_slope_1", Dks.qMapSlope(t, 1.0));
        m.put("c_0", Dks.cMap(t, 0.0));
        m.put("c_slope_1", Dks.cMapSlope(t, 1.0));
        return m;
    }
}
