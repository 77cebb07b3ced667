package org.polymorph.materials.internal.dynamics;

import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.dynamics.ForceField;
import org.polymorph.materials.dynamics.Integrator;
import org.polymorph.materials.dynamics.State;
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
        return Steps.start(ff, atoms, velocities, key, State.Chain.NONE, State.Barostat.NONE, 0, Steps.dofMomentumConserved(atoms.size()), units);
    }

    /**
     * What the last step made, so that the next step from its State reuses the per-atom masses and the
     * copy of the forces instead of making them again (the State's own arrays stay untouched: kicks only
     * read them). Replaced as a whole, so concurrent trajectories at worst miss it.
     */
    private record Last(State state, double[] masses, double[] forces) { }

    private volatile Last last;

    @Override
    public State step(State s) {
        Last known = last;
        boolean hit = known != null && known.state == s;
        double[] m = hit ? known.masses : s.atoms().atomMasses();
        double[] v = s.velocities();
        double[] r = s.positions();
        Steps.kick(v, hit ? known.forces : s.forces(), m, 0.5 * dt, units);
        Steps.drift(r, v, dt);
        Steps.Evaluated c = Steps.evaluated(ff, s.atoms(), r, s.neighbors(), s.step() + 1);
        double[] f = c.forces();
        Steps.kick(v, f, m, 0.5 * dt, units);
        State next = new State(c.atoms(), v, c.computed().evaluation(), c.computed().neighbors(), s.step() + 1, s.time() + dt, s.key(),
                s.thermostat(), s.barostat(), s.reservoir(), s.dof(), units);
        last = new Last(next, m, f);
        return next;
    }
}
