package org.polymorph.materials.internal.forcefield;

import org.polymorph.core.method.BadInputException;

/**
 * The discrete Fourier transform of real signals of one power-of-two length M, one row at a time, in float64.
 * Forward: X_k = Σ_{n<M} x_n e^{−2πikn/M}, k = 0..M/2 (the half spectrum; the rest is conj(X_{M−k})), of a row given
 * by its first T ≤ M samples, the rest zero (the zero padding of the VDOS). Inverse (unnormalised synthesis):
 * x_n = Σ_{k<M} X_k e^{+2πikn/M} of a half spectrum completed as X_{M−k} = conj(X_k), the imaginary parts of X_0 and
 * X_{M/2} ignored; M times numpy.fft.irfft.
 *
 * <p>Both pack the M real samples as M/2 complex ones z_j = x_{2j} + i x_{2j+1} and run one complex FFT of length M/2
 * (iterative radix-2 Cooley–Tukey, decimation in time), plus the split step that separates the even and odd samples'
 * spectra E_k = (Z_k + conj Z_{M/2−k})/2, O_k = (Z_k − conj Z_{M/2−k})/2i, X_k = E_k + e^{−2πik/M} O_k (Numerical
 * Recipes §12.3; Sorensen et al., IEEE Trans. ASSP 35 (1987) 849). The twiddles (each an exact cos/sin, not a
 * recurrence) and the bit-reversal permutation are computed once per instance; an instance holds its work buffers and
 * serves one thread.
 */
final class RealFft {
    private final int m;
    private final int h;
    private final int[] swapA;          // bit-reversal permutation as pairs (swapA[i], swapB[i]) of the length-M/2 FFT
    private final int[] swapB;
    private final double[] cos;         // cos(2πj/(M/2)), j < M/4
    private final double[] sin;         // sin(2πj/(M/2)), j < M/4
    private final double[] splitCos;    // cos(2πk/M), k < M/2
    private final double[] splitSin;    // sin(2πk/M), k < M/2
    private final double[] re;          // work [M/2]
    private final double[] im;

    /** A transform of length {@code m}: a power of two ≥ 2. */
    RealFft(int m) {
        if (m < 2 || Integer.bitCount(m) != 1) {
            throw new BadInputException("real FFT: length M = " + m + " is not a power of two ≥ 2; pad the signal to one (properties.Trajectories.fftLength)",
                    "M", Integer.toString(m), "a power of two ≥ 2");
        }
        this.m = m;
        this.h = m / 2;
        int pairs = 0;
        int[] rev = new int[h];
        int bits = Integer.numberOfTrailingZeros(h);
        for (int i = 0; i < h; i++) {
            rev[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
            if (i < rev[i]) pairs++;
        }
        swapA = new int[pairs];
        swapB = new int[pairs];
        for (int i = 0, p = 0; i < h; i++) {
            if (i < rev[i]) {
                swapA[p] = i;
                swapB[p++] = rev[i];
            }
        }
        cos = new double[h / 2];
        sin = new double[h / 2];
        for (int j = 0; j < h / 2; j++) {
            cos[j] = Math.cos(2 * Math.PI * j / h);
            sin[j] = Math.sin(2 * Math.PI * j / h);
        }
        splitCos = new double[h];
        splitSin = new double[h];
        for (int k = 0; k < h; k++) {
            splitCos[k] = Math.cos(2 * Math.PI * k / m);
            splitSin[k] = Math.sin(2 * Math.PI * k / m);
        }
        re = new double[h];
        im = new double[h];
    }

    /** The length M. */
    int length() { return m; }

    /** The number of half-spectrum bins, M/2 + 1. */
    int bins() { return h + 1; }

    /**
     * The half spectrum X_k, k = 0..M/2, of the row x[from .. from + count) zero-padded to M (count ≤ M) into
     * outRe/outIm [M/2 + 1] (X_0 and X_{M/2} real).
     */
    void forward(double[] x, int from, int count, double[] outRe, double[] outIm) {
        if (count < 0 || count > m) throw new IllegalArgumentException("real FFT: " + count + " samples do not fit length " + m);
        for (int j = 0; j < h; j++) {
            int n = 2 * j;
            re[j] = n < count ? x[from + n] : 0;
            im[j] = n + 1 < count ? x[from + n + 1] : 0;
        }
        complex(re, im);
        outRe[0] = re[0] + im[0];
        outIm[0] = 0;
        outRe[h] = re[0] - im[0];
        outIm[h] = 0;
        for (int k = 1; k < h; k++) {
            double a = re[k], b = im[k], c = re[h - k], d = im[h - k];
            double er = 0.5 * (a + c), ei = 0.5 * (b - d);         // E_k
            double or = 0.5 * (b + d), oi = -0.5 * (a - c);        // O_k
            double wc = splitCos[k], ws = -splitSin[k];            // e^{−2πik/M}
            outRe[k] = er + wc * or - ws * oi;
            outIm[k] = ei + wc * oi + ws * or;
        }
    }

    /**
     * The first {@code count} ≤ M samples x_n = Σ_{k<M} X_k e^{+2πikn/M} of the Hermitian completion of the half
     * spectrum inRe/inIm [M/2 + 1] (the imaginary parts of bins 0 and M/2 ignored) into out[from .. from + count).
     */
    void inverse(double[] inRe, double[] inIm, double[] out, int from, int count) {
        if (count < 0 || count > m) throw new IllegalArgumentException("real FFT: " + count + " samples do not fit length " + m);
        // Z_k = E'_k + i O'_k, E'_k = X_k + conj X_{M/2−k} (the even samples' spectrum), O'_k = (X_k − conj X_{M/2−k}) e^{+2πik/M}
        re[0] = inRe[0] + inRe[h];
        im[0] = inRe[0] - inRe[h];
        for (int k = 1; k < h; k++) {
            double a = inRe[k], b = inIm[k], c = inRe[h - k], d = inIm[h - k];
            double er = a + c, ei = b - d;
            double dr = a - c, di = b + d;
            double wc = splitCos[k], ws = splitSin[k];
            double or = dr * wc - di * ws, oi = dr * ws + di * wc;
            re[k] = er - oi;
            im[k] = ei + or;
        }
        complex(im, re);                                            // the inverse as the forward transform of i·conj(z)
        for (int j = 0; j < h; j++) {
            int n = 2 * j;
            if (n < count) out[from + n] = re[j];
            if (n + 1 < count) out[from + n + 1] = im[j];
        }
    }

    /** In place, Σ_j z_j e^{−2πijk/(M/2)} of z = re + i im [M/2]. */
    private void complex(double[] re, double[] im) {
        for (int p = 0; p < swapA.length; p++) {
            int i = swapA[p], j = swapB[p];
            double t = re[i]; re[i] = re[j]; re[j] = t;
            t = im[i]; im[i] = im[j]; im[j] = t;
        }
        for (int i = 0; i + 1 < h; i += 2) {                        // length-2 butterflies: no twiddle
            double ar = re[i], ai = im[i], br = re[i + 1], bi = im[i + 1];
            re[i] = ar + br; im[i] = ai + bi;
            re[i + 1] = ar - br; im[i + 1] = ai - bi;
        }
        for (int len = 4; len <= h; len <<= 1) {
            int half = len >> 1, stride = h / len;
            for (int k = 0; k < half; k++) {
                double wr = cos[k * stride], wi = -sin[k * stride];    // e^{−2πik/len}
                for (int a = k; a < h; a += len) {
                    int b = a + half;
                    double xr = re[b] * wr - im[b] * wi;
                    double xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
    }
}
