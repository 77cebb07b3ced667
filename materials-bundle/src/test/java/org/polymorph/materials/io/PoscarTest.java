package org.polymorph.materials.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.materials.internal.io.StructureFiles;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

class PoscarTest {
    @TempDir Path dir;

    /** The atoms grouped by type (POSCAR's order), stable within a type. */
    private static Atoms grouped(Atoms a) {
        double[] r = new double[3 * a.size()];
        int[] t = new int[a.size()];
        int k = 0;
        for (int type = 0; type < a.typeNames().size(); type++) {
            for (int i = 0; i < a.size(); i++) {
                if (a.type(i) != type) continue;
                for (int j = 0; j < 3; j++) r[3 * k + j] = a.x(i, j);
                t[k++] = type;
            }
        }
        return new Atoms(r, t, a.typeNames(), a.masses(), a.box());
    }

    @Test void cartesianRoundTripIsExactAndDirectWithin1e12() throws Exception {
        Atoms a = Samples.random(21, 11, Box.periodic(Samples.GENERAL));
        Atoms g = grouped(a);
        Path cart = dir.resolve("POSCAR");
        StructureFiles.writePoscar(cart, a, false);
        Samples.assertSameAtoms(g, StructureFiles.readPoscar(cart));
        Path direct = dir.resolve("CONTCAR");
        StructureFiles.writePoscar(direct, a, true);
        Atoms back = StructureFiles.readPoscar(direct);
        assertArrayEquals(g.box().h(), back.box().h());
        Samples.assertClose(g.positions(), back.positions(), 1e-12, "direct positions");
        assertEquals(List.of("Si", "O"), back.typeNames());
        assertArrayEquals(new double[] {Elements.mass("Si"), Elements.mass("O")}, back.masses());
    }

    @Test void negativeScaleIsVolumeAndSelectiveDynamicsIsTolerated() throws Exception {
        // Diamond Si primitive cell with scale -40.05 (Å³): a = (4·40.05)^(1/3).
        Path p = Samples.file(dir, "POSCAR", "Si primitive\n  -40.05\n 0.0 0.5 0.5\n 0.5 0.0 0.5\n 0.5 0.5 0.0\n Si\n 2\n"
                + "Selective dynamics\nCartesian\n 0.0 0.0 0.0 T T F\n 0.25 0.25 0.25 F F F Si\n\n 0 0 0\n 0 0 0\n");
        Atoms si = StructureFiles.readPoscar(p);
        assertEquals(40.05, si.box().volume(), 1e-12);
        double a = Math.cbrt(4 * 40.05);
        Samples.assertClose(new double[] {0, 0, 0, a / 4, a / 4, a / 4}, si.positions(), 1e-13, "positions");
        Path d = Samples.file(dir, "POSCAR2", "x\n5.431\n1 0 0\n0 1 0\n0 0 1\nSi\n1\ndirect\n0.25 0.5 0.75\n");
        assertArrayEquals(new double[] {0.25 * 5.431, 0.5 * 5.431, 0.75 * 5.431}, StructureFiles.readPoscar(d).positions());
    }

    @Test void malformedFilesNameFileAndLine() throws Exception {
        Path vasp4 = Samples.file(dir, "vasp4", "x\n1.0\n1 0 0\n0 1 0\n0 0 1\n2\nDirect\n0 0 0\n.5 .5 .5\n");
        Samples.assertBadInput(vasp4, 6, "element symbols", () -> StructureFiles.readPoscar(vasp4));
        Path elem = Samples.file(dir, "elem", "x\n1.0\n1 0 0\n0 1 0\n0 0 1\nSi Qq\n1 1\nDirect\n0 0 0\n.5 .5 .5\n");
        Samples.assertBadInput(elem, 6, "'Qq'", () -> StructureFiles.readPoscar(elem));
        Path lat = Samples.file(dir, "lat", "x\n1.0\n1 0 0\n0 1\n0 0 1\nSi\n1\nDirect\n0 0 0\n");
        Samples.assertBadInput(lat, 4, "lattice vector 2", () -> StructureFiles.readPoscar(lat));
        Path mode = Samples.file(dir, "mode", "x\n1.0\n1 0 0\n0 1 0\n0 0 1\nSi\n1\nFractional\n0 0 0\n");
        Samples.assertBadInput(mode, 8, "Direct or Cartesian", () -> StructureFiles.readPoscar(mode));
        Path few = Samples.file(dir, "few", "x\n1.0\n1 0 0\n0 1 0\n0 0 1\nSi\n2\nDirect\n0 0 0\n");
        Samples.assertBadInput(few, 10, "end of file", () -> StructureFiles.readPoscar(few));
        Path coord = Samples.file(dir, "coord", "x\n1.0\n1 0 0\n0 1 0\n0 0 1\nSi\n1\nDirect\n0 0.5\n");
        Samples.assertBadInput(coord, 9, "3 coordinates", () -> StructureFiles.readPoscar(coord));
        assertThrows(IllegalArgumentException.class, () -> StructureFiles.writePoscar(dir.resolve("free"),
                Atoms.of(new double[3], "Si", 28.085, Box.free()), true));
    }
}
