package org.polymorph.gpu.cpu.internal.linalg;

/**
 * Direct O(n^2) DFT for short lengths that are not powers of two (cheaper and more accurate than
 * Bluestein there): X[k] = sum_t x[t] w[(k t) mod n], with the n roots of unity w tabulated once.
 */
final class DirectPlan implements FftPlan {
    /** Largest length planned directly; longer non-power-of-two lengths use Bluestein. */
    static final int MAX_LENGTH = 64;

    private final int n;
    private final double[] cos;   // cos(2 pi j / n), j < n
    private final double[] sin;   // sin(2 pi j / n)

    DirectPlan(int n) {
        if (n < 1 || n > MAX_LENGTH) throw new IllegalArgumentException("direct DFT length must be in [1, " + MAX_LENGTH + "], got " + n);
        this.n = n;
        cos = new double[n];
        sin = new double[n];
        for (int j = 0; j < n; j++) {
            double angle = 2 * Math.PI * j / n;
            cos[j] = Math.cos(angle);
            sin[j] = Math.sin(angle);
        }
    }

    @Override public int length() { return n; }

    @Override public int scratchLength() { return 2 * n; }

    @Override
    public void forward(double[] re, double[] im, int off, double[] scratch) {
        System.arraycopy(re, off, scratch, 0, n);
        System.arraycopy(im, off, scratch, n, n);
        for (int k = 0; k < n; k++) {
            double sr = 0;
            double si = 0;
            for (int t = 0, j = 0; t < n; t++, j = j + k < n ? j + k : j + k - n) {   // j = k t mod n
                double xr = scratch[t];
                double xi = scratch[n + t];
                sr += xr * cos[j] + xi * sin[j];   // x * exp(-i angle)
                si += xi * cos[j] - xr * sin[j];
            }
            re[off + k] = sr;
            im[off + k] = si;
        }
    }
}
