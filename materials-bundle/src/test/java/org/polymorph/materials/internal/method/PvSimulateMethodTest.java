package org.polymorph.materials.internal.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Result;
import org.polymorph.materials.internal.pv.PvSimulateMethod;

/** pv.simulate end to end on the README's 1 µm + 1 µm p-n junction: result keys, files and consistency. */
class PvSimulateMethodTest {
    static final String README = "{\"grid_points\": 200, \"layers\": [{\"thickness_um\": 1.0, \"doping_cm3\": 1e17, \"material\": "
            + "{\"Eg\": 1.5, \"Chi\": 3.9, \"eps\": 10, \"Nc\": 2e18, \"Nv\": 1e19, \"mu_n\": 200, \"mu_p\": 50, \"tau_n\": 1e-7, \"tau_p\": 1e-7, "
            + "\"Et\": 0, \"A\": 2e4}}, {\"thickness_um\": 1.0, \"doping_cm3\": -1e17, \"material\": \"@0\"}], "
            + "\"contacts\": {\"Sn_left\": 1e7, \"Sp_left\": 0, \"Sn_right\": 0, \"Sp_right\": 1e7}, \"voltage_step\": 0.05}";

    @Test
    void writesTheCurveAndFigures(@TempDir Path dir) throws Exception {
        Path design = dir.resolve("design.json");
        Files.writeString(design, README);
        Result r = MethodTestSupport.run(new PvSimulateMethod(), dir.resolve("run"), "design=" + design);
        double pce = ((Number) r.values().get("PCE")).doubleValue();
        double voc = ((Number) r.values().get("Voc")).doubleValue();
        double jsc = ((Number) r.values().get("Jsc")).doubleValue();
        double ff = ((Number) r.values().get("FF")).doubleValue();
        double pmax = ((Number) r.values().get("Pmax")).doubleValue();
        assertTrue(pce > 5 && pce < 40 && voc > 0.5 && voc < 1.5 && jsc > 0.005 && ff > 0.5 && ff < 1, r.values().toString());
        assertEquals(pmax, ff * voc * jsc * 1e4, 1e-9 * pmax, "FF = Pmax / (Voc Jsc)");
        assertEquals(pce, 100 * pmax / ((Number) r.values().get("incident_power")).doubleValue(), 1e-9 * pce);
        for (String f : List.of("iv.csv", "iv.png", "bands.png", "carriers.png", "state.csv")) {
            assertTrue(Files.size(dir.resolve("run").resolve(f)) > 100, f);
        }
        List<String> iv = Files.readAllLines(dir.resolve("run").resolve("iv.csv"));
        assertEquals(((double[]) r.values().get("V")).length + 1, iv.size());
        assertEquals(201, Files.readAllLines(dir.resolve("run").resolve("state.csv")).size());
        // the same design inline gives the same result
        Result inline = MethodTestSupport.run(new PvSimulateMethod(), dir.resolve("inline"), "design=" + README);
        assertEquals(pce, ((Number) inline.values().get("PCE")).doubleValue(), 1e-12 * pce);
    }

    @Test
    @SuppressWarnings("unchecked")
    void gradientsAreTheAdjointOnes(@TempDir Path dir) throws Exception {
        Result r = MethodTestSupport.run(new PvSimulateMethod(), dir.resolve("run"), "design=" + README, "gradients=true");
        java.util.Map<String, Object> dPce = (java.util.Map<String, Object>) r.values().get("dPCE");
        org.polymorph.materials.pv.PvDesign d = org.polymorph.materials.pv.PvDesign.parse(
                (java.util.Map<String, Object>) org.polymorph.core.runtime.Json.parse(README), null);
        org.polymorph.materials.pv.PvAdjoint.Gradient g = org.polymorph.materials.pv.PvAdjoint.gradient(d, org.polymorph.materials.pv.SunSpectrum.standard());
        assertEquals(g.names().size(), dPce.size());
        assertEquals(g.pce("layers[0].material.Eg"), ((Number) dPce.get("layers[0].material.Eg")).doubleValue(), 0);
        List<String> csv = Files.readAllLines(dir.resolve("run").resolve("gradients.csv"));
        assertEquals(1 + g.names().size(), csv.size());
        assertEquals(2 + ((double[]) r.values().get("V")).length, csv.get(0).split(",").length);
        String[] eg = csv.stream().filter(l -> l.startsWith("layers[0].material.Eg,")).findFirst().orElseThrow().split(",");
        assertEquals(g.current(1, "layers[0].material.Eg"), Double.parseDouble(eg[3]), 0);
    }

    @Test
    void badDesignNamesTheKey(@TempDir Path dir) {
        BadInputException e = assertThrows(BadInputException.class, () -> MethodTestSupport.run(new PvSimulateMethod(), dir.resolve("run"),
                "design=" + README.replace("\"Eg\": 1.5", "\"Eg\": -1.5")));
        assertEquals("layers[0].material.Eg", e.parameter().orElseThrow());
        assertThrows(BadInputException.class, () -> MethodTestSupport.run(new PvSimulateMethod(), dir.resolve("run2"), "design=" + dir.resolve("none.json")));
    }
}
