package org.polymorph.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.polymorph.core.runtime.Json;
import org.polymorph.it.support.ProcessRun;
import org.polymorph.it.support.ScratchCli;

/**
 * The materials bundle through the headless CLI: md.evaluate of LAMMPS's LJ fcc oracle case
 * (materials-bundle/src/test/resources/oracles/materials.json, LJ_fcc_4x4x4_rho0.8442_perfect_shift,
 * LAMMPS 29 Sep 2021) with ε = 1 eV and σ = 1 Å, so that 1 ε/σ³ reads as 160.21766208 GPa; and a bad
 * potential override, which must exit 2 naming the parameter.
 */
@Timeout(value = 120, unit = java.util.concurrent.TimeUnit.SECONDS)
class MaterialsCliIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    /** LAMMPS: pe and the scalar pressure (ε/σ³) of the 256-atom fcc at ρ* = 0.8442, lj/cut 2.5 shifted. */
    private static final double LAMMPS_PE = -1621.199870100729;
    private static final double LAMMPS_PRESSURE = -6.235317270085584;
    private static ScratchCli cli;
    private static Path cwd;

    @BeforeAll
    static void copyDistribution() throws Exception {
        cli = ScratchCli.create("materials", "MaterialsCliIT", TIMEOUT);
        cwd = cli.cwd();
    }

    @AfterAll
    static void dropCaches() {
        cli.dropCaches();
    }

    private static ProcessRun polymorph(String... args) { return cli.run(args); }

    @SuppressWarnings("unchecked")
    @Test
    void evaluateLjFccMatchesLammpsAndBadOverrideExitsTwo() throws Exception {
        Path out = cwd.resolve("lj-eval");
        ProcessRun r = polymorph("run", "md.evaluate", "lattice=fcc", "a=" + Math.cbrt(4 / 0.8442), "repeat=4,4,4", "element=Ar", "mass=1",
                "potential=lj/cut:epsilon=1,sigma=1,cutoff=2.5,shift=true", "--json", "--out", out.toString());
        assertEquals(0, r.exit(), r.describe());
        Map<?, ?> doc = (Map<?, ?>) Json.parse(r.out());
        assertEquals("ok", doc.get("status"), r.describe());
        Map<?, ?> result = (Map<?, ?>) doc.get("result");
        assertEquals(256, ((Number) result.get("natoms")).intValue());
        assertEquals(LAMMPS_PE, ((Number) result.get("energy")).doubleValue(), 1e-8, r.describe());
        assertEquals(LAMMPS_PRESSURE * 160.21766208, ((Number) result.get("pressure")).doubleValue(), 1e-6, r.describe());
        List<List<Number>> stress = (List<List<Number>>) result.get("stress");
        assertEquals(-LAMMPS_PRESSURE * 160.21766208, stress.get(2).get(2).doubleValue(), 1e-6);
        assertEquals(256, ((List<?>) result.get("forces")).size());
        assertTrue(Files.isRegularFile(out.resolve("evaluated.extxyz")), "evaluated.extxyz missing in " + out);

        ProcessRun bad = polymorph("run", "md.evaluate", "lattice=fcc", "a=1.68", "element=Ar", "potential=lj/cut:epsilon=1,sigma=1,cutoff=2.5",
                "overrides=epsilom=2");
        assertEquals(2, bad.exit(), bad.describe());
        String error = bad.err().lines().filter(l -> l.startsWith("error: ")).findFirst()
                .orElseThrow(() -> new AssertionError("no 'error: ' line on stderr\n" + bad.describe()));
        assertTrue(error.contains("'overrides'") && error.contains("epsilom") && error.contains("epsilon"), error);
        assertFalse(bad.out().contains("Exception"), bad.describe());
    }
}
