package org.polymorph.materials.internal.forcefield;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.runtime.Json;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.forcefield.Target;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;

/** Every kind of ff.fit target through an item's JSON text: the same fields, the reference file's bytes, named errors. */
class TargetJsonTest {
    @Test
    void everyTargetKindReadsBackWhole(@TempDir Path tmp) throws Exception {
        List<Target> targets = new ArrayList<>(TargetSpecs.parse("C11=165.7,C12=63.9,C44=79.6,E=-4.63,P=0.3,a=5.4312", FixedCatalog.builtin()));
        targets.add(new Target.PhononFrequencies(new double[][] {{1, 0, 0}, {0.5, 0.5, 0.5}}, new int[][][] {{{0, 1}, {2}}, {{0, 1}}},
                new double[][] {{4.49, 12.32}, {3.43}}, 3, "diamond", 5.431, 0.7));
        Target.Md md = new Target.Md(2, 512.5, 0.75, 30, 40, 1234567890123L);
        targets.add(new Target.Vdos(md, new Target.Source(null, null, "edip", Oracles.potentialFile("Si.edip")), 0.4, 18, "diamond", 5.431, 0.1));
        targets.add(new Target.Rdf(md, new Target.Source(new double[] {1.1, 2.35, 3.84}, new double[] {0, 3.2, 0.1}, null, null), 0.07, 5.5, 8, "diamond", 5.43, 2));
        String text = Json.write(TargetJson.write(targets), false);
        Path scratch = Files.createDirectories(tmp.resolve("s"));
        List<Target> back = TargetJson.read(Json.parse(text), "targets", scratch);
        assertEquals(targets.size(), back.size());
        for (int i = 0; i < targets.size(); i++) {
            Target a = targets.get(i), b = back.get(i);
            assertEquals(a.getClass(), b.getClass());
            assertEquals(a.kind(), b.kind());
            assertArrayEquals(a.values(), b.values(), 0.0);
            assertEquals(a.labels(), b.labels());
            assertEquals(a.weight(), b.weight(), 0.0);
            assertEquals(a.latticeConstant(), b.latticeConstant(), 0.0);
        }
        Target.Vdos v = (Target.Vdos) back.get(4);
        assertEquals(md, v.md());
        assertEquals(0.4, v.widthThz(), 0.0);
        assertEquals("edip", v.source().referenceStyle());
        assertNotEquals(Oracles.potentialFile("Si.edip").toAbsolutePath(), v.source().referenceFile().toAbsolutePath(), "written on this side");
        assertArrayEquals(Files.readAllBytes(Oracles.potentialFile("Si.edip")), Files.readAllBytes(v.source().referenceFile()));
        Target.Rdf r = (Target.Rdf) back.get(5);
        assertArrayEquals(new double[] {1.1, 2.35, 3.84}, r.source().x(), 0.0);
        assertEquals(8, r.every());
        Target.PhononFrequencies p = (Target.PhononFrequencies) back.get(3);
        assertArrayEquals(new int[] {0, 1}, p.bands()[0][0]);
        assertArrayEquals(new int[] {2}, p.bands()[0][1]);
        assertArrayEquals(new double[] {0.5, 0.5, 0.5}, p.q()[1], 0.0);
        assertEquals(3, p.supercell());
        assertEquals(text, Json.write(TargetJson.write(back), false), "written again, the same text (the reference file under its own name)");
    }

    @Test
    void badTargetsAreNamed(@TempDir Path tmp) {
        String[][] cases = {{"[{\"kind\": \"elastic\", \"structure\": \"diamond\", \"a\": 5.43, \"weight\": 1, \"c\": [1, 2]}]", "targets[0].c"},
                {"[{\"kind\": \"magic\", \"structure\": \"diamond\", \"a\": 5.43, \"weight\": 1}]", "targets[0].kind"},
                {"[{\"kind\": \"pressure\", \"structure\": \"diamond\", \"a\": \"big\", \"weight\": 1}]", "targets[0].a"},
                {"[{\"kind\": \"cohesive\", \"structure\": \"hcp\", \"a\": 3, \"weight\": 1, \"energy\": -1}]", "targets[0]"}};
        for (String[] c : cases) {
            BadInputException e = assertThrows(BadInputException.class, () -> TargetJson.read(Json.parse(c[0]), "targets", tmp));
            assertEquals(c[1], e.parameter().orElseThrow(), e.getMessage());
            assertTrue(e.getMessage().contains("'" + c[1] + "'"), e.getMessage());
        }
        assertThrows(BadInputException.class, () -> TargetJson.read(Map.of(), "targets", tmp));
    }
}
