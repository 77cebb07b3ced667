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
import org.polymorph.materials.Oracles;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;

class EosMethodTest {
    private static String[] si(String... extra) {
        List<String> a = new java.util.ArrayList<>(List.of("lattice=diamond", "repeat=1,1,1", "element=Si", "potential=sw",
                "potential_file=" + Oracles.potentialFile("Si.sw")));
        a.addAll(List.of(extra));
        return a.toArray(new String[0]);
    }

    @Test
    void stillingerWeberSiliconGivesTheBulkModulusOfItsElasticConstants(@TempDir Path dir) throws Exception {
        // SW Si: a0 = 5.431 Å, E0 = −2ε = −4.3366 eV/atom, B = (C11 + 2C12)/3 = (151.42449 + 2·76.42209)/3 = 101.4229 GPa
        // (the relaxed-ion constants of LAMMPS in oracles/materials.json; no internal relaxation under hydrostatic strain)
        Result r = MethodTestSupport.run(new EosMethod(FixedCatalog.builtin()), dir, si("a=5.45", "volume_range=0.04", "points=9"));
        double b0 = (Double) r.values().get("B0");
        System.out.printf("md.eos SW Si: a0 %.6f, E0 %.6f, B0 %.4f GPa, B0' %.4f, pressure misfit %.2e GPa%n", (Double) r.values().get("a0"),
                (Double) r.values().get("E0"), b0, (Double) r.values().get("B0_prime"), (Double) r.values().get("max_pressure_misfit_GPa"));
        assertEquals(5.431, (Double) r.values().get("a0"), 2e-4);
        assertEquals(-4.3366, (Double) r.values().get("E0"), 1e-4);
        assertEquals(101.4229, b0, 0.003 * 101.4229);
        assertTrue((Double) r.values().get("max_pressure_misfit_GPa") < 0.2, r.values().toString());
        assertTrue(Files.readAllLines(dir.resolve("eos.csv")).size() == 10 && Files.size(dir.resolve("eos.png")) > 1000);
    }

    @Test
    void aScanThatMissesTheMinimumNamesTheRangeAndTheFix(@TempDir Path dir) {
        BadInputException e = assertThrows(BadInputException.class,
                () -> MethodTestSupport.run(new EosMethod(FixedCatalog.builtin()), dir, si("a=5.0", "volume_range=0.02", "points=5")));
        assertTrue(e.getMessage().contains("'volume_range'") && e.getMessage().contains("smallest volume") == false
                && e.getMessage().contains("largest volume"), e.getMessage());
    }
}
