package org.polymorph.materials.internal.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Result;
import org.polymorph.materials.internal.io.StructureFiles;
import org.polymorph.materials.internal.matching.SiteMatcher;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

class MatchMethodTest {
    private final MatchMethod method = new MatchMethod(new SiteMatcher());

    /** Diamond Si as a conventional CIF and as a strained, shifted POSCAR supercell: the same crystal. */
    @Test
    void sameCrystalInTwoFormats(@TempDir Path tmp) throws Exception {
        Atoms cell = Lattices.build("diamond", 5.431, new int[] {1, 1, 1}, "Si", 28.085);
        Atoms big = Lattices.build("diamond", 5.431, new int[] {2, 1, 1}, "Si", 28.085).strained(new double[] {0.03, 0.01, 0, 0.01, -0.02, 0, 0, 0, 0.01});
        Path a = tmp.resolve("a.cif"), b = tmp.resolve("POSCAR");
        StructureFiles.writeCif(a, cell);
        StructureFiles.writePoscar(b, big, true);
        Result r = MethodTestSupport.run(method, tmp.resolve("run"), "a=" + a, "b=" + b);
        assertEquals(true, r.values().get("match"));
        assertEquals(0, ((Number) r.values().get("rms")).doubleValue(), 1e-9);
        List<String> rows = Files.readAllLines(tmp.resolve("run/mapping.csv"));
        assertEquals("atom_b,element_b,atom_a,element_a", rows.get(0));
        assertEquals(big.size() + 1, rows.size());
        for (String row : rows.subList(1, rows.size())) assertTrue(row.matches("\\d+,Si,[0-7],Si"), row);

        Result exact = MethodTestSupport.run(method, tmp.resolve("run2"), "a=" + a, "b=" + b, "primitive_cell=false");
        assertEquals(false, exact.values().get("match"));
        assertFalse(exact.values().containsKey("rms"));
        Result supercell = MethodTestSupport.run(method, tmp.resolve("run3"), "a=" + a, "b=" + b, "primitive_cell=false", "attempt_supercell=true");
        assertEquals(true, supercell.values().get("match"));
    }

    @Test
    void fccAndBccDiffer(@TempDir Path tmp) throws Exception {
        Path a = tmp.resolve("fcc.cif"), b = tmp.resolve("bcc.cif");
        StructureFiles.writeCif(a, Lattices.build("fcc", 3.615, new int[] {1, 1, 1}, "Cu", 63.546));
        StructureFiles.writeCif(b, Lattices.build("bcc", 2.87, new int[] {1, 1, 1}, "Cu", 63.546));
        Result r = MethodTestSupport.run(method, tmp.resolve("run"), "a=" + a, "b=" + b);
        assertEquals(false, r.values().get("match"));
    }

    @Test
    void badInputNamesTheParameter(@TempDir Path tmp) throws Exception {
        Path good = tmp.resolve("a.cif"), junk = tmp.resolve("junk.cif"), missing = tmp.resolve("nothing.cif");
        StructureFiles.writeCif(good, Lattices.build("fcc", 3.615, new int[] {1, 1, 1}, "Cu", 63.546));
        Files.writeString(junk, "this is not a crystal\n");
        BadInputException e = assertThrows(BadInputException.class, () -> MethodTestSupport.run(method, tmp.resolve("r1"), "a=" + good, "b=" + junk));
        assertTrue(e.getMessage().contains("'b'") || e.getMessage().contains("b ="), e.getMessage());
        e = assertThrows(BadInputException.class, () -> MethodTestSupport.run(method, tmp.resolve("r2"), "a=" + missing, "b=" + good));
        assertTrue(e.getMessage().contains("a"), e.getMessage());
        for (String bad : List.of("ltol=0", "ltol=-0.1", "stol=0", "angle_tol=0")) {
            e = assertThrows(BadInputException.class, () -> MethodTestSupport.run(method, tmp.resolve("r3"), "a=" + good, "b=" + good, bad));
            String name = bad.substring(0, bad.indexOf('='));
            assertTrue(e.getMessage().contains(name), bad + ": " + e.getMessage());
        }
        e = assertThrows(BadInputException.class, () -> MethodTestSupport.run(method, tmp.resolve("r4"), "a=" + good, "b=" + good,
                "attempt_supercell=true", "allow_subset=true"));
        assertTrue(e.getMessage().contains("allow_subset"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> MethodTestSupport.run(method, tmp.resolve("r5"), "a=" + good, "b=" + good, "species=some"));
        assertTrue(e.getMessage().contains("species"), e.getMessage());
    }
}
