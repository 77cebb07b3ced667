package org.polymorph.materials.internal.forcefield;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AD;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.forcefield.Fit;
import org.polymorph.materials.forcefield.Target;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;
import org.polymorph.core.service.ServiceCatalog;

/**
 * ff.fit's MD targets on several threads: the VDOS and RDF losses and their gradients through the differentiable
 * trajectory (64-atom diamond Si, Stillinger–Weber, 40 steps, free epsilon, sigma, lambda) on 3 threads equal one
 * thread's to rounding; a thread count below one is refused.
 */
class FitThreadsTest {
    private final AD ad = org.polymorph.materials.TestServices.ad();

    private Objective objective(Target t, int threads) {
        Fit fit = new Fit("sw", Oracles.potentialFile("Si.sw"), "Si", List.of("epsilon", "sigma", "lambda"), Map.of(), List.of(t), "lbfgs", 1, 0.01, 0);
        return new Fitter(ad, FixedCatalog.builtin(), ServiceCatalog.of("optimizer", Map.of()), fit, threads).objective();
    }

    @Test
    void threeThreadsGiveOneThreadsLossAndGradient() {
        assertTrue(FixedCatalog.builtin().find("sw").orElseThrow().rowDecomposable(), "sw's kernel runs on row blocks, so 3 threads are used");
        Target.Md md = MdTargetGradientTest.md(2, 40);
        double[] x = {1.02, 0.99, 1.03};
        for (Target t : List.of(new Target.Vdos(md, MdTargetGradientTest.edip(), 0.5, 20, "diamond", 5.431, 1),
                new Target.Rdf(md, MdTargetGradientTest.edip(), 0.1, 4.5, 5, "diamond", 5.431, 1))) {
            double[] one = objective(t, 1).lossAndGradient(x);
            double[] three = objective(t, 3).lossAndGradient(x);
            double scale = 0;
            for (int j = 1; j < one.length; j++) scale = Math.max(scale, Math.abs(one[j]));
            assertTrue(one[0] > 0 && scale > 1e-6, t + ": a loss and gradient that are not trivially zero: " + one[0] + ", " + scale);
            assertEquals(one[0], three[0], 1e-10 * Math.abs(one[0]), t + ": loss");
            for (int j = 1; j < one.length; j++) assertEquals(one[j], three[j], 1e-9 * scale, t + ": dL/dx" + (j - 1));
        }
    }

    @Test
    void noThreadsIsRefused() {
        Target.Md md = MdTargetGradientTest.md(2, 10);
        Target t = new Target.Vdos(md, MdTargetGradientTest.edip(), 0.5, 20, "diamond", 5.431, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> objective(t, 0));
        assertTrue(e.getMessage().contains("threads = 0"), e.getMessage());
    }
}
