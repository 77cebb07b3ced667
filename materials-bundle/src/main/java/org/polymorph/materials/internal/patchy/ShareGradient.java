package org.polymorph.materials.internal.patchy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.materials.patchy.Configuration;
import org.polymorph.materials.patchy.PatchyModel;

/**
 * patchy.simulate's gradient of the mean target share with respect to the model's parameters by canonical reweighting
 * ({@link ReweightedGradient} over {@link EnergySlopes}), one sample per cluster analysis. The parameters, named as the
 * Method's: for the one-patch dimer depth (ε), range (α), core_eps and patch_radius (the patch moved along its axis);
 * for other models eps_a_b and alpha_a_b per species pair a ≤ b and core_eps.
 */
final class ShareGradient {
    private final EnergySlopes slopes;
    private final SimulateMethod.Values values;
    private final boolean dimer;
    private final double beta;
    private final List<String> names = new ArrayList<>();
    private final List<Double> at = new ArrayList<>();
    private final ReweightedGradient samples = new ReweightedGradient();

    /** For {@code model} with parameter values {@code v}; {@code dimer}: the one-patch dimer's names; kT in energy units. */
    ShareGradient(PatchyModel model, SimulateMethod.Values v, boolean dimer, double kT) {
        this.slopes = new EnergySlopes(model, v.patches(), v.epsMatrix(), v.alphaMatrix(), v.r0(), v.coreEps(), v.coreSigma(), v.coreAlpha());
        this.values = v;
        this.dimer = dimer;
        this.beta = 1 / kT;
        int s = v.species();
        if (dimer) {
            names.addAll(List.of("depth", "range", "core_eps", "patch_radius"));
            at.addAll(List.of(v.eps()[0], v.alpha()[0], v.coreEps(), radius()));
        } else {
            for (int a = 0; a < s; a++) {
                for (int b = a; b < s; b++) {
                    names.add("eps_" + a + "_" + b);
                    at.add(v.eps()[a * s + b]);
                }
            }
            for (int a = 0; a < s; a++) {
                for (int b = a; b < s; b++) {
                    names.add("alpha_" + a + "_" + b);
                    at.add(v.alpha()[a * s + b]);
                }
            }
            names.add("core_eps");
            at.add(v.coreEps());
        }
    }

    /** One sample: the configuration and its target share. */
    void sample(Configuration c, double share) { samples.add(new double[] {share}, chain(slopes.of(c))); }

    /** ∂U/∂(named parameter) [names] from the raw slopes. */
    private double[] chain(EnergySlopes.Slopes s) {
        int sp = values.species();
        double[] g = new double[names.size()];
        if (dimer) {
            // the patch sits at R·ê: dp/dR = p/R
            double dr = 0, r = radius();
            for (int a = 0; a < s.patches()[0].length; a++) dr += s.patches()[0][a] * values.patches()[0][a] / r;
            return new double[] {s.eps()[0][0], s.alpha()[0][0], s.coreEps(), dr};
        }
        int k = 0;
        for (int a = 0; a < sp; a++) for (int b = a; b < sp; b++) g[k++] = s.eps()[a][b];
        for (int a = 0; a < sp; a++) for (int b = a; b < sp; b++) g[k++] = s.alpha()[a][b];
        g[k] = s.coreEps();
        return g;
    }

    private double radius() {
        double r2 = 0;
        for (double x : values.patches()[0]) r2 += x * x;
        return Math.sqrt(r2);
    }

    /**
     * gradients.csv (parameter index, value, d⟨share⟩/dθ, its block error) over the samples from {@code from} in
     * {@code blocks} blocks; returns name → {value, d_share, error} for result.json.
     */
    Map<String, Object> write(RunDirectory dir, int from, int blocks) throws IOException {
        ReweightedGradient.Estimate e = samples.estimate(from, blocks, beta);
        Map<String, Object> out = new LinkedHashMap<>();
        StringBuilder csv = new StringBuilder("parameter,value,d_share,error\n");
        for (int p = 0; p < names.size(); p++) {
            out.put(names.get(p), Map.of("value", at.get(p), "d_share", e.gradient()[0][p], "error", e.gradientError()[0][p]));
            csv.append(names.get(p)).append(',').append(at.get(p)).append(',').append(e.gradient()[0][p]).append(',')
                    .append(e.gradientError()[0][p]).append('\n');
        }
        dir.writeString("gradients.csv", csv.toString());
        return out;
    }
}
