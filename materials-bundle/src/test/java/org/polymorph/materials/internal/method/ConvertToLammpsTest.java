package org.polymorph.materials.internal.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.materials.ExternalTools;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.internal.io.StructureFiles;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;
import org.polymorph.materials.io.Frame;
import org.polymorph.materials.potential.testing.LammpsReference;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * md.convert to=lammps-data of the primitive cells of the 14 Bravais lattices (and cells whose tilts
 * are several box lengths, or a rounding step above half the box) read by LAMMPS: {@code read_data}
 * accepts each file and {@code run 0} gives md.evaluate's energy of the same structure to 1e-8
 * (relative). Skipped without {@code lmp} on PATH; the case of ASE's own file also without ASE.
 */
class ConvertToLammpsTest {
    private static final String LJ = "potential=lj/cut:epsilon=0.0104,sigma=3.4,cutoff=8.5";
    private static final List<String> LJ_LAMMPS = List.of("pair_style lj/cut 8.5", "pair_coeff * * 0.0104 3.4");

    /**
     * Primitive vectors (rows, Å) of the Bravais lattices as in Setyawan and Curtarolo, Comput. Mater.
     * Sci. 49, 299 (2010), table of lattices, with a = 4.6, b = 5.3, c = 6.1 Å and the angles given.
     */
    private static Map<String, double[]> bravais() {
        double a = 4.6, b = 5.3, c = 6.1, h = Math.sqrt(3) / 2;
        double rhl = Math.toRadians(50), mcl = Math.toRadians(70);
        double cr = Math.cos(rhl) / Math.cos(rhl / 2);
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("CUB", new double[] {a, 0, 0, 0, a, 0, 0, 0, a});
        m.put("FCC", new double[] {0, a / 2, a / 2, a / 2, 0, a / 2, a / 2, a / 2, 0});
        m.put("BCC", new double[] {-a / 2, a / 2, a / 2, a / 2, -a / 2, a / 2, a / 2, a / 2, -a / 2});
        m.put("TET", new double[] {a, 0, 0, 0, a, 0, 0, 0, c});
        m.put("BCT", new double[] {-a / 2, a / 2, c / 2, a / 2, -a / 2, c / 2, a / 2, a / 2, -c / 2});
        m.put("ORC", new double[] {a, 0, 0, 0, b, 0, 0, 0, c});
        m.put("ORCF", new double[] {0, b / 2, c / 2, a / 2, 0, c / 2, a / 2, b / 2, 0});
        m.put("ORCI", new double[] {-a / 2, b / 2, c / 2, a / 2, -b / 2, c / 2, a / 2, b / 2, -c / 2});
        m.put("ORCC", new double[] {a / 2, -b / 2, 0, a / 2, b / 2, 0, 0, 0, c});
        m.put("HEX", new double[] {a / 2, -a * h, 0, a / 2, a * h, 0, 0, 0, c});
        m.put("RHL", new double[] {a * Math.cos(rhl / 2), -a * Math.sin(rhl / 2), 0, a * Math.cos(rhl / 2), a * Math.sin(rhl / 2), 0,
            a * cr, 0, a * Math.sqrt(1 - cr * cr)});
        m.put("MCL", new double[] {a, 0, 0, 0, b, 0, 0, c * Math.cos(mcl), c * Math.sin(mcl)});
        m.put("MCLC", new double[] {a / 2, b / 2, 0, -a / 2, b / 2, 0, 0, c * Math.cos(mcl), c * Math.sin(mcl)});
        m.put("TRI", triclinic(a, b, c, Math.toRadians(78), Math.toRadians(101), Math.toRadians(64)));
        m.put("CUB as a, b + 2a, c - a + 2b", new double[] {a, 0, 0, 2 * a, a, 0, -a, 2 * a, a});
        double d = 3 * 5.431 / 2;   // ASE's bulk('Si', 'diamond', a=5.431) * (3, 3, 3): tilts a rounding step above half
        m.put("FCC 3x3x3 of a=5.431", new double[] {0, d, d, d, 0, d, d, d, 0});
        return m;
    }

    /** The cell of lengths a, b, c (Å) and angles alpha, beta, gamma (rad) with a along x and b in the xy plane. */
    private static double[] triclinic(double a, double b, double c, double alpha, double beta, double gamma) {
        double cx = c * Math.cos(beta), cy = c * (Math.cos(alpha) - Math.cos(beta) * Math.cos(gamma)) / Math.sin(gamma);
        return new double[] {a, 0, 0, b * Math.cos(gamma), b * Math.sin(gamma), 0, cx, cy, Math.sqrt(c * c - cx * cx - cy * cy)};
    }

    @Test
    void everyBravaisLatticeIsReadByLammpsWithOurEnergy(@TempDir Path dir) throws Exception {
        assumeTrue(LammpsReference.lmp().isPresent(), "lmp is not on PATH");
        for (Map.Entry<String, double[]> e : bravais().entrySet()) {
            Box box = Box.periodic(e.getValue());
            double[] s = {0, 0, 0, 0.37, 0.52, 0.61};   // two atoms, fractional
            double[] r = new double[6];
            for (int i = 0; i < 2; i++) for (int k = 0; k < 3; k++) r[3 * i + k] = s[3 * i] * e.getValue()[k] + s[3 * i + 1] * e.getValue()[3 + k]
                    + s[3 * i + 2] * e.getValue()[6 + k];
            Path case_ = Files.createDirectories(dir.resolve(e.getKey().replaceAll("[^A-Za-z0-9]", "_")));
            Path xyz = case_.resolve("cell.extxyz");
            StructureFiles.writeXyz(xyz, List.of(Frame.of(Atoms.of(r, "Ar", 39.948, box))));
            sameEnergy(case_, xyz, e.getKey(), List.of(LJ), LJ_LAMMPS);
        }
    }

    /** The case as a user meets it: ASE writes the extxyz, we convert it, LAMMPS reads it (sw, Si.sw). */
    @Test
    void asesPrimitiveDiamondIsReadByLammpsWithOurEnergy(@TempDir Path dir) throws Exception {
        assumeTrue(LammpsReference.lmp().isPresent(), "lmp is not on PATH");
        String python = ExternalTools.pythonWithAse();
        assumeTrue(python != null, "no python3 with ase (tried python3 on PATH and /usr/bin/python3)");
        ExternalTools.run(dir, 120, python, "-c", "from ase.build import bulk; import ase.io; "
                + "ase.io.write('si.extxyz', bulk('Si', 'diamond', a=5.431) * (3, 3, 3))");
        Path file = Oracles.potentialFile("Si.sw");
        sameEnergy(dir, dir.resolve("si.extxyz"), "ASE diamond 3x3x3", List.of("potential=sw", "potential_file=" + file),
                List.of("pair_style sw", "pair_coeff * * " + file.toAbsolutePath() + " Si"));
    }

    /** md.convert of {@code xyz} to lammps-data, LAMMPS's run 0 energy of it and md.evaluate's of {@code xyz}: equal. */
    private static void sameEnergy(Path dir, Path xyz, String what, List<String> potential, List<String> pairLines) throws Exception {
        MethodTestSupport.run(new ConvertMethod(), dir.resolve("convert"), "structure=" + xyz, "to=lammps-data");
        double lammps = LammpsReference.energy(dir.resolve("lmp"), dir.resolve("convert/structure.data"), pairLines);
        List<String> args = new java.util.ArrayList<>(List.of("structure=" + xyz));
        args.addAll(potential);
        double ours = (Double) MethodTestSupport.run(new EvaluateMethod(FixedCatalog.builtin()), dir.resolve("evaluate"), args.toArray(new String[0]))
                .values().get("energy");
        System.out.printf("%s: LAMMPS %.12f eV, md.evaluate %.12f eV%n", what, lammps, ours);
        assertEquals(lammps, ours, 1e-8 * Math.abs(lammps), what + ": LAMMPS's energy of our data file vs md.evaluate");
    }
}
