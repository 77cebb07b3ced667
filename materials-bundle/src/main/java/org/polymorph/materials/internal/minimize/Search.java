package org.polymorph.materials.internal.minimize;

import org.polymorph.materials.dynamics.ForceField;
import org.polymorph.materials.minimize.CellFilter;
import org.polymorph.materials.minimize.Criteria;
import org.polymorph.materials.minimize.Minimizer;
import org.polymorph.materials.minimize.Relaxation;
import org.polymorph.materials.structure.Atoms;

/** What the three minimisers share: the objective, the criteria, the step limit and the result. */
abstract class Search implements Minimizer {
    final ForceField ff;
    final Criteria criteria;
    final CellFilter cell;
    final double maxStep;

    Search(ForceField ff, Criteria criteria, CellFilter cell, double maxStep) {
        if (ff == null) throw new IllegalArgumentException("minimiser: force field is null");
        if (criteria == null) throw new IllegalArgumentException("minimiser: criteria is null; use Criteria.defaults()");
        this.ff = ff;
        this.criteria = criteria;
        this.cell = cell;
        this.maxStep = maxStep;
    }

    @Override
    public Relaxation minimize(Atoms atoms) {
        return run(new Objective(ff, atoms, cell));
    }

    abstract Relaxation run(Objective o);

    Relaxation result(Objective.Point p, int steps, Objective o) {
        return new Relaxation(p.atoms(), p.energy(), p.fmax(), p.stress(), steps, o.converged(p, criteria));
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    /** Scales d in place so that |d| ≤ maxStep; returns the factor applied. */
    double cap(double[] d) { return capTo(d, maxStep); }

    /** Scales d in place so that |d| ≤ limit; returns the factor applied. */
    static double capTo(double[] d, double limit) {
        double norm = Math.sqrt(dot(d, d));
        if (norm <= limit) return 1;
        double f = limit / norm;
        for (int i = 0; i < d.length; i++) d[i] *= f;
        return f;
    }

    /** An accepted line-search point: x, its evaluation, the step length. */
    record Step(double[] x, Objective.Point point, double alpha) { }

    /**
     * Backtracking line search (Nocedal & Wright, Algorithm 3.1): α from {@code alpha0}, halved until
     * f(x + αd) ≤ f(x) + c₁α∇f·d with c₁ = 1e-4 (plus a few ulps of |f| against round-off), or until the
     * approximate Wolfe conditions of Hager & Zhang (SIAM J. Optim. 16, 170 (2005)) hold: f(x + αd) ≤
     * f(x) + 1e-10·|f| and (2δ − 1)∇f·d ≥ ∇f(x + αd)·d ≥ σ∇f·d with δ = 0.1, σ = 0.9. Near a minimum the
     * decrease c₁α∇f·d falls below the rounding of a sum of many atomic energies while the slope is
     * still exact; without the second test the search fails there (a cell relaxation stalled for 300
     * steps at a stress of 2e-6). Null when d is not a descent direction or α falls below 1e-12.
     */
    static Step backtrack(Objective o, double[] x, Objective.Point p, double[] d, double alpha0, int step) {
        double slope = dot(p.gradient(), d);
        if (!(slope < 0)) return null;
        double slack = 1e-15 * Math.abs(p.value());
        double noise = 1e-10 * Math.abs(p.value());
        for (double a = alpha0; a > 1e-12; a *= 0.5) {
            double[] y = axpy(x, a, d);
            Objective.Point q = o.at(y, step);
            if (q.value() <= p.value() + 1e-4 * a * slope + slack) return new Step(y, q, a);
            double slopeAt = dot(q.gradient(), d);
            if (q.value() <= p.value() + noise && slopeAt >= 0.9 * slope && slopeAt <= -0.8 * slope) return new Step(y, q, a);
        }
        return null;
    }

    static double[] axpy(double[] x, double a, double[] d) {
        double[] y = x.clone();
        for (int i = 0; i < y.length; i++) y[i] += a * d[i];
        return y;
    }
}
