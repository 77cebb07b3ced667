package org.polymorph.gpu.cpu.internal.linalg;

/**
 * Bluestein's chirp-z DFT for any n >= 1: with w[j] = exp(-pi i j^2 / n) and k t = (k^2 + t^2 - (k-t)^2) / 2,
 * X[k] = w[k] * sum_t (x[t] w[t]) conj(w[k - t]), a circular convolution of length m = 2^ceil(log2(2n-1))
 * evaluated with radix-2 FFTs. The FFT of the conjugate chirp is precomputed. j^2 is reduced
 * mod 2n in exact integer arithmetic before the angle is formed, so the chirp is accurate for large n.
 */
final class BluesteinPlan implements FftPlan {
    private final int n;
    private final Radix2Plan inner;
    private final double[] wRe;   // chirp w[j], j < n
    private final double[] wIm;
    private final double[] bRe;   // FFT_m of b, b[j] = b[m - j] = conj(w[j]), scaled by 1/m
    private final double[] bIm;

    BluesteinPlan(int n) {
        if (n < 1) throw new IllegalArgumentException("Bluestein length must be >= 1, got " + n);
        this.n = n;
        int m = Integer.highestOneBit(Math.max(1, 2 * n - 1));
        if (m < 2 * n - 1) m <<= 1;
        inner = new Radix2Plan(m);
        wRe = new double[n];
        wIm = new double[n];
        for (int j = 0; j < n; j++) {
            long r = ((long) j * j) % (2L * n);
            double angle = Math.PI * r / n;
            wRe[j] = Math.cos(angle);
            wIm[j] = -Math.sin(angle);
        }
        bRe = new double[m];
        bIm = new double[m];
        for (int j = 0; j < n; j++) {
            bRe[j] = wRe[j];
            bIm[j] = -wIm[j];
            if (j > 0) {
                bRe[m - j] = wRe[j];
                bIm[m - j] = -wIm[j];
            }
        }
        inner.forward(bRe, 0, bIm, 0);
        for (int j = 0; j < m; j++) {   // fold the inverse FFT's 1/m in here
            bRe[j] /= m;
            bIm[j] /= m;
        }
    }

    @Override public int length() { return n; }

    @Override public int scratchLength() { return 2 * inner.length(); }

    @Override
    public void forward(double[] re, double[] im, int off, double[] scratch) {
        int m = inner.length();
        java.util.Arrays.fill(scratch, 0, 2 * m, 0.0);
        // scratch[0, m) real, [m, 2m) imaginary: a[t] = x[t] w[t]
        for (int t = 0; t < n; t++) {
            double xr = re[off + t];
            double xi = im[off + t];
            scratch[t] = xr * wRe[t] - xi * wIm[t];
            scratch[m + t] = xr * wIm[t] + xi * wRe[t];
        }
        inner.forward(scratch, 0, scratch, m);
        // multiply by B, conjugate, forward FFT, conjugate = inverse FFT (1/m is folded into B)
        for (int j = 0; j < m; j++) {
            double ar = scratch[j];
            double ai = scratch[m + j];
            scratch[j] = ar * bRe[j] - ai * bIm[j];
            scratch[m + j] = -(ar * bIm[j] + ai * bRe[j]);
        }
        inner.forward(scratch, 0, scratch, m);
        for (int k = 0; k < n; k++) {
            double cr = scratch[k];
            double ci = -scratch[m + k];
            re[off + k] = cr * wRe[k] - ci * wIm[k];
            im[off + k] = cr * wIm[k] + ci * wRe[k];
        }
    }
}
