package org.polymorph.materials.forcefield;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AD;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.Oracles;

/**
 * Demonstration (e): SW fitted to several targets at once — relaxed-ion C11/C12/C44 (165.7/63.9/79.6 GPa),
 * zero pressure at 5.431 Å and the Si neutron phonon frequencies of {@link PhononFitTest} — for
 * elastic:phonon weights 1:0, 1:1, 1:3, 0:1. The trade-off table (largest |C error| %, per-constant
 * errors, phonon RMS THz) is written to target/ff-tradeoff.csv. More phonon weight must give a lower
 * phonon RMS and a larger elastic error (monotone, up to 1e-3 relative slack for an unconverged fit).
 */
class TradeOffTest {
    static final double[][] WEIGHTS = {{1, 0}, {1, 1}, {1, 3}, {0, 1}};

    @Test
    void morePhononWeightLowersThePhononErrorAndRaisesTheElasticError() throws Exception {
        AD ad = AD.create(new ReferenceTensorService());
        int steps = Integer.getInteger("ff.steps", 15);
        StringBuilder csv = new StringBuilder("w_elastic,w_phonon,C11_err_pct,C12_err_pct,C44_err_pct,max_C_err_pct,phonon_rms_THz,P_GPa,loss_final,steps\n");
        double[] elErr = new double[WEIGHTS.length];
        double[] phRms = new double[WEIGHTS.length];
        for (int w = 0; w < WEIGHTS.length; w++) {
            Target.PhononFrequencies ph = GradientCheckTest.siPhonons(2);
            Fit fit = new Fit("sw", Oracles.potentialFile("Si.sw"), "Si", List.of("epsilon", "lambda", "gamma", "B"), Map.of(),
                    List.of(new Target.ElasticConstants(165.7, 63.9, 79.6, "diamond", 5.431, WEIGHTS[w][0]),
                            new Target.PhononFrequencies(ph.q(), ph.bands(), ph.thz(), ph.supercell(), "diamond", 5.431, WEIGHTS[w][1]),
                            new Target.ZeroPressure("diamond", 5.431, 0.01)), "lbfgs", steps, 0.01, 0);
            FitResult r = Fitting.run(ad, fit, (s, l, p) -> { });
            double[] ce = r.reports().get(0).relativeErrors(true);
            FitResult.TargetReport p = r.reports().get(1);
            phRms[w] = PhononFitTest.rms(p.after(), p.target());
            for (double e : ce) elErr[w] = Math.max(elErr[w], Math.abs(e) * 100);
            csv.append(String.format(Locale.ROOT, "%g,%g,%.3f,%.3f,%.3f,%.3f,%.4f,%.4f,%.6g,%d%n", WEIGHTS[w][0], WEIGHTS[w][1], 100 * ce[0], 100 * ce[1], 100 * ce[2],
                    elErr[w], phRms[w], r.reports().get(2).after()[0], r.loss()[r.loss().length - 1], r.loss().length - 1));
        }
        Path out = Path.of("target", "ff-tradeoff.csv");
        Files.createDirectories(out.getParent());
        Files.writeString(out, csv);
        System.out.print(csv);
        for (int w = 1; w < WEIGHTS.length; w++) {
            assertTrue(phRms[w] <= phRms[w - 1] * (1 + 1e-3), "phonon RMS not monotone:\n" + csv);
            assertTrue(elErr[w] >= elErr[w - 1] * (1 - 1e-3), "elastic error not monotone:\n" + csv);
        }
        assertTrue(phRms[WEIGHTS.length - 1] < phRms[0] && elErr[WEIGHTS.length - 1] > elErr[0], "a real trade-off:\n" + csv);
    }
}
