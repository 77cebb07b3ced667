package org.polymorph.materials.dynamics;

import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.structure.Atoms;

/**
 * One point of a trajectory. {@code atoms} holds positions [3N] (never wrapped), the cell, types
 * and masses; {@code velocities} [3N] (length/time); {@code evaluation} the energy, forces [3N]
 * and virial at these positions; {@code neighbors} the list it used. {@code thermostat} is the
 * Nosé–Hoover chain on the particles, {@code barostat} the MTK cell variable with its own chain
 * (both empty when unused). {@code reservoir} is the energy held outside the particles (chains,
 * P·V, barostat kinetic energy, heat given to a Langevin bath), so {@link #conservedEnergy()} is
 * constant up to integration error at fixed targets. {@code dof} counts kinetic degrees of freedom by
 * the one rule of {@link Thermo#degreesOfFreedom}.
 */
public record State(Atoms atoms, double[] velocities, Evaluation evaluation, NeighborList neighbors, long step, double time,
                    RandomKey key, Chain thermostat, Barostat barostat, double reservoir, int dof,
                    UnitSystem units) {

    /** Nosé–Hoover chain positions ξ_j (dimensionless) and velocities v_ξj (1/time), j = 0..M−1. */
    public record Chain(double[] eta, double[] vEta) {
        public static final Chain NONE = new Chain(new double[0], new double[0]);

        public Chain {
            if (eta.length != vEta.length) throw new IllegalArgumentException("chain: " + eta.length + " positions, " + vEta.length + " velocities");
            eta = eta.clone();
            vEta = vEta.clone();
        }

        public static Chain ofLength(int m) { return new Chain(new double[m], new double[m]); }

        public int length() { return eta.length; }

        @Override public double[] eta() { return eta.clone(); }

        @Override public double[] vEta() { return vEta.clone(); }
    }

    /**
     * MTK barostat: ε = ln(V/V₀)/3, its rate v_ε (1/time), the chain thermostatting it, and for a
     * flexible cell the symmetric cell velocity v_g (1/time) as 6 components xx yy zz xy xz yz
     * (empty for the isotropic barostat).
     */
    public record Barostat(double strain, double rate, Chain chain, double[] cellRate) {
        public static final Barostat NONE = new Barostat(0, 0, Chain.NONE);

        public Barostat {
            if (cellRate.length != 0 && cellRate.length != 6) {
                throw new IllegalArgumentException("barostat: " + cellRate.length + " cell-rate components; give 0 or 6 (xx yy zz xy xz yz)");
            }
            cellRate = cellRate.clone();
        }

        /** The isotropic barostat (no cell-rate components). */
        public Barostat(double strain, double rate, Chain chain) { this(strain, rate, chain, new double[0]); }

        @Override public double[] cellRate() { return cellRate.clone(); }
    }

    public State {
        if (velocities.length != atoms.positions().length) {
            throw new IllegalArgumentException("state: " + velocities.length + " velocity components for " + atoms.size() + " atoms");
        }
        velocities = velocities.clone();
    }

    @Override public double[] velocities() { return velocities.clone(); }

    /** One velocity component (length/time) without copying the array. */
    public double velocity(int atom, int axis) { return velocities[3 * atom + axis]; }

    public double potentialEnergy() { return evaluation.energy(); }

    /** Forces [3N] (energy/length). */
    public double[] forces() { return evaluation.forces(); }

    public double[] positions() { return atoms.positions(); }

    /** ½ Σ m v² (energy). */
    public double kineticEnergy() { return Thermo.kineticEnergy(atoms, velocities, units); }

    /** 2 KE / (dof k_B) (temperature units). */
    public double temperature() { return 2 * kineticEnergy() / (dof * units.boltzmann()); }

    /** (2 KE + tr W) / (3V) in the unit system's pressure unit (GPa for metal); periodic cells only. */
    public double pressure() { return Thermo.pressure(atoms, velocities, evaluation, units); }

    public double totalEnergy() { return kineticEnergy() + potentialEnergy(); }

    /** KE + PE + reservoir: the quantity the integrator conserves at fixed targets. */
    public double conservedEnergy() { return totalEnergy() + reservoir; }

    /** A copy with another key (e.g. to branch a Langevin trajectory). */
    public State withKey(RandomKey k) {
        return new State(atoms, velocities, evaluation, neighbors, step, time, k, thermostat, barostat, reservoir, dof, units);
    }
}
