package org.polymorph.materials.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * Our files as read by the reference programs: ASE (extxyz, POSCAR, CIF, lammps-data) and LAMMPS
 * (read_data, run 0, write_dump). Skipped when python3 cannot import ase or lmp is not on PATH.
 */
class ExternalReadersTest {
    @TempDir Path dir;

    private static String run(Path dir, long seconds, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " timed out");
        }
        String s = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) throw new AssertionError(String.join(" ", cmd) + " failed (" + p.exitValue() + "):\n" + s);
        return s;
    }

    private static boolean works(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Fractional coordinates wrapped into [0, 1), rounded to 1e-8, with species, as a sorted list. */
    private static List<String> wrapped(Atoms a) {
        List<String> out = new ArrayList<>();
        double[] inv = a.box().inverse();
        for (int i = 0; i < a.size(); i++) {
            StringBuilder b = new StringBuilder(a.typeNames().get(a.type(i)));
            for (int k = 0; k < 3; k++) {
                double s = a.x(i, 0) * inv[k] + a.x(i, 1) * inv[3 + k] + a.x(i, 2) * inv[6 + k];
                s -= Math.floor(s);
                double r = Math.round(s * 1e8) / 1e8;
                b.append(String.format(" %.8f", r >= 1 ? 0.0 : r));
            }
            out.add(b.toString());
        }
        out.sort(null);
        return out;
    }

    /** The first of python3 on PATH and /usr/bin/python3 that imports ase, or null. */
    private static String pythonWithAse() {
        for (String py : new String[] {"python3", "/usr/bin/python3"}) if (works(py, "-c", "import ase")) return py;
        return null;
    }

    @Test void aseReadsOurFiles() throws Exception {
        String python = pythonWithAse();
        assumeTrue(python != null, "no python3 with ase (tried python3 on PATH and /usr/bin/python3)");
        Atoms a = Samples.random(77, 10, Box.periodic(Samples.GENERAL));
        double[] f = Samples.randomVectors(3, 10);
        StructureFiles.writeXyz(dir.resolve("a.extxyz"), List.of(new Frame(a, null, f, Map.of("energy", "-3.25"))));
        StructureFiles.writePoscar(dir.resolve("POSCAR"), a, true);
        StructureFiles.writeCif(dir.resolve("a.cif"), a);
        StructureFiles.writeLammpsData(dir.resolve("a.data"), a, null);
        Files.writeString(dir.resolve("dump.py"), String.join("\n",
            "import ase.io",
            "for name, kw in [('a.extxyz', {}), ('POSCAR', {'format': 'vasp'}), ('a.cif', {}),",
            "                 ('a.data', {'format': 'lammps-data', 'style': 'atomic', 'units': 'metal'})]:",
            "    at = ase.io.read(name, **kw)",
            "    print(name, *at.cell.array.ravel().tolist(), *at.positions.ravel().tolist())",
            "    if name == 'a.extxyz':",
            "        print('energy', at.get_potential_energy(), *at.get_forces().ravel().tolist())", ""));
        String out = run(dir, 120, python, "dump.py");
        String[] lines = out.strip().split("\n");
        assertEquals(5, lines.length, "ASE output:\n" + out);
        for (String line : lines) {
            String[] t = line.strip().split("\\s+");
            double[] v = new double[t.length - 1];
            for (int i = 1; i < t.length; i++) v[i - 1] = Double.parseDouble(t[i]);
            if (t[0].equals("energy")) {
                assertEquals(-3.25, v[0], 0.0);
                Samples.assertClose(f, java.util.Arrays.copyOfRange(v, 1, v.length), 1e-15, "ASE forces");
                continue;
            }
            Atoms ours = switch (t[0]) {
                case "a.extxyz" -> StructureFiles.readXyz(dir.resolve(t[0])).get(0).atoms();
                case "POSCAR" -> StructureFiles.readPoscar(dir.resolve(t[0]));
                case "a.cif" -> StructureFiles.readCif(dir.resolve(t[0]));
                default -> StructureFiles.readLammpsData(dir.resolve(t[0]), null).atoms();
            };
            Samples.assertClose(ours.box().h(), java.util.Arrays.copyOfRange(v, 0, 9), 1e-10, t[0] + " cell (ASE)");
            double[] r = java.util.Arrays.copyOfRange(v, 9, v.length);
            if (t[0].equals("a.cif")) {
                assertEquals(wrapped(ours), wrapped(new Atoms(r, ours.types(), ours.typeNames(), ours.masses(), ours.box())), "CIF sites (ASE)");
            } else {
                Samples.assertClose(ours.positions(), r, 1e-10, t[0] + " positions (ASE)");
            }
        }
    }

    @Test void lammpsReadsOurDataFile() throws Exception {
        assumeTrue(works("lmp", "-h"), "lmp is not on PATH");
        Atoms a = Samples.random(78, 12, Box.periodic(Samples.GENERAL));
        StructureFiles.writeLammpsData(dir.resolve("in.data"), a, Samples.randomVectors(2, 12));
        Files.writeString(dir.resolve("in.lmp"), String.join("\n", "units metal", "atom_style atomic", "boundary p p p",
            "read_data in.data", "pair_style zero 3.0", "pair_coeff * *", "run 0",
            "write_dump all custom out.dump id type x y z vx vy vz modify sort id format float %.17g", ""));
        run(dir, 120, "lmp", "-in", "in.lmp", "-log", "none", "-screen", "none");
        Frame back = StructureFiles.readLammpsDump(dir.resolve("out.dump"), a.typeNames()).get(0);
        Frame ours = StructureFiles.readLammpsData(dir.resolve("in.data"), null);
        assertEquals(wrapped(ours.atoms()), wrapped(back.atoms()), "sites after LAMMPS remaps into its box");
        Samples.assertClose(ours.velocities(), back.velocities(), 1e-15, "velocities");
        Samples.assertClose(ours.atoms().box().h(), back.atoms().box().h(), 1e-12, "cell");
    }
}
