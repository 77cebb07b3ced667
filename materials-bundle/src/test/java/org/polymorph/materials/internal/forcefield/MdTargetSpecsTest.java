package org.polymorph.materials.internal.forcefield;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.forcefield.Target;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;

/** vdos/rdf targets from JSON, inline text and CSV curves; bad input names the parameter, the value and the fix. */
class MdTargetSpecsTest {
    private static final String EDIP = Oracles.potentialFile("Si.edip").toString();

    @Test
    void inlineAndJsonForms(@TempDir Path tmp) throws Exception {
        List<Target> in = TargetSpecs.parse("C11=165.7,C12=63.9,C44=79.6,vdos=edip:" + EDIP + ",T=500,cells=1,md_steps=200,w_vdos=3", FixedCatalog.builtin());
        assertEquals(List.of("elastic", "pressure", "vdos"), in.stream().map(Target::kind).toList());
        Target.Vdos v = (Target.Vdos) in.get(2);
        assertEquals(new Target.Md(1, 500, 1, 500, 200, 1), v.md());
        assertEquals("edip", v.source().referenceStyle());
        assertEquals(3, v.weight());

        Path csv = tmp.resolve("g.csv");
        Files.writeString(csv, "# from a reference\nr_A,g\n1.0,0\n2.35,4.1\n3.0,0.2\n");
        Path json = tmp.resolve("t.json");
        Files.writeString(json, "{\"targets\": [{\"property\": \"rdf\", \"curve\": \"" + csv.toString().replace("\\", "/") + "\", \"steps\": 50, \"every\": 5,"
                + " \"width\": 0.08, \"r_max\": 4.5, \"weight\": 0.5}, {\"property\": \"vdos\", \"reference\": {\"style\": \"edip\", \"file\": \"" + EDIP.replace("\\", "/")
                + "\"}, \"width_thz\": 0.3, \"max_thz\": 18}]}");
        List<Target> js = TargetSpecs.parse(json.toString(), FixedCatalog.builtin());
        Target.Rdf r = (Target.Rdf) js.get(0);
        assertArrayEquals(new double[] {1.0, 2.35, 3.0}, r.source().x());
        assertArrayEquals(new double[] {0, 4.1, 0.2}, r.source().y());
        assertEquals(5, r.every());
        assertEquals(0.08, r.widthA());
        assertEquals(18, ((Target.Vdos) js.get(1)).maxThz());
        assertArrayEquals(new double[] {0, 0.5, 1, 0.25, 0}, MdCurves.interpolate(new double[] {1, 2, 3}, new double[] {0, 1, 0}, new double[] {0, 1.5, 2, 2.75, 4}), 1e-15);
    }

    @Test
    void badInputNamesParameterValueAndFix(@TempDir Path tmp) throws Exception {
        assertMessage(() -> TargetSpecs.parse("vdos=edip:" + tmp.resolve("missing.edip"), FixedCatalog.builtin()), "missing.edip", "existing file");
        assertMessage(() -> TargetSpecs.parse("vdos=lj:" + EDIP, FixedCatalog.builtin()), "'lj'", "edip:");
        assertMessage(() -> TargetSpecs.parse("vdos=edip:" + EDIP + ",cells=40", FixedCatalog.builtin()), "cells = 40", "1..12");
        assertMessage(() -> TargetSpecs.parse("vdos=edip:" + EDIP + ",dt_fs=0", FixedCatalog.builtin()), "timestep = 0.0 fs", "1 fs");
        assertMessage(() -> TargetSpecs.parse("vdos=edip:" + EDIP + ",md_steps=2", FixedCatalog.builtin()), "steps = 2", ">= 4");
        Path bad = tmp.resolve("bad.csv");
        Files.writeString(bad, "nu,I\n1,0.1\n2,oops\n");
        assertMessage(() -> TargetSpecs.parse("vdos=" + bad, FixedCatalog.builtin()), "bad.csv line 3", "x,y");
        Path down = tmp.resolve("down.csv");
        Files.writeString(down, "2,0.1\n1,0.2\n");
        assertMessage(() -> TargetSpecs.parse("rdf=" + down, FixedCatalog.builtin()), "x[1] = 1.0", "ascending");
        Path json = tmp.resolve("t.json");
        Files.writeString(json, "{\"targets\": [{\"property\": \"vdos\", \"reference\": {\"style\": \"edip\", \"file\": \"" + EDIP.replace("\\", "/") + "\"}, \"width_thz\": 30}]}");
        assertMessage(() -> TargetSpecs.parse(json.toString(), FixedCatalog.builtin()), "targets[0]", "width = 30.0 THz", "0 < width < max");
        Files.writeString(json, "{\"targets\": [{\"property\": \"rdf\", \"steps\": 20}]}");
        assertMessage(() -> TargetSpecs.parse(json.toString(), FixedCatalog.builtin()), "targets[0]", "\"reference\"", "\"curve\"");
        Path up = tmp.resolve("up.csv");
        Files.writeString(up, "1,0.1\n2,0.2\n");
        Files.writeString(json, "{\"targets\": [{\"property\": \"rdf\", \"curve\": \"" + up.toString().replace("\\", "/") + "\", \"steps\": 20, \"every\": 50}]}");
        assertMessage(() -> TargetSpecs.parse(json.toString(), FixedCatalog.builtin()), "every = 50", "1..20");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable e, String... parts) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        for (String p : parts) assertTrue(x.getMessage().contains(p), "'" + p + "' in: " + x.getMessage());
    }
}
