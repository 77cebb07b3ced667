package org.polymorph.materials.internal.rigid;

import java.util.List;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Primitive;
import org.polymorph.autodiff.PrimitiveRegistry;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.internal.dynamics.Blowup;
import org.polymorph.materials.internal.potential.ExtendedTangents;
import org.polymorph.materials.internal.potential.FusedEnergy;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.SecondOrder;
import org.polymorph.materials.structure.Atoms;

/**
 * The rigid-body NVE trajectory of {@link RigidNve} (the step of {@link Motion#verlet}: kick dt/2, drift dt, free
 * rotation dt by NO_SQUISH in 3D ({@link FreeRotor}) or θ += dt·L/I in 2D, point forces, kick dt/2) on plain arrays, as
 * one autodiff primitive whose reverse rule is a hand-written adjoint sweep: one Hessian-vector product of the point
 * potential's kernel ({@link SecondOrder}) per step and no tape.
 * <p><b>Operands</b> (shapes as {@link RigidTrajectory}): centres c₀ [B, 3], orientations q₀ [B, 4] (w x y z) or angles
 * [B, 1] (2D), momenta P₀ [B, 3], space-frame angular momenta L₀ [B, 3] or [B, 1] (2D, L_z), body-frame points s [N, 3]
 * (each point's row of its body's principal frame, length), principal moments I [B, 3] (mass·length²) and the family's
 * parameters θ [k]. <b>Outputs</b>: c, q, P, L after T steps, the centres after steps 1..T [T, B, 3], and the carries
 * (c, q, P, L, F, τ) at the √T checkpoints [J, C] (read by the reverse rule; not differentiable).
 * <p><b>Step</b> n, from the carry (c, q, P, L, F, τ), F and τ the centre forces and torques at (c, q):
 * P' = P + h F, L' = L + h τ (h = dt/2·ftm2v); c ← c + dt P'/M; (q, L'') = rotor(q, L', I); a_i = R(q) s_i,
 * r_i = c_b + a_i; f = −∂E/∂r(r; θ); F_b = Σ_i f_i, τ_b = Σ_i a_i × f_i (2D: F_z = 0, only τ_z); P ← P' + h F, L ← L'' + h τ.
 * <p><b>Adjoint</b> of the step, from the cotangents λ of the carry after it (and of the centre row of the output):
 * λF += h λP, λτ += h λL; the wrench ({@link BodyPointMap}), λf_i = λF_b + λτ_b × a_i and λa_i = f_i × λτ_b (2D: λf_i = (λF_x − λτ a_y,
 * λF_y + λτ a_x, 0), λa_i = λτ (f_y, −f_x, 0)); the forces, λr = −H(r) λf and λp −= (∂²E/∂p∂r) λf (one
 * {@link SecondOrder#hessianProduct} on the extended positions of the list's ghosts, folded onto the owners as
 * {@link ExtendedTangents}); the points, λc_b += Σ λr_i, λa_i += λr_i, then λs_i += R(q)ᵀ λa_i and
 * λq += Σ_i ∂(λa_iᵀ R(q) s_i)/∂q (2D: λθ += λa_y a_x − λa_x a_y); the rotor ({@link FreeRotor#vjp}; 2D λL' = λL +
 * (dt/I) λθ, λI −= (dt L'/I²) λθ); the drift, λP' += (dt/M) λc; the first kick, λF ← h λP', λτ ← h λL'. After step 1
 * the remaining λF₀, λτ₀ go through the wrench and forces at the start. λθ = (∂p/∂θ)ᵀ λp.
 * <p><b>Memory.</b> The forward keeps the carries every S = ⌈√T⌉ steps; the reverse rule recomputes one segment at a
 * time (its carries, arms, point forces and the neighbour list each force call used, O(S·N)) and runs it backwards: O(√T·N) memory, one extra force
 * evaluation and one Hessian product per step. The derivative is that of the discrete map (it grows like e^{λt} on
 * chaotic trajectories).
 */
public final class RigidAdjoint {
    static final String NAME = "materials/rigid-trajectory";
    static final String ADJOINT_NAME = "materials/rigid-trajectory-adjoint";
    static final String TANGENT_NAME = "materials/rigid-trajectory-tangent";

    /** c, q, P, L after the last step; the centres after steps 1..T [T, B, 3]. */
    public record Final(Var centres, Var orientations, Var momenta, Var angularMomenta, Var centreTrajectory) { }

    private final AD ad;
    private final FusedEnergy energy;
    private final int dimension;
    private final int bodies;
    private final int[] bodyOf;
    private final BodyPointMap map;
    private final double[] mass;
    private final double dt;
    private final double halfKick;
    private final Splitting splitting;
    private final int steps;
    private final int every;
    private final int qd;
    private final int ld;

    /**
     * Bodies of masses {@code mass} [B] (mass), point a of body {@code bodyOfPoint[a]} with the types of
     * {@code energy}'s template (its box is the system's), time step {@code dt} (time), {@code steps} steps, free-rotor
     * order {@code splitting}.
     */
    public RigidAdjoint(AD ad, FusedEnergy energy, int dimension, int[] bodyOfPoint, double[] mass, double dt, Splitting splitting, UnitSystem units,
                        int steps) {
        if (steps < 1) throw new IllegalArgumentException("rigid adjoint: steps = " + steps + "; give at least one step");
        this.ad = ad;
        this.energy = energy;
        this.dimension = dimension;
        this.bodies = mass.length;
        this.bodyOf = bodyOfPoint.clone();
        this.map = new BodyPointMap(dimension, mass.length, bodyOfPoint);
        this.mass = mass.clone();
        this.dt = Motion.positive("dt", dt);
        this.halfKick = 0.5 * dt * units.ftm2v();
        this.splitting = splitting;
        this.steps = steps;
        this.every = (int) Math.ceil(Math.sqrt(steps));
        this.qd = dimension == 3 ? 4 : 1;
        this.ld = dimension == 3 ? 3 : 1;
    }

    /** Registers the names of the trajectory primitive and its adjoint and tangent sweeps. */
    public static List<PrimitiveRegistry.Registration> register(PrimitiveRegistry registry, String owner) {
        return List.of(registry.register(NAME, owner), registry.register(ADJOINT_NAME, owner), registry.register(TANGENT_NAME, owner));
    }

    /** Whether the potential of {@code energy} at θ has the second-order kernel and ∂p/∂θ this adjoint needs. */
    public static boolean covers(FusedEnergy energy, double[] theta) { return energy.secondOrder(theta) != null; }

    /** The trajectory from (c₀, q₀, P₀, L₀) with body-frame points s, moments I and parameters θ (shapes above). */
    public Final run(Var c0, Var q0, Var p0, Var l0, Var points, Var moments, Var theta) {
        Var[] y = ad.apply(new Run(), c0, q0, p0, l0, points, moments, theta);
        return new Final(y[0], y[1], y[2], y[3], y[4]);
    }

    /** The checkpoints the forward keeps, ⌈T/⌈√T⌉⌉ (the rows of the last output). */
    public int checkpoints() { return (steps + every - 1) / every; }

    /** The carry of one step: c [3B], q [qd·B], P [3B], L [ld·B], F [3B], τ [3B] (2D: only τ_z non-zero). */
    private final class Carry {
        final double[] c;
        final double[] q;
        final double[] p;
        final double[] l;
        final double[] f = new double[3 * bodies];
        final double[] t = new double[3 * bodies];

        Carry(double[] c, double[] q, double[] p, double[] l) {
            this.c = c.clone();
            this.q = q.clone();
            this.p = p.clone();
            this.l = l.clone();
        }

        Carry copy() {
            Carry k = new Carry(c, q, p, l);
            System.arraycopy(f, 0, k.f, 0, f.length);
            System.arraycopy(t, 0, k.t, 0, t.length);
            return k;
        }

        int size() { return c.length + q.length + p.length + l.length + f.length + t.length; }

        void into(double[] out, int off) {
            for (double[] x : new double[][] {c, q, p, l, f, t}) {
                System.arraycopy(x, 0, out, off, x.length);
                off += x.length;
            }
        }

        void from(double[] in, int off) {
            for (double[] x : new double[][] {c, q, p, l, f, t}) {
                System.arraycopy(in, off, x, 0, x.length);
                off += x.length;
            }
        }
    }

    /** The potential at θ with its neighbour list kept along the sweep (skin a tenth of the cutoff), forces and products. */
    private final class Kernel {
        private final Potential pot;
        private final SecondOrder so;
        private final NeighborListBuilder builder;
        private final Atoms template = energy.template();
        private NeighborList nl;

        Kernel(double[] theta, boolean products) {
            this.pot = energy.potential(theta);
            this.so = products ? energy.secondOrder(theta) : null;
            if (products && so == null) {
                throw new IllegalStateException("rigid adjoint: the potential at theta has no second-order kernel or its family no parameter Jacobian");
            }
            this.builder = new NeighborListBuilder(pot.cutoff(), 0.1 * pot.cutoff(), !pot.needsFullList());
        }

        private Atoms at(double[] r) {
            Atoms a = template.withPositions(r);
            if (nl == null || builder.needsRebuild(nl, r, a.box())) nl = builder.build(a);
            return a;
        }

        /** Point forces −∂E/∂r [3N] at r, checked finite (else a blowup naming the step). */
        double[] forces(double[] r, long step) {
            double[] f = pot.compute(at(r), nl).forces();
            for (int i = 0; i < f.length; i++) {
                if (!Double.isFinite(f[i]) || !Double.isFinite(r[i])) {
                    throw new Blowup(step, -1, "point " + i / 3 + " has a non-finite position or force component " + i % 3 + " (r = " + r[i] + ", f = " + f[i] + ")");
                }
            }
            return f;
        }

        /** The list the last {@link #forces} used. */
        NeighborList list() { return nl; }

        /** Starts from {@code list} (if not null) where it still covers the positions by the skin criterion, else a new one. */
        void start(NeighborList list) {
            if (list != null) nl = list;
        }

        /**
         * H(r)·dR + (∂²E/∂r∂p)·dp [3N] (dp [m] or null); outP [m] (or null) += (∂²E/∂p∂r)·dR, over {@code nl}, a list the
         * forces at r were taken with (it covers r).
         */
        double[] product(double[] r, NeighborList nl, double[] dR, double[] dp, double[] outP) {
            Atoms a = template.withPositions(r);
            double[] outX = new double[3 * nl.ghosts().extended()];
            so.hessianProduct(a, nl, ExtendedTangents.spread(nl.ghosts(), dR, null), dp, outX, outP);
            double[] row = new double[dR.length];
            ExtendedTangents.reduce(nl.ghosts(), outX, row, null);
            return row;
        }

        int parameters() { return so.parameterCount(); }
    }

    // ---- forward ----

    /** P += h F, L += h τ (2D: L_z += h τ_z). */
    private void kick(Carry x) {
        for (int i = 0; i < 3 * bodies; i++) x.p[i] += halfKick * x.f[i];
        if (dimension == 2) {
            for (int b = 0; b < bodies; b++) x.l[b] += halfKick * x.t[3 * b + 2];
        } else {
            for (int i = 0; i < 3 * bodies; i++) x.l[i] += halfKick * x.t[i];
        }
    }

    /** The free rotation of every body over dt (before the drift's positions are used). */
    private void rotate(Carry x, double[] moments, FreeRotor rotor) {
        if (dimension == 2) {
            for (int b = 0; b < bodies; b++) if (moments[3 * b + 2] > 0) x.q[b] += dt * x.l[b] / moments[3 * b + 2];
            return;
        }
        for (int b = 0; b < bodies; b++) rotor.forward(x.q, 4 * b, x.l, 3 * b, moments, 3 * b, dt);
    }

    /** One step of x in place; the arms and point forces at its end go to a and f [3N] (scratch r [3N]). */
    private void step(Carry x, double[] s, double[] moments, Kernel k, FreeRotor rotor, long n, double[] a, double[] r, double[][] f) {
        kick(x);
        for (int b = 0; b < bodies; b++) for (int j = 0; j < 3; j++) x.c[3 * b + j] += dt * x.p[3 * b + j] / mass[b];
        rotate(x, moments, rotor);
        map.points(x.c, x.q, s, a, r);
        f[0] = k.forces(r, n);
        map.wrench(a, f[0], x.f, x.t);
        kick(x);
    }

    /** The carry at step 0: forces and torques at the start. */
    private Carry start(double[] c, double[] q, double[] p, double[] l, double[] s, Kernel k) {
        Carry x = new Carry(c, q, p, l);
        int n3 = 3 * bodyOf.length;
        double[] a = new double[n3], r = new double[n3];
        map.points(c, q, s, a, r);
        map.wrench(a, k.forces(r, 0), x.f, x.t);
        return x;
    }

    /**
     * (c₀, q₀, P₀, L₀, s, I, θ) → (c, q, P, L, centres [T, B, 3], checkpoints [J, C]). Keeps the neighbour list in use at
     * each checkpoint of its last evaluation, where the reverse sweep's recomputation starts (a hint only: a list that no
     * longer covers the positions is rebuilt).
     */
    private final class Run implements Primitive {
        private NeighborList[] lists;

        @Override public String name() { return NAME; }

        @Override public Tensor[] apply(TensorService ts, Tensor[] in) {
            double[] s = ts.toDoubleArray(in[4]), moments = ts.toDoubleArray(in[5]), theta = ts.toDoubleArray(in[6]);
            Kernel k = new Kernel(theta, false);
            Carry x = start(ts.toDoubleArray(in[0]), ts.toDoubleArray(in[1]), ts.toDoubleArray(in[2]), ts.toDoubleArray(in[3]), s, k);
            FreeRotor rotor = new FreeRotor(splitting);
            int n3 = 3 * bodyOf.length, size = x.size();
            double[] a = new double[n3], r = new double[n3];
            double[][] f = new double[1][];
            double[] ys = new double[steps * 3 * bodies];
            double[] marks = new double[checkpoints() * size];
            NeighborList[] kept = new NeighborList[checkpoints()];
            for (int n = 1; n <= steps; n++) {
                if ((n - 1) % every == 0) {
                    x.into(marks, (n - 1) / every * size);
                    kept[(n - 1) / every] = k.list();
                }
                step(x, s, moments, k, rotor, n, a, r, f);
                System.arraycopy(x.c, 0, ys, (n - 1) * 3 * bodies, 3 * bodies);
            }
            lists = kept;
            return new Tensor[] {ts.fromArray(x.c, bodies, 3), ts.fromArray(x.q, bodies, qd), ts.fromArray(x.p, bodies, 3), ts.fromArray(x.l, bodies, ld),
                ts.fromArray(ys, steps, bodies, 3), ts.fromArray(marks, checkpoints(), size)};
        }

        @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
            boolean any = false;
            for (int i = 0; i < 5; i++) any |= ct[i] != null;
            if (!any) return new Var[7];
            Var[] args = new Var[13];
            System.arraycopy(x, 0, args, 0, 7);
            args[7] = y[5];
            for (int i = 0; i < 5; i++) args[8 + i] = ct[i] != null ? ct[i] : o.zerosLike(y[i]);
            return ad.apply(new Sweep(lists), args);
        }

        @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) {
            boolean any = false;
            for (Var v : t) any |= v != null;
            if (!any) return new Var[6];
            Var[] args = new Var[14];
            System.arraycopy(x, 0, args, 0, 7);
            for (int i = 0; i < 7; i++) args[7 + i] = t[i] != null ? t[i] : o.zerosLike(x[i]);
            Var[] d = ad.apply(new Tangent(), args);
            return new Var[] {d[0], d[1], d[2], d[3], d[4], null};
        }
    }

    /** (operands, their tangents) → the tangents of the five differentiable outputs; no rules of its own. */
    private final class Tangent implements Primitive {
        @Override public String name() { return TANGENT_NAME; }

        @Override public Tensor[] apply(TensorService ts, Tensor[] in) {
            double[][] x = new double[14][];
            for (int i = 0; i < 14; i++) x[i] = ts.toDoubleArray(in[i]);
            double[][] d = tangent(x);
            return new Tensor[] {ts.fromArray(d[0], bodies, 3), ts.fromArray(d[1], bodies, qd), ts.fromArray(d[2], bodies, 3), ts.fromArray(d[3], bodies, ld),
                ts.fromArray(d[4], steps, bodies, 3)};
        }
    }

    /** (operands, checkpoints, cotangents of the five differentiable outputs) → the operands' cotangents; no rules of its own. */
    private final class Sweep implements Primitive {
        private final NeighborList[] lists;

        /** {@code lists}: the lists at the checkpoints (hints; null or shorter: none). */
        Sweep(NeighborList[] lists) { this.lists = lists; }

        @Override public String name() { return ADJOINT_NAME; }

        @Override public Tensor[] apply(TensorService ts, Tensor[] in) {
            double[] s = ts.toDoubleArray(in[4]), moments = ts.toDoubleArray(in[5]), theta = ts.toDoubleArray(in[6]);
            double[] marks = ts.toDoubleArray(in[7]);
            double[][] g = adjoint(ts.toDoubleArray(in[0]), ts.toDoubleArray(in[1]), ts.toDoubleArray(in[2]), ts.toDoubleArray(in[3]), s, moments, theta,
                    marks, lists, ts.toDoubleArray(in[8]), ts.toDoubleArray(in[9]), ts.toDoubleArray(in[10]), ts.toDoubleArray(in[11]), ts.toDoubleArray(in[12]));
            int n = bodyOf.length;
            return new Tensor[] {ts.fromArray(g[0], bodies, 3), ts.fromArray(g[1], bodies, qd), ts.fromArray(g[2], bodies, 3), ts.fromArray(g[3], bodies, ld),
                ts.fromArray(g[4], n, 3), ts.fromArray(g[5], bodies, 3), ts.fromArray(g[6], theta.length)};
        }
    }

    // ---- reverse ----

    /** The cotangents of the carry and of the operands s, I, p being accumulated. */
    private final class Lambda {
        final double[] c = new double[3 * bodies];
        final double[] q = new double[qd * bodies];
        final double[] p = new double[3 * bodies];
        final double[] l = new double[ld * bodies];
        final double[] f = new double[3 * bodies];
        final double[] t = new double[3 * bodies];
        final double[] s = new double[3 * bodyOf.length];
        final double[] moments = new double[3 * bodies];
        final double[] params;

        Lambda(int m) { this.params = new double[m]; }
    }

    /**
     * The wrench, forces and points backwards at the end of a step (or the start): from λF, λτ in λ and the arms a,
     * point forces f and points r there (forces taken with the list nl), adds to λc, λq, λs and λp.
     */
    private void pointsBack(Lambda lam, double[] q, double[] s, double[] a, double[] f, double[] r, NeighborList nl, Kernel k) {
        int n3 = 3 * bodyOf.length;
        double[] minusLf = new double[n3], la = new double[n3];
        map.wrenchBack(lam.f, lam.t, a, f, minusLf, la);
        double[] lr = k.product(r, nl, minusLf, null, lam.params);       // λr = −H λf; λp −= (∂²E/∂p∂r) λf
        map.pointsBack(q, s, a, la, lr, lam.c, lam.q, lam.s);
    }

    /**
     * Step n backwards: x the carry before it, after the carry y (arms a, point forces f there, taken with the list nl), ys the
     * centre row's cotangent.
     */
    private void stepBack(Lambda lam, Carry x, Carry y, double[] a, double[] f, NeighborList nl, double[] s, double[] moments, Kernel k, FreeRotor rotor,
                          double[] ys, int n) {
        int n3 = 3 * bodyOf.length;
        for (int i = 0; i < 3 * bodies; i++) {
            lam.c[i] += ys[(n - 1) * 3 * bodies + i];
            lam.f[i] += halfKick * lam.p[i];
        }
        if (dimension == 3) {
            for (int i = 0; i < 3 * bodies; i++) lam.t[i] += halfKick * lam.l[i];
        } else {
            for (int b = 0; b < bodies; b++) lam.t[3 * b + 2] += halfKick * lam.l[b];
        }
        double[] r = new double[n3];
        double[] scratch = new double[n3];
        map.points(y.c, y.q, s, scratch, r);
        pointsBack(lam, y.q, s, a, f, r, nl, k);
        // the rotor, from q before the step and L' = L + h τ
        Carry kicked = x.copy();
        kick(kicked);
        if (dimension == 3) {
            double[] lq = new double[4], ll = new double[3];
            for (int b = 0; b < bodies; b++) {
                System.arraycopy(lam.q, 4 * b, lq, 0, 4);
                System.arraycopy(lam.l, 3 * b, ll, 0, 3);
                rotor.vjp(kicked.q, 4 * b, kicked.l, 3 * b, moments, 3 * b, dt, lq, ll, lam.moments, 3 * b);
                System.arraycopy(lq, 0, lam.q, 4 * b, 4);
                System.arraycopy(ll, 0, lam.l, 3 * b, 3);
            }
        } else {
            for (int b = 0; b < bodies; b++) {
                double iz = moments[3 * b + 2];
                if (!(iz > 0)) continue;
                lam.l[b] += dt / iz * lam.q[b];
                lam.moments[3 * b + 2] -= dt * kicked.l[b] / (iz * iz) * lam.q[b];
            }
        }
        for (int b = 0; b < bodies; b++) for (int j = 0; j < 3; j++) lam.p[3 * b + j] += dt / mass[b] * lam.c[3 * b + j];
        for (int i = 0; i < 3 * bodies; i++) lam.f[i] = halfKick * lam.p[i];
        java.util.Arrays.fill(lam.t, 0);
        if (dimension == 3) {
            for (int i = 0; i < 3 * bodies; i++) lam.t[i] = halfKick * lam.l[i];
        } else {
            for (int b = 0; b < bodies; b++) lam.t[3 * b + 2] = halfKick * lam.l[b];
        }
    }

    /** {λc₀, λq₀, λP₀, λL₀, λs, λI, λθ} for the output cotangents (c, q, P, L, centres) over the checkpoints. */
    private double[][] adjoint(double[] c0, double[] q0, double[] p0, double[] l0, double[] s, double[] moments, double[] theta, double[] marks,
                               NeighborList[] hints, double[] cc, double[] cq, double[] cp, double[] cl, double[] cys) {
        Kernel k = new Kernel(theta, true);
        FreeRotor rotor = new FreeRotor(splitting);
        Lambda lam = new Lambda(k.parameters());
        System.arraycopy(cc, 0, lam.c, 0, cc.length);
        System.arraycopy(cq, 0, lam.q, 0, cq.length);
        System.arraycopy(cp, 0, lam.p, 0, cp.length);
        System.arraycopy(cl, 0, lam.l, 0, cl.length);
        int n3 = 3 * bodyOf.length;
        Carry x = new Carry(c0, q0, p0, l0);
        int size = x.size();
        double[] r = new double[n3];
        double[][] f = new double[1][];
        for (int j = checkpoints() - 1; j >= 0; j--) {
            int first = j * every + 1, last = Math.min(steps, (j + 1) * every);
            int len = last - first + 1;
            Carry[] seg = new Carry[len + 1];
            double[][] arms = new double[len + 1][n3], forces = new double[len + 1][];
            NeighborList[] lists = new NeighborList[len + 1];
            seg[0] = new Carry(c0, q0, p0, l0);
            seg[0].from(marks, j * size);
            if (hints != null && j < hints.length) k.start(hints[j]);
            for (int i = 1; i <= len; i++) {
                seg[i] = seg[i - 1].copy();
                step(seg[i], s, moments, k, rotor, first + i - 1, arms[i], r, f);
                forces[i] = f[0];
                lists[i] = k.list();
            }
            for (int i = len; i >= 1; i--) stepBack(lam, seg[i - 1], seg[i], arms[i], forces[i], lists[i], s, moments, k, rotor, cys, first + i - 1);
        }
        // the forces and torques at the start
        double[] a = new double[n3];
        map.points(c0, q0, s, a, r);
        double[] f0 = k.forces(r, 0);
        pointsBack(lam, q0, s, a, f0, r, k.list(), k);
        double[] jac = energy.family().parameterJacobian(theta);
        int m = lam.params.length, kk = theta.length;
        double[] lt = new double[kk];
        for (int j = 0; j < kk; j++) for (int i = 0; i < m; i++) lt[j] += jac[i * kk + j] * lam.params[i];
        return new double[][] {lam.c, lam.q, lam.p, lam.l, lam.s, lam.moments, lt};
    }

    /**
     * Forward mode: the primal trajectory again with its tangent carried along (one Hessian product per step, memory O(N)):
     * Ṗ' = Ṗ + h Ḟ, L̇' = L̇ + h τ̇; ċ += dt Ṗ'/M; the rotor's tangent ({@link FreeRotor#jvp}; 2D θ̇ += dt (L̇'/I − L' İ/I²));
     * ṙ_i = ċ_b + ȧ_i; ḟ = −H ṙ − (∂²E/∂r∂p) ṗ; the wrench's tangent; Ṗ += h Ḟ, L̇ += h τ̇. x: the seven operands, then their
     * tangents; returns the tangents of c, q, P, L and of the centre path [T·3B].
     */
    private double[][] tangent(double[][] x) {
        double[] s = x[4], moments = x[5], theta = x[6];
        double[] ds = x[11], dmoments = x[12], dtheta = x[13];
        Kernel k = new Kernel(theta, true);
        FreeRotor rotor = new FreeRotor(splitting);
        double[] jac = energy.family().parameterJacobian(theta);
        int m = k.parameters(), kk = theta.length, n3 = 3 * bodyOf.length;
        double[] dp = new double[m];
        for (int i = 0; i < m; i++) for (int j = 0; j < kk; j++) dp[i] += jac[i * kk + j] * dtheta[j];
        Carry y = new Carry(x[0], x[1], x[2], x[3]);
        Carry d = new Carry(x[7], x[8], x[9], x[10]);
        double[] a = new double[n3], r = new double[n3];
        map.points(y.c, y.q, s, a, r);
        double[] f = k.forces(r, 0);
        map.wrench(a, f, y.f, y.t);
        double[] ys = new double[steps * 3 * bodies];
        for (int step = 0; step <= steps; step++) {
            if (step > 0) {
                Carry before = y.copy();
                kick(before);
                kick(d);
                for (int b = 0; b < bodies; b++) for (int j = 0; j < 3; j++) d.c[3 * b + j] += dt * d.p[3 * b + j] / mass[b];
                if (dimension == 3) {
                    double[] dq = new double[4], dl = new double[3];
                    for (int b = 0; b < bodies; b++) {
                        System.arraycopy(d.q, 4 * b, dq, 0, 4);
                        System.arraycopy(d.l, 3 * b, dl, 0, 3);
                        rotor.jvp(before.q, 4 * b, before.l, 3 * b, moments, 3 * b, dt, dmoments, 3 * b, dq, dl);
                        System.arraycopy(dq, 0, d.q, 4 * b, 4);
                        System.arraycopy(dl, 0, d.l, 3 * b, 3);
                    }
                } else {
                    for (int b = 0; b < bodies; b++) {
                        double iz = moments[3 * b + 2];
                        if (iz > 0) d.q[b] += dt * (d.l[b] / iz - before.l[b] * dmoments[3 * b + 2] / (iz * iz));
                    }
                }
                // the primal step itself, as the forward sweep takes it
                Carry next = y.copy();
                double[][] fo = new double[1][];
                step(next, s, moments, k, rotor, step, a, r, fo);
                f = fo[0];
                y = next;
            }
            double[] da = map.armsTangent(y.q, d.q, s, ds, a);
            double[] dr = new double[n3];
            for (int i = 0; i < bodyOf.length; i++) for (int j = 0; j < 3; j++) dr[3 * i + j] = d.c[3 * bodyOf[i] + j] + da[3 * i + j];
            double[] hr = k.product(r, k.list(), dr, dp, null);
            for (int i = 0; i < n3; i++) hr[i] = -hr[i];
            map.wrenchTangent(a, f, da, hr, d.f, d.t);
            if (step > 0) {
                kick(d);
                System.arraycopy(d.c, 0, ys, (step - 1) * 3 * bodies, 3 * bodies);
            }
        }
        return new double[][] {d.c, d.q, d.p, d.l, ys};
    }
}
