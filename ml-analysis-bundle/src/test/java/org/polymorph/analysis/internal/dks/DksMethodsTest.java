package org.polymorph.analysis.internal.dks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;

/** The dks.* Methods through their parameter specs, as the CLI calls them. */
class DksMethodsTest {
    @TempDir Path tmp;

    private Result run(Method m, Map<String, String> raw) throws Exception {
        return m.run(Params.parse(m.id(), m.params(), raw), Progress.NONE, RunDirectory.create(tmp.resolve(m.id())));
    }

    /** The CLI contract: activation=softplus method=dks c_slope_1=1.2 subnet=resnet:3,4,23,3:0.6. */
    @Test
    void transformCliContract() throws Exception {
        Result r = run(new DksTransformMethod(), Map.of("activation", "softplus", "method", "dks", "c_slope_1", "1.2",
                "subnet", "resnet:3,4,23,3:0.6"));
        assertEquals(0.18761008168267976, (double) r.values().get("input_scale"), 1e-8);
        assertEquals(0.40688063442262007, (double) r.values().get("input_shift"), 1e-8);
        assertEquals(-0.9213466151411376, (double) r.values().get("output_shift"), 1e-8);
        assertEquals(8.878672543665223, (double) r.values().get("output_scale"), 1e-7);
        assertFalse(r.values().containsKey("negative_slope"));
        assertEquals(1.2, (double) r.values().get("c_slope_1_network"), 1e-7);
        Result lr = run(new DksTransformMethod(), Map.of("activation", "leaky_relu", "c_slope_1", "1.2",
                "subnet", "resnet:3,4,23,3:0.6"));
        assertEquals(0.8761257073473065, (double) lr.values().get("negative_slope"), 1e-8);
        assertEquals(1.0651832705682147, (double) lr.values().get("output_scale"), 1e-8);
        Result relu = run(new DksTransformMethod(), Map.of("activation", "relu"));
        assertEquals(1, relu.warnings().size(), "ReLU warns");
    }

    @Test
    void badInputNamesTheParameter() {
        BadInputException e = assertThrows(BadInputException.class, () -> run(new DksTransformMethod(),
                Map.of("activation", "tanh", "subnet", "resnet:3,4:2")));
        assertEquals("subnet", e.parameter().orElseThrow());
        e = assertThrows(BadInputException.class, () -> run(new DksTransformMethod(), Map.of("activation", "swishy")));
        assertEquals("activation", e.parameter().orElseThrow());
        e = assertThrows(BadInputException.class, () -> run(new DksTransformMethod(), Map.of("c_slope_1", "1.0")));
        assertEquals("c_slope_1", e.parameter().orElseThrow());
    }

    @Test
    void qcMapsWritesTablesAndPlot() throws Exception {
        Result r = run(new DksQcMapsMethod(), Map.of("activation", "tanh", "method", "tat", "points", "5"));
        Path dir = tmp.resolve("dks.qc_maps");
        List<String> c = Files.readAllLines(dir.resolve("cmap.csv"));
        assertEquals(6, c.size());
        assertEquals("c,C_raw,C_transformed,dCdc_raw,dCdc_transformed,d2Cdc2_raw,d2Cdc2_transformed", c.get(0));
        String[] last = c.get(5).split(",");
        assertEquals(1.0, Double.parseDouble(last[0]), 0.0);
        assertEquals(1.0, Double.parseDouble(last[2]), 1e-12, "C(1) = 1");
        assertEquals(1.0, Double.parseDouble(last[4]), 1e-9, "TAT: C'(1) = 1");
        assertEquals(6, Files.readAllLines(dir.resolve("qmap.csv")).size());
        assertTrue(Files.size(dir.resolve("qc_maps.png")) > 1000);
        @SuppressWarnings("unchecked")
        Map<String, Object> t = (Map<String, Object>) r.values().get("transformed");
        assertEquals(1.0, (double) t.get("q_1"), 1e-12);
    }
}
