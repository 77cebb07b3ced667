package org.polymorph.materials.internal.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.polymorph.core.method.Result;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;

/** md.run stops a trajectory that blew up (too large a dt) with a failure naming the step, the atom and the fix, under every integrator. */
class BlowupCheckTest {
    private static final Pattern WHERE = Pattern.compile("blew up at step (\\d+) .*atom (\\d+) .*use a smaller dt, e\\.g\\. dt=1 ");

    private static String assertBlowUp(Path dir, String... args) {
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), dir, args));
        Matcher m = WHERE.matcher(e.getMessage());
        assertTrue(m.find(), e.getMessage());
        long step = Long.parseLong(m.group(1));
        assertTrue(step >= 1 && step < 1000, "fails early, not at the end: " + e.getMessage());
        assertTrue(Integer.parseInt(m.group(2)) < 32 + 32, e.getMessage());
        return e.getMessage();
    }

    private static String[] with(String[] base, String... more) {
        List<String> all = new ArrayList<>(List.of(base));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static final String[] ARGON_DT50 = {"lattice=fcc", "a=5.26", "element=Ar", "potential=lj/cut:epsilon=0.0104,sigma=3.4,cutoff=8.5",
        "repeat=2,2,2", "steps=1000", "dt=50"};

    /** lj/cut Ar at dt = 50 fs used to finish "ok" at T = 1.5e37 K. */
    @Test
    void ljAtFiftyFemtosecondsFails(@TempDir Path dir) {
        assertBlowUp(dir, ARGON_DT50);
    }

    /** Stillinger–Weber Si at dt = 100 fs likewise. */
    @Test
    void swAtHundredFemtosecondsFails(@TempDir Path dir) {
        assertBlowUp(dir, "lattice=diamond", "a=5.431", "repeat=2,2,2", "element=Si", "potential=sw",
                "potential_file=" + Oracles.potentialFile("Si.sw"), "temperature=600", "steps=1000", "dt=100");
    }

    /** The same blow-up is caught, with step, atom and fix, by every integrator: NPT used to say only "Box: non-finite cell entry". */
    @ParameterizedTest
    @ValueSource(strings = {"ensemble=nve", "ensemble=nvt-langevin", "ensemble=nvt-nhc", "ensemble=npt couple=iso", "ensemble=npt couple=aniso",
        "ensemble=npt couple=tri"})
    void everyIntegratorStopsABlowUp(String ensemble, @TempDir Path dir) {
        assertBlowUp(dir, with(ARGON_DT50, ensemble.split(" ")));
    }

    /**
     * Stillinger–Weber Si at 1500 K and dt = 15 fs with no skin: the energy jumps by more than 10 k_B T = 1.29 eV per atom within
     * 12 steps while no atom has yet moved a tenth of the cell in one step; the drift limit stops it there.
     */
    @Test
    void energyDriftStopsNve(@TempDir Path dir) {
        String m = assertBlowUp(dir, "lattice=diamond", "a=5.431", "repeat=2,2,2", "element=Si", "potential=sw",
                "potential_file=" + Oracles.potentialFile("Si.sw"), "temperature=1500", "steps=1000", "dt=15", "skin=0");
        assertTrue(m.contains("the conserved energy drifted by"), m);
    }

    /**
     * A barostat far too fast for the pressure (compressed Ar, tau_p = 10 fs) sends the cell to infinity, or to a huge finite size,
     * in one step: that used to end in "Box: non-finite cell entry", or in an OutOfMemoryError of the neighbour search.
     */
    @ParameterizedTest
    @ValueSource(strings = {"iso", "aniso", "tri"})
    void nptRunawayCellNamesStepAtomAndFix(String couple, @TempDir Path dir) {
        String m = assertBlowUp(dir, "lattice=fcc", "a=4.2", "element=Ar", "potential=lj/cut:epsilon=0.0104,sigma=3.4,cutoff=8.5", "repeat=2,2,2",
                "steps=100", "dt=5", "ensemble=npt", "couple=" + couple, "tau_p=0.01");
        assertTrue(m.contains("barostat moved the cell"), m);
    }

    /** A healthy hot run (2000 K, 2 fs) is not stopped by any of the checks and runs all its steps, under every integrator. */
    @ParameterizedTest
    @ValueSource(strings = {"ensemble=nve", "ensemble=nvt-langevin", "ensemble=nvt-nhc", "ensemble=npt couple=iso", "ensemble=npt couple=aniso",
        "ensemble=npt couple=tri"})
    void healthyRunIsNotStopped(String ensemble, @TempDir Path dir) throws Exception {
        Result r = MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), dir, with(new String[] {"lattice=diamond", "a=5.431", "repeat=2,2,2",
            "element=Si", "potential=sw", "potential_file=" + Oracles.potentialFile("Si.sw"), "temperature=2000", "steps=200", "dt=2", "seed=4"},
                ensemble.split(" ")));
        assertEquals(200L, r.values().get("steps"));
        assertTrue(Math.abs((Double) r.values().get("conserved_drift_per_atom")) < 1e-2, r.values().toString());
    }
}
