package org.polymorph.materials.internal.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Result;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;

/** md.evaluate against the LAMMPS oracles: LJ in reduced units read as eV and Å (so 1 ε/σ³ = 160.21766208 GPa), SW Si in metal units. */
class EvaluateMethodTest {
    @SuppressWarnings("unchecked")
    private static double get(Map<String, Object> m, String... path) {
        Object o = m;
        for (String k : path) o = ((Map<String, Object>) o).get(k);
        return ((Number) o).doubleValue();
    }

    @SuppressWarnings("unchecked")
    @Test
    void ljFccMatchesLammps(@TempDir Path dir) throws Exception {
        String name = "LJ_fcc_4x4x4_rho0.8442_perfect_shift";
        Map<String, Object> res = Oracles.results(name);
        double a = Math.cbrt(4 / 0.8442);
        Result r = MethodTestSupport.run(new EvaluateMethod(FixedCatalog.builtin()), dir, "lattice=fcc", "a=" + a, "repeat=4,4,4", "element=LJ", "mass=1",
                "potential=lj/cut:epsilon=1,sigma=1,cutoff=2.5,shift=true");
        Map<String, Object> v = r.values();
        assertEquals(256, v.get("natoms"));
        assertEquals(get(res, "total_energy"), (Double) v.get("energy"), 1e-9);
        assertEquals(get(res, "volume"), (Double) v.get("volume"), 1e-9);
        double gpa = Outputs.GPA_PER_EV_A3;
        assertEquals(get(res, "pressure_scalar_lj") * gpa, (Double) v.get("pressure"), 1e-9 * gpa);
        List<List<Double>> s = (List<List<Double>>) v.get("stress");
        assertEquals(-get(res, "pressure_tensor_lj", "xx") * gpa, s.get(0).get(0), 1e-9 * gpa);
        assertEquals(s.get(0).get(1), s.get(1).get(0));
        assertEquals(256, ((List<?>) v.get("forces")).size());
        assertTrue(Files.size(dir.resolve("evaluated.extxyz")) > 256 * 20);
    }

    @SuppressWarnings("unchecked")
    @Test
    void ljDisplacedForcesMatchLammps(@TempDir Path dir) throws Exception {
        String name = "LJ_fcc_4x4x4_rho0.8442_displaced_noshift";
        Map<String, Object> res = Oracles.results(name);
        org.polymorph.materials.structure.Atoms atoms = Oracles.atoms(name, "Ar", 1.0);
        Path xyz = dir.resolve("in.xyz");
        org.polymorph.materials.internal.io.StructureFiles.writeXyz(xyz, List.of(org.polymorph.materials.io.Frame.of(atoms)));
        Result r = MethodTestSupport.run(new EvaluateMethod(FixedCatalog.builtin()), dir.resolve("run"), "structure=" + xyz,
                "potential=lj/cut:epsilon=1,sigma=1,cutoff=2.5");
        assertEquals(get(res, "total_energy"), (Double) r.values().get("energy"), 1e-9);
        List<List<Number>> want = (List<List<Number>>) res.get("forces");
        List<List<Double>> got = (List<List<Double>>) r.values().get("forces");
        for (int i = 0; i < want.size(); i++) {
            for (int k = 0; k < 3; k++) assertEquals(want.get(i).get(k).doubleValue(), got.get(i).get(k), 1e-9, "atom " + i);
        }
        assertEquals(get(res, "pressure_scalar_lj") * Outputs.GPA_PER_EV_A3, (Double) r.values().get("pressure"), 1e-7);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "Si_SW_diamond_2x2x2_a5.431_displaced, sw, Si.sw, diamond, 5.431, 2, Si",
        "Si_Tersoff_diamond_2x2x2_a5.431_displaced, tersoff, Si.tersoff, diamond, 5.431, 2, Si",
        "Si_EDIP_diamond_2x2x2_a5.431_displaced, edip, Si.edip, diamond, 5.431, 2, Si",
        "Cu_u3_eam_fcc_3x3x3_a3.615_displaced, eam, Cu_u3.eam, fcc, 3.615, 3, Cu"})
    @SuppressWarnings("unchecked")
    void fileStylesMatchLammps(String name, String style, String file, String lattice, double a, int n, String element, @TempDir Path dir)
            throws Exception {
        Map<String, Object> res = Oracles.results(name);
        org.polymorph.materials.structure.Atoms atoms = Oracles.atoms(name, element, 28.0855);
        Path xyz = dir.resolve("in.xyz");
        org.polymorph.materials.internal.io.StructureFiles.writeXyz(xyz, List.of(org.polymorph.materials.io.Frame.of(atoms)));
        Result r = MethodTestSupport.run(new EvaluateMethod(FixedCatalog.builtin()), dir.resolve("run"), "structure=" + xyz, "potential=" + style,
                "potential_file=" + Oracles.potentialFile(file));
        assertEquals(get(res, "total_energy"), (Double) r.values().get("energy"), 1e-8, name);
        List<List<Number>> want = (List<List<Number>>) res.get("forces");
        List<List<Double>> got = (List<List<Double>>) r.values().get("forces");
        for (int i = 0; i < want.size(); i++) {
            for (int k = 0; k < 3; k++) assertEquals(want.get(i).get(k).doubleValue(), got.get(i).get(k), 1e-8, name + " atom " + i);
        }
        // LAMMPS converts with nktv2p = 160.21765 GPa per eV/Å³, ours 160.21766208: 1e-7 relative
        assertEquals(get(res, "pressure_scalar_GPa"), (Double) r.values().get("pressure"), 1e-6 * Math.abs(get(res, "pressure_scalar_GPa")) + 1e-9, name);
    }

    @Test
    void swSiliconMatchesLammps(@TempDir Path dir) throws Exception {
        Map<String, Object> res = Oracles.results("Si_SW_diamond_2x2x2_a5.431_perfect");
        Result r = MethodTestSupport.run(new EvaluateMethod(FixedCatalog.builtin()), dir, "lattice=diamond", "a=5.431", "repeat=2,2,2", "element=Si",
                "potential=sw", "potential_file=" + Oracles.potentialFile("Si.sw"));
        assertEquals(get(res, "total_energy"), (Double) r.values().get("energy"), 1e-8);
        // LAMMPS reports GPa with nktv2p = 160.21765; ours uses 160.21766208
        assertEquals(get(res, "pressure_scalar_GPa"), (Double) r.values().get("pressure"), 1e-9);
    }

    /** Diamond Si, a = 5.431 Å, as ASE 3.22 write(..., format='lammps-data') writes it: no Masses section, "Atoms" untagged. */
    static final String ASE_SI_DATA = "x.data (written by ASE) \n\n"
            + "8 \t atoms \n1  atom types\n"
            + "0.0                   5.431  xlo xhi\n0.0                   5.431  ylo yhi\n0.0                   5.431  zlo zhi\n\n\n"
            + "Atoms \n\n"
            + "     1   1                       0                       0                       0\n"
            + "     2   1                 1.35775                 1.35775                 1.35775\n"
            + "     3   1                       0                  2.7155                  2.7155\n"
            + "     4   1                 1.35775      4.0732499999999998      4.0732499999999998\n"
            + "     5   1                  2.7155                       0                  2.7155\n"
            + "     6   1      4.0732499999999998                 1.35775      4.0732499999999998\n"
            + "     7   1                  2.7155                  2.7155                       0\n"
            + "     8   1      4.0732499999999998      4.0732499999999998                 1.35775\n";

    @Test
    void aseDataFileWithoutMassesTakesElements(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("si.data");
        Files.writeString(data, ASE_SI_DATA);
        EvaluateMethod m = new EvaluateMethod(FixedCatalog.builtin());
        String sw = "potential_file=" + Oracles.potentialFile("Si.sw");
        Result fromFile = MethodTestSupport.run(m, dir.resolve("file"), "structure=" + data, "elements=Si", "potential=sw", sw);
        Result fromLattice = MethodTestSupport.run(m, dir.resolve("lattice"), "lattice=diamond", "a=5.431", "element=Si", "potential=sw", sw);
        assertEquals((Double) fromLattice.values().get("energy"), (Double) fromFile.values().get("energy"), 1e-10);
        // masses from the standard atomic weight, as lattice= atoms get theirs (amu)
        assertEquals(28.085, Structures.load(MethodTestSupport.params(m, "structure=" + data, "elements=Si", "potential=sw")).masses()[0], 1e-12);
        String msg = assertThrows(BadInputException.class,
                () -> MethodTestSupport.run(m, dir.resolve("refused"), "structure=" + data, "potential=sw", sw)).getMessage();
        assertTrue(msg.contains(data.toString()) && msg.contains("no Masses section") && msg.contains("elements=Si"), msg);
    }
}
