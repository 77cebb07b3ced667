package org.polymorph.materials.internal.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.internal.potential.ForceTangents;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.SecondOrder;
import org.polymorph.materials.structure.Atoms;

/**
 * A kernel that walks force and tangents at once keeps that walk on row-block threads (so forward mode through a
 * trajectory stays carried with the primal sweep when `threads` > 1): forces and the k tangent products equal one
 * thread's to rounding, on 2, 3 and 7 threads.
 */
class RowParallelCarryingTest {
    @ParameterizedTest
    @CsvSource({
        "lj/cut:epsilon=0.0104;sigma=3.4;cutoff=8.5, '', Ar",
        "morse:d0=0.34;alpha=1.36;r0=2.87;cutoff=6, '', Cu",
        "sw, Si.sw, Si",
        "tersoff, Si.tersoff, Si"})
    void forceAndTangentsMatchOneThread(String spec, String file, String element) {
        Atoms atoms = Oracles.atoms(element.equals("Si") ? "Si_SW_diamond_2x2x2_a5.431_displaced" : "Cu_u3_eam_fcc_3x3x3_a3.615_displaced",
                element, 28.0855);
        Potential p = FixedCatalog.builtin().create(spec.replace(';', ','), file.isEmpty() ? "" : Oracles.potentialFile(file).toString(), "", List.of(element));
        assertTrue(p instanceof ForceTangents, spec + " walks force and tangents at once");
        NeighborList nl = new NeighborListBuilder(p.cutoff(), 0.5, !p.needsFullList()).build(atoms);
        int n3 = 3 * atoms.size(), k = 2, m = ((SecondOrder) p).parameterCount();
        SplittableRandom rnd = new SplittableRandom(11);
        double[] dT = new double[k * n3];
        for (int q = 0; q < dT.length; q++) dT[q] = rnd.nextDouble() - 0.5;
        double[][] dp = new double[k][m];
        for (double[] row : dp) for (int q = 0; q < m; q++) row[q] = rnd.nextDouble() - 0.5;
        double[] t1 = new double[k * n3], f1 = new double[n3];
        ((ForceTangents) p).forceAndTangents(atoms, nl, k, dT, dp, t1, f1);
        double tScale = 0, fScale = 0;
        for (double v : t1) tScale = Math.max(tScale, Math.abs(v));
        for (double v : f1) fScale = Math.max(fScale, Math.abs(v));
        assertTrue(tScale > 0 && fScale > 0, spec + ": nonzero products and forces");
        for (int threads : new int[] {2, 3, 7}) {
            try (RowParallel par = RowParallel.of(FixedCatalog.builtin(), p, threads)) {
                assertTrue(par instanceof ForceTangents, spec + " on threads keeps its fused walk");
                double[] t = new double[k * n3], f = new double[n3];
                ((ForceTangents) par).forceAndTangents(atoms, nl, k, dT, dp, t, f);
                for (int q = 0; q < t.length; q++) assertEquals(t1[q], t[q], 1e-12 * tScale, spec + " tangent product " + q + ", " + threads + " threads");
                for (int q = 0; q < f.length; q++) assertEquals(f1[q], f[q], 1e-12 * fScale, spec + " force " + q + ", " + threads + " threads");
                double[] tOnly = new double[k * n3];
                ((ForceTangents) par).forceAndTangents(atoms, nl, k, dT, dp, tOnly, null);
                for (int q = 0; q < t.length; q++) assertEquals(t1[q], tOnly[q], 1e-12 * tScale, spec + " tangents without forces " + q);
            }
        }
    }
}
