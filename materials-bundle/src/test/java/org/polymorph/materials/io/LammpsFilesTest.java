package org.polymorph.materials.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.materials.internal.io.StructureFiles;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

class LammpsFilesTest {
    @TempDir Path dir;

    @Test void lammpsBoxOfAGeneralCellKeepsTheMetricAndFractionalCoordinates() {
        Box box = Box.periodic(Samples.GENERAL);
        LammpsBox lb = LammpsBox.of(box.h());
        double[] hl = lb.h();
        double[] g = Samples.GENERAL;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double a = g[3 * i] * g[3 * j] + g[3 * i + 1] * g[3 * j + 1] + g[3 * i + 2] * g[3 * j + 2];
                double b = hl[3 * i] * hl[3 * j] + hl[3 * i + 1] * hl[3 * j + 1] + hl[3 * i + 2] * hl[3 * j + 2];
                assertEquals(a, b, 1e-12, "metric " + i + j);
            }
        }
        double[] m = LammpsBox.rotation(box);
        double[] mmT = Box.matmul(m, new double[] {m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]});
        Samples.assertClose(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, mmT, 1e-14, "M·Mᵀ (a rotation)");
        Samples.assertClose(hl, Box.matmul(g, m), 1e-14, "h·M = h_L");
        assertEquals(new LammpsBox(5.1, 4.7, 6.2, -1.3, 0.9, -0.7), LammpsBox.of(Samples.TRICLINIC));
        assertThrows(IllegalArgumentException.class, () -> new LammpsBox(1, 0, 1, 0, 0, 0));
    }

    /** ASE's bulk('Si', 'diamond', a=5.431) * (3, 3, 3): rotated, its xy and xz are a rounding step above lx/2. */
    private static final double[] DIAMOND_333 = {0, 8.1465, 8.1465, 8.1465, 0, 8.1465, 8.1465, 8.1465, 0};

    /** LAMMPS's check before it stops with "Triclinic box skew is too large" (domain.cpp, set_initial_box), in double. */
    private static boolean inLammpsRange(LammpsBox b) {
        return !(Math.abs(b.xy() / b.lx()) > 0.5 || Math.abs(b.xz() / b.lx()) > 0.5 || Math.abs(b.yz() / b.ly()) > 0.5);
    }

    @Test void reducedTiltsAreInLammpsRangeAndSpanTheSameLattice() {
        double rhl = Math.toRadians(40);
        double[] rhombohedral = {Math.cos(rhl / 2), -Math.sin(rhl / 2), 0, Math.cos(rhl / 2), Math.sin(rhl / 2), 0,
            Math.cos(rhl) / Math.cos(rhl / 2), 0, Math.sqrt(1 - Math.pow(Math.cos(rhl) / Math.cos(rhl / 2), 2))};
        double[] skewedCubic = {5, 0, 0, 10, 5, 0, -15, 10, 5};   // a, b + 2a, c − 3a + 2b of a 5 Å cube
        boolean[] all = {true, true, true};
        for (double[] h : new double[][] {DIAMOND_333, Samples.GENERAL, Samples.TRICLINIC, rhombohedral, skewedCubic}) {
            LammpsBox lb = LammpsBox.of(h), red = lb.reduced(all);
            String what = java.util.Arrays.toString(h);
            assertTrue(inLammpsRange(red), what + " -> " + red);
            assertEquals(List.of(lb.lx(), lb.ly(), lb.lz()), List.of(red.lx(), red.ly(), red.lz()), "the volume lx·ly·lz stays, " + what);
            double[] u = Box.matmul(red.h(), Box.inverse(lb.h()));   // new rows in the old ones: integer, unimodular
            for (int k = 0; k < 9; k++) assertEquals(Math.rint(u[k]), u[k], 1e-9, what + " U = " + java.util.Arrays.toString(u));
            assertEquals(1, u[0] * (u[4] * u[8] - u[5] * u[7]) - u[1] * (u[3] * u[8] - u[5] * u[6]) + u[2] * (u[3] * u[7] - u[4] * u[6]), 1e-9);
        }
        assertFalse(inLammpsRange(LammpsBox.of(DIAMOND_333)), "the ASE diamond cell needs the reduction");
        assertEquals(new LammpsBox(5, 5, 5, 0, 0, 0), LammpsBox.of(skewedCubic).reduced(all), "tilts of several box lengths");
        LammpsBox half = new LammpsBox(4, 3, 2, 2, -2, 1.5);
        assertEquals(half, half.reduced(all), "a tilt of exactly half the box is in range and stays");
        LammpsBox above = new LammpsBox(4, 3, 2, Math.nextUp(2.0), 0, 0);
        assertEquals(Math.nextUp(2.0) - 4, above.reduced(all).xy(), 0.0, "one rounding step above half is reduced");
        LammpsBox big = new LammpsBox(4, 3, 2, 3, 3, 2.5);
        assertEquals(big, big.reduced(new boolean[] {false, false, true}), "no additions of non-periodic vectors");
        assertEquals(new LammpsBox(4, 3, 2, -1, -1, 2.5), big.reduced(new boolean[] {true, false, true}));
        String msg = assertThrows(IllegalArgumentException.class, () -> new LammpsBox(1, 1, 1, 1e20, 0, 0).reduced(all)).getMessage();
        assertTrue(msg.contains("tilt xy = 1.0E20") && msg.contains("less skewed"), msg);
    }

    @Test void dataOfACellWithLargeTiltsIsReducedAndItsAtomsWrapped() throws Exception {
        Atoms a = Samples.random(11, 20, Box.periodic(DIAMOND_333));
        Path p = dir.resolve("diamond.data");
        StructureFiles.writeLammpsData(p, a, null);
        double[] v = new double[6];
        for (String line : Files.readAllLines(p)) {
            String[] t = line.strip().split("\\s+");
            if (line.endsWith(" xlo xhi")) v[0] = Double.parseDouble(t[1]) - Double.parseDouble(t[0]);
            if (line.endsWith(" ylo yhi")) v[1] = Double.parseDouble(t[1]) - Double.parseDouble(t[0]);
            if (line.endsWith(" zlo zhi")) v[2] = Double.parseDouble(t[1]) - Double.parseDouble(t[0]);
            if (line.endsWith(" xy xz yz")) for (int k = 0; k < 3; k++) v[3 + k] = Double.parseDouble(t[k]);
        }
        assertTrue(inLammpsRange(new LammpsBox(v[0], v[1], v[2], v[3], v[4], v[5])), "as LAMMPS reads the file: " + java.util.Arrays.toString(v));
        Atoms back = StructureFiles.readLammpsData(p, null).atoms();
        assertEquals(a.box().volume(), back.box().volume(), 1e-9);
        double[] rotated = LammpsBox.apply(LammpsBox.rotation(a.box()), a.positions());
        double[] inv = back.box().inverse();
        for (int i = 0; i < a.size(); i++) {
            for (int k = 0; k < 3; k++) {
                double s = back.x(i, 0) * inv[k] + back.x(i, 1) * inv[3 + k] + back.x(i, 2) * inv[6 + k];
                double d = (back.x(i, 0) - rotated[3 * i]) * inv[k] + (back.x(i, 1) - rotated[3 * i + 1]) * inv[3 + k]
                        + (back.x(i, 2) - rotated[3 * i + 2]) * inv[6 + k];
                assertEquals(Math.rint(d), d, 1e-9, "atom " + i + " moved by whole cell vectors");
                assertTrue(s > -1e-12 && s < 1 + 1e-12, "atom " + i + " wrapped into the cell: fractional " + s);
            }
        }
    }

    @Test void dataRoundTripExactForLammpsFormCells() throws Exception {
        for (double[] h : new double[][] {{6, 0, 0, 0, 7, 0, 0, 0, 8}, Samples.TRICLINIC}) {
            Atoms a = Samples.random(7, 13, Box.periodic(h));
            double[] v = Samples.randomVectors(8, 13);
            Path p = dir.resolve("data.lmp");
            StructureFiles.writeLammpsData(p, a, v);
            Frame back = StructureFiles.readLammpsData(p, null);
            Samples.assertSameAtoms(a, back.atoms());
            assertArrayEquals(a.masses(), back.atoms().masses());
            assertArrayEquals(v, back.velocities());
            assertEquals(h[3] != 0, Files.readString(p).contains(" xy xz yz\n"));
        }
    }

    @Test void dataOfAGeneralCellIsRotated() throws Exception {
        Atoms a = Samples.random(9, 6, Box.periodic(Samples.GENERAL));
        double[] v = Samples.randomVectors(4, 6);
        Path p = dir.resolve("gen.data");
        StructureFiles.writeLammpsData(p, a, v);
        Frame back = StructureFiles.readLammpsData(p, null);
        double[] m = LammpsBox.rotation(a.box());
        Samples.assertClose(LammpsBox.apply(m, a.positions()), back.atoms().positions(), 1e-12, "rotated positions");
        Samples.assertClose(LammpsBox.apply(m, v), back.velocities(), 1e-15, "rotated velocities");
        for (int i = 0; i < 6; i++) {   // interatomic distances survive
            double d0 = 0, d1 = 0;
            for (int k = 0; k < 3; k++) {
                d0 += Math.pow(a.x(i, k) - a.x(0, k), 2);
                d1 += Math.pow(back.atoms().x(i, k) - back.atoms().x(0, k), 2);
            }
            assertEquals(Math.sqrt(d0), Math.sqrt(d1), 1e-12);
        }
    }

    @Test void readsDataAsLammpsWritesIt() throws Exception {
        // write_data style: shifted origin, no type names, unsorted non-contiguous ids, image flags, extra sections.
        Path p = Samples.file(dir, "lmp.data", "LAMMPS data file via write_data, version 29 Sep 2021\n\n3 atoms\n2 atom types\n\n"
                + "-1.0 4.0 xlo xhi\n0.0 5.0 ylo yhi\n2.0 8.0 zlo zhi\n0.5 0.0 -0.25 xy xz yz\n\nMasses\n\n1 28.0855\n2 15.999\n\n"
                + "Pair Coeffs # lj/cut\n\n1 1.0 1.0\n2 1.0 1.0\n\nAtoms # atomic\n\n30 2 1.0 1.0 3.0 0 0 0\n7 1 0.0 0.0 2.0 1 0 -1\n20 1 -1.0 4.0 7.5 0 0 0\n\n"
                + "Velocities\n\n20 0.1 0.2 0.3\n7 0 0 0\n30 -1 -2 -3\n");
        Frame f = StructureFiles.readLammpsData(p, List.of("Si", "O"));
        Atoms a = f.atoms();
        assertEquals(List.of("Si", "O"), a.typeNames());
        assertArrayEquals(new double[] {28.0855, 15.999}, a.masses());
        assertArrayEquals(new int[] {0, 0, 1}, a.types());
        // atom 1: (0,0,2) - lo + 1·a - 1·c = (1,0,0) + (5,0,0) - (0,-0.25,6) = (6, 0.25, -6)
        Samples.assertClose(new double[] {6, 0.25, -6, 0, 4, 5.5, 2, 1, 1}, a.positions(), 1e-15, "positions");
        assertArrayEquals(new double[] {0, 0, 0, 0.1, 0.2, 0.3, -1, -2, -3}, f.velocities());
        assertArrayEquals(new double[] {5, 0, 0, 0.5, 5, 0, 0, -0.25, 6}, a.box().h());
        assertEquals(List.of("1", "2"), StructureFiles.readLammpsData(p, null).atoms().typeNames());
    }

    @Test void dumpMultiFrameRoundTripOrthogonalAndTriclinic() throws Exception {
        List<Frame> frames = new ArrayList<>();
        Box[] boxes = {Box.orthorhombic(6, 7, 8), Box.periodic(Samples.TRICLINIC), new Box(Samples.TRICLINIC, new boolean[] {true, true, false})};
        for (int i = 0; i < 3; i++) {
            Atoms a = Samples.random(30 + i, 5, boxes[i]);
            frames.add(new Frame(a, i == 0 ? null : Samples.randomVectors(i, 5), i == 1 ? null : Samples.randomVectors(9 + i, 5),
                    Map.of("timestep", Integer.toString(100 * i))));
        }
        Path p = dir.resolve("dump.lammpstrj");
        StructureFiles.writeLammpsDump(p, frames);
        List<Frame> back = StructureFiles.readLammpsDump(p, List.of("Si", "O"));
        assertEquals(3, back.size());
        for (int i = 0; i < 3; i++) {
            Samples.assertClose(frames.get(i).atoms().positions(), back.get(i).atoms().positions(), 0, "frame " + i + " positions");
            Samples.assertClose(frames.get(i).atoms().box().h(), back.get(i).atoms().box().h(), 1e-14, "frame " + i + " cell");
            assertArrayEquals(frames.get(i).atoms().types(), back.get(i).atoms().types());
            assertArrayEquals(boxes[i].periodic(), back.get(i).atoms().box().periodic());
            assertEquals(Integer.toString(100 * i), back.get(i).info().get("timestep"));
            if (i == 0) assertNull(back.get(i).velocities());
            else assertArrayEquals(frames.get(i).velocities(), back.get(i).velocities());
            if (i == 1) assertNull(back.get(i).forces());
            else assertArrayEquals(frames.get(i).forces(), back.get(i).forces());
        }
        String text = Files.readString(p);
        assertTrue(text.contains("ITEM: BOX BOUNDS xy xz yz pp pp pp\n-1.3 6.0 -1.3\n-0.7 4.7 0.9\n0.0 6.2 -0.7\n"), text);
        StringWriter sw = new StringWriter();
        try (FrameWriter fw = StructureFiles.lammpsDumpWriter(sw)) {
            fw.write(Frame.of(frames.get(0).atoms()));
            fw.write(Frame.of(frames.get(0).atoms()));
        }
        assertTrue(sw.toString().startsWith("ITEM: TIMESTEP\n0\n") && sw.toString().contains("ITEM: TIMESTEP\n1\n"));
    }

    @Test void readsTriclinicDumpBoundsAsLammpsWritesThem() throws Exception {
        // LAMMPS bounding box: xlo_bound = xlo + min(0, xy, xz, xy+xz), xhi_bound = xhi + max(...), etc.
        Path p = Samples.file(dir, "tri.dump", "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n2\nITEM: BOX BOUNDS xy xz yz pp pp pp\n"
                + "0.5 11.0 1.0\n-1.0 8.0 -0.5\n1.0 7.0 -1.0\nITEM: ATOMS id type xs ys zs c_pe\n"
                + "2 1 0.5 0.5 0.5 -3.2\n1 1 0 0 0 -3.1\n");
        Atoms a = StructureFiles.readLammpsDump(p, List.of("Cu")).get(0).atoms();
        // xlo = 0.5 - min(0,1,-0.5,0.5) = 1, xhi = 11 - 1 = 10, ylo = -1 - (-1) = 0, yhi = 8 - 0 = 8
        assertArrayEquals(new double[] {9, 0, 0, 1, 8, 0, -0.5, -1, 6}, a.box().h());
        Samples.assertClose(new double[] {0, 0, 0, 4.75, 3.5, 3}, a.positions(), 1e-15, "positions from scaled coordinates");
        assertEquals(Elements.mass("Cu"), a.masses()[0], 0.0);
    }

    @Test void malformedFilesNameFileAndLine() throws Exception {
        String head = "title\n\n2 atoms\n1 atom types\n\n0 4 xlo xhi\n0 4 ylo yhi\n0 4 zlo zhi\n\nMasses\n\n1 28.0855\n\n";
        Path style = Samples.file(dir, "style.data", head + "Atoms # charge\n\n1 1 0.0 0 0 0\n2 1 0.0 1 1 1\n");
        Samples.assertBadInput(style, 14, "atom style 'charge'", () -> StructureFiles.readLammpsData(style, null));
        Path dup = Samples.file(dir, "dup.data", head + "Atoms # atomic\n\n1 1 0 0 0\n1 1 1 1 1\n");
        Samples.assertBadInput(dup, 17, "atom id 1", () -> StructureFiles.readLammpsData(dup, null));
        Path type = Samples.file(dir, "type.data", head + "Atoms # atomic\n\n1 1 0 0 0\n2 3 1 1 1\n");
        Samples.assertBadInput(type, 17, "atom type 3", () -> StructureFiles.readLammpsData(type, null));
        Path few = Samples.file(dir, "few.data", head + "Atoms # atomic\n\n1 1 0 0 0\n");
        Samples.assertBadInput(few, 16, "expected 2 lines in Atoms", () -> StructureFiles.readLammpsData(few, null));
        Path num = Samples.file(dir, "num.data", head + "Atoms # atomic\n\n1 1 0 0 0\n2 1 1 1 x\n");
        Samples.assertBadInput(num, 17, "'x'", () -> StructureFiles.readLammpsData(num, null));
        Path mass = Samples.file(dir, "mass.data", head.replace("Masses\n\n1 28.0855\n\n", "") + "Atoms # atomic\n\n1 1 0 0 0\n2 1 1 1 1\n");
        Samples.assertBadInput(mass, 1, "no mass for atom type 1", () -> StructureFiles.readLammpsData(mass, null));

        String dump = "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n2\nITEM: BOX BOUNDS pp pp pp\n0 4\n0 4\n0 4\nITEM: ATOMS id type x y z\n1 1 0 0 0\n2 1 1 1 1\n";
        Path d1 = Samples.file(dir, "a.dump", dump + dump.replace("ITEM: NUMBER OF ATOMS", "ITEM: NUMBER ATOMS"));
        Samples.assertBadInput(d1, 14, "ITEM: NUMBER OF ATOMS", () -> StructureFiles.readLammpsDump(d1, List.of("Si")));
        Path d2 = Samples.file(dir, "b.dump", dump.replace("2 1 1 1 1", "2 2 1 1 1"));
        Samples.assertBadInput(d2, 11, "atom type 2", () -> StructureFiles.readLammpsDump(d2, List.of("Si")));
        Path d3 = Samples.file(dir, "c.dump", dump.replace("2 1 1 1 1\n", ""));
        Samples.assertBadInput(d3, 11, "end of file", () -> StructureFiles.readLammpsDump(d3, List.of("Si")));
        Path d4 = Samples.file(dir, "d.dump", dump.replace("0 4\n0 4\n0 4", "0 4\n0\n0 4"));
        Samples.assertBadInput(d4, 7, "lo hi", () -> StructureFiles.readLammpsDump(d4, List.of("Si")));
        Path d6 = Samples.file(dir, "f.dump", dump.replace("2 1 1 1 1", "1 1 1 1 1"));
        Samples.assertBadInput(d6, 11, "atom id 1 is repeated", () -> StructureFiles.readLammpsDump(d6, List.of("Si")));
        Path d5 = Samples.file(dir, "e.dump", dump.replace("id type x y z", "id type x z y"));
        Samples.assertBadInput(d5, 9, "next to each other", () -> StructureFiles.readLammpsDump(d5, List.of("Si")));
    }
}
