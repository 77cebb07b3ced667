package org.polymorph.materials.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.method.BadInputException;
import org.polymorph.materials.internal.io.StructureFiles;
import org.polymorph.materials.internal.method.Structures;
import org.polymorph.materials.structure.Atoms;

/**
 * Small mutated structure files, one class of damage per test, as a fuzzer produces them: each is
 * refused with the file, the line and what to fix (never an out-of-memory, a hang, an array index
 * error or an infinite energy later), or read correctly where the mutation is legal.
 */
@Timeout(60)
class MutatedStructureFilesTest {
    @TempDir Path dir;

    private static final String CUBE = "Lattice=\"5 0 0 0 5 0 0 0 5\" pbc=\"T T T\"";

    private Path file(String name, String text) throws Exception { return Samples.file(dir, name, text); }

    /** A reader of one file. */
    @FunctionalInterface
    private interface Reader {
        Object read(Path file) throws Exception;
    }

    /** The file {@code name} holding {@code text}, refused by {@code reader} naming the file, {@code line} and {@code fragment}. */
    private Path refused(String name, String text, int line, String fragment, Reader reader) throws Exception {
        Path p = file(name, text);
        Samples.assertBadInput(p, line, fragment, () -> reader.read(p));
        return p;
    }

    /** Bytes allocated by this thread while running the call [bytes] (HotSpot's per-thread counter). */
    private static long allocated(Executable call) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(id);
        try {
            call.execute();
        } catch (Throwable t) {
            // the refusal itself is asserted by the caller
        }
        return mx.getThreadAllocatedBytes(id) - before;
    }

    // ---- memory: counts are checked against the body, nothing is allocated from a declared count ----

    @Test void declaredCountsFarBeyondTheBodyAreRefusedWithMemoryInProportionToTheFile() throws Exception {
        for (String count : List.of("2147483647", "400000000", "100000000")) {
            Path xyz = refused("big" + count + ".xyz", count + "\n\nSi 0 0 0\nSi 2 2 2\nSi 0 2 2\nSi 2 0 2\n", 7, "end of file", p -> StructureFiles.readXyz(p));
            long bytes = allocated(() -> StructureFiles.readXyz(xyz));
            assertTrue(bytes < 20_000_000, "reading a 4-atom body declaring " + count + " atoms allocated " + bytes + " bytes");
        }
        Path poscar = refused("POSCAR", "big\n1.0\n5 0 0\n0 5 0\n0 0 5\nSi\n2147483647\nDirect\n0 0 0\n", 10, "end of file", p -> StructureFiles.readPoscar(p));
        assertTrue(allocated(() -> StructureFiles.readPoscar(poscar)) < 20_000_000);
        refused("sum.vasp", "overflow\n1.0\n5 0 0\n0 5 0\n0 0 5\nSi O\n2147483647 2147483647\nDirect\n0 0 0\n", 7, "add up to", p -> StructureFiles.readPoscar(p));
        refused("big.data", "title\n\n2147483647 atoms\n1 atom types\n0 5 xlo xhi\n0 5 ylo yhi\n0 5 zlo zhi\n\n"
                + "Masses\n\n1 28.0855\n\nAtoms # atomic\n\n1 1 0 0 0\n", 15, "expected 2147483647 lines in Atoms", p -> StructureFiles.readLammpsData(p, null));
        Path types = refused("types.data", "title\n\n1 atoms\n2147483647 atom types\n0 5 xlo xhi\n0 5 ylo yhi\n0 5 zlo zhi\n\n"
                + "Masses\n\n1 28.0855\n\nAtoms # atomic\n\n1 1 0 0 0\n", 1, "2147483647 atom types", p -> StructureFiles.readLammpsData(p, null));
        assertTrue(allocated(() -> StructureFiles.readLammpsData(types, null)) < 20_000_000);
        Path dump = refused("big.dump", "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n2147483647\nITEM: BOX BOUNDS pp pp pp\n0 5\n0 5\n0 5\n"
                + "ITEM: ATOMS id type x y z\n1 1 0 0 0\n", 11, "end of file", p -> StructureFiles.readLammpsDump(p, List.of("Si")));
        assertTrue(allocated(() -> StructureFiles.readLammpsDump(dump, List.of("Si"))) < 20_000_000);
    }

    @Test void aLineOfManyMegabytesIsRefusedBeforeItIsSplit() throws Exception {
        Path p = dir.resolve("long.xyz");
        byte[] body = ("1\n\nSi 0 0 0" + " 0".repeat(1 << 20) + "\n").getBytes(StandardCharsets.US_ASCII);
        Files.write(p, body);
        Samples.assertBadInput(p, 3, "longer than", () -> StructureFiles.readXyz(p));
    }

    // ---- cells ----

    @Test void tinyThinOrHugeCellsAreRefusedAtReadTime() throws Exception {
        refused("tiny.xyz", "1\nLattice=\"0.001 0 0 0 0.001 0 0 0 0.001\"\nSi 0 0 0\n", 2, "thin", p -> StructureFiles.readXyz(p));
        refused("scale.vasp", "tiny\n1e-5\n5 0 0\n0 5 0\n0 0 5\nSi\n1\nDirect\n0 0 0\n", 2, "thin", p -> StructureFiles.readPoscar(p));
        refused("negvol.vasp", "near-zero volume\n-1e-20\n5 0 0\n0 5 0\n0 0 5\nSi\n1\nDirect\n0 0 0\n", 2, "thin", p -> StructureFiles.readPoscar(p));
        refused("tiny.cif", cif("1e-5", "1e-5", "1e-5", "90", "90", "90", "'x,y,z'", "Si 0 0 0"), 2, "thin", p -> StructureFiles.readCif(p));
        for (String[] t : new String[][] {{"1e6", "thin"}, {"1e12", "beyond"}}) {
            Path tilt = file("tilt.data", "title\n\n1 atoms\n1 atom types\n0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi\n" + t[0] + " 0 0 xy xz yz\n\n"
                    + "Masses\n\n1 28.0855\n\nAtoms # atomic\n\n1 1 0 0 0\n");
            Samples.assertBadInput(tilt, 8, t[1], () -> StructureFiles.readLammpsData(tilt, null));
        }
        refused("crowded.xyz", "3\nLattice=\"0.6 0 0 0 0.6 0 0 0 0.6\"\nSi 0 0 0\nSi 0.3 0.3 0.3\nSi 0.3 0 0\n", 2, "too small for 3 atoms", p -> StructureFiles.readXyz(p));
        refused("huge.xyz", "1\nLattice=\"1e200 0 0 0 1e200 0 0 0 1e200\"\nSi 0 0 0\n", 2, "beyond", p -> StructureFiles.readXyz(p));
    }

    @Test void aNegativePoscarScaleIsTheVolumeAsInVasp() throws Exception {
        Path p = file("vol.vasp", "volume 160.1\n-160.1\n1 0 0\n0 1 0\n0 0 1\nSi\n1\nDirect\n0 0 0\n");
        Atoms a = StructureFiles.readPoscar(p);
        assertEquals(160.1, a.box().volume(), 1e-9);
    }

    @Test void cifAnglesOutsideZeroTo180AreRefused() throws Exception {
        for (String bad : List.of("450", "-90", "180", "0")) {
            refused("angle" + bad + ".cif", cif("5", "5", "5", bad, "90", "90", "'x,y,z'", "Si 0 0 0"), 5, "between 0 and 180", p -> StructureFiles.readCif(p));
        }
        refused("metric.cif", cif("5", "5", "5", "100", "100", "170", "'x,y,z'", "Si 0 0 0"), 7, "no valid cell", p -> StructureFiles.readCif(p));
    }

    // ---- atoms ----

    @Test void coincidentAtomsAreRefusedNamingBothAtomsTheirLinesAndTheFile() throws Exception {
        Path p = file("close.xyz", "3\n" + CUBE + "\nSi 0 0 0\nSi 2.5 2.5 2.5\nO 2.5 2.5 2.54\n");
        IllegalArgumentException e = Samples.assertBadInput(p, 5, "atom 3 (O) is 0.04 Å from atom 2 (Si, line 4)", () -> StructureFiles.readXyzStructure(p));
        assertTrue(e.getMessage().contains("closer than 0.5 Å are refused"), e.getMessage());
        refused("image.xyz", "2\n" + CUBE + "\nSi 0.01 0 0\nSi 4.98 0 0\n", 4, "atom 2 (Si) is 0.03 Å from atom 1 (Si, line 3) through the periodic cell",
                StructureFiles::readXyzStructure);
        refused("same.data", "title\n\n2 atoms\n1 atom types\n0 5 xlo xhi\n0 5 ylo yhi\n0 5 zlo zhi\n\nMasses\n\n1 28.0855\n\nAtoms # atomic\n\n"
                + "7 1 1 1 1\n3 1 1 1 1\n", 16, "atom 1 (type 1) is 0 Å from atom 2 (type 1, line 15)", f -> StructureFiles.readLammpsData(f, null));
        assertEquals(3, StructureFiles.readXyz(p).get(0).atoms().size(), "a trajectory's frames are analysed, not refused");
        // md.evaluate and md.convert see bad input (exit 2) that names the parameter and the file
        BadInputException b = assertThrows(BadInputException.class, () -> Structures.read(p, "auto"));
        assertTrue(b.getMessage().contains("'structure'") && b.getMessage().contains(p.toString()), b.getMessage());
    }

    @Test void cifImagesOfOneSiteCloserThanHalfAnAngstromAreOneAtomOfOtherSitesRefused() throws Exception {
        // x = 0.005 next to the mirror x → −x: images 0.04 Å apart are the atom on the mirror, written rounded
        Path rounded = file("rounded.cif", cif("4", "5", "6", "90", "90", "90", "'x,y,z'\n'-x,y,z'", "Si 0.005 0.1 0.2"));
        Atoms a = StructureFiles.readCif(rounded);
        assertEquals(1, a.size());
        assertEquals(0.0, a.x(0, 0), 1e-12, "the mean of the two images lies on the mirror");
        refused("twosites.cif", cif("4", "5", "6", "90", "90", "90", "'x,y,z'", "Si 0 0 0\nO 0.01 0 0"), 19, "atom 2 (O) is 0.04 Å from atom 1 (Si, line 18)",
                StructureFiles::readCif);
    }

    @Test void cifSymmetryOperationsMustBeIsometriesOfTheCell() throws Exception {
        for (String[] op : new String[][] {{"'x,x,x'", "determinant 0"}, {"'2x,y,z'", "determinant 2"}, {"'y,x,z'", "lengths and angles"},
                {"'0.5x,y,z'", "non-integer"}}) {
            Path p = file("op.cif", cif("4", "5", "6", "90", "90", "90", "'x,y,z'\n" + op[0], "Si 0.1 0.2 0.3"));
            Samples.assertBadInput(p, 12, op[1], () -> StructureFiles.readCif(p));
        }
        // y,x,z is an isometry of a tetragonal cell, and a hexagonal cell's x-y,x,z too
        assertEquals(2, StructureFiles.readCif(file("tet.cif", cif("4", "4", "6", "90", "90", "90", "'x,y,z'\n'y,x,z'", "Si 0.1 0.3 0.3"))).size());
        assertEquals(6, StructureFiles.readCif(file("hex.cif", cif("3", "3", "6", "90", "90", "120",
                "'x,y,z'\n'x-y,x,z'\n'-y,x-y,z'\n'-x,-y,z'\n'-x+y,-x,z'\n'y,-x+y,z'", "Si 0.1 0.3 0.3"))).size());
    }

    @Test void zeroAtomsAreRefusedInEveryReader() throws Exception {
        refused("empty.xyz", "0\n" + CUBE + "\n", 2, "no atoms", p -> StructureFiles.readXyz(p));
        refused("empty.vasp", "none\n1.0\n5 0 0\n0 5 0\n0 0 5\nSi\n0\nDirect\n", 2, "no atoms", p -> StructureFiles.readPoscar(p));
        refused("empty.data", "title\n\n0 atoms\n1 atom types\n0 5 xlo xhi\n0 5 ylo yhi\n0 5 zlo zhi\n\nMasses\n\n1 28.0855\n", 9, "0 atoms", p -> StructureFiles.readLammpsData(p, null));
    }

    @Test void extxyzCountSmallerThanTheBodyAndBadPropertiesAreRefused() throws Exception {
        refused("fewer.xyz", "1\n" + CUBE + "\nSi 0 0 0\nSi 2 2 2\n", 4, "line 1 says 1 atoms but more atom lines follow", p -> StructureFiles.readXyz(p));
        refused("pos1.xyz", "1\nProperties=species:S:1:pos:R:1\nSi 0\n", 2, "expected Properties pos:R:3", p -> StructureFiles.readXyz(p));
        refused("sp.xyz", "1\nProperties=species:R:3:pos:R:3\nSi 0 0 0 0 0\n", 2, "species:S:1", p -> StructureFiles.readXyz(p));
        refused("wide.xyz", "1\nProperties=species:S:1:pos:R:99999999999\nSi 0 0 0\n", 2, "count 1 to 9999", p -> StructureFiles.readXyz(p));
        refused("far.xyz", "2\n\nSi 0 0 0\nSi 1e308 0 0\n", 4, "beyond", p -> StructureFiles.readXyz(p));
        refused("far.vasp", "far\n1.0\n5 0 0\n0 5 0\n0 0 5\nSi\n1\nDirect\n1e308 0 0\n", 9, "overflow", p -> StructureFiles.readPoscar(p));
        refused("far.data", "title\n\n1 atoms\n1 atom types\n0 5 xlo xhi\n0 5 ylo yhi\n0 5 zlo zhi\n\nMasses\n\n1 28.0855\n\n"
                + "Atoms # atomic\n\n1 1 0 0 0 2000000000 0 0\n", 15, "beyond", p -> StructureFiles.readLammpsData(p, null));
    }

    @Test void lammpsHeaderLinesAreParsedAsReadDataDoesAndMassesMustBePositive() throws Exception {
        String head = "title\n\n1 atoms\n1 atom types\n0 5 xlo xhi\n0 5 ylo yhi\n0 5 zlo zhi\n";
        String body = "\nMasses\n\n1 28.0855\n\nAtoms # atomic\n\n1 1 0 0 0\n";
        refused("nan.data", head + "NaN 0 0 xy xz yz\n" + body, 8, "for xy, got 'NaN'", p -> StructureFiles.readLammpsData(p, null));
        refused("unknown.data", head + "Tilt 0 0 0\n" + body, 8, "neither a header line", p -> StructureFiles.readLammpsData(p, null));
        refused("fields.data", head + "0 0 xy xz yz\n" + body, 8, "3 number(s) before 'xy xz yz'", p -> StructureFiles.readLammpsData(p, null));
        Path tilted = file("tilt.data", head + "0.5 0 0 xy xz yz\n" + body.replace("Masses\n", "Masses # the masses\n"));
        assertEquals(0.5, StructureFiles.readLammpsData(tilted, null).atoms().box().h(1, 0), 0, "the tilt is read");
        for (String m : List.of("0", "-28")) {
            refused("mass" + m + ".data", head + body.replace("1 28.0855", "1 " + m), 11, "give a mass > 0", p -> StructureFiles.readLammpsData(p, null));
        }
        refused("row.data", head + body.replace("1 1 0 0 0", "NaN 1 0 0 0"), 15, "the atom id, got 'NaN'", p -> StructureFiles.readLammpsData(p, null));
    }

    // ---- text and numbers ----

    @Test void invalidUtf8IsReportedWithItsByteOffset() throws Exception {
        Path p = dir.resolve("latin1.xyz");
        Files.write(p, new byte[] {'1', '\n', 'c', 'a', 'f', (byte) 0xE9, '\n', 'S', 'i', ' ', '0', ' ', '0', ' ', '0', '\n'});
        Samples.assertBadInput(p, 2, "not UTF-8 text at byte 6 of the file (0xE9)", () -> StructureFiles.readXyz(p));
    }

    @Test void aByteOrderMarkIsAcceptedByEveryReader() throws Exception {
        String bom = "\uFEFF";
        assertEquals(1, StructureFiles.readXyz(file("bom.xyz", bom + "1\n" + CUBE + "\nSi 0 0 0\n")).get(0).atoms().size());
        assertEquals(1, StructureFiles.readPoscar(file("bom.vasp", bom + "Si\n1.0\n5 0 0\n0 5 0\n0 0 5\nSi\n1\nDirect\n0 0 0\n")).size());
        assertEquals(1, StructureFiles.readCif(file("bom.cif", bom + cif("5", "5", "5", "90", "90", "90", "'x,y,z'", "Si 0 0 0"))).size());
        assertEquals(1, StructureFiles.readLammpsData(file("bom.data", bom + "title\n\n1 atoms\n1 atom types\n0 5 xlo xhi\n0 5 ylo yhi\n"
                + "0 5 zlo zhi\n\nMasses\n\n1 28.0855\n\nAtoms # atomic\n\n1 1 0 0 0\n"), null).atoms().size());
        assertEquals(1, StructureFiles.readLammpsDump(file("bom.dump", bom + "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n1\n"
                + "ITEM: BOX BOUNDS pp pp pp\n0 5\n0 5\n0 5\nITEM: ATOMS id type x y z\n1 1 0 0 0\n"), List.of("Si")).get(0).atoms().size());
    }

    @Test void numbersAreWhatFortranCAndPythonWriteAndNothingElse() throws Exception {
        for (String bad : List.of("0x0p0", "2.63d", "1f", "Infinity", "NaN", "inf", "1e", "--1", "1.2.3", "\u0663")) {
            refused("num.xyz", "1\n\nSi " + bad + " 0 0\n", 3, "'" + bad + "'", p -> StructureFiles.readXyz(p));
        }
        refused("count.xyz", "\u0661\n\nSi 0 0 0\n", 1, "integer", p -> StructureFiles.readXyz(p));
        Atoms a = StructureFiles.readXyz(file("ok.xyz", "4\n\nSi .5 5. +1.5e+0\nSi 0.2D+01 2d0 -1E-1\nSi 4 4 4\nSi 6 6 6\n")).get(0).atoms();
        assertEquals(0.5, a.x(0, 0), 0);
        assertEquals(5.0, a.x(0, 1), 0);
        assertEquals(1.5, a.x(0, 2), 0);
        assertEquals(2.0, a.x(1, 0), 0, "Fortran's D exponent");
        assertEquals(-0.1, a.x(1, 2), 0);
        refused("hex.cif", cif("0x5p0", "5", "5", "90", "90", "90", "'x,y,z'", "Si 0 0 0"), 2, "'0x5p0'", p -> StructureFiles.readCif(p));
    }

    /** A CIF: data_ (line 1), a b c alpha beta gamma (lines 2-7), the operations from line 11, one per line, and the sites 7 lines after the last. */
    private static String cif(String a, String b, String c, String alpha, String beta, String gamma, String ops, String sites) {
        return "data_test\n_cell_length_a " + a + "\n_cell_length_b " + b + "\n_cell_length_c " + c + "\n_cell_angle_alpha " + alpha
                + "\n_cell_angle_beta " + beta + "\n_cell_angle_gamma " + gamma + "\n\nloop_\n_symmetry_equiv_pos_as_xyz\n" + ops
                + "\n\nloop_\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n" + sites + "\n";
    }
}
