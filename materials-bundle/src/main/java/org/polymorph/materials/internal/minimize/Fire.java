package org.polymorph.materials.internal.minimize;

import org.polymorph.materials.dynamics.ForceField;
import org.polymorph.materials.minimize.CellFilter;
import org.polymorph.materials.minimize.Criteria;
import org.polymorph.materials.minimize.Relaxation;

/**
 * FIRE (Bitzek, Koskinen, Gähler, Moseler & Gumbsch, PRL 97, 170201 (2006)) with the changes of
 * FIRE 2.0 (Guénolé et al., Comput. Mater. Sci. 175, 109584 (2020)) that LAMMPS's min_style fire
 * uses by default: semi-implicit Euler steps with unit masses, v ← v + ΔtF then, while P = F·v > 0,
 * v ← (1−α)v + α|v|F̂; after N_min = 5 such steps Δt ← min(1.1Δt, Δt_max), α ← 0.99α; when P ≤ 0,
 * x ← x − ½Δt·v (half a step back), v ← 0 and, after the first N_delay = 20 steps, Δt ←
 * max(0.5Δt, Δt_min), α ← α_start = 0.25. Δt₀ = 0.1, Δt_max = 1 (ASE's) and Δt_min = 0.002 in the
 * unit system's time; each move is capped at maxStep.
 */
public final class Fire extends Search {
    static final int N_MIN = 5;
    static final double F_INC = 1.1;
    static final double F_DEC = 0.5;
    static final double ALPHA_START = 0.25;
    static final int N_DELAY = 20;
    static final double DT_MIN = 0.002;
    static final double F_ALPHA = 0.99;
    static final double DT_START = 0.1;
    static final double DT_MAX = 1.0;

    public Fire(ForceField ff, Criteria criteria, CellFilter cell, double maxStep) {
        super(ff, criteria, cell, maxStep);
    }

    @Override
    Relaxation run(Objective o) {
        double[] x = o.start();
        Objective.Point p = o.at(x, 0);
        Motion motion = new Motion(x.length, maxStep);
        while (!o.converged(p, criteria) && motion.steps < criteria.maxSteps()) {
            double[] f = p.gradient().clone();
            for (int i = 0; i < f.length; i++) f[i] = -f[i];
            double[] dx = motion.move(f);
            for (int i = 0; i < x.length; i++) x[i] += dx[i];
            p = o.at(x, motion.steps);
        }
        return result(p, motion.steps, o);
    }

    /**
     * The FIRE 2.0 update as a state machine over forces, for any force-like vector (gradients of an
     * objective, or NEB forces that are none): velocities v, time step Δt, mixing α, the count of
     * steps with P &gt; 0 and of all steps. Public fields so that a run can checkpoint and restore it.
     */
    public static final class Motion {
        public final double[] v;
        public double dt = DT_START;
        public double alpha = ALPHA_START;
        public int positive;
        public int steps;
        private final double maxStep;

        public Motion(int dimension, double maxStep) {
            this.v = new double[dimension];
            this.maxStep = maxStep;
        }

        /** The displacement for forces f [dimension] at the current point: a half step back when P ≤ 0, then the move, each capped at maxStep. */
        public double[] move(double[] f) {
            steps++;
            double[] dx = new double[v.length];
            double power = dot(f, v);
            if (power > 0) {
                positive++;
                if (positive > N_MIN) {
                    dt = Math.min(dt * F_INC, DT_MAX);
                    alpha *= F_ALPHA;
                }
            } else {
                positive = 0;
                if (steps > N_DELAY) {
                    dt = Math.max(dt * F_DEC, DT_MIN);
                    alpha = ALPHA_START;
                }
                for (int i = 0; i < dx.length; i++) dx[i] = -0.5 * dt * v[i];   // half a step back (FIRE 2.0), then stop
                capTo(dx, maxStep);
                java.util.Arrays.fill(v, 0);
            }
            for (int i = 0; i < v.length; i++) v[i] += dt * f[i];      // semi-implicit Euler, then mixing
            if (power > 0) {
                double vn = Math.sqrt(dot(v, v));
                double fn = Math.sqrt(dot(f, f));
                for (int i = 0; i < v.length; i++) v[i] = (1 - alpha) * v[i] + alpha * vn * f[i] / fn;
            }
            double[] dr = new double[v.length];
            for (int i = 0; i < dr.length; i++) dr[i] = dt * v[i];
            capTo(dr, maxStep);
            for (int i = 0; i < dx.length; i++) dx[i] += dr[i];
            return dx;
        }
    }
}
