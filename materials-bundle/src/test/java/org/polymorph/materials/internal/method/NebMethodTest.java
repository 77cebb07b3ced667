package org.polymorph.materials.internal.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Result;
import org.polymorph.materials.ExternalTools;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;
import org.polymorph.materials.internal.io.StructureFiles;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/**
 * md.neb on a vacancy hop in fcc argon (lj/cut, 3×3×3 cells less one atom, a nearest neighbour moving
 * into the vacancy): the path is symmetric, so the barrier equals the reverse barrier and the climbing
 * image is the middle one and a stationary point; ASE's NEB(climb=True) with FIRE on the same ends
 * gives the same barrier.
 */
class NebMethodTest {
    private static final String LJ = "potential=lj/cut:epsilon=0.0104,sigma=3.4,cutoff=8.5,shift=true";

    /** Writes initial.POSCAR and final.POSCAR of the hop into dir; the final one less {@code drop} atoms. */
    static void vacancyHop(Path dir, int drop) throws Exception { vacancyHop(dir, drop, false); }

    /** The same; with {@code imaged}, every third atom of the final structure moved by a cell vector. */
    static void vacancyHop(Path dir, int drop, boolean imaged) throws Exception {
        Atoms perfect = Lattices.build("fcc", 5.26, new int[] {3, 3, 3}, "Ar", 39.948);
        double[] r = perfect.positions();
        int n = perfect.size();
        int hop = -1;
        double best = Double.MAX_VALUE;
        for (int j = 1; j < n; j++) {
            double d = 0;
            for (int k = 0; k < 3; k++) d += (r[3 * j + k] - r[k]) * (r[3 * j + k] - r[k]);
            if (d < best) {
                best = d;
                hop = j;
            }
        }
        double[] ini = Arrays.copyOfRange(r, 3, r.length);
        double[] fin = ini.clone();
        System.arraycopy(r, 0, fin, 3 * (hop - 1), 3);
        double[] h = perfect.box().h();
        for (int i = 0; imaged && i < fin.length / 3; i += 3) for (int k = 0; k < 3; k++) fin[3 * i + k] += (i % 2 == 0 ? 1 : -1) * h[3 * (i % 3) + k];
        StructureFiles.writePoscar(dir.resolve("initial.POSCAR"), Atoms.of(ini, "Ar", 39.948, perfect.box()), false);
        double[] shorter = Arrays.copyOf(fin, fin.length - 3 * drop);
        StructureFiles.writePoscar(dir.resolve("final.POSCAR"), Atoms.of(shorter, "Ar", 39.948, perfect.box()), false);
    }

    /** Writes the ends of three mutual neighbours (fcc basis atoms 0, 1, 2 of the first cell) rotating places, 0 → 1 → 2 → 0. */
    static void ring(Path dir) throws Exception {
        Atoms perfect = Lattices.build("fcc", 5.26, new int[] {3, 3, 3}, "Ar", 39.948);
        double[] r = perfect.positions();
        double[] turned = r.clone();
        for (int a = 0; a < 3; a++) System.arraycopy(r, 3 * ((a + 1) % 3), turned, 3 * a, 3);
        StructureFiles.writePoscar(dir.resolve("initial.POSCAR"), perfect, false);
        StructureFiles.writePoscar(dir.resolve("final.POSCAR"), perfect.withPositions(turned), false);
    }

    /** A new directory holding the hop's two ends. */
    private static Path hopIn(Path dir, boolean imaged) throws Exception {
        Files.createDirectories(dir);
        vacancyHop(dir, 0, imaged);
        return dir;
    }

    private static String[] args(Path dir, String... extra) {
        List<String> a = new java.util.ArrayList<>(List.of("initial=" + dir.resolve("initial.POSCAR"), "final=" + dir.resolve("final.POSCAR"), LJ,
                "images=5", "fmax=1e-4", "spring=0.1"));
        a.addAll(List.of(extra));
        return a.toArray(new String[0]);
    }

    @Test
    void aVacancyHopIsSymmetricAndTheClimbingImageIsASaddle(@TempDir Path dir) throws Exception {
        vacancyHop(dir, 0);
        Result r = MethodTestSupport.run(new NebMethod(FixedCatalog.builtin()), dir, args(dir));
        double barrier = (Double) r.values().get("barrier");
        double reverse = (Double) r.values().get("reverse_barrier");
        System.out.println(String.join("\n", r.summary()));
        assertEquals(Boolean.TRUE, r.values().get("converged"), String.join("\n", r.summary()));
        assertTrue(barrier > 0.01 && barrier < 1, "an argon vacancy hop costs a fraction of an eV: " + barrier);
        assertEquals(barrier, reverse, 1e-6, "the hop's path is symmetric");
        assertEquals(3, ((Number) r.values().get("saddle_image")).intValue());
        assertEquals(3, ((Number) r.values().get("climbing_image")).intValue());
        assertTrue((Double) r.values().get("saddle_force") < 1e-4, "the climbing image is a stationary point: " + r.values().get("saddle_force"));
        assertEquals(8, Files.readAllLines(dir.resolve("neb.csv")).size(), "header and 7 images");
        assertEquals(7, StructureFiles.readXyz(dir.resolve("path.extxyz")).size());
        assertTrue(Files.size(dir.resolve("neb.png")) > 1000 && Files.isRegularFile(dir.resolve("saddle.extxyz")));
    }

    @Test
    void endsGivenInOtherPeriodicImagesGiveTheSameBand(@TempDir Path tmp) throws Exception {
        Path plain = hopIn(tmp.resolve("plain"), false);
        Path imaged = hopIn(tmp.resolve("imaged"), true);
        Result a = MethodTestSupport.run(new NebMethod(FixedCatalog.builtin()), plain, args(plain, "fmax=1e-3"));
        Result b = MethodTestSupport.run(new NebMethod(FixedCatalog.builtin()), imaged, args(imaged, "fmax=1e-3"));
        assertEquals((Double) a.values().get("barrier"), (Double) b.values().get("barrier"), 1e-9);
        assertEquals(((List<?>) a.values().get("path_length")).get(6), ((List<?>) b.values().get("path_length")).get(6));
    }

    /**
     * Three mutual neighbours rotating places (0 → 1 → 2 → 0): the linear start moves each along an
     * edge of their triangle, so that they meet at half the neighbour distance (the highest image is
     * hundreds of eV up); the IDPP start (ASE's interpolate('idpp')) turns them about the triangle's
     * centre instead, and the band from it converges to a barrier equal forwards and backwards.
     */
    @Test
    void anIdppStartTurnsARingOfAtomsInsteadOfPushingThemTogether(@TempDir Path dir) throws Exception {
        ring(dir);
        Result linear = MethodTestSupport.run(new NebMethod(FixedCatalog.builtin()), dir, args(dir, "steps=0"));
        Result idpp = MethodTestSupport.run(new NebMethod(FixedCatalog.builtin()), dir, args(dir, "interpolate=idpp", "fmax=1e-3"));
        double startLinear = (Double) linear.values().get("start_barrier");
        double startIdpp = (Double) idpp.values().get("start_barrier");
        System.out.printf("ring: start barrier linear %.4g eV, idpp %.4g eV; converged barrier %.6f eV in %s steps%n", startLinear, startIdpp,
                (Double) idpp.values().get("barrier"), idpp.values().get("steps"));
        assertTrue(startIdpp < startLinear / 10, startLinear + " " + startIdpp);
        assertEquals(Boolean.TRUE, idpp.values().get("converged"));
        assertEquals((Double) idpp.values().get("barrier"), (Double) idpp.values().get("reverse_barrier"), 1e-6);
    }

    @Test
    void theBarrierEqualsAsesNeb(@TempDir Path dir) throws Exception {
        String python = ExternalTools.pythonWithAse();
        assumeTrue(python != null, "no python3 with ase (tried python3 on PATH and /usr/bin/python3)");
        vacancyHop(dir, 0);
        double ours = (Double) MethodTestSupport.run(new NebMethod(FixedCatalog.builtin()), dir, args(dir)).values().get("barrier");
        double ase = aseBarrier(python, dir, "path.extxyz", "");   // from our relaxed ends: the first and last frames
        System.out.printf("vacancy hop barrier: ours %.10f eV, ASE %.10f eV%n", ours, ase);
        assertEquals(ase, ours, 1e-6);
    }

    /** The ring rotation from an IDPP start in both programs (each its own IDPP path) reaches the same saddle. */
    @Test
    void theRingBarrierFromIdppStartsEqualsAses(@TempDir Path dir) throws Exception {
        String python = ExternalTools.pythonWithAse();
        assumeTrue(python != null, "no python3 with ase (tried python3 on PATH and /usr/bin/python3)");
        ring(dir);
        double ours = (Double) MethodTestSupport.run(new NebMethod(FixedCatalog.builtin()), dir, args(dir, "interpolate=idpp")).values().get("barrier");
        double ase = aseBarrier(python, dir, "path.extxyz", "'idpp', ");
        System.out.printf("ring rotation barrier: ours %.10f eV, ASE %.10f eV%n", ours, ase);
        assertEquals(ase, ours, 1e-6);
    }

    /** ASE's NEB(climb=True, k=0.1) with FIRE to 1e-4 eV/Å between the first and last frames of {@code ends}, 5 images; its barrier. */
    private static double aseBarrier(String python, Path dir, String ends, String interpolation) throws Exception {
        Files.writeString(dir.resolve("neb.py"), String.join("\n",
                "from ase.io import read",
                "from ase.neb import NEB",
                "from ase.optimize import FIRE",
                "from ase.calculators.lj import LennardJones",
                "ends = read('" + ends + "', index=':')",
                "images = [ends[0]] + [ends[0].copy() for _ in range(5)] + [ends[-1]]",
                "for im in images: im.calc = LennardJones(sigma=3.4, epsilon=0.0104, rc=8.5, smooth=False)",
                "neb = NEB(images, k=0.1, climb=True)",
                "neb.interpolate(" + interpolation + "mic=True)",
                "FIRE(neb, logfile=None).run(fmax=1e-4, steps=5000)",
                "e = [im.get_potential_energy() for im in images]",
                "print(repr(max(e) - e[0]))", ""));
        return Double.parseDouble(ExternalTools.run(dir, 600, python, "neb.py").strip().lines().reduce((a, b) -> b).orElseThrow());
    }

    @Test
    void aResumedBandEndsWhereTheUninterruptedOneDoes(@TempDir Path tmp) throws Exception {
        Path whole = hopIn(tmp.resolve("whole"), false);
        Path parts = hopIn(tmp.resolve("parts"), false);
        Result w = MethodTestSupport.run(new NebMethod(FixedCatalog.builtin()), whole, args(whole, "checkpoint_every=20"));
        Result first = MethodTestSupport.run(new NebMethod(FixedCatalog.builtin()), parts, args(parts, "checkpoint_every=20", "steps=30"));
        assertEquals(Boolean.FALSE, first.values().get("converged"));
        Result r = MethodTestSupport.run(new NebMethod(FixedCatalog.builtin()), parts, args(parts, "checkpoint_every=20", "resume=true"));
        assertEquals(w.values().get("steps"), r.values().get("steps"));
        assertEquals((Double) w.values().get("barrier"), (Double) r.values().get("barrier"), 1e-9);
        BadInputException other = assertThrows(BadInputException.class,
                () -> MethodTestSupport.run(new NebMethod(FixedCatalog.builtin()), parts, args(parts, "images=4", "resume=true")));
        assertTrue(other.getMessage().contains("'resume'"), other.getMessage());
    }

    /**
     * Both ends as LAMMPS data files without a Masses section or type names (as ASE 3.22 writes them):
     * elements= names the type, as it does for structure=, and the band is the POSCAR ends' band.
     */
    @Test
    void endsAsLammpsDataWithoutMassesTakeElements(@TempDir Path dir) throws Exception {
        vacancyHop(dir, 0);
        for (String end : List.of("initial", "final")) {
            Path data = dir.resolve(end + ".data");
            StructureFiles.writeLammpsData(data, StructureFiles.readPoscar(dir.resolve(end + ".POSCAR")), null);
            String text = Files.readString(data);
            String bare = text.replaceAll("(?s)\nMasses\n.*?\n\n(?=Atoms)", "\n");
            assertTrue(!bare.contains("Masses") && !bare.contains("# Ar") && bare.contains("Atoms # atomic"), bare.substring(0, 400));
            Files.writeString(data, bare);
        }
        String[] fast = {"steps=0", "relax_endpoints=false"};
        double poscar = (Double) MethodTestSupport.run(new NebMethod(FixedCatalog.builtin()), dir.resolve("poscar"), args(dir, fast))
                .values().get("start_barrier");
        List<String> data = List.of("initial=" + dir.resolve("initial.data"), "final=" + dir.resolve("final.data"), LJ, "images=5", "spring=0.1",
                fast[0], fast[1]);
        List<String> named = new java.util.ArrayList<>(data);
        named.add("elements=Ar");
        double lammps = (Double) MethodTestSupport.run(new NebMethod(FixedCatalog.builtin()), dir.resolve("data"), named.toArray(new String[0]))
                .values().get("start_barrier");
        assertEquals(poscar, lammps, 1e-9);
        String msg = assertThrows(BadInputException.class, () -> MethodTestSupport.run(new NebMethod(FixedCatalog.builtin()), dir.resolve("refused"),
                data.toArray(new String[0]))).getMessage();
        assertTrue(msg.contains("'initial'") && msg.contains("no Masses section") && msg.contains("elements="), msg);
    }

    @Test
    void endsThatDoNotMatchAreBadInputNamingTheParameter(@TempDir Path dir) throws Exception {
        vacancyHop(dir, 1);
        BadInputException e = assertThrows(BadInputException.class, () -> MethodTestSupport.run(new NebMethod(FixedCatalog.builtin()), dir, args(dir)));
        assertTrue(e.getMessage().contains("'final'") && e.getMessage().contains("107") && e.getMessage().contains("106"), e.getMessage());
        BadInputException missing = assertThrows(BadInputException.class,
                () -> MethodTestSupport.run(new NebMethod(FixedCatalog.builtin()), dir, "initial=" + dir.resolve("nope.POSCAR"), "final=" + dir.resolve("final.POSCAR"), LJ));
        assertTrue(missing.getMessage().contains("'initial'"), missing.getMessage());
        BadInputException same = assertThrows(BadInputException.class, () -> MethodTestSupport.run(new NebMethod(FixedCatalog.builtin()), dir,
                "initial=" + dir.resolve("initial.POSCAR"), "final=" + dir.resolve("initial.POSCAR"), LJ));
        assertTrue(same.getMessage().contains("'final'") && same.getMessage().contains("no path"), same.getMessage());
    }

    /** A BKS Si–O pair rotating at 1.1 Å, inside the barrier below which −C/r⁶ wins: the band collapses (it used to end "ok" at −10⁶ eV). */
    @Test
    void collapsingBandFailsNamingStepImageAndAtom(@TempDir Path dir) throws Exception {
        Path a = MinimizeMethodTest.siO(dir, "a.extxyz", 1.1, 0);
        Path b = MinimizeMethodTest.siO(dir, "b.extxyz", 0, 1.1);
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> MethodTestSupport.run(new NebMethod(FixedCatalog.builtin()),
                dir.resolve("run"), "initial=" + a, "final=" + b, "potential=bks", "relax_endpoints=false", "images=3"));
        assertTrue(e.getMessage().matches("md\\.neb step \\d+(, image [123])?.* atom [01]\\b.*"), e.getMessage());
    }
}
