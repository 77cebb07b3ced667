package org.polymorph.gpu.internal.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.service.BackendCatalog;
import org.polymorph.core.tensor.BackendProbe;
import org.polymorph.core.tensor.Backends;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.gpu.cpu.internal.TestServices;

/** tensor.info lists every registered backend with its facts and the absent ones with the reason, and checks the run's. */
class TensorInfoBackendsTest {
    @TempDir Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void listsEveryBackendAndSelfChecksTheOneTheRunChose() throws Exception {
        TensorService cpu = TestServices.service();
        TensorService reference = new ReferenceTensorService();
        BackendProbe cuda = new BackendProbe("cuda");
        cuda.absent("no CUDA driver (UnsatisfiedLinkError: libcuda.so.1 missing)");
        BackendCatalog catalog = BackendCatalog.of(List.of(new BackendCatalog.Backend("reference", -1, Backends.CPU, reference),
                new BackendCatalog.Backend(cpu.name(), 0, Backends.CPU, cpu)), List.of(cuda));
        TensorInfoMethod m = new TensorInfoMethod(catalog::current, catalog);
        Params p = Params.parse(m.id(), m.params(), Map.of("n", "4"));
        Result r = Backends.call("reference", () -> m.run(p, Progress.NONE, RunDirectory.create(dir)));

        assertEquals("reference", r.values().get("backend"));
        assertEquals(true, r.values().get("all_ok"), String.valueOf(r.values().get("checks")));
        List<Map<String, Object>> listed = (List<Map<String, Object>>) r.values().get("backends");
        assertEquals(List.of("nd4j-cpu", "reference"), listed.stream().map(b -> b.get("name")).toList());
        assertEquals(List.of(0, -1), listed.stream().map(b -> b.get("ranking")).toList());
        assertEquals(List.of(true, false), listed.stream().map(b -> b.get("default")).toList());
        assertEquals(List.of(false, true), listed.stream().map(b -> b.get("this_run")).toList());
        assertEquals("nd4j-cpu", ((Map<String, Object>) listed.get(0).get("describe")).get("backend"));
        assertTrue(((Map<String, Object>) listed.get(0).get("describe")).containsKey("blas"), "the describe() facts of each");
        assertEquals(List.of(Map.of("name", "cuda", "reason", "no CUDA driver (UnsatisfiedLinkError: libcuda.so.1 missing)")),
                r.values().get("absent"));
        assertTrue(r.summary().contains("registered backend reference (ranking -1, cpu, this run)"), String.valueOf(r.summary()));
        assertTrue(r.summary().contains("not available: cuda (no CUDA driver (UnsatisfiedLinkError: libcuda.so.1 missing))"),
                String.valueOf(r.summary()));

        Result byDefault = m.run(p, Progress.NONE, RunDirectory.create(dir.resolve("second")));
        assertEquals("nd4j-cpu", byDefault.values().get("backend"), "without a selection: the highest-ranked");
    }
}
