package org.polymorph.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.service.BackendCatalog.Backend;
import org.polymorph.core.tensor.BackendProbe;
import org.polymorph.core.tensor.Backends;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.testing.NamedTensorService;

/** Choosing a backend by the run parameter's value in a fixed catalog: cpu, names, the default, the messages. */
class BackendCatalogTest {
    private static Backend backend(String name, int ranking, String device) {
        return new Backend(name, ranking, device, NamedTensorService.of(name));
    }

    @Test
    void cpuIsTheHighestRankedBackendNotOnAGpuAndTheDefaultIsTheHighestOfAll() throws Exception {
        Backend reference = backend("reference", -5, Backends.CPU);
        Backend cpu = backend("nd4j-cpu", 0, Backends.CPU);
        Backend cuda = backend("cuda", 10, Backends.GPU);
        BackendCatalog c = BackendCatalog.of(List.of(reference, cuda, cpu), List.of());
        assertEquals(List.of("cuda", "nd4j-cpu", "reference"), c.registered().stream().map(Backend::name).toList());
        assertSame(cuda, c.defaultBackend().orElseThrow());
        assertSame(cpu, c.select("cpu", Duration.ZERO));
        assertSame(cpu, c.select(" CPU ", Duration.ZERO));
        assertSame(reference, c.select("reference", Duration.ZERO));
        assertSame(cuda, c.select("Cuda", Duration.ZERO));
        assertSame(cuda.service(), c.current(), "no selection on this thread: the default");
        TensorService chosen = Backends.call("reference", c::current);
        assertSame(reference.service(), chosen);
    }

    @Test
    void withOnlyGpuBackendsCpuIsBadInput() {
        BackendCatalog c = BackendCatalog.of(List.of(backend("cuda", 10, Backends.GPU)), List.of());
        BadInputException e = assertThrows(BadInputException.class, () -> c.select("cpu", Duration.ZERO));
        assertEquals("parameter 'backend' = 'cpu': no backend that computes on the CPU is registered; use one of cuda (default, ranking 10),"
                + " or leave backend out for the default", e.getMessage());
    }

    @Test
    void anUndecidedProbeIsReportedAsStillProbingAfterTheWait() {
        BackendProbe probe = new BackendProbe("cuda");
        BackendCatalog c = BackendCatalog.of(List.of(backend("nd4j-cpu", 0, Backends.CPU)), List.of(probe));
        assertEquals(List.of(new BackendCatalog.Absent("cuda", "still probing")), c.absent());
        BadInputException e = assertThrows(BadInputException.class, () -> c.select("cuda", Duration.ofMillis(50)));
        assertTrue(e.getMessage().startsWith("parameter 'backend' = 'cuda': backend cuda is not available: still probing after 0.1 s;"
                + " use one of cpu (nd4j-cpu), nd4j-cpu (default, ranking 0)"), e.getMessage());
    }

    @Test
    void withNothingRegisteredTheMessageSaysWhichBundleToCheck() {
        BackendCatalog c = BackendCatalog.of(List.of(), List.of());
        BadInputException e = assertThrows(BadInputException.class, () -> c.select("nd4j-cpu", Duration.ZERO));
        assertEquals("parameter 'backend' = 'nd4j-cpu': unknown backend; no TensorService is registered now; check that the gpu bundle"
                + " (org.polymorph.gpu) is active (lb)", e.getMessage());
        assertThrows(BadInputException.class, () -> c.select(" ", Duration.ZERO));
        IllegalStateException none = assertThrows(IllegalStateException.class, c::current);
        assertTrue(none.getMessage().startsWith("no TensorService service is registered"), none.getMessage());
    }
}
