package org.polymorph.materials.internal.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Result;
import org.polymorph.materials.internal.pv.PvOptimizeMethod;
import org.polymorph.materials.pv.PvDesign;
import org.polymorph.materials.pv.PvSimulator;
import org.polymorph.materials.pv.SunSpectrum;

/** pv.optimize end to end on a small p-n junction (120 points, 3 variables, one band-alignment constraint). */
class PvOptimizeMethodTest {
    static final String DESIGN = PvSimulateMethodTest.README.replace("\"grid_points\": 200", "\"grid_points\": 120");
    static final String VARIABLES = "[{\"path\": \"layers[1].material.tau_n\", \"lower\": -8, \"upper\": -6, \"scale\": \"log10\"},"
            + " {\"path\": \"layers[1].material.mu_n\", \"lower\": 1, \"upper\": 3, \"scale\": \"log10\"},"
            + " {\"path\": \"layers[0].doping_cm3\", \"lower\": 16, \"upper\": 18.5, \"scale\": \"log10\"}]";
    /** n-side Fermi level at least 0.05 eV below its conduction band: N_D ≤ about 1.4e18 cm⁻³ (deltapv's flatband_wf). */
    static final String CONSTRAINTS = "[\"layers[0].flatband_wf - layers[0].material.Chi >= 0.05\"]";

    static double num(Result r, String key) { return ((Number) r.values().get(key)).doubleValue(); }

    @Test
    void slsqpRaisesThePceAndWritesTheBestDesign(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        Result r = MethodTestSupport.run(new PvOptimizeMethod(), run, "design=" + DESIGN, "variables=" + VARIABLES,
                "constraints=" + CONSTRAINTS, "max_iterations=3");
        double initial = num(r, "initial_PCE"), best = num(r, "best_PCE");
        int solves = (int) num(r, "solves");
        assertTrue(best > initial + 0.1, "PCE rises: " + r.values());
        assertTrue(num(r, "iterations") <= 3 && solves >= 3, r.values().toString());
        assertEquals("ITERATION_LIMIT", r.values().get("slsqp_status"));
        for (String f : List.of("history.csv", "pce_vs_solves.png", "best_design.json", "best_iv.csv")) {
            assertTrue(Files.size(run.resolve(f)) > 50, f);
        }
        List<String> history = Files.readAllLines(run.resolve("history.csv"));
        assertEquals(solves + 1, history.size());
        assertEquals(initial, Double.parseDouble(history.get(1).split(",")[1]), 1e-9 * initial, "the first solve is the start design");
        @SuppressWarnings("unchecked")
        Map<String, Double> theta = (Map<String, Double>) r.values().get("best_theta");
        assertTrue(theta.get("layers[0].doping_cm3") <= 1e19 * Math.exp(-0.05 / 0.025851999786435535) * (1 + 1e-5), "constraint holds: " + theta);
        // pv.simulate's reader takes best_design.json, and its PCE is the best one
        PvDesign d = PvDesign.read(run.resolve("best_design.json"));
        SunSpectrum sun = SunSpectrum.standard();
        assertEquals(best, PvSimulator.simulate(d.cell(sun), d.voltageStep(), sun.totalPower()).pce(), 1e-9 * best);
        assertEquals(Files.readAllLines(run.resolve("best_iv.csv")).size() - 1,
                PvSimulator.simulate(d.cell(sun), d.voltageStep(), sun.totalPower()).voltage().length);
    }

    @Test
    void randomSearchIsDeterministicForASeed(@TempDir Path dir) throws Exception {
        String[] args = {"design=" + DESIGN, "variables=" + VARIABLES, "constraints=" + CONSTRAINTS, "strategy=random", "samples=4"};
        Result a = MethodTestSupport.run(new PvOptimizeMethod(), dir.resolve("a"), append(args, "seed=7"));
        Result b = MethodTestSupport.run(new PvOptimizeMethod(), dir.resolve("b"), append(args, "seed=7"));
        Result c = MethodTestSupport.run(new PvOptimizeMethod(), dir.resolve("c"), append(args, "seed=8"));
        assertEquals(4, (int) num(a, "solves"));
        assertEquals(num(a, "best_PCE"), num(b, "best_PCE"));
        assertEquals(a.values().get("best_x"), b.values().get("best_x"));
        assertEquals(Files.readAllLines(dir.resolve("a/history.csv")), Files.readAllLines(dir.resolve("b/history.csv")));
        assertNotEquals(Files.readAllLines(dir.resolve("a/history.csv")), Files.readAllLines(dir.resolve("c/history.csv")));
        // every random design met the constraint (rejected ones were redrawn unsolved)
        for (String line : Files.readAllLines(dir.resolve("a/history.csv")).subList(1, 5)) assertEquals("1", line.split(",")[3].strip().substring(0, 1));
    }

    @Test
    void badConstraintNamesItsIndex(@TempDir Path dir) {
        BadInputException e = assertThrows(BadInputException.class, () -> MethodTestSupport.run(new PvOptimizeMethod(), dir.resolve("run"),
                "design=" + DESIGN, "variables=" + VARIABLES, "constraints=[\"layers[0].material.Chi >= 3\", \"layers[0].Chi >= 3\"]"));
        assertEquals("constraints[1]", e.parameter().orElseThrow());
        BadInputException v = assertThrows(BadInputException.class, () -> MethodTestSupport.run(new PvOptimizeMethod(), dir.resolve("run2"),
                "design=" + DESIGN, "variables=[{\"path\": \"layers[0].thickness_um\", \"lower\": -1, \"upper\": 2}]"));
        assertEquals("variables", v.parameter().orElseThrow());
    }

    private static String[] append(String[] a, String s) {
        String[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = s;
        return out;
    }
}
