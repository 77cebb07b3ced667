package org.polymorph.materials.internal.m3gnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/** M3GNet against matgl's anchors and against finite differences of its own energy (float64). */
class M3gnetTest {
    static final Path MODELS = Path.of("..", "distribution", "src", "main", "dist", "models");
    static final Path MP = MODELS.resolve("M3GNet-MP-2021.2.8-PES");
    static final Path MATPES = MODELS.resolve("M3GNet-MatPES-PBE-v2025.1-PES");

    private final AD ad = new AutodiffEngines().create(new ReferenceTensorService());

    static Atoms atoms(double[] r, int[] types, List<String> names, Box box) {
        double[] m = new double[names.size()];
        java.util.Arrays.fill(m, 1.0);
        return new Atoms(r, types, names, m, box);
    }

    private M3gnet potential(Path folder, List<String> elements, M3gnet.Indexing indexing) throws IOException {
        return new M3gnet(M3gnetModel.read(folder), elements, indexing, DType.FLOAT64, ad);
    }

    private static Evaluation eval(M3gnet p, Atoms a) {
        NeighborList nl = new NeighborListBuilder(p.cutoff(), 0, false).build(a);
        return p.compute(a, nl);
    }

    /** matgl tests/ext/test_ase_dgl.py: MoS, cubic a = 4 Å, Mo (0,0,0), S (½,½,½): −10.824362 eV. */
    @Test
    void mosMatchesMatgl() throws IOException {
        Atoms mos = atoms(new double[] {0, 0, 0, 2, 2, 2}, new int[] {0, 1}, List.of("Mo", "S"), Box.periodic(new double[] {4, 0, 0, 0, 4, 0, 0, 0, 4}));
        for (M3gnet.Indexing ix : M3gnet.Indexing.values()) {
            Evaluation e = eval(potential(MP, List.of("Mo", "S"), ix), mos);
            assertEquals(-10.824362, e.energy(), 1e-5, ix.name());
            for (int k = 0; k < 6; k++) assertEquals(0, e.force(k / 3, k % 3), 1e-8);
        }
    }
}
