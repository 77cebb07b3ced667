package org.polymorph.materials.internal.patchy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.patchy.EquilibriumYields;

class YieldMethodTest {
    private final YieldMethod method = new YieldMethod(() -> new AutodiffEngines().create(new ReferenceTensorService()));

    private Result run(Path dir, Map<String, String> raw) throws Exception {
        return method.run(Params.parse(method.id(), method.params(), raw), Progress.NONE, RunDirectory.create(dir));
    }

    @Test
    @SuppressWarnings("unchecked")
    void toolboxDimerSweepWritesYieldsAndGradients(@TempDir Path dir) throws Exception {
        Result r = run(dir, Map.of("model", "toolbox-dimer", "depth", "8,9"));
        List<String> lines = Files.readAllLines(dir.resolve("yields.csv"));
        assertEquals("depth,A,B,AB,canonical_9_9,published_simulation,published_error", lines.get(0));
        assertEquals(3, lines.size());
        Map<String, List<Double>> shares = (Map<String, List<Double>>) r.values().get("shares");
        AD ad = new AutodiffEngines().create(new ReferenceTensorService());
        EquilibriumYields.Yields y = new EquilibriumYields(ad, ToolboxDimer.model(5), 1).yields(List.of(ToolboxDimer.dimer()),
                ToolboxDimer.params(ad.ops(), 9, 5), new double[] {0.0005, 0.0005});
        assertEquals(ad.ops().tensors().toDoubleArray(y.fractions().value())[2], shares.get("AB").get(1), 1e-12);
        Map<String, List<Double>> g = (Map<String, List<Double>>) r.values().get("gradient_of_target_share");
        assertTrue(g.get("D0").get(0) > 0, "deeper wells bind more: " + g);
        assertTrue(shares.get("AB").get(1) > shares.get("AB").get(0));
        assertEquals(2, r.summary().size(), r.summary().toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void ringsShareTheBodies(@TempDir Path dir) throws Exception {
        Result r = run(dir, Map.of("model", "ring2d", "depth", "8", "rings", "3", "opening", "60"));
        Map<String, List<Double>> shares = (Map<String, List<Double>>) r.values().get("shares");
        assertEquals(1.0, shares.get("monomer").get(0) + shares.get("ring3").get(0), 1e-12);
        assertTrue(shares.get("ring3").get(0) > 0.5, shares.toString());
    }

    /**
     * The linear trimer by both routes: the harmonic shares conserve the bodies, and the exact integral (anharmonic
     * hinges add entropy) binds more than the harmonic free energy says; the integral's columns follow the harmonic ones.
     */
    @Test
    @SuppressWarnings("unchecked")
    void trimerHarmonicAndIntegral(@TempDir Path dir) throws Exception {
        Result r = run(dir, Map.of("model", "trimer", "depth", "10", "opening", "180", "core_eps", "1000", "concentration", "0.1",
                "samples", "40000"));
        List<String> lines = Files.readAllLines(dir.resolve("yields.csv"));
        assertEquals("depth,A,B,C,AB,BC,ABC,AB_integral,AB_logK_integral,AB_logK_integral_error,BC_integral,BC_logK_integral,"
                + "BC_logK_integral_error,ABC_integral,ABC_logK_integral,ABC_logK_integral_error", lines.get(0));
        Map<String, List<Double>> shares = (Map<String, List<Double>>) r.values().get("shares");
        double b = shares.get("B").get(0) + shares.get("AB").get(0) / 2 + shares.get("BC").get(0) / 2 + shares.get("ABC").get(0) / 3;
        assertEquals(1.0 / 3, b, 1e-10, "every B body is somewhere");
        String[] row = lines.get(1).split(",");
        double abcHarmonic = Double.parseDouble(row[6]), abcIntegral = Double.parseDouble(row[13]), error = Double.parseDouble(row[15]);
        assertTrue(error > 0 && error < 0.2, "resolved: " + lines.get(1));
        assertTrue(abcIntegral > abcHarmonic * 1.3, "the hinges add entropy: " + lines.get(1));
    }

    @Test
    void integralNeedsAClusterCase(@TempDir Path dir) {
        BadInputException e = assertThrows(BadInputException.class, () -> run(dir, Map.of("model", "ring2d", "rings", "3", "samples", "10")));
        assertTrue(e.getMessage().contains("samples") && e.getMessage().contains("samples=0"), e.getMessage());
    }

    @Test
    void badTargetNamesTheParameter(@TempDir Path dir) {
        BadInputException e = assertThrows(BadInputException.class, () -> run(dir, Map.of("model", "ring2d", "rings", "3", "target", "2")));
        assertTrue(e.getMessage().contains("'target' = '2'") && e.getMessage().contains("give 0..0"), e.getMessage());
    }

    /** Square rings of 90° particles: the symmetric seed is a saddle (the four-bar rhombus mode buckles under the bonds' preload). */
    @Test
    @SuppressWarnings("unchecked")
    void saddleSeedIsLeft(@TempDir Path dir) throws Exception {
        Result r = run(dir, Map.of("model", "ring2d", "depth", "8", "rings", "4", "opening", "90"));
        Map<String, List<Double>> shares = (Map<String, List<Double>>) r.values().get("shares");
        System.out.println("ring4 at 90 degrees: " + shares + " " + r.values().get("free_energies"));
        assertEquals(1.0, shares.get("monomer").get(0) + shares.get("ring4").get(0), 1e-12);
    }

    /** Deep wells and large rings: log K reaches about 116 (mass action used to stop after 200 Newton steps). */
    @Test
    @SuppressWarnings("unchecked")
    void deepWellsWithLargeRings(@TempDir Path dir) throws Exception {
        Result r = run(dir, Map.of("model", "ring2d", "depth", "4,6,8,10", "rings", "3,4,5,6", "opening", "60", "concentration", "0.01"));
        Map<String, List<Double>> shares = (Map<String, List<Double>>) r.values().get("shares");
        double sum = 0;
        for (List<Double> v : shares.values()) sum += v.get(1);
        assertEquals(1.0, sum, 1e-10);
    }
}
