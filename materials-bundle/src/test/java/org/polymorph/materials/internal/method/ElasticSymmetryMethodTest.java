package org.polymorph.materials.internal.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.method.Result;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;

/** md.elastic names the crystal class and its constants; md.elastic and md.phonons warn where the numbers cannot be trusted. */
class ElasticSymmetryMethodTest {
    private static final String LJ_AR = "potential=lj/cut:epsilon=0.0104,sigma=3.4,cutoff=8.5";
    private final AD ad = new AutodiffEngines().create(new ReferenceTensorService());

    private Result elastic(Path dir, String... kv) throws Exception {
        return MethodTestSupport.run(new ElasticMethod(() -> ad, FixedCatalog.builtin()), dir, kv);
    }

    @SuppressWarnings("unchecked")
    @Test
    void hcpReportsTheFiveHexagonalConstants(@TempDir Path dir) throws Exception {
        Result r = elastic(dir, "lattice=hcp", "a=3.7", "repeat=3,2,2", "element=Ar", LJ_AR);
        Map<String, Object> v = r.values();
        assertEquals("hexagonal", v.get("crystal_system"));
        assertEquals("6/mmm", v.get("laue_class"));
        assertEquals(List.of("C11", "C12", "C13", "C33", "C44"), v.get("independent_constants"));
        for (String k : List.of("C11", "C12", "C13", "C33", "C44")) assertTrue(v.containsKey(k), k);
        assertFalse(v.containsKey("C66"), "C66 = (C11 - C12)/2 is not independent");
        assertTrue(((Map<String, Object>) v.get("clamped")).containsKey("C13"));
        // the 6x6 itself obeys the hexagonal relations (Nye): C22 = C11, C23 = C13, C55 = C44, C66 = (C11 - C12)/2
        List<List<Double>> c = (List<List<Double>>) v.get("relaxed_6x6");
        double c11 = c.get(0).get(0), c12 = c.get(0).get(1);
        assertEquals(c11, c.get(1).get(1), 1e-6 * c11);
        assertEquals(c.get(0).get(2), c.get(1).get(2), 1e-6 * c11);
        assertEquals(c.get(3).get(3), c.get(4).get(4), 1e-6 * c11);
        assertEquals((c11 - c12) / 2, c.get(5).get(5), 1e-6 * c11);
        assertEquals(c11, (Double) v.get("C11"), 1e-6 * c11);
        assertEquals(c.get(2).get(2), (Double) v.get("C33"), 1e-6 * c11);
        assertTrue((Double) v.get("symmetry_deviation") < 1e-6 * c11);
        assertTrue(r.summary().get(0).startsWith("hexagonal (Laue class 6/mmm): relaxed-ion C11 = "), r.summary().get(0));
        assertTrue(r.summary().get(0).contains("C13 = ") && r.summary().get(0).contains("C33 = "), r.summary().get(0));
        assertEquals(List.of(), r.warnings(), "a relaxed hcp crystal is nothing to warn about");
    }

    @Test
    void cubicKeepsItsThreeConstants(@TempDir Path dir) throws Exception {
        Result r = elastic(dir, "lattice=diamond", "a=5.431", "repeat=1,1,1", "element=Si", "potential=sw",
                "potential_file=" + Oracles.potentialFile("Si.sw"));
        assertEquals("cubic", r.values().get("crystal_system"));
        assertEquals(List.of("C11", "C12", "C44"), r.values().get("independent_constants"));
        assertFalse(r.values().containsKey("C13"));
        assertFalse(r.values().containsKey("frame"), "a cubic cell along x, y, z is its own standard frame");
        double c11 = (Double) r.values().get("C11"), c12 = (Double) r.values().get("C12");
        assertEquals((c11 + 2 * c12) / 3, (Double) r.values().get("bulk_modulus"), 1e-9);
        assertEquals(List.of(), r.warnings());
    }

    @Test
    void anAbsurdLatticeConstantWarns(@TempDir Path dir) throws Exception {
        Result fixed = elastic(dir.resolve("fixed"), "lattice=fcc", "a=1", "element=Ar", LJ_AR, "relax=false");
        assertFalse(fixed.warnings().isEmpty(), "a = 1 Å for argon (a0 = 5.26 Å) passed silently");
        assertTrue(fixed.warnings().stream().anyMatch(w -> w.contains("lattice constant a")), fixed.warnings().toString());
        Result relaxed = elastic(dir.resolve("relaxed"), "lattice=fcc", "a=1", "element=Ar", LJ_AR);
        assertFalse(relaxed.warnings().isEmpty(), "relaxing from a = 1 Å passed silently: " + relaxed.values());
        assertFalse(relaxed.values().containsKey("frame"), "the relaxed cubic cell, symmetric to ~1e-7 Å, keeps its own axes");
    }

    @Test
    void phononsWarnWhenTheSupercellIsNarrowerThanTwiceTheCutoff(@TempDir Path dir) throws Exception {
        PhononsMethod m = new PhononsMethod(() -> ad, FixedCatalog.builtin());
        Result small = MethodTestSupport.run(m, dir.resolve("small"), "lattice=fcc", "a=5.26", "element=Ar", LJ_AR, "supercell=2,2,2", "path=none");
        assertEquals(1, small.warnings().size(), small.warnings().toString());
        assertTrue(small.warnings().get(0).contains("supercell=2,2,2") && small.warnings().get(0).contains("use supercell=6,6,6"),
                small.warnings().get(0));
        Result wide = MethodTestSupport.run(m, dir.resolve("wide"), "lattice=fcc", "a=5.26", "element=Ar",
                "potential=lj/cut:epsilon=0.0104,sigma=3.4,cutoff=5.5", "supercell=4,4,4", "path=none");
        assertEquals(List.of(), wide.warnings(), "12.1 Å wide for a 5.5 Å cutoff");
    }
}
