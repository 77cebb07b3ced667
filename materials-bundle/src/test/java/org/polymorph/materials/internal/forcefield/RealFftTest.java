package org.polymorph.materials.internal.forcefield;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.polymorph.core.method.BadInputException;

/**
 * The row-at-a-time real FFT against a naive DFT (twiddles taken at kn mod M, so the reference's own angles are exact)
 * for every power of two 2..4,096, random data, rows fully filled and zero-padded: the half spectrum and the synthesis
 * of a random Hermitian half spectrum to 1e-12 relative to their largest magnitude; the round trip gives M x; bad lengths named.
 */
class RealFftTest {
    private static final double TOL = 1e-12;

    /** X_k = Σ_{n<count} x_n e^{−2πikn/M}, k ≤ M/2: {re, im}. */
    private static double[][] naive(double[] x, int from, int count, int m) {
        double[] re = new double[m / 2 + 1], im = new double[m / 2 + 1];
        for (int k = 0; k <= m / 2; k++) {
            for (int n = 0; n < count; n++) {
                double a = 2 * Math.PI * (int) (((long) k * n) % m) / m;
                re[k] += x[from + n] * Math.cos(a);
                im[k] -= x[from + n] * Math.sin(a);
            }
        }
        return new double[][] {re, im};
    }

    private static double max(double[]... xs) {
        double s = 0;
        for (double[] x : xs) for (double v : x) s = Math.max(s, Math.abs(v));
        return s;
    }

    @Test
    void forwardMatchesTheNaiveDft() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int m = 2; m <= 4096; m *= 2) {
            RealFft fft = new RealFft(m);
            assertEquals(m / 2 + 1, fft.bins());
            for (int count : new int[] {m, Math.max(1, m / 2 - 1), 1 + rnd.nextInt(m)}) {
                int from = 3;
                double[] x = new double[from + count + 2];
                for (int i = 0; i < x.length; i++) x[i] = 2 * rnd.nextDouble() - 1;
                double[][] want = naive(x, from, count, m);
                double[] re = new double[m / 2 + 1], im = new double[m / 2 + 1];
                fft.forward(x, from, count, re, im);
                double scale = max(want[0], want[1]);
                assertTrue(scale > 0);
                for (int k = 0; k <= m / 2; k++) {
                    assertEquals(want[0][k], re[k], TOL * scale, "Re X_" + k + ", M = " + m + ", T = " + count);
                    assertEquals(want[1][k], im[k], TOL * scale, "Im X_" + k + ", M = " + m + ", T = " + count);
                }
            }
        }
    }

    @Test
    void inverseMatchesTheNaiveHermitianSynthesis() {
        SplittableRandom rnd = new SplittableRandom(12);
        for (int m = 2; m <= 4096; m *= 2) {
            RealFft fft = new RealFft(m);
            int h = m / 2;
            double[] re = new double[h + 1], im = new double[h + 1];
            for (int k = 0; k <= h; k++) {
                re[k] = 2 * rnd.nextDouble() - 1;
                im[k] = 2 * rnd.nextDouble() - 1;        // bins 0 and M/2: ignored
            }
            double[] want = new double[m];
            for (int n = 0; n < m; n++) {
                double s = re[0] + re[h] * (n % 2 == 0 ? 1 : -1);
                for (int k = 1; k < h; k++) {
                    double a = 2 * Math.PI * (int) (((long) k * n) % m) / m;
                    s += 2 * (re[k] * Math.cos(a) - im[k] * Math.sin(a));
                }
                want[n] = s;
            }
            int count = m == 2 ? 2 : m - 3, from = 2;
            double[] out = new double[from + count + 1];
            out[0] = out[1] = out[from + count] = 7;               // untouched outside [from, from + count)
            fft.inverse(re.clone(), im.clone(), out, from, count);
            double scale = max(want);
            for (int n = 0; n < count; n++) assertEquals(want[n], out[from + n], TOL * scale, "x_" + n + ", M = " + m);
            assertEquals(7, out[0]);
            assertEquals(7, out[1]);
            assertEquals(7, out[from + count]);
        }
    }

    @Test
    void roundTripGivesMTimesTheRow() {
        SplittableRandom rnd = new SplittableRandom(13);
        for (int m : new int[] {2, 8, 256, 2048}) {
            RealFft fft = new RealFft(m);
            int count = Math.max(1, m / 2);
            double[] x = new double[count];
            for (int i = 0; i < count; i++) x[i] = 2 * rnd.nextDouble() - 1;
            double[] re = new double[fft.bins()], im = new double[fft.bins()], back = new double[m];
            fft.forward(x, 0, count, re, im);
            fft.inverse(re, im, back, 0, m);
            for (int n = 0; n < m; n++) assertEquals(n < count ? m * x[n] : 0, back[n], TOL * m, "M = " + m + ", n = " + n);
        }
    }

    @Test
    void badLengthsAreNamed() {
        for (int m : new int[] {0, 1, 3, 6, 1000}) {
            BadInputException e = assertThrows(BadInputException.class, () -> new RealFft(m));
            assertTrue(e.getMessage().contains("M = " + m) && e.getMessage().contains("power of two"), e.getMessage());
        }
        RealFft fft = new RealFft(8);
        assertThrows(IllegalArgumentException.class, () -> fft.forward(new double[9], 0, 9, new double[5], new double[5]));
    }
}
