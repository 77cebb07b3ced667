package org.polymorph.materials.internal.dynamics;

import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.dynamics.ForceField;
import org.polymorph.materials.dynamics.Integrator;
import org.polymorph.materials.dynamics.State;
import org.polymorph.materials.dynamics.Thermo;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.structure.Atoms;

/** Velocity Verlet (Swope et al., J. Chem. Phys. 76, 637 (1982)): kick dt/2, drift dt, forces, kick dt/2. */
public final class Nve implements Integrator {
    private final ForceField ff;
    private final double dt;
    private final UnitSystem units;

    public Nve(ForceField ff, double dt, UnitSystem units) {
        this.ff = ff;
        this.dt = Steps.positive("dt", dt);
        this.units = units;
    }

    @Override public UnitSystem units() { return units; }

    @Override
    public State init(RandomKey key, Atoms atoms, double[] velocities) {
        return Steps.start(ff, atoms, velocities, key, State.Chain.NONE, State.Barostat.NONE, 0, Thermo.degreesOfFreedom(atoms.size(), true), units);
    }

    private final Carry carry = new Carry();

    @Override
    public State step(State s) {
        Carry.Arrays a = carry.take(s);
        double[] m = a.masses();
        double[] v = a.velocities();
        double[] r = a.positions();
        Steps.kick(v, s.evaluation(), m, 0.5 * dt, units);
        Steps.drift(r, v, dt);
        Steps.Evaluated c = Steps.evaluated(ff, s.atoms(), r, s.neighbors(), s.step() + 1);
        Steps.kick(v, c.evaluation(), m, 0.5 * dt, units);
        return carry.keep(new State(c.atoms(), v, c.evaluation(), c.computed().neighbors(), s.step() + 1, s.time() + dt, s.key(),
                s.thermostat(), s.barostat(), s.reservoir(), s.dof(), units), a);
    }
}
