package org.polymorph.materials.internal.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Result;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;
import org.polymorph.materials.properties.BandPath;

/**
 * md.phonons' lists written with '/' (no quotes needed in Gogo or bash): two q-points give two rows of
 * frequencies, a labelled path reads, and trailing garbage exits 2 naming the parameter and the form.
 */
class PhononsListSyntaxTest {
    private final AD ad = new AutodiffEngines().create(new ReferenceTensorService());

    private PhononsMethod method() { return new PhononsMethod(() -> ad, FixedCatalog.builtin()); }

    private static String[] si(String... extra) {
        List<String> l = new java.util.ArrayList<>(List.of("lattice=diamond", "a=5.431", "element=Si", "potential=sw",
                "potential_file=" + Oracles.potentialFile("Si.sw"), "supercell=2,2,2"));
        l.addAll(List.of(extra));
        return l.toArray(new String[0]);
    }

    @SuppressWarnings("unchecked")
    @Test
    void twoQpointsSeparatedBySlashGiveTwoFrequencyRows(@TempDir Path dir) throws Exception {
        Result r = MethodTestSupport.run(method(), dir, si("qpoints=0,0,0/0,0.5,0.5", "path=G=0,0,0/X=0,0.5,0.5", "points_per_segment=2"));
        List<List<Double>> q = (List<List<Double>>) r.values().get("qpoints");
        assertEquals(List.of(List.of(0.0, 0.0, 0.0), List.of(0.0, 0.5, 0.5)), q);
        List<List<Double>> f = (List<List<Double>>) r.values().get("frequencies");
        assertEquals(2, f.size());
        assertEquals(0.0, f.get(0).get(0), 1e-6, "acoustic mode at Γ");
        assertTrue(f.get(1).get(0) > 1, "no acoustic zero at X: " + f.get(1));
        assertEquals(3, Files.readAllLines(dir.resolve("frequencies.csv")).size());
        assertEquals(List.of("G", "X"), r.values().get("path"));
    }

    @Test
    void pathsReadWithSlashesAndTheOlderSemicolon() {
        BandPath p = PhononsMethod.path("G=0,0,0/X=0.5,0,0.5/L=0.5,0.5,0.5", "fcc", 3);
        assertEquals(List.of("G", "X", "L"), p.labels());
        assertArrayEquals(new double[] {0.5, 0, 0.5}, p.points().get(1));
        assertEquals(p.labels(), PhononsMethod.path("G=0,0,0;X=0.5,0,0.5;L=0.5,0.5,0.5", "fcc", 3).labels());
        assertEquals(List.of("Γ", "X", "W", "K", "Γ", "L"), PhononsMethod.path("auto", "diamond", 3).labels());
        assertNull(PhononsMethod.path("none", "fcc", 3));
    }

    @Test
    void trailingGarbageAndMalformedItemsNameTheParameterAndTheForm(@TempDir Path dir) {
        String[][] cases = {
            {"qpoints=0,0,0;", "'qpoints' = '0,0,0;'", "empty item after the last separator"},
            {"qpoints=0,0,0,", "'qpoints' = '0,0,0,'", "empty element"},
            {"qpoints=0,0", "'0,0' has 2 numbers, not 3"},
            {"qpoints=0,0,0/0.5,0.5,0.5x", "'0.5x' is not a number"},
            {"path=G=0,0,0/", "'path' = 'G=0,0,0/'", "empty item", "LABEL=qa,qb,qc"},
            {"path=G=0,0,0/X=0.5,0", "'0.5,0' has 2 numbers, not 3"},
            {"path=G=0,0,0/0.5,0,0.5", "'0.5,0,0.5' is not LABEL=qa,qb,qc"},
            {"path=G=0,0,0", "at least two points"},
        };
        for (String[] c : cases) {
            BadInputException e = assertThrows(BadInputException.class, () -> MethodTestSupport.run(method(), dir, si(c[0])), c[0]);
            for (int k = 1; k < c.length; k++) assertTrue(e.getMessage().contains(c[k]), c[0] + " -> " + e.getMessage() + " lacks " + c[k]);
        }
    }
}
