package org.polymorph.materials.internal.patchy;

import java.util.ArrayList;
import java.util.List;

/**
 * Canonical reweighting (thermodynamic perturbation) gradients of MD averages: for observables A_a(x) [A] that do not
 * depend on the parameters θ [P] and samples x from exp(−βU(x; θ)), d⟨A_a⟩/dθ_p = −β(⟨A_a ∂U/∂θ_p⟩ − ⟨A_a⟩⟨∂U/∂θ_p⟩)
 * (the covariance form of differentiating the Boltzmann average; configurational part, the momenta integrate to a
 * θ-independent factor when the masses are fixed). Errors by block averaging as {@link BlockAverage}: the samples after
 * {@code from} are cut into B consecutive blocks (the remainder at the start dropped), the estimator is evaluated per
 * block, and the error is the standard deviation of the block estimates over √B.
 */
final class ReweightedGradient {
    /**
     * @param mean          ⟨A⟩ [A] over the blocked samples
     * @param meanError     its block error [A]
     * @param gradient      d⟨A_a⟩/dθ_p [A][P]
     * @param gradientError block error of each entry [A][P] (NaN with fewer than two blocks)
     * @param blocks        B
     * @param used          samples in the blocks
     */
    record Estimate(double[] mean, double[] meanError, double[][] gradient, double[][] gradientError, int blocks, int used) { }

    private final List<double[]> observables = new ArrayList<>();
    private final List<double[]> slopes = new ArrayList<>();

    /** One sample: A(x) [A] and ∂U/∂θ at x [P]. */
    void add(double[] a, double[] dUdTheta) {
        if (!observables.isEmpty() && (a.length != observables.get(0).length || dUdTheta.length != slopes.get(0).length)) {
            throw new IllegalArgumentException("reweighting sample of " + a.length + " observables and " + dUdTheta.length
                    + " slopes after samples of " + observables.get(0).length + " and " + slopes.get(0).length + "; give the same sizes");
        }
        observables.add(a.clone());
        slopes.add(dUdTheta.clone());
    }

    int size() { return observables.size(); }

    /** The estimate over samples {@code from..} in {@code blocks} blocks at inverse temperature β (1/energy). */
    Estimate estimate(int from, int blocks, double beta) {
        int n = observables.size() - from;
        if (n <= 0) throw new IllegalStateException("no reweighting sample after " + from + " of " + observables.size());
        int b = Math.max(1, Math.min(blocks, n)), len = n / b, start = observables.size() - b * len;
        int na = observables.get(0).length, np = slopes.get(0).length;
        double[][][] perBlock = new double[b][][];
        double[][] blockMeans = new double[b][];
        for (int k = 0; k < b; k++) {
            int lo = start + k * len;
            blockMeans[k] = mean(observables, lo, lo + len);
            perBlock[k] = covarianceGradient(lo, lo + len, beta);
        }
        double[] mean = mean(observables, start, observables.size());
        double[][] grad = covarianceGradient(start, observables.size(), beta);
        double[] meanError = new double[na];
        double[][] gradError = new double[na][np];
        for (int a = 0; a < na; a++) {
            double[] m = new double[b];
            for (int k = 0; k < b; k++) m[k] = blockMeans[k][a];
            meanError[a] = spread(m);
            for (int p = 0; p < np; p++) {
                double[] g = new double[b];
                for (int k = 0; k < b; k++) g[k] = perBlock[k][a][p];
                gradError[a][p] = spread(g);
            }
        }
        return new Estimate(mean, meanError, grad, gradError, b, b * len);
    }

    /** −β(⟨A g⟩ − ⟨A⟩⟨g⟩) over samples [lo, hi), [A][P]. */
    private double[][] covarianceGradient(int lo, int hi, double beta) {
        double[] ma = mean(observables, lo, hi), mg = mean(slopes, lo, hi);
        double[][] out = new double[ma.length][mg.length];
        for (int i = lo; i < hi; i++) {
            double[] a = observables.get(i), g = slopes.get(i);
            for (int x = 0; x < ma.length; x++) for (int p = 0; p < mg.length; p++) out[x][p] += (a[x] - ma[x]) * (g[p] - mg[p]);
        }
        for (double[] row : out) for (int p = 0; p < row.length; p++) row[p] *= -beta / (hi - lo);
        return out;
    }

    private static double[] mean(List<double[]> rows, int lo, int hi) {
        double[] m = new double[rows.get(lo).length];
        for (int i = lo; i < hi; i++) for (int x = 0; x < m.length; x++) m[x] += rows.get(i)[x] / (hi - lo);
        return m;
    }

    /** Standard deviation of the block values over √B (NaN for one block): BlockAverage with blocks of one value. */
    private static double spread(double[] v) { return BlockAverage.of(v, 0, v.length).error(); }
}
