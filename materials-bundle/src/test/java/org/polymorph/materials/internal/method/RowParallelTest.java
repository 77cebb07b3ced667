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

    @Test
    void refusesStylesThatDoNotDecomposeByRows() {
        Potential eam = FixedCatalog.builtin().create("eam", Oracles.potentialFile("Cu_u3.eam").toString(), "", List.of("Cu"));
        assertThrows(IllegalArgumentException.class, () -> RowParallel.of(FixedCatalog.builtin(), eam, 2));
    }
}
