package org.polymorph.materials.forcefield;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.AD;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.Oracles;

/**
 * Demonstration (e): SW fitted to several targets at once — relaxed-ion C11/C12/C44 (165.7/63.9/79.6 GPa),
 * zero pressure at 5.431 Å and the Si neutron phonon frequencies of {@link PhononFitTest} — for
 * elastic:phonon weights 1:0, 1:1, 1:3, 0:1. The trade-off table (largest |C error| %, per-constant
 * errors, phonon RMS THz) is written to target/ff-tradeoff.csv. More phonon weight must give a lower
 * phonon RMS and a larger elastic error (monotone, up to 1e-3 relative slack for an unconverged fit).
 * Both measures are taken on the written fitted file. Measured (free ε, λ, γ, B; 8-16 L-BFGS steps each):
 * max |C error| 6.1 / 17.9 / 32.0 / 59.0 %, phonon RMS 2.42 / 1.83 / 1.20 / 0.77 THz (start: C errors
 * −8.6/+19.6/−29.1 %, RMS 1.59 THz). Elastic-only stops at 175.7/63.1/75.2 GPa, as SiliconFitTest's SW fit
 * does with A, B, λ free (the same optimum with A, B, λ or A, B, λ, γ free).
 */
class TradeOffTest {
    static final double[][] WEIGHTS = {{1, 0}, {1, 1}, {1, 3}, {0, 1}};

    @Test
    void morePhononWeightLowersThePhononErrorAndRaisesTheElasticError(@TempDir Path tmp) throws Exception {
        AD ad = AD.create(new ReferenceTensorService());
        int steps = Integer.getInteger("ff.steps", 15);
        List<String> free = List.of(System.getProperty("ff.free", "epsilon,lambda,gamma,B").split(","));
        StringBuilder csv = new StringBuilder("w_elastic,w_phonon,C11_err_pct,C12_err_pct,C44_err_pct,max_C_err_pct,phonon_rms_THz,P_GPa,loss_final,steps\n");
        double[] elErr = new double[WEIGHTS.length];
        double[] phRms = new double[WEIGHTS.length];
        for (int w = 0; w < WEIGHTS.length; w++) {
            Target.PhononFrequencies ph = GradientCheckTest.siPhonons(2);
            List<Target> targets = new java.util.ArrayList<>();          // a weight-0 term is left out, not multiplied by 0: its soft modes would still veto steps
            if (WEIGHTS[w][0] > 0) targets.add(new Target.ElasticConstants(165.7, 63.9, 79.6, "diamond", 5.431, WEIGHTS[w][0]));
            if (WEIGHTS[w][1] > 0) targets.add(new Target.PhononFrequencies(ph.q(), ph.bands(), ph.thz(), ph.supercell(), "diamond", 5.431, WEIGHTS[w][1]));
            targets.add(new Target.ZeroPressure("diamond", 5.431, 0.01));
            Fit fit = new Fit("sw", Oracles.potentialFile("Si.sw"), "Si", free, Map.of(), targets, "lbfgs", steps, 0.01, 0);
            FitResult r = Fitting.run(ad, fit, (s, l, p) -> { });
            // both properties of the fitted file, by a 0-step fit from it (its "before" values)
            Path file = tmp.resolve("fitted" + w + ".sw");
            Files.writeString(file, r.potentialFile());
            FitResult e = Fitting.run(ad, new Fit("sw", file, "Si", free, Map.of(), List.of(new Target.ElasticConstants(165.7, 63.9, 79.6, "diamond", 5.431, 1), ph,
                    new Target.ZeroPressure("diamond", 5.431, 1)), "lbfgs", 0, 0.01, 0), (s, l, p) -> { });
            double[] ce = e.reports().get(0).relativeErrors(false);
            FitResult.TargetReport p = e.reports().get(1);
            phRms[w] = PhononFitTest.rms(p.before(), p.target());
            for (double c : ce) elErr[w] = Math.max(elErr[w], Math.abs(c) * 100);
            csv.append(String.format(Locale.ROOT, "%g,%g,%.3f,%.3f,%.3f,%.3f,%.4f,%.4f,%.6g,%d%n", WEIGHTS[w][0], WEIGHTS[w][1], 100 * ce[0], 100 * ce[1], 100 * ce[2],
                    elErr[w], phRms[w], e.reports().get(2).before()[0], r.loss()[r.loss().length - 1], r.loss().length - 1));
        }
        Path out = Path.of("target", "ff-tradeoff.csv");
        Files.createDirectories(out.getParent());
        Files.writeString(out, csv);
        System.out.print("free " + System.getProperty("ff.free", "epsilon,lambda,gamma,B") + "\n" + csv);
        for (int w = 1; w < WEIGHTS.length; w++) {
            assertTrue(phRms[w] <= phRms[w - 1] * (1 + 1e-3), "phonon RMS not monotone:\n" + csv);
            assertTrue(elErr[w] >= elErr[w - 1] * (1 - 1e-3), "elastic error not monotone:\n" + csv);
        }
        assertTrue(phRms[WEIGHTS.length - 1] < phRms[0] && elErr[WEIGHTS.length - 1] > elErr[0], "a real trade-off:\n" + csv);
    }
}
