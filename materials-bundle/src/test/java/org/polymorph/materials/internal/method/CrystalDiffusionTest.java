package org.polymorph.materials.internal.method;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.method.Result;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;

/**
 * A crystal does not diffuse, and md.run's Langevin bath with md.msd must not make it look as if it did. 64-atom diamond Si
 * (sw) at 1000 K, γ = 1/τ = 10/ps, dt = 2 fs, 30 ps, a frame every 0.1 ps, the first 1 ps left out. Held at zero total
 * momentum the MSD plateaus at the thermal vibration (~0.03 Å²); what is left of its slope is sampling noise, which falls
 * as (run length)^(−3/2): measured |D| ≈ 2e-8 cm²/s over 4 ps, ≈ 1e-11 over 200 ps, so ~1e-9 here. A bath per atom lets
 * the centre of mass diffuse with D_cm = k_BT/(Mγ) = 0.046 Å²/ps = 4.6e-6 cm²/s (M = 1797 amu), which md.msd reads as the
 * crystal's unless it removes the drift.
 */
class CrystalDiffusionTest {
    private static Path run(Path dir, String momentum) throws Exception {
        MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), dir, "lattice=diamond", "a=5.431", "repeat=2,2,2", "element=Si",
                "potential=sw", "potential_file=" + Oracles.potentialFile("Si.sw"), "ensemble=nvt-langevin", "temperature=1000",
                "langevin_momentum=" + momentum, "dt=2", "steps=15000", "thermo_every=500", "dump_every=50", "checkpoint_every=15000", "seed=2");
        return dir.resolve("trajectory.extxyz");
    }

    /** md.msd's D (cm²/s) of {@code trajectory} after 1 ps of equilibration. */
    private static double diffusion(Path dir, Path trajectory, String removeDrift) throws Exception {
        Result r = MethodTestSupport.run(new MsdMethod(), dir, "trajectory=" + trajectory, "skip=10", "remove_drift=" + removeDrift);
        return (Double) r.values().get("D_cm2_per_s");
    }

    @Test
    void theDefaultBathKeepsTheCrystalInPlace(@TempDir Path tmp) throws Exception {
        Path held = run(tmp.resolve("fixcm"), "fixcm");
        double removed = diffusion(tmp.resolve("msd"), held, "yes");
        double kept = diffusion(tmp.resolve("msd-kept"), held, "no");
        System.out.printf("Si 1000 K, momentum held at zero: D = %.3g cm²/s (drift removed), %.3g (kept)%n", removed, kept);
        assertTrue(Math.abs(removed) < 1e-8, "D = " + removed);
        assertTrue(Math.abs(kept) < 1e-8, "D = " + kept);          // nothing to remove: the bath alone keeps the plateau
    }

    @Test
    void mdMsdRemovesTheDriftOfABathPerAtom(@TempDir Path tmp) throws Exception {
        Path free = run(tmp.resolve("none"), "none");
        double removed = diffusion(tmp.resolve("msd"), free, "yes");
        double kept = diffusion(tmp.resolve("msd-kept"), free, "no");
        System.out.printf("Si 1000 K, a bath per atom: D = %.3g cm²/s (drift removed), %.3g (kept; D_cm = 4.6e-6)%n", removed, kept);
        assertTrue(Math.abs(removed) < 1e-8, "D = " + removed);
        assertTrue(kept > 1e-6, "D = " + kept);                       // the reported symptom: a crystal that seems to diffuse
    }
}
