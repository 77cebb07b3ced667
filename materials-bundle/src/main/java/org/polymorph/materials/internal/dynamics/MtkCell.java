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
 * NPT with a flexible cell: the MTK equations for a fully flexible cell (Martyna, Tobias & Klein,
 * J. Chem. Phys. 101, 4177 (1994); the measure-preserving Trotter integration of Tuckerman, Alejandre,
 * López-Rendón, Jochim & Martyna, J. Phys. A 39, 5629 (2006), §5), with Nosé–Hoover chains on the
 * particles and on the cell. With the symmetric cell velocity v_g (1/time; a deformation without rotation):
 * dr/dt = v + v_g r, dv/dt = F/m − (v_g + tr(v_g)/dof) v, dh/dt = v_g h (h's columns the lattice
 * vectors), W_g dv_g/dt = V(P_int − P_ext I) + (2KE/dof) I with V·P_int = Σ m v⊗v + W (virial) and
 * W_g = (dof + 3)/3 · k_BT·τ_P². Conserved: KE + PE + ½W_g tr(v_g²) + P_ext·V + chain energies.
 * {@link Coupling#ANISO} keeps v_g diagonal (the three box lengths move independently, LAMMPS's
 * {@code aniso}); {@link Coupling#TRI} moves all six components (LAMMPS's {@code tri}), the
 * off-diagonal pressure target being 0. Isotropic coupling is {@link Mtk}.
 */
public final class MtkCell implements Integrator {
    /** Which components of the cell move. */
    public enum Coupling { ANISO, TRI }

    private final ForceField ff;
    private final double dt;
    private final double tauT;
    private final double tauP;
    private final int chain;
    private final Ramp temperature;
    private final Ramp pressure;
    private final UnitSystem units;
    private final Coupling coupling;

    public MtkCell(ForceField ff, double dt, Ramp temperature, double tauT, Ramp pressure, double tauP, int chain,
                   Coupling coupling, UnitSystem units) {
        Mtk.checkSettings(dt, tauT, tauP, chain, temperature);
        this.ff = ff;
        this.dt = dt;
        this.tauT = tauT;
        this.tauP = tauP;
        if (coupling == null) throw new IllegalArgumentException("coupling is null; give ANISO or TRI");
        this.chain = chain;
        this.temperature = temperature;
        this.pressure = pressure;
        this.units = units;
        this.coupling = coupling;
    }

    @Override public UnitSystem units() { return units; }

    /** Independent cell velocities the barostat chain thermostats: 3 (aniso) or 6 (tri). */
    private int cellDof() { return coupling == Coupling.ANISO ? 3 : 6; }

    @Override
    public State init(RandomKey key, Atoms atoms, double[] velocities) {
        Box b = Mtk.requirePeriodic(atoms);
        int dof = Thermo.degreesOfFreedom(atoms.size(), true);
        State.Barostat baro = new State.Barostat(0, 0, State.Chain.ofLength(chain), new double[6]);
        double res = reservoir(State.Chain.ofLength(chain), baro, b.volume(), dof, units.boltzmann() * temperature.at(0),
                pressure.at(0) / units.nktv2p());
        return Steps.start(ff, atoms, velocities, key, State.Chain.ofLength(chain), baro, res, dof, units);
    }

    @Override
    public State step(State s) {
        long n = s.step() + 1;
        double kT = units.boltzmann() * temperature.at(n);
        double p = pressure.at(n) / units.nktv2p();
        int dof = s.dof();
        double wg = mass(dof, kT);
        double[] m = s.atoms().atomMasses();
        double[] v = s.velocities();
        Box box = s.atoms().box();
        double before = reservoir(s.thermostat(), s.barostat(), box.volume(), dof, kT, p);
        double[] vg = matrix(s.barostat().cellRate());

        Chains.Result cb = Chains.halfStep(s.barostat().chain(), wg * frobenius2(vg), cellDof(), kT, tauP, dt);
        scale(vg, cb.scale());
        Chains.Result cp = Chains.halfStep(s.thermostat(), Steps.twiceKinetic(v, m, units), dof, kT, tauT, dt);
        for (int i = 0; i < v.length; i++) v[i] *= cp.scale();
        push(vg, v, m, s.evaluation().virial(), box.volume(), dof, p, wg);
        Sym3.Eigen e = Sym3.eigen(vg);
        kick(v, s.forces(), m, e, dof);

        double[] r = drift(s.positions(), v, e);
        Box nb = Steps.movedCell(box, Box.matmul(box.h(), e.map(l -> Math.exp(l * dt))), n);
        ForceField.Computed c = Steps.evaluate(ff, s.atoms(), r, nb, s.neighbors(), n);

        kick(v, c.evaluation().forces(), m, e, dof);
        push(vg, v, m, c.evaluation().virial(), nb.volume(), dof, p, wg);
        Chains.Result cp2 = Chains.halfStep(cp.chain(), Steps.twiceKinetic(v, m, units), dof, kT, tauT, dt);
        for (int i = 0; i < v.length; i++) v[i] *= cp2.scale();
        Chains.Result cb2 = Chains.halfStep(cb.chain(), wg * frobenius2(vg), cellDof(), kT, tauP, dt);
        scale(vg, cb2.scale());

        double rate = Sym3.trace(vg) / 3;
        State.Barostat baro = new State.Barostat(s.barostat().strain() + Math.log(nb.volume() / box.volume()) / 3, rate, cb2.chain(),
                components(vg));
        double after = reservoir(cp2.chain(), baro, nb.volume(), dof, kT, p);
        Atoms a = new Atoms(r, s.atoms().types(), s.atoms().typeNames(), s.atoms().masses(), nb);
        return new State(a, v, c.evaluation(), c.neighbors(), n, s.time() + dt, s.key(), cp2.chain(), baro,
                s.reservoir() + after - before, dof, units);
    }

    private double mass(int dof, double kT) { return (dof + 3) / 3.0 * kT * tauP * tauP; }

    /** v_g += ½dt·G/W_g with G = Σ m v⊗v + W − (V·P − 2KE/dof)·I (energy); diagonal only for aniso. */
    private void push(double[] vg, double[] v, double[] m, double[] virial, double volume, int dof, double p, double wg) {
        double[] k2 = new double[9];
        double mvv2e = units.mvv2e();
        for (int i = 0; i < m.length; i++) {
            for (int a = 0; a < 3; a++) {
                for (int b = a; b < 3; b++) k2[3 * a + b] += m[i] * v[3 * i + a] * v[3 * i + b] * mvv2e;
            }
        }
        double twoKe = k2[0] + k2[4] + k2[8];
        double[] w = matrix(virial);
        double iso = volume * p - twoKe / dof;
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                if (a != b && coupling == Coupling.ANISO) continue;
                double g = k2[3 * Math.min(a, b) + Math.max(a, b)] + w[3 * a + b] - (a == b ? iso : 0);
                vg[3 * a + b] += 0.5 * dt * g / wg;
            }
        }
    }

    /** Half-step velocity update under F/m and the −(v_g + tr v_g/dof) v friction, exact in v_g's eigenbasis. */
    private void kick(double[] v, double[] f, double[] m, Sym3.Eigen e, int dof) {
        double tr = e.values()[0] + e.values()[1] + e.values()[2];
        double[] o = e.vectors();
        double[] decay = new double[3];
        double[] c = new double[3];
        for (int k = 0; k < 3; k++) {
            double x = 0.25 * (e.values()[k] + tr / dof) * dt;
            decay[k] = Math.exp(-2 * x);
            c[k] = 0.5 * dt * Math.exp(-x) * Mtk.sinhc(x) * units.ftm2v();
        }
        for (int i = 0; i < m.length; i++) {
            int b = 3 * i;
            for (int k = 0; k < 3; k++) {
                double vk = o[k] * v[b] + o[3 + k] * v[b + 1] + o[6 + k] * v[b + 2];
                double fk = o[k] * f[b] + o[3 + k] * f[b + 1] + o[6 + k] * f[b + 2];
                double nv = vk * decay[k] + c[k] * fk / m[i];
                double dv = nv - vk;
                v[b] += o[k] * dv;
                v[b + 1] += o[3 + k] * dv;
                v[b + 2] += o[6 + k] * dv;
            }
        }
    }

    /** r(dt) of dr/dt = v + v_g r at fixed v: per eigen-direction r·e^{λdt} + v·dt·e^{λdt/2}·sinhc(λdt/2). */
    private double[] drift(double[] r, double[] v, Sym3.Eigen e) {
        double[] grow = e.map(l -> Math.exp(l * dt));
        double[] move = e.map(l -> dt * Math.exp(0.5 * l * dt) * Mtk.sinhc(0.5 * l * dt));
        double[] gr = Sym3.applyRows(grow, r);
        double[] mv = Sym3.applyRows(move, v);
        for (int i = 0; i < gr.length; i++) gr[i] += mv[i];
        return gr;
    }

    private double reservoir(State.Chain particles, State.Barostat b, double volume, int dof, double kT, double p) {
        double[] vg = matrix(b.cellRate());
        return Chains.energy(particles, dof, kT, tauT) + Chains.energy(b.chain(), cellDof(), kT, tauP) + p * volume
                + 0.5 * mass(dof, kT) * frobenius2(vg);
    }

    /** 3×3 row-major from LAMMPS-order components xx yy zz xy xz yz (symmetric). */
    static double[] matrix(double[] c) {
        if (c.length != 6) throw new IllegalArgumentException("flexible-cell NPT needs 6 cell-rate components, got " + c.length
                + "; the state comes from another integrator (start it with this one's init)");
        return new double[] {c[0], c[3], c[4], c[3], c[1], c[5], c[4], c[5], c[2]};
    }

    static double[] components(double[] a) { return new double[] {a[0], a[4], a[8], a[1], a[2], a[5]}; }

    /** tr(AᵀA). */
    private static double frobenius2(double[] a) {
        double s = 0;
        for (double x : a) s += x * x;
        return s;
    }

    private static void scale(double[] a, double f) {
        for (int i = 0; i < a.length; i++) a[i] *= f;
    }
}
