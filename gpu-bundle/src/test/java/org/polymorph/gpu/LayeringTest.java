package org.polymorph.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.core.testing.PackageDependencies;

/**
 * The gpu bundle's two backends, the CPU one (Java + OpenBLAS via ND4J, {@code cpu}) and the CUDA
 * one ({@code cuda}), know nothing of each other (they share only the einsum parser, which uses
 * neither); the bundle's composition root wires them. It
 * exports nothing, so no exported package can reach an internal one.
 */
class LayeringTest {
    @Test
    void cpuAndCudaBackendsDoNotUseEachOther() throws IOException {
        PackageDependencies deps = PackageDependencies.of(Path.of("target/classes"));
        assertFalse(deps.uses("org.polymorph.gpu.internal", "org.polymorph.gpu.cpu").isEmpty(), "the activator's wiring is seen");
        assertEquals(List.of(), deps.uses("org.polymorph.gpu.cpu", "org.polymorph.gpu.cuda"));
        assertEquals(List.of(), deps.uses("org.polymorph.gpu.cuda", "org.polymorph.gpu.cpu"));
        // the einsum parser both backends share uses neither of them
        assertFalse(deps.uses("org.polymorph.gpu.cuda", "org.polymorph.gpu.einsum").isEmpty(), "the CUDA backend's einsum parser is seen");
        assertEquals(List.of(), deps.uses("org.polymorph.gpu.einsum", "org.polymorph.gpu.cpu"));
        assertEquals(List.of(), deps.uses("org.polymorph.gpu.einsum", "org.polymorph.gpu.cuda"));
        assertEquals(List.of(), deps.exportedUsingInternal());
        assertEquals(List.of(), List.copyOf(deps.exported()));
    }
}
