package org.polymorph.optimizers.constrained;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.polymorph.core.runtime.PythonPeer;

/** Solutions and iteration counts against scipy's SLSQP on the same problems (skips without scipy). */
class SlsqpScipyTest {
    @Test
    @SuppressWarnings("unchecked")
    void agreesWithScipy() throws IOException {
        String script;
        try (InputStream in = SlsqpScipyTest.class.getResourceAsStream("scipy_slsqp.py")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, Object> out = PythonPeer.run(script, 1, 300, List.of("scipy"));
        Assumptions.assumeFalse(out.containsKey("unavailable"), String.valueOf(out.get("unavailable")));
        StringBuilder table = new StringBuilder();
        Stream.of(HockSchittkowski.hs21(), HockSchittkowski.hs35(), HockSchittkowski.hs71(), HockSchittkowski.hs76(),
                HockSchittkowski.rosenbrockDisk(2), HockSchittkowski.rosenbrockDisk(0.5),
                HockSchittkowski.blocks16()).forEach(k -> {
            Map<String, Object> sc = (Map<String, Object>) out.get(k.name());
            assertEquals(0, ((Number) sc.get("status")).intValue(), k.name() + ": scipy failed");
            SlsqpResult r = Slsqp.defaults().tolerance(1e-10).minimize(k.problem(), k.x0());
            assertTrue(r.success(), k.name() + ": " + r.message());
            List<Object> xs = (List<Object>) sc.get("x");
            for (int i = 0; i < xs.size(); i++) {
                assertEquals(((Number) xs.get(i)).doubleValue(), r.x()[i], 1e-6, k.name() + " x[" + i + "] vs scipy");
            }
            assertEquals(((Number) sc.get("f")).doubleValue(), r.f(), 1e-9 * Math.max(1, Math.abs(r.f())), k.name() + " f");
            int nit = ((Number) sc.get("nit")).intValue();
            table.append(String.format("%-12s ours %3d it %3d fev | scipy %3d it %3d fev%n", k.name(), r.iterations(),
                    r.functionEvaluations(), nit, ((Number) sc.get("nfev")).intValue()));
            assertTrue(r.iterations() <= nit + 2, k.name() + ": " + r.iterations() + " iterations, scipy " + nit);
        });
        System.out.print(table);
    }
}
