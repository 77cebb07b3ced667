package org.polymorph.materials.internal.rigid;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Loops;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.tensor.DType;
import org.polymorph.materials.dynamics.Ramp;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.internal.dynamics.Blowup;
import org.polymorph.materials.internal.potential.FusedEnergy;
import org.polymorph.materials.rigid.RigidBodies;
import org.polymorph.materials.rigid.RigidSystem;
import org.polymorph.materials.rigid.Shape;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * The rigid-body trajectory of {@link RigidNve} (kick dt/2, drift dt, free rotation dt by Miller's NO_SQUISH
 * sequence in 3D or θ += dt·L/I in 2D, forces, kick dt/2), optionally inside the Nosé–Hoover chains of
 * {@link RigidNoseHoover}, as a differentiable function, in autodiff ops, of the shapes' point positions
 * ({@link RigidShapes}: centre of mass, principal frame and moments follow the points) and the pair potential's
 * parameters θ (the operand of {@link FusedEnergy}: kernel forces forward, exact Hessian-vector products
 * backward), from fixed centres, orientations and momenta. The gradient of a loss of the final state is reverse
 * mode through the whole trajectory, memory bounded by {@link Loops#scan} with √T checkpointing (as
 * {@code internal.forcefield.MdTrajectory} for atoms): the carries at ⌈√T⌉ segment boundaries are kept and each
 * segment recomputed backward. Under NVE with a potential that has a second-order kernel the reverse pass is instead
 * {@link RigidAdjoint}'s plain-array adjoint sweep (no tape; {@link Reverse}); Nosé–Hoover chains keep the tape. The
 * derivative is that of the discrete map, which grows like e^{λt} on chaotic trajectories: short windows are the
 * intended use.
 * <p><b>Orientations.</b> The bodies' orientations in {@code start} are those of the frame the shape's points are
 * given in; a body's orientation in the trajectory is q ⊗ q(V), V the principal axes of its shape (3D).
 * <p><b>Intra-body pairs.</b> As {@link RigidForces}: point forces from the potential over all points (their
 * intra-body parts cancel in the centre forces and torques), and, unless the system includes intra-body
 * pairs, each body's energy alone in free space subtracted from the reported potential energy, here as a
 * function of its shape's points and θ.
 * <p>Arrays: centres [B, 3], orientations [B, 4] (3D, w x y z) or angles [B, 1] (2D), momenta [B, 3],
 * space-frame angular momenta [B, 3] (3D) or [B, 1] (2D), point positions [N, 3] body after body as
 * {@link RigidSystem#points}. Units those of {@code units} (kicks scaled by ftm2v).
 */
public final class RigidTrajectory {
    /**
     * The state after the last step, the world positions of its points [N, 3], its potential energy (energy), the centres
     * after steps 1..T [T, B, 3] and, with a thermostat, its chains [4M]: ξ and v_ξ of translation, then of rotation (else null).
     */
    public record Final(Var centres, Var orientations, Var momenta, Var angularMomenta, Var points, Var potentialEnergy, Var centreTrajectory,
                        Var thermostat) { }

    /**
     * Nosé–Hoover chains as {@link RigidNoseHoover}: one chain of length {@code chain} on the translational and one on the
     * rotational kinetic energy, each propagated dt/2 in {@code chainSteps} sub-steps before and after the NVE step, target
     * {@code temperature} (temperature), time constant {@code tau} (time); chains start at rest.
     */
    public record NoseHoover(Ramp temperature, double tau, int chain, int chainSteps) {
        public NoseHoover {
            RigidNoseHoover.check(temperature, tau, chain, chainSteps);
        }
    }


    /**
     * How the reverse pass is taken: through the autodiff tape of every step ({@code TAPE}, any thermostat and any potential),
     * by the plain-array adjoint sweep of {@link RigidAdjoint} ({@code ADJOINT}: NVE, a potential with a second-order kernel
     * and a family that knows ∂p/∂θ; one Hessian product per step, no tape; forward mode by its tangent sweep), or the adjoint
     * wherever it applies ({@code AUTO}).
     */
    public enum Reverse { TAPE, ADJOINT, AUTO }

    private final AD ad;
    private final Ops o;
    private final FusedEnergy.Family family;
    private final RigidSystem system;
    private final double dt;
    private final UnitSystem units;
    private final int dimension;
    private final NoseHoover thermostat;
    private final Splitting splitting;
    private Reverse reverse = Reverse.AUTO;

    /** NVE for bodies of {@code system} under the potential of {@code family}, time step {@code dt} (time), LAMMPS's rotor {@link Splitting}. */
    public RigidTrajectory(AD ad, FusedEnergy.Family family, RigidSystem system, double dt, UnitSystem units) {
        this(ad, family, system, dt, null, Splitting.LAMMPS, units);
    }

    /**
     * The same with Nosé–Hoover chains ({@code thermostat} null: NVE) and the free-rotor axis order {@code splitting} (the plain
     * integrator's, to match it).
     */
    public RigidTrajectory(AD ad, FusedEnergy.Family family, RigidSystem system, double dt, NoseHoover thermostat, Splitting splitting, UnitSystem units) {
        if (splitting == null) throw new IllegalArgumentException("splitting is null; give Splitting.LAMMPS or Splitting.JAX_MD");
        this.splitting = splitting;
        this.thermostat = thermostat;
        this.ad = ad;
        this.o = ad.ops();
        this.family = family;
        this.system = system;
        this.dt = Motion.positive("dt", dt);
        this.units = units;
        this.dimension = system.dimension();
    }

    /** This trajectory with the reverse pass {@code mode} (default {@link Reverse#AUTO}). */
    public RigidTrajectory with(Reverse mode) {
        if (mode == null) throw new IllegalArgumentException("reverse mode is null; give Reverse.TAPE, ADJOINT or AUTO");
        this.reverse = mode;
        return this;
    }

    /** Whether a run at parameters θ [k] takes the adjoint sweep: NVE and {@link RigidAdjoint#covers}, unless {@link Reverse#TAPE}. */
    boolean adjoint(FusedEnergy energy, double[] theta) {
        if (reverse == Reverse.TAPE) return false;
        boolean can = thermostat == null && RigidAdjoint.covers(energy, theta);
        if (reverse == Reverse.ADJOINT && !can) {
            throw new IllegalArgumentException("rigid trajectory: the adjoint sweep needs NVE and a potential with a second-order kernel whose family knows dp/dtheta"
                    + (thermostat != null ? " (this one has a Nose-Hoover thermostat)" : "") + "; use Reverse.TAPE or AUTO");
        }
        return can;
    }

    /**
     * {@code steps} steps from {@code start} (shape indices, centres, orientations of the frames of {@code shapePoints},
     * momenta) with shape s's points {@code shapePoints.get(s)} [P_s, d] (length) and potential parameters {@code theta} [k];
     * {@code checkpoint}: √T checkpointing of the taped reverse pass (the adjoint sweep always keeps √T checkpoints). A non-finite point position throws a blowup naming the step.
     */
    public Final run(List<Var> shapePoints, Var theta, RigidBodies start, int steps, boolean checkpoint) {
        if (steps < 1) throw BadInputException.forParam("steps", steps, "a trajectory needs at least one step", "give steps >= 1");
        if (start.dimension() != dimension) {
            throw BadInputException.forParam("dimension", start.dimension(), "the bodies are not " + dimension + "D as the shapes", "give bodies of the shapes' dimension");
        }
        RigidShapes shapes = new RigidShapes(o, system, shapePoints);
        int b = start.size();
        int n = system.pointCount(start);
        int[] bodyOf = new int[n];
        long[] row = new long[n];
        long[] shapeOf = new long[b];
        for (int i = 0, a = 0; i < b; i++) {
            shapeOf[i] = start.shape(i);
            for (int p = 0; p < system.shape(start.shape(i)).size(); p++, a++) {
                bodyOf[a] = i;
                row[a] = shapes.offset[start.shape(i)] + p;
            }
        }
        BodyKinematics k = new BodyKinematics(o, dimension, bodyOf, b);
        Var sp = o.take(shapes.bodyPoints, o.constant(o.tensors().fromArray(row, n)), 0);                  // [N, 3]
        Var inertia = o.take(shapes.moments, o.constant(o.tensors().fromArray(shapeOf, b)), 0);             // [B, 3]
        double[] mass = new double[b];
        for (int i = 0; i < b; i++) mass[i] = shapes.exact.get(start.shape(i)).mass();
        Var m = o.constant(mass, b, 1);
        Var q0 = orientations(start, shapes, shapeOf);
        Var c0 = o.constant(start.centres(), b, 3);
        Var cell = o.constant(system.box().h(), 3, 3);
        FusedEnergy energy = new FusedEnergy(ad, family, system.points(start));
        Var p0 = o.constant(start.momenta(), b, 3);
        Var l0 = o.constant(start.angularMomenta(), b, dimension == 3 ? 3 : 1);
        if (adjoint(energy, o.tensors().toDoubleArray(theta.value()))) {
            RigidAdjoint.Final a = new RigidAdjoint(ad, energy, dimension, bodyOf, mass, dt, splitting, units, steps).run(c0, q0, p0, l0, sp, inertia, theta);
            Var r = k.points(a.centres(), a.orientations(), sp);
            Var e = energy.energy(r, cell, theta);
            if (!system.intraBody()) e = e.sub(isolated(shapes, start, theta));
            return new Final(a.centres(), a.orientations(), a.momenta(), a.angularMomenta(), r, e, a.centreTrajectory(), null);
        }
        Var[] w0 = k.wrench(q0, sp, o.neg(energy.gradient(k.points(c0, q0, sp), cell, theta)[0]));
        double[] t = new double[steps];
        for (int i = 0; i < steps; i++) t[i] = i + 1;
        Var half = o.scalar(DType.FLOAT64, 0.5 * dt * units.ftm2v());
        List<Var> init = new ArrayList<>(List.of(c0, q0, p0, l0, w0[0], w0[1]));
        int dofT = system.translationalDegreesOfFreedom(start, true);
        int dofR = system.rotationalDegreesOfFreedom(start);
        if (thermostat != null) for (int i = 0; i < 4; i++) init.add(o.constant(new double[thermostat.chain()], thermostat.chain()));
        Loops.Scanned<List<Var>> s = Loops.scan(ad, (List<Var> cy, Var step, List<Var> par) -> {
            List<Var> x = new ArrayList<>(cy);
            long now = (long) step.item();
            if (thermostat != null) thermostat(k, x, m, par.get(1), dofT, dofR, now);
            Var p = x.get(2).add(half.mul(x.get(4)));
            Var l = x.get(3).add(half.mul(x.get(5)));
            Var c = x.get(0).add(p.mul(dt).div(m));
            Var[] ql = k.rotate(x.get(1), l, par.get(1), dt, splitting);
            Var r = k.points(c, ql[0], par.get(0));
            check(r, now);
            Var[] w = k.wrench(ql[0], par.get(0), o.neg(energy.gradient(r, cell, par.get(2))[0]));
            x.set(0, c);
            x.set(1, ql[0]);
            x.set(2, p.add(half.mul(w[0])));
            x.set(3, ql[1].add(half.mul(w[1])));
            x.set(4, w[0]);
            x.set(5, w[1]);
            if (thermostat != null) thermostat(k, x, m, par.get(1), dofT, dofR, now);
            return new Loops.Step<>(List.copyOf(x), o.reshape(c, 3 * b));
        }, List.copyOf(init), o.constant(t, steps), List.of(sp, inertia, theta), checkpoint);
        List<Var> f = s.carry();
        Var r = k.points(f.get(0), f.get(1), sp);
        Var e = energy.energy(r, cell, theta);
        if (!system.intraBody()) e = e.sub(isolated(shapes, start, theta));
        Var chains = thermostat == null ? null : o.concat(0, f.get(6), f.get(7), f.get(8), f.get(9));
        return new Final(f.get(0), f.get(1), f.get(2), f.get(3), r, e, o.reshape(s.ys(), steps, b, 3), chains);
    }

    /**
     * Both chains over dt/2 in sub-steps at step n's target, as RigidNoseHoover's thermostat: scales P (x[2]) and L (x[3])
     * and advances the chains (x[6..9]: ξ and v_ξ of translation, then of rotation) in place.
     */
    private void thermostat(BodyKinematics k, List<Var> x, Var mass, Var moments, int dofT, int dofR, long n) {
        double kT = units.boltzmann() * thermostat.temperature().at(n);
        double h = dt / thermostat.chainSteps();
        for (int j = 0; j < thermostat.chainSteps(); j++) {
            Var twoT = o.sum(o.div(o.square(x.get(2)), mass)).mul(units.mvv2e());
            Var[] a = ChainOps.halfStep(o, x.get(6), x.get(7), twoT, dofT, kT, thermostat.tau(), h);
            x.set(2, x.get(2).mul(a[2]));
            x.set(6, a[0]);
            x.set(7, a[1]);
            if (dofR > 0) {
                Var twoR = k.twiceRotational(x.get(1), x.get(3), moments).mul(units.mvv2e());
                Var[] c = ChainOps.halfStep(o, x.get(8), x.get(9), twoR, dofR, kT, thermostat.tau(), h);
                x.set(3, x.get(3).mul(c[2]));
                x.set(8, c[0]);
                x.set(9, c[1]);
            }
        }
    }

    /** 3D: q_b ⊗ q(V) of its shape [B, 4] (values as Quaternion.times); 2D: the angles [B, 1]. */
    private Var orientations(RigidBodies start, RigidShapes shapes, long[] shapeOf) {
        int b = start.size();
        if (dimension == 2) return o.constant(start.orientations(), b, 1);
        double[] exact = new double[4 * b];
        for (int i = 0; i < b; i++) start.orientation(i).times(shapes.exact.get(start.shape(i)).orientation()).into(exact, i);
        Var f = o.take(shapes.frames, o.constant(o.tensors().fromArray(shapeOf, b)), 0);                   // [B, 4]
        double[] q = start.orientations();
        Var[] a = new Var[4];
        Var[] e = new Var[4];
        for (int j = 0; j < 4; j++) {
            double[] col = new double[b];
            for (int i = 0; i < b; i++) col[i] = q[4 * i + j];
            a[j] = o.constant(col, b, 1);
            e[j] = o.sliceAxis(f, 1, j, j + 1);
        }
        Var prod = o.concat(1,                                                                              // Hamilton product a ⊗ e
                a[0].mul(e[0]).sub(a[1].mul(e[1])).sub(a[2].mul(e[2])).sub(a[3].mul(e[3])),
                a[0].mul(e[1]).add(a[1].mul(e[0])).add(a[2].mul(e[3])).sub(a[3].mul(e[2])),
                a[0].mul(e[2]).sub(a[1].mul(e[3])).add(a[2].mul(e[0])).add(a[3].mul(e[1])),
                a[0].mul(e[3]).add(a[1].mul(e[2])).sub(a[2].mul(e[1])).add(a[3].mul(e[0])));
        return o.add(o.constant(exact, b, 4), o.sub(prod, o.stopGradient(prod)));
    }

    /** Σ over bodies of their shape's energy alone in free space (energy), as RigidForces subtracts. */
    private Var isolated(RigidShapes shapes, RigidBodies start, Var theta) {
        int[] count = new int[system.shapes().size()];
        for (int i = 0; i < start.size(); i++) count[start.shape(i)]++;
        Var cell = o.constant(Box.free().h(), 3, 3);
        Var sum = o.scalar(DType.FLOAT64, 0);
        double[] ones = new double[system.typeNames().size()];
        java.util.Arrays.fill(ones, 1.0);
        for (int s = 0; s < count.length; s++) {
            if (count[s] == 0) continue;
            Shape sh = shapes.exact.get(s);
            FusedEnergy alone = new FusedEnergy(ad, family, new Atoms(sh.points(), sh.species(), system.typeNames(), ones, Box.free()));
            sum = sum.add(alone.energy(shapes.points(s), cell, theta).mul(count[s]));
        }
        return sum;
    }

    private void check(Var r, long step) {
        double[] v = o.tensors().toDoubleArray(r.value());
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) throw new Blowup(step, -1, "point " + i / 3 + " has a non-finite position component " + i % 3 + " = " + v[i]);
        }
    }
}
