package org.polymorph.materials.internal.forcefield;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.AD;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;

/**
 * bench.ff's trajectory cases through the many-body and embedded-atom kernels (sw and tersoff on 64 silicon atoms, eam on 32
 * copper atoms, 150 steps of a VDOS loss; and at bench.ff's sizes over 100 steps): the gradient by the adjoint sweep (one product with its parameter row per step)
 * and by the three tangent sweeps carried together (one batched product per step) agree to 1e-10. Prints each mode's time
 * over the forward loss (asserts nothing about it).
 */
class ManyBodyTrajectoryModesTest {
    private final AD ad = org.polymorph.materials.TestServices.ad();

    @Test
    void reverseAndForwardModeAgree(@TempDir Path tmp) throws Exception { run(tmp, true, 150); }

    /** bench.ff's sizes (512 silicon, 500 copper atoms) over 100 steps, for the printed ratios. */
    @Test
    void fullSizeCases(@TempDir Path tmp) throws Exception { run(tmp, false, 100); }

    @SuppressWarnings("unchecked")
    private void run(Path tmp, boolean small, int steps) throws Exception {
        TrajectoryCases cases = new TrajectoryCases(ad, FixedCatalog.builtin(), RunDirectory.create(tmp), small, steps);
        for (String name : new String[] {"sw_vdos", "tersoff_vdos", "eam_vdos"}) {
            Map<String, Object> m = new TrajectoryBench(ad, cases.get(name), java.util.function.UnaryOperator.identity()).run(Progress.NONE);
            Map<String, Object> rev = (Map<String, Object>) m.get("reverse"), fwd = (Map<String, Object>) m.get("forward");
            System.out.printf(java.util.Locale.ROOT, "TRAJ %s %d atoms: forward %.3f s, reverse %.2fx, forward mode %.2fx, modes differ %.2e%n", name, (int) m.get("atoms"),
                    (double) m.get("forward_seconds"), (double) rev.get("ratio"), (double) fwd.get("ratio"), (double) m.get("modes_relative_difference"));
            assertTrue((double) m.get("modes_relative_difference") < 1e-10, name + ": reverse and forward mode differ: " + m);
            assertTrue((double) m.get("loss") > 0, name + ": the loss is not trivially zero: " + m);
        }
    }
}
