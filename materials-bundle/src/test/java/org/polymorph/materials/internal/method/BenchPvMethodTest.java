package org.polymorph.materials.internal.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.method.Result;
import org.polymorph.materials.internal.pv.BenchPvMethod;

/** bench.pv runs on a small grid and reports its timings and their ratio (no timed assertion). */
class BenchPvMethodTest {
    @Test
    void reportsForwardAndGradientTimes(@TempDir Path dir) throws Exception {
        Result r = MethodTestSupport.run(new BenchPvMethod(), dir.resolve("run"), "grid_points=200", "repeats=1");
        double forward = ((Number) r.values().get("forward_seconds")).doubleValue();
        double adjoint = ((Number) r.values().get("adjoint_seconds")).doubleValue();
        assertTrue(forward > 0 && adjoint > 0, r.values().toString());
        assertEquals((forward + adjoint) / forward, ((Number) r.values().get("gradient_over_forward")).doubleValue(), 1e-12);
        assertEquals(2 * 16 + 6, ((Number) r.values().get("inputs")).intValue());
        assertEquals(20, ((Number) r.values().get("biases")).intValue(), "test_iv's sweep ends at 0.95 V");
    }
}
