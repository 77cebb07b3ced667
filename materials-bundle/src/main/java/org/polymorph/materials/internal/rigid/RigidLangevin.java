package org.polymorph.materials.internal.rigid;

import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.dynamics.Ramp;
import org.polymorph.materials.dynamics.State;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.rigid.Quaternion;
import org.polymorph.materials.rigid.RigidBodies;
import org.polymorph.materials.rigid.RigidState;

/**
 * Langevin dynamics of rigid bodies by BAOAB (Leimkuhler & Matthews, Appl. Math. Res. Express 2013, 34;
 * for rigid bodies Davidchack, Ouldridge & Tretyakov, J. Chem. Phys. 142, 144114 (2015)): kick dt/2,
 * drift and free-rotate dt/2, Ornstein–Uhlenbeck on the momenta P ← c₁P + c₂√(M k_BT/mvv2e) ξ and on
 * the body-frame angular momenta π_k ← c₁π_k + c₂√(I_k k_BT/mvv2e) ξ (c₁ = e^(−γdt), c₂ = √(1−c₁²)),
 * drift and rotate dt/2, forces, kick dt/2. The noise of step n is {@code key.foldIn(n).normal(j)},
 * j = 3i + a for translation and 3B + 3i + a for rotation of body i. The heat given to the bath goes
 * to the reservoir. Each body has its own bath: the total momentum diffuses (translational dof d·B).
 */
public final class RigidLangevin extends RigidStepper {
    private final double gamma;
    private final Ramp temperature;

    /** γ: friction (1/time) on translation and rotation. */
    public RigidLangevin(RigidForces ff, double dt, Ramp temperature, double gamma, UnitSystem units) {
        super(ff, dt, units);
        this.gamma = Motion.positive("gamma", gamma);
        if (temperature.start() < 0 || temperature.end() < 0) {
            throw org.polymorph.core.method.BadInputException.forParam("temperature", temperature.start() + " to " + temperature.end(),
                    "must be >= 0", "give a target temperature >= 0");
        }
        this.temperature = temperature;
    }

    @Override
    public RigidState init(RandomKey key, RigidBodies bodies) {
        return Motion.start(ff, bodies, key, State.Chain.NONE, State.Chain.NONE, false, units);
    }

    @Override
    public RigidState step(RigidState s) {
        long n = s.step() + 1;
        Motion m = motion(s);
        m.kick(s.forces(), s.torques(), 0.5 * dt);
        m.drift(0.5 * dt);
        m.rotate(0.5 * dt);
        double before = m.twiceTranslational() + m.twiceRotational();
        bath(m, units.boltzmann() * temperature.at(n) / units.mvv2e(), s.key().foldIn(n));
        double heat = 0.5 * (before - m.twiceTranslational() - m.twiceRotational());
        m.drift(0.5 * dt);
        m.rotate(0.5 * dt);
        RigidForces.Result r = m.forces(s, ff, n);
        m.kick(r.forces(), r.torques(), 0.5 * dt);
        return m.state(s, r, n, dt, s.translationChain(), s.rotationChain(), s.reservoir() + heat);
    }

    /** The O step in place; kT in mass·length²/time² (k_BT/mvv2e). */
    private void bath(Motion m, double kT, RandomKey k) {
        double c1 = Math.exp(-gamma * dt);
        double c2 = Math.sqrt(1 - c1 * c1);
        int b = m.bodies;
        for (int i = 0; i < b; i++) {
            double sd = c2 * Math.sqrt(m.mass[i] * kT);
            for (int a = 0; a < m.dimension; a++) m.p[3 * i + a] = c1 * m.p[3 * i + a] + sd * k.normal(3L * i + a);
        }
        if (m.dimension == 2) {
            for (int i = 0; i < b; i++) {
                double in = m.inertia[3 * i + 2];
                if (in > 0) m.l[i] = c1 * m.l[i] + c2 * Math.sqrt(in * kT) * k.normal(3L * b + 3L * i + 2);
            }
            return;
        }
        double[] pi = new double[3];
        double[] r = new double[9];
        for (int i = 0; i < b; i++) {
            Quaternion.matrix(m.q, i, r, 0);
            m.toBody(r, i, pi);
            for (int a = 0; a < 3; a++) {
                double in = m.inertia[3 * i + a];
                if (in > 0) pi[a] = c1 * pi[a] + c2 * Math.sqrt(in * kT) * k.normal(3L * b + 3L * i + a);
            }
            m.toSpace(r, i, pi);
        }
    }
}
