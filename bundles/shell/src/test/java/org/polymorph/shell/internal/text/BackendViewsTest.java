package org.polymorph.shell.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.core.runtime.Json;
import org.polymorph.core.service.BackendCatalog;
import org.polymorph.core.tensor.Backends;
import org.polymorph.core.tensor.testing.NamedTensorService;
import org.polymorph.shell.internal.registry.BackendSource;

/** The backend view lists every registered backend with its facts, the default first, and the absent ones with why. */
class BackendViewsTest {
    private static final BackendSource TWO = new BackendSource() {
        @Override public List<BackendCatalog.Backend> registered() {
            return List.of(new BackendCatalog.Backend("fast-gpu", 10, Backends.GPU, NamedTensorService.of("fast-gpu")),
                    new BackendCatalog.Backend("slow-cpu", 0, Backends.CPU, NamedTensorService.of("slow-cpu")));
        }

        @Override public List<BackendCatalog.Absent> absent() {
            return List.of(new BackendCatalog.Absent("cuda", "no CUDA driver (libcuda.so.1 missing)"));
        }
    };

    @Test
    void textListsEveryBackendWithItsFactsAndTheAbsentOnes() {
        String text = BackendViews.text(TWO);
        assertTrue(text.startsWith("active TensorService: fast-gpu (default; service.ranking 10, device gpu, 2 backends registered)\n"
                + "  backend:"), text);
        assertTrue(text.contains("\nalso registered: slow-cpu (service.ranking 0, device cpu)\n"), text);
        assertTrue(text.matches("(?s).*also registered: slow-cpu[^\\n]*\\n  backend:\\s+slow-cpu\\n.*"), "its own describe() facts: " + text);
        assertTrue(text.contains("\nnot available: cuda (no CUDA driver (libcuda.so.1 missing))\n"), text);
        assertTrue(text.endsWith("choose one per run with backend=cpu|fast-gpu|slow-cpu (cpu: the highest-ranked backend not on a GPU)\n"), text);
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonKeepsTheActiveBackendsKeysAndAddsTheList() {
        Map<String, Object> json = (Map<String, Object>) Json.parse(Json.write(BackendViews.json(TWO), false));
        assertEquals("fast-gpu", json.get("name"));
        assertEquals(10L, json.get("service_ranking"));
        assertEquals(2L, json.get("registered_backends"));
        List<Map<String, Object>> list = (List<Map<String, Object>>) json.get("backends");
        assertEquals(List.of("fast-gpu", "slow-cpu"), list.stream().map(b -> b.get("name")).toList());
        assertEquals(List.of(true, false), list.stream().map(b -> b.get("default")).toList());
        assertEquals(List.of("gpu", "cpu"), list.stream().map(b -> b.get("device")).toList());
        assertEquals("slow-cpu", ((Map<String, Object>) list.get(1).get("describe")).get("backend"));
        assertEquals(List.of(Map.of("name", "cuda", "reason", "no CUDA driver (libcuda.so.1 missing)")), json.get("absent"));
    }
}
