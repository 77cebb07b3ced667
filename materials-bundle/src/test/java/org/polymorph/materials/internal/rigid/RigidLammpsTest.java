package org.polymorph.materials.internal.rigid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.ExternalTools;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.rigid.RigidBodies;
import org.polymorph.materials.rigid.RigidState;
import org.polymorph.materials.rigid.RigidSystem;

/**
 * The same 27 LJ trimers in a periodic box run by LAMMPS's {@code fix rigid/nve molecule} (Miller's
 * NO_SQUISH, intra-body pairs excluded with {@code neigh_modify exclude molecule/intra all}) and by
 * {@link RigidNve}: potential, kinetic and total energy agree along the first 200 steps, to round-off with
 * LAMMPS's order of the free-rotor axes and to the O(dt²) splitting error with jax-md's. Skipped without lmp.
 */
class RigidLammpsTest {
    private static final double DT = 0.002;
    private static final int STEPS = 200;
    private static final int EVERY = 10;

    @Test
    void nveTrajectoryMatchesLammpsFixRigidNve(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(ExternalTools.works("lmp", "-h"), "LAMMPS (lmp) not installed");
        double length = 6.6;
        RigidSystem sys = RigidFixtures.system(length, false);
        RigidBodies b = sys.thermalised(RandomKey.of(31), RigidFixtures.grid(3, 2.2, 29), 1.0, UnitSystem.LJ);
        Files.writeString(dir.resolve("data.rigid"), LammpsRigidData.write(sys, b));
        Files.writeString(dir.resolve("in.rigid"), String.join("\n",
                "units lj", "atom_style molecular", "boundary p p p", "read_data data.rigid",
                "pair_style lj/cut 2.5", "pair_coeff 1 1 1.0 1.0 2.5",
                "neighbor 0.3 bin", "neigh_modify every 1 delay 0 check yes exclude molecule/intra all",
                "fix 1 all rigid/nve molecule", "timestep " + DT,
                "thermo_style custom step pe ke etotal", "thermo_modify norm no format float %.15g", "thermo " + EVERY,
                "run " + STEPS, ""));
        String out = ExternalTools.run(dir, 120, "lmp", "-in", "in.rigid", "-log", "none");
        List<double[]> lammps = thermo(out);
        assertEquals(STEPS / EVERY + 1, lammps.size(), "thermo rows in\n" + out);

        double scale = Math.abs(lammps.get(0)[2]);
        // LAMMPS's axis order: the same trajectory to round-off
        double[] same = worst(new RigidNve(new RigidForces(RigidFixtures.lj(), sys), DT, UnitSystem.LJ).with(Splitting.LAMMPS), b, lammps);
        // jax-md's order: another second-order splitting, the same trajectory to the integrator's O(dt²) error
        double[] other = worst(new RigidNve(new RigidForces(RigidFixtures.lj(), sys), DT, UnitSystem.LJ).with(Splitting.JAX_MD), b, lammps);
        System.out.printf(Locale.ROOT, "rigid NVE vs LAMMPS fix rigid/nve, %d steps, KE %.4g: LAMMPS axis order max |ΔPE| %.3g |ΔKE| %.3g |ΔE| %.3g;"
                + " jax-md order %.3g %.3g %.3g%n", STEPS, scale, same[0], same[1], same[2], other[0], other[1], other[2]);
        for (int k = 0; k < 3; k++) {
            assertTrue(same[k] < 1e-9 * scale, "LAMMPS and ours differ by " + same[k] + " in " + "PE KE E".split(" ")[k] + " (KE " + scale + ")");
            assertTrue(other[k] < 1e-5 * scale, "LAMMPS and ours (jax-md order) differ by " + other[k] + " (KE " + scale + ")");
        }
    }

    /** The largest differences of PE, KE and total energy from the LAMMPS rows along our run. */
    private static double[] worst(org.polymorph.materials.rigid.RigidIntegrator nve, RigidBodies b, List<double[]> lammps) {
        RigidState s = nve.init(RandomKey.of(0), b);
        double[] w = new double[3];
        for (int row = 0; row < lammps.size(); row++) {
            double[] l = lammps.get(row);
            assertEquals(row * EVERY, (int) l[0]);
            w[0] = Math.max(w[0], Math.abs(s.potentialEnergy() - l[1]));
            w[1] = Math.max(w[1], Math.abs(s.kineticEnergy() - l[2]));
            w[2] = Math.max(w[2], Math.abs(s.totalEnergy() - l[3]));
            if (row + 1 < lammps.size()) s = nve.run(s, EVERY);
        }
        return w;
    }

    /** The thermo rows (step pe ke etotal) of a LAMMPS screen output. */
    private static List<double[]> thermo(String out) {
        List<double[]> rows = new ArrayList<>();
        boolean in = false;
        for (String line : out.split("\n")) {
            String t = line.trim();
            if (t.startsWith("Step")) {
                in = true;
                continue;
            }
            if (t.startsWith("Loop time")) in = false;
            if (!in || t.isEmpty()) continue;
            String[] f = t.split("\\s+");
            double[] r = new double[f.length];
            for (int k = 0; k < f.length; k++) r[k] = Double.parseDouble(f[k]);
            rows.add(r);
        }
        return rows;
    }
}
