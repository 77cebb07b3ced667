package org.polymorph.gpu.cpu.internal.linalg;

/**
 * Iterative in-place radix-2 decimation-in-time FFT for n a power of two (n >= 1): bit-reversal
 * permutation, then log2(n) butterfly passes. Twiddles cos/sin(2 pi j / n), j < n/2, are each
 * computed directly (no recurrence), which keeps the error near eps * log2(n).
 */
final class Radix2Plan implements FftPlan {
    private final int n;
    private final int[] rev;      // bit-reversed index, only pairs i < rev[i] are swapped
    private final double[] cos;   // per pass of half-length h, at [h - 1, 2h - 1): cos(pi j / h), j < h
    private final double[] sin;   // likewise sin(pi j / h); unit-stride reads in the butterflies

    Radix2Plan(int n) {
        if (n < 1 || Integer.bitCount(n) != 1) throw new IllegalArgumentException("radix-2 length must be a power of two, got " + n);
        this.n = n;
        int bits = Integer.numberOfTrailingZeros(n);
        rev = new int[n];
        for (int i = 0; i < n; i++) rev[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
        double[] c = new double[n / 2];
        double[] s = new double[n / 2];
        for (int j = 0; j < n / 2; j++) {
            double angle = 2 * Math.PI * j / n;
            c[j] = Math.cos(angle);
            s[j] = Math.sin(angle);
        }
        cos = new double[Math.max(0, n - 1)];
        sin = new double[Math.max(0, n - 1)];
        for (int h = 1; h < n; h <<= 1) {   // pass with half-length h uses the base table at stride n / (2h)
            for (int j = 0; j < h; j++) {
                cos[h - 1 + j] = c[j * (n / (2 * h))];
                sin[h - 1 + j] = s[j * (n / (2 * h))];
            }
        }
    }

    @Override public int length() { return n; }

    @Override public int scratchLength() { return 0; }

    @Override
    public void forward(double[] re, double[] im, int off, double[] scratch) {
        forward(re, off, im, off);
    }

    /** In-place forward DFT of re[ro, ro + n) + i im[io, io + n). */
    void forward(double[] re, int ro, double[] im, int io) {
        for (int i = 0; i < n; i++) {
            int j = rev[i];
            if (i < j) {
                double t = re[ro + i]; re[ro + i] = re[ro + j]; re[ro + j] = t;
                t = im[io + i]; im[io + i] = im[io + j]; im[io + j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            int half = len >> 1;
            for (int start = 0; start < n; start += len) {
                for (int j = 0, tw = half - 1; j < half; j++, tw++) {
                    int p = start + j;
                    int q = p + half;
                    double wr = cos[tw];
                    double wi = -sin[tw];   // exp(-pi i j / half)
                    double qr = re[ro + q];
                    double qi = im[io + q];
                    double tr = qr * wr - qi * wi;
                    double ti = qr * wi + qi * wr;
                    double pr = re[ro + p];
                    double pi = im[io + p];
                    re[ro + q] = pr - tr;
                    im[io + q] = pi - ti;
                    re[ro + p] = pr + tr;
                    im[io + p] = pi + ti;
                }
            }
        }
    }
}
