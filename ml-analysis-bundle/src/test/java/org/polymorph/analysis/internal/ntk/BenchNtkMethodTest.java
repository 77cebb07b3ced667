package org.polymorph.analysis.internal.ntk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.testing.ReferenceTensorService;

/** bench.ntk on tiny networks: every algorithm gives the same kernel, and PyTorch's JC equals ours (when torch is installed). */
class BenchNtkMethodTest {
    final TensorService ts = new ReferenceTensorService();
    @TempDir Path dir;

    @Test
    void tinyBenchAgreesAcrossAlgorithmsAndWithPyTorch() throws Exception {
        BenchNtkMethod m = new BenchNtkMethod(() -> ts, new AutodiffEngines());
        Result r = m.run(Params.parse(m.id(), m.params(), Map.of("widths", "16", "batches", "3", "input_dim", "5")),
                Progress.NONE, RunDirectory.create(dir.resolve("run")));
        assertTrue(Files.exists(dir.resolve("run/bench.json")));
        @SuppressWarnings("unchecked") List<Map<String, Object>> rows = (List<Map<String, Object>>) r.values().get("rows");
        assertEquals(2, rows.size(), "fcn and cnn");
        for (Map<String, Object> row : rows) {
            for (String impl : List.of("vp", "sd")) {
                Map<?, ?> t = (Map<?, ?>) row.get(impl);
                assertTrue(((Number) t.get("ms")).doubleValue() > 0, row.toString());
                assertTrue(((Number) t.get("max_abs_diff_to_jc")).doubleValue() < 1e-9, row.toString());
            }
        }
        Map<?, ?> peer = (Map<?, ?>) r.values().get("peer_torch");
        Assumptions.assumeFalse(peer.containsKey("unavailable"), "PyTorch is not installed: " + peer);
        for (Map<String, Object> row : rows) {
            Map<?, ?> t = (Map<?, ?>) row.get("torch_jc");
            assertTrue(((Number) t.get("max_abs_diff_to_ours")).doubleValue() < 1e-9, row.toString());
            assertTrue(((Number) row.get("jc_speed_vs_torch")).doubleValue() > 0, row.toString());
        }
    }
}
