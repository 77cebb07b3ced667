package org.polymorph.materials.internal.minimize;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * The memory of L-BFGS (Nocedal, Math. Comp. 35, 773 (1980); Nocedal &amp; Wright, Numerical Optimization, 2nd ed.,
 * Algorithm 7.4): the last m pairs s = x₊ − x, y = ∇f(x₊) − ∇f(x) [n each] with ρ = 1/sᵀy, and the direction −H∇f by
 * the two-loop recursion from H₀ = γI, γ = sᵀy/yᵀy of the newest pair (their eq. 7.20). A pair is kept when
 * sᵀy &gt; {@code minCurvature} (positive curvature keeps H positive definite); beyond m pairs the oldest is dropped.
 * With a mask of held components (the variables a projected method keeps at their bounds) the recursion runs on the
 * free subspace: the held components of ∇f are zeroed before it and those of the direction after it. Used by the
 * minimisers' L-BFGS (positions, cell) and by ff.fit's projected L-BFGS (box-bounded parameters).
 */
public final class LbfgsMemory {
    /**
     * How γ = sᵀy/yᵀy is rounded; the two differ in the last bits only, and each caller keeps the rounding its
     * recorded results (step counts, fitted values, checkpoints) were made with.
     */
    public enum Scaling {
        /** γ = sᵀy / yᵀy */
        RATIO,
        /** γ = 1 / (ρ·yᵀy) */
        RECIPROCAL
    }

    private record Pair(double[] s, double[] y, double rho) { }

    private final int capacity;
    private final double minCurvature;
    private final Scaling scaling;
    private final Deque<Pair> pairs = new ArrayDeque<>();

    /** {@code capacity}: m (10 is usual); {@code minCurvature}: the smallest sᵀy a kept pair has (exclusive). */
    public LbfgsMemory(int capacity, double minCurvature, Scaling scaling) {
        if (capacity < 1) throw new IllegalArgumentException("L-BFGS memory m = " + capacity + "; give m >= 1 (10 is usual)");
        if (!(minCurvature >= 0)) throw new IllegalArgumentException("L-BFGS curvature threshold " + minCurvature + "; give a number >= 0");
        this.capacity = capacity;
        this.minCurvature = minCurvature;
        this.scaling = scaling;
    }

    /**
     * Adds the pair of the step x0 → x1 with gradients g0, g1 [n] when its curvature sᵀy exceeds the threshold;
     * returns whether it was kept.
     */
    public boolean add(double[] x0, double[] x1, double[] g0, double[] g1) {
        double[] s = new double[x0.length];
        double[] y = new double[x0.length];
        double sy = 0;
        for (int k = 0; k < s.length; k++) {
            s[k] = x1[k] - x0[k];
            y[k] = g1[k] - g0[k];
            sy += s[k] * y[k];
        }
        if (!(sy > minCurvature)) return false;
        pairs.addLast(new Pair(s, y, 1 / sy));
        if (pairs.size() > capacity) pairs.removeFirst();
        return true;
    }

    public boolean isEmpty() { return pairs.isEmpty(); }

    /** Forgets every pair: the next direction is steepest descent. */
    public void clear() { pairs.clear(); }

    /** −H g [n] by the two-loop recursion; {@code held} [n] (null for none) marks components fixed at 0. */
    public double[] direction(double[] g, boolean[] held) {
        double[] q = g.clone();
        if (held != null) for (int k = 0; k < q.length; k++) if (held[k]) q[k] = 0;
        double[] a = new double[pairs.size()];
        int i = pairs.size() - 1;
        for (Iterator<Pair> it = pairs.descendingIterator(); it.hasNext(); i--) {
            Pair p = it.next();
            a[i] = p.rho() * Search.dot(p.s(), q);
            for (int k = 0; k < q.length; k++) q[k] -= a[i] * p.y()[k];
        }
        if (!pairs.isEmpty()) {
            Pair last = pairs.getLast();
            double gamma = scaling == Scaling.RATIO ? Search.dot(last.s(), last.y()) / Search.dot(last.y(), last.y())
                    : 1 / (last.rho() * Search.dot(last.y(), last.y()));
            for (int k = 0; k < q.length; k++) q[k] *= gamma;
        }
        i = 0;
        for (Pair p : pairs) {
            double b = p.rho() * Search.dot(p.y(), q);
            for (int k = 0; k < q.length; k++) q[k] += (a[i] - b) * p.s()[k];
            i++;
        }
        for (int k = 0; k < q.length; k++) q[k] = held != null && held[k] ? 0 : -q[k];
        return q;
    }
}
