package org.polymorph.core.tensor.testing;

import org.polymorph.core.tensor.Decompositions.Complex;
import org.polymorph.core.tensor.DType;

/**
 * Discrete Fourier transforms along the last axis, by the O(n^2) definition
 * X[k] = sum_t x[t] exp(-2 pi i k t / n), with the angle reduced modulo n for accuracy.
 * Conventions of numpy.fft: forward unnormalised, inverse scaled by 1/n.
 */
final class RefFft {
    private RefFft() { }

    private static int lastAxis(String op, RefTensor x) {
        Values.requireFloating(op, x);
        if (x.rank() == 0 || x.dims()[x.rank() - 1] < 1) {
            throw new IllegalArgumentException(op + ": needs rank >= 1 and a last axis of length >= 1, got " + x.shape()
                    + "; give a signal of at least one sample");
        }
        return x.dims()[x.rank() - 1];
    }

    private static double cos(long kt, int n) { return Math.cos(2 * Math.PI * (kt % n) / n); }

    private static double sin(long kt, int n) { return Math.sin(2 * Math.PI * (kt % n) / n); }

    /** out[k] = sum_t in[t] e^{sign 2 pi i k t / n} for k < outLen, one row at a time. */
    private static double[][] dft(double[] re, double[] im, int n, int outLen, int sign) {
        int rows = re.length / n;
        double[] ore = new double[rows * outLen];
        double[] oim = new double[rows * outLen];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < outLen; k++) {
                double sr = 0;
                double si = 0;
                for (int t = 0; t < n; t++) {
                    double c = cos((long) k * t, n);
                    double s = sign * sin((long) k * t, n);
                    double xr = re[r * n + t];
                    double xi = im == null ? 0 : im[r * n + t];
                    sr += xr * c - xi * s;
                    si += xr * s + xi * c;
                }
                ore[r * outLen + k] = sr;
                oim[r * outLen + k] = si;
            }
        }
        return new double[][] {ore, oim};
    }

    private static int[] withLast(int[] dims, int last) {
        int[] d = dims.clone();
        d[d.length - 1] = last;
        return d;
    }

    static Complex rfft(RefTensor x) {
        int n = lastAxis("rfft", x);
        double[][] out = dft(x.values(), null, n, n / 2 + 1, -1);
        int[] dims = withLast(x.dims(), n / 2 + 1);
        return new Complex(RefTensor.stored(x.dtype(), dims, out[0]), RefTensor.stored(x.dtype(), dims, out[1]));
    }

    private static void checkComplex(String op, Complex z) {
        if (z == null || z.re() == null || z.im() == null) throw new IllegalArgumentException(op + ": complex input or a part is null");
        if (!z.re().shape().equals(z.im().shape()) || z.re().dtype() != z.im().dtype()) {
            throw new IllegalArgumentException(op + ": real part " + z.re().dtype() + " " + z.re().shape() + " and imaginary part "
                    + z.im().dtype() + " " + z.im().shape() + " differ; give parts of one shape and dtype");
        }
    }

    /**
     * numpy.fft.irfft: the half spectrum is cut or zero-padded to n/2 + 1 terms and extended with
     * conjugate symmetry (imaginary parts of the DC and, for even n, Nyquist terms are ignored).
     */
    static RefTensor irfft(Complex spectrum, int n) {
        checkComplex("irfft", spectrum);
        RefTensor re = RefTensor.of("irfft", spectrum.re());
        RefTensor im = RefTensor.of("irfft", spectrum.im());
        lastAxis("irfft", re);
        if (n < 1) throw new IllegalArgumentException("irfft: output length " + n + " < 1; give n >= 1");
        int m = re.dims()[re.rank() - 1];
        int rows = re.length() / m;
        double[] out = new double[rows * n];
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < n; t++) {
                double s = 0;
                for (int k = 0; k <= n / 2 && k < m; k++) {
                    double xr = re.get(r * m + k);
                    double xi = im.get(r * m + k);
                    boolean selfConjugate = k == 0 || 2 * k == n;
                    double term = xr * cos((long) k * t, n) - (selfConjugate ? 0 : xi * sin((long) k * t, n));
                    s += selfConjugate ? term : 2 * term;
                }
                out[r * n + t] = s / n;
            }
        }
        return RefTensor.stored(re.dtype(), withLast(re.dims(), n), out);
    }

    /** Complex DFT; inverse = conjugate kernel and 1/n. */
    static Complex fft(Complex z, boolean inverse) {
        String op = inverse ? "ifft" : "fft";
        checkComplex(op, z);
        RefTensor re = RefTensor.of(op, z.re());
        RefTensor im = RefTensor.of(op, z.im());
        int n = lastAxis(op, re);
        double[][] out = dft(re.values(), im.values(), n, n, inverse ? 1 : -1);
        if (inverse) {
            for (int i = 0; i < out[0].length; i++) {
                out[0][i] /= n;
                out[1][i] /= n;
            }
        }
        int[] dims = re.dims();
        DType dt = re.dtype();
        return new Complex(RefTensor.stored(dt, dims, out[0]), RefTensor.stored(dt, dims, out[1]));
    }

}
