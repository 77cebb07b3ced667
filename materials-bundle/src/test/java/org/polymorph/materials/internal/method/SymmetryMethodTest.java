package org.polymorph.materials.internal.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.polymorph.materials.internal.symmetry.SpaceGroupFinder;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

class SymmetryMethodTest {
    private final SymmetryMethod method = new SymmetryMethod(new SpaceGroupFinder());

    @Test
    void aPoscarOfDiamondGivesFd3mAndStandardCellsThatReadBackWithTheSameGroup(@TempDir Path tmp) throws Exception {
        Path poscar = tmp.resolve("Si.vasp");
        StructureFiles.writePoscar(poscar, Lattices.build("diamond", 5.431, new int[] {1, 2, 1}, "Si", 28.085), true);
        Result r = MethodTestSupport.run(method, tmp.resolve("run"), "structure=" + poscar, "symprec=1e-3", "angle_tolerance=-1");
        assertEquals(227, r.values().get("spacegroup_number"));
        assertEquals("Fd-3m", r.values().get("spacegroup_symbol"));
        assertEquals(525, r.values().get("hall_number"));
        assertEquals("m-3m", r.values().get("pointgroup"));
        assertEquals(16, ((List<?>) r.values().get("equivalent_atoms")).size());
        assertEquals(java.util.Collections.nCopies(16, "a"), r.values().get("wyckoffs"), "Si on 8a of Fd-3m");
        assertTrue(String.join("\n", r.summary()).contains("Wyckoff positions Si 8a"), r.summary().toString());
        for (String f : SymmetryMethod.FILES) assertTrue(Files.isRegularFile(tmp.resolve("run").resolve(f)), f);
        Atoms primitive = Structures.read(tmp.resolve("run/primitive.POSCAR"), "auto");
        assertEquals(2, primitive.size());
        Atoms conventional = Structures.read(tmp.resolve("run/conventional.cif"), "auto");
        assertEquals(8, conventional.size());
        assertEquals(5.431 * 5.431 * 5.431, conventional.box().volume(), 1e-6);
        Result again = MethodTestSupport.run(method, tmp.resolve("again"), "structure=" + tmp.resolve("run/primitive.POSCAR"));
        assertEquals(227, again.values().get("spacegroup_number"));
    }

    @Test
    void aNonPositiveSymprecIsBadInputNamingIt(@TempDir Path tmp) {
        for (String v : List.of("0", "-1e-3")) {
            BadInputException e = assertThrows(BadInputException.class, () -> MethodTestSupport.run(method, tmp.resolve("a" + v),
                    "lattice=fcc", "a=3.6", "element=Cu", "symprec=" + v));
            assertTrue(e.getMessage().contains("'symprec'"), e.getMessage());
        }
    }

    @Test
    void anUnreadableFileIsBadInputNamingTheParameter(@TempDir Path tmp) throws Exception {
        Path junk = tmp.resolve("junk.cif");
        Files.writeString(junk, "this is not a CIF file\n");
        BadInputException e = assertThrows(BadInputException.class, () -> MethodTestSupport.run(method, tmp.resolve("b"), "structure=" + junk));
        assertTrue(e.getMessage().contains("structure") || e.getMessage().contains("junk.cif"), e.getMessage());
        BadInputException missing = assertThrows(BadInputException.class, () -> MethodTestSupport.run(method, tmp.resolve("c"),
                "structure=" + tmp.resolve("absent.cif")));
        assertTrue(missing.getMessage().contains("'structure'"), missing.getMessage());
    }
}
