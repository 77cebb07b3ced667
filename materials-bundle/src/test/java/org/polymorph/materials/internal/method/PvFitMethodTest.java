package org.polymorph.materials.internal.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.polymorph.materials.internal.pv.PvFitMethod;
import org.polymorph.materials.internal.pv.PvSimulateMethod;

/** pv.fit end to end on a small p-n junction: the band gap recovered from a measured CSV, files, and bad input. */
class PvFitMethodTest {
    static final String TRUTH = PvSimulateMethodTest.README.replace("\"grid_points\": 200", "\"grid_points\": 100");
    static final String START = TRUTH.replace("\"Eg\": 1.5", "\"Eg\": 1.6");
    static final String VARIABLES = "[{\"path\": [\"layers[0].material.Eg\", \"layers[1].material.Eg\"], \"lower\": 1.2, \"upper\": 2}]";

    @Test
    void recoversTheBandGapFromAMeasuredCsv(@TempDir Path dir) throws Exception {
        Result sim = MethodTestSupport.run(new PvSimulateMethod(), dir.resolve("truth"), "design=" + TRUTH);
        // the measured curve: pv.simulate's iv.csv (V, J, P with a header line)
        Path csv = dir.resolve("truth").resolve("iv.csv");
        Result r = MethodTestSupport.run(new PvFitMethod(), dir.resolve("fit"), "design=" + START, "variables=" + VARIABLES,
                "measured=" + csv, "max_iterations=30");
        @SuppressWarnings("unchecked")
        Map<String, Object> x = (Map<String, Object>) r.values().get("x");
        double eg = ((Number) x.get("layers[0].material.Eg")).doubleValue();
        double objective = ((Number) r.values().get("objective")).doubleValue();
        double start = ((Number) r.values().get("start_objective")).doubleValue();
        assertEquals(1.5, eg, 1e-4, r.values().toString());
        assertTrue(objective < 1e-6 * start, "objective " + objective + " from " + start);
        assertEquals("success", r.values().get("status"), r.values().toString());
        int iterations = ((Number) r.values().get("iterations")).intValue();
        List<String> lines = Files.readAllLines(dir.resolve("fit").resolve("fit.csv"));
        assertEquals("iteration,objective,layers[0].material.Eg", lines.get(0));
        // a header, the start, then one line per accepted step (SLSQP's count may include a last QP that takes none)
        assertTrue(lines.size() >= 3 && lines.size() <= iterations + 2, lines.size() + " lines for " + iterations + " iterations");
        String[] last = lines.get(lines.size() - 1).split(",");
        assertEquals(objective, Double.parseDouble(last[1]), 0.0, "the last line is the result");
        assertEquals(eg, Double.parseDouble(last[2]), 0.0);
        assertTrue(Files.size(dir.resolve("fit").resolve("fit.png")) > 1000);
        assertTrue(((double[]) sim.values().get("J")).length > 5);
        // the same truth given as a design gives the same fit
        Result same = MethodTestSupport.run(new PvFitMethod(), dir.resolve("fit2"), "design=" + START, "variables=" + VARIABLES,
                "measured_design=" + TRUTH, "max_iterations=30");
        assertEquals(objective, ((Number) same.values().get("objective")).doubleValue(), 1e-9 * start);
    }

    @Test
    void badInputNamesTheParameter(@TempDir Path dir) throws Exception {
        BadInputException none = assertThrows(BadInputException.class, () -> MethodTestSupport.run(new PvFitMethod(), dir.resolve("a"),
                "design=" + START, "variables=" + VARIABLES));
        assertEquals("measured", none.parameter().orElseThrow());
        BadInputException both = assertThrows(BadInputException.class, () -> MethodTestSupport.run(new PvFitMethod(), dir.resolve("b"),
                "design=" + START, "variables=" + VARIABLES, "measured=x.csv", "measured_design=" + TRUTH));
        assertEquals("measured", both.parameter().orElseThrow());
        Path unsorted = dir.resolve("unsorted.csv");
        Files.writeString(unsorted, "V,J\n0,0.02\n0.1,0.019\n0.05,0.0195\n");
        BadInputException order = assertThrows(BadInputException.class, () -> MethodTestSupport.run(new PvFitMethod(), dir.resolve("c"),
                "design=" + START, "variables=" + VARIABLES, "measured=" + unsorted));
        assertEquals("measured", order.parameter().orElseThrow());
        BadInputException path = assertThrows(BadInputException.class, () -> MethodTestSupport.run(new PvFitMethod(), dir.resolve("d"),
                "design=" + START, "variables=[{\"path\": \"layers[0].material.Egg\", \"lower\": 1, \"upper\": 2}]", "measured_design=" + TRUTH));
        assertEquals("variables[0].path", path.parameter().orElseThrow());
        BadInputException json = assertThrows(BadInputException.class, () -> MethodTestSupport.run(new PvFitMethod(), dir.resolve("e"),
                "design=" + START, "variables=[{\"path\": ", "measured_design=" + TRUTH));
        assertEquals("variables", json.parameter().orElseThrow());
    }
}
