package org.polymorph.analysis.kernels;

/**
 * The NNGP and NTK of one layer's output over a joint batch of n inputs (x1 then x2), as neural-tangents'
 * {@code Kernel}: entry (i, j, s) with s a spatial index. Without spatial axes s = 0 (shape (n, n)); with an h×w image
 * and {@code diagonal} the covariance is kept only between equal pixels, s = p (shape (n, n, h, w), stax's
 * {@code diagonal_spatial=True}); otherwise between all pixel pairs, s = p·hw + q (shape (n, n, h, w, h, w)).
 * Channels are infinite and exchangeable, so they do not appear. Immutable by convention: layers build new states.
 */
record KernelState(int n, int h, int w, boolean diagonal, double[] nngp, double[] ntk) {
    /** Spatial entries per (i, j) pair. */
    int spatial() {
        if (h == 0) return 1;
        return diagonal ? h * w : h * w * h * w;
    }

    boolean hasSpatial() { return h > 0; }

    int index(int i, int j, int s) { return (i * n + j) * spatial() + s; }

    /** Spatial index of pixel pair (p, q), p and q row-major in the h×w grid; only p == q when diagonal. */
    int pair(int p, int q) { return diagonal ? p : p * h * w + q; }

    /** The pixels (p, q) of spatial index s: {p, q}. */
    int[] pixels(int s) {
        if (h == 0) return new int[] {0, 0};
        if (diagonal) return new int[] {s, s};
        int hw = h * w;
        return new int[] {s / hw, s % hw};
    }

    /** Variance k(x_i, x_i) at pixel p. */
    double variance(int i, int p) { return nngp[index(i, i, h == 0 ? 0 : pair(p, p))]; }
}
