package org.polymorph.materials.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.materials.internal.io.StructureFiles;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

class ExtXyzTest {
    @TempDir Path dir;

    @Test void multiFrameRoundTripKeepsEveryBit() throws Exception {
        List<Frame> frames = new ArrayList<>();
        Box tri = Box.periodic(Samples.GENERAL);
        for (int f = 0; f < 3; f++) {
            Atoms a = Samples.random(10 + f, 7, f == 1 ? new Box(Samples.TRICLINIC, new boolean[] {true, false, true}) : tri);
            Map<String, String> info = new LinkedHashMap<>();
            info.put("energy", Double.toString(-12.345678901234567 * (f + 1)));
            info.put("config_type", "md step " + f);
            frames.add(new Frame(a, f == 2 ? null : Samples.randomVectors(f, 7), Samples.randomVectors(100 + f, 7), info));
        }
        Path p = dir.resolve("traj.extxyz");
        StructureFiles.writeXyz(p, frames);
        List<Frame> back = StructureFiles.readXyz(p);
        assertEquals(3, back.size());
        for (int f = 0; f < 3; f++) {
            Samples.assertSameAtoms(frames.get(f).atoms(), back.get(f).atoms());
            assertEquals(frames.get(f).info(), back.get(f).info());
            assertEquals(-12.345678901234567 * (f + 1), back.get(f).energy().getAsDouble(), 0.0);
            assertArrayEquals(frames.get(f).forces(), back.get(f).forces());
            if (f == 2) assertNull(back.get(f).velocities());
            else assertArrayEquals(frames.get(f).velocities(), back.get(f).velocities());
        }
        assertEquals(Elements.mass("Si"), back.get(0).atoms().masses()[back.get(0).atoms().typeNames().indexOf("Si")], 0.0);
        String header = Files.readAllLines(p).get(1);
        assertTrue(header.startsWith("Lattice=\"4.0 0.5 -0.3 ") && header.contains("Properties=species:S:1:pos:R:3:vel:R:3:forces:R:3")
                && header.contains("config_type=\"md step 0\"") && header.endsWith("pbc=\"T T T\""), header);
    }

    @Test void readsPlainXyzAndAseStyleExtxyz() throws Exception {
        Path plain = Samples.file(dir, "water.xyz", "3\nwater molecule\nO 0.0 0.0 0.0\nH 0.7586 0.0 0.5043\nH -0.7586 0.0 0.5043\n");
        Frame w = StructureFiles.readXyz(plain).get(0);
        assertEquals(List.of("O", "H"), w.atoms().typeNames());
        assertArrayEquals(new int[] {0, 1, 1}, w.atoms().types());
        assertFalse(w.atoms().box().anyPeriodic());
        assertEquals("water molecule", w.info().get("comment"));
        assertEquals(-0.7586, w.atoms().x(2, 0), 0.0);
        Path eq = Samples.file(dir, "eq.xyz", "1\nE = -3.2 eV\nAr 0 0 0\n");
        assertEquals("E = -3.2 eV", StructureFiles.readXyz(eq).get(0).info().get("comment"));
        // As ASE 3.22 writes it: extra integer column, quoted lattice, energy and a bare flag.
        Path ase = Samples.file(dir, "ase.xyz", "2\nLattice=\"2.715 2.715 0.0 0.0 2.715 2.715 2.715 0.0 2.715\" "
                + "Properties=species:S:1:pos:R:3:Z:I:1:forces:R:3 energy=-10.5 relaxed pbc=\"T T T\"\n"
                + "Si 0.0 0.0 0.0 14 0.1 0.2 0.3\nSi 1.3575 1.3575 1.3575 14 -0.1 -0.2 -0.3\n");
        Frame s = StructureFiles.readXyz(ase).get(0);
        assertEquals(-10.5, s.energy().getAsDouble(), 0.0);
        assertEquals("T", s.info().get("relaxed"));
        assertArrayEquals(new double[] {0.1, 0.2, 0.3, -0.1, -0.2, -0.3}, s.forces());
        assertEquals(2 * 2.715 * 2.715 * 2.715, s.atoms().box().volume(), 1e-12);
    }

    @Test void trajectoryWriterAppendsAndFlushesEachFrame() throws Exception {
        Path p = dir.resolve("md.xyz");
        Atoms a = Samples.random(3, 4, Box.periodic(Samples.TRICLINIC));
        double[] moved = Samples.random(5, 4, Box.periodic(Samples.TRICLINIC)).positions();
        try (Writer out = Files.newBufferedWriter(p, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
             FrameWriter fw = StructureFiles.xyzWriter(out)) {
            fw.write(Frame.of(a));
            assertEquals(1, StructureFiles.readXyz(p).size(), "first frame visible before close");
            fw.write(Frame.of(a.withPositions(moved)));
        }
        try (Writer out = Files.newBufferedWriter(p, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
             FrameWriter fw = StructureFiles.xyzWriter(out)) {
            fw.write(Frame.of(a));
        }
        try (FrameReader r = StructureFiles.openXyz(p)) {
            int n = 0;
            while (r.hasNext()) {
                Frame f = r.next();
                if (n == 1) assertArrayEquals(moved, f.atoms().positions());
                else Samples.assertSameAtoms(a, f.atoms());
                n++;
            }
            assertEquals(3, n);
        }
    }

    @Test void malformedFilesNameFileAndLine() throws Exception {
        Path count = Samples.file(dir, "count.xyz", "2\nx\nSi 0 0 0\nSi 1 1 1\ntwo\nx\n");
        Samples.assertBadInput(count, 5, "number of atoms", () -> StructureFiles.readXyz(count));
        Path cols = Samples.file(dir, "cols.xyz", "2\nProperties=species:S:1:pos:R:3:forces:R:3\nSi 0 0 0 1 1 1\nSi 1 1 1\n");
        Samples.assertBadInput(cols, 4, "expected 7 columns", () -> StructureFiles.readXyz(cols));
        Path elem = Samples.file(dir, "elem.xyz", "2\n\nSi 0 0 0\nXx 1 1 1\n");
        Samples.assertBadInput(elem, 4, "'Xx'", () -> StructureFiles.readXyz(elem));
        Path num = Samples.file(dir, "num.xyz", "1\n\nSi 0 zero 0\n");
        Samples.assertBadInput(num, 3, "'zero'", () -> StructureFiles.readXyz(num));
        Path shortFile = Samples.file(dir, "short.xyz", "3\n\nSi 0 0 0\n");
        Samples.assertBadInput(shortFile, 4, "end of file", () -> StructureFiles.readXyz(shortFile));
        Path lat = Samples.file(dir, "lat.xyz", "1\nLattice=\"1 0 0 0 1 0\" pbc=\"T T T\"\nSi 0 0 0\n");
        Samples.assertBadInput(lat, 2, "9 numbers", () -> StructureFiles.readXyz(lat));
        Path quote = Samples.file(dir, "quote.xyz", "1\nLattice=\"1 0 0 0 1 0 0 0 1\nSi 0 0 0\n");
        Samples.assertBadInput(quote, 2, "closing", () -> StructureFiles.readXyz(quote));
        Path left = Samples.file(dir, "left.xyz", "1\nLattice=\"1 0 0 0 1 0 0 0 -1\"\nSi 0 0 0\n");
        Samples.assertBadInput(left, 2, "volume", () -> StructureFiles.readXyz(left));
    }
}
