package org.polymorph.materials.forcefield;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.internal.forcefield.Fitter;
import org.polymorph.materials.internal.forcefield.Objective;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;
import org.polymorph.materials.potential.FittableStyle;
import org.polymorph.materials.properties.Phonons;
import org.polymorph.materials.internal.forcefield.Structures;

/**
 * The outer-loop gradient (autodiff through relaxed-ion elastic constants, with the internal
 * relaxation's linear solve, the stress and the phonon eigenvalues) against central finite
 * differences of the whole pipeline, at a point away from the file's parameters.
 */
class GradientCheckTest {
    private final AD ad = new AutodiffEngines().create(new ReferenceTensorService());

    /** max_j |g_AD − g_FD| / max_j |g_FD| with steps 1e-5 of each scaled parameter. */
    private static double relativeError(Objective f, double[] x) {
        double[] lg = f.lossAndGradient(x);
        double worst = 0;
        double scale = 0;
        for (int j = 0; j < x.length; j++) {
            double h = 1e-5;
            double[] p = x.clone();
            double[] m = x.clone();
            p[j] += h;
            m[j] -= h;
            double fd = (f.loss(p) - f.loss(m)) / (2 * h);
            worst = Math.max(worst, Math.abs(fd - lg[1 + j]));
            scale = Math.max(scale, Math.abs(fd));
        }
        assertTrue(scale > 1e-3, "the gradient is not trivially zero: " + scale);
        return worst / scale;
    }

    private Objective objective(String style, String file, List<String> free, List<Target> targets) {
        return new Fitter(ad, FixedCatalog.builtin(), new Fit(style, Oracles.potentialFile(file), "Si", free, Map.of(), targets, "lbfgs", 1, 0.01, 0)).objective();
    }

    private static double[] away(int n) {
        double[] x = new double[n];
        for (int j = 0; j < n; j++) x[j] = 1 + 0.03 * (j % 2 == 0 ? 1 : -1) * (1 + j) / n;
        return x;
    }

    private static List<Target> elastic() {
        return List.of(new Target.ElasticConstants(165.7, 63.9, 79.6, "diamond", 5.431, 1), new Target.ZeroPressure("diamond", 5.431, 0.01),
                new Target.CohesiveEnergy(-4.63, "diamond", 5.431, 1));
    }

    @Test
    void elasticLossGradientMatchesFiniteDifferencesForSw() {
        Objective f = objective("sw", "Si.sw", List.of("epsilon", "sigma", "lambda", "gamma", "A", "B"), elastic());
        double err = relativeError(f, away(6));
        System.out.printf("SW elastic-loss gradient: relative error %.2e%n", err);
        assertTrue(err < 1e-5, "relative error " + err);
    }

    @Test
    void elasticLossGradientMatchesFiniteDifferencesForEdip() {
        Objective f = objective("edip", "Si.edip", List.of("A", "B", "lambda", "sigma", "Q0", "gamma", "eta", "rho"), elastic());
        double err = relativeError(f, away(8));
        System.out.printf("EDIP elastic-loss gradient: relative error %.2e%n", err);
        assertTrue(err < 1e-5, "relative error " + err);
    }

    @Test
    void elasticLossGradientMatchesFiniteDifferencesForTersoff() {
        Objective f = objective("tersoff", "Si.tersoff", List.of("A", "B", "lam1", "lam2", "beta", "c"), elastic());
        double err = relativeError(f, away(6));
        System.out.printf("Tersoff elastic-loss gradient: relative error %.2e%n", err);
        assertTrue(err < 1e-5, "relative error " + err);
    }

    /** Γ optical, X (TA, LA/LO, TO) and L (TA, LA, LO, TO) of Si, with the degenerate groups averaged. */
    static Target.PhononFrequencies siPhonons(int supercell) {
        return new Target.PhononFrequencies(new double[][] {{0, 0, 0}, {1, 0, 0}, {0.5, 0.5, 0.5}},
                new int[][][] {{{3, 4, 5}}, {{0, 1}, {2, 3}, {4, 5}}, {{0, 1}, {2}, {3}, {4, 5}}},
                new double[][] {{15.53}, {4.49, 12.32, 13.90}, {3.43, 11.35, 12.60, 14.68}}, supercell, "diamond", 5.431, 1);
    }

    @Test
    void phononTargetMatchesPhononsAndItsGradientMatchesFiniteDifferences() {
        Objective f = objective("sw", "Si.sw", List.of("lambda", "A", "sigma"), List.of(siPhonons(2)));
        double[] model = f.properties(new double[] {1, 1, 1})[0];
        Phonons ph = Phonons.compute(ad, fittable("sw").potential(fittable("sw").read(Oracles.potentialFile("Si.sw"), "Si")),
                Structures.primitive("diamond", 5.431, "Si", org.polymorph.materials.io.Elements.mass("Si")), Phonons.supercell(Structures.primitive("diamond", 5.431, "Si", org.polymorph.materials.io.Elements.mass("Si")), 2, 2, 2));
        double[] cell = Structures.primitive("diamond", 5.431, "Si", org.polymorph.materials.io.Elements.mass("Si")).box().h();
        double[] x = ph.frequencies(new double[] {0, 0.5, 0.5}, cell);            // X = (1,0,0) 2π/a in the fcc reciprocal basis
        assertEquals((x[0] + x[1]) / 2, model[1], 1e-9, "TA(X)");
        assertEquals((x[4] + x[5]) / 2, model[3], 1e-9, "TO(X)");
        assertTrue(model[0] > 15 && model[0] < 20, "SW optical Γ frequency (THz): " + model[0]);
        double err = relativeError(f, away(3));
        System.out.printf("SW phonon-loss gradient: relative error %.2e; SW frequencies %s%n", err, java.util.Arrays.toString(model));
        assertTrue(err < 1e-5, "relative error " + err);
    }

    private static FittableStyle fittable(String style) {
        return FixedCatalog.builtin().provider(style).fittable().orElseThrow();
    }
}
