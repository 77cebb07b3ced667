package org.polymorph.materials.internal.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.method.Result;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;

/**
 * md.elastic on hcp argon (lj/cut) against LAMMPS: the cell relaxed to zero stress (fix box/relax aniso),
 * then central differences of the stress over ±1e-4 strains with the atoms relaxed at each (relaxed-ion,
 * as LAMMPS's ELASTIC example does) or not (clamped-ion). Skipped when {@code lmp} is not on PATH.
 */
class ElasticHcpLammpsTest {
    private static final String[] STRAIN = {"x scale $(1+{s}*v_d)", "y scale $(1+{s}*v_d)", "z scale $(1+{s}*v_d)",
        "yz delta $({s}*v_d*lz)", "xz delta $({s}*v_d*lz)", "xy delta $({s}*v_d*ly)"};
    private final AD ad = new AutodiffEngines().create(new ReferenceTensorService());

    /** LAMMPS's 6x6 (GPa) by central differences; {@code relaxIons} minimises the atoms at each strain. */
    private static double[][] lammps(Path lmp, Path work, boolean relaxIons) throws Exception {
        StringBuilder s = new StringBuilder("""
                units metal
                boundary p p p
                atom_style atomic
                lattice custom 3.7 a1 1 0 0 a2 0 1.7320508075688772 0 a3 0 0 1.632993161855452 &
                  basis 0 0 0 basis 0.5 0.5 0 basis 0.5 0.8333333333333334 0.5 basis 0 0.3333333333333333 0.5
                region box prism 0 3 0 2 0 2 0 0 0
                create_box 1 box
                create_atoms 1 box
                mass 1 39.948
                pair_style lj/cut 8.5
                pair_coeff 1 1 0.0104 3.4
                fix r all box/relax aniso 0.0 vmax 0.001
                minimize 0 1e-12 10000 100000
                unfix r
                minimize 0 1e-12 10000 100000
                variable d equal 1e-4
                change_box all triclinic
                write_restart ref.rst
                """);
        for (int j = 0; j < 6; j++) {
            for (int sign : new int[] {1, -1}) {
                s.append("clear\nread_restart ref.rst\npair_style lj/cut 8.5\npair_coeff 1 1 0.0104 3.4\nvariable d equal 1e-4\n")
                        .append("thermo_style custom step pe pxx pyy pzz pyz pxz pxy\n")
                        .append("change_box all ").append(STRAIN[j].replace("{s}", String.valueOf(sign))).append(" remap units box\n")
                        .append(relaxIons ? "minimize 0 1e-12 10000 100000\n" : "").append("run 0\n")
                        .append("print \"S ").append(j).append(' ').append(sign).append(" $(pxx) $(pyy) $(pzz) $(pyz) $(pxz) $(pxy)\"\n");
            }
        }
        Map<String, Object> r = LammpsPeer.run(lmp, work, s.toString(), Map.of(), 300);
        assertFalse(r.containsKey("error"), String.valueOf(r.get("error")));
        double[][][] p = new double[6][2][6];
        for (String line : Files.readAllLines(work.resolve("screen.txt"))) {
            if (!line.startsWith("S ")) continue;
            String[] f = line.trim().split("\\s+");
            int j = Integer.parseInt(f[1]);
            int k = f[2].equals("1") ? 0 : 1;
            for (int i = 0; i < 6; i++) p[j][k][i] = Double.parseDouble(f[3 + i]);
        }
        double[][] c = new double[6][6];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) c[i][j] = -(p[j][0][i] - p[j][1][i]) / 2e-4 * 1e-4;   // stress = −pressure; bar → GPa
        }
        return c;
    }

    @SuppressWarnings("unchecked")
    @Test
    void hexagonalConstantsMatchLammpsFiniteDifferences(@TempDir Path dir) throws Exception {
        Path lmp = LammpsPeer.find();
        assumeTrue(lmp != null, "lmp not on PATH");
        Result r = MethodTestSupport.run(new ElasticMethod(() -> ad, FixedCatalog.builtin()), dir.resolve("ours"), "lattice=hcp", "a=3.7",
                "repeat=3,2,2", "element=Ar", "potential=lj/cut:epsilon=0.0104,sigma=3.4,cutoff=8.5");
        double[][] relaxed = lammps(lmp, dir.resolve("lmp-relaxed"), true);
        double[][] clamped = lammps(lmp, dir.resolve("lmp-clamped"), false);
        List<String> names = List.of("C11", "C12", "C13", "C33", "C44");
        int[][] ij = {{0, 0}, {0, 1}, {0, 2}, {2, 2}, {3, 3}};
        Map<String, Object> cl = (Map<String, Object>) r.values().get("clamped");
        for (int k = 0; k < names.size(); k++) {
            String n = names.get(k);
            System.out.printf("  %s relaxed-ion: ours %.5f, LAMMPS %.5f GPa; clamped-ion: ours %.5f, LAMMPS %.5f GPa%n", n,
                    (Double) r.values().get(n), relaxed[ij[k][0]][ij[k][1]], (Double) cl.get(n), clamped[ij[k][0]][ij[k][1]]);
            // central differences with strain 1e-4 and CG to 1e-12 in force: about 1e-3 GPa on constants of 1-6 GPa
            assertEquals(relaxed[ij[k][0]][ij[k][1]], (Double) r.values().get(n), 5e-3, "relaxed-ion " + n);
            assertEquals(clamped[ij[k][0]][ij[k][1]], (Double) cl.get(n), 5e-3, "clamped-ion " + n);
        }
        assertEquals((relaxed[0][0] - relaxed[0][1]) / 2, relaxed[5][5], 5e-3, "LAMMPS's own C66 = (C11 - C12)/2");
    }
}
