package org.polymorph.materials.internal.minimize;

import org.polymorph.materials.dynamics.ForceField;
import org.polymorph.materials.minimize.CellFilter;
import org.polymorph.materials.minimize.Criteria;
import org.polymorph.materials.minimize.Result;

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
    Result run(Objective o) {
        double[] x = o.start();
        Objective.Point p = o.at(x, 0);
        double[] v = new double[x.length];
        double dt = DT_START;
        double alpha = ALPHA_START;
        int positive = 0;
        int step = 0;
        while (!o.converged(p, criteria) && step < criteria.maxSteps()) {
            step++;
            double[] f = p.gradient().clone();
            for (int i = 0; i < f.length; i++) f[i] = -f[i];
            double power = dot(f, v);
            if (power > 0) {
                positive++;
                if (positive > N_MIN) {
                    dt = Math.min(dt * F_INC, DT_MAX);
                    alpha *= F_ALPHA;
                }
            } else {
                positive = 0;
                if (step > N_DELAY) {
                    dt = Math.max(dt * F_DEC, DT_MIN);
                    alpha = ALPHA_START;
                }
                // half a step back (FIRE 2.0), then stop
                double[] back = new double[x.length];
                for (int i = 0; i < back.length; i++) back[i] = -0.5 * dt * v[i];
                cap(back);
                for (int i = 0; i < x.length; i++) x[i] += back[i];
                java.util.Arrays.fill(v, 0);
            }
            for (int i = 0; i < v.length; i++) v[i] += dt * f[i];      // semi-implicit Euler, then mixing
            if (power > 0) {
                double vn = Math.sqrt(dot(v, v));
                double fn = Math.sqrt(dot(f, f));
                for (int i = 0; i < v.length; i++) v[i] = (1 - alpha) * v[i] + alpha * vn * f[i] / fn;
            }
            double[] dr = new double[x.length];
            for (int i = 0; i < dr.length; i++) dr[i] = dt * v[i];
            cap(dr);
            for (int i = 0; i < x.length; i++) x[i] += dr[i];
            p = o.at(x, step);
        }
        return result(p, step, o);
    }
}
