package org.polymorph.server.internal.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.runtime.Json;

/** bench.server's parameters and the run it submits; the measurement itself needs the assembled distribution (integration tests). */
class BenchServerMethodTest {
    @Test
    void theRunParameterBecomesAPostBody() {
        assertEquals("{\"method\":\"md.evaluate\",\"params\":{\"lattice\":\"fcc\",\"a\":\"5.26\"}}",
                Json.write(BenchServerMethod.submission("  md.evaluate lattice=fcc   a=5.26 "), false));
        assertEquals(Map.of("method", "tensor.info", "params", Map.of()), BenchServerMethod.submission("tensor.info"));
    }

    @Test
    void aRunWithoutAMethodOrWithABareWordIsBadInput() {
        BadInputException none = assertThrows(BadInputException.class, () -> BenchServerMethod.submission("  "));
        assertEquals("run", none.parameter().orElseThrow());
        BadInputException bare = assertThrows(BadInputException.class, () -> BenchServerMethod.submission("md.run steps"));
        assertTrue(bare.getMessage().contains("'steps' is not key=value"), bare.getMessage());
        assertThrows(BadInputException.class, () -> BenchServerMethod.submission("steps=3"));
    }

    @Test
    void withoutTheDistributionsFolderItSaysWhatIsMissing() {
        BenchServerMethod m = new BenchServerMethod(Optional.empty());
        Params p = Params.parse(m.id(), m.params(), Map.of());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.run(p, (d, t, s) -> { }, null));
        assertTrue(e.getMessage().contains("polymorph.home"), e.getMessage());
    }

    @Test
    void defaultsAreTheIssuesPoints() {
        BenchServerMethod m = new BenchServerMethod(Optional.empty());
        Params p = Params.parse(m.id(), m.params(), Map.of());
        assertEquals(List.of(1, 16, 64), p.getIntList("concurrency"));
        assertTrue(m.params().stream().map(ParamSpec::name).toList().containsAll(List.of("duration", "concurrency", "warmup")));
    }
}
