package org.polymorph.materials.potential.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.polymorph.materials.io.Frame;
import org.polymorph.materials.internal.io.StructureFiles;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.structure.Atoms;

/**
 * LAMMPS ({@code lmp} on PATH, Debian's {@code lammps} package) as the reference of a pair style: the atoms
 * are written as a data file (StructureFiles), LAMMPS runs {@code run 0} with the given {@code pair_style},
 * {@code pair_coeff} (and {@code pair_modify}) lines, and its energy, forces (dump, %.17g) and virial come
 * back as an {@link Evaluation} in metal units. The virial is read as the pressure of {@code compute pressure
 * NULL virial} (bar) times V / nktv2p (1.6021765e6 bar·Å³/eV, LAMMPS's metal constant). The cell must be one
 * LAMMPS takes as is (h lower triangular: a along x, b in the xy plane), so that no rotation intervenes.
 */
public final class LammpsReference {
    /** LAMMPS's force->nktv2p in metal units (bar per eV/Å³). */
    private static final double NKTV2P = 1.6021765e6;

    private LammpsReference() { }

    /** The lmp executable on PATH, if any. */
    public static Optional<Path> lmp() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, "lmp");
            if (!d.isEmpty() && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** LAMMPS's energy (eV), forces [3N] (eV/Å) and virial (eV; xx yy zz xy xz yz) of {@code atoms} with {@code pairLines}, run in {@code work}. */
    public static Evaluation evaluate(Path work, Atoms atoms, List<String> pairLines) throws IOException, InterruptedException {
        double[] h = atoms.box().h();
        if (h[1] != 0 || h[2] != 0 || h[5] != 0) {
            throw new IllegalArgumentException("cell " + java.util.Arrays.toString(h) + ": give a cell with a along x and b in the xy plane");
        }
        Files.createDirectories(work);
        StructureFiles.writeLammpsData(work.resolve("data.lmp"), atoms, null);
        List<String> in = new ArrayList<>(List.of("units metal", "atom_style atomic", "boundary p p p", "read_data data.lmp"));
        in.addAll(pairLines);
        in.addAll(List.of("compute vir all pressure NULL virial",
                "thermo_style custom step pe c_vir[1] c_vir[2] c_vir[3] c_vir[4] c_vir[5] c_vir[6] vol",
                "dump d all custom 1 forces.dump id type x y z fx fy fz", "dump_modify d sort id format float %.17g",
                "run 0",
                "print \"RESULT $(pe:%.17g) $(c_vir[1]:%.17g) $(c_vir[2]:%.17g) $(c_vir[3]:%.17g) $(c_vir[4]:%.17g) $(c_vir[5]:%.17g)"
                        + " $(c_vir[6]:%.17g) $(vol:%.17g)\"", ""));
        String screen = run(work, in);
        String result = screen.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
                .orElseThrow(() -> new AssertionError("lmp gave no result in " + work + ":\n" + screen));
        String[] f = result.substring(7).trim().split("\\s+");
        double volume = Double.parseDouble(f[7]);
        double[] w = new double[6];
        for (int k = 0; k < 6; k++) w[k] = Double.parseDouble(f[1 + k]) * volume / NKTV2P;
        Frame frame = StructureFiles.readLammpsDump(work.resolve("forces.dump"), atoms.typeNames()).get(0);
        return new Evaluation(Double.parseDouble(f[0]), frame.forces(), w);
    }

    /**
     * LAMMPS's energy (eV) of the data file {@code data} (read_data, metal units, periodic, atom_style
     * atomic) with {@code pairLines} after {@code run 0}, run in {@code work}; an AssertionError with
     * LAMMPS's screen when it stops (e.g. "Triclinic box skew is too large").
     */
    public static double energy(Path work, Path data, List<String> pairLines) throws IOException, InterruptedException {
        List<String> in = new ArrayList<>(List.of("units metal", "atom_style atomic", "boundary p p p", "read_data " + data.toAbsolutePath()));
        in.addAll(pairLines);
        in.addAll(List.of("run 0", "print \"RESULT $(pe:%.17g)\"", ""));
        String screen = run(work, in);
        String result = screen.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
                .orElseThrow(() -> new AssertionError("lmp gave no energy for " + data + ":\n" + screen));
        return Double.parseDouble(result.substring(7).trim());
    }

    /** Runs lmp on the input lines {@code in} (as in.lmp) in {@code work}; its screen output. */
    private static String run(Path work, List<String> in) throws IOException, InterruptedException {
        Path lmp = lmp().orElseThrow(() -> new IllegalStateException("no lmp on PATH"));
        Files.createDirectories(work);
        Files.write(work.resolve("in.lmp"), in);
        Process p = new ProcessBuilder(lmp.toString(), "-in", "in.lmp", "-log", "log.lammps", "-screen", "screen.txt")
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("stdout.txt").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("lmp did not finish in 120 s in " + work);
        }
        return Files.exists(work.resolve("screen.txt")) ? Files.readString(work.resolve("screen.txt")) : "";
    }
}
