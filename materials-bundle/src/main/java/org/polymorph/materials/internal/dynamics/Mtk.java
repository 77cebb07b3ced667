package org.polymorph.materials.internal.dynamics;

import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.dynamics.ForceField;
import org.polymorph.materials.dynamics.Integrator;
import org.polymorph.materials.dynamics.Ramp;
import org.polymorph.materials.dynamics.State;
import org.polymorph.materials.dynamics.Thermo;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * Isotropic NPT by the Martyna–Tobias–Klein equations (J. Chem. Phys. 101, 4177 (1994)) with
 * Nosé–Hoover chains on the particles and on the barostat, integrated by the Trotter factorisation
 * of Tuckerman et al. (J. Phys. A 39, 5629 (2006)):
 * dr/dt = v + v_ε r, dv/dt = F/m − α v_ε v, dv_ε/dt = G_ε/W with α = 1 + 3/dof,
 * G_ε = α·2KE + tr W − 3V·P_ext and W = (dof + 3)·k_BT·τ_P². The cell scales as h·e^(v_ε dt).
 * Pressures are in the unit system's pressure unit (GPa for metal). Reservoir: chain energies +
 * P_ext·V + ½W v_ε².
 */
public final class Mtk implements Integrator {
    private final ForceField ff;
    private final double dt;
    private final double tauT;
    private final double tauP;
    private final int chain;
    private final Ramp temperature;
    private final Ramp pressure;
    private final UnitSystem units;

    public Mtk(ForceField ff, double dt, Ramp temperature, double tauT, Ramp pressure, double tauP, int chain, UnitSystem units) {
        checkSettings(dt, tauT, tauP, chain, temperature);
        this.ff = ff;
        this.dt = dt;
        this.tauT = tauT;
        this.tauP = tauP;
        this.chain = chain;
        this.temperature = temperature;
        this.pressure = pressure;
        this.units = units;
    }

    @Override public UnitSystem units() { return units; }

    @Override
    public State init(RandomKey key, Atoms atoms, double[] velocities) {
        Box b = requirePeriodic(atoms);
        int dof = Thermo.degreesOfFreedom(atoms.size(), true);
        State.Barostat baro = new State.Barostat(0, 0, State.Chain.ofLength(chain));
        double res = reservoir(State.Chain.ofLength(chain), baro, b.volume(), dof, units.boltzmann() * temperature.at(0), pressure.at(0) / units.nktv2p());
        return Steps.start(ff, atoms, velocities, key, State.Chain.ofLength(chain), baro, res, dof, units);
    }

    @Override
    public State step(State s) {
        long n = s.step() + 1;
        double kT = units.boltzmann() * temperature.at(n);
        double p = pressure.at(n) / units.nktv2p();
        int dof = s.dof();
        double alpha = 1 + 3.0 / dof;
        double w = (dof + 3) * kT * tauP * tauP;
        double[] m = s.atoms().atomMasses();
        double[] v = s.velocities();
        double[] r = s.positions();
        Box box = s.atoms().box();
        double before = reservoir(s.thermostat(), s.barostat(), box.volume(), dof, kT, p);

        double ve = s.barostat().rate();
        Chains.Result cb = Chains.halfStep(s.barostat().chain(), w * ve * ve, 1, kT, tauP, dt);
        ve *= cb.scale();
        Chains.Result cp = Chains.halfStep(s.thermostat(), Steps.twiceKinetic(v, m, units), dof, kT, tauT, dt);
        for (int i = 0; i < v.length; i++) v[i] *= cp.scale();
        ve += 0.5 * dt * force(v, m, s.evaluation().virial(), box.volume(), alpha, p) / w;
        kick(v, s.forces(), m, ve * alpha);

        double grow = Math.exp(ve * dt);
        double drift = dt * Math.exp(0.5 * ve * dt) * sinhc(0.5 * ve * dt);
        for (int i = 0; i < r.length; i++) r[i] = r[i] * grow + drift * v[i];
        double[] h = box.h();
        for (int k = 0; k < 9; k++) h[k] *= grow;
        Box nb = Steps.movedCell(box, h, n);
        ForceField.Computed c = Steps.evaluate(ff, s.atoms(), r, nb, s.neighbors(), n);

        kick(v, c.evaluation().forces(), m, ve * alpha);
        ve += 0.5 * dt * force(v, m, c.evaluation().virial(), nb.volume(), alpha, p) / w;
        Chains.Result cp2 = Chains.halfStep(cp.chain(), Steps.twiceKinetic(v, m, units), dof, kT, tauT, dt);
        for (int i = 0; i < v.length; i++) v[i] *= cp2.scale();
        Chains.Result cb2 = Chains.halfStep(cb.chain(), w * ve * ve, 1, kT, tauP, dt);
        ve *= cb2.scale();

        State.Barostat baro = new State.Barostat(s.barostat().strain() + ve * dt, ve, cb2.chain());
        double after = reservoir(cp2.chain(), baro, nb.volume(), dof, kT, p);
        Atoms a = new Atoms(r, s.atoms().types(), s.atoms().typeNames(), s.atoms().masses(), nb);
        return new State(a, v, c.evaluation(), c.neighbors(), n, s.time() + dt, s.key(), cp2.chain(), baro,
                s.reservoir() + after - before, dof, units);
    }

    /** The checks every NPT integrator makes of its settings (time step, time constants, chain, T > 0). */
    static void checkSettings(double dt, double tauT, double tauP, int chain, Ramp temperature) {
        Steps.positive("dt", dt);
        Steps.positive("tauT", tauT);
        Steps.positive("tauP", tauP);
        if (chain < 1) throw new IllegalArgumentException("chain length = " + chain + "; give at least 1 (3 is usual)");
        if (!(temperature.start() > 0) || !(temperature.end() > 0)) {
            throw new IllegalArgumentException("temperature schedule " + temperature + "; NPT needs T > 0");
        }
    }

    /** The cell of {@code atoms}, which must be periodic on all three axes. */
    static Box requirePeriodic(Atoms atoms) {
        Box b = atoms.box();
        if (!(b.allPeriodic())) {
            throw new IllegalArgumentException("NPT: the cell must be periodic on all three axes, got " + b);
        }
        return b;
    }

    /** G_ε = α·2KE + tr W − 3V·P (energy). */
    private double force(double[] v, double[] m, double[] virial, double volume, double alpha, double p) {
        return alpha * Steps.twiceKinetic(v, m, units) + virial[0] + virial[1] + virial[2] - 3 * volume * p;
    }

    /** Half-step velocity update under F/m and the −α v_ε v friction, exact for constant F and v_ε. */
    private void kick(double[] v, double[] f, double[] m, double rate) {
        double x = 0.25 * rate * dt;
        double decay = Math.exp(-2 * x);
        double c = 0.5 * dt * Math.exp(-x) * sinhc(x) * units.ftm2v();
        for (int i = 0; i < m.length; i++) {
            for (int d = 0; d < 3; d++) v[3 * i + d] = v[3 * i + d] * decay + c * f[3 * i + d] / m[i];
        }
    }

    private double reservoir(State.Chain particles, State.Barostat b, double volume, int dof, double kT, double p) {
        double w = (dof + 3) * kT * tauP * tauP;
        return Chains.energy(particles, dof, kT, tauT) + Chains.energy(b.chain(), 1, kT, tauP) + p * volume + 0.5 * w * b.rate() * b.rate();
    }

    /** sinh(x)/x with its Taylor series near 0. */
    static double sinhc(double x) {
        if (Math.abs(x) < 1e-4) return 1 + x * x / 6 + x * x * x * x / 120;
        return Math.sinh(x) / x;
    }
}
