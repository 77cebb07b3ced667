package org.polymorph.materials.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.polymorph.materials.ExternalTools.pythonWithAse;
import static org.polymorph.materials.ExternalTools.run;
import static org.polymorph.materials.ExternalTools.works;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.materials.internal.io.StructureFiles;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * Our files as read by the reference programs: ASE (extxyz, POSCAR, CIF, lammps-data) and LAMMPS
 * (read_data, run 0, write_dump). Skipped when python3 cannot import ase or lmp is not on PATH.
 */
class ExternalReadersTest {
    @TempDir Path dir;

    /** Same species on the same lattice sites (fractional coordinates of each cell, periodic, within tol). */
    private static void assertSameSites(Atoms expected, Atoms actual, double tol, String what) {
        assertEquals(expected.size(), actual.size(), what + ": atom count");
        double[] ie = expected.box().inverse(), ia = actual.box().inverse();
        boolean[] used = new boolean[actual.size()];
        for (int i = 0; i < expected.size(); i++) {
            double[] s = frac(expected, i, ie);
            int found = -1;
            for (int j = 0; j < actual.size() && found < 0; j++) {
                if (used[j] || !expected.typeNames().get(expected.type(i)).equals(actual.typeNames().get(actual.type(j)))) continue;
                double[] t = frac(actual, j, ia);
                boolean same = true;
                for (int k = 0; k < 3; k++) same &= Math.abs(s[k] - t[k] - Math.rint(s[k] - t[k])) < tol;
                if (same) found = j;
            }
            if (found < 0) throw new AssertionError(what + ": no match for atom " + i + " at fractional " + java.util.Arrays.toString(s));
            used[found] = true;
        }
    }

    private static double[] frac(Atoms a, int i, double[] inv) {
        double[] s = new double[3];
        for (int k = 0; k < 3; k++) s[k] = a.x(i, 0) * inv[k] + a.x(i, 1) * inv[3 + k] + a.x(i, 2) * inv[6 + k];
        return s;
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
                assertSameSites(ours, new Atoms(r, ours.types(), ours.typeNames(), ours.masses(), ours.box()), 1e-12, "CIF sites (ASE)");
            } else {
                Samples.assertClose(ours.positions(), r, 1e-10, t[0] + " positions (ASE)");
            }
        }
    }

    @Test void weReadWhatAseWrites() throws Exception {
        String python = pythonWithAse();
        assumeTrue(python != null, "no python3 with ase (tried python3 on PATH and /usr/bin/python3)");
        Files.writeString(dir.resolve("write.py"), String.join("\n",
            "import ase.io, numpy as np",
            "from ase.spacegroup import crystal",
            "at = crystal(['Ti', 'O'], basis=[(0, 0, 0), (0.3048, 0.3048, 0)], spacegroup=136, cellpar=[4.5937, 4.5937, 2.9587, 90, 90, 90])",
            "at = at.repeat((1, 1, 2))",
            "at.set_cell(at.cell.array @ np.array([[1, 0.1, 0], [0, 1, 0.2], [0.05, 0, 1]]), scale_atoms=True)",
            "at.rattle(0.01, seed=3)",
            "ase.io.write('ase.extxyz', at, format='extxyz')",
            "ase.io.write('ase.POSCAR', at, format='vasp', direct=True, sort=True)",
            "ase.io.write('ase.cif', at)",
            "ase.io.write('ase.data', at, format='lammps-data', specorder=['Ti', 'O'])",
            "print(*at.cell.array.ravel().tolist())",
            "print(*at.positions.ravel().tolist())",
            "print(*at.get_chemical_symbols())", ""));
        String[] out = run(dir, 120, python, "write.py").strip().split("\n");
        double[] h = java.util.Arrays.stream(out[0].strip().split("\\s+")).mapToDouble(Double::parseDouble).toArray();
        double[] r = java.util.Arrays.stream(out[1].strip().split("\\s+")).mapToDouble(Double::parseDouble).toArray();
        List<String> sym = List.of(out[2].strip().split("\\s+"));
        assertEquals(12, sym.size());
        Atoms xyz = StructureFiles.readXyz(dir.resolve("ase.extxyz")).get(0).atoms();
        Samples.assertClose(h, xyz.box().h(), 1e-12, "extxyz cell");
        Samples.assertClose(r, xyz.positions(), 1e-8, "extxyz positions (ASE writes %.8f)");
        for (int i = 0; i < sym.size(); i++) assertEquals(sym.get(i), xyz.typeNames().get(xyz.type(i)));
        assertSameSites(xyz, StructureFiles.readPoscar(dir.resolve("ase.POSCAR")), 1e-8, "POSCAR sites");
        Atoms cif = StructureFiles.readCif(dir.resolve("ase.cif"));
        assertEquals(xyz.box().volume(), cif.box().volume(), 1e-3, "CIF cell (ASE writes 4 decimals)");
        assertSameSites(xyz, cif, 2e-5, "CIF sites (ASE writes 5 decimals)");
        Atoms data = StructureFiles.readLammpsData(dir.resolve("ase.data"), List.of("Ti", "O")).atoms();
        assertEquals(xyz.box().volume(), data.box().volume(), 1e-9);
        assertSameSites(xyz, data, 1e-8, "lammps-data sites");
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
        assertSameSites(ours.atoms(), back.atoms(), 1e-12, "sites after LAMMPS remaps into its box");
        Samples.assertClose(ours.velocities(), back.velocities(), 1e-15, "velocities");
        Samples.assertClose(ours.atoms().box().h(), back.atoms().box().h(), 1e-12, "cell");
    }
}
