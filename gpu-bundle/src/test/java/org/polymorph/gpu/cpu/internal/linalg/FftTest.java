package org.polymorph.gpu.cpu.internal.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** FFTs against a naive DFT (angles reduced exactly mod n), float64 at 1e-12 relative to max |X|. */
class FftTest {
    private static final double TOL = 1e-12;
    private final Random rnd = new Random(3);

    private double[] random(int count) {
        return LinalgChecks.random(rnd, count);
    }

    /** Naive DFT bin k of row b: sum_t x[t] exp(sign 2 pi i k t / n), with k t reduced mod n. */
    private static double[] naiveBin(double[] re, double[] im, int b, int n, int k, int sign) {
        double sr = 0;
        double si = 0;
        for (int t = 0; t < n; t++) {
            double angle = sign * 2 * Math.PI * (((long) k * t) % n) / n;
            double c = Math.cos(angle);
            double s = Math.sin(angle);
            sr += re[b * n + t] * c - im[b * n + t] * s;
            si += re[b * n + t] * s + im[b * n + t] * c;
        }
        return new double[] {sr, si};
    }

    private static void assertBin(double[] expected, double re, double im, double scale, String what) {
        double err = Math.hypot(expected[0] - re, expected[1] - im);
        assertTrue(err <= TOL * Math.max(1, scale), what + ": error " + err + " > " + TOL + " * " + scale);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 8, 12, 16, 63, 65, 97, 128, 1000})
    void fftAndIfftMatchNaiveDft(int n) {
        int batch = 3;
        double[] re = random(batch * n);
        double[] im = random(batch * n);
        Fft.Complex f = Fft.fft(re, im, batch, n, false);
        Fft.Complex g = Fft.fft(re, im, batch, n, true);
        for (int b = 0; b < batch; b++) {
            for (int k = 0; k < n; k++) {
                assertBin(naiveBin(re, im, b, n, k, -1), f.re()[b * n + k], f.im()[b * n + k], Math.sqrt(n), "fft n=" + n);
                double[] inv = naiveBin(re, im, b, n, k, +1);
                assertBin(new double[] {inv[0] / n, inv[1] / n}, g.re()[b * n + k], g.im()[b * n + k], 1, "ifft n=" + n);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {100_000, 131_072, 99_991})
    void largeLengthsMatchNaiveBinsAndRoundTrip(int n) {
        double[] re = random(n);
        double[] im = random(n);
        Fft.Complex f = Fft.fft(re, im, 1, n, false);
        double scale = Math.sqrt(n);   // |X| of a random signal is about sqrt(n / 3)
        for (int trial = 0; trial < 12; trial++) {
            int k = trial < 2 ? trial * (n - 1) : rnd.nextInt(n);
            assertBin(naiveBin(re, im, 0, n, k, -1), f.re()[k], f.im()[k], scale, "fft n=" + n + " bin " + k);
        }
        Fft.Complex back = Fft.fft(f.re(), f.im(), 1, n, true);
        for (int t = 0; t < n; t++) {
            assertEquals(re[t], back.re()[t], TOL);
            assertEquals(im[t], back.im()[t], TOL);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 6, 12, 97, 256, 1000})
    void rfftIsTheFirstHalfOfTheComplexSpectrum(int n) {
        int batch = 2;
        double[] x = random(batch * n);
        double[] zeros = new double[batch * n];
        Fft.Complex r = Fft.rfft(x, batch, n);
        int bins = n / 2 + 1;
        assertEquals(batch * bins, r.re().length);
        for (int b = 0; b < batch; b++) {
            for (int k = 0; k < bins; k++) {
                assertBin(naiveBin(x, zeros, b, n, k, -1), r.re()[b * bins + k], r.im()[b * bins + k], Math.sqrt(n), "rfft");
            }
        }
    }

    /** numpy.fft.irfft semantics: bins truncated or zero-padded to n/2+1, Hermitian completion. */
    @ParameterizedTest
    @CsvSource({"1,1", "1,3", "2,2", "3,2", "4,3", "5,3", "8,5", "8,9", "9,5", "12,4", "97,49", "1000,501", "10,2"})
    void irfftMatchesNaiveHermitianInverse(int n, int bins) {
        int batch = 2;
        double[] re = random(batch * bins);
        double[] im = random(batch * bins);
        double[] x = Fft.irfft(re, im, batch, bins, n);
        int used = Math.min(bins, n / 2 + 1);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < n; t++) {
                double s = re[b * bins];
                for (int k = 1; k < used; k++) {
                    double angle = 2 * Math.PI * (((long) k * t) % n) / n;
                    double c = Math.cos(angle);
                    double si = Math.sin(angle);
                    double term = re[b * bins + k] * c - im[b * bins + k] * si;
                    s += 2 * k == n ? re[b * bins + k] * c : 2 * term;
                }
                assertEquals(s / n, x[b * n + t], TOL, "irfft n=" + n + " bins=" + bins + " t=" + t);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 16, 97, 1000})
    void irfftInvertsRfft(int n) {
        double[] x = random(3 * n);
        Fft.Complex r = Fft.rfft(x, 3, n);
        assertArrayEquals(x, Fft.irfft(r.re(), r.im(), 3, n / 2 + 1, n), TOL);
    }

    /** Plans used directly: each of Bluestein, direct and radix-2 against the naive DFT. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 6, 7, 12, 31, 64})
    void everyPlanKindMatchesNaiveDft(int n) {
        double[] re = random(n);
        double[] im = random(n);
        List<FftPlan> plans = new java.util.ArrayList<>(List.of(new BluesteinPlan(n), new DirectPlan(n)));
        if (Integer.bitCount(n) == 1) plans.add(new Radix2Plan(n));
        for (FftPlan plan : plans) {
            double[] r = re.clone();
            double[] i = im.clone();
            plan.forward(r, i, 0, new double[plan.scratchLength()]);
            for (int k = 0; k < n; k++) {
                assertBin(naiveBin(re, im, 0, n, k, -1), r[k], i[k], Math.sqrt(n), plan.getClass().getSimpleName() + " n=" + n);
            }
        }
    }

    @Test
    void knownTransforms() {
        Fft.Complex f = Fft.fft(new double[] {1, 2, 3}, new double[3], 1, 3, false);
        assertEquals(6, f.re()[0], 1e-14);
        assertEquals(-1.5, f.re()[1], 1e-14);
        assertEquals(Math.sqrt(3) / 2, f.im()[1], 1e-14);
        Fft.Complex one = Fft.fft(new double[] {2.5, -1}, new double[] {0.5, 7}, 2, 1, true);
        assertArrayEquals(new double[] {2.5, -1}, one.re(), 0);
        assertArrayEquals(new double[] {0.5, 7}, one.im(), 0);
    }

    @Test
    void emptyAndZeroLengths() {
        assertEquals(0, Fft.fft(new double[0], new double[0], 3, 0, false).re().length);
        assertEquals(0, Fft.fft(new double[0], new double[0], 0, 5, true).im().length);
        Fft.Complex r = Fft.rfft(new double[0], 2, 0);
        assertArrayEquals(new double[2], r.re(), 0);
        assertEquals(0, Fft.rfft(new double[0], 0, 8).re().length);
        assertEquals(0, Fft.irfft(new double[0], new double[0], 0, 3, 4).length);
        assertArrayEquals(new double[4], Fft.irfft(new double[0], new double[0], 1, 0, 4), 0);
    }

    @Test
    void badArgumentsNameTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Fft.fft(new double[6], new double[5], 2, 3, false));
        assertTrue(e.getMessage().contains("fft") && e.getMessage().contains("im"), e.getMessage());
        IllegalArgumentException z = assertThrows(IllegalArgumentException.class,
                () -> Fft.irfft(new double[3], new double[3], 1, 3, 0));
        assertTrue(z.getMessage().contains("n must be >= 1"), z.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Fft.rfft(new double[4], 1, -4));
    }

    @Test
    void concurrentCallsOverManyLengthsAgree() throws Exception {
        int lengths = FftPlans.MAX_PLANS + 20;   // forces evictions while threads race
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Double>> results = new java.util.ArrayList<>();
            for (int rep = 0; rep < 4; rep++) {
                for (int n = 1; n <= lengths; n++) {
                    int len = n * 3 + rep;
                    results.add(pool.submit(() -> roundTripError(len)));
                }
            }
            for (Future<Double> f : results) assertTrue(f.get() < TOL, "round-trip error " + f.get());
        } finally {
            pool.shutdown();
        }
    }

    private static double roundTripError(int n) {
        Random r = new Random(n);
        double[] re = LinalgChecks.random(r, 2 * n);
        double[] im = LinalgChecks.random(r, 2 * n);
        Fft.Complex f = Fft.fft(re, im, 2, n, false);
        Fft.Complex b = Fft.fft(f.re(), f.im(), 2, n, true);
        double err = 0;
        for (int i = 0; i < re.length; i++) err = Math.max(err, Math.abs(re[i] - b.re()[i]) + Math.abs(im[i] - b.im()[i]));
        return err;
    }
}
