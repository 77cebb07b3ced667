package org.polymorph.materials.internal.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.structure.Atoms;

/** Row-block threading gives the one-thread kernel's energy, forces and virial to rounding. */
class RowParallelTest {
    @ParameterizedTest
    @CsvSource({
        "lj/cut:epsilon=0.0104;sigma=3.4;cutoff=8.5, '', Ar",
        "morse:d0=0.34;alpha=1.36;r0=2.87;cutoff=6, '', Cu",
        "soft/sphere:epsilon=1;sigma=3.2, '', Cu",
        "sw, Si.sw, Si",
        "tersoff, Si.tersoff, Si",
        "edip, Si.edip, Si"})
    void matchesOneThread(String spec, String file, String element) {
        Atoms atoms = Oracles.atoms(element.equals("Si") ? "Si_SW_diamond_2x2x2_a5.431_displaced" : "Cu_u3_eam_fcc_3x3x3_a3.615_displaced",
                element, 28.0855);
        Potential p = FixedCatalog.builtin().create(spec.replace(';', ','), file.isEmpty() ? "" : Oracles.potentialFile(file).toString(), "", List.of(element));
        NeighborList nl = new NeighborListBuilder(p.cutoff(), 0.5, !p.needsFullList()).build(atoms);
        Evaluation one = p.compute(atoms, nl);
        for (int threads : new int[] {2, 3, 7}) {
            try (RowParallel par = RowParallel.of(FixedCatalog.builtin(), p, threads)) {
                Evaluation many = par.compute(atoms, nl);
                double scale = Math.max(1, Math.abs(one.energy()));
                assertEquals(one.energy(), many.energy(), 1e-12 * scale, spec + " energy, " + threads + " threads");
                double[] f1 = one.forces();
                double[] fm = many.forces();
                for (int k = 0; k < f1.length; k++) assertEquals(f1[k], fm[k], 1e-11, spec + " force " + k);
                for (int k = 0; k < 6; k++) assertEquals(one.virial()[k], many.virial()[k], 1e-10 * scale, spec + " virial " + k);
            }
        }
    }

    /** A kernel with second derivatives keeps them on threads: products and the parameter row equal one thread's. */
    @ParameterizedTest
    @CsvSource({
        "lj/cut:epsilon=0.0104;sigma=3.4;cutoff=8.5, '', Ar",
        "morse:d0=0.34;alpha=1.36;r0=2.87;cutoff=6, '', Cu",
        "sw, Si.sw, Si",
        "tersoff, Si.tersoff, Si",
        "edip, Si.edip, Si"})
    void productsMatchOneThread(String spec, String file, String element) {
        Atoms atoms = Oracles.atoms(element.equals("Si") ? "Si_SW_diamond_2x2x2_a5.431_displaced" : "Cu_u3_eam_fcc_3x3x3_a3.615_displaced",
                element, 28.0855);
        Potential p = FixedCatalog.builtin().create(spec.replace(';', ','), file.isEmpty() ? "" : Oracles.potentialFile(file).toString(), "", List.of(element));
        org.polymorph.materials.potential.SecondOrder so = (org.polymorph.materials.potential.SecondOrder) p;
        NeighborList nl = new NeighborListBuilder(p.cutoff(), 0.5, !p.needsFullList()).build(atoms);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(4);
        int ext = 3 * nl.ghosts().extended(), m = so.parameterCount();
        double[] dX = new double[ext], dp = new double[m];
        for (int k = 0; k < ext; k++) dX[k] = rnd.nextDouble() - 0.5;
        for (int k = 0; k < m; k++) dp[k] = rnd.nextDouble() - 0.5;
        double[] one = new double[ext], oneP = new double[m];
        so.hessianProduct(atoms, nl, dX, dp, one, oneP);
        try (RowParallel par = RowParallel.of(FixedCatalog.builtin(), p, 3)) {
            org.polymorph.materials.potential.SecondOrder many = (org.polymorph.materials.potential.SecondOrder) par;
            double[] x = new double[ext], xp = new double[m];
            many.hessianProduct(atoms, nl, dX, dp, x, xp);
            double[][] batched = new double[1][ext];
            many.hessianProducts(atoms, nl, new double[][] {dX}, new double[][] {dp}, batched);
            double scale = 0;
            for (double v : one) scale = Math.max(scale, Math.abs(v));
            for (int k = 0; k < ext; k++) {
                assertEquals(one[k], x[k], 1e-12 * scale, spec + " product " + k);
                assertEquals(one[k], batched[0][k], 1e-12 * scale, spec + " batched product " + k);
            }
            double pScale = 0;
            for (double v : oneP) pScale = Math.max(pScale, Math.abs(v));
            for (int k = 0; k < m; k++) assertEquals(oneP[k], xp[k], 1e-12 * Math.max(pScale, 1e-300), spec + " parameter row " + k);
        }
    }

    @Test
    void refusesStylesThatDoNotDecomposeByRows() {
        Potential eam = FixedCatalog.builtin().create("eam", Oracles.potentialFile("Cu_u3.eam").toString(), "", List.of("Cu"));
        assertThrows(IllegalArgumentException.class, () -> RowParallel.of(FixedCatalog.builtin(), eam, 2));
    }
}
