package org.polymorph.materials.internal.crystal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.materials.internal.symmetry.SpaceGroupFinder;
import org.polymorph.materials.symmetry.SymmetryDataset;

/** The shipped polymorph library: every CIF has the space group its index entry gives. */
class PolymorphLibraryTest {
    @Test
    void everyShippedPolymorphHasItsIndexedSpaceGroup() throws IOException {
        Map<String, Integer> indexed = new HashMap<>();
        try (InputStream in = PolymorphLibrary.class.getClassLoader().getResourceAsStream("polymorphs/INDEX")) {
            assertNotNull(in);
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t");
                indexed.put(f[0].replaceFirst("\\.cif$", ""), Integer.parseInt(f[1]));
            }
        }
        List<PolymorphLibrary.Polymorph> library = PolymorphLibrary.builtin();
        assertEquals(indexed.size(), library.size());
        SpaceGroupFinder finder = new SpaceGroupFinder();
        for (PolymorphLibrary.Polymorph p : library) {
            SymmetryDataset d = finder.find(p.atoms(), 1e-3, -1);
            assertEquals(indexed.get(p.name()), d.spacegroupNumber(), p.name());
        }
    }
}
