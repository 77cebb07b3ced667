package org.polymorph.materials.internal.rigid;

import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.dynamics.State;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.internal.dynamics.Blowup;
import org.polymorph.materials.rigid.Quaternion;
import org.polymorph.materials.rigid.RigidBodies;
import org.polymorph.materials.rigid.RigidState;
import org.polymorph.materials.rigid.RigidSystem;

/**
 * The working copy of a rigid-body state during one step, and the pieces the rigid integrators are
 * written from: kicks of momenta and angular momenta, drifts of the centres and the free rotor of
 * Miller, Eleftheriou, Pattnaik, Ndirango, Newns & Martyna (J. Chem. Phys. 116, 8649 (2002), "NO_SQUISH"):
 * the rotation over time h is split into exact rotations about single principal axes in the
 * symmetric sequence 3 (h/2), 2 (h/2), 1 (h), 2 (h/2), 3 (h/2) (axes in the order of a {@link Splitting}), each turning the body by
 * φ = h·π_k/I_k about its axis k (q ← q ⊗ (cos φ/2, sin φ/2 e_k)) and the body-frame angular momentum
 * π by −φ about the same axis, so |q| = 1 and the space-frame angular momentum are kept to round-off.
 * Arrays: centres c [3B], orientations q [4B] (3D) or angles [B] (2D), momenta P [3B], space-frame
 * angular momenta L [3B] (3D) or [B] (2D).
 */
final class Motion {
    final RigidSystem system;
    final int dimension;
    final int bodies;
    final int[] shape;
    final double[] mass;
    final double[] inertia;     // [3B] principal moments
    final double[] c;
    final double[] q;
    final double[] p;
    final double[] l;
    final UnitSystem units;
    private final Splitting splitting;

    Motion(RigidState s, Splitting splitting) {
        this.splitting = splitting;
        this.system = s.system();
        RigidBodies b = s.bodies();
        this.dimension = b.dimension();
        this.bodies = b.size();
        this.shape = b.shapes();
        this.mass = new double[bodies];
        this.inertia = new double[3 * bodies];
        for (int i = 0; i < bodies; i++) {
            mass[i] = system.shape(shape[i]).mass();
            for (int k = 0; k < 3; k++) inertia[3 * i + k] = system.shape(shape[i]).inertia(k);
        }
        this.c = b.centres();
        this.q = b.orientations();
        this.p = b.momenta();
        this.l = b.angularMomenta();
        this.units = s.units();
    }

    /** P += h·F·ftm2v, L += h·τ·ftm2v (2D: L_z); F, τ [3B]. */
    void kick(double[] force, double[] torque, double h) {
        double a = h * units.ftm2v();
        for (int i = 0; i < 3 * bodies; i++) p[i] += a * force[i];
        if (dimension == 2) {
            for (int i = 0; i < bodies; i++) l[i] += a * torque[3 * i + 2];
        } else {
            for (int i = 0; i < 3 * bodies; i++) l[i] += a * torque[i];
        }
    }

    /** c += h·P/M. */
    void drift(double h) {
        for (int i = 0; i < bodies; i++) for (int k = 0; k < 3; k++) c[3 * i + k] += h * p[3 * i + k] / mass[i];
    }

    /** The free rotation over time h: 2D θ += h·L/I; 3D the NO_SQUISH sequence. */
    void rotate(double h) {
        if (dimension == 2) {
            for (int i = 0; i < bodies; i++) if (inertia[3 * i + 2] > 0) q[i] += h * l[i] / inertia[3 * i + 2];
            return;
        }
        double[] pi = new double[3];
        double[] r = new double[9];
        for (int i = 0; i < bodies; i++) {
            Quaternion.matrix(q, i, r, 0);
            toBody(r, i, pi);
            axis(pi, i, splitting.outer, h / 2);
            axis(pi, i, splitting.middle, h / 2);
            axis(pi, i, splitting.inner, h);
            axis(pi, i, splitting.middle, h / 2);
            axis(pi, i, splitting.outer, h / 2);
            double n = Math.sqrt(q[4 * i] * q[4 * i] + q[4 * i + 1] * q[4 * i + 1] + q[4 * i + 2] * q[4 * i + 2] + q[4 * i + 3] * q[4 * i + 3]);
            for (int k = 0; k < 4; k++) q[4 * i + k] /= n;
            Quaternion.matrix(q, i, r, 0);
            toSpace(r, i, pi);
        }
    }

    /** π = Rᵀ·L of body i. */
    void toBody(double[] r, int i, double[] pi) {
        for (int k = 0; k < 3; k++) pi[k] = r[k] * l[3 * i] + r[3 + k] * l[3 * i + 1] + r[6 + k] * l[3 * i + 2];
    }

    /** L = R·π of body i. */
    void toSpace(double[] r, int i, double[] pi) {
        for (int k = 0; k < 3; k++) l[3 * i + k] = r[3 * k] * pi[0] + r[3 * k + 1] * pi[1] + r[3 * k + 2] * pi[2];
    }

    /**
     * One exact rotation about principal axis k of body i over time h (nothing about an axis of zero
     * moment): q_i ← q_i ⊗ (cos φ/2, sin φ/2 e_k) in place, π turned by −φ about e_k.
     */
    private void axis(double[] pi, int i, int k, double h) {
        double ik = inertia[3 * i + k];
        if (!(ik > 0)) return;
        double half = 0.5 * h * pi[k] / ik;   // φ/2
        double c = Math.cos(half), s = Math.sin(half);
        double cs = c * c - s * s, sn = 2 * s * c;   // cos φ, sin φ
        int a = (k + 1) % 3, b = (k + 2) % 3;
        double pa = pi[a], pb = pi[b];
        pi[a] = cs * pa + sn * pb;
        pi[b] = -sn * pa + cs * pb;
        // q ⊗ (c, s e_k): w' = c w − s v_k, v' = c v + s (w e_k + v × e_k)
        double w = q[4 * i], va = q[4 * i + 1 + a], vb = q[4 * i + 1 + b], vk = q[4 * i + 1 + k];
        q[4 * i] = c * w - s * vk;
        q[4 * i + 1 + k] = c * vk + s * w;
        q[4 * i + 1 + a] = c * va + s * vb;
        q[4 * i + 1 + b] = c * vb - s * va;
    }

    /** Σ |P|²/M · mvv2e = 2 KE_trans (energy). */
    double twiceTranslational() {
        double s = 0;
        for (int i = 0; i < bodies; i++) s += (p[3 * i] * p[3 * i] + p[3 * i + 1] * p[3 * i + 1] + p[3 * i + 2] * p[3 * i + 2]) / mass[i];
        return s * units.mvv2e();
    }

    /** Σ π_k²/I_k · mvv2e = 2 KE_rot (energy). */
    double twiceRotational() {
        double s = 0;
        if (dimension == 2) {
            for (int i = 0; i < bodies; i++) if (inertia[3 * i + 2] > 0) s += l[i] * l[i] / inertia[3 * i + 2];
            return s * units.mvv2e();
        }
        double[] pi = new double[3];
        double[] r = new double[9];
        for (int i = 0; i < bodies; i++) {
            Quaternion.matrix(q, i, r, 0);
            toBody(r, i, pi);
            for (int k = 0; k < 3; k++) if (inertia[3 * i + k] > 0) s += pi[k] * pi[k] / inertia[3 * i + k];
        }
        return s * units.mvv2e();
    }

    /** P ← a·P (translation), L ← b·L (rotation). */
    void scale(double a, double b) {
        for (int i = 0; i < p.length; i++) p[i] *= a;
        for (int i = 0; i < l.length; i++) l[i] *= b;
    }

    /** The bodies, after checking that every entry is finite (else a blowup naming the step and the body). */
    RigidBodies bodies(long step) {
        check(c, 3, "centre", step);
        check(q, dimension == 3 ? 4 : 1, "orientation", step);
        check(p, 3, "momentum", step);
        check(l, dimension == 3 ? 3 : 1, "angular momentum", step);
        return new RigidBodies(dimension, c, q, p, l, shape);
    }

    private static void check(double[] x, int per, String what, long step) {
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) throw new Blowup(step, -1, "body " + i / per + " has a non-finite " + what + " component " + i % per + " = " + x[i]);
        }
    }

    /** Forces and torques at the current centres and orientations, reusing the point list of {@code s}. */
    RigidForces.Result forces(RigidState s, RigidForces ff, long step) { return ff.compute(bodies(step), s.neighbors(), step); }

    /** The state of this working copy at {@code step} with forces {@code r} at its positions and the other variables given. */
    RigidState state(RigidState s, RigidForces.Result r, long step, double dt, State.Chain translation, State.Chain rotation, double reservoir) {
        return new RigidState(system, bodies(step), r.energy(), r.forces(), r.torques(), r.neighbors(), step, s.time() + dt, s.key(),
                translation, rotation, reservoir, s.translationalDof(), s.rotationalDof(), units);
    }

    /** The velocity-Verlet core of every rigid integrator here: kick dt/2, drift and free-rotate dt, forces, kick dt/2; returns the forces. */
    RigidForces.Result verlet(RigidState s, RigidForces ff, double dt, long step) {
        kick(s.forces(), s.torques(), 0.5 * dt);
        drift(dt);
        rotate(dt);
        RigidForces.Result r = forces(s, ff, step);
        kick(r.forces(), r.torques(), 0.5 * dt);
        return r;
    }

    /** The state at step 0. */
    static RigidState start(RigidForces ff, RigidBodies b, RandomKey key, State.Chain translation, State.Chain rotation, boolean momentumFixed,
                            UnitSystem units) {
        RigidSystem sys = ff.system();
        RigidForces.Result r = ff.compute(b, null, 0);
        return new RigidState(sys, b, r.energy(), r.forces(), r.torques(), r.neighbors(), 0, 0, key, translation, rotation, 0,
                sys.translationalDegreesOfFreedom(b, momentumFixed), sys.rotationalDegreesOfFreedom(b), units);
    }

    static double positive(String name, double v) {
        if (!(v > 0) || !Double.isFinite(v)) throw org.polymorph.core.method.BadInputException.forParam(name, v, "must be finite and > 0", "give a positive " + name);
        return v;
    }
}
