package org.polymorph.materials.internal.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.PotentialCatalog;
import org.polymorph.materials.potential.PotentialProvider;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;
import org.polymorph.materials.internal.io.StructureFiles;
import org.polymorph.materials.structure.Atoms;

class StructuresTest {
    private final Method m = new EvaluateMethod(FixedCatalog.builtin());

    private static String messageOf(Runnable r) {
        return assertThrows(BadInputException.class, r::run).getMessage();
    }

    /** A catalog that still lists a style whose provider has gone by the time it is looked up (a bundle removed meanwhile). */
    private static PotentialCatalog withVanishedStyle(PotentialCatalog real, String gone) {
        return new PotentialCatalog() {
            @Override public List<String> styles() {
                List<String> s = new ArrayList<>(real.styles());
                s.add(gone);
                return s;
            }
            @Override public List<String> styles(Predicate<PotentialProvider> test) { return real.styles(test); }
            @Override public Optional<PotentialProvider> find(String style) { return real.find(style); }
            @Override public PotentialProvider provider(String style) { return real.provider(style); }
            @Override public Potential create(String spec, String fileList, String overrides, List<String> elements) {
                return real.create(spec, fileList, overrides, elements);
            }
        };
    }

    @Test
    void aStyleRemovedWhileTheParametersAreDescribedIsLeftOut() {
        List<ParamSpec> specs = Structures.potentialParams(withVanishedStyle(FixedCatalog.builtin(), "born"));
        String potential = specs.get(0).description();
        assertTrue(potential.contains("lj/cut: epsilon*"), potential);
        assertTrue(!potential.contains("born"), potential);
    }

    @Test
    void latticeWithMassFromTheElementTable() {
        Atoms si = Structures.load(MethodTestSupport.params(m, "lattice=diamond", "a=5.431", "repeat=2,1,3", "element=Si", "potential=sw"));
        assertEquals(8 * 6, si.size());
        assertEquals(28.085, si.masses()[0], 1e-9);
        assertEquals(5.431 * 5.431 * 5.431 * 6, si.box().volume(), 1e-9);
        Atoms x = Structures.load(MethodTestSupport.params(m, "lattice=fcc", "a=1.5", "element=LJ", "mass=1", "potential=sw"));
        assertEquals(1.0, x.masses()[0]);
    }

    @Test
    void errorsNameTheParameter() {
        assertTrue(messageOf(() -> Structures.load(MethodTestSupport.params(m, "lattice=fcc", "element=Cu", "potential=sw"))).contains("'a'"));
        assertTrue(messageOf(() -> Structures.load(MethodTestSupport.params(m, "lattice=fcc", "a=3.6", "potential=sw"))).contains("'element'"));
        assertTrue(messageOf(() -> Structures.load(MethodTestSupport.params(m, "lattice=fcc", "a=3.6", "element=Xx", "potential=sw")))
                .contains("mass="));
        assertTrue(messageOf(() -> Structures.load(MethodTestSupport.params(m, "potential=sw"))).contains("lattice="));
        assertTrue(messageOf(() -> MethodTestSupport.params(m, "lattice=fcx", "potential=sw")).contains("'lattice'"));
        assertTrue(messageOf(() -> MethodTestSupport.params(m, "repeat=2,0,1", "potential=sw")).contains("'repeat'"));
        assertTrue(messageOf(() -> MethodTestSupport.params(m, "structure=/no/such.xyz", "potential=sw")).contains("'structure'"));
    }

    @Test
    void structureFilesByExtensionAndFormat(@TempDir Path tmp) throws Exception {
        Atoms si = Structures.load(MethodTestSupport.params(m, "lattice=diamond", "a=5.431", "element=Si", "potential=sw"));
        Path poscar = tmp.resolve("POSCAR");
        StructureFiles.writePoscar(poscar, si, true);
        Atoms back = Structures.load(MethodTestSupport.params(m, "structure=" + poscar, "potential=sw"));
        assertEquals(si.size(), back.size());
        assertEquals(si.box().volume(), back.box().volume(), 1e-9);
        Path odd = tmp.resolve("si.txt");
        Files.copy(poscar, odd);
        assertTrue(messageOf(() -> Structures.load(MethodTestSupport.params(m, "structure=" + odd, "potential=sw"))).contains("format="));
        assertEquals(si.size(), Structures.load(MethodTestSupport.params(m, "structure=" + odd, "format=poscar", "potential=sw")).size());
        Path broken = tmp.resolve("broken.xyz");
        Files.writeString(broken, "3\nLattice=\"1 0 0 0 1 0 0 0 1\"\nSi 0 0\n");
        assertTrue(messageOf(() -> Structures.load(MethodTestSupport.params(m, "structure=" + broken, "potential=sw"))).contains("'structure'"));
    }
}
