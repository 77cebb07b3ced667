package org.polymorph.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.core.testing.PackageDependencies;

/** The exported packages of the autodiff bundle reach its implementation only through services. */
class LayeringTest {
    @Test
    void exportedPackagesUseNoInternalPackage() throws IOException {
        PackageDependencies deps = PackageDependencies.of(Path.of("target/classes"));
        assertTrue(deps.exported().contains("org.polymorph.autodiff.nn"), "exported packages found: " + deps.exported());
        assertEquals(List.of(), deps.exportedUsingInternal());
    }
}
