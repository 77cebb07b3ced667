package org.polymorph.materials.internal.potential.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.method.BadInputException;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.potential.FittableStyle;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.PotentialCatalog;
import org.polymorph.materials.potential.PotentialParameter;
import org.polymorph.materials.potential.PotentialProvider;
import org.polymorph.materials.potential.PotentialValues;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/** The built-in providers state what their potentials do, and the catalog finds them by id or alias. */
class BuiltinStylesTest {
    private static final PotentialCatalog CATALOG = FixedCatalog.builtin();

    @TempDir
    Path tmp;

    /** One potential of the style (file from the oracles where it reads one) for {@code elements}. */
    private static Potential sample(String style) {
        Atoms si = Lattices.build("diamond", 5.431, new int[] {1, 1, 1}, "Si", 28.0855);
        return switch (style) {
            case "lj/cut" -> CATALOG.create("lj/cut:epsilon=0.01,sigma=3.4,cutoff=8", "", "", List.of("Ar"));
            case "morse" -> CATALOG.create("morse:d0=0.34,alpha=1.36,r0=2.87,cutoff=6", "", "", List.of("Cu"));
            case "soft/sphere" -> CATALOG.create("soft_sphere:epsilon=1,sigma=1", "", "", List.of("A"));
            case "bks" -> CATALOG.create("bks", "", "", List.of("Si", "O"));
            case "gupta" -> CATALOG.create("gupta:A=0.0855,xi=1.224,p=10.96,q=2.278,r0=2.5562,cutoff=5", "", "", List.of("Cu"));
            case "sw", "tersoff", "edip" -> CATALOG.create(style, Oracles.potentialFile("Si." + style).toString(), "", si.typeNames());
            case "eam" -> CATALOG.create("eam", Oracles.potentialFile("Cu_u3.eam").toString(), "", List.of("Cu"));
            default -> null;     // eam/alloy and nn/bp need files the oracles do not hold; their list kind is checked below by its own test
        };
    }

    @Test
    void listKindsAndStyleIdsMatchThePotentials() {
        Set<String> ids = new HashSet<>();
        for (PotentialProvider p : BuiltinStyles.all()) {
            assertTrue(ids.add(p.style()), "style id " + p.style() + " given twice");
            assertTrue(!p.description().isBlank(), p.style() + " has no description");
            Potential pot = sample(p.style());
            if (pot == null) continue;
            assertEquals(p.listKind() == PotentialProvider.ListKind.FULL, pot.needsFullList(), p.style() + " list kind");
            assertTrue(p.style().equals(pot.style()) || p.aliases().contains(pot.style()), p.style() + " builds " + pot.style());
        }
        assertEquals(11, ids.size());
        assertEquals(PotentialProvider.ListKind.FULL, CATALOG.provider("nn/bp").listKind());
        assertEquals(PotentialProvider.ListKind.HALF, CATALOG.provider("eam/alloy").listKind());
    }

    @Test
    void capabilitiesAreThoseOfTheKernels() {
        assertEquals(List.of("edip", "sw", "tersoff"), CATALOG.styles(p -> p.fittable().isPresent()));
        assertEquals(List.of("edip", "lj/cut", "morse", "soft/sphere", "sw", "tersoff"), CATALOG.styles(PotentialProvider::rowDecomposable));
        assertEquals(List.of("eam/alloy", "edip", "nn/bp", "sw", "tersoff"), CATALOG.styles(p -> p.files() == PotentialProvider.FileRule.ONE));
        assertEquals(PotentialProvider.FileRule.ONE_PER_TYPE, CATALOG.provider("eam").files());
    }

    @Test
    void aliasesResolveAndUnknownStylesNameThosePresent() {
        assertEquals("soft/sphere", CATALOG.provider("soft_sphere").style());
        assertTrue(CATALOG.find("born").isEmpty());
        BadInputException e = assertThrows(BadInputException.class, () -> CATALOG.provider("born"));
        assertTrue(e.getMessage().contains("'potential' = 'born'") && e.getMessage().contains(String.join(", ", CATALOG.styles())), e.getMessage());
        BadInputException none = assertThrows(BadInputException.class, () -> new FixedCatalog(List.of()).create("lj/cut", "", "", List.of("Ar")));
        assertTrue(none.getMessage().contains("no pair style is registered"), none.getMessage());
    }

    @Test
    void theFirstProviderOfAnIdWinsInAFixedCatalog() {
        PotentialProvider morse = new MorseStyle();
        PotentialProvider other = new PotentialProvider() {
            @Override public String style() { return "lj/cut"; }
            @Override public String description() { return morse.description(); }
            @Override public List<PotentialParameter> parameters() { return morse.parameters(); }
            @Override public ListKind listKind() { return morse.listKind(); }
            @Override public Potential create(PotentialValues v, List<Path> files, List<String> elements) throws java.io.IOException {
                return morse.create(v, files, elements);
            }
        };
        assertTrue(new FixedCatalog(List.of(new LjCutStyle(), other)).provider("lj/cut") instanceof LjCutStyle);
        assertTrue(new FixedCatalog(List.of(other, new LjCutStyle())).provider("lj/cut") == other);
    }

    @Test
    void fileCountsAreChecked() {
        String cu = Oracles.potentialFile("Cu_u3.eam").toString();
        BadInputException two = assertThrows(BadInputException.class, () -> CATALOG.create("eam", cu + "," + cu, "", List.of("Cu")));
        assertTrue(two.getMessage().contains("2 file(s) for 1 structure type(s)"), two.getMessage());
        BadInputException lj = assertThrows(BadInputException.class, () -> CATALOG.create("lj/cut:epsilon=1,sigma=1,cutoff=2", cu, "", List.of("Ar")));
        assertTrue(lj.getMessage().contains("takes no file") && lj.getMessage().contains("eam, eam/alloy"), lj.getMessage());
        String sw = Oracles.potentialFile("Si.sw").toString();
        BadInputException many = assertThrows(BadInputException.class, () -> CATALOG.create("sw", sw + "," + sw, "", List.of("Si")));
        assertTrue(many.getMessage().contains("exactly one file"), many.getMessage());
    }

    @Test
    void fittableStylesWriteFilesThatReadBackExactly() throws Exception {
        for (String style : List.of("sw", "tersoff", "edip")) {
            FittableStyle f = CATALOG.provider(style).fittable().orElseThrow();
            double[] v = f.read(Oracles.potentialFile("Si." + style), "Si");
            assertEquals(f.names().size(), v.length);
            for (int k = 0; k < v.length; k++) v[k] *= 1 + 1e-3 * k;
            v[f.index(style.equals("tersoff") ? "m" : f.names().get(0))] = style.equals("tersoff") ? 3 : v[0];
            Path file = Files.writeString(tmp.resolve("fitted." + style), f.write("Si", v, "test"));
            assertArrayEquals(v, f.read(file, "Si"), style);
            List<String> overridable = CATALOG.provider(style).parameters().stream().map(PotentialParameter::name).toList();
            assertEquals(f.names(), overridable, style + ": every file number can be overridden by name");
        }
        assertTrue(!CATALOG.provider("sw").fittable().orElseThrow().freeable("tol"));
        assertTrue(!CATALOG.provider("tersoff").fittable().orElseThrow().freeable("m"));
        assertTrue(CATALOG.provider("edip").fittable().orElseThrow().freeable("u1"));
    }
}
