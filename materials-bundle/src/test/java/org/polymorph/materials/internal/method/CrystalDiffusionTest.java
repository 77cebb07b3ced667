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
    /** md.msd's D (cm²/s) after 1 ps of equilibration, of md.run's trajectory with {@code momentum}: {drift removed, drift kept}. */
    private static double[] diffusion(Path dir, String momentum) throws Exception {
        MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), dir.resolve("md"), "lattice=diamond", "a=5.431", "repeat=2,2,2", "element=Si",
                "potential=sw", "potential_file=" + Oracles.potentialFile("Si.sw"), "ensemble=nvt-langevin", "temperature=1000",
                "langevin_momentum=" + momentum, "dt=2", "steps=15000", "thermo_every=500", "dump_every=50", "checkpoint_every=15000", "seed=2");
        double[] d = new double[2];
        for (int k = 0; k < 2; k++) {
            Result r = MethodTestSupport.run(new MsdMethod(), dir.resolve("msd" + k), "trajectory=" + dir.resolve("md/trajectory.extxyz"), "skip=10",
                    "remove_drift=" + (k == 0 ? "yes" : "no"));
            d[k] = (Double) r.values().get("D_cm2_per_s");
        }
        System.out.printf("Si 1000 K, langevin_momentum=%s: D = %.3g cm²/s (drift removed), %.3g (kept)%n", momentum, d[0], d[1]);
        return d;
    }

    @Test
    void theDefaultBathKeepsTheCrystalInPlace(@TempDir Path tmp) throws Exception {
        double[] d = diffusion(tmp, "fixcm");
        assertTrue(Math.abs(d[0]) < 1e-8, "D = " + d[0]);
        assertTrue(Math.abs(d[1]) < 1e-8, "D = " + d[1]);            // nothing to remove: the bath alone keeps the plateau
    }

    @Test
    void mdMsdRemovesTheDriftOfABathPerAtom(@TempDir Path tmp) throws Exception {
        double[] d = diffusion(tmp, "none");
        assertTrue(Math.abs(d[0]) < 1e-8, "D = " + d[0]);
        assertTrue(d[1] > 1e-6, "D = " + d[1]);                        // the reported symptom: a crystal that seems to diffuse
    }
}
