package org.polymorph.materials.internal.pv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.polymorph.core.runtime.Json;
import org.polymorph.materials.pv.PvDesign;
import org.polymorph.materials.pv.PvSimulator;
import org.polymorph.materials.pv.PvVariables;
import org.polymorph.materials.pv.SunSpectrum;

/** The pv.fit objective's adjoint gradient, tied variables, and deltapv's {@code test_multi}. */
class PvFitTest {
    /** The shipped example of deltapv's test_multi (distribution/src/main/dist/examples/pv). */
    static final Path EXAMPLES = Path.of("..", "distribution", "src", "main", "dist", "examples", "pv");
    static final String VARIABLES = """
            [{"path": ["layers[0].material.mu_p", "layers[1].material.mu_p"], "lower": 1, "upper": 3, "scale": "log10"},
             {"path": ["layers[0].material.Eg", "layers[1].material.Eg"], "lower": 0.5, "upper": 2}]""";

    static PvDesign truth(int points) throws Exception {
        String text = Files.readString(EXAMPLES.resolve("fit.truth.json")).replace("\"grid_points\": 500", "\"grid_points\": " + points);
        return PvInputs.design(text, "design");
    }

    static PvFit.Curve simulate(PvDesign d, SunSpectrum sun) {
        return PvFit.Curve.of(PvSimulator.simulate(d.cell(sun), d.voltageStep(), sun.totalPower()), d.voltageStep());
    }

    @Test
    void gradientEqualsCentralDifferences() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(EXAMPLES), "the distribution's examples are not beside this module");
        SunSpectrum sun = SunSpectrum.standard();
        PvDesign d = truth(120);
        PvVariables v = PvVariables.parse(Json.parse(VARIABLES), d, "variables");
        // Newton to 1e-11 so that the differences see the converged curve, not the solver's stopping point
        PvFit.Objective f = new PvFit.Objective(d, v, simulate(d, sun), sun, 1e-11);
        double[] x = {2.1, 1.05};
        double[] g = new double[2];
        f.gradient(x, g);
        double scale = Math.max(Math.abs(g[0]), Math.abs(g[1]));
        for (int k = 0; k < 2; k++) {
            // fourth-order central differences at h = 2e-4: the simulated currents carry rounding noise of about 1e-12
            // relative, which swamps differences at much smaller steps; and D has kinks where a knot θ_i crosses one of
            // the fixed interpolation angles (the interval a query falls in switches), so much larger steps straddle one
            double h = 2e-4;
            double[] d1 = new double[5];
            for (int s = -2; s <= 2; s++) {
                double[] xs = x.clone();
                xs[k] += s * h;
                d1[s + 2] = f.value(xs);
            }
            double fd = (8 * (d1[3] - d1[1]) - (d1[4] - d1[0])) / (12 * h);
            System.out.printf(Locale.ROOT, "dD/dx_%d adjoint %.10e, fourth-order difference %.10e%n", k, g[k], fd);
            assertEquals(fd, g[k], 1e-6 * scale, "dD/dx_" + k);
        }
    }

    /**
     * deltapv's test_multi: from (log10 μp, Eg) = (2.0, 1.2), bounds [1, 3] × [0.5, 2], 50 SLSQP iterations, deltapv
     * reaches x = [2.20436169, 1.00000301] and objective 1.3971387383125255e-8 (truth: log10 160 = 2.20412, Eg 1.0).
     */
    @Test
    void reproducesDeltapvTestMulti() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(EXAMPLES), "the distribution's examples are not beside this module");
        SunSpectrum sun = SunSpectrum.standard();
        PvDesign start = PvInputs.design(EXAMPLES.resolve("fit.design.json").toString(), "design");
        PvDesign truth = PvInputs.design(EXAMPLES.resolve("fit.truth.json").toString(), "measured_design");
        PvVariables v = PvVariables.parse(PvInputs.json(EXAMPLES.resolve("fit.variables.json").toString(), "variables", "the variables"),
                start, "variables");
        List<PvFit.Step> steps = new ArrayList<>();
        long t0 = System.nanoTime();
        PvFit.Outcome o = PvFit.run(start, v, simulate(truth, sun), sun, 50, 1e-6, steps::add, () -> false);
        double[] x = o.result().x();
        System.out.printf(Locale.ROOT, "test_multi: x = [%.8f, %.8f], objective %.10e, %d iterations, %d evaluations, %d gradients, %s, %.1f s%n",
                x[0], x[1], o.result().f(), o.result().iterations(), o.result().functionEvaluations(), o.result().gradientEvaluations(),
                o.result().status(), (System.nanoTime() - t0) * 1e-9);
        assertEquals(steps, o.trace());
        assertEquals(2.0, steps.get(0).x()[0], 0);
        assertEquals(1.2, steps.get(0).x()[1], 0);
        assertTrue(o.result().success(), o.result().message());
        assertTrue(o.result().f() < 1e-6 * steps.get(0).objective(), "the discrepancy falls by 1e6: " + o.result().f());
        // np.allclose(x, x_deltapv) (rtol 1e-5, atol 1e-8), and the objective to 1e-3 relative (allclose's atol would pass any)
        double[] deltapv = {2.20436169, 1.00000301};
        for (int k = 0; k < 2; k++) assertEquals(deltapv[k], x[k], 1e-8 + 1e-5 * Math.abs(deltapv[k]), "x[" + k + "] as deltapv");
        assertEquals(1.3971387383125255e-8, o.result().f(), 1e-3 * 1.3971387383125255e-8, "objective as deltapv");
        assertEquals(Math.log10(160), x[0], 1e-3, "log10 mu_p recovered");
        assertEquals(1.0, x[1], 1e-5, "Eg recovered");
    }
}
