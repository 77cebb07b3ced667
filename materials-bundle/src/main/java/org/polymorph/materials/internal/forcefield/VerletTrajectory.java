package org.polymorph.materials.internal.forcefield;

import java.util.List;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Primitive;
import org.polymorph.autodiff.PrimitiveRegistry;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.dynamics.Integrator;
import org.polymorph.materials.dynamics.State;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.internal.dynamics.Integrators;
import org.polymorph.materials.internal.dynamics.PotentialForceField;
import org.polymorph.materials.internal.potential.ExtendedTangents;
import org.polymorph.materials.internal.potential.ForceTangents;
import org.polymorph.materials.internal.potential.FusedEnergy;
import org.polymorph.materials.internal.potential.PartialRow;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.SecondOrder;
import org.polymorph.materials.structure.Atoms;

/**
 * NVE velocity Verlet (the update of {@link MdTrajectory}: v ← v − a G; r ← r + dt v; G ← ∂E/∂R(r); v ← v − a G, with
 * a = (dt/2)/m) run by the MD engine ({@link Integrators#nve}) on the fused kernel, as one autodiff primitive of the parameters θ [k] whose output
 * is the frames [T, 6N] (positions (Å), then velocities (Å/ps), after each step). Its derivatives take one Hessian
 * product of the kernel ({@link SecondOrder}) per step and no tape:
 * <ul>
 * <li>reverse mode, the adjoint recursion of the discrete map run backwards over the stored frames (the positions of
 * every step are in the output, so nothing is recomputed and the memory beyond the frames is O(N)): with cotangents
 * (c_r, c_v) of frame k, λ_v̂ = λ_v + c_v, λ_G ← λ_G − a λ_v̂, λ_r ← λ_r + c_r + H(r_k) λ_G, λ_θ += (∂²E/∂θ∂R)ᵀ λ_G,
 * then λ_v ← λ_v̂ + dt λ_r and λ_G ← −a λ_v (Pontryagin's adjoint for a symplectic map; the same products autodiff
 * of the step would take);</li>
 * <li>forward mode, the tangent trajectory along θ̇: Ġ = H(r) ṙ + (∂²E/∂R∂θ) θ̇ through the same update; for a JVP one
 * tangent sweep over the stored frames, for a gradient in {@link Mode#FORWARD} the k tangents along the unit directions
 * of θ carried by the primal sweep itself where the kernel walks force and tangents at once ({@link ForceTangents}),
 * the tangents of the parts of the frames the loss reads ({@link Reads}) kept for the pullback (k times their memory).</li>
 * </ul>
 * The derivative rules are themselves primitives without rules: derivatives of order two through a trajectory go
 * through {@link MdTrajectory}'s autodiff path instead. Used when the potential at θ has a second-order kernel and the
 * family knows ∂p/∂θ ({@link FusedEnergy#secondOrder}).
 */
public final class VerletTrajectory {
    static final String NAME = "materials/verlet-trajectory";
    static final String ADJOINT_NAME = "materials/verlet-trajectory-adjoint";
    static final String TANGENT_NAME = "materials/verlet-trajectory-tangent";
    /** Neighbour-list skin (Å) of the forward and backward sweeps. */
    private static final double SKIN = 1.0;

    private final AD ad;
    private final FusedEnergy energy;
    private final double[] cell;
    private final double[] r0;
    private final double[] v0;
    private final double[] halfKick;
    private final double dt;
    private final int steps;
    private final Mode mode;
    private final Reads reads;
    /** The potential the sweeps run: the family's at θ, or a threaded wrapper of it (closed after each sweep). */
    private final java.util.function.UnaryOperator<Potential> parallel;

    /**
     * How the reverse-mode rule gets Jᵀct: by the adjoint sweep (one product per step, all parameters at once), by k
     * forward tangent sweeps carried together (one batched product of k tangents per step), or whichever is cheaper:
     * forward for at most {@link #FORWARD_UP_TO} parameters when the kernel carries the tangents in its force walk
     * ({@link ForceTangents}) and their kept frames take at most a quarter of the heap still free, else the adjoint.
     */
    enum Mode {
        REVERSE, FORWARD, AUTO;

        boolean forward(int parameters) { return this == FORWARD || this == AUTO && parameters <= FORWARD_UP_TO; }
    }

    /**
     * AUTO's crossing. bench.ff (one thread, 1,000 steps, gradient ÷ loss, two idle runs): at k = 2–3 the force walk
     * carrying k tangents makes forward mode as cheap as the adjoint or cheaper (lj/cut 2.07–2.11 against 2.17–2.29, sw
     * 2.29–2.36 against 2.26–2.40, tersoff 1.77–1.91 against 2.44–2.76, eam 1.74–1.77 against 2.31–2.36); each further
     * tangent adds about a third of a force call to every step while the adjoint's cost does not grow with k.
     */
    static final int FORWARD_UP_TO = 3;

    /**
     * The parts of the frames a loss reads, so that forward mode keeps the tangents of these only: the positions of frames
     * T − 1, T − 1 − e, T − 1 − 2e, … (0-based frame index; e = {@code positionsEvery}, 0 for none) and the velocities of
     * every frame or of none. A loss that reads more gets the same gradient, by a tangent sweep over the frames instead
     * ({@link Mode#FORWARD}) or by the adjoint ({@link Mode#AUTO}).
     */
    record Reads(int positionsEvery, boolean velocities) {
        /** Every part of every frame. */
        static final Reads ALL = new Reads(1, true);
        /** The velocities only (a VDOS). */
        static final Reads VELOCITIES = new Reads(0, true);

        Reads {
            if (positionsEvery < 0) throw new IllegalArgumentException("frame reads: positionsEvery " + positionsEvery + " < 0; give 0 (none) or a stride");
        }

        /** The positions of every e-th frame counted back from the last (as {@link MdCurves#rdf} picks them). */
        static Reads positions(int every) { return new Reads(every, false); }

        /** Whether frame f (0-based) of T has its positions read. */
        boolean positions(int f, int frames) { return positionsEvery > 0 && (frames - 1 - f) % positionsEvery == 0; }

        /** How many parts of T ≥ 1 frames are read: ⌊(T − 1)/e⌋ + 1 frames' positions, and T frames' velocities. */
        long blocks(int frames) { return (positionsEvery > 0 ? (frames - 1) / positionsEvery + 1 : 0) + (velocities ? frames : 0); }
    }

    /** As {@link MdTrajectory#run}: cell [9] (Å), r0, v0 [3N] (Å, Å/ps), masses [N] (amu), dt (ps). */
    VerletTrajectory(AD ad, FusedEnergy energy, double[] cell, double[] r0, double[] v0, double[] masses, double dtPs, int steps, Mode mode) {
        this(ad, energy, cell, r0, v0, masses, dtPs, steps, mode, java.util.function.UnaryOperator.identity(), Reads.ALL);
    }

    /**
     * As above; {@code parallel} wraps the potential for the forward and backward sweeps (e.g. row-parallel threads);
     * {@code reads}: the parts of the frames the loss reads (forward mode keeps their tangents only).
     */
    VerletTrajectory(AD ad, FusedEnergy energy, double[] cell, double[] r0, double[] v0, double[] masses, double dtPs, int steps, Mode mode,
                     java.util.function.UnaryOperator<Potential> parallel, Reads reads) {
        this.ad = ad;
        this.mode = mode;
        this.reads = reads;
        this.parallel = parallel;
        this.energy = energy;
        this.cell = cell.clone();
        this.r0 = r0.clone();
        this.v0 = v0.clone();
        this.halfKick = new double[masses.length];
        double ftm2v = UnitSystem.METAL.ftm2v();
        for (int i = 0; i < masses.length; i++) halfKick[i] = 0.5 * dtPs * ftm2v / masses[i];
        this.dt = dtPs;
        this.steps = steps;
    }

    /** Registers the names of the trajectory primitives and of the curves taken from their frames ({@link FramesRdf}, {@link VdosPower}). */
    public static List<PrimitiveRegistry.Registration> register(PrimitiveRegistry registry, String owner) {
        List<PrimitiveRegistry.Registration> r = new java.util.ArrayList<>(
                List.of(registry.register(NAME, owner), registry.register(ADJOINT_NAME, owner), registry.register(TANGENT_NAME, owner)));
        r.addAll(FramesRdf.register(registry, owner));
        r.addAll(VdosPower.register(registry, owner));
        return r;
    }

    /** The frames [T, 6N] at x. */
    Var frames(Var x) { return ad.apply(new Frames(mode == Mode.FORWARD || !ad.ops().isConstant(x)), x)[0]; }

    private Atoms at(double[] r) {
        Atoms t = energy.template();
        return t.withPositions(r).withBox(t.box().withCell(cell));
    }

    private int n() { return halfKick.length; }

    /** The forward sweep by the MD engine's velocity Verlet (the same arithmetic as {@link MdTrajectory}'s step): frames [T·6N]. */
    private double[] run(double[] theta) {
        Potential pot = parallel.apply(energy.potential(theta));
        try {
            Integrator nve = Integrators.nve(PotentialForceField.of(pot, SKIN), dt, UnitSystem.METAL);
            State s = nve.init(RandomKey.of(0), at(r0), v0);
            int n3 = 3 * n();
            double[] out = new double[steps * 2 * n3];
            for (int k = 1; k <= steps; k++) {
                s = nve.step(s);
                System.arraycopy(s.positions(), 0, out, (k - 1) * 2 * n3, n3);
                System.arraycopy(s.velocities(), 0, out, (k - 1) * 2 * n3 + n3, n3);
            }
            return out;
        } finally {
            close(pot);
        }
    }

    private static void close(Potential pot) {
        if (pot instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the threaded potential: " + e.getMessage(), e);
            }
        }
    }

    /** One kernel product at positions r: rowR [3N] = H(r)·dR + (∂²E/∂R∂p)·dp; outP [m] (or null) += (∂²E/∂p∂R)·dR. */
    private final class Products implements AutoCloseable {
        private final Potential pot;
        private final SecondOrder so;
        private final NeighborListBuilder builder;
        private NeighborList nl;
        private double[] spreadBuf = new double[0];   // Ẋ [3(N + G)] of the last list
        private double[] outBuf = new double[0];      // the product on the extended atoms [3(N + G)]
        private double[] rowBuf = new double[0];      // the row [3N] handed back by apply
        /** The entries of the parameter row the caller reads [parameters] (null: all), for a kernel that can skip the others. */
        private boolean[] rows;
        /** The template in the trajectory's cell: each product's structure is it at the product's positions. */
        private final Atoms boxed = at(r0);

        Products(double[] theta) {
            SecondOrder plain = energy.secondOrder(theta);
            Potential wrapped = parallel.apply(energy.potential(theta));
            this.pot = wrapped;
            this.so = wrapped instanceof SecondOrder threaded ? threaded : plain;
            this.builder = new NeighborListBuilder(wrapped.cutoff(), SKIN, !wrapped.needsFullList());
        }

        @Override public void close() { VerletTrajectory.close(pot); }

        /** The list at positions r, rebuilt when the skin criterion asks. */
        private NeighborList list(Atoms a, double[] r) {
            if (nl == null || builder.needsRebuild(nl, r, a.box())) nl = builder.build(a);
            return nl;
        }

        /**
         * The row H(r)·dR + (∂²E/∂R∂p)·dp [3N] in a buffer reused by the next call (read it before calling again): by a kernel
         * that folds its product onto the atoms itself ({@link PartialRow.OnAtoms}), else spread to the list's extended atoms,
         * the product there and reduced back.
         */
        double[] apply(double[] r, double[] dR, double[] dp, double[] outP) {
            Atoms a = boxed.withPositions(r);
            list(a, r);
            if (rowBuf.length != dR.length) rowBuf = new double[dR.length];
            if (so instanceof PartialRow.OnAtoms fused) {
                fused.hessianProductOnAtoms(a, nl, dR, dp, rowBuf, outP, outP == null ? null : rows);
                return rowBuf;
            }
            int ext = 3 * nl.ghosts().extended();
            if (spreadBuf.length != ext) {
                spreadBuf = new double[ext];
                outBuf = new double[ext];
            }
            java.util.Arrays.fill(outBuf, 0);
            double[] dX = ExtendedTangents.spread(nl.ghosts(), dR, null, spreadBuf);
            if (rows != null && outP != null && so instanceof PartialRow partial) partial.hessianProduct(a, nl, dX, dp, outBuf, outP, rows);
            else so.hessianProduct(a, nl, dX, dp, outBuf, outP);
            ExtendedTangents.reduce(nl.ghosts(), outBuf, rowBuf, null);
            return rowBuf;
        }

        int parameters() { return so.parameterCount(); }

        /** Limits the parameter rows of later products to the rows of {@code jac} [parameters × k] that hold a nonzero. */
        void rowsOf(double[] jac, int k) {
            boolean[] r = new boolean[parameters()];
            boolean all = true;
            for (int i = 0; i < r.length; i++) {
                for (int j = 0; j < k; j++) r[i] |= jac[i * k + j] != 0;
                all &= r[i];
            }
            rows = all ? null : r;
        }
    }

    /** The adjoint sweep: λθ [k] for frame cotangents ct [T·6N] over the frames y [T·6N]. */
    private double[] adjoint(double[] theta, double[] y, double[] ct) {
        try (Products h = new Products(theta)) {
            double[] jac = energy.family().parameterJacobian(theta);
            int n3 = 3 * n(), m = h.parameters();
            h.rowsOf(jac, theta.length);                                 // only the rows the contraction with jac reads
            double[] lr = new double[n3], lv = new double[n3], lg = new double[n3], lp = new double[m];
            double[] r = new double[n3];
            for (int k = steps; k >= 1; k--) {
                int base = (k - 1) * 2 * n3;
                System.arraycopy(y, base, r, 0, n3);
                for (int i = 0; i < n3; i++) {
                    lv[i] += ct[base + n3 + i];                          // λ of v after the step: λ_v̂ from here on
                    lg[i] -= halfKick[i / 3] * lv[i];                    // G_k enters v_k = v̂ − a G_k
                    lr[i] += ct[base + i];
                }
                double[] hg = h.apply(r, lg, null, lp);                  // G_k = ∂E/∂R(r_k; p)
                for (int i = 0; i < n3; i++) {
                    lr[i] += hg[i];
                    lv[i] += dt * lr[i];                                 // r_k = r_{k−1} + dt v̂
                    lg[i] = -halfKick[i / 3] * lv[i];                    // v̂ = v_{k−1} − a G_{k−1}
                }
            }
            h.apply(r0.clone(), lg, null, lp);                           // G_0 = ∂E/∂R(r_0; p): only its parameter row
            int k = theta.length;
            double[] out = new double[k];
            for (int j = 0; j < k; j++) for (int i = 0; i < m; i++) out[j] += jac[i * k + j] * lp[i];
            return out;
        }
    }

    /**
     * Receives, after step s (1-based), the k tangents' position and velocity tangents [3kN], interleaved: component c of
     * tangent b of atom i at (i·k + b)·3 + c (read them before returning).
     */
    private interface TangentFrame {
        void at(int step, double[] tr, double[] tv);
    }

    /**
     * The products of k interleaved tangents at positions r ({@link ForceTangents}'s layout, folded onto the atoms):
     * rows [3kN] = H(r)·ṙ_b + (∂²E/∂R∂p)·ṗ_b, in one walk of the list when the kernel is a {@link ForceTangents}, else by
     * its {@link SecondOrder#hessianProducts} tangent by tangent; every buffer is kept from step to step.
     */
    private final class TangentProducts implements AutoCloseable {
        private final Potential pot;
        private final SecondOrder so;
        private final ForceTangents fused;
        private final NeighborListBuilder builder;
        private final double[][] dp;
        private final int k;
        private final double[] rows;
        private NeighborList nl;
        private double[][] dX;                         // the unfused path: tangent b on the extended atoms [k][3(N + G)]
        private double[][] outX;
        private final double[] one;                    // one tangent's row [3N]

        /** dp [k][m]: the parameter tangents ṗ_b. */
        TangentProducts(double[] theta, double[][] dp) {
            SecondOrder plain = energy.secondOrder(theta);
            Potential wrapped = parallel.apply(energy.potential(theta));
            this.pot = wrapped;
            this.so = wrapped instanceof SecondOrder threaded ? threaded : plain;
            this.fused = wrapped instanceof ForceTangents f ? f : null;
            this.builder = new NeighborListBuilder(wrapped.cutoff(), SKIN, !wrapped.needsFullList());
            this.dp = dp;
            this.k = dp.length;
            this.rows = new double[3 * k * n()];
            this.one = new double[3 * n()];
        }

        @Override public void close() { VerletTrajectory.close(pot); }

        /** The rows at r for the tangents t [3kN], in a buffer reused by the next call (read it before calling again). */
        double[] apply(double[] r, double[] t) {
            Atoms a = at(r);
            if (nl == null || builder.needsRebuild(nl, r, a.box())) nl = builder.build(a);
            int ext = nl.ghosts().extended();
            java.util.Arrays.fill(rows, 0);
            if (fused != null) {
                fused.forceAndTangents(a, nl, k, t, dp, rows, null);
                return rows;
            }
            if (dX == null || dX[0].length != 3 * ext) {
                dX = new double[k][3 * ext];
                outX = new double[k][3 * ext];
            }
            int n = n();
            for (int b = 0; b < k; b++) {
                for (int i = 0; i < n; i++) System.arraycopy(t, (i * k + b) * 3, one, 3 * i, 3);
                ExtendedTangents.spread(nl.ghosts(), one, null, dX[b]);
                java.util.Arrays.fill(outX[b], 0);
            }
            so.hessianProducts(a, nl, dX, dp, outX);
            for (int b = 0; b < k; b++) {
                ExtendedTangents.reduce(nl.ghosts(), outX[b], one, null);
                for (int i = 0; i < n; i++) System.arraycopy(one, 3 * i, rows, (i * k + b) * 3, 3);
            }
            return rows;
        }
    }

    /**
     * The tangent trajectories along the parameter directions dTheta [B][k], carried together over the frames y (one
     * walk of the list for all B per step), the primal update differentiated: v̇ ← v̇ − a Ġ; ṙ ← ṙ + dt v̇;
     * Ġ ← H(r) ṙ + (∂²E/∂R∂p) ṗ; v̇ ← v̇ − a Ġ; each step's tangents handed to {@code sink}, interleaved.
     */
    private void tangents(double[] theta, double[] y, double[][] dTheta, TangentFrame sink) {
        double[] jac = energy.family().parameterJacobian(theta);
        int n = n(), n3 = 3 * n, m = energy.secondOrder(theta).parameterCount(), k = theta.length, nb = dTheta.length, w = 3 * nb;
        double[][] dp = new double[nb][m];
        for (int b = 0; b < nb; b++) for (int i = 0; i < m; i++) for (int j = 0; j < k; j++) dp[b][i] += jac[i * k + j] * dTheta[b][j];
        try (TangentProducts h = new TangentProducts(theta, dp)) {
            double[] tr = new double[w * n], tv = new double[w * n], r = new double[n3];
            double[] tg = h.apply(r0, tr);
            for (int s = 1; s <= steps; s++) {
                System.arraycopy(y, (s - 1) * 2 * n3, r, 0, n3);
                for (int i = 0, c = 0; i < n; i++) {
                    double a = halfKick[i];
                    for (int end = c + w; c < end; c++) {
                        tv[c] -= a * tg[c];
                        tr[c] += dt * tv[c];
                    }
                }
                tg = h.apply(r, tr);
                for (int i = 0, c = 0; i < n; i++) {
                    double a = halfKick[i];
                    for (int end = c + w; c < end; c++) tv[c] -= a * tg[c];
                }
                sink.at(s, tr, tv);
            }
        }
    }

    /**
     * Jᵀct [k] by forward mode: the k tangent trajectories along the unit directions of θ, each contracted with the frame
     * cotangents as it goes, so nothing is stored.
     */
    private double[] forwardGradient(double[] theta, double[] y, double[] ct) {
        int k = theta.length, n = n(), n3 = 3 * n;
        double[][] unit = new double[k][k];
        for (int j = 0; j < k; j++) unit[j][j] = 1;
        double[] out = new double[k];
        tangents(theta, y, unit, (s, tr, tv) -> {
            int base = (s - 1) * 2 * n3;
            contract(tr, 0, ct, base, k, out);
            contract(tv, 0, ct, base + n3, k, out);
        });
        return out;
    }

    /** The tangent sweep: frame tangents [T·6N] along θ̇ [k] over the frames y (one tangent: the interleaved layout is the plain one). */
    private double[] tangent(double[] theta, double[] y, double[] dTheta) {
        int n3 = 3 * n();
        double[] out = new double[steps * 2 * n3];
        tangents(theta, y, new double[][] {dTheta}, (s, tr, tv) -> {
            System.arraycopy(tr, 0, out, (s - 1) * 2 * n3, n3);
            System.arraycopy(tv, 0, out, (s - 1) * 2 * n3 + n3, n3);
        });
        return out;
    }

    /**
     * The tangent frames a forward-mode primal sweep at θ keeps: blocks of 3kN, each interleaved as {@link TangentFrame};
     * frame f's ṙ in block {@code positions[f]} and its v̇ in block {@code velocities[f]} (−1: not kept).
     */
    private record Carried(double[] theta, double[] tangents, int[] positions, int[] velocities) {
        /** Empty blocks for the parts {@code reads} names of {@code frames} frames, k tangents of n atoms. */
        static Carried of(double[] theta, Reads reads, int frames, int k, int n) {
            int[] pos = new int[frames], vel = new int[frames];
            int blocks = 0;
            for (int f = 0; f < frames; f++) {
                pos[f] = reads.positions(f, frames) ? blocks++ : -1;
                vel[f] = reads.velocities() ? blocks++ : -1;
            }
            return new Carried(theta.clone(), new double[blocks * 3 * k * n], pos, vel);
        }
    }

    /**
     * Whether the primal sweep at θ carries the tangents along the unit directions of θ (forward mode): the mode asks for
     * forward mode, the kernel walks force and tangents at once ({@link ForceTangents}) and the kept tangent frames fit one
     * array (and, for {@link Mode#AUTO}, a quarter of the heap still free).
     */
    boolean carries(double[] theta) {
        long doubles = reads.blocks(steps) * 3 * theta.length * n();
        if (!mode.forward(theta.length) || doubles > Integer.MAX_VALUE - 8) return false;
        if (mode == Mode.AUTO) {
            Runtime rt = Runtime.getRuntime();
            if (8 * doubles > (rt.maxMemory() - rt.totalMemory() + rt.freeMemory()) / 4) return false;
        }
        Potential pot = parallel.apply(energy.potential(theta));
        try {
            return pot instanceof ForceTangents;
        } finally {
            close(pot);
        }
    }

    /**
     * The forward sweep and, in the same walk of the list per step, the k tangent trajectories along the unit directions
     * of θ (forward mode in the classical form: each step's force and the products H ṙ_b + (∂²E/∂R∂p) ṗ_b from one
     * {@link ForceTangents#forceAndTangents}). The primal arithmetic is the MD engine's velocity Verlet ({@link #run}):
     * v ← v + a F; r ← r + dt v; F ← F(r); v ← v + a F with the list rebuilt by the same skin criterion, so the frames
     * are those of {@link #run} (to the last bit where the kernel's fused force is its force loop's, as lj/cut's one-type
     * loop). Returns the frames [T·6N]; {@code kept} gets the tangents of the parts it keeps.
     */
    private double[] runCarrying(double[] theta, Carried kept) {
        double[] jac = energy.family().parameterJacobian(theta);
        int n = n(), n3 = 3 * n, m = energy.secondOrder(theta).parameterCount(), k = theta.length, w = 3 * k;
        double[][] dp = new double[k][m];
        for (int b = 0; b < k; b++) for (int i = 0; i < m; i++) dp[b][i] = jac[i * k + b];
        Potential pot = parallel.apply(energy.potential(theta));
        try {
            ForceTangents fused = (ForceTangents) pot;
            NeighborListBuilder builder = new NeighborListBuilder(pot.cutoff(), SKIN, !pot.needsFullList());
            double[] r = r0.clone(), v = v0.clone(), f = new double[n3], tr = new double[w * n], tv = new double[w * n], tg = new double[w * n];
            double[] out = new double[steps * 2 * n3];
            NeighborList nl = null;
            for (int s = 0; s <= steps; s++) {
                if (s > 0) {
                    for (int i = 0, c = 0; i < n; i++) {
                        double a = halfKick[i];
                        for (int d = 3 * i; d < 3 * i + 3; d++) v[d] += a * f[d];
                        for (int end = c + w; c < end; c++) tv[c] -= a * tg[c];
                    }
                    for (int d = 0; d < n3; d++) r[d] += dt * v[d];
                    for (int c = 0; c < w * n; c++) tr[c] += dt * tv[c];
                }
                Atoms a = at(r);
                if (nl == null || builder.needsRebuild(nl, r, a.box())) nl = builder.build(a);
                java.util.Arrays.fill(f, 0);
                java.util.Arrays.fill(tg, 0);
                fused.forceAndTangents(a, nl, k, tr, dp, tg, f);
                for (int d = 0; d < n3; d++) {
                    if (!Double.isFinite(f[d])) {
                        throw new IllegalStateException(NAME + ": step " + s + ", atom " + d / 3 + " has a non-finite force " + f[d]
                                + "; check the parameters θ and the time step");
                    }
                }
                if (s == 0) continue;
                for (int i = 0, c = 0; i < n; i++) {
                    double a0 = halfKick[i];
                    for (int d = 3 * i; d < 3 * i + 3; d++) v[d] += a0 * f[d];
                    for (int end = c + w; c < end; c++) tv[c] -= a0 * tg[c];
                }
                System.arraycopy(r, 0, out, (s - 1) * 2 * n3, n3);
                System.arraycopy(v, 0, out, (s - 1) * 2 * n3 + n3, n3);
                if (kept.positions()[s - 1] >= 0) System.arraycopy(tr, 0, kept.tangents(), kept.positions()[s - 1] * w * n, w * n);
                if (kept.velocities()[s - 1] >= 0) System.arraycopy(tv, 0, kept.tangents(), kept.velocities()[s - 1] * w * n, w * n);
            }
            return out;
        } finally {
            close(pot);
        }
    }

    /**
     * Jᵀct [k] from the tangents a forward-mode primal sweep kept ({@link #runCarrying}) and the frame cotangents ct [T·6N],
     * or null when ct has a nonzero in a part whose tangents were not kept.
     */
    private double[] contract(Carried kept, double[] ct, int k) {
        int n = n(), n3 = 3 * n, w = 3 * k;
        double[] out = new double[k];
        for (int s = 0; s < steps; s++) {
            if (!contract(kept.tangents(), kept.positions()[s] * w * n, ct, s * 2 * n3, k, out)
                    || !contract(kept.tangents(), kept.velocities()[s] * w * n, ct, s * 2 * n3 + n3, k, out)) {
                return null;
            }
        }
        return out;
    }

    /**
     * Adds to out [k] the cotangents ct[at … at + 3N) against the kept block of tangents at {@code block} (negative: none
     * kept, and then false if any of those cotangents is nonzero).
     */
    private boolean contract(double[] tangents, int block, double[] ct, int at, int k, double[] out) {
        int n = n(), w = 3 * k;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                double v = ct[at + 3 * i + c];
                if (v == 0) continue;
                if (block < 0) return false;
                for (int b = 0, t = block + w * i + c; b < k; b++, t += 3) out[b] += v * tangents[t];
            }
        }
        return true;
    }

    /** θ [k] → frames [T, 6N]. */
    private final class Frames implements Primitive {
        /** Whether the sweep may carry tangents: forward mode was asked for, or a derivative may follow (AUTO on a traced θ). */
        private final boolean mayCarry;
        /** The tangent frames of the last forward-mode sweep (null in reverse mode): what this output's pullback contracts. */
        private volatile Carried carried;

        Frames(boolean mayCarry) { this.mayCarry = mayCarry; }

        @Override public String name() { return NAME; }

        @Override public Tensor[] apply(TensorService ts, Tensor[] a) {
            double[] theta = ts.toDoubleArray(a[0]);
            if (!mayCarry || !carries(theta)) return new Tensor[] {ts.fromArray(run(theta), steps, 6 * n())};
            Carried kept = Carried.of(theta, reads, steps, theta.length, n());
            double[] frames = runCarrying(theta, kept);
            carried = kept;
            return new Tensor[] {ts.fromArray(frames, steps, 6 * n())};
        }

        @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
            if (ct[0] == null) return new Var[] {null};
            return ad.apply(new Sweep(ADJOINT_NAME, carried), x[0], y[0], ct[0]);
        }

        @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) {
            if (t[0] == null) return new Var[] {null};
            return ad.apply(new Sweep(TANGENT_NAME, null), x[0], y[0], t[0]);
        }
    }

    /** (θ, frames, cotangent or θ̇) → λθ [k] or frame tangents [T, 6N]; no rules of its own. */
    private final class Sweep implements Primitive {
        private final String name;
        private final Carried carried;

        /** {@code carried}: the tangent frames of the forward-mode primal sweep, or null. */
        Sweep(String name, Carried carried) {
            this.name = name;
            this.carried = carried;
        }

        @Override public String name() { return name; }

        @Override public Tensor[] apply(TensorService ts, Tensor[] a) {
            double[] theta = ts.toDoubleArray(a[0]), w = ts.toDoubleArray(a[2]);
            if (name.equals(ADJOINT_NAME)) {
                // the contraction of carried tangent frames reads no frames: they are copied out of their tensor only for a sweep
                double[] g = carried != null && java.util.Arrays.equals(carried.theta(), theta) ? contract(carried, w, theta.length) : null;
                // nothing kept, or not all that ct reads: the tangent sweep when forward mode was asked for, else the adjoint
                if (g == null) g = mode == Mode.FORWARD ? forwardGradient(theta, ts.toDoubleArray(a[1]), w) : adjoint(theta, ts.toDoubleArray(a[1]), w);
                return new Tensor[] {ts.fromArray(g, theta.length)};
            }
            return new Tensor[] {ts.fromArray(tangent(theta, ts.toDoubleArray(a[1]), w), steps, 6 * n())};
        }
    }
}
