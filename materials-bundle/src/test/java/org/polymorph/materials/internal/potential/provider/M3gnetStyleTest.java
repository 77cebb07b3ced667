package org.polymorph.materials.internal.potential.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/** The m3gnet style through a catalog, as the Methods reach it: its values, its folder, and bad input as exit-2 messages. */
class M3gnetStyleTest {
    private static final Path MP = Path.of("..", "distribution", "src", "main", "dist", "models", "M3GNet-MP-2021.2.8-PES").toAbsolutePath();
    private final FixedCatalog catalog = new FixedCatalog(List.of(new M3gnetStyle(() -> new AutodiffEngines().create(new ReferenceTensorService()))));

    @TempDir Path tmp;

    @Test
    void folderOrOneOfItsFilesGivesMatglsMoSEnergy() {
        Atoms mos = new Atoms(new double[] {0, 0, 0, 2, 2, 2}, new int[] {0, 1}, List.of("Mo", "S"), new double[] {95.95, 32.06},
                Box.periodic(new double[] {4, 0, 0, 0, 4, 0, 0, 0, 4}));
        for (String spec : List.of("m3gnet", "m3gnet:three_body_indexing=corrected", "m3gnet:precision=float32", "m3gnet:precision=mixed")) {
            for (Path file : List.of(MP, MP.resolve("state.pt"))) {
                Potential p = catalog.create(spec, file.toString(), "", List.of("Mo", "S"));
                double e = p.compute(mos, new NeighborListBuilder(p.cutoff(), 0, !p.needsFullList()).build(mos)).energy();
                assertEquals(-10.824362, e, spec.contains("float32") ? 1e-4 : 1e-5, spec);
            }
        }
    }

    @Test
    void badValuesFilesAndElementsExitTwoNamingThem() throws Exception {
        BadInputException e = assertThrows(BadInputException.class, () -> catalog.create("m3gnet:three_body_indexing=fast", MP.toString(), "", List.of("Si")));
        assertTrue(e.getMessage().contains("three_body_indexing=fast") && e.getMessage().contains("corrected"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> catalog.create("m3gnet:precision=half", MP.toString(), "", List.of("Si")));
        assertTrue(e.getMessage().contains("precision=half"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> catalog.create("m3gnet", MP.toString(), "", List.of("Si", "Po")));
        assertTrue(e.getMessage().contains("'Po'"), e.getMessage());

        Path broken = Files.createDirectories(tmp.resolve("broken"));
        Files.copy(MP.resolve("model.json"), broken.resolve("model.json"));
        byte[] state = Files.readAllBytes(MP.resolve("state.pt"));
        Files.write(broken.resolve("state.pt"), java.util.Arrays.copyOf(state, state.length / 2));
        e = assertThrows(BadInputException.class, () -> catalog.create("m3gnet", broken.toString(), "", List.of("Si")));
        assertTrue(e.getMessage().contains("potential_file") && e.getMessage().contains("state.pt"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> catalog.create("m3gnet", tmp.toString(), "", List.of("Si")));
        assertTrue(e.getMessage().contains("potential_file") && e.getMessage().contains("model.json"), e.getMessage());
    }
}
