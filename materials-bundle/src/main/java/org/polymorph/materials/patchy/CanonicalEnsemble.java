package org.polymorph.materials.patchy;

/**
 * The canonical ensemble of a finite box: n_t bodies of each type t in volume V, distributed over free monomers and
 * cluster species k (n_kt bodies of type t, association constant K_k = [k]/Π_t[m_t]^{n_kt} in length^{d(n_k−1)}, n_k
 * = Σ_t n_kt) as an ideal mixture, by exact enumeration of the cluster-count vectors N that conserve every type
 * (M_t = n_t − Σ_k N_k n_kt free monomers):
 * Z = Σ_N Π_k (K_k / V^{n_k−1})^{N_k} / N_k! · Π_t 1/M_t!
 * (each species' partition function K_k V relative to its monomers', the configurational integrals of ideal
 * particles V^N/N! with the common V^{Σ n_t} divided out). This is the prediction for an MD box of n bodies; it tends
 * to mass action ({@link MassAction}) as n and V grow at fixed n/V. For one homodimer it is
 * Z(N) ∝ (K/V)^N/((n − 2N)! N!), for a heterodimer C(n_A, N) C(n_B, N) N! (K/V)^N.
 */
public final class CanonicalEnsemble {
    private final double[][] counts;
    private final int[] bodies;

    /**
     * Mean shares: {@code monomers} [T] the share of all bodies that are free monomers of type t, {@code clusters} [K]
     * the share in species k (⟨n_k N_k⟩/n), {@code perStructure} [K] ⟨N_k / (Σ_t M_t + Σ_j N_j)⟩ (clusters of k per
     * structure, the self-assembly toolbox's yield convention).
     */
    public record Shares(double[] monomers, double[] clusters, double[] perStructure) { }

    /** {@code counts} [K][T] bodies of each type per species; {@code bodies} [T] bodies of each type in the box. */
    public CanonicalEnsemble(double[][] counts, int[] bodies) {
        for (double[] row : counts) {
            if (row.length != bodies.length) throw new IllegalArgumentException("a cluster species counts " + row.length + " body types for "
                    + bodies.length + " in the box; give one count per type");
            double size = 0;
            for (double v : row) {
                if (v < 0 || v != Math.rint(v)) throw new IllegalArgumentException("cluster body count " + v + "; give whole numbers >= 0");
                size += v;
            }
            if (size < 2) throw new IllegalArgumentException("a cluster species of " + size + " bodies; give at least 2");
        }
        for (int b : bodies) if (b < 0) throw new IllegalArgumentException("bodies " + b + "; give a count >= 0");
        this.counts = counts;
        this.bodies = bodies.clone();
    }

    /** The mean shares for log K [K] (length^{d(n_k−1)}) in volume V (length^d). */
    public Shares shares(double[] logK, double volume) {
        if (logK.length != counts.length) throw new IllegalArgumentException(logK.length + " association constants for " + counts.length
                + " cluster species; give one each");
        if (!(volume > 0)) throw new IllegalArgumentException("volume " + volume + "; give a positive volume");
        int total = 0;
        for (int b : bodies) total += b;
        double[] logFactorial = new double[total + 2];
        for (int k = 2; k < logFactorial.length; k++) logFactorial[k] = logFactorial[k - 1] + Math.log(k);
        double[] weight = new double[logK.length];
        for (int k = 0; k < logK.length; k++) {
            double size = 0;
            for (double v : counts[k]) size += v;
            weight[k] = logK[k] - (size - 1) * Math.log(volume);
        }
        Sum sum = new Sum(bodies.length, counts.length);
        enumerate(0, bodies.clone(), new int[counts.length], weight, logFactorial, sum);
        double[] monomers = new double[bodies.length], clusters = new double[counts.length], perStructure = new double[counts.length];
        for (int t = 0; t < bodies.length; t++) monomers[t] = sum.monomers[t] / sum.z / Math.max(total, 1);
        for (int k = 0; k < counts.length; k++) {
            double size = 0;
            for (double v : counts[k]) size += v;
            clusters[k] = size * sum.clusters[k] / sum.z / Math.max(total, 1);
            perStructure[k] = sum.perStructure[k] / sum.z;
        }
        return new Shares(monomers, clusters, perStructure);
    }

    /** Running sums of w, w·M_t, w·N_k and w·N_k/structures, rescaled whenever a larger log w appears. */
    private static final class Sum {
        double top = Double.NEGATIVE_INFINITY, z;
        final double[] monomers, clusters, perStructure;

        Sum(int types, int species) {
            monomers = new double[types];
            clusters = new double[species];
            perStructure = new double[species];
        }

        void add(double logw, int[] free, int[] n) {
            if (logw > top) {
                double f = Math.exp(top - logw);
                z *= f;
                for (int t = 0; t < monomers.length; t++) monomers[t] *= f;
                for (int k = 0; k < clusters.length; k++) {
                    clusters[k] *= f;
                    perStructure[k] *= f;
                }
                top = logw;
            }
            double w = Math.exp(logw - top);
            int structures = 0;
            for (int m : free) structures += m;
            for (int v : n) structures += v;
            z += w;
            for (int t = 0; t < free.length; t++) monomers[t] += w * free[t];
            for (int k = 0; k < n.length; k++) {
                clusters[k] += w * n[k];
                perStructure[k] += structures == 0 ? 0 : w * n[k] / structures;
            }
        }
    }

    /** Every N_k for species k.. with {@code left} [T] bodies not yet in clusters. */
    private void enumerate(int k, int[] left, int[] n, double[] weight, double[] logFactorial, Sum sum) {
        if (k == counts.length) {
            double logw = 0;
            for (int j = 0; j < n.length; j++) logw += n[j] * weight[j] - logFactorial[n[j]];
            for (int m : left) logw -= logFactorial[m];
            sum.add(logw, left, n);
            return;
        }
        int max = Integer.MAX_VALUE;
        for (int t = 0; t < left.length; t++) if (counts[k][t] > 0) max = Math.min(max, (int) (left[t] / counts[k][t]));
        for (int c = 0; c <= max; c++) {
            n[k] = c;
            int[] rest = left.clone();
            for (int t = 0; t < rest.length; t++) rest[t] -= (int) (c * counts[k][t]);
            enumerate(k + 1, rest, n, weight, logFactorial, sum);
        }
        n[k] = 0;
    }
}
