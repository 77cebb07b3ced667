package org.polymorph.materials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.core.testing.PackageDependencies;

/**
 * The materials bundle's layers: exported packages never use internal ones, and the pair geometry
 * of {@code space} does not depend on the neighbour lists of {@code partition} (partition builds on space).
 */
class LayeringTest {
    private final PackageDependencies deps = read();

    private static PackageDependencies read() {
        try {
            return PackageDependencies.of(Path.of("target/classes"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void exportedPackagesUseNoInternalPackage() {
        assertTrue(deps.exported().contains("org.polymorph.materials.dynamics"), "exported packages found: " + deps.exported());
        assertEquals(List.of(), deps.exportedUsingInternal());
    }

    @Test
    void spaceDoesNotUsePartition() {
        assertEquals(List.of(), deps.uses("org.polymorph.materials.space", "org.polymorph.materials.partition"));
        assertEquals(List.of("org.polymorph.materials.partition -> org.polymorph.materials.space"),
                deps.uses("org.polymorph.materials.partition", "org.polymorph.materials.space"), "the allowed direction is seen");
    }
}
