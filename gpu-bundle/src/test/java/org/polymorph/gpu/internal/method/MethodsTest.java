package org.polymorph.gpu.internal.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.polymorph.core.runtime.Json;
import org.polymorph.core.service.BackendCatalog;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.gpu.cpu.internal.TestServices;

/** The bundle's Methods run with tiny sizes and give sane, well-formed results (no timing limits). */
class MethodsTest {
    private final TensorService svc = TestServices.service();
    @TempDir Path dir;

    private Result run(Method m, Map<String, String> raw) throws Exception {
        Params p = Params.parse(m.id(), m.params(), raw);
        Result r = m.run(p, Progress.NONE, RunDirectory.create(dir));
        Json.write(r.values(), true);
        return r;
    }

    @Test
    void tensorInfoSelfCheckPasses() throws Exception {
        Result r = run(new TensorInfoMethod(() -> svc, BackendCatalog.of(List.of(new BackendCatalog.Backend(svc.name(), 0, "cpu", svc)),
                List.of())), Map.of("n", "5"));
        assertEquals(true, r.values().get("all_ok"), String.valueOf(r.values().get("checks")));
        assertEquals("nd4j-cpu", r.values().get("backend"));
        Map<?, ?> solve = (Map<?, ?>) ((Map<?, ?>) r.values().get("checks")).get("solve");
        assertTrue(((Number) solve.get("residual")).doubleValue() < 1e-12, String.valueOf(solve));
    }

    @Test
    void benchMatmulMeasuresThreeWays() throws Exception {
        Result r = run(new BenchMatmulMethod(() -> svc, TestServices.ND4J),
                Map.of("sizes", "8,64", "dtypes", "float64,float32", "repeats", "2", "warmup", "1"));
        List<?> rows = (List<?>) r.values().get("results");
        assertEquals(4, rows.size());
        for (Object o : rows) {
            Map<?, ?> row = (Map<?, ?>) o;
            assertTrue(((Number) row.get("service_gflops_best")).doubleValue() > 0, String.valueOf(row));
            assertTrue(((Number) row.get("nd4j_gflops_best")).doubleValue() > 0, String.valueOf(row));
            assertTrue(((Number) row.get("ratio_service_nd4j")).doubleValue() > 0, String.valueOf(row));
            if (row.containsKey("numpy_gflops_best")) assertTrue(((Number) row.get("ratio_service_numpy")).doubleValue() > 0);
        }
    }

    @Test
    void benchMatmulRejectsUnknownDtype() {
        BadInputException e = assertThrows(BadInputException.class, () -> run(new BenchMatmulMethod(() -> svc, TestServices.ND4J),
                Map.of("sizes", "8", "dtypes", "float64,int8", "numpy", "false")));
        assertTrue(e.getMessage().contains("dtypes") && e.getMessage().contains("int8"), e.getMessage());
        assertThrows(BadInputException.class, () -> run(new BenchMatmulMethod(() -> svc, TestServices.ND4J), Map.of("sizes", "0")));
    }

    @Test
    void benchOpsGivesNanosecondsPerOp() throws Exception {
        Result r = run(new BenchOpsMethod(() -> svc, TestServices.ND4J), Map.of("budget_ms", "10"));
        Map<?, ?> ns = (Map<?, ?>) r.values().get("service_ns");
        for (String op : List.of("add", "mul", "exp", "sum", "matmul")) {
            double v = ((Number) ns.get(op)).doubleValue();
            assertTrue(v > 0 && v < 1e7, op + " = " + v);
        }
        Map<?, ?> peers = (Map<?, ?>) r.values().get("peers");
        assertTrue(((Map<?, ?>) peers.get("nd4j_ns")).containsKey("add_preallocated"), String.valueOf(peers));
    }

    @Test
    void dtypeListsRefuseTrailingCommas() {
        assertEquals(List.of(org.polymorph.core.tensor.DType.FLOAT64, org.polymorph.core.tensor.DType.FLOAT32),
                BenchMatmulMethod.parseDtypes("float64, f32"));
        BadInputException e = assertThrows(BadInputException.class, () -> BenchMatmulMethod.parseDtypes("float64,"));
        assertTrue(e.getMessage().contains("'dtypes' = 'float64,'") && e.getMessage().contains("empty element"), e.getMessage());
    }
}
