package org.polymorph.materials.internal.dynamics;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.dynamics.ForceField;
import org.polymorph.materials.dynamics.Integrator;
import org.polymorph.materials.dynamics.Ramp;
import org.polymorph.materials.dynamics.State;
import org.polymorph.materials.dynamics.Thermo;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.structure.Atoms;

/**
 * Langevin dynamics by BAOAB (Leimkuhler & Matthews, Appl. Math. Res. Express 2013, 34): kick dt/2,
 * drift dt/2, Ornstein–Uhlenbeck v ← c₁v + c₂√(k_BT/(m·mvv2e)) ξ with c₁ = e^(−γdt), c₂ = √(1−c₁²),
 * drift dt/2, forces, kick dt/2. The noise of step n is {@code key.foldIn(n).normal(i)} for
 * component i, so a key fixes the trajectory. The kinetic energy the bath removes is added to
 * the state's reservoir. What the bath does to the total momentum is a {@link Momentum}: by default
 * (as ASE's {@code fixcm=True}) it is kept at zero, so the centre of mass stays where it started.
 */
public final class Langevin implements Integrator {
    /**
     * What the bath may do to the total momentum P = Σ mᵢvᵢ (amu·Å/ps in metal units). With an
     * independent bath per atom (NONE) P performs a random walk and the centre of mass diffuses like
     * one particle of the total mass, D_cm = k_BT/(M γ): a crystal then shows a spurious diffusion.
     */
    public enum Momentum {
        /**
         * ASE's {@code Langevin(fixcm=True)}: after the bath's update the mass-weighted centre-of-mass
         * velocity is subtracted from every atom (and from the starting velocities), so P = 0 and the
         * centre of mass stays still; the bath then acts on the 3N − 3 internal degrees of freedom.
         */
        FIXCM,
        /**
         * LAMMPS's {@code fix langevin … zero yes}: the random impulses are shifted to sum to zero
         * each step (impulse Jᵢ ← Jᵢ − ΣJ/N), so the noise adds no momentum; the friction still
         * damps what P there is (P ← e^(−γdt)·P per step). dof 3N − 3, as LAMMPS counts.
         */
        ZERO,
        /** No constraint: each atom has its own bath and P diffuses; dof 3N. */
        NONE;

        /** The keyword of md.run's {@code langevin_momentum}: fixcm, zero or none. */
        public String keyword() { return name().toLowerCase(Locale.ROOT); }

        /** The keywords of all modes, the default first. */
        public static List<String> keywords() { return Arrays.stream(values()).map(Momentum::keyword).toList(); }

        /** The mode of {@code keyword} (one of {@link #keywords()}). */
        public static Momentum of(String keyword) {
            for (Momentum m : values()) if (m.keyword().equals(keyword)) return m;
            throw new IllegalArgumentException("Langevin momentum mode '" + keyword + "'; give one of " + String.join(", ", keywords()));
        }

        /** Whether the total momentum is held at zero, for the count of degrees of freedom. */
        boolean removesMomentum() { return this != NONE; }
    }

    private final ForceField ff;
    private final double dt;
    private final double gamma;
    private final Ramp temperature;
    private final Momentum momentum;
    private final UnitSystem units;

    /** friction γ in 1/time (1/ps for metal). */
    public Langevin(ForceField ff, double dt, Ramp temperature, double gamma, Momentum momentum, UnitSystem units) {
        this.ff = ff;
        this.dt = Steps.positive("dt", dt);
        this.gamma = Steps.positive("gamma", gamma);
        if (temperature.start() < 0 || temperature.end() < 0) throw new IllegalArgumentException("temperature schedule " + temperature + "; give T >= 0");
        this.temperature = temperature;
        if (momentum == null) throw new IllegalArgumentException("momentum mode null; give one of " + String.join(", ", Momentum.keywords()));
        this.momentum = momentum;
        this.units = units;
    }

    @Override public UnitSystem units() { return units; }

    @Override
    public State init(RandomKey key, Atoms atoms, double[] velocities) {
        double[] v = velocities;
        if (momentum == Momentum.FIXCM) {
            v = velocities.clone();
            Steps.removeCentreOfMassVelocity(v, atoms.atomMasses());
        }
        return Steps.start(ff, atoms, v, key, State.Chain.NONE, State.Barostat.NONE, 0, Thermo.degreesOfFreedom(atoms.size(), momentum.removesMomentum()), units);
    }

    private final Carry carry = new Carry();

    @Override
    public State step(State s) {
        long n = s.step() + 1;
        Carry.Arrays w = carry.take(s);
        double[] m = w.masses();
        double[] v = w.velocities();
        double[] r = w.positions();
        Steps.kick(v, s.evaluation(), m, 0.5 * dt, units);
        Steps.drift(r, v, 0.5 * dt);
        double before = Steps.twiceKinetic(v, m, units);
        bath(v, m, units.boltzmann() * temperature.at(n), s.key().foldIn(n));
        double heat = 0.5 * (before - Steps.twiceKinetic(v, m, units));
        Steps.drift(r, v, 0.5 * dt);
        Steps.Evaluated c = Steps.evaluated(ff, s.atoms(), r, s.neighbors(), n);
        Steps.kick(v, c.evaluation(), m, 0.5 * dt, units);
        return carry.keep(new State(c.atoms(), v, c.evaluation(), c.computed().neighbors(), n, s.time() + dt, s.key(),
                s.thermostat(), s.barostat(), s.reservoir() + heat, s.dof(), units), w);
    }

    /**
     * The O step in place: vᵢ ← c₁vᵢ + σᵢξᵢ with σᵢ = c₂√(k_BT/(mᵢ·mvv2e)) and ξ from {@code k}, then the
     * momentum rule; under ZERO the random impulses mᵢσᵢξᵢ are shifted by their mean first. v [3N], m [N],
     * kT in energy units.
     */
    private void bath(double[] v, double[] m, double kT, RandomKey k) {
        double c1 = Math.exp(-gamma * dt);
        double c2 = Math.sqrt(1 - c1 * c1);
        double[] meanImpulse = new double[3];
        if (momentum == Momentum.ZERO) {
            for (int i = 0; i < m.length; i++) {
                double sd = c2 * Math.sqrt(kT / (m[i] * units.mvv2e()));
                for (int d = 0; d < 3; d++) meanImpulse[d] += m[i] * sd * k.normal(3L * i + d) / m.length;
            }
        }
        for (int i = 0; i < m.length; i++) {
            double sd = c2 * Math.sqrt(kT / (m[i] * units.mvv2e()));
            for (int d = 0; d < 3; d++) v[3 * i + d] = c1 * v[3 * i + d] + (sd * k.normal(3L * i + d) - meanImpulse[d] / m[i]);
        }
        if (momentum == Momentum.FIXCM) Steps.removeCentreOfMassVelocity(v, m);
    }
}
