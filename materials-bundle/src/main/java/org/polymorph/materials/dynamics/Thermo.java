package org.polymorph.materials.dynamics;

import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.structure.Atoms;

/** Kinetic energy, temperature, pressure and Maxwell–Boltzmann velocities. */
public final class Thermo {
    private Thermo() { }

    /**
     * The kinetic degrees of freedom of {@code atoms} atoms, the one rule behind every temperature
     * T = 2 KE / (dof k_B) that the integrators report and thermostat towards: 3N − 3 when the total
     * momentum is conserved (NVE, Nosé–Hoover chains, MTK NPT) or removed, as LAMMPS's
     * {@code compute temp} counts them; 3N when a bath exchanges momentum with the atoms (Langevin
     * without momentum removal, as ASE counts them). A single atom (or none) counts 3.
     *
     * @since 2.2.0
     */
    public static int degreesOfFreedom(int atoms, boolean momentumFixed) {
        return Math.max(3, momentumFixed ? 3 * atoms - 3 : 3 * atoms);
    }

    /**
     * Σ mᵢxᵢ / Σ mᵢ [3] of per-atom vectors x [3N] with masses m [N]: the centre of mass of positions, or the
     * centre-of-mass velocity of velocities.
     */
    public static double[] massWeightedMean(double[] x, double[] m) {
        double[] c = new double[3];
        double total = 0;
        for (int i = 0; i < m.length; i++) {
            total += m[i];
            for (int d = 0; d < 3; d++) c[d] += m[i] * x[3 * i + d];
        }
        for (int d = 0; d < 3; d++) c[d] /= total;
        return c;
    }

    /** ½ Σ m v² · mvv2e (energy); v [3N]. */
    public static double kineticEnergy(Atoms atoms, double[] v, UnitSystem units) {
        double[] m = atoms.atomMasses();
        double s = 0;
        for (int i = 0; i < m.length; i++) s += m[i] * (v[3 * i] * v[3 * i] + v[3 * i + 1] * v[3 * i + 1] + v[3 * i + 2] * v[3 * i + 2]);
        return 0.5 * s * units.mvv2e();
    }

    /** Σ m v [3] (mass·length/time). */
    public static double[] momentum(Atoms atoms, double[] v) {
        double[] m = atoms.atomMasses();
        double[] p = new double[3];
        for (int i = 0; i < m.length; i++) for (int k = 0; k < 3; k++) p[k] += m[i] * v[3 * i + k];
        return p;
    }

    /** LAMMPS's scalar pressure (2 KE + Wxx + Wyy + Wzz) / (3V), converted by nktv2p (GPa for metal). */
    public static double pressure(Atoms atoms, double[] v, Evaluation ev, UnitSystem units) {
        if (!atoms.box().anyPeriodic()) throw new IllegalArgumentException("pressure: the cell is not periodic; a cluster has no volume");
        double[] w = ev.virial();
        return (2 * kineticEnergy(atoms, v, units) + w[0] + w[1] + w[2]) / (3 * atoms.box().volume()) * units.nktv2p();
    }

    /**
     * Velocities [3N] drawn from the Maxwell–Boltzmann distribution at {@code temperature} with
     * draws of {@code key}, total momentum removed, then scaled so that 2 KE / ((3N − 3) k_B) is
     * exactly {@code temperature} (as LAMMPS's {@code velocity create}). One atom: zero velocity.
     */
    public static double[] maxwellBoltzmann(RandomKey key, Atoms atoms, double temperature, UnitSystem units) {
        if (!(temperature >= 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature = " + temperature + "; give a finite temperature >= 0");
        }
        int n = atoms.size();
        double[] m = atoms.atomMasses();
        double[] v = new double[3 * n];
        if (n < 2 || temperature == 0) return v;
        for (int i = 0; i < n; i++) {
            double sd = Math.sqrt(units.boltzmann() * temperature / (m[i] * units.mvv2e()));
            for (int k = 0; k < 3; k++) v[3 * i + k] = sd * key.normal(3L * i + k);
        }
        double[] p = momentum(atoms, v);
        double mt = 0;
        for (double mi : m) mt += mi;
        for (int i = 0; i < n; i++) for (int k = 0; k < 3; k++) v[3 * i + k] -= p[k] / mt;
        double t = 2 * kineticEnergy(atoms, v, units) / (degreesOfFreedom(n, true) * units.boltzmann());
        double scale = Math.sqrt(temperature / t);
        for (int i = 0; i < v.length; i++) v[i] *= scale;
        return v;
    }
}
