package org.polymorph.materials.internal.forcefield;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AD;
import org.polymorph.core.method.Progress;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.forcefield.Fit;
import org.polymorph.materials.forcefield.Target;
import org.polymorph.materials.internal.potential.FusedEnergy;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;
import org.polymorph.materials.structure.Lattices;

/**
 * An edip trajectory case built as bench.ff's sw_vdos (diamond silicon, 300 K, 1 fs, a VDOS loss over three scaled file
 * numbers, here A, λ and γ as ff.fit frees them, target with the first × 1.05): the gradient by the adjoint sweep (one
 * product with edip's parameter row per step) and by the three tangent sweeps carried together agree to 1e-10 on 64 atoms
 * over 60 steps, and at bench.ff's size (512 atoms, 100 steps, three timed rounds) on request. Prints each mode's time and
 * its ratio to the loss (asserts nothing about them).
 */
class EdipTrajectoryModesTest {
    private final AD ad = org.polymorph.materials.TestServices.ad();

    @Test
    void reverseAndForwardModeAgreeOn64Atoms() { run(2, 20, 60, 1); }

    /** bench.ff's size: {@code mvn -o test -pl materials-bundle -Dtest=EdipTrajectoryModesTest -Dff.bench=full}. */
    @Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "ff.bench", matches = "full")
    void reverseAndForwardModeAgreeOn512Atoms() { run(4, 20, 100, 3); }

    @SuppressWarnings("unchecked")
    private void run(int cells, int equilibration, int steps, int rounds) {
        Path file = Oracles.potentialFile("Si.edip");
        Target elastic = new Target.ElasticConstants(165.7, 63.9, 79.6, "diamond", 5.431, 1);
        FusedEnergy.Family family = new Fitter(ad, FixedCatalog.builtin(),
                new Fit("edip", file, "Si", List.of("A", "lambda", "gamma"), Map.of(), List.of(elastic), "lbfgs", 1, 0.01, 0)).objective().family();
        TrajectoryBench.Case c = new TrajectoryBench.Case("edip_vdos", family, new double[] {1.02, 0.99, 1.03}, new double[] {1.05, 1, 1},
                Lattices.build("diamond", 5.431, new int[] {cells, cells, cells}, "Si", 28.0855), 300, 1, equilibration, steps, true);
        Map<String, Object> m = new TrajectoryBench(ad, c, java.util.function.UnaryOperator.identity()).run(Progress.NONE, rounds);
        Map<String, Object> rev = (Map<String, Object>) m.get("reverse"), fwd = (Map<String, Object>) m.get("forward");
        System.out.printf(java.util.Locale.ROOT, "TRAJ edip_vdos %d atoms, %d steps: trajectory %.3f s, loss %.3f s, reverse %.3f s (%.2fx), "
                        + "forward mode %.3f s (%.2fx), modes differ %.2e%n", (int) m.get("atoms"), steps, (double) m.get("trajectory_seconds"),
                (double) m.get("forward_seconds"), (double) rev.get("seconds"), (double) rev.get("ratio"), (double) fwd.get("seconds"),
                (double) fwd.get("ratio"), (double) m.get("modes_relative_difference"));
        assertTrue((double) m.get("modes_relative_difference") < 1e-10, "edip_vdos: reverse and forward mode differ: " + m);
        assertTrue((double) m.get("loss") > 0, "edip_vdos: the loss is not trivially zero: " + m);
    }
}
