package org.polymorph.materials.internal.dynamics;

import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.dynamics.ForceField;
import org.polymorph.materials.dynamics.Integrator;
import org.polymorph.materials.dynamics.Ramp;
import org.polymorph.materials.dynamics.State;
import org.polymorph.materials.dynamics.Thermo;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.structure.Atoms;

/**
 * NVT with a Nosé–Hoover chain (Martyna, Klein & Tuckerman 1992): chain dt/2, velocity Verlet,
 * chain dt/2. The chain energy enters the reservoir, so KE + PE + reservoir is conserved at a
 * fixed target temperature. τ is the thermostat time constant (time units; ~100 dt is usual).
 */
public final class NoseHoover implements Integrator {
    private final ForceField ff;
    private final double dt;
    private final double tau;
    private final int chain;
    private final Ramp temperature;
    private final UnitSystem units;

    public NoseHoover(ForceField ff, double dt, Ramp temperature, double tau, int chain, UnitSystem units) {
        this.ff = ff;
        this.dt = Steps.positive("dt", dt);
        this.tau = Steps.positive("tau", tau);
        if (chain < 1) throw new IllegalArgumentException("chain length = " + chain + "; give at least 1 (3 is usual)");
        if (!(temperature.start() > 0) || !(temperature.end() > 0)) {
            throw new IllegalArgumentException("temperature schedule " + temperature + "; a Nosé–Hoover thermostat needs T > 0");
        }
        this.chain = chain;
        this.temperature = temperature;
        this.units = units;
    }

    @Override public UnitSystem units() { return units; }

    @Override
    public State init(RandomKey key, Atoms atoms, double[] velocities) {
        return Steps.start(ff, atoms, velocities, key, State.Chain.ofLength(chain), State.Barostat.NONE, 0,
                Thermo.degreesOfFreedom(atoms.size(), true), units);
    }

    private final Carry carry = new Carry();

    @Override
    public State step(State s) {
        long n = s.step() + 1;
        double kT = units.boltzmann() * temperature.at(n);
        Carry.Arrays w = carry.take(s);
        double[] m = w.masses();
        double[] v = w.velocities();
        double[] r = w.positions();
        double before = Chains.energy(s.thermostat(), s.dof(), kT, tau);
        Chains.Result a = Chains.halfStep(s.thermostat(), Steps.twiceKinetic(v, m, units), s.dof(), kT, tau, dt);
        for (int i = 0; i < v.length; i++) v[i] *= a.scale();
        Steps.kick(v, s.evaluation(), m, 0.5 * dt, units);
        Steps.drift(r, v, dt);
        Steps.Evaluated c = Steps.evaluated(ff, s.atoms(), r, s.neighbors(), n);
        Steps.kick(v, c.evaluation(), m, 0.5 * dt, units);
        Chains.Result b = Chains.halfStep(a.chain(), Steps.twiceKinetic(v, m, units), s.dof(), kT, tau, dt);
        for (int i = 0; i < v.length; i++) v[i] *= b.scale();
        double after = Chains.energy(b.chain(), s.dof(), kT, tau);
        return carry.keep(new State(c.atoms(), v, c.evaluation(), c.computed().neighbors(), n, s.time() + dt, s.key(), b.chain(),
                s.barostat(), s.reservoir() + after - before, s.dof(), units), w);
    }
}
