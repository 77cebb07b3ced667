package org.polymorph.materials.internal.minimize;

import org.polymorph.materials.dynamics.ForceField;
import org.polymorph.materials.minimize.CellFilter;
import org.polymorph.materials.minimize.Criteria;
import org.polymorph.materials.minimize.Relaxation;

/**
 * L-BFGS (Nocedal, Math. Comp. 35, 773 (1980); Nocedal & Wright Algorithm 7.4): the direction of the
 * {@link LbfgsMemory} of the last m pairs (s, y), capped at maxStep, and a backtracking search from
 * α = 1 (Armijo, or approximate Wolfe near the minimum: Search.backtrack). Pairs with sᵀy ≤ 1e-300 are
 * skipped; a failed search clears the memory and retries along −∇f; two failures in a row end the run.
 */
public final class Lbfgs extends Search {
    private final int memory;

    public Lbfgs(ForceField ff, Criteria criteria, CellFilter cell, double maxStep, int memory) {
        super(ff, criteria, cell, maxStep);
        if (memory < 1) throw new IllegalArgumentException("L-BFGS memory m = " + memory + "; give m >= 1 (10 is usual)");
        this.memory = memory;
    }

    @Override
    Relaxation run(Objective o) {
        double[] x = o.start();
        Objective.Point p = o.at(x, 0);
        LbfgsMemory pairs = new LbfgsMemory(memory, 1e-300, LbfgsMemory.Scaling.RECIPROCAL);
        int step = 0;
        int failures = 0;
        while (!o.converged(p, criteria) && step < criteria.maxSteps()) {
            step++;
            double[] d = pairs.direction(p.gradient(), null);
            cap(d);
            Step s = backtrack(o, x, p, d, 1.0, step);
            if (s == null) {
                if (++failures == 2 || pairs.isEmpty()) break;
                pairs.clear();
                continue;
            }
            failures = 0;
            pairs.add(x, s.x(), p.gradient(), s.point().gradient());
            x = s.x();
            p = s.point();
        }
        return result(p, step, o);
    }
}
