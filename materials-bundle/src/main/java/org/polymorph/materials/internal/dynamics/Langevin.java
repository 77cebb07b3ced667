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
 * Langevin dynamics by BAOAB (Leimkuhler & Matthews, Appl. Math. Res. Express 2013, 34): kick dt/2,
 * drift dt/2, Ornstein–Uhlenbeck v ← c₁v + c₂√(k_BT/(m·mvv2e)) ξ with c₁ = e^(−γdt), c₂ = √(1−c₁²),
 * drift dt/2, forces, kick dt/2. The noise of step n is {@code key.foldIn(n).normal(i)} for
 * component i, so a key fixes the trajectory. The kinetic energy the bath removes is added to
 * the state's reservoir; momentum is not conserved, so dof = 3N.
 */
public final class Langevin implements Integrator {
    private final ForceField ff;
    private final double dt;
    private final double gamma;
    private final Ramp temperature;
    private final UnitSystem units;

    /** friction γ in 1/time (1/ps for metal). */
    public Langevin(ForceField ff, double dt, Ramp temperature, double gamma, UnitSystem units) {
        this.ff = ff;
        this.dt = Steps.positive("dt", dt);
        this.gamma = Steps.positive("gamma", gamma);
        if (temperature.start() < 0 || temperature.end() < 0) throw new IllegalArgumentException("temperature schedule " + temperature + "; give T >= 0");
        this.temperature = temperature;
        this.units = units;
    }

    @Override public UnitSystem units() { return units; }

    @Override
    public State init(RandomKey key, Atoms atoms, double[] velocities) {
        return Steps.start(ff, atoms, velocities, key, State.Chain.NONE, State.Barostat.NONE, 0, Thermo.degreesOfFreedom(atoms.size(), false), units);
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
        double c1 = Math.exp(-gamma * dt);
        double c2 = Math.sqrt(1 - c1 * c1);
        double kT = units.boltzmann() * temperature.at(n);
        RandomKey k = s.key().foldIn(n);
        for (int i = 0; i < m.length; i++) {
            double sd = c2 * Math.sqrt(kT / (m[i] * units.mvv2e()));
            for (int d = 0; d < 3; d++) v[3 * i + d] = c1 * v[3 * i + d] + sd * k.normal(3L * i + d);
        }
        double heat = 0.5 * (before - Steps.twiceKinetic(v, m, units));
        Steps.drift(r, v, 0.5 * dt);
        Steps.Evaluated c = Steps.evaluated(ff, s.atoms(), r, s.neighbors(), n);
        Steps.kick(v, c.evaluation(), m, 0.5 * dt, units);
        return carry.keep(new State(c.atoms(), v, c.evaluation(), c.computed().neighbors(), n, s.time() + dt, s.key(),
                s.thermostat(), s.barostat(), s.reservoir() + heat, s.dof(), units), w);
    }
}
