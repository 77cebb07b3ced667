package org.polymorph.materials.internal.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Result;
import org.polymorph.materials.structure.Atoms;

class ConvertMethodTest {
    @Test
    void everyFormatReadsBackAsTheSameStructure(@TempDir Path tmp) throws Exception {
        Atoms ref = null;
        for (String to : ConvertMethod.OUTPUTS) {
            Path out = tmp.resolve(to);
            Result r = MethodTestSupport.run(new ConvertMethod(), out, "lattice=diamond", "a=5.431", "repeat=2,1,1", "element=Si", "to=" + to);
            assertEquals("Si16", r.values().get("formula"));
            Atoms back = Structures.read(out.resolve((String) r.values().get("file")), "auto");
            if (ref == null) ref = back;
            assertEquals(16, back.size(), to);
            assertArrayEquals(ref.box().h(), back.box().h(), 1e-9, to);
            assertArrayEquals(ref.positions(), back.positions(), 1e-8, to);
            assertEquals(ref.typeNames(), back.typeNames(), to);
        }
        // a file in, another format out
        Result again = MethodTestSupport.run(new ConvertMethod(), tmp.resolve("again"), "structure=" + tmp.resolve("cif/structure.cif"),
                "to=poscar", "name=Si.vasp");
        assertEquals("Si.vasp", again.values().get("file"));
        assertArrayEquals(ref.positions(), Structures.read(tmp.resolve("again/Si.vasp"), "auto").positions(), 1e-8);
    }

    /** md.convert (md.rdf likewise) reads structure files through the same code as md.evaluate: elements= names ASE's untyped data file. */
    @Test
    void anAseDataFileWithoutMassesTakesElements(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("si.data");
        java.nio.file.Files.writeString(data, EvaluateMethodTest.ASE_SI_DATA);
        Result r = MethodTestSupport.run(new ConvertMethod(), tmp.resolve("out"), "structure=" + data, "elements=Si", "to=extxyz");
        assertEquals("Si8", r.values().get("formula"));
        Atoms back = Structures.read(tmp.resolve("out/structure.extxyz"), "auto");
        assertEquals(28.085, back.masses()[0], 1e-12);
        BadInputException e = assertThrows(BadInputException.class, () -> MethodTestSupport.run(new ConvertMethod(), tmp.resolve("refused"),
                "structure=" + data, "to=extxyz"));
        assertTrue(e.getMessage().contains("no Masses section") && e.getMessage().contains("elements="), e.getMessage());
        MethodTestSupport.run(new RdfMethod(), tmp.resolve("rdf"), "structure=" + data, "elements=Si");
    }

    @Test
    void aFolderInTheNameIsBadInput(@TempDir Path tmp) throws Exception {
        BadInputException e = assertThrows(BadInputException.class, () -> MethodTestSupport.run(new ConvertMethod(), tmp.resolve("a"),
                "lattice=fcc", "a=3.6", "element=Cu", "name=../x.cif", "to=cif"));
        assertTrue(e.getMessage().contains("'name'"), e.getMessage());
    }
}
