package org.polymorph.materials.internal.minimize;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import org.polymorph.materials.dynamics.ForceField;
import org.polymorph.materials.minimize.CellFilter;
import org.polymorph.materials.minimize.Criteria;
import org.polymorph.materials.minimize.Result;

/**
 * L-BFGS (Nocedal, Math. Comp. 35, 773 (1980); Nocedal & Wright Algorithm 7.4): the two-loop
 * recursion over the last m pairs (s, y) with H₀ = (sᵀy / yᵀy)·I, a direction capped at maxStep, and
 * a backtracking search from α = 1 (Armijo, or approximate Wolfe near the minimum: Search.backtrack). Pairs with sᵀy ≤ 0 are skipped; a failed search clears
 * the memory and retries along −∇f; two failures in a row end the run.
 */
public final class Lbfgs extends Search {
    private final int memory;

    public Lbfgs(ForceField ff, Criteria criteria, CellFilter cell, double maxStep, int memory) {
        super(ff, criteria, cell, maxStep);
        if (memory < 1) throw new IllegalArgumentException("L-BFGS memory m = " + memory + "; give m >= 1 (10 is usual)");
        this.memory = memory;
    }

    private record Pair(double[] s, double[] y, double rho) { }

    @Override
    Result run(Objective o) {
        double[] x = o.start();
        Objective.Point p = o.at(x, 0);
        Deque<Pair> pairs = new ArrayDeque<>();
        int step = 0;
        int failures = 0;
        while (!o.converged(p, criteria) && step < criteria.maxSteps()) {
            step++;
            double[] d = direction(p.gradient(), pairs);
            cap(d);
            Step s = backtrack(o, x, p, d, 1.0, step);
            if (s == null) {
                if (++failures == 2 || pairs.isEmpty()) break;
                pairs.clear();
                continue;
            }
            failures = 0;
            double[] sv = new double[x.length];
            double[] yv = new double[x.length];
            double[] g0 = p.gradient();
            double[] g1 = s.point().gradient();
            for (int i = 0; i < sv.length; i++) {
                sv[i] = s.x()[i] - x[i];
                yv[i] = g1[i] - g0[i];
            }
            double sy = dot(sv, yv);
            if (sy > 1e-300) {
                pairs.addLast(new Pair(sv, yv, 1 / sy));
                if (pairs.size() > memory) pairs.removeFirst();
            }
            x = s.x();
            p = s.point();
        }
        return result(p, step, o);
    }

    /** −H∇f by the two-loop recursion. */
    private static double[] direction(double[] g, Deque<Pair> pairs) {
        double[] q = g.clone();
        double[] a = new double[pairs.size()];
        int k = pairs.size() - 1;
        for (Iterator<Pair> it = pairs.descendingIterator(); it.hasNext(); k--) {
            Pair pr = it.next();
            a[k] = pr.rho() * dot(pr.s(), q);
            for (int i = 0; i < q.length; i++) q[i] -= a[k] * pr.y()[i];
        }
        if (!pairs.isEmpty()) {
            Pair last = pairs.getLast();
            double gamma = 1 / (last.rho() * dot(last.y(), last.y()));
            for (int i = 0; i < q.length; i++) q[i] *= gamma;
        }
        k = 0;
        for (Pair pr : pairs) {
            double b = pr.rho() * dot(pr.y(), q);
            for (int i = 0; i < q.length; i++) q[i] += (a[k] - b) * pr.s()[i];
            k++;
        }
        for (int i = 0; i < q.length; i++) q[i] = -q[i];
        return q;
    }
}
