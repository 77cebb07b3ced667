package org.polymorph.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.core.testing.PackageDependencies;

/** The exported packages of the optimizers bundle (optimizers, tasks, constrained) reach its implementation only through services. */
class LayeringTest {
    @Test
    void exportedPackagesUseNoInternalPackage() throws IOException {
        PackageDependencies deps = PackageDependencies.of(Path.of("target/classes"));
        assertTrue(deps.exported().containsAll(List.of("org.polymorph.optimizers", "org.polymorph.optimizers.task",
                "org.polymorph.optimizers.constrained")),
                "exported packages found: " + deps.exported());
        assertEquals(List.of(), deps.exportedUsingInternal());
    }
}
