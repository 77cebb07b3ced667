package org.polymorph.core.runtime;

import java.util.Arrays;

/** Wall-clock timing helpers for benchmark Methods (System.nanoTime). */
public final class Timing {
    private Timing() { }

    /** Seconds per call of {@code body}, one sample per repeat, after {@code warmup} calls. */
    public static double[] samples(Runnable body, int warmup, int repeats) {
        for (int i = 0; i < warmup; i++) body.run();
        double[] s = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            body.run();
            s[i] = (System.nanoTime() - t0) / 1e9;
        }
        return s;
    }

    public static double best(double[] s) { return Arrays.stream(s).min().orElse(Double.NaN); }

    public static double median(double[] s) {
        double[] c = s.clone();
        Arrays.sort(c);
        int n = c.length;
        return n == 0 ? Double.NaN : (n % 2 == 1 ? c[n / 2] : 0.5 * (c[n / 2 - 1] + c[n / 2]));
    }

    /**
     * Nanoseconds per call of a tiny op: half the budget to warm up, then batches of about 5 ms,
     * the best batch mean of at least five.
     */
    public static double nsPerCall(Runnable body, long budgetMs) {
        long warm = System.nanoTime() + budgetMs * 500_000L;   // half the budget warms the JIT up
        while (System.nanoTime() < warm) for (int i = 0; i < 1000; i++) body.run();
        int batch = 1;
        long t0 = System.nanoTime();
        while (true) {
            long s = System.nanoTime();
            for (int i = 0; i < batch; i++) body.run();
            if (System.nanoTime() - s > 5_000_000 || batch >= 1 << 24) break;
            batch *= 2;
        }
        double best = Double.MAX_VALUE;
        long deadline = t0 + budgetMs * 1_000_000;
        for (int round = 0; round < 5 || System.nanoTime() < deadline && round < 50; round++) {
            long s = System.nanoTime();
            for (int i = 0; i < batch; i++) body.run();
            best = Math.min(best, (System.nanoTime() - s) / (double) batch);
        }
        return best;
    }

    public static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Double.isFinite(v) ? Math.round(v * f) / f : -1;
    }
}
