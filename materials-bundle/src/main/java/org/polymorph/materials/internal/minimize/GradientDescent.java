package org.polymorph.materials.internal.minimize;

import org.polymorph.materials.dynamics.ForceField;
import org.polymorph.materials.minimize.CellFilter;
import org.polymorph.materials.minimize.Criteria;
import org.polymorph.materials.minimize.Relaxation;

/**
 * Steepest descent d = −∇f with a backtracking Armijo line search; each search starts from twice
 * the last accepted step (capped at maxStep along d), so the step length adapts to the curvature.
 */
public final class GradientDescent extends Search {
    public GradientDescent(ForceField ff, Criteria criteria, CellFilter cell, double maxStep) {
        super(ff, criteria, cell, maxStep);
    }

    @Override
    Relaxation run(Objective o) {
        double[] x = o.start();
        Objective.Point p = o.at(x, 0);
        double alpha = 1;
        int step = 0;
        while (!o.converged(p, criteria) && step < criteria.maxSteps()) {
            step++;
            double[] d = p.gradient().clone();
            for (int i = 0; i < d.length; i++) d[i] = -d[i];
            double gn = Math.sqrt(dot(d, d));
            double a0 = Math.min(2 * alpha, maxStep / gn);
            Step s = backtrack(o, x, p, d, a0, step);
            if (s == null) break;
            x = s.x();
            p = s.point();
            alpha = s.alpha();
        }
        return result(p, step, o);
    }
}
