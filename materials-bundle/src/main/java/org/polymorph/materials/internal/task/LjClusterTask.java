package org.polymorph.materials.internal.task;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * Relaxation of a Lennard-Jones cluster of N atoms in reduced units (ε = σ = 1, no cutoff): the loss
 * is {@code E = 4 Σ_{i<j} (r_ij^-12 - r_ij^-6)} of the flattened positions {@code x [3N]}. Global
 * minima (Wales &amp; Doye 1997, Cambridge Cluster Database): −44.326801 for N = 13 (Mackay
 * icosahedron), −173.928427 for N = 38 (fcc truncated octahedron). The start puts the atoms one by
 * one uniformly in a sphere of density 0.3 σ⁻³, redrawing any that comes closer than 0.9 σ to one
 * already placed, all from the key.
 */
final class LjClusterTask implements OptimizationTask {
    /** Closest start distance between two atoms (σ). */
    static final double MIN_START_DISTANCE = 0.9;
    private static final double START_DENSITY = 0.3;

    private final int n;

    LjClusterTask(int n) {
        if (n < 2) throw new IllegalArgumentException("lj cluster: n = " + n + "; give n >= 2 atoms");
        this.n = n;
    }

    @Override public String name() { return "lj_cluster_" + n; }

    @Override public String family() { return "lj_cluster"; }

    @Override public String description() {
        return "energy (ε) of a " + n + "-atom Lennard-Jones cluster in reduced units over flattened positions [" + 3 * n
                + "] (σ); random start in a sphere; global minimum " + (n == 13 ? "-44.326801" : n == 38 ? "-173.928427" : "see Wales & Doye 1997");
    }

    @Override public long parameterCount() { return 3L * n; }

    @Override
    public Object init(Ops ops, RandomKey key) {
        double radius = Math.cbrt(3.0 * n / (4 * Math.PI * START_DENSITY));
        double[] x = new double[3 * n];
        long draw = 0;
        for (int i = 0; i < n; i++) {
            boolean placed = false;
            while (!placed) {
                double[] p = new double[3];
                double r2 = 0;
                for (int k = 0; k < 3; k++) {
                    p[k] = radius * (2 * key.uniform(draw++) - 1);
                    r2 += p[k] * p[k];
                }
                placed = r2 <= radius * radius && farFromPlaced(x, i, p);
                if (placed) System.arraycopy(p, 0, x, 3 * i, 3);
            }
        }
        return ops.constant(x, 3 * n);
    }

    private static boolean farFromPlaced(double[] x, int placed, double[] p) {
        for (int j = 0; j < placed; j++) {
            double d2 = 0;
            for (int k = 0; k < 3; k++) d2 += (x[3 * j + k] - p[k]) * (x[3 * j + k] - p[k]);
            if (d2 < MIN_START_DISTANCE * MIN_START_DISTANCE) return false;
        }
        return true;
    }

    /**
     * E = 2 Σ_{i,j} (s_ij⁶ − s_ij³) with s_ij = 1 / (r_ij² + δ_ij) (σ⁻²): adding the identity to the squared
     * distances makes the diagonal terms 1 − 1 = 0 exactly, and r_ii² is identically 0 in x, so no derivative
     * of any order sees the diagonal.
     */
    @Override
    public Var loss(Ops ops, Object params, Object batch) {
        if (!(params instanceof Var x) || x.rank() != 1 || x.dim(0) != 3 * n) {
            throw new IllegalArgumentException("task " + name() + ": params must be the positions [" + 3 * n + "] as init gives, got " + params);
        }
        Var r = x.reshape(n, 3);
        Var d = r.reshape(n, 1, 3).sub(r.reshape(1, n, 3));
        double[] eye = new double[n * n];
        for (int i = 0; i < n; i++) eye[i * n + i] = 1;
        Var s = d.square().sum(2).add(ops.constant(eye, n, n)).pow(-1.0);
        Var s3 = s.mul(s).mul(s);
        return s3.mul(s3).sub(s3).sum().mul(2);
    }

    @Override public BatchStream batches(TensorService ts, RandomKey key) { return BatchStream.NONE; }

    @Override public String toString() { return name(); }
}
